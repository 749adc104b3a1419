"""The value case: solutions to a diagnosed problem, over a horizon, at a discount rate.

A `Solution` (ours, a competitor's) invests money and removes a fraction of some
consequences, ramping up after an implementation lag. ``do_nothing`` is always there
implicitly: no investment, nothing removed. The `ValueCase` holds the diagnosis,
the solutions, the horizon, the discount rate and any risk adjustment per source, and
`costdx.evaluate` turns it into cash flows, NPV, ROI, IRR, payback, cost of delay,
affordable investment and a verdict.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, PrivateAttr, field_validator, model_validator

from costdx import _display
from costdx.errors import CaseReferenceError, CaseValidationError, Issue
from costdx.model._base import Id, Model
from costdx.model._case import Diagnosis
from costdx.model._check import Suggestions
from costdx.model._estimates import Estimate, ValueSpec, point_of
from costdx.model._rates import (
    DISCOUNT_RATE,
    MIN_DISCOUNT_RATE,
    SHARE,
    TARGET_ROI,
    percent_figures,
)
from costdx.model._terms import Category, Source, Text

__all__ = ["DO_NOTHING", "MIN_DISCOUNT_RATE", "Address", "InvestmentItem", "Solution", "ValueCase"]

DO_NOTHING = "do_nothing"
"""The id of the implicit alternative: no investment, nothing removed."""


class InvestmentItem(Model):
    """Money the customer spends on a solution.

    ``one_time`` items are paid in ``year`` (0 = up front, at the decision; undiscounted);
    ``recurring`` items are paid every year from ``year`` (default 1) to ``until``
    (default: the horizon), at each year's end.
    """

    label: Annotated[str, Field(min_length=1, max_length=500)]
    amount: Annotated[float, Field(ge=0)]
    """In the account's currency (per year for a recurring item)."""
    kind: Literal["one_time", "recurring"] = "one_time"
    year: Annotated[int, Field(ge=0, le=100)] | None = None
    until: Annotated[int, Field(ge=1, le=100)] | None = None

    @model_validator(mode="after")
    def _years(self) -> Self:
        if self.kind == "recurring" and self.year == 0:
            raise ValueError("a recurring item starts in year 1 or later (year 0 is up front)")
        if self.until is not None and self.kind == "one_time":
            raise ValueError("until applies to recurring items only")
        if self.until is not None and self.until < self.first_year:
            raise ValueError(f"until ({self.until}) is before the first year ({self.first_year})")
        return self

    @property
    def first_year(self) -> int:
        """The year of the (first) payment."""
        if self.year is not None:
            return self.year
        return 0 if self.kind == "one_time" else 1

    def payments(self, horizon: int) -> list[float]:
        """The payments in years ``0 … horizon``; those after the horizon are left out.

        >>> InvestmentItem(label="fee", amount=10.0, kind="recurring", until=2).payments(3)
        [0.0, 10.0, 10.0, 0.0]
        """
        flows = [0.0] * (horizon + 1)
        if self.kind == "one_time":
            if self.first_year <= horizon:
                flows[self.first_year] = self.amount
        else:
            for t in range(self.first_year, min(self.until or horizon, horizon) + 1):
                flows[t] = self.amount
        return flows


