"""``apply_excel``: the customer's edits in a costdx workbook, written into the case file.

`read_excel` brings a workbook back as a case; this takes only the *edits* — the input
cells the customer changed — and writes them into the case file the report was made
from, through `save`, so that the file keeps its comments and layout and changes only on
the lines edited. Each edit is found in the case file by what it is (a driver's id, a
calendar figure, a solution and consequence), not by position, so a case file whose
drivers were reordered or added to since the report was written still takes them.

Actuals typed on a report's Value realised sheet go into the case file's tracking: a
driver's month measured anew, changed or cleared becomes a row of its
``[[measurements]]`` added, replaced or removed, and a case file without a ``[tracking]``
table gets one, with the solution and go-live month the report was written for.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from costdx.errors import CaseFileError
from costdx.io._files import from_data, read_case, save, tracking_from_data
from costdx.io._workbook import EditedCase, ExcelEdit, read_excel
from costdx.model import Diagnosis, Tracking, ValueCase, ValueSpec, case_data, point_of

__all__ = ["apply_excel"]


def _find(items: list[dict[str, Any]], key: str, value: str, what: str, file: str) -> Any:
    for item in items:
        if item.get(key) == value:
            return item
    raise CaseFileError(
        f"{file}: the workbook edits {what} {value!r}, which is not in this case file; was the "
        "report written from another case?"
    )


def _target(data: dict[str, Any], edit: ExcelEdit, file: str) -> tuple[dict[str, Any], str]:
    """The table in the case file's data that holds ``edit``'s figure, and its key."""
    settings = data.get("value_case", {})
    if edit.kind in ("driver", "growth"):
        driver = _find(data.get("drivers", []), "id", edit.key, "driver", file)
        return driver, "value" if edit.kind == "driver" else "growth"
    if edit.kind == "calendar":
        return data.setdefault("calendar", {}), edit.key
    if not isinstance(settings, dict) or "value_case" not in data:
        raise CaseFileError(
            f"{file}: the workbook edits the value case's {edit.kind}, but this case file has "
            "no [value_case] table"
        )
    if edit.kind == "discount_rate":
        return settings, "discount_rate"
    if edit.kind == "risk":
        return settings.setdefault("risk_adjustment", {}), edit.key
    if edit.kind == "fraction":
        solution_id, consequence = edit.key.split("/", 1)
        solution = _find(settings.get("solutions", []), "id", solution_id, "solution", file)
        address = _find(solution.get("addresses", []), "consequence", consequence,
                        f"in solution {solution_id!r} the consequence", file)  # fmt: skip
        return address, "fraction"
    raise CaseFileError(f"{file}: the workbook holds an edit of unknown kind {edit.kind!r}")


def _apply(data: dict[str, Any], edit: ExcelEdit, file: str) -> ExcelEdit:
    table, key = _target(data, edit, file)
    notes = [edit.note] if edit.note else []
    before = table.get(key)
    had = None if before is None else point_of(TypeAdapter(ValueSpec).validate_python(before))
    if had is not None and not math.isclose(had, edit.old, rel_tol=1e-12):
        notes.append(f"the case file had {had:g}, not the report's {edit.old:g}")
    table[key] = edit.new
    if edit.kind == "driver" and isinstance(before, dict):
        correlations = data.get("correlations", [])
        kept = [c for c in correlations if edit.key not in (c.get("a"), c.get("b"))]
        if len(kept) != len(correlations):
            data["correlations"] = kept
            if "correlations were dropped" not in edit.note:
                notes.append("its correlations were dropped")
    return replace(edit, note="; ".join(notes))


def apply_excel(
    workbook: str | os.PathLike[str], case_file: str | os.PathLike[str], *, dry_run: bool = False
) -> tuple[ExcelEdit, ...]:
    """Write the customer's edits in ``workbook`` (a costdx report) into ``case_file``.

    Only the input cells the customer changed are taken; each is written into the case
    file in place (`costdx.save` keeps the file's comments and layout), and the edited
    case is validated before anything is written.

    Parameters
    ----------
    dry_run:
        Find and check the edits, but do not write the file.

    Returns
    -------
    tuple of ExcelEdit
        The edits applied, each with a note where the case file differed from the
        report or an estimate became a number.

    Raises
    ------
    WorkbookError
        The workbook is not a costdx report, or an edited cell cannot be read.
    CaseFileError
        The case file cannot be read, or lacks what the workbook edits.
    CaseValidationError
        The edited case is invalid (each issue with its line in the case file).

    Examples
    --------
    >>> import costdx as cdx, shutil, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> case_file = shutil.copy(cdx.example_path(), folder / "acme.toml")
    >>> book = cdx.write_excel(cdx.load(case_file), folder / "acme.xlsx")
    >>> cdx.apply_excel(book, case_file)  # nothing edited yet
    ()
    """
    edited = read_excel(workbook)
    if not edited.changes:
        return ()
    file = str(case_file)
    origin, raw = read_case(case_file)
    settings, rows = raw.get("tracking"), raw.get("measurements")
    origin.loaded = from_data(origin, dict(raw))
    data = case_data(origin.loaded, mode="python")
    figures = [e for e in edited.changes if e.kind != "measurement"]
    actuals = [e for e in edited.changes if e.kind == "measurement"]
    applied = tuple(_apply(data, edit, file) for edit in figures)
    updated: Diagnosis | ValueCase | Tracking = from_data(origin, dict(data))  # validated
    if actuals:
        data["tracking"] = settings if isinstance(settings, dict) else _settings(edited)
        data["measurements"] = _measured(list(rows or []), actuals, edited)
        updated = tracking_from_data(origin, data)
        applied += tuple(actuals)
    if not dry_run:
        save(updated, Path(case_file))
    return applied


def _settings(edited: EditedCase) -> dict[str, Any]:
    """The tracking table of a case file that has none: the report's solution and month."""
    assert edited.tracking is not None
    return {"solution": edited.tracking.bought.id, "go_live": edited.tracking.go_live}


def _measured(
    rows: list[Any], actuals: list[ExcelEdit], edited: EditedCase
) -> list[dict[str, Any]]:
    """The case file's measurement rows with the actuals typed, changed and cleared."""
    assert edited.tracking is not None
    typed = {f"{m.driver}/{m.period}": m for m in edited.tracking.measurements}
    for edit in actuals:
        driver, period = edit.key.split("/", 1)
        found = [i for i, r in enumerate(rows) if isinstance(r, dict)
                 and r.get("driver") == driver and r.get("period") == period]  # fmt: skip
        if math.isnan(edit.new):
            rows = [r for i, r in enumerate(rows) if i not in found]
            continue
        row = typed[edit.key].model_dump(mode="python", exclude_defaults=True)
        if found:
            rows[found[0]] = row
        else:
            rows.append(row)
    return rows
