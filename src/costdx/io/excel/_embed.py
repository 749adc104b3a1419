"""The case embedded in the workbook, so that reading it back restores the structure exactly.

A hidden, protected sheet ``_costdx`` holds a marker, the format number, and the JSON of
the case and of its input cells, cut into chunks of 30,000 characters (a cell holds at
most 32,767). The JSON is ASCII (``ensure_ascii``), so no character of a case can be lost
or refused on the way.
"""

from __future__ import annotations

import json
from typing import Any

from costdx.errors import CaseFileError

__all__ = ["FORMAT", "MARKER", "SHEET", "WorkbookError", "embed", "extract"]

SHEET = "_costdx"
MARKER = "costdx-workbook"
FORMAT = 1
"""The layout of the embedded data this costdx writes and reads."""
CHUNK = 30_000


class WorkbookError(CaseFileError):
    """A workbook cannot be read back: not costdx's, damaged, or an input cell is invalid.

    Attributes
    ----------
    cells:
        The cells at fault, as ``Sheet!C5`` (or the sheet alone when it is missing).
    """

    def __init__(self, message: str, *, cells: tuple[str, ...] = ()) -> None:
        self.cells = cells
        super().__init__(message)


def embed(workbook: Any, payload: dict[str, Any]) -> None:
    """Add the hidden ``_costdx`` sheet holding ``payload`` as JSON."""
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    chunks = [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    sheet = workbook.add_worksheet(SHEET)
    sheet.write_string(0, 0, MARKER)
    sheet.write_number(1, 0, FORMAT)
    sheet.write_number(2, 0, len(chunks))
    for i, chunk in enumerate(chunks):
        sheet.write_string(3 + i, 0, chunk)
    sheet.hide()
    sheet.protect()


def extract(workbook: Any, where: str) -> dict[str, Any]:
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
