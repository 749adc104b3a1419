"""Builders of hostile input, and the guard that turns a hang into a failure."""

from __future__ import annotations

import io
import re
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import costdx as cdx

GUARD_SECONDS = 30
"""Generous: every item returns in well under a second or two; the guard only catches a
hang (the breaks this corpus replays ran for minutes or for ever)."""


class Hung(BaseException):
    """Raised by the guard; a BaseException so that no ``except Exception`` swallows it."""


@contextmanager
def within(seconds: int = GUARD_SECONDS) -> Iterator[None]:
    """Fail with `Hung` if the block runs longer than ``seconds`` (SIGALRM, main thread)."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


SMALL_CASE: dict[str, Any] = {
    "account": {"name": "Test Co", "currency": "USD"},
    "drivers": [
        {"id": "hours", "value": {"dist": "pert", "low": 1, "likely": 2, "high": 4},
         "unit": "hour/week"},
        {"id": "rate", "value": 80, "unit": "USD/hour", "bounds": {"min": 0}},
        {"id": "cost", "formula": "hours * rate"},
    ],
    "problems": [
        {"id": "p", "title": "P", "symptoms": [{"id": "s"}],
         "consequences": [{"id": "c", "formula": "cost"}]},
    ],
}  # fmt: skip
SMALL_SOLUTIONS: list[dict[str, Any]] = [
    {"id": "fix", "name": "Fix", "investment": [{"label": "licence", "amount": 1000}],
     "addresses": [{"consequence": "c", "fraction": 0.5}]},
]  # fmt: skip


def small_value_case() -> cdx.ValueCase:
    """A value case of three drivers and one consequence: its workbook reads in ~25 ms."""
    return cdx.ValueCase(diagnosis=cdx.Diagnosis.model_validate(SMALL_CASE),
                         solutions=SMALL_SOLUTIONS)  # fmt: skip


# --- workbooks -------------------------------------------------------------------------------


def members(data: bytes) -> dict[str, bytes]:
    """The parts of a zip, by name, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts``, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The zip part of a sheet, found through workbook.xml and its relationships."""
    book = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet name="{re.escape(sheet)}" sheetId="\d+"[^>]*r:id="(rId\d+)"', book)
    assert rid is not None, sheet
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target is not None
    return "xl/" + target.group(1).removeprefix("/xl/")


def edit_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook ``data`` with one part changed."""
    parts = members(data)
    parts[part] = change(parts[part])
    return zipped(parts)


def edit_sheet(data: bytes, sheet: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook ``data`` with one sheet's XML changed."""
    return edit_part(data, sheet_part(members(data), sheet), change)


def set_cell_xml(xml: bytes, coordinate: str, inner: bytes, attrs: bytes = b"") -> bytes:
    """Replace the cell ``coordinate`` of a sheet's XML by ``<c r=.. attrs>inner</c>``."""
    pattern = rb'<c r="' + coordinate.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
    replaced, count = re.subn(
        pattern,
        b'<c r="' + coordinate.encode() + b'"' + attrs + b">" + inner + b"</c>",
        xml,
        count=1,
    )
    assert count == 1, coordinate
    return replaced


def embedded_text(data: bytes) -> str:
    """The JSON embedded in the ``_costdx`` sheet (one chunk: a small case)."""
    strings = members(data)["xl/sharedStrings.xml"].decode()
    found = re.search(r'<t>(\{"marker".*?)</t>', strings, flags=re.DOTALL)
    assert found is not None
    return _unescape(found.group(1))


def with_embedded(data: bytes, text: str) -> bytes:
    """The workbook with the embedded JSON replaced by ``text`` (one chunk)."""

    def change(strings: bytes) -> bytes:
        escaped = _escape(text).encode("utf-8")
        return re.sub(rb'<t>\{"marker".*?</t>', lambda _: b"<t>" + escaped + b"</t>",
                      strings, count=1, flags=re.DOTALL)  # fmt: skip

    return edit_part(data, "xl/sharedStrings.xml", change)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def many_cells(count: int) -> Callable[[bytes], bytes]:
    """A change of a sheet that adds ``count`` cells, 1,000 to a row."""
    row = b"<c><v>1</v></c>" * 1000
    rows = b"".join(b"<row>" + row + b"</row>" for _ in range(count // 1000))
    return lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
