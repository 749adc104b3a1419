"""``read_excel``: the case back from a costdx workbook, with the customer's edits.

The structure comes from the case embedded in the very hidden ``_costdx`` sheet; the
numbers from the input cells, found by their defined names (so inserted rows do not
matter). A percentage cell holds the fraction (3.2 % as 0.032); a ``percent`` driver's
figure is read back in the case's own terms (3.2). A customer edition embeds the case as
the customer may see it: what it left out (internal scenarios, assumed values) is listed
in `EditedCase.omitted`.
A cell whose value equals the one written to 15 significant digits is unchanged and the
original float is kept, so an unchanged workbook reads back equal to the case that
wrote it, also after a spreadsheet re-saved it.
"""

from __future__ import annotations

import io
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from costdx.errors import CaseFileError, CaseValidationError, WorkbookError, format_location
from costdx.io._actuals import read_actuals
from costdx.io._limits import parse_json, read_capped
from costdx.io._package import MAX_CELLS, MAX_WORKBOOK_BYTES, check_package
from costdx.model import Diagnosis, Tracking, ValueCase
from costdx.report.excel import FORMAT, MARKER, SHEET, InputCell

__all__ = ["EditedCase", "ExcelEdit", "read_excel"]


@dataclass(frozen=True, slots=True)
class ExcelEdit:
    """One input cell the customer changed.

    Attributes
    ----------
    kind:
        ``driver``, ``calendar``, ``growth``, ``discount_rate``, ``risk``, ``target``, of
        a solution's deal: ``start_month``, ``fraction``, ``months_to_full``, ``ramp``,
        ``investment``; or ``measurement``, an actual on the Value realised sheet.
    key:
        Which one: a driver id, a calendar figure, a source, a target
        (``target_roi``), a solution id (start month), ``solution/consequence``
        (fraction), a consequence (months to full effect), ``consequence/year`` (ramp),
        ``solution/item`` (investment, 1-based), ``driver/month`` (measurement).
    old, new:
        The value written (an estimate's point value) and the value found, in the case's
        terms (a ``percent`` driver's 3.2, not its cell's 0.032); ``nan`` for a cell of
        actuals that was blank or is cleared.
    cell:
        Where: ``Inputs!C7``.
    note:
        What else followed, e.g. that an estimate became a number.
    path:
        Where the figure sits in the case written into the workbook
        (``("drivers", 10, "value")``; a value case's diagnosis under ``diagnosis``).
    """

    kind: str
    key: str
    old: float
    new: float
    cell: str
    note: str = ""
    path: tuple[str | int, ...] = ()

    def __str__(self) -> str:
        tail = f" ({self.note})" if self.note else ""
        what = self.kind if self.key == self.kind else f"{self.kind} {self.key}"
        old, new = ("blank" if math.isnan(v) else f"{v:g}" for v in (self.old, self.new))
        return f"{self.cell}: {what} {old} -> {new}{tail}"


@dataclass(frozen=True, slots=True)
class EditedCase:
    """What `read_excel` returns: the case with the input cells' values, and the edits.

    ``case`` is a `Diagnosis` or a `ValueCase`, whichever
    wrote the workbook, validated as any case is. ``omitted`` lists what a customer
    edition left out of the case it embeds (``scenarios[1] (discover_view)``): merging the
    edits into the original case file keeps them. ``tracking`` is the tracking of a
    report written with one, its measurements as the customer left the actuals.
    """

    case: Diagnosis | ValueCase
    changes: tuple[ExcelEdit, ...]
    omitted: tuple[str, ...] = ()
    tracking: Tracking | None = None

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


def _open(file: Path, *, max_cells: int, max_bytes: int) -> Any:
    """The workbook, with formulas as written (not their cached values), once its zip
    package is checked against the limits (`costdx.io._package`)."""
    from openpyxl import load_workbook  # noqa: PLC0415 - the Excel machinery loads when used

    try:
        data = read_capped(file, max_bytes=max_bytes, what="workbook")
    except CaseFileError as exc:
        raise WorkbookError(str(exc)) from None
    check_package(data, str(file), max_cells=max_cells, max_bytes=max_bytes)
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises what its parts raise on damaged XML
        raise WorkbookError(f"{file}: not a readable .xlsx workbook ({_cause(exc)})") from None


