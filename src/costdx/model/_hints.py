"""Which driver's unit would fix a formula that lands on the wrong dimension.

A formula that multiplies drivers gives the product of their units. When that product is
not what it must be (money per time for a consequence, the declared unit of a derived
driver), any one factor's unit could in principle absorb the difference; but usually
only one change is one a person would have meant — a price per hour written as a plain
amount (``agent_rate`` in ``USD`` where ``USD/hour`` was meant). `unit_fix` names that
driver when exactly one such change exists:

* the changed unit keeps the driver's numerator, or loses from it only what the driver's
  id does not name (``minutes_per_ticket`` keeps its minutes);
* it adds, removes or swaps one unit, and puts no unit of time on top that was not there;
* its denominator holds at most one unit of time (``per hour per year`` is no unit anyone
  writes), and no unit is raised to a power.

Calendar units count as one kind of time here: the case's calendar converts them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pint.util import UnitsContainer

from costdx.lang import CALENDAR_UNITS, CURRENCIES, Node, factors, format_dims, names, power_of

__all__ = ["unit_fix"]

_TIME = "year"
_EFFORT = "hour"
_WORDS = {
    _EFFORT: ("hour", "minute", "second", "time", "effort"),
    _TIME: ("year", "annual", "month", "week", "day", "daily"),
}
_MONEY_WORDS = ("cost", "price", "rate", "fee", "revenue", "spend", "amount", "value", "margin",
                "penalty", "contribution", "wage", "salary")  # fmt: skip


def _collapse(dims: UnitsContainer) -> UnitsContainer:
    """Every calendar unit as ``year``: the calendar converts one to another."""
    power = sum(power_of(dims, n) for n in CALENDAR_UNITS if n in dims)
    out = dims.remove([n for n in CALENDAR_UNITS if n in dims])
    return out * UnitsContainer({_TIME: power}) if power else out


def _named(ident: str, unit: str) -> bool:
    words = _WORDS.get(unit) or (_MONEY_WORDS if unit in CURRENCIES else (unit.lower(),))
    return any(re.search(word, ident) for word in words)


def _natural(ident: str, old: UnitsContainer, new: UnitsContainer) -> bool:
    if any(abs(power_of(new, n)) > 1 for n in new):
        return False
    change = new / old
    if sum(abs(power_of(change, n)) for n in change) > 2 or len(change) > 2:
        return False
    if any(power_of(new, n) > 0 >= power_of(old, n) for n in (_TIME, _EFFORT)):
        return False
    if sum(1 for n in new if power_of(new, n) < 0 and n in (_TIME, _EFFORT)) > 1:
        return False
    lost = [n for n in old if power_of(old, n) > 0 and power_of(new, n) <= 0]
    return not any(_named(ident, n) for n in lost)


def _shown(fixed: UnitsContainer, original: UnitsContainer) -> str:
    """``fixed`` with its time in the calendar unit the driver used (``year`` if none)."""
    power = power_of(fixed, _TIME)
    if not power:
        return format_dims(fixed)
    own = next((n for n in CALENDAR_UNITS if n in original), _TIME)
    return format_dims(fixed.remove([_TIME]) * UnitsContainer({own: power}))


def unit_fix(
    tree: Node,
    units: Mapping[str, UnitsContainer],
    shown: Mapping[str, str],
    got: UnitsContainer,
    targets: Sequence[UnitsContainer],
) -> str:
    """What the formula ``tree``'s drivers are, as ``units: a is X, b is Y``; and when
    exactly one driver would, with another unit, turn ``got`` into one of ``targets``, that
    driver first: ``agent_rate is USD; did you mean USD/hour? (units: a is X, ...)``.

    ``units`` holds each driver's unit in base units, ``shown`` as written.
    """
    have = _collapse(got)
    fixes: dict[str, str] = {}
    for ident, power in factors(tree).items():
        if abs(power) != 1 or ident not in units:
            continue
        old = _collapse(units[ident])
        for target in targets:
            new = old * (_collapse(target) / have) ** power
            if _natural(ident, old, new):
                fixes[ident] = _shown(new, units[ident])
    listed = {u: shown.get(u, "?") for u in sorted(names(tree))}
    if len(fixes) != 1:
        text = ", ".join(f"{u} is {unit}" for u, unit in listed.items())
        return f"units: {text}" if text else "no drivers"
    ((ident, fixed),) = fixes.items()
    others = ", ".join(f"{u} is {text}" for u, text in listed.items() if u != ident)
    return f"{ident} is {listed[ident]}; did you mean {fixed}?" + (
        f" (units: {others})" if others else ""
    )
