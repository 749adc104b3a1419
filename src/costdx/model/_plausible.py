"""Plausibility checks: findings about a valid case that a careful analyst would question.

A case can be valid — every unit fits, every id resolves — and still be wrong in the ways
that do the most damage in a value case: a placeholder left at 0, a rate of 5 with unit
``1`` (500 %), effort per calendar day (365 a year, not 250 working days), minutes typed
as hours (a service desk that "costs" 500 people), a driver nothing uses, a source left
out. `check` returns each as an `Issue` with severity ``"warning"``, a stable code, the
driver or consequence it is about and, for a case loaded from a file, the line.

One finding is an error rather than a warning: correlations that no set of drivers can
have together (a rank-correlation matrix that is not positive definite), which would
stop a simulation; `check` finds it before one is run.

Every location is a path in the case file: a diagnosis's parts at the top, a value case's
settings under ``value_case``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import numpy as np
from pint.util import UnitsContainer

from costdx.errors import Issue, UnitError
from costdx.lang import (
    COUNTED_UNITS,
    CURRENCIES,
    Node,
    factors,
    format_dims,
    names,
    parse_unit,
    power_of,
)
from costdx.model._case import Diagnosis
from costdx.model._estimates import point_of
from costdx.model._origin import locate, origin_of
from costdx.model._plan import Kind
from costdx.model._scenarios import point_values
from costdx.model._terms import Driver
from costdx.model._tracking import Tracking, tracking_findings
from costdx.model._value import ValueCase

__all__ = ["CHECKS", "Limits", "check", "correlation_problem"]

CHECKS: dict[str, str] = {
    "placeholder_value": "an input that feeds a consequence is 0: a placeholder left in?",
    "placeholder_evidence": "evidence that reads like a placeholder (TODO, TBD, ?, xxx)",
    "source_missing": "no source given, so the input counts as the seller's estimate",
    "dimensionless_rate": "a driver with unit 1 above 1 that multiplies money, or whose id or "
    "label says rate, share or percent: a percentage written without its unit?",
    "calendar_day_effort": "effort per calendar day (hour/day): 365 days a year, not the "
    "working days",
    "implied_people": "a consequence whose effort is more than a given number of full-time "
    "people work in a year",
    "revenue_share": "the cost of the problem is above a share of the account's revenue",
    "unused_driver": "a driver that no consequence, derived driver or symptom uses",
    "negative_count": "a negative count or effort without bounds that allow it",
    "high_growth": "growth above 100 % a year: a percentage written as a bare number?",
    "high_discount_rate": "a discount rate above the given limit (30 %)",
    "not_positive_definite": "(error) correlations that no set of drivers can have together",
    "not_finite": "(error) a derived driver or consequence that is not a finite number at the "
    "case's own figures (a division by zero, or a figure too large)",
    "before_go_live": "a measurement before the go-live month, left out of the tracking",
    "after_horizon": "a measurement after the horizon's end, left out of the tracking",
    "measurement_unused": "a measurement of a driver that no consequence the solution "
    "addresses uses",
}
"""Every finding `check` can give, by its stable code."""

_PLACEHOLDER = re.compile(
    r"\b(TODO|TBD|TBC|FIXME|XXX+)\b|^\s*(\?+|x+|-+|\.{3}|…|n/?a|none|tba)\s*$", re.IGNORECASE
)
_RATE_WORDS = re.compile(
    r"rate|share|percent|pct|ratio|fraction|proportion|probability|likelihood|yield",
    re.IGNORECASE,
)
_EFFORT = "hour"
_CALENDAR_DAY = re.compile(r"\bdays?\b")


MAX_PEOPLE = 100.0
HOURS_PER_PERSON = 1800.0
MAX_REVENUE_SHARE = 0.10
MAX_DISCOUNT_RATE = 0.30


@dataclass(frozen=True, slots=True)
class Limits:
    """The thresholds of the checks that need one (the keyword arguments of `check`)."""

    max_people: float = MAX_PEOPLE
    """A consequence's effort may be at most what this many full-time people work."""
    hours_per_person: float = HOURS_PER_PERSON
    """The hours one full-time person works in a year (about 45 weeks of 40 hours)."""
    max_revenue_share: float = MAX_REVENUE_SHARE
    """The cost of the problem may be at most this share of the account's revenue."""
    max_discount_rate: float = MAX_DISCOUNT_RATE
    """A discount rate above this is flagged."""


