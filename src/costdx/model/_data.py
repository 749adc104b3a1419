"""A case as plain data: what a case file holds, before it is TOML or JSON text.

Empty fields are left out and ``schema_version`` comes first; a value case's settings and
solutions go under ``value_case``, beside its diagnosis.
"""

from __future__ import annotations

from typing import Any

from costdx.model._case import SCHEMA_VERSION, Diagnosis
from costdx.model._value import ValueCase

__all__ = ["case_data"]


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        # An empty table stays: it may be a model whose fields are all unset (Bounds()).
        return {k: v for k, v in pruned.items() if v not in ("", [], None)}
    if isinstance(value, list | tuple):
        return [_prune(v) for v in value]
    return value


def case_data(case: Diagnosis | ValueCase, *, mode: str = "json") -> dict[str, Any]:
    """The case as plain data, empty fields left out, ``schema_version`` first; a value
    case's settings and solutions go under ``value_case``."""
    if isinstance(case, ValueCase):
        data = case_data(case.diagnosis, mode=mode)
        settings = case.model_dump(mode=mode, exclude_none=True, exclude={"diagnosis"})
        data["value_case"] = _prune(settings)
        return data
    data = _prune(case.model_dump(mode=mode, exclude_none=True))
    data.pop("schema_version", None)
    return {"schema_version": SCHEMA_VERSION, **data}
