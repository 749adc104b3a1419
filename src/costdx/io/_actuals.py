"""The actuals a customer typed on a workbook's Value realised sheet, back as measurements.

The workbook embeds the tracking it was written with (its solution, go-live month and
measurements) and the record of every cell of actuals (driver, month, name, scale,
bounds, the value written or none). Reading it back, each cell is one of:

* unchanged (the value written, to 15 digits; blank where none was): the measurement
  stays as it was, with its source, evidence and confirmation;
* typed where none was, or changed: a measurement of that driver and month in the
  driver's own unit (a percentage cell's 2.4 % is 2.4), ``source = "customer"`` and its
  cell as evidence — it replaces the one written, whose evidence no longer holds;
* cleared: the measurement written there is dropped.

Measurements the sheet did not show (before go-live, after the as-of month the report
was written for) are kept as they were.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from costdx.errors import CaseValidationError, WorkbookError
from costdx.model import Measurement, Source, Tracking, ValueCase

__all__ = ["ActualEdit", "read_actuals"]

CellReader = Callable[[Mapping[str, Any]], tuple[float | None, str | None, str]]
"""Reads one cell of actuals from its record: the number typed (``None`` when blank),
what is wrong with it (``None`` when nothing), and where it is (``Value realised!D40``)."""


@dataclass(frozen=True, slots=True)
class ActualEdit:
    """One cell of actuals changed: ``old`` and ``new`` in the driver's unit, ``nan``
    where the cell was or is blank."""

    key: str
    old: float
    new: float
    cell: str
    note: str


def _unchanged(new: float, old: float) -> bool:
    return new == old or f"{new:.15g}" == f"{old:.15g}"


def _record(raw: Any, where: str) -> dict[str, Any]:
    """One cell's record, checked: what the sheet wrote is what is read."""
    keys = ("driver", "period", "name", "sheet", "cell", "scale")
    if (
        not isinstance(raw, dict)
        or any(k not in raw for k in keys)
        or not all(isinstance(raw[k], str) for k in keys[:5])
        or not isinstance(raw["scale"], int | float)
        or isinstance(raw["scale"], bool)
    ):
        raise WorkbookError(f"{where}: a record of the actuals is damaged; write the report "
                            "again with costdx", cells=("_costdx",))  # fmt: skip
    return raw


def read_actuals(
    data: Mapping[str, Any], value_case: ValueCase, *, where: str, read_cell: CellReader
) -> tuple[Tracking, list[ActualEdit]]:
    """The tracking the workbook was written with, its measurements as the customer left
    the cells of actuals, and the cells changed.

    Raises
    ------
    WorkbookError
        Naming every cell that holds something other than a number (text, a formula, a
        link) or a figure outside the driver's bounds, or the cells edited when the
        tracking they make is invalid.
    """
    try:
        written = [Measurement.model_validate(m) for m in data.get("measurements", [])]
    except CaseValidationError as exc:
        raise WorkbookError(f"{where}: the measurements embedded in the workbook are damaged "
                            f"({exc.issues[0]})", cells=("_costdx",)) from None  # fmt: skip
    kept: list[Measurement | None] = list(written)
    position = {(m.driver, m.period): i for i, m in enumerate(written)}
    added: list[Measurement] = []
    edits: list[ActualEdit] = []
    problems: list[str] = []
    cells: list[str] = []
    for raw in data.get("actuals", []):
        record = _record(raw, where)
        number, problem, at = read_cell(record)
        if problem is not None:
            problems.append(problem)
            cells.append(at)
            continue
        scale = float(record["scale"])
        before = record.get("value")
        old = math.nan if before is None else float(before) / scale
        if number is None and before is None:
            continue
        if number is not None and before is not None and _unchanged(number, float(before)):
            continue
        key = (record["driver"], record["period"])
        shown = f"{record['driver']}/{record['period']}"
        if number is None:
            if key in position:
                kept[position[key]] = None
            edits.append(ActualEdit(shown, old, math.nan, at, "cleared: no longer measured"))
            continue
        low, high = record.get("low"), record.get("high")
        if (low is not None and number < low) or (high is not None and number > high):
            problems.append(f"{at} ({record['driver']} in {record['period']}) = {number:g} is "
                            f"outside the driver's bounds [{low}, {high}]")  # fmt: skip
            cells.append(at)
            continue
        value = float(f"{number / scale:.15g}")
        typed = Measurement(driver=record["driver"], period=record["period"], value=value,
                            source=Source.CUSTOMER, evidence=f"typed into {at}")  # fmt: skip
        if key in position:
            kept[position[key]] = typed
        else:
            added.append(typed)
        note = "a month newly measured" if before is None else "the actual was changed"
        edits.append(ActualEdit(shown, old, value, at, note))
    if problems:
        raise WorkbookError.unreadable(where, problems, cells, noun="cell of actuals")
    measurements = [m for m in kept if m is not None] + added
    try:
        tracking = Tracking(value_case=value_case, solution=data.get("solution"),
                            go_live=data.get("go_live"), measurements=measurements)  # fmt: skip
    except CaseValidationError as exc:
        blamed = tuple(e.cell for e in edits)
        raise WorkbookError(f"{where}: the actuals make an invalid tracking:\n{exc}",
                            cells=blamed or ("_costdx",)) from None  # fmt: skip
    return tracking, edits
