"""The value case evaluated: the monthly timeline, cash flows, NPV, ROI, IRR, payback,
the slip cost (value lost per month the start slips), the verdict.

`evaluate` turns a `ValueCase` into an `Evaluation` (one `SolutionResult` per solution,
``do_nothing`` included, each with its monthly `Timeline`); `qualify` judges it against
the customer's targets and the seller's own rule, and says why; `value_of_information`
says which estimate is worth confirming first, in money; `solve_price` finds the highest
investment that keeps a probability target.
"""

from costdx.value._evaluate import (
    Evaluation,
    SolutionResult,
    check_simulation,
    evaluate,
    needs_value_case,
    ramp_factors,
)
from costdx.value._information import (
    Decision,
    evpi,
    evppi,
    noise_floor,
    value_of_information,
)
from costdx.value._price import PriceSolution, solve_price
from costdx.value._qualify import MIN_COST_TO_PRICE, Reason, Verdict, qualify
from costdx.value._timeline import (
    MONTHS_PER_YEAR,
    Timeline,
    effect_by_month,
    investment_by_month,
    monthly_timeline,
    year_of_month,
)

__all__ = [
    "MIN_COST_TO_PRICE",
    "MONTHS_PER_YEAR",
    "Decision",
    "Evaluation",
    "PriceSolution",
    "Reason",
    "SolutionResult",
    "Timeline",
    "Verdict",
    "check_simulation",
    "effect_by_month",
    "evaluate",
    "evpi",
    "evppi",
    "investment_by_month",
    "monthly_timeline",
    "needs_value_case",
    "noise_floor",
    "qualify",
    "ramp_factors",
    "solve_price",
    "value_of_information",
    "year_of_month",
]
