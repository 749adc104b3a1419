"""Which figure each input driver holds: the basis, a scenario's overrides, point values.

A driver holds its diagnosed ``value``; on the ``assumed`` basis its Discover-phase
``assumed`` value where it has one; and under a scenario the scenario's override, which
wins over both. `point_values` reduces each of those to the number deterministic
quantification uses (an estimate's `point`).
"""

from __future__ import annotations

from typing import Literal

from costdx.errors import CaseReferenceError, CaseValidationError, OptionError
from costdx.model._case import Diagnosis
from costdx.model._check import override_issues
from costdx.model._estimates import Estimate, point_of
from costdx.model._terms import Driver, Scenario

__all__ = [
    "Basis",
    "check_basis",
    "driver_spec",
    "point_values",
    "replaced_drivers",
    "resolve_scenario",
]

Basis = Literal["value", "assumed"]
"""``"value"``: the diagnosed figures; ``"assumed"``: the Discover-phase assumptions."""


def resolve_scenario(case: Diagnosis, scenario: str | Scenario | None) -> Scenario | None:
    """The scenario named ``scenario`` in the case (or the one given), checked against it
    as the case checks its own: every override an input driver's, within its bounds.

    Raises
    ------
    CaseReferenceError
        No scenario of that name.
    CaseValidationError
        A scenario given as an object whose overrides do not fit the case.
    """
    if scenario is None:
        return None
    if isinstance(scenario, Scenario):
        if any(own is scenario for own in case.scenarios):
            return scenario  # the case's own, checked when the case was
        issues = override_issues(scenario, case.plan.drivers)
        if issues:
            raise CaseValidationError(
                issues, title=f"scenario {scenario.name!r} does not fit the case"
            )
        return scenario
    for candidate in case.scenarios:
        if candidate.name == scenario:
            return candidate
    known = ", ".join(repr(s.name) for s in case.scenarios) or "none"
    raise CaseReferenceError(f"unknown scenario {scenario!r}; the case's scenarios are {known}")


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


def check_basis(basis: str) -> None:
    """Refuse a basis other than ``"value"`` and ``"assumed"``."""
    if basis not in ("value", "assumed"):
        raise OptionError(f"basis must be 'value' or 'assumed', not {basis!r}")


def point_values(
    case: Diagnosis, *, basis: Basis = "value", scenario: str | Scenario | None = None
) -> dict[str, float]:
    """The point value of every input driver on ``basis``, with a scenario's overrides.

    >>> import costdx as cdx
    >>> point_values(cdx.load(cdx.example_path()))["operator_rate"]
    38.0
    """
    check_basis(basis)
    plan = case.plan
    chosen = resolve_scenario(case, scenario)
    values = {}
    for ident in plan.inputs:
        spec = driver_spec(plan.drivers[ident], basis, chosen)
        assert spec is not None  # an input driver always holds a value
        values[ident] = point_of(spec)
    return values


def replaced_drivers(
    case: Diagnosis, basis: Basis = "value", scenario: Scenario | None = None
) -> frozenset[str]:
    """The input drivers whose figure on ``basis`` under ``scenario`` is not the diagnosed
    one: a scenario's overrides, and on the assumed basis every driver with an assumed
    value. Their figures are not the ones the customer confirmed or stated, so what rests
    on them counts as unconfirmed and as the seller's estimate.

    >>> import costdx as cdx
    >>> case = cdx.load(cdx.example_path())
    >>> sorted(replaced_drivers(case, "value", case.scenarios[0]))[:2]
    ['breakdowns_per_month', 'cost_per_order_error']
    """
    replaced = set(scenario.overrides) if scenario is not None else set()
    if basis == "assumed":
        replaced.update(d.id for d in case.drivers if d.assumed is not None)
    return frozenset(replaced)