def _cause(exc: BaseException) -> str:
    """The innermost error behind ``exc``, on one line: openpyxl wraps the parser's."""
    while (inner := exc.__cause__ or exc.__context__) is not None:
        exc = inner
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}"


_COORDINATE = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")


def _locate(workbook: Any, cell: InputCell, file: Path) -> tuple[Any, str, str]:
    """The worksheet, coordinate and display address of an input cell."""
    defined = workbook.defined_names.get(cell.name)
    if defined is not None:
        try:
            destinations = list(defined.destinations)
        except Exception:  # a name turned into #REF! or into a formula: no cell to read
            destinations = []
        for sheet, coordinate in destinations:
            if sheet in workbook.sheetnames:
                plain = str(coordinate).replace("$", "")
                if _COORDINATE.fullmatch(plain) is None:
                    raise WorkbookError(
                        f"{file}: the name {cell.name} ({_what(cell)}) refers to "
                        f"{sheet}!{plain[:40]}, not one cell; point it at one cell again",
                        cells=(f"{sheet}!{plain[:40]}",),
                    )
                return workbook[sheet], plain, f"{sheet}!{plain}"
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


def _formula(cell: Any) -> str | None:
    """The formula typed into a cell, or ``None``: openpyxl keeps formulas as text
    starting with ``=``, or as an array or data-table formula object."""
    if cell.data_type != "f":
        return None
    text = getattr(cell.value, "text", cell.value)
    return str(text) if text is not None else "="


def _read_number(
    cell: Any, where: str, input_cell: InputCell, *, blank: bool = False
) -> tuple[float | None, str | None]:
    """The number in an input cell, or what is wrong with it; with ``blank``, an empty
    cell is no number and nothing wrong (a month not measured)."""
    what = f"{where} ({_what(input_cell)})"
    formula = _formula(cell)
    if formula is not None:
        shown = formula if len(formula) <= 60 else formula[:57] + "..."
        if "[" in formula:  # [1]Sheet1!A1: a reference into another workbook
            return None, f"{what} links to another workbook ({shown}); type the number itself"
        return None, f"{what} holds a formula ({shown}); type a number, not a formula"
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None if blank else f"{what} is empty; type a number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"{what} holds {str(value)[:60]!r}, not a number"
    number = float(value)
    if not math.isfinite(number):
        return None, f"{what} holds {number}, not a finite number"
    return number, None


def _set(data: Any, path: tuple[str | int, ...], value: float, where: str) -> Any:
    """Put ``value`` at ``path`` in nested plain data; returns what was there."""
    node = data
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if last:
                old = node.get(part)
                node[part] = value
                return old
            node = node.setdefault(part, {})
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if last:
                old = node[part]
                node[part] = value
                return old
            node = node[part]
        else:
            break
    raise WorkbookError(
        f"{where}: the embedded case in sheet {SHEET} has nothing at "
        f"{format_location(path)} for an input cell to set; it was edited",
        cells=(SHEET,),
    )


def _drop_correlations(data: dict[str, Any], prefix: tuple[str | int, ...], driver: str) -> bool:
    diagnosis = data.get(str(prefix[0]), data) if prefix else data
    correlations = diagnosis.get("correlations", []) if isinstance(diagnosis, dict) else []
    if not isinstance(correlations, list):
        return False
    kept = [
        c for c in correlations if not isinstance(c, dict) or driver not in (c.get("a"), c.get("b"))
    ]
    if len(kept) == len(correlations):
        return False
    diagnosis["correlations"] = kept
    return True


