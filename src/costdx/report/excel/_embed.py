"""The case embedded in the workbook, so that reading it back restores the structure exactly.

A very hidden, protected sheet ``_costdx`` (Excel's and LibreOffice's menus cannot unhide
it) holds a marker, the format number, and the JSON of the case and of its input cells,
cut into chunks of 30,000 characters (a cell holds at most 32,767). In the customer
edition the case is the one the customer may see (`costdx.model.for_audience`). The JSON
is ASCII (``ensure_ascii``), so no character of a case can be lost or refused on the way.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["FORMAT", "MARKER", "SHEET", "embed"]

SHEET = "_costdx"
MARKER = "costdx-workbook"
FORMAT = 1
"""The layout of the embedded data this costdx writes and reads."""
CHUNK = 30_000


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
    sheet.very_hidden()
    sheet.protect()
