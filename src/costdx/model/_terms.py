"""The vocabulary of a case: sources, categories, the account, people, drivers, problems.

Every model is frozen and forbids unknown keys; collections are tuples. Field-level checks
happen here; checks across the whole case (ids, references, cycles, units) are in
`costdx.model._check`, run when a `Diagnosis` is built.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from costdx.errors import OptionError
from costdx.lang import CURRENCIES, parse
from costdx.model._base import Id, Model
from costdx.model._estimates import Estimate, ValueSpec, point_of
from costdx.model._rates import GROWTH

__all__ = [
    "Account",
    "Bounds",
    "Calendar",
    "Category",
    "Cause",
    "Consequence",
    "Correlation",
    "Driver",
    "Problem",
    "Scenario",
    "Source",
    "Stakeholder",
    "Symptom",
    "Text",
]

Text = Annotated[str, Field(max_length=10_000)]


class Source(StrEnum):
    """Where a number came from, strongest first."""

    MEASURED = "measured"
    """Measured in the customer's own data."""
    CUSTOMER = "customer"
    """Stated by the customer."""
    BENCHMARK = "benchmark"
    """An industry benchmark."""
    ESTIMATE = "estimate"
    """The seller's estimate."""

    @property
    def strength(self) -> int:
        """0 for the strongest (measured) to 3 for the weakest (estimate)."""
        return list(Source).index(self)


class Category(StrEnum):
    """The kind of financial impact a consequence has."""

    COST = "cost"
    REVENUE = "revenue"
    RISK = "risk"
    CAPITAL = "capital"


class Account(Model):
    """The customer organisation; all money in a case is in its one currency."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    industry: Text = ""
    currency: str = "USD"
    """ISO 4217 code, e.g. ``USD``, ``EUR``."""
    annual_revenue: Annotated[float, Field(gt=0)] | None = None
    """The account's revenue a year, in its currency; when given, `costdx.check` warns if
    the cost of the problem is an implausible share of it."""

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, value: str) -> str:
        if value not in CURRENCIES:
            upper = value.upper()
            hint = f"; did you mean {upper!r}?" if upper in CURRENCIES else ""
            raise ValueError(f"{value!r} is not an ISO 4217 currency code{hint}")
        return value


class Stakeholder(Model):
    """A person or role at the customer who owns problems, bears costs, confirms inputs."""

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Text = ""
    department: Text = ""


class Calendar(Model):
    """The business calendar that converts calendar time (spec section 3)."""

    months_per_year: Annotated[float, Field(gt=0, le=1000)] = 12
    weeks_per_year: Annotated[float, Field(gt=0, le=1000)] = 52
    days_per_year: Annotated[float, Field(gt=0, le=1000)] = 365
    workdays_per_year: Annotated[float, Field(gt=0, le=1000)] = 250

    def per_year(self) -> dict[str, float]:
        """The figures by constant name, e.g. ``{"weeks_per_year": 52.0, ...}``."""
        return {name: float(getattr(self, name)) for name in type(self).model_fields}


class Bounds(Model):
    """The range a driver's value must stay in; samples outside it are clipped."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"needs min <= max, got min = {self.min}, max = {self.max}")
        return self

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies within the bounds."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def clip(self, value: float) -> float:
        """``value`` moved to the nearest bound if it lies outside them."""
        if self.min is not None and value < self.min:
            return self.min
        return self.max if self.max is not None and value > self.max else value

    def describe(self) -> str:
        """``[0, 100]``, ``>= 0`` and so on."""
        if self.min is not None and self.max is not None:
            return f"[{self.min:g}, {self.max:g}]"
        if self.min is not None:
            return f">= {self.min:g}"
        return f"<= {self.max:g}" if self.max is not None else "unbounded"

    def outside(self, spec: float | Estimate) -> str | None:
        """Why a number or estimate reaches outside the bounds, or ``None`` if it does not.

        An unbounded estimate (LogNormal90, Normal90) is judged by its point value.

        >>> Bounds(min=0, max=100).outside(120.0)
        '120 is outside the bounds [0, 100]'
        """
        if isinstance(spec, float | int):
            if not self.contains(spec):
                return f"{spec:g} is outside the bounds {self.describe()}"
            return None
        ends = [spec.low, spec.high] if spec.bounded else [spec.point]
        for end in ends:
            if not self.contains(end):
                return f"{spec.dist} reaches {end:g}, outside the bounds {self.describe()}"
        return None


def _check_formula(value: str | None) -> str | None:
    if value is not None:
        parse(value)
    return value


