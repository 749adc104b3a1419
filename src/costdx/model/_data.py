"""A case as plain data: what a case file holds, before it is TOML or JSON text; and the
case as an audience may see it.

Empty fields are left out and ``schema_version`` comes first; a value case's settings and
solutions go under ``value_case``, beside its diagnosis; a tracking's settings under
``tracking`` and its rows under ``measurements``, beside its value case.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from costdx.errors import OptionError
from costdx.model._case import SCHEMA_VERSION, Diagnosis
from costdx.model._tracking import Tracking
from costdx.model._value import ValueCase

__all__ = ["AUDIENCES", "Audience", "case_data", "for_audience"]

Audience = Literal["customer", "internal"]
AUDIENCES: tuple[Audience, ...] = ("customer", "internal")
"""Who a document is for: the customer, or the seller's own team."""


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        # An empty table stays: it may be a model whose fields are all unset (Bounds()). A
        # flag left at False is unset too (``is``: a figure of 0 is not a flag).
        return {k: v for k, v in pruned.items() if v not in ("", [], None) and v is not False}
    if isinstance(value, list | tuple):
        return [_prune(v) for v in value]
    return value


def case_data(case: Diagnosis | ValueCase | Tracking, *, mode: str = "json") -> dict[str, Any]:
    """The case as plain data, empty fields left out, ``schema_version`` first; a value
    case's settings and solutions go under ``value_case``; a tracking's settings under
    ``tracking`` and its measurements, each without the fields left at their defaults,
    under ``measurements``."""
    if isinstance(case, Tracking):
        data = case_data(case.value_case, mode=mode)
        data["tracking"] = _prune(
            case.model_dump(mode=mode, exclude_none=True, include={"solution", "go_live"})
        )
        rows = [_prune(m.model_dump(mode=mode, exclude_defaults=True)) for m in case.measurements]
        if rows:
            data["measurements"] = rows
        return data
    if isinstance(case, ValueCase):
        data = case_data(case.diagnosis, mode=mode)
        settings = case.model_dump(mode=mode, exclude_none=True, exclude={"diagnosis"})
        data["value_case"] = _prune(settings)
        return data
    data = _prune(case.model_dump(mode=mode, exclude_none=True))
    data.pop("schema_version", None)
    return {"schema_version": SCHEMA_VERSION, **data}


@overload
def for_audience(
    case: Diagnosis, audience: Audience, *, show_assumed: bool = True
) -> tuple[Diagnosis, tuple[str, ...]]: ...
@overload
def for_audience(
    case: ValueCase, audience: Audience, *, show_assumed: bool = True
) -> tuple[ValueCase, tuple[str, ...]]: ...
@overload
def for_audience(
    case: Diagnosis | ValueCase, audience: Audience, *, show_assumed: bool = True
) -> tuple[Diagnosis | ValueCase, tuple[str, ...]]: ...
def for_audience(
    case: Diagnosis | ValueCase, audience: Audience, *, show_assumed: bool = True
) -> tuple[Diagnosis | ValueCase, tuple[str, ...]]:
    """The case as ``audience`` may see it, and what was left out of it.

    The internal audience sees everything. The customer does not see the seller's own
    working: scenarios marked ``internal``, and, with ``show_assumed=False``, the
    Discover-phase ``assumed`` values of the drivers. The second item lists what was left
    out, by location (``scenarios[1] (discover_view)``); the case is returned as it is when
    nothing was.

    Examples
    --------
    >>> import costdx as cdx
    >>> case = cdx.load(cdx.example_path())
    >>> shown, omitted = for_audience(case, "customer")
    >>> [s.name for s in shown.scenarios], omitted
    (['conservative'], ('scenarios[1] (discover_view)',))
    """
    if audience not in AUDIENCES:
        raise OptionError(f"audience must be 'customer' or 'internal', not {audience!r}")
    diagnosis = case.diagnosis if isinstance(case, ValueCase) else case
    if audience == "internal":
        return case, ()
    omitted = [
        f"scenarios[{i}] ({s.name})" for i, s in enumerate(diagnosis.scenarios) if s.internal
    ]
    if not show_assumed:
        omitted += [
            f"drivers[{i}].assumed ({d.id})"
            for i, d in enumerate(diagnosis.drivers)
            if d.assumed is not None
        ]
    if not omitted:
        return case, ()
    data = diagnosis.model_dump(mode="python")
    data["scenarios"] = [s for s in data["scenarios"] if not s["internal"]]
    if not show_assumed:
        for driver in data["drivers"]:
            driver["assumed"] = None
    shown = Diagnosis.model_validate(data)
    if isinstance(case, ValueCase):
        return case.model_copy(update={"diagnosis": shown}), tuple(omitted)
    return shown, tuple(omitted)
