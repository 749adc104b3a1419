"""Deterministic quantification: the cost of the problem per year and the cost of delay.

Every driver takes its point value (a number, the ``likely`` of PERT/Triangular, the
median of the other estimates), optionally from the Discover-phase ``assumed`` values or
a scenario's overrides; the compiled plan then gives each consequence's annual cost
(recurring, normalised to a year by the case's calendar) or one-time cost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, Literal

from costdx import _display
from costdx.engine import _frames
from costdx.errors import CalculationError, Issue, OptionError
from costdx.lang import CALENDAR_CONSTANTS, Node, evaluate, names, parse, to_text
from costdx.model import (
    Basis,
    Category,
    ConsequenceStep,
    Diagnosis,
    Kind,
    Scenario,
    Source,
    check,
    origin_of,
    point_values,
    replaced_drivers,
    resolve_scenario,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ConsequenceResult",
    "Explanation",
    "Period",
    "Quantification",
    "compare_bases",
    "periods_per_year",
    "quantify",
]

Period = Literal["year", "month", "week", "day", "workday"]


def periods_per_year(calendar: Mapping[str, float], period: str) -> float:
    """How many ``period`` s the case's calendar counts in a year (1 for ``year``).

    >>> periods_per_year({"weeks_per_year": 52.0}, "week")
    52.0
    """
    if period == "year":
        return 1.0
    if period not in CALENDAR_CONSTANTS:
        raise OptionError(f"period must be one of year, month, week, day, workday; not {period!r}")
    return calendar[CALENDAR_CONSTANTS[period]]


@dataclass(frozen=True, slots=True)
class ConsequenceResult:
    """One consequence's quantified cost."""

    id: str
    problem: str
    label: str
    category: Category
    kind: Kind
    annual: float
    """Recurring cost per year (0 for a one-time consequence)."""
    one_time: float
    """One-time cost (0 for a recurring consequence)."""
    source: Source
    """The weakest source among the drivers it rests on."""
    confirmed: bool
    """Whether every driver it rests on was confirmed by a stakeholder."""
    borne_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """The audit trail of one consequence: formula, values substituted, units, result."""

    consequence: str
    formula: str
    substituted: str
    raw_value: float
    raw_unit: str
    kind: Kind
    normalisation: str
    value: float
    unit: str
    derived: tuple[tuple[str, str, str, float, str], ...]
    """For each derived driver used: id, formula, substituted formula, value, unit."""

    def __str__(self) -> str:
        lines = [f"{self.consequence} = {self.formula}"]
        for ident, formula, substituted, value, unit in self.derived:
            lines.append(f"  where {ident} = {formula} = {substituted} = {value:,.6g} {unit}")
        lines.append(f"  = {self.substituted}")
        lines.append(f"  = {_amount(self.raw_value)} {self.raw_unit}")
        if self.normalisation:
            lines.append(f"  {self.normalisation} = {_amount(self.value)} {self.unit}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{escape(str(self))}</pre>"


def _amount(value: float) -> str:
    # cents, unless that would show a small amount as 0.00
    return f"{value:,.2f}" if value == 0 or abs(value) >= 0.01 else f"{value:.3g}"


def _number(value: float) -> str:
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


class Quantification:
    """The deterministic cost of the problem. Built by `quantify`.

    Attributes
    ----------
    case, basis, scenario:
        What was quantified, and how.
    values:
        Every driver's value (inputs and derived, in each driver's own unit) and every
        consequence's annual or one-time cost, by id.
    consequences:
        One `ConsequenceResult` per consequence, in case order.
    warnings:
        The plausibility findings about the case (`costdx.check`), worked out when
        first asked for.
    """

    def __init__(
        self,
        case: Diagnosis,
        *,
        basis: Basis,
        scenario: Scenario | None,
        values: dict[str, float],
    ) -> None:
        self.case = case
        self.basis = basis
        self.scenario = scenario
        self.values = values
        plan = case.plan
        culprit = plan.first_not_finite(values)
        if culprit is not None:
            raise derived_error(case, culprit.id, f"evaluates to {values[culprit.id]}", values)
        # A figure a scenario or the assumed basis puts in place of the diagnosed one is
        # not the one the customer confirmed: what rests on it is unconfirmed, an estimate.
        replaced = replaced_drivers(case, basis, scenario)
        results = []
        for step in plan.consequences:
            value = values[step.id]
            stands_in = bool(step.inputs & replaced)
            cons = case.problems[step.index[0]].consequences[step.index[1]]
            if not math.isfinite(value):
                where = f"problems[{step.index[0]}].consequences[{step.index[1]}]"
                raise CalculationError(
                    f"{_file_line(case, f'{where}.formula')}{where} ({step.id}).formula: "
                    f"{cons.formula!r} evaluates to {value} (a division by zero, or a figure too "
                    f"large?); {_inputs_text(step, values)}"
                )
            recurring = step.kind is Kind.RECURRING
            results.append(
                ConsequenceResult(
                    id=step.id,
                    problem=step.problem,
                    label=cons.label or cons.id,
                    category=cons.category,
                    kind=step.kind,
                    annual=value if recurring else 0.0,
                    one_time=0.0 if recurring else value,
                    source=Source.ESTIMATE if stands_in else step.source,
                    confirmed=step.confirmed and not stands_in,
                    borne_by=cons.borne_by,
                )
            )
        self.consequences: tuple[ConsequenceResult, ...] = tuple(results)
        self._warnings: tuple[Issue, ...] | None = None

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The plausibility findings about the case with the default limits (see
        `costdx.check`): placeholders, percentages written as plain numbers, effort per
        calendar day, implied people and the rest. Empty for a case that raises none."""
        if self._warnings is None:
            self._warnings = tuple(i for i in check(self.case) if i.severity == "warning")
        return self._warnings

    @property
    def currency(self) -> str:
        """The account's currency."""
        return self.case.account.currency

    @property
    def annual_cost(self) -> float:
        """The cost of the problem per year: ``Σ`` recurring consequences, normalised to a year."""
        return math.fsum(c.annual for c in self.consequences)

    @property
    def one_time_cost(self) -> float:
        """The sum of one-time consequences."""
        return math.fsum(c.one_time for c in self.consequences)

    def cost_of_delay(self, period: Period = "month") -> float:
        """The recurring cost of one ``period`` of not acting: ``annual_cost / periods_per_year``.

        >>> import costdx as cdx
        >>> q = cdx.quantify(cdx.load(cdx.example_path()))
        >>> abs(q.cost_of_delay("month") * 12 - q.annual_cost) < 1e-6
        True
        """
        return self.annual_cost / periods_per_year(self.case.plan.calendar, period)

    @property
    def confirmed_share(self) -> float:
        """Share of the annual cost whose every driver has ``confirmed_by`` set (0 to 1)."""
        total = self.annual_cost
        if total == 0:
            return 0.0
        return math.fsum(c.annual for c in self.consequences if c.confirmed) / total

    def explain(self, consequence_id: str) -> Explanation:
        """The audit trail of a consequence: its formula, the values substituted with their
        units, the result in the formula's own unit and its normalisation to a year."""
        plan = self.case.plan
        step = plan.consequence(consequence_id)
        cons = self.case.problems[step.index[0]].consequences[step.index[1]]
        formulas = {s.id: s.written for s in plan.derived}
        derived = []
        seen: set[str] = set()
        pending = [n for n in sorted(names(step.written)) if n in formulas]
        while pending:
            ident = pending.pop(0)
            if ident in seen:
                continue
            seen.add(ident)
            tree = formulas[ident]
            derived.append(
                (
                    ident,
                    plan.drivers[ident].formula or "",
                    self._substitute(tree),
                    self.values[ident],
                    plan.units[ident],
                )
            )
            pending.extend(n for n in sorted(names(tree)) if n in formulas)
        raw = evaluate(step.raw, self.values)
        currency = plan.currency
        unit = f"{currency}/year" if step.kind is Kind.RECURRING else currency
        norm = ""
        if step.annualise:
            factors = " ".join(
                f"× {plan.calendar[c]:g} ({c})" if p == 1 else f"× {plan.calendar[c]:g}^{p} ({c})"
                for c, p in step.annualise
            )
            norm = factors
        return Explanation(
            consequence=step.id,
            formula=cons.formula,
            substituted=self._substitute(step.written),
            raw_value=raw,
            raw_unit=step.raw_unit,
            kind=step.kind,
            normalisation=norm,
            value=self.values[step.id],
            unit=unit,
            derived=tuple(derived),
        )

    def _substitute(self, tree: Node) -> str:
        plan = self.case.plan

        def shown(ident: str) -> str:
            unit = plan.units[ident]
            number = _number(self.values[ident])
            return number if unit == "1" else f"{number} {unit}"

        return to_text(tree, shown)

    # -- frames (pandas is imported only when one is asked for) ------------------------

    def by_consequence(self) -> pd.DataFrame:
        """One row per consequence: problem, category, kind, annual and one-time cost,
        weakest source, whether confirmed."""
        return _frames.by_consequence(self)

    def by_problem(self) -> pd.DataFrame:
        """One row per problem: annual and one-time cost and share of the annual total."""
        return _frames.by_problem(self)

    def by_category(self) -> pd.DataFrame:
        """One row per category (cost, revenue, risk, capital)."""
        return _frames.by_category(self)

    def by_stakeholder(self) -> pd.DataFrame:
        """Cost per stakeholder; a consequence borne by several is split evenly (stated in
        the ``split`` column); consequences borne by nobody form an ``(unassigned)`` row."""
        return _frames.by_stakeholder(self)

    def by_department(self) -> pd.DataFrame:
        """Cost per department, from the even split among the stakeholders who bear it."""
        return _frames.by_department(self)

    def by_source(self) -> pd.DataFrame:
        """How much of the cost rests on measured, customer-stated, benchmark and estimated
        inputs (strongest first); a consequence counts toward its weakest source."""
        return _frames.by_source(self)

    def gaps(self) -> pd.DataFrame:
        """The performance gaps of the symptoms: current, target, gap and relative gap."""
        return _frames.gaps(self)

    def drivers(self) -> pd.DataFrame:
        """Every driver: value used, unit, source, confirmation, estimate range, assumed."""
        return _frames.drivers(self)

    def allocation(self) -> tuple[_frames.Allocation, ...]:
        """Each consequence split evenly among the stakeholders who bear it (one row per
        consequence and bearer; ``(unassigned)`` for a consequence nobody bears)."""
        return _frames.allocation(self)

    def summary(self) -> dict[str, float | str]:
        """The headline figures as a plain dict."""
        return {
            "currency": self.currency,
            "annual_cost": self.annual_cost,
            "one_time_cost": self.one_time_cost,
            "cost_of_delay_per_month": self.cost_of_delay("month"),
            "confirmed_share": self.confirmed_share,
        }

    def __repr__(self) -> str:
        c = self.currency
        return (
            f"<Quantification {self.case.id!r} basis={self.basis}"
            f"{f' scenario={self.scenario.name}' if self.scenario else ''}: "
            f"{self.annual_cost:,.0f} {c}/year, delay {self.cost_of_delay('month'):,.0f} {c}/month,"
            f" one-time {self.one_time_cost:,.0f} {c}, confirmed {self.confirmed_share:.0%}"
            f"{self._warned()}>"
        )

    def _warned(self) -> str:
        count = len(self.warnings)
        return f", {count} warning{'s' if count != 1 else ''}" if count else ""

    def _repr_html_(self) -> str:
        return _display.html(self)


def derived_error(
    case: Diagnosis, ident: str, what: str, values: Mapping[str, Any] | None = None
) -> CalculationError:
    """The error for a derived driver whose value is not finite: ``what`` says how
    (``evaluates to inf``), ``values`` (scalars) adds the values it was computed from."""
    index = next(i for i, driver in enumerate(case.drivers) if driver.id == ident)
    formula = case.drivers[index].formula
    used = ""
    if values is not None:
        shown = sorted(names(parse(formula or "")))
        used = "; from " + ", ".join(f"{name} = {values[name]:g}" for name in shown)
    return CalculationError(
        f"{_file_line(case, f'drivers[{index}].formula')}drivers[{index}] ({ident}).formula: "
        f"{formula!r} {what} (a division by zero, or a figure too large?){used}"
    )


def _file_line(case: Diagnosis, location: str) -> str:
    """``"acme.toml:126: "`` for a case loaded from a file (the line of ``location``, a
    path in the case), else ``""``: the prefix of a message about that place."""
    origin = origin_of(case)
    if origin is None:
        return ""
    line = origin.line(location)
    return f"{origin.file}:{line}: " if line is not None else f"{origin.file}: "


def _inputs_text(step: ConsequenceStep, values: Mapping[str, float]) -> str:
    return "inputs: " + ", ".join(f"{i} = {values[i]:g}" for i in sorted(step.inputs))


def quantify(
    case: Diagnosis, *, basis: Basis = "value", scenario: str | Scenario | None = None
) -> Quantification:
    """Quantify the cost of the problem deterministically.

    ``annual_cost = Σ_c f_c(x) × k_c``, where ``f_c`` is consequence ``c``'s formula over
    the drivers' point values ``x`` and ``k_c`` the calendar factor that normalises its
    unit to money per year (``52`` for ``USD/week``); one-time consequences are summed
    apart.

    Parameters
    ----------
    case:
        A validated diagnosis.
    basis:
        ``"value"`` for the diagnosed values, ``"assumed"`` for the Discover-phase
        assumptions (drivers without one keep their value).
    scenario:
        A scenario name from ``case.scenarios``, or a `Scenario`.

    Examples
    --------
    5 people × 8 hour/(person·week) × 80 USD/hour × 52 week/year = 166,400 USD/year:

    >>> import costdx as cdx
    >>> case = cdx.Diagnosis(
    ...     account=cdx.Account(name="Acme", currency="USD"),
    ...     drivers=[
    ...         cdx.Driver(id="people", value=5, unit="person"),
    ...         cdx.Driver(id="hours", value=8, unit="hour/person/week"),
    ...         cdx.Driver(id="rate", value=80, unit="USD/hour"),
    ...     ],
    ...     problems=[cdx.Problem(
    ...         id="rework", title="Rework",
    ...         symptoms=[cdx.Symptom(id="late_orders")],
    ...         consequences=[cdx.Consequence(id="labour", formula="people * hours * rate")],
    ...     )],
    ... )
    >>> cdx.quantify(case).annual_cost
    166400.0
    """
    chosen = resolve_scenario(case, scenario)
    values = point_values(case, basis=basis, scenario=chosen)
    return Quantification(case, basis=basis, scenario=chosen, values=case.plan.evaluate(values))


def compare_bases(case: Diagnosis, *, scenario: str | Scenario | None = None) -> pd.DataFrame:
    """Discover assumptions against diagnosed reality, per consequence and in total.

    Columns: ``assumed`` (annual or one-time cost on the assumed values), ``diagnosed``
    (on the diagnosed values), ``difference = diagnosed − assumed`` and ``change`` (the
    difference as a share of the assumed figure). The last row, ``total``, adds the
    annual costs; one-time costs have their own ``total_one_time`` row.
    """
    import pandas as pd  # noqa: PLC0415

    diagnosed = quantify(case, basis="value", scenario=scenario)
    assumed = quantify(case, basis="assumed", scenario=scenario)
    rows = []
    for now, then in zip(diagnosed.consequences, assumed.consequences, strict=True):
        a, d = then.annual + then.one_time, now.annual + now.one_time
        rows.append(
            {"consequence": now.id, "problem": now.problem, "kind": str(now.kind),
             "assumed": a, "diagnosed": d}
        )  # fmt: skip
    rows.append(
        {"consequence": "total", "problem": "", "kind": "recurring",
         "assumed": assumed.annual_cost, "diagnosed": diagnosed.annual_cost}
    )  # fmt: skip
    rows.append(
        {"consequence": "total_one_time", "problem": "", "kind": "one-time",
         "assumed": assumed.one_time_cost, "diagnosed": diagnosed.one_time_cost}
    )  # fmt: skip
    frame = pd.DataFrame(rows).set_index("consequence")
    frame["difference"] = frame["diagnosed"] - frame["assumed"]
    frame["change"] = [
        diff / base if base else math.nan
        for diff, base in zip(frame["difference"], frame["assumed"], strict=True)
    ]
    return frame
