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
from typing import TYPE_CHECKING, Literal

from costdx.engine.formula import evaluate, parse, to_text
from costdx.engine.plan import ConsequenceStep, Kind, Plan
from costdx.errors import CostdxError

if TYPE_CHECKING:
    import pandas as pd

    from costdx.model.case import Category, Diagnosis, Driver, Scenario, Source
    from costdx.model.estimates import Estimate

__all__ = [
    "Basis",
    "ConsequenceResult",
    "Explanation",
    "Period",
    "Quantification",
    "compare_bases",
    "driver_spec",
    "point_values",
    "quantify",
    "resolve_scenario",
]

Basis = Literal["value", "assumed"]
Period = Literal["year", "month", "week", "day", "workday"]
_PERIOD_CONSTANT = {
    "month": "months_per_year",
    "week": "weeks_per_year",
    "day": "days_per_year",
    "workday": "workdays_per_year",
}


def resolve_scenario(case: Diagnosis, scenario: str | Scenario | None) -> Scenario | None:
    """The scenario named ``scenario`` in the case (or the one given), checked against it
    as the case checks its own: every override an input driver's, within its bounds."""
    from costdx.model.case import Scenario, _outside  # noqa: PLC0415

    if scenario is None:
        return None
    if isinstance(scenario, Scenario):
        unknown = [k for k in scenario.overrides if k not in case.plan.drivers]
        derived = [
            k for k in scenario.overrides if k in case.plan.drivers and case.plan.drivers[k].derived
        ]
        if unknown or derived:
            bad = (unknown or derived)[0]
            why = "is not a driver of the case" if unknown else "is derived; override its inputs"
            raise CostdxError(f"scenario {scenario.name!r}: override {bad!r} {why}")
        for ident, spec in scenario.overrides.items():
            bounds = case.plan.drivers[ident].bounds
            if bounds is not None and (message := _outside(spec, bounds)):
                raise CostdxError(f"scenario {scenario.name!r}: override {ident!r}: {message}")
        return scenario
    for candidate in case.scenarios:
        if candidate.name == scenario:
            return candidate
    known = ", ".join(repr(s.name) for s in case.scenarios) or "none"
    raise CostdxError(f"unknown scenario {scenario!r}; the case's scenarios are {known}")


def driver_spec(
    driver: Driver, basis: Basis = "value", scenario: Scenario | None = None
) -> float | Estimate | None:
    """What ``driver`` holds on ``basis`` under ``scenario``: the scenario's override, else
    the assumed value (on the assumed basis, where there is one), else the value; ``None``
    for a derived driver."""
    if scenario is not None and driver.id in scenario.overrides:
        return scenario.overrides[driver.id]
    if basis == "assumed" and driver.assumed is not None:
        return driver.assumed
    return driver.value


