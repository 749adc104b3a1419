"""The qualify / disqualify verdict: pursue, rework, or walk away, with every reason.

Disqualifying early is honest: if the cost of the problem cannot justify a solution, the
seller should stop. The verdict is:

* ``disqualify`` when the problem is too small for the price (cost of the problem over
  the horizon, discounted, below ``min_cost_to_price`` × the investment's present value)
  or when the solution cannot break even even if it removed all it addresses;
* ``rework`` when it could work but the case is not ready: ROI or payback miss their
  targets, NPV is negative, or too little of the cost rests on customer-confirmed inputs
  (a solution without investment has no ROI or payback to miss: those tests pass);
* ``pursue`` otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from costdx import _display
from costdx.errors import OptionError
from costdx.finance import npv
from costdx.model import ValueCase
from costdx.value._evaluate import Evaluation, evaluate, needs_value_case

__all__ = ["MIN_COST_TO_PRICE", "Reason", "Verdict", "qualify"]

Outcome = Literal["pursue", "rework", "disqualify"]

MIN_COST_TO_PRICE = 3.0
"""The qualify rule's default: the discounted cost of the problem over the horizon must be
at least this many times the present value of the price (the solution's investment)."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One test of the verdict: what was tested, the figure, the threshold, pass or fail."""

    code: str
    passed: bool
    message: str
    severity: Literal["disqualify", "rework"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The verdict and every reason behind it.

    ``thresholds`` holds what the tests were judged against: ``min_cost_to_price``,
    ``min_roi``, ``max_payback_months`` and ``min_confirmed_share`` (``None`` where a
    test was skipped), so a report can restate them.
    """

    outcome: Outcome
    solution: str
    reasons: tuple[Reason, ...]
    thresholds: dict[str, float | None] = field(default_factory=dict, hash=False)

    @property
    def failed(self) -> tuple[Reason, ...]:
        """The tests that failed."""
        return tuple(r for r in self.reasons if not r.passed)

    def __str__(self) -> str:
        lines = [f"{self.outcome.upper()} ({self.solution})"]
        lines += [f"  [{'ok' if r.passed else 'FAIL'}] {r.message}" for r in self.reasons]
        return "\n".join(lines)

    def __repr__(self) -> str:
        failed = ", ".join(r.code for r in self.failed)
        return (
            f"<Verdict {self.outcome} ({self.solution}): "
            f"{len(self.reasons) - len(self.failed)} of {len(self.reasons)} tests passed"
            f"{f'; failed {failed}' if failed else ''}>"
        )

    def _repr_html_(self) -> str:
        return _display.html(self)


def qualify(
    vc: ValueCase,
    *,
    min_cost_to_price: float = MIN_COST_TO_PRICE,
    min_roi: float | None = None,
    max_payback_months: float | None = None,
    min_confirmed_share: float | None = 0.5,
    solution: str | None = None,
    evaluation: Evaluation | None = None,
) -> Verdict:
    """Decide whether to pursue the opportunity, rework the case, or walk away.

    Parameters
    ----------
    min_cost_to_price:
        The discounted cost of the problem over the horizon must be at least this many
        times the present value of the solution's investment.
    min_roi, max_payback_months:
        Targets the solution should meet; by default the value case's ``target_roi``
        and ``target_payback_months``, else 100 % and 24 months.
    min_confirmed_share:
        The share of the annual cost of the problem that must rest on inputs confirmed
        by a customer stakeholder (``None`` skips the test).
    solution:
        The solution judged (default: the case's own, ``our_solution`` or the first).

    Examples
    --------
    >>> import costdx as cdx
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> cdx.qualify(vc).outcome in ("pursue", "rework", "disqualify")
    True
    """
    if not isinstance(vc, ValueCase):
        raise OptionError(needs_value_case("qualify", vc))
    ev = evaluation if evaluation is not None else evaluate(vc)
    if min_roi is None:
        min_roi = vc.target_roi if vc.target_roi is not None else 1.0
    if max_payback_months is None:
        max_payback_months = (
            vc.target_payback_months if vc.target_payback_months is not None else 24.0
        )
    chosen = solution or (vc.ours.id if vc.ours is not None else None)
    if chosen is None or chosen not in ev.solutions:
        raise OptionError(
            f"no solution to judge{f' named {chosen!r}' if chosen else ''}; "
            "add one to the value case"
        )
    res = ev.solutions[chosen]
    c = ev.currency
    reasons: list[Reason] = []
    inv_pv = float(npv(vc.discount_rate, res.investment, t0=True))
    problem = ev.problem_cost_discounted
    horizon = f"{vc.horizon_years} year{'s' if vc.horizon_years != 1 else ''}"
    # Without investment within the horizon, ROI and payback are undefined rather than
    # missed: there is nothing to price against, earn back or pay back.
    free = res.total_investment <= 0
    over = f"cost of the problem over {horizon} ({problem:,.0f} {c}, discounted)"
    reasons.append(
        Reason(
            "cost_to_price",
            True,
            f"{over}; the solution asks no investment within the horizon",
            "disqualify",
        )
        if free
        else Reason(
            "cost_to_price",
            problem / inv_pv >= min_cost_to_price,
            f"{over} is {problem / inv_pv:,.1f}x the investment ({inv_pv:,.0f} {c}, discounted); "
            f"at least {min_cost_to_price:g}x is needed",
            "disqualify",
        )
    )
    bef = res.break_even_fraction
    reasons.append(
        Reason(
            "can_break_even",
            not math.isnan(bef) and bef <= 1,
            f"break-even needs {bef:.0%} of the addressed cost removed"
            if not math.isnan(bef)
            else f"the solution removes no cost within the {horizon}, so it cannot break even",
            "disqualify",
        )
    )
    reasons.append(
        Reason(
            "npv_positive",
            res.npv >= 0,
            f"NPV at {vc.discount_rate:.1%} over {horizon} is {res.npv:,.0f} {c}",
            "rework",
        )
    )
    if free:
        reasons += [
            Reason(
                "roi", True, "ROI does not apply: there is no investment to earn back", "rework"
            ),
            Reason(
                "payback", True, "payback does not apply: there is nothing to pay back", "rework"
            ),
        ]
    else:
        reasons.append(
            Reason(
                "roi",
                res.roi >= min_roi,
                f"ROI is {res.roi:.0%}; target {min_roi:.0%}",
                "rework",
            )
        )
        reasons.append(
            Reason(
                "payback",
                not math.isnan(res.payback_months) and res.payback_months <= max_payback_months,
                f"payback is {res.payback_months:.1f} months; target {max_payback_months:g}"
                if not math.isnan(res.payback_months)
                else f"no payback within {horizon}",
                "rework",
            )
        )
    if min_confirmed_share is not None:
        share = ev.quantification.confirmed_share
        reasons.append(
            Reason(
                "confirmed_share",
                share >= min_confirmed_share,
                f"{share:.0%} of the annual cost rests on customer-confirmed inputs; "
                f"at least {min_confirmed_share:.0%} is needed",
                "rework",
            )
        )
    failed = {r.severity for r in reasons if not r.passed}
    outcome: Outcome = (
        "disqualify" if "disqualify" in failed else "rework" if "rework" in failed else "pursue"
    )
    thresholds: dict[str, float | None] = {
        "min_cost_to_price": min_cost_to_price, "min_roi": min_roi,
        "max_payback_months": max_payback_months, "min_confirmed_share": min_confirmed_share,
    }  # fmt: skip
    return Verdict(outcome, chosen, tuple(reasons), thresholds)