class Driver(Model):
    """A named input: a number or estimate with its provenance, or a formula over drivers.

    Exactly one of ``value`` and ``formula`` is given. A derived driver (``formula``) takes
    its source and confirmation from its inputs.
    """

    id: Id
    label: Text = ""
    value: ValueSpec | None = None
    formula: Annotated[str, Field(max_length=4000)] | None = None
    unit: Annotated[str, Field(max_length=200)] | None = None
    """The value's unit; dimensionless when left out (blank is ``"1"``). For a derived
    driver, left out means the unit its formula gives."""
    source: Source | None = None
    """Where the number came from; ``estimate`` when left out."""
    evidence: Text = ""
    confirmed_by: Id | None = None
    confirmed_on: dt.date | None = None
    assumed: ValueSpec | None = None
    """The Discover-phase assumption, kept beside the diagnosed value."""
    bounds: Bounds | None = None
    """The range the value must stay in; Monte Carlo clips samples to it. A derived driver
    has none: its range follows from its inputs' bounds."""
    growth: GROWTH | None = None
    """Annual growth rate, ``0.03`` or ``"3%"`` a year: the value in year ``y`` of a value
    case is ``value × (1 + growth) ** (y − 1)``. Volumes rise, prices inflate."""

    _check = field_validator("formula")(_check_formula)

    @field_validator("unit")
    @classmethod
    def _blank_is_one(cls, value: str | None) -> str | None:
        # a blank unit is written "1", which a saved case keeps (it leaves out blank text)
        return "1" if value is not None and not value.strip() else value

    @model_validator(mode="after")
    def _shape(self) -> Self:
        problems: list[str] = []
        if (self.value is None) == (self.formula is None):
            problems.append("give exactly one of value and formula")
        if self.formula is not None:
            for name in ("source", "confirmed_by", "confirmed_on", "assumed", "growth", "bounds"):
                if getattr(self, name) is not None:
                    problems.append(f"a derived driver has no {name}: it comes from its inputs")
        if self.confirmed_on is not None and self.confirmed_by is None:
            problems.append("confirmed_on is set but confirmed_by is not")
        if self.bounds is not None:
            for name in ("value", "assumed"):
                spec = getattr(self, name)
                if spec is not None and (message := self.bounds.outside(spec)):
                    problems.append(f"{name} {message}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def derived(self) -> bool:
        """Whether the driver is defined by a formula."""
        return self.formula is not None

    @property
    def estimate(self) -> Estimate | None:
        """The value's estimate, or ``None`` for a point value or a formula."""
        return None if isinstance(self.value, float | int | None) else self.value

    @property
    def effective_source(self) -> Source:
        """The source, ``estimate`` when none is given."""
        return self.source if self.source is not None else Source.ESTIMATE

    def point(self, basis: Literal["value", "assumed"] = "value") -> float:
        """The deterministic value on ``basis`` (the assumed value falls back to the value)."""
        spec = self.assumed if basis == "assumed" and self.assumed is not None else self.value
        if spec is None:
            raise OptionError(f"driver {self.id!r} is derived; its value comes from its formula")
        return point_of(spec)


class Symptom(Model):
    """An observable sign of a problem, optionally a metric with a target: a performance gap."""

    id: Id
    description: Text = ""
    metric: Id | None = None
    """Driver id holding the current value."""
    target: Id | None = None
    """Driver id holding the target or benchmark value."""

    @model_validator(mode="after")
    def _pair(self) -> Self:
        if self.target is not None and self.metric is None:
            raise ValueError("a target needs a metric to compare with")
        return self


class Cause(Model):
    """Why a problem happens."""

    id: Id
    description: Text = ""


class Consequence(Model):
    """One financial-impact line of a problem.

    The formula's unit must reduce to money per time (a recurring cost, normalised to a
    year) or money (a one-time cost).
    """

    id: Id
    label: Text = ""
    formula: Annotated[str, Field(min_length=1, max_length=4000)]
    category: Category = Category.COST
    borne_by: tuple[Id, ...] = ()
    """Stakeholder ids; a consequence borne by several is split evenly among them."""
    causes: tuple[Id, ...] = ()
    """Ids of the problem's causes this consequence flows from."""
    description: Text = ""

    _check = field_validator("formula")(_check_formula)


class Problem(Model):
    """A problem: its symptoms (no indicator, no problem), causes and consequences."""

    id: Id
    title: Annotated[str, Field(min_length=1, max_length=500)]
    description: Text = ""
    owner: Id | None = None
    """Stakeholder id of the problem's owner."""
    symptoms: Annotated[tuple[Symptom, ...], Field(min_length=1)]
    causes: tuple[Cause, ...] = ()
    consequences: Annotated[tuple[Consequence, ...], Field(min_length=1)]


class Correlation(Model):
    """Rank correlation between two estimate drivers, imposed in Monte Carlo."""

    a: Id
    b: Id
    rho: Annotated[float, Field(ge=-1, le=1)]
    """Spearman's rank correlation, strictly between -1 and 1."""

    @field_validator("rho")
    @classmethod
    def _not_perfect(cls, value: float) -> float:
        if abs(value) == 1:
            raise ValueError(
                f"rho = {value:g} makes one driver a function of the other, which sampling "
                "cannot impose; define that one as a derived driver (formula) instead"
            )
        return value


class Scenario(Model):
    """A named set of driver overrides (``conservative``, ``aggressive`` ...)."""

    name: Id
    description: Text = ""
    overrides: dict[Id, ValueSpec] = Field(default_factory=dict)
    internal: bool = False
    """The seller's own working (``"the figures we walked in with"``): documents for the
    customer leave the scenario out, its name, description and overrides alike."""
