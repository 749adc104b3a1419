"""Units: costdx's own small pint registry and the business calendar.

The registry (spec section 3) knows:

* **calendar time** — ``year``, ``month``, ``week``, ``day``, ``workday``. Each is a base
  unit of its own in pint; costdx converts between them with the *case's* calendar
  (1 year = 12 month = 52 week = 365 day = 250 workday by default), so the figures can be
  set per case and appear as named constants in the Excel report.
* **effort time** — ``hour``, ``minute``, ``second``: one dimension of their own, which
  cancels against rates (``USD/hour``) but never converts to calendar time silently.
* **money** — every ISO 4217 currency code as its own dimension; a case uses its
  account's currency only.
* **counted things** — ``order``, ``ticket``, ``person``, ``FTE`` ... each its own
  dimension, so ``USD/order × ticket/year`` is an error. A case may declare more in
  ``counted_units``.
* a few physical quantities (``kWh``, ``kg``, ``tonne``, ``litre``, ``km``) and
  ``percent`` (0.01, dimensionless).

Units are parsed by pint into a scale factor and a container of base units
(`ParsedUnit`); the rest of costdx works with those containers.

>>> u = parse_unit("minute/ticket")
>>> round(u.factor, 6), format_dims(u.dims)
(0.016667, 'hour/ticket')
>>> calendar_terms(parse_unit("hour/week").dims, parse_unit("hour/year").dims)
(('weeks_per_year', 1),)
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import pint
from pint.util import UnitsContainer

from costdx.errors import UnitError

__all__ = [
    "CALENDAR_CONSTANTS",
    "CALENDAR_UNITS",
    "COUNTED_UNITS",
    "CURRENCIES",
    "DIMENSIONLESS",
    "ParsedUnit",
    "calendar_terms",
    "calendar_value",
    "compatible",
    "currency_dims",
    "format_dims",
    "parse_unit",
    "per_year_dims",
    "power_of",
    "time_exponent",
]

CALENDAR_UNITS: tuple[str, ...] = ("year", "month", "week", "day", "workday")
"""Calendar time units, converted to one another by the case's calendar."""

CALENDAR_CONSTANTS: dict[str, str] = {
    "month": "months_per_year",
    "week": "weeks_per_year",
    "day": "days_per_year",
    "workday": "workdays_per_year",
}
"""The calendar figure that converts each calendar unit to years."""

COUNTED_UNITS: tuple[str, ...] = (
    "order", "ticket", "person", "FTE", "employee", "customer", "user", "unit", "item",
    "part", "batch", "incident", "defect", "claim", "invoice", "shipment", "call", "visit",
    "hire", "machine", "site", "project", "contract", "quote", "return", "event", "task",
    "transaction", "document", "case", "job", "line", "pallet", "vehicle", "trip", "patient",
    "account", "deal", "lead", "device", "license", "server", "request",
)  # fmt: skip
"""Counted things known to every case; each is its own dimension."""