def check(
    case: Diagnosis | ValueCase | Tracking,
    *,
    max_people: float = MAX_PEOPLE,
    hours_per_person: float = HOURS_PER_PERSON,
    max_revenue_share: float = MAX_REVENUE_SHARE,
    max_discount_rate: float = MAX_DISCOUNT_RATE,
) -> list[Issue]:
    """Every plausibility finding about ``case``, in the order of the case.

    Each is an `Issue` with a stable ``code`` (see `CHECKS`), severity ``"warning"``
    (``"error"`` for correlations no set of drivers can have), the id of the driver or
    consequence it is about, and the file and line when the case was loaded from a file.

    Parameters
    ----------
    max_people, hours_per_person:
        ``implied_people`` fires when a consequence's effort hours a year exceed
        ``max_people × hours_per_person`` (default 100 people × 1,800 hours).
    max_revenue_share:
        ``revenue_share`` fires when the cost of the problem a year exceeds this share
        of ``account.annual_revenue`` (default 10 %).
    max_discount_rate:
        ``high_discount_rate`` fires above this rate (default 30 %).

    Examples
    --------
    A rate of 5 with unit ``1`` multiplies the cost by 5 — 500 % — where 5 % was meant:

    >>> import costdx as cdx
    >>> case = cdx.Diagnosis(
    ...     account=cdx.Account(name="A"),
    ...     drivers=[
    ...         cdx.Driver(id="orders", value=1000, unit="order/month", source="measured"),
    ...         cdx.Driver(id="error_rate", value=5, source="measured"),
    ...         cdx.Driver(id="cost", value=40, unit="USD/order", source="customer"),
    ...     ],
    ...     problems=[cdx.Problem(id="p", title="Errors", symptoms=[cdx.Symptom(id="s")],
    ...         consequences=[cdx.Consequence(id="c", formula="orders * error_rate * cost")])],
    ... )
    >>> [issue.code for issue in cdx.check(case)]
    ['dimensionless_rate']
    """
    limits = Limits(max_people, hours_per_person, max_revenue_share, max_discount_rate)
    tracking = case if isinstance(case, Tracking) else None
    vc = tracking.value_case if tracking is not None else case
    diagnosis = vc.diagnosis if isinstance(vc, ValueCase) else vc
    assert isinstance(diagnosis, Diagnosis)
    findings = list(_Checks(diagnosis, limits).run())
    if isinstance(vc, ValueCase):
        findings += _value_case(vc, limits)
    if tracking is not None:
        findings += tracking_findings(tracking)
    return locate(findings, origin_of(case) or origin_of(vc) or origin_of(diagnosis))


def _warning(location: str, message: str, code: str, subject: str = "") -> Issue:
    return Issue(location, message, code, severity="warning", subject=subject)


def _value_case(vc: ValueCase, limits: Limits) -> list[Issue]:
    if vc.discount_rate <= limits.max_discount_rate:
        return []
    return [
        _warning(
            "value_case.discount_rate",
            f"a discount rate of {vc.discount_rate:.1%} a year is above "
            f"{limits.max_discount_rate:.0%}, far above a company's cost of capital (most "
            "use 6 % to 15 %); check that it is the customer's yearly rate",
            "high_discount_rate",
        )
    ]


