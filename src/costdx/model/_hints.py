"""Which driver's unit would fix a formula that lands on the wrong dimension.

A formula that multiplies drivers gives the product of their units. When that product is
not what it must be (money per time for a consequence, the declared unit of a derived
driver), any one factor's unit could in principle absorb the difference; but usually
only one change is one a person would have meant — a price per hour written as a plain
amount (``agent_rate`` in ``USD`` where ``USD/hour`` was meant). `unit_fix` names that
driver when exactly one such change exists:

* no unit the driver was written in vanishes (``minute/ticket`` keeps its minutes), except
  calendar time that becomes effort time or back (a rate per day meant per hour);
* it adds, removes or swaps one unit, and puts no unit of time on top that was not there;
* its denominator holds at most one unit of time (``per hour per year`` is no unit anyone
  writes), and no unit is raised to a power.

Calendar units count as one kind of time here: the case's calendar converts them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pint.util import UnitsContainer

from costdx.lang import CALENDAR_UNITS, Node, factors, format_dims, names, power_of

__all__ = ["unit_fix"]

_TIME = "year"
_EFFORT = "hour"


def _collapse(dims: UnitsContainer) -> UnitsContainer:
    """Every calendar unit as ``year``: the calendar converts one to another."""
    power = sum(power_of(dims, n) for n in CALENDAR_UNITS if n in dims)
    out = dims.remove([n for n in CALENDAR_UNITS if n in dims])
    return out * UnitsContainer({_TIME: power}) if power else out


def _natural(old: UnitsContainer, new: UnitsContainer) -> bool:
    if any(abs(power_of(new, n)) > 1 for n in new):
        return False
    change = new / old
    if sum(abs(power_of(change, n)) for n in change) > 2 or len(change) > 2:
        return False
    if any(power_of(new, n) > 0 >= power_of(old, n) for n in (_TIME, _EFFORT)):
        return False
    if sum(1 for n in new if power_of(new, n) < 0 and n in (_TIME, _EFFORT)) > 1:
        return False
    for name in old:
        if name in new:
            continue
        # a unit the driver was written in does not vanish, unless calendar time becomes
        # effort time or back (a rate per day that was meant per hour)
        other = {_TIME: _EFFORT, _EFFORT: _TIME}.get(name)
        if other is None or other in old or other not in new:
            return False
        if (power_of(new, other) > 0) != (power_of(old, name) > 0):
            return False
    return True


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
            if _natural(old, new):
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