# Active ISO 4217 codes (https://www.iso.org/iso-4217-currency-codes.html), plus XAU etc. left out.
CURRENCIES: frozenset[str] = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
    GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS
    KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
    MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
    TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG""".split()
)
"""ISO 4217 currency codes accepted as an account currency."""

DIMENSIONLESS = UnitsContainer({})

_DEFINITIONS = [
    "year = [year] = _ = yr",
    "month = [month] = _ = mo",
    "week = [week] = _ = wk",
    "day = [day] = _ = d",
    "workday = [workday] = _ = business_day",
    "hour = [effort] = h = hr",
    "minute = hour / 60 = _ = min",
    "second = minute / 60 = s = sec",
    "percent = 0.01 = % = pct",
    "kWh = [energy] = _ = kilowatt_hour",
    "MWh = 1000 * kWh",
    "Wh = kWh / 1000",
    "kg = [mass] = _ = kilogram",
    "tonne = 1000 * kg = t",
    "litre = [volume] = l = liter",
    "km = [distance] = _ = kilometre = kilometer",
    "mile = 1.609344 * km",
]

_BUILTIN_BASES: frozenset[str] = frozenset(
    {*CALENDAR_UNITS, "hour", "kWh", "kg", "litre", "km", *COUNTED_UNITS, *CURRENCIES}
)
_COUNTED_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_MAX_UNIT_LENGTH = 200
_lock = threading.Lock()


def _build_registry() -> Any:
    registry: Any = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
    for line in _DEFINITIONS:
        registry.define(line)
    aliases = {"person": " = _ = people", "FTE": " = _ = fte"}
    for name in COUNTED_UNITS:
        registry.define(f"{name} = [{name}]{aliases.get(name, '')}")
    for code in sorted(CURRENCIES):
        registry.define(f"{code} = [currency_{code}]")
    return registry


@functools.cache
def _registry() -> Any:
    """The registry, built on first use (about 40 ms), not when costdx is imported."""
    return _build_registry()


@dataclass(frozen=True, slots=True)
class ParsedUnit:
    """A unit as written, its scale to base units and its base-unit container.

    ``value_in_base = value × factor`` (``percent`` has factor 0.01, ``minute`` 1/60 hour).
    """

    text: str
    factor: float
    dims: UnitsContainer


def _known_names() -> list[str]:
    return sorted({*_BUILTIN_BASES, "minute", "second", "percent", "MWh", "Wh", "tonne", "mile"})


def ensure_counted(name: str) -> None:
    """Make a counted unit known to the registry (idempotent).

    Raises
    ------
    UnitError
        If the name is not a plain word or clashes with a unit of another kind.
    """
    if not _COUNTED_PATTERN.match(name):
        raise UnitError(f"counted unit {name!r} must be a word of letters, digits and _")
    if name in _BUILTIN_BASES and name not in COUNTED_UNITS:
        # hour, week, USD, kg ... are base units of their own kind, not counted things
        raise UnitError(f"counted unit {name!r} is already a unit of another kind")
    with _lock:
        try:
            registry = _registry()
            root = registry.get_root_units(name)[1]._units if name in registry else None
        except ValueError:  # pint reads "nan" as a number, not a unit name
            raise UnitError(f"counted unit {name!r} reads as a number, not a name") from None
        if root is not None:
            if dict(root) != {name: 1}:
                raise UnitError(
                    f"counted unit {name!r} is already a unit of another kind "
                    f"(it reads as {format_dims(root)})"
                )
            return
        _registry().define(f"{name} = [{name}]")
    _parse_cached.cache_clear()


def parse_unit(text: str | None, *, counted: Iterable[str] = ()) -> ParsedUnit:
    """Parse a unit expression such as ``"hour/(person*week)"`` or ``"percent"``.

    ``None``, ``""`` and ``"1"`` are dimensionless. ``counted`` names the case's own
    counted units; any other unit not in costdx's registry is an error.

    Raises
    ------
    UnitError
        Naming the unknown unit and the closest known ones.

    >>> parse_unit("USD/hour").dims == parse_unit("USD / hours").dims
    True
    """
    if text is None or not text.strip():
        return ParsedUnit("1", 1.0, DIMENSIONLESS)
    if len(text) > _MAX_UNIT_LENGTH:
        raise UnitError(f"unit is {len(text)} characters long; the limit is {_MAX_UNIT_LENGTH}")
    allowed = frozenset(counted)
    for name in allowed:
        if name not in _BUILTIN_BASES:
            ensure_counted(name)
    parsed = _parse_cached(text.strip())
    extra = [name for name in parsed.dims if name not in _BUILTIN_BASES and name not in allowed]
    if extra:
        raise UnitError(
            f"unknown unit {extra[0]!r} in {text!r}; declare it in the case's counted_units "
            "if it is a counted thing"
        )
    return parsed


@lru_cache(maxsize=16384)
def _parse_cached(text: str) -> ParsedUnit:
    if any(ch in text for ch in "\"'`;\\[]{}"):
        raise UnitError(f"unit {text!r} contains characters a unit cannot have")
    try:
        registry = _registry()
        unit = registry.parse_units(text)
        factor, root = registry.get_root_units(unit)
    except pint.errors.UndefinedUnitError as exc:
        unknown = str(exc.unit_names[0] if isinstance(exc.unit_names, tuple) else exc.unit_names)
        raise UnitError(f"unknown unit {unknown!r} in {text!r}{_unknown_hint(unknown)}") from None
    except (pint.errors.PintError, SyntaxError, TypeError, ValueError, AttributeError) as exc:
        raise UnitError(f"cannot read unit {text!r}: {exc}") from None
    dims: UnitsContainer = root._units
    return ParsedUnit(text, float(factor), dims)


def _edits(a: str, b: str) -> int:
    """The optimal string alignment distance: insertions, deletions, substitutions and
    swaps of neighbours (``mintue`` is one edit from ``minute``)."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _unknown_hint(unknown: str) -> str:
    """``did you mean`` for a near miss of a known unit (one edit, two in a longer word);
    otherwise the way to declare a counted thing of the case's own.

    >>> _unknown_hint("mintue")
    "; did you mean 'minute'?"
    >>> _unknown_hint("breach")
    "; if it is a counted thing, add 'breach' to the case's counted_units"
    """
    allowed = 1 if len(unknown) <= 4 else 2
    lowered = unknown.lower()

    def distance(name: str) -> tuple[int, int]:  # ignoring case first, then with it
        return _edits(lowered, name.lower()), _edits(unknown, name)

    close = sorted((n for n in _known_names() if distance(n)[0] <= allowed), key=distance)
    close = [n for n in close if distance(n) == distance(close[0])]  # the nearest only
    if close:
        return f"; did you mean {' or '.join(repr(c) for c in close[:3])}?"
    return f"; if it is a counted thing, add {unknown!r} to the case's counted_units"


