"""The value case evaluated: the monthly timeline, cash flows, NPV, ROI, IRR, payback,
the slip cost (value lost per month the start slips), the verdict.

`evaluate` turns a `ValueCase` into an `Evaluation` (one `SolutionResult` per solution,
``do_nothing`` included, each with its monthly `Timeline`); `qualify` judges it against
the customer's targets and the seller's own rule, and says why; `value_of_information`
says which estimate is worth confirming first, in money; `solve_price` finds the highest
investment that keeps a probability target; `decide` puts every alternative on the
customer's decision criteria, and `flip_weights` and `acceptability` say how firm its
ranking is. Once the case is won, `track` sets what was measured after go-live against
the promise (a `Realisation`) and re-forecasts the promise (a `Reforecast`).
"""

from costdx.value._decide import (
    acceptability,
    criterion_values,
    decide,
    flip_weights,
    months_to_full_effect,
    normalise,
)
from costdx.value._evaluate import (
    Evaluation,
    SolutionResult,
    check_simulation,
    evaluate,
    evaluation_of,
    needs_value_case,
    ramp_factors,
    sampled_deal,
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
from costdx.value._reforecast import Outlook, Reforecast
from costdx.value._timeline import (
    MONTHS_PER_YEAR,
    Timeline,
    effect_by_month,
    investment_by_month,
    monthly_timeline,
    year_of_month,
)
from costdx.value._track import STATUSES, TOLERANCE, MeasurementData, Realisation, track

__all__ = [
    "MIN_COST_TO_PRICE",
    "MONTHS_PER_YEAR",
    "STATUSES",
    "TOLERANCE",
    "Decision",
    "Evaluation",
    "MeasurementData",
    "Outlook",
    "PriceSolution",
    "Realisation",
    "Reason",
    "Reforecast",
    "SolutionResult",
    "Timeline",
    "Verdict",
    "acceptability",
    "check_simulation",
    "criterion_values",
    "decide",
    "effect_by_month",
    "evaluate",
    "evaluation_of",
    "evpi",
    "evppi",
    "flip_weights",
    "investment_by_month",
    "monthly_timeline",
    "months_to_full_effect",
    "needs_value_case",
    "noise_floor",
    "normalise",
    "qualify",
    "ramp_factors",
    "sampled_deal",
    "solve_price",
    "track",
    "value_of_information",
    "year_of_month",
]
