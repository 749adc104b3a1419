"""What a problem template *is*: a problem with template-local ids, and named drivers.

A template's driver units may hold the placeholder ``{currency}`` (``"{currency}/hour"``),
filled with the account's currency when the template is used. Figures are never
invented: a driver either has a `TypicalRange` citing a real public source, or
its value is left to the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from costdx.errors import CaseReferenceError

if TYPE_CHECKING:
    from costdx.model import Category, Problem

__all__ = ["Template", "TemplateDriver", "TypicalRange"]


@dataclass(frozen=True, slots=True)
class TypicalRange:
    """A typical range for a driver, as a cited public source states it.

    Used as the driver's value (a ``Uniform(low, high)`` estimate, source ``benchmark``)
    when the user gives none, with the citation in the driver's ``evidence``.
    """

    low: float
    high: float
    source: str
    """The publication: author or publisher, title, date."""
    url: str
    """Where to read it."""
    says: str
    """What the source says, in substance, so a reader can check the citation."""

    def evidence(self, unit: str) -> str:
        """The evidence text of a driver whose value is this range."""
        shown = f" {unit}" if unit else ""
        return (
            f"Benchmark, not the customer's figure: range {self.low:g} to {self.high:g}{shown} "
            f"from {self.source} ({self.url}), which says {self.says}. "
            "Replace with the customer's own figure when known."
        )


@dataclass(frozen=True, slots=True)
class TemplateDriver:
    """One named driver of a template (names are local to the template).

    Exactly one kind: an *input* the user supplies (``formula`` and ``typical`` unset), an
    input with a cited `TypicalRange` the user may leave out, a *derived* driver
    (``formula``), or an *indicator*: the metric or target of a symptom, which the
    consequences do not use and which is left out of the case when not given.
    """

    name: str
    label: str
    unit: str = ""
    """May hold ``{currency}``; ``""`` is dimensionless."""
    min: float | None = None
    max: float | None = None
    formula: str | None = None
    typical: TypicalRange | None = None
    guidance: str = ""
    """Where to find the figure. Any number in it is cited (a publication and a URL)."""
    indicator: bool = False

    @property
    def derived(self) -> bool:
        """Whether the driver is defined by a formula."""
        return self.formula is not None

    @property
    def required(self) -> bool:
        """Whether the user must supply a value (no formula, no cited range, used)."""
        return self.formula is None and self.typical is None and not self.indicator

    def unit_in(self, currency: str) -> str:
        """The unit with ``{currency}`` filled in."""
        return self.unit.format(currency=currency)

    @property
    def bounds_text(self) -> str:
        """``[0, 100]``, ``>= 0`` or ``""``."""
        if self.min is not None and self.max is not None:
            return f"[{self.min:g}, {self.max:g}]"
        if self.min is not None:
            return f">= {self.min:g}"
        return f"<= {self.max:g}" if self.max is not None else ""


@dataclass(frozen=True, slots=True)
class Template:
    """A reusable problem: a `Problem` and its named drivers.

    The problem's ids (problem, symptoms, causes, consequences) and the drivers' names
    are local to the template; `costdx.templates.use` prefixes them.
    """

    name: str
    title: str
    category: Category
    """The main kind of impact: cost, revenue, risk or capital."""
    problem: Problem
    drivers: tuple[TemplateDriver, ...]
    counted_units: tuple[str, ...] = field(default=())
    """Counted units beyond costdx's built-in ones that the template's units use."""

    @property
    def description(self) -> str:
        """What the problem is."""
        return self.problem.description

    def driver(self, name: str) -> TemplateDriver:
        """The template driver called ``name``."""
        for candidate in self.drivers:
            if candidate.name == name:
                return candidate
        names = ", ".join(d.name for d in self.drivers)
        raise CaseReferenceError(f"template {self.name!r} has no driver {name!r}; it has {names}")

    @property
    def required(self) -> tuple[TemplateDriver, ...]:
        """The drivers the user must supply."""
        return tuple(d for d in self.drivers if d.required)

    @property
    def benchmarked(self) -> tuple[TemplateDriver, ...]:
        """Inputs with a cited typical range, used when the user gives no value."""
        return tuple(d for d in self.drivers if d.typical is not None)

    @property
    def indicators(self) -> tuple[TemplateDriver, ...]:
        """Symptom metrics and targets the consequences do not use; optional."""
        return tuple(d for d in self.drivers if d.indicator)

    @property
    def derived(self) -> tuple[TemplateDriver, ...]:
        """Drivers computed by a formula."""
        return tuple(d for d in self.drivers if d.derived)

    @property
    def inputs(self) -> tuple[TemplateDriver, ...]:
        """Every driver that takes a value (required, benchmarked, indicators)."""
        return tuple(d for d in self.drivers if not d.derived)

    def describe(self, currency: str = "{currency}") -> str:
        """A plain-text summary: the formulas, the drivers and their units."""
        lines = [f"{self.name}: {self.title} ({self.category.value})", self.description, ""]
        for d in self.derived:
            lines.append(f"  {d.name} = {d.formula}   [{d.unit_in(currency) or '1'}]")
        for c in self.problem.consequences:
            lines.append(f"  {c.id} = {c.formula}   ({c.category.value})")
        lines.append("")
        for d in self.inputs:
            kind = (
                "required"
                if d.required
                else "benchmark default"
                if d.typical is not None
                else "indicator, optional"
            )
            bounds = f", {d.bounds_text}" if d.bounds_text else ""
            lines.append(f"  {d.name} [{d.unit_in(currency) or '1'}{bounds}] {kind}: {d.label}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()
