"""The value case evaluated: the monthly timeline, cash flows, NPV, ROI, IRR, payback,
the slip cost (value lost per month the start slips), the verdict.

`evaluate` turns a `ValueCase` into an `Evaluation` (one `SolutionResult` per solution,
``do_nothing`` included, each with its monthly `Timeline`); `qualify` judges it against
the customer's targets and the seller's own rule, and says why.
"""

from costdx.value._evaluate import (
    Evaluation,
    SolutionResult,
    check_simulation,
    evaluate,
    ramp_factors,
)
from costdx.value._qualify import Reason, Verdict, qualify
from costdx.value._timeline import (
    MONTHS_PER_YEAR,
    Timeline,
    effect_by_month,
    investment_by_month,
    monthly_timeline,
    year_of_month,
)

__all__ = [
    "MONTHS_PER_YEAR",
    "Evaluation",
    "Reason",
    "SolutionResult",
    "Timeline",
    "Verdict",
    "check_simulation",
    "effect_by_month",
    "evaluate",
    "investment_by_month",
    "monthly_timeline",
    "qualify",
    "ramp_factors",
    "year_of_month",
]