def power_of(dims: UnitsContainer, name: str) -> float:
    """The exponent of base unit ``name`` in ``dims`` (0 when absent)."""
    return float(cast(float, dims[name]))


def powers(dims: UnitsContainer) -> list[tuple[str, float]]:
    """``(name, exponent)`` for every base unit in ``dims``."""
    return [(name, power_of(dims, name)) for name in dims]


@lru_cache(maxsize=8192)
def time_exponent(dims: UnitsContainer) -> float:
    """The total power of calendar time in ``dims`` (``USD/week`` → -1)."""
    return sum(power_of(dims, name) for name in CALENDAR_UNITS if name in dims)


@lru_cache(maxsize=8192)
def _without_time(dims: UnitsContainer) -> UnitsContainer:
    return dims.remove([name for name in CALENDAR_UNITS if name in dims])


@lru_cache(maxsize=8192)
def compatible(a: UnitsContainer, b: UnitsContainer) -> bool:
    """Whether ``a`` converts to ``b`` by the calendar (same dimension apart from which
    calendar unit measures time)."""
    if a == b:
        return True
    return _without_time(a) == _without_time(b) and time_exponent(a) == time_exponent(b)


@lru_cache(maxsize=8192)
def calendar_terms(source: UnitsContainer, target: UnitsContainer) -> tuple[tuple[str, int], ...]:
    """The calendar constants that turn a value in ``source`` into one in ``target``.

    With ``P_u`` the number of ``u`` per year, a value converts as
    ``value_target = value_source × Π_u P_u ** (e_target[u] − e_source[u])``.
    The caller has checked `compatible`.

    >>> calendar_terms(parse_unit("USD/month").dims, parse_unit("USD/week").dims)
    (('months_per_year', 1), ('weeks_per_year', -1))
    """
    terms = []
    for name, constant in CALENDAR_CONSTANTS.items():
        power = power_of(target, name) - power_of(source, name)
        if power:
            if not power.is_integer():
                raise UnitError(f"cannot convert a fractional power of {name}")
            terms.append((constant, int(power)))
    return tuple(terms)


def calendar_value(terms: Iterable[tuple[str, int]], calendar: Mapping[str, float]) -> float:
    """The product ``Π calendar[name] ** power`` for the case's calendar figures."""
    value = 1.0
    for name, power in terms:
        value *= float(calendar[name]) ** power
    return value


def currency_dims(currency: str) -> UnitsContainer:
    """The container of one unit of ``currency``."""
    return UnitsContainer({currency: 1})


def per_year_dims(currency: str) -> UnitsContainer:
    """The container of ``currency/year``."""
    return UnitsContainer({currency: 1, "year": -1})


def currencies_in(dims: UnitsContainer) -> list[str]:
    """The currency codes that occur in ``dims``."""
    return [name for name in dims if name in CURRENCIES]


def format_dims(dims: UnitsContainer) -> str:
    """A readable unit: ``USD/year``, ``hour/(person*week)``, ``1`` for dimensionless.

    >>> format_dims(parse_unit("USD * hour**-1 * person**-1").dims)
    'USD/(hour*person)'
    """

    def term(name: str, power: float) -> str:
        if power == 1:
            return name
        text = str(int(power)) if float(power).is_integer() else repr(float(power))
        return f"{name}**{text}"

    ordered = sorted(powers(dims), key=_order)
    numerator = [term(n, p) for n, p in ordered if p > 0]
    denominator = [term(n, -p) for n, p in ordered if p < 0]
    top = "*".join(numerator) if numerator else "1"
    if not denominator:
        return top
    bottom = denominator[0] if len(denominator) == 1 else f"({'*'.join(denominator)})"
    return f"{top}/{bottom}"


def _order(item: tuple[str, Any]) -> tuple[int, str]:
    name = item[0]
    if name in CURRENCIES:
        return (0, name)
    if name in CALENDAR_UNITS:
        return (2, name)
    return (1, name.lower())