class Address(Model):
    """How much of one consequence a solution removes, and how fast.

    ``fraction`` is the share removed at full effect (a number or an estimate). The ramp
    is either ``ramp`` — the fraction of full effect in each year of operation (the last
    figure repeats) — or ``months_to_full``, a straight line from 0 at the start to full
    effect after that many months. Without either, full effect starts at once.
    """

    consequence: Id
    fraction: ValueSpec
    """The share removed at full effect: ``0.6``, ``"60%"``, or an estimate of it."""
    ramp: tuple[SHARE, ...] | None = None
    """The share of full effect in each year of operation: ``[0.5, 1.0]`` or
    ``["50%", "100%"]``."""
    months_to_full: Annotated[int, Field(ge=1, le=600)] | None = None

    _percent = field_validator("fraction", mode="before")(percent_figures)

    @model_validator(mode="after")
    def _one_ramp(self) -> Self:
        if self.ramp is not None and self.months_to_full is not None:
            raise ValueError("give ramp or months_to_full, not both")
        if self.ramp is not None and not self.ramp:
            raise ValueError("ramp needs at least one figure")
        return self

    @property
    def point(self) -> float:
        """The fraction used deterministically."""
        return point_of(self.fraction)

    def effect(self, month: int) -> float:
        """Fraction of full effect in the ``month``-th month of operation (0-based)."""
        if month < 0:
            return 0.0
        if self.ramp is not None:
            return self.ramp[min(month // 12, len(self.ramp) - 1)]
        if self.months_to_full is not None:
            return min(1.0, (month + 1) / self.months_to_full)
        return 1.0


class Solution(Model):
    """One alternative: ours, a competitor's, or a different way of doing it."""

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]
    vendor: Text = ""
    description: Text = ""
    investment: tuple[InvestmentItem, ...] = ()
    addresses: tuple[Address, ...] = ()
    start_month: Annotated[int, Field(ge=0, le=600)] = 0
    """Implementation lag: months after the decision before benefits begin."""


class ValueCase(Model):
    """A diagnosis, its solutions, the horizon and the discount rate.

    ``risk_adjustment`` scales benefits by the weakest source of the consequence they come
    from (``{"benchmark": 0.8}`` counts benchmark-based benefits at 80 %); it is stated in
    every output.
    """

    diagnosis: Diagnosis
    solutions: tuple[Solution, ...] = ()
    horizon_years: Annotated[int, Field(ge=1, le=50)] = 3
    discount_rate: DISCOUNT_RATE = 0.08
    """The yearly discount rate, ``0.08`` or ``"8%"``: from `MIN_DISCOUNT_RATE` (-50 %) to
    1 (100 %)."""
    risk_adjustment: dict[Source, SHARE] = Field(default_factory=dict)
    """The share of benefits counted by the weakest source they rest on:
    ``{ benchmark = 0.8 }`` or ``{ benchmark = "80%" }``."""
    our_solution: Id | None = None
    """The solution being sold (default: the first)."""
    target_roi: TARGET_ROI | None = None
    """ROI the customer requires, ``1.0`` or ``"100%"``; sets the affordable investment.
    Above 10 (1,000 %) only as a percentage string."""
    target_payback_months: Annotated[float, Field(gt=0)] | None = None
    """Payback the customer requires; sets the affordable investment."""

    _consequences: dict[str, Category] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _cross_check(self) -> Self:
        issues: list[Issue] = []
        categories = {c.id: c.category for p in self.diagnosis.problems for c in p.consequences}
        seen: dict[str, int] = {}
        suggest = Suggestions()
        for i, solution in enumerate(self.solutions):
            here = f"solutions[{i}]"
            if solution.id == DO_NOTHING:
                issues.append(
                    Issue(
                        f"{here}.id", f"{DO_NOTHING!r} is implicit; do not list it", "reserved_id"
                    )
                )
            if solution.id in seen:
                issues.append(
                    Issue(
                        f"{here}.id",
                        f"duplicate solution id {solution.id!r}: "
                        f"solutions[{seen[solution.id]}] has it",
                        "duplicate_id",
                    )
                )
            seen.setdefault(solution.id, i)
            addressed: set[str] = set()
            for j, address in enumerate(solution.addresses):
                where = f"{here}.addresses[{j}]"
                cid = address.consequence
                if cid not in categories:
                    issues.append(
                        Issue(
                            f"{where}.consequence",
                            f"unknown consequence {cid!r}{suggest(cid, categories)}",
                            "unknown_reference",
                        )
                    )
                    continue
                if cid in addressed:
                    issues.append(
                        Issue(f"{where}.consequence", f"{cid!r} is addressed twice", "duplicate_id")
                    )
                addressed.add(cid)
                message = _fraction_problem(address.fraction, categories[cid])
                if message:
                    issues.append(Issue(f"{where}.fraction", message, "invalid_value"))
        if self.our_solution is not None and self.our_solution not in seen:
            issues.append(
                Issue(
                    "our_solution",
                    f"unknown solution {self.our_solution!r}; the solutions are "
                    f"{', '.join(map(repr, seen)) or 'none'}",
                    "unknown_reference",
                )
            )
        if issues:
            raise CaseValidationError(issues, title="invalid value case")
        return self

    def __repr__(self) -> str:
        ids = ", ".join(s.id for s in self.solutions) or "none"
        years = f"{self.horizon_years} year{'s' if self.horizon_years != 1 else ''}"
        return (
            f"<ValueCase {self.diagnosis.id!r}: {years} at {self.discount_rate:.1%}; "
            f"solutions {ids} (and {DO_NOTHING})>"
        )

    def _repr_html_(self) -> str:
        return _display.html(self)

    @property
    def ours(self) -> Solution | None:
        """The solution being sold: ``our_solution``, else the first, else ``None``."""
        for solution in self.solutions:
            if solution.id == (self.our_solution or solution.id):
                return solution
        return None

    def solution(self, solution_id: str) -> Solution:
        """The solution with this id (``do_nothing`` included)."""
        if solution_id == DO_NOTHING:
            return Solution(id="do_nothing", name="Do nothing")
        for solution in self.solutions:
            if solution.id == solution_id:
                return solution
        known = ", ".join([DO_NOTHING, *(s.id for s in self.solutions)])
        raise CaseReferenceError(f"no solution {solution_id!r}; the solutions are {known}")


def _fraction_problem(spec: float | Estimate, category: Category) -> str | None:
    ends = [float(spec)] if isinstance(spec, int | float) else [spec.low, spec.high]
    if not isinstance(spec, int | float) and not spec.bounded:
        ends = [spec.point]
    low, high = min(ends), max(ends)
    if low < 0:
        return f"a fraction removed cannot be negative, got {low:g}"
    if category is not Category.REVENUE and high > 1:
        return (
            f"{high:g} would remove {high * 100:,.10g}% of a {category.value} consequence, and a "
            f"solution removes at most all of it; for {high:.10g}% write {high / 100:.10g} or "
            f'"{high:.10g}%"'
        )
    return None
