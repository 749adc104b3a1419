"""``read_excel``: the case back from a costdx workbook, with the customer's edits.

The structure comes from the case embedded in the very hidden ``_costdx`` sheet; the
numbers from the input cells, found by their defined names (so inserted rows do not
matter). A customer edition embeds the case as the customer may see it: what it left out
(internal scenarios, assumed values) is listed in `EditedCase.omitted`.
A cell whose value equals the one written to 15 significant digits is unchanged and the
original float is kept, so an unchanged workbook reads back equal to the case that
wrote it, also after a spreadsheet re-saved it.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from costdx.errors import CaseValidationError, WorkbookError, format_location
from costdx.model import Diagnosis, ValueCase
from costdx.report.excel import FORMAT, MARKER, SHEET, InputCell

__all__ = ["EditedCase", "ExcelEdit", "read_excel"]


@dataclass(frozen=True, slots=True)
class ExcelEdit:
    """One input cell the customer changed.

    Attributes
    ----------
    kind:
        ``driver``, ``calendar``, ``growth``, ``discount_rate``, ``risk``, ``target``, or of
        a solution's deal: ``start_month``, ``fraction``, ``months_to_full``, ``ramp``,
        ``investment``.
    key:
        Which one: a driver id, a calendar figure, a source, a target
        (``target_roi``), a solution id (start month), ``solution/consequence``
        (fraction), a consequence (months to full effect), ``consequence/year`` (ramp),
        ``solution/item`` (investment, 1-based).
    old, new:
        The value written (an estimate's point value) and the value found.
    cell:
        Where: ``Inputs!C7``.
    note:
        What else followed, e.g. that an estimate became a number.
    """

    kind: str
    key: str
    old: float
    new: float
    cell: str
    note: str = ""

    def __str__(self) -> str:
        tail = f" ({self.note})" if self.note else ""
        return f"{self.cell}: {self.kind} {self.key} {self.old:g} -> {self.new:g}{tail}"


@dataclass(frozen=True, slots=True)
class EditedCase:
    """What `read_excel` returns: the case with the input cells' values, and the edits.

    ``case`` is a `Diagnosis` or a `ValueCase`, whichever
    wrote the workbook, validated as any case is. ``omitted`` lists what a customer
    edition left out of the case it embeds (``scenarios[1] (discover_view)``): merge the
    edits into the original file (``costdx apply``) to keep them.
    """

    case: Diagnosis | ValueCase
    changes: tuple[ExcelEdit, ...]
    omitted: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether any input cell was edited."""
        return bool(self.changes)

    def __repr__(self) -> str:
        kind = "value case" if isinstance(self.case, ValueCase) else "diagnosis"
        case = self.case.diagnosis if isinstance(self.case, ValueCase) else self.case
        count = len(self.changes)
        shown = "".join(f"\n  {change}" for change in self.changes)
        return f"<EditedCase {kind} {case.id!r}: {count} edit{'s' if count != 1 else ''}{shown}>"


def _unchanged(new: float, old: float) -> bool:
    return new == old or f"{new:.15g}" == f"{old:.15g}" or math.isclose(new, old, rel_tol=1e-14)


def _open(file: Path) -> Any:
    from openpyxl import load_workbook  # noqa: PLC0415 - the Excel machinery loads when used
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        return load_workbook(file, data_only=True)
    except FileNotFoundError:
        raise WorkbookError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise WorkbookError(f"{file}: is a directory, not a workbook") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise WorkbookError(f"{file}: not an .xlsx workbook ({exc})") from None


def _locate(workbook: Any, cell: InputCell, file: Path) -> tuple[Any, str, str]:
    """The worksheet, coordinate and display address of an input cell."""
    defined = workbook.defined_names.get(cell.name)
    if defined is not None:
        try:
            for sheet, coordinate in defined.destinations:
                if sheet in workbook.sheetnames:
                    plain = coordinate.replace("$", "")
                    return workbook[sheet], plain, f"{sheet}!{plain}"
        except (ValueError, TypeError):  # a name turned into #REF! by a deleted sheet
            pass
    if cell.sheet not in workbook.sheetnames:
        raise WorkbookError(
            f"{file}: sheet {cell.sheet!r} is missing (deleted?): it held {cell.kind} "
            f"{cell.key!r} at "
            f"{cell.cell}; write the report again with costdx",
            cells=(cell.sheet,),
        )
    coordinate = cell.cell.split("!", 1)[1]
    return workbook[cell.sheet], coordinate, cell.cell


def _what(cell: InputCell) -> str:
    """``driver crew_size``; just ``discount_rate`` where the key repeats the kind."""
    return cell.kind if cell.key == cell.kind else f"{cell.kind} {cell.key}"


def _read_number(value: Any, where: str, cell: InputCell) -> tuple[float | None, str | None]:
    what = f"{where} ({_what(cell)})"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, f"{what} is empty; type a number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"{what} holds {str(value)[:60]!r}, not a number"
    number = float(value)
    if not math.isfinite(number):
        return None, f"{what} holds {number}, not a finite number"
    return number, None


def _set(data: Any, path: tuple[str | int, ...], value: float) -> Any:
    """Put ``value`` at ``path`` in nested plain data; returns what was there."""
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[int(part)]
    old = node.get(path[-1]) if isinstance(node, dict) else None
    node[path[-1]] = value
    return old


def _drop_correlations(data: dict[str, Any], prefix: tuple[str | int, ...], driver: str) -> bool:
    diagnosis = data.get(str(prefix[0]), data) if prefix else data
    correlations = diagnosis.get("correlations", [])
    kept = [c for c in correlations if driver not in (c.get("a"), c.get("b"))]
    if len(kept) == len(correlations):
        return False
    diagnosis["correlations"] = kept
    return True


def read_excel(path: str | os.PathLike[str]) -> EditedCase:
    """Read a workbook written by `costdx.write_excel` back into a case.

    The structure (problems, formulas, units, provenance) comes from the case embedded
    in the workbook; the numbers from its input cells. An edited value cell of an
    estimate driver (or of an estimated fraction) replaces the estimate by that number,
    and correlations that named the driver are dropped (a number cannot be correlated);
    low, likely and high are shown for reference only.

    Returns
    -------
    EditedCase
        ``.case``: the `Diagnosis` or `ValueCase`;
        ``.changes``: one `ExcelEdit` per edited input cell, in sheet order.

    Raises
    ------
    WorkbookError
        A `CaseFileError` naming the sheet and cell: the file is not a
        costdx workbook, a sheet is missing, an input cell is empty, holds text, or lies
        outside its driver's bounds; or the edited case does not validate.

    Examples
    --------
    >>> import costdx as cdx, tempfile, pathlib
    >>> case = cdx.load(cdx.example_path())
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> back = cdx.read_excel(cdx.write_excel(case, folder / "acme.xlsx", audience="internal"))
    >>> back.case == case, back.changes
    (True, ())

    The customer edition leaves the seller's internal scenario out, and says so:

    >>> cdx.read_excel(cdx.write_excel(case, folder / "acme-customer.xlsx")).omitted
    ('scenarios[1] (discover_view)',)
    """
    file = Path(path)
    workbook = _open(file)
    payload = _extract(workbook, str(file))
    data = payload["case"]
    kind = payload.get("kind")
    prefix: tuple[str | int, ...] = ("diagnosis",) if kind == "value_case" else ()
    problems: list[str] = []
    cells: list[str] = []
    changes: list[ExcelEdit] = []
    edited_at: dict[str, str] = {}
    for raw in payload.get("inputs", []):
        cell = InputCell.from_json(raw)
        sheet, coordinate, where = _locate(workbook, cell, file)
        number, problem = _read_number(sheet[coordinate].value, where, cell)
        if number is None:
            problems.append(problem or where)
            cells.append(where)
            continue
        if _unchanged(number, cell.value):
            continue
        if not cell.accepts(number):
            outside = "is not" if cell.whole and not number.is_integer() else "is outside"
            problems.append(f"{where} ({_what(cell)}) = {number:g} {outside} "
                            f"{cell.describe_range()}")  # fmt: skip
            cells.append(where)
            continue
        previous = _set(data, cell.path, int(number) if cell.whole else number)
        note = ""
        if isinstance(previous, dict):
            note = f"the {previous.get('dist', 'estimate')} estimate became this number"
            if cell.kind == "driver" and _drop_correlations(data, prefix, cell.key):
                note += "; its correlations were dropped"
        changes.append(ExcelEdit(cell.kind, cell.key, cell.value, number, where, note))
        edited_at[format_location(cell.path)] = where
    if problems:
        count = len(problems)
        raise WorkbookError(
            f"{file}: {count} input cell{'s' if count != 1 else ''} cannot be read:\n"
            + "\n".join(f"  - {p}" for p in problems),
            cells=tuple(cells),
        )
    try:
        case: Diagnosis | ValueCase = (
            ValueCase.model_validate(data)
            if kind == "value_case"
            else Diagnosis.model_validate(data)
        )
    except CaseValidationError as exc:
        blamed = sorted({where for loc, where in edited_at.items()
                         for issue in exc.issues if loc.startswith(issue.location)})  # fmt: skip
        hint = f" (edited cells: {', '.join(blamed)})" if blamed else ""
        raise WorkbookError(f"{file}: the edited case is invalid{hint}:\n{exc}",
                            cells=tuple(blamed) or (SHEET,)) from None  # fmt: skip
    omitted = tuple(str(o) for o in payload.get("omitted", []))
    return EditedCase(case=case, changes=tuple(changes), omitted=omitted)


def _extract(workbook: Any, where: str) -> dict[str, Any]:
    """The payload embedded in an openpyxl workbook; `WorkbookError` if there is none."""
    if SHEET not in workbook.sheetnames:
        raise WorkbookError(
            f"{where}: not a costdx workbook (it has no {SHEET} sheet); write one with "
            "costdx.write_excel or `costdx report`",
            cells=(SHEET,),
        )
    sheet = workbook[SHEET]
    if sheet["A1"].value != MARKER:
        raise WorkbookError(f"{where}: {SHEET}!A1 is not the costdx marker", cells=(f"{SHEET}!A1",))
    version = sheet["A2"].value
    if not isinstance(version, int | float) or int(version) != FORMAT:
        raise WorkbookError(
            f"{where}: {SHEET}!A2 says format {version!r}; this costdx reads format {FORMAT}",
            cells=(f"{SHEET}!A2",),
        )
    count = sheet["A3"].value
    if not isinstance(count, int | float) or count < 1:
        raise WorkbookError(f"{where}: {SHEET}!A3 holds no chunk count", cells=(f"{SHEET}!A3",))
    parts = []
    for i in range(int(count)):
        value = sheet.cell(row=4 + i, column=1).value
        parts.append("" if value is None else str(value))
    try:
        payload = json.loads("".join(parts))
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            f"{where}: the case embedded in sheet {SHEET} is damaged ({exc.msg})", cells=(SHEET,)
        ) from None
    if not isinstance(payload, dict) or payload.get("marker") != MARKER:
        raise WorkbookError(f"{where}: the data in sheet {SHEET} is not costdx's", cells=(SHEET,))
    return payload