class _Checks:
    def __init__(self, case: Diagnosis, limits: Limits) -> None:
        self.case = case
        self.plan = case.plan
        self.limits = limits
        self.calendar = self.plan.calendar
        self.counted = frozenset({*COUNTED_UNITS, *case.counted_units})
        self.where = {d.id: f"drivers[{i}]" for i, d in enumerate(case.drivers)}
        self.values = self.plan.evaluate(point_values(case))
        self.feeds: dict[str, list[str]] = {}
        for step in self.plan.consequences:
            for ident in step.inputs:
                self.feeds.setdefault(ident, []).append(step.id)

    def dims(self, ident: str) -> tuple[float, UnitsContainer] | None:
        try:
            unit = parse_unit(self.plan.units[ident], counted=self.case.counted_units)
        except UnitError:  # pragma: no cover - the case validated its units
            return None
        return unit.factor, unit.dims

    def run(self) -> Iterator[Issue]:
        for driver in self.case.drivers:
            yield from self.driver(driver)
        yield from self.unused()
        yield from self.people()
        yield from self.revenue()
        yield from self.correlations()
        yield from self.finite()

    def driver(self, driver: Driver) -> Iterator[Issue]:
        """The findings about one driver, in the order of its keys in a case file."""
        here, ident = self.where[driver.id], driver.id
        if not driver.derived and driver.value is not None:
            yield from self.value(driver, here)
        placeholder = _PLACEHOLDER.search(driver.evidence)
        if placeholder is not None:
            word = (placeholder.group(1) or placeholder.group(2)).strip()
            yield _warning(
                f"{here}.evidence",
                f"the evidence says {word!r}, a placeholder; say where the figure comes from "
                "(a report, a system, a person)",
                "placeholder_evidence",
                ident,
            )

    def value(self, driver: Driver, here: str) -> Iterator[Issue]:
        ident, spec = driver.id, driver.value
        assert spec is not None
        figures = [float(spec)] if isinstance(spec, int | float) else list(spec.params)
        point = point_of(spec)
        if all(f == 0 for f in figures) and ident in self.feeds:
            used = ", ".join(self.feeds[ident][:3]) + (", …" if len(self.feeds[ident]) > 3 else "")
            yield _warning(
                f"{here}.value",
                f"the value is 0, so what rests on it ({used}) comes to nothing: a placeholder "
                "left in? give the customer's figure, or remove the driver if it does not apply",
                "placeholder_value",
                ident,
            )
        unit = self.dims(ident)
        if unit is not None:
            factor, dims = unit
            yield from self.negative(driver, here, figures, dims)
            yield from self.dimensionless(driver, here, point, factor, dims)
            yield from self.calendar_day(driver, here, point, factor, dims)
        if driver.source is None:
            yield _warning(
                f"{here}.source",
                "no source given, so it counts as 'estimate' (the seller's, the weakest); say "
                "where it came from: measured, customer, benchmark or estimate",
                "source_missing",
                ident,
            )
        if driver.growth is not None and driver.growth > 1:
            g = driver.growth
            yield _warning(
                f"{here}.growth",
                f'growth {g:g} is {g:.0%} a year; for {g:g}% write {g / 100:g} or "{g:g}%"',
                "high_growth",
                ident,
            )

    def dimensionless(
        self, driver: Driver, here: str, point: float, factor: float, dims: UnitsContainer
    ) -> Iterator[Issue]:
        if dims or factor != 1.0 or point <= 1:
            return
        wording = _RATE_WORDS.search(f"{driver.id} {driver.label}")
        if driver.id not in self.feeds and wording is None:
            return
        why = (
            f"its {'id' if wording.group(0) in driver.id else 'label'} says "
            f"{wording.group(0).lower()!r}"
            if wording is not None
            else "it multiplies the cost"
        )
        yield _warning(
            f"{here}.unit",
            f"{point:g} with unit 1 is {point * 100:,.6g} % ({why}); if {point:g} % is meant, "
            f'write unit = "percent" (or value = {point / 100:g}); if it counts something, '
            "give it that unit",
            "dimensionless_rate",
            driver.id,
        )

    def calendar_day(
        self, driver: Driver, here: str, point: float, factor: float, dims: UnitsContainer
    ) -> Iterator[Issue]:
        if power_of(dims, _EFFORT) <= 0 or power_of(dims, "day") >= 0:
            return
        written = driver.unit or ""
        per_workday = _CALENDAR_DAY.sub("workday", written)
        days, workdays = self.calendar["days_per_year"], self.calendar["workdays_per_year"]
        yearly = format_dims(dims * UnitsContainer({"day": 1}))
        base = point * factor
        yield _warning(
            f"{here}.unit",
            f"{point:g} {written} counts {days:g} calendar days a year: {base * days:,.6g} "
            f"{yearly} a year; per working day write unit = {per_workday!r}, which gives "
            f"{base * workdays:,.6g} {yearly} a year at {workdays:g} workdays (calendar days "
            f"count {days / workdays - 1:.0%} more)",
            "calendar_day_effort",
            driver.id,
        )

    def negative(
        self, driver: Driver, here: str, figures: list[float], dims: UnitsContainer
    ) -> Iterator[Issue]:
        counted = [n for n in dims if power_of(dims, n) > 0 and (n in self.counted or n == _EFFORT)]
        low = min(figures)
        floor = driver.bounds.min if driver.bounds is not None else None
        if not counted or low >= 0 or (floor is not None and floor < 0):
            return
        yield _warning(
            f"{here}.value",
            f"{low:g} {driver.unit}: a count ({counted[0]}) cannot be negative; give a "
            "positive figure, or bounds with a negative min if a negative one is meant",
            "negative_count",
            driver.id,
        )

    def unused(self) -> Iterator[Issue]:
        formulas = {s.id: names(s.written) for s in self.plan.derived}
        reached: set[str] = set()
        pending = [n for c in self.plan.consequences for n in names(c.written)]
        pending += [
            ident
            for problem in self.case.problems
            for symptom in problem.symptoms
            for ident in (symptom.metric, symptom.target)
            if ident is not None
        ]
        while pending:
            ident = pending.pop()
            if ident not in reached:
                reached.add(ident)
                pending.extend(formulas.get(ident, ()))
        for driver in self.case.drivers:
            if driver.id not in reached:
                yield _warning(
                    self.where[driver.id],
                    "nothing uses this driver: no consequence, derived driver or symptom; use "
                    "it in a formula, or remove it",
                    "unused_driver",
                    driver.id,
                )

    def rate(self, ident: str) -> float | None:
        """The value of ``ident`` in money per effort hour, if it is such a rate."""
        unit = self.dims(ident)
        if unit is None:
            return None
        factor, dims = unit
        money = [n for n in dims if n in CURRENCIES]
        if len(money) != 1 or power_of(dims, money[0]) != 1 or power_of(dims, _EFFORT) != -1:
            return None
        return self.values[ident] * factor

    def people(self) -> Iterator[Issue]:
        derived = {s.id: s.written for s in self.plan.derived}
        limit = self.limits.max_people * self.limits.hours_per_person
        for step in self.plan.consequences:
            if step.kind is not Kind.RECURRING:
                continue
            found = _expanded(factors(step.written), derived)
            rates = [(i, r) for i, p in found.items() if p == 1 and (r := self.rate(i))]
            annual = self.values[step.id]
            if len(rates) != 1 or not math.isfinite(annual):
                continue
            ident, rate = rates[0]
            hours = abs(annual / rate)
            if hours <= limit:
                continue
            people = hours / self.limits.hours_per_person
            i, j = step.index
            yield _warning(
                f"problems[{i}].consequences[{j}].formula",
                f"this consequence implies {people:,.0f} full-time people: {hours:,.0f} hours "
                f"a year at {ident} = {self.values[ident]:,.6g} {self.plan.units[ident]}, "
                f"{self.limits.hours_per_person:,.0f} hours each (more than "
                f"{self.limits.max_people:,.0f}); check the time per unit (minute or hour?) "
                "and the volumes",
                "implied_people",
                step.id,
            )

    def revenue(self) -> Iterator[Issue]:
        revenue = self.case.account.annual_revenue
        if revenue is None:
            return
        annual = math.fsum(
            self.values[s.id] for s in self.plan.consequences if s.kind is Kind.RECURRING
        )
        share = annual / revenue
        if not math.isfinite(share) or share <= self.limits.max_revenue_share:
            return
        c = self.case.account.currency
        yield _warning(
            "account.annual_revenue",
            f"the cost of the problem, {annual:,.0f} {c} a year, is {share:.0%} of the "
            f"account's revenue of {revenue:,.0f} {c} (more than "
            f"{self.limits.max_revenue_share:.0%}); a CFO will not believe it without "
            "checking volumes, rates and units",
            "revenue_share",
        )

    def finite(self) -> Iterator[Issue]:
        """Where the case's own figures give no finite number: the derived driver where it
        began (the consequences that use it follow from it), else each consequence. Every
        command that computes would stop there."""
        culprit = self.plan.first_not_finite(self.values)
        if culprit is not None:
            here = self.where[culprit.id]
            formula = self.plan.drivers[culprit.id].formula
            yield Issue(
                f"{here}.formula",
                f"{formula!r} evaluates to {self.values[culprit.id]} at the case's own figures "
                "(a division by zero, or a figure too large?)",
                "not_finite",
                subject=culprit.id,
            )
            return
        for step in self.plan.consequences:
            value = self.values[step.id]
            if not math.isfinite(value):
                i, j = step.index
                formula = self.case.problems[i].consequences[j].formula
                yield Issue(
                    f"problems[{i}].consequences[{j}].formula",
                    f"{formula!r} evaluates to {value} at the case's own figures (a division "
                    "by zero, or a figure too large?)",
                    "not_finite",
                    subject=step.id,
                )

    def correlations(self) -> Iterator[Issue]:
        problem = correlation_problem(self.case)
        if problem is not None:
            yield Issue("correlations", problem, "not_positive_definite")