def point_values(
    case: Diagnosis, *, basis: Basis = "value", scenario: str | Scenario | None = None
) -> dict[str, float]:
    """The point value of every input driver on ``basis``, with a scenario's overrides."""
    from costdx.model.estimates import point_of  # noqa: PLC0415

    if basis not in ("value", "assumed"):
        raise CostdxError(f"basis must be 'value' or 'assumed', not {basis!r}")
    plan: Plan = case.plan
    chosen = resolve_scenario(case, scenario)
    values = {}
    for ident in plan.inputs:
        spec = driver_spec(plan.drivers[ident], basis, chosen)
        assert spec is not None  # an input driver always holds a value
        values[ident] = point_of(spec)
    return values


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
        from html import escape  # noqa: PLC0415

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
        plan: Plan = case.plan
        results = []
        for step in plan.consequences:
            value = values[step.id]
            cons = case.problems[step.index[0]].consequences[step.index[1]]
            if not math.isfinite(value):
                raise CostdxError(
                    f"problems[{step.index[0]}].consequences[{step.index[1]}].formula: "
                    f"{cons.formula!r} evaluates to {value} (a division by zero, or a figure "
                    f"too large?); {_inputs_text(step, values)}"
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
                    source=step.source,
                    confirmed=step.confirmed,
                    borne_by=cons.borne_by,
                )
            )
        self.consequences: tuple[ConsequenceResult, ...] = tuple(results)

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
        if period == "year":
            return self.annual_cost
        if period not in _PERIOD_CONSTANT:
            raise CostdxError(
                f"period must be one of year, month, week, day, workday; not {period!r}"
            )
        plan: Plan = self.case.plan
        return self.annual_cost / plan.calendar[_PERIOD_CONSTANT[period]]

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
        plan: Plan = self.case.plan
        step = plan.consequence(consequence_id)
        cons = self.case.problems[step.index[0]].consequences[step.index[1]]
        tree = parse(cons.formula)
        derived = []
        seen: set[str] = set()
        pending = [n for n in sorted(_names(tree)) if plan.drivers[n].derived]
        while pending:
            ident = pending.pop(0)
            if ident in seen:
                continue
            seen.add(ident)
            formula = plan.drivers[ident].formula or ""
            sub = parse(formula)
            derived.append(
                (ident, formula, self._substitute(sub), self.values[ident], plan.units[ident])
            )
            pending.extend(n for n in sorted(_names(sub)) if plan.drivers[n].derived)
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
            substituted=self._substitute(tree),
            raw_value=raw,
            raw_unit=step.raw_unit,
            kind=step.kind,
            normalisation=norm,
            value=self.values[step.id],
            unit=unit,
            derived=tuple(derived),
        )

    def _substitute(self, tree: object) -> str:
        plan: Plan = self.case.plan

        def shown(ident: str) -> str:
            unit = plan.units[ident]
            number = _number(self.values[ident])
            return number if unit == "1" else f"{number} {unit}"

        return to_text(tree, shown)  # type: ignore[arg-type]

    # -- frames (pandas is imported only when one is asked for) ------------------------

    def by_consequence(self) -> pd.DataFrame:
        """One row per consequence: problem, category, kind, annual and one-time cost,
        weakest source, whether confirmed."""
        from costdx.io.frames import by_consequence  # noqa: PLC0415

        return by_consequence(self)

    def by_problem(self) -> pd.DataFrame:
        """One row per problem: annual and one-time cost and share of the annual total."""
        from costdx.io.frames import by_problem  # noqa: PLC0415

        return by_problem(self)

    def by_category(self) -> pd.DataFrame:
        """One row per category (cost, revenue, risk, capital)."""
        from costdx.io.frames import by_category  # noqa: PLC0415

        return by_category(self)

    def by_stakeholder(self) -> pd.DataFrame:
        """Cost per stakeholder; a consequence borne by several is split evenly (stated in
        the ``split`` column); consequences borne by nobody form an ``(unassigned)`` row."""
        from costdx.io.frames import by_stakeholder  # noqa: PLC0415

        return by_stakeholder(self)

    def by_department(self) -> pd.DataFrame:
        """Cost per department, from the even split among the stakeholders who bear it."""
        from costdx.io.frames import by_department  # noqa: PLC0415

        return by_department(self)

    def by_source(self) -> pd.DataFrame:
        """How much of the cost rests on measured, customer-stated, benchmark and estimated
        inputs (strongest first); a consequence counts toward its weakest source."""
        from costdx.io.frames import by_source  # noqa: PLC0415

        return by_source(self)

    def gaps(self) -> pd.DataFrame:
        """The performance gaps of the symptoms: current, target, gap and relative gap."""
        from costdx.io.frames import gaps  # noqa: PLC0415

        return gaps(self)

    def drivers(self) -> pd.DataFrame:
        """Every driver: value used, unit, source, confirmation, estimate range, assumed."""
        from costdx.io.frames import drivers  # noqa: PLC0415

        return drivers(self)

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
            f" one-time {self.one_time_cost:,.0f} {c}, confirmed {self.confirmed_share:.0%}>"
        )

    def _repr_html_(self) -> str:
        from costdx.io.html import render_quantification  # noqa: PLC0415

        return render_quantification(self)


def _names(tree: object) -> set[str]:
    from costdx.engine.formula import names  # noqa: PLC0415

    return names(tree)  # type: ignore[arg-type]


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
    values = point_values(case, basis=basis, scenario=scenario)
    chosen = resolve_scenario(case, scenario)
    plan: Plan = case.plan
    return Quantification(case, basis=basis, scenario=chosen, values=plan.evaluate(values))


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