def read_excel(
    path: str | os.PathLike[str],
    *,
    max_cells: int = MAX_CELLS,
    max_bytes: int = MAX_WORKBOOK_BYTES,
) -> EditedCase:
    """Read a workbook written by `costdx.write_excel` back into a case.

    The structure (problems, formulas, units, provenance) comes from the case embedded
    in the workbook; the numbers from its input cells. An edited value cell of an
    estimate driver (or of an estimated fraction) replaces the estimate by that number,
    and correlations that named the driver are dropped (a number cannot be correlated);
    low, likely and high are shown for reference only.

    An input cell must hold a number typed in: a formula, or a link to another workbook,
    is refused with the cell named, since the customer's figure is the number, not a
    calculation costdx cannot check.

    A report written with a tracking (``write_excel(..., tracking=)``) brings back its
    actuals too: ``.tracking`` holds the measurements as the customer left the Value
    realised sheet, each cell typed, changed or cleared an edit of kind
    ``measurement``.

    Parameters
    ----------
    max_cells, max_bytes:
        The most cells (over all sheets, a merged range counting each of its cells) and
        bytes (of the file, and of its parts unpacked) to read: `costdx.io.MAX_CELLS` and
        `costdx.io.MAX_WORKBOOK_BYTES` unless given. A workbook beyond them is refused
        before its XML is parsed.

    Returns
    -------
    EditedCase
        ``.case``: the `Diagnosis` or `ValueCase`;
        ``.changes``: one `ExcelEdit` per edited input cell, in sheet order;
        ``.tracking``: the `Tracking`, for a report written with one.

    Raises
    ------
    WorkbookError
        A `CaseFileError` naming the sheet and cell: the file is not a
        costdx workbook, is damaged or beyond the limits, a sheet is missing, an input
        cell is empty, holds text or a formula, or lies outside its driver's bounds; or
        the edited case does not validate.

    Examples
    --------
    >>> import costdx as cdx, tempfile, pathlib
    >>> case = cdx.load(cdx.example_path())
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> back = cdx.read_excel(cdx.write_excel(case, folder / "acme.xlsx", audience="internal"))
    >>> back.case == case, back.changes
    (True, ())

    The customer edition leaves the seller's own working out — the internal scenario and
    the Discover-phase assumptions — and says so:

    >>> omitted = cdx.read_excel(cdx.write_excel(case, folder / "acme-customer.xlsx")).omitted
    >>> omitted[:2]
    ('scenarios[1] (discover_view)', 'drivers[0].assumed (breakdowns_per_month)')
    """
    file = Path(path)
    workbook = _open(file, max_cells=max_cells, max_bytes=max_bytes)
    payload = _extract(workbook, str(file))
    data = payload["case"]
    kind = payload["kind"]
    prefix: tuple[str | int, ...] = ("diagnosis",) if kind == "value_case" else ()
    problems: list[str] = []
    cells: list[str] = []
    changes: list[ExcelEdit] = []
    edited_at: dict[str, str] = {}
    for index, raw in enumerate(payload["inputs"]):
        cell = _input_cell(raw, index, str(file))
        sheet, coordinate, where = _locate(workbook, cell, file)
        number, problem = _read_number(sheet[coordinate], where, cell)
        if number is None:
            problems.append(problem or where)
            cells.append(where)
            continue
        if _unchanged(number, cell.value):
            continue
        if not cell.accepts(number):
            shown = f"{number * 100:g}%" if cell.percent else f"{number:g}"
            outside = "is not" if cell.whole and not number.is_integer() else "is outside"
            problems.append(f"{where} ({_what(cell)}) = {shown} {outside} {cell.describe_range()}")
            cells.append(where)
            continue
        figure = cell.figure(number)
        previous = _set(data, cell.path, int(figure) if cell.whole else figure, str(file))
        note = ""
        if isinstance(previous, dict):
            note = f"the {previous.get('dist', 'estimate')} estimate became this number"
            if cell.kind == "driver" and _drop_correlations(data, prefix, cell.key):
                note += "; its correlations were dropped"
        old = cell.figure(cell.value)
        changes.append(ExcelEdit(cell.kind, cell.key, old, figure, where, note, cell.path))
        edited_at[format_location(cell.path)] = where
    if problems:
        raise WorkbookError.unreadable(str(file), problems, cells, noun="input cell")
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
    tracking = None
    if isinstance(payload.get("tracking"), dict) and isinstance(case, ValueCase):

        def read_cell(record: Any) -> tuple[float | None, str | None, str]:
            cell = InputCell(kind="measurement", key=f"{record['driver']}/{record['period']}",
                             name=record["name"], sheet=record["sheet"], cell=record["cell"],
                             value=math.nan, path=("measurements",))  # fmt: skip
            sheet, coordinate, where = _locate(workbook, cell, file)
            number, problem = _read_number(sheet[coordinate], where, cell, blank=True)
            return number, problem, where

        tracking, typed = read_actuals(payload["tracking"], case, where=str(file),
                                       read_cell=read_cell)  # fmt: skip
        changes += [ExcelEdit("measurement", e.key, e.old, e.new, e.cell, e.note)
                    for e in typed]  # fmt: skip
    return EditedCase(case=case, changes=tuple(changes), omitted=omitted, tracking=tracking)


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
    if not _whole(version) or version != FORMAT:
        raise WorkbookError(
            f"{where}: {SHEET}!A2 says format {version!r}; this costdx reads format {FORMAT}",
            cells=(f"{SHEET}!A2",),
        )
    count = sheet["A3"].value
    rows = sheet.max_row - 3
    if not _whole(count) or not 1 <= count <= rows:
        raise WorkbookError(
            f"{where}: {SHEET}!A3 should give the number of chunks below it (1 to {max(rows, 1)}),"
            f" not {str(count)[:40]!r}",
            cells=(f"{SHEET}!A3",),
        )
    parts = []
    for i in range(int(count)):
        value = sheet.cell(row=4 + i, column=1).value
        parts.append("" if value is None else str(value))
    try:
        payload = parse_json("".join(parts), f"{where}: the case embedded in sheet {SHEET}")
    except CaseFileError as exc:
        raise WorkbookError(str(exc), cells=(SHEET,)) from None
    if (
        not isinstance(payload, dict)
        or payload.get("marker") != MARKER
        or payload.get("kind") not in ("diagnosis", "value_case")
        or not isinstance(payload.get("case"), dict)
        or not isinstance(payload.get("inputs", []), list)
    ):
        raise WorkbookError(f"{where}: the data in sheet {SHEET} is not costdx's", cells=(SHEET,))
    payload.setdefault("inputs", [])
    if payload["kind"] == "value_case" and not isinstance(payload["case"].get("diagnosis"), dict):
        raise WorkbookError(f"{where}: the value case in sheet {SHEET} has no diagnosis",
                            cells=(SHEET,))  # fmt: skip
    return payload


def _whole(value: Any) -> bool:
    """Whether a cell holds a whole number (not a bool, not infinite)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value == int(value)
    )


def _input_cell(raw: Any, index: int, where: str) -> InputCell:
    """The record of one input cell from the embedded data, checked field by field."""
    try:
        cell = InputCell.from_json(raw)
        problem = None
        if not cell.path or not all(
            isinstance(p, str | int) and not isinstance(p, bool) for p in cell.path
        ):
            problem = f"path {cell.path!r}"
        elif "!" not in cell.cell or _COORDINATE.fullmatch(cell.cell.split("!", 1)[1]) is None:
            problem = f"cell {cell.cell[:40]!r}"
        elif not math.isfinite(cell.value):
            problem = f"value {cell.value}"
        elif not all(
            bound is None or (isinstance(bound, int | float) and not isinstance(bound, bool)
                              and math.isfinite(bound))
            for bound in (cell.low, cell.high)
        ):  # fmt: skip
            problem = f"bounds {cell.low!r}, {cell.high!r}"
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem is not None:
        raise WorkbookError(
            f"{where}: the record of input cell {index} in sheet {SHEET} is damaged "
            f"({problem[:80]}); write the report again with costdx",
            cells=(SHEET,),
        )
    return cell
