"""The value case evaluated: cash flows, NPV, ROI, IRR, payback, cost of delay, the verdict.

`evaluate` turns a `ValueCase` into an `Evaluation` (one `SolutionResult` per solution,
``do_nothing`` included); `qualify` judges it against the customer's targets and the
seller's own rule, and says why; `value_of_information` says which estimate is worth
confirming first, in money; `solve_price` finds the highest investment that keeps a
probability target.
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

__all__ = [
    "MIN_COST_TO_PRICE",
    "Decision",
    "Evaluation",
    "PriceSolution",
    "Reason",
    "SolutionResult",
    "Verdict",
    "check_simulation",
    "evaluate",
    "evpi",
    "evppi",
    "needs_value_case",
    "noise_floor",
    "qualify",
    "ramp_factors",
    "solve_price",
    "value_of_information",
]
