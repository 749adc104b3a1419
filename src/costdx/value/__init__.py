"""The value case evaluated: cash flows, NPV, ROI, IRR, payback, cost of delay, the verdict.

`evaluate` turns a `ValueCase` into an `Evaluation` (one `SolutionResult` per solution,
``do_nothing`` included); `qualify` judges it against the customer's targets and the
seller's own rule, and says why.
"""

from costdx.value._evaluate import (
    Evaluation,
    SolutionResult,
    check_simulation,
    evaluate,
    needs_value_case,
    ramp_factors,
)
from costdx.value._qualify import Reason, Verdict, qualify

__all__ = [
    "Evaluation",
    "Reason",
    "SolutionResult",
    "Verdict",
    "check_simulation",
    "evaluate",
    "needs_value_case",
    "qualify",
    "ramp_factors",
]