def _expanded(found: dict[str, int], derived: dict[str, Node]) -> dict[str, int]:
    """Factors with each derived driver that is itself a product replaced by its factors,
    so that a rate inside a derived driver (``crew * operator_rate``) is found."""
    out: dict[str, int] = {}
    pending = list(found.items())
    seen: set[str] = set()
    while pending:
        ident, power = pending.pop()
        tree = derived.get(ident)
        inner = factors(tree) if tree is not None and ident not in seen else {}
        if inner:
            seen.add(ident)
            pending += [(k, p * power) for k, p in inner.items()]
        else:
            out[ident] = out.get(ident, 0) + power
    return {k: p for k, p in out.items() if p}


def correlation_problem(case: Diagnosis, varying: Collection[str] | None = None) -> str | None:
    """Why the case's rank correlations cannot hold together, or ``None``.

    The matrix over the correlated estimate drivers must be positive definite (the
    Cholesky factor that the copula and Iman–Conover impose them with must exist).
    ``varying`` names the drivers that vary in a run (a basis or scenario may pin some to
    a number, and their correlations fall away); by default every estimate driver.
    """
    if varying is None:
        varying = {d.id for d in case.drivers if d.estimate is not None}
    active = [c for c in case.correlations if c.a in varying and c.b in varying]
    if not active:
        return None
    ids = sorted({c.a for c in active} | {c.b for c in active})
    index = {ident: k for k, ident in enumerate(ids)}
    matrix = np.eye(len(ids))
    for corr in active:
        matrix[index[corr.a], index[corr.b]] = matrix[index[corr.b], index[corr.a]] = corr.rho
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        pairs = ", ".join(f"{c.a}~{c.b} = {c.rho:g}" for c in active)
        return (
            f"the correlations ({pairs}) cannot hold together: their matrix is not positive "
            "definite, so no set of drivers can have them all and a simulation would stop; "
            "weaken some of them"
        )
    return None
