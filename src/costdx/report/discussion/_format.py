"""How the discussion document writes numbers, dates, people and sources.

Money is written to the unit of currency (``1,632,082 USD``), as costdx prints it
everywhere, so a figure on the page can be found in costdx's own output; totals are
computed before rounding.
"""

from __future__ import annotations

import datetime as dt
import math

from costdx.model import Diagnosis, Driver, Estimate, Source, point_of

__all__ = [
    "NOT_AVAILABLE",
    "SHORT_SOURCE_WORDS",
    "SOURCE_WORDS",
    "capital",
    "date",
    "figure",
    "money",
    "months",
    "number",
    "percent",
    "person",
    "plural",
    "possessive",
    "short_source",
    "source",
    "times",
    "with_unit",
]

NOT_AVAILABLE = "n/a"

SOURCE_WORDS = {
    Source.MEASURED: "measured in {account} data",
    Source.CUSTOMER: "stated by {account}",
    Source.BENCHMARK: "industry benchmark",
    Source.ESTIMATE: "estimate",
}
"""How each source is named, ``{account}`` standing for the customer's name."""

SHORT_SOURCE_WORDS = {
    Source.MEASURED: "measured",
    Source.CUSTOMER: "stated by the customer",
    Source.BENCHMARK: "benchmark",
    Source.ESTIMATE: "estimate",
}


def money(value: float, currency: str) -> str:
    """``1,632,082 USD``; ``n/a`` for a figure that does not exist."""
    return NOT_AVAILABLE if math.isnan(value) else f"{value:,.0f} {currency}"


def number(value: float) -> str:
    """A plain figure: grouped, no more digits than it needs (``1,800``, ``4.5``)."""
    if math.isnan(value):
        return NOT_AVAILABLE
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def percent(value: float, digits: int = 0) -> str:
    """A fraction as a percentage: ``0.735`` → ``74%``."""
    return NOT_AVAILABLE if math.isnan(value) else f"{value:.{digits}%}"


def months(value: float) -> str:
    """``9.7 months``; ``n/a`` where it never comes."""
    return NOT_AVAILABLE if math.isnan(value) else f"{value:.1f} months"


def date(day: dt.date) -> str:
    """``14 October 2026``: unambiguous on both sides of the Atlantic."""
    return f"{day.day} {day:%B %Y}"


_PLURALS = {"criterion": "criteria"}


def plural(count: int, word: str) -> str:
    """``1 problem``, ``4 problems``, ``5 criteria``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {_PLURALS.get(word, word + 's')}"


def possessive(name: str) -> str:
    """``Acme Corp's``, ``Acme Precision Components'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def capital(text: str) -> str:
    """The text with its first letter a capital, the rest as written."""
    return text[:1].upper() + text[1:]


def times(text: str) -> str:
    """A formula as a reader writes it: ``a * b`` → ``a × b``."""
    return text.replace(" * ", " × ").replace("*", "·")


def with_unit(value: float, unit: str) -> str:
    """A driver's figure with its unit: ``8 incident/month``, ``3.2%``, ``6``."""
    if unit == "percent":
        return f"{number(value)}%"
    return number(value) if unit in ("", "1") else f"{number(value)} {times(unit)}"


def figure(spec: float | Estimate, unit: str) -> str:
    """The figure a driver stands at, and its range when it is an estimate:
    ``4.5 hour/incident (3 to 8)``."""
    shown = with_unit(point_of(spec), unit)
    if isinstance(spec, int | float):
        return shown
    return f"{shown} ({number(spec.low)} to {number(spec.high)})"


def person(case: Diagnosis, stakeholder: str | None) -> str:
    """``Grace Obi (Maintenance Lead)``, or the id where no such stakeholder is listed."""
    if stakeholder is None:
        return ""
    for s in case.stakeholders:
        if s.id == stakeholder:
            return f"{s.name} ({s.role})" if s.role else s.name
    return stakeholder


def source(driver: Driver, account: str) -> str:
    """How the driver's source is named in the document."""
    return SOURCE_WORDS[driver.effective_source].format(account=account)


def short_source(driver: Driver) -> str:
    """The source in a word, for notes: ``measured``, ``stated``, ``benchmark``,
    ``estimate``."""
    return SHORT_SOURCE_WORDS[driver.effective_source]
