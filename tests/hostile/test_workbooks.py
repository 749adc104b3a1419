"""Hostile workbooks: each is refused with a WorkbookError naming the file and the place,
before openpyxl builds what the limits forbid."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import costdx as cdx
from hostile.corpus import (
    edit_part,
    edit_sheet,
    embedded_text,
    many_cells,
    members,
    set_cell_xml,
    with_embedded,
    within,
    write,
    zipped,
)

Build = Callable[[bytes], bytes]


def _payload_edit(change: Callable[[dict[str, Any]], Any]) -> Build:
    def build(data: bytes) -> bytes:
        payload = json.loads(embedded_text(data))
        result = change(payload)
        return with_embedded(data, result if isinstance(result, str) else json.dumps(payload))

    return build


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda payload: payload["inputs"][0].__setitem__(key, value)


def _hidden(coordinate: str, inner: bytes, attrs: bytes = b"") -> Build:
    return lambda data: edit_sheet(
        data, "_costdx", lambda xml: set_cell_xml(xml, coordinate, inner, attrs)
    )


def _input_cell(inner: bytes, attrs: bytes = b"") -> Build:
    # Inputs!C5 holds the first driver, hours (a PERT estimate shown by its likely value)
    return lambda data: edit_sheet(
        data, "Inputs", lambda xml: set_cell_xml(xml, "C5", inner, attrs)
    )


_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)

# name, the change made to a good workbook, the phrase the message must hold, read options
CASES: list[tuple[str, Build, str, dict[str, int]]] = [
    ("300,000 cells in one sheet (0.2 MB zipped)",
     lambda d: edit_sheet(d, "About", many_cells(300_000)), "more than 250,000 cells", {}),
    ("a merged range of the whole grid: 17 billion cells",
     lambda d: edit_sheet(d, "About", lambda x: x.replace(b"</sheetData>",
         b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')),
     "a merged range counts each of its cells", {}),
    ("a hyperlink over a range of a million cells",
     lambda d: edit_sheet(d, "About", lambda x: x.replace(b"</sheetData>",
         b'</sheetData><hyperlinks><hyperlink ref="A1:A1048576" display="x"/></hyperlinks>')),
     "cells", {}),
    ("a merged range whose reference is not a range",
     lambda d: edit_sheet(d, "About", lambda x: x.replace(b"</sheetData>",
         b'</sheetData><mergeCells count="1"><mergeCell ref="A&#49;:XFD1048576"/></mergeCells>')),
     "not a cell range", {}),
    ("100,001 empty rows",
     lambda d: edit_sheet(d, "About", lambda x: x.replace(b"</sheetData>",
         b"<row/>" * 100_001 + b"</sheetData>")), "more than 100,000 rows", {}),
    ("cells within a lowered limit", lambda d: d, "more than 50 cells", {"max_cells": 50}),
    ("an entity-expansion bomb (a billion laughs)",
     lambda d: edit_sheet(d, "Inputs", lambda x: x.replace(b"?>", b"?>" + _LAUGHS, 1)),
     "declares a document type or entities", {}),
    ("an external entity reading /etc/passwd",
     lambda d: edit_part(d, "xl/workbook.xml", lambda x: x.replace(b"?>",
         b'?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)),
     "declares a document type or entities", {}),
    ("sheet XML in UTF-16",
     lambda d: edit_sheet(d, "About", lambda x: x.decode().replace(
         'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")), "UTF-16", {}),
    ("parts unpacking past a lowered limit", lambda d: d, "would unpack to", {"max_bytes": 40_000}),
    ("1,001 parts in the zip",  # the report's own parts + 1,001, whatever the report holds
     lambda d: zipped({**members(d), **{f"x/{i}.bin": b"" for i in range(1_001)}}),
     "parts; a workbook costdx reads holds at most 1,000", {}),
    ("random bytes", lambda d: os.urandom(4096), "not an .xlsx workbook", {}),
    ("an empty file", lambda d: b"", "not an .xlsx workbook", {}),
    ("the file cut in half", lambda d: d[: len(d) // 2], "not an .xlsx workbook", {}),
    ("a sheet's XML cut in half",
     lambda d: edit_sheet(d, "Inputs", lambda x: x[: len(x) // 2]), "not a readable .xlsx", {}),
    ("a number cell holding inf",
     lambda d: edit_sheet(d, "Inputs", lambda x: x.replace(b"<v>80</v>", b"<v>inf</v>", 1)),
     "not a readable .xlsx", {}),
    ("a chunk count of 1e9 in _costdx!A3", _hidden("A3", b"<v>1000000000</v>"), "_costdx!A3", {}),
    ("a chunk count of 1E999 in _costdx!A3", _hidden("A3", b"<v>1E999</v>"), "_costdx!A3", {}),
    ("a chunk count of -1 in _costdx!A3", _hidden("A3", b"<v>-1</v>"), "_costdx!A3", {}),
    ("a format of 1E999 in _costdx!A2", _hidden("A2", b"<v>1E999</v>"), "_costdx!A2", {}),
    ("a format that is text in _costdx!A2",
     _hidden("A2", b"<is><t>one</t></is>", b' t="inlineStr"'), "_costdx!A2", {}),
    ("no marker in _costdx!A1", _hidden("A1", b"<v>7</v>"), "_costdx!A1", {}),
    ("no _costdx sheet",
     lambda d: edit_part(d, "xl/workbook.xml", lambda x: x.replace(b'name="_costdx"', b'name="x"')),
     "no _costdx sheet", {}),
    ("a defined name pointing at a range",
     lambda d: edit_part(d, "xl/workbook.xml", lambda x: re.sub(
         rb"(<definedName name=\"hours\">Inputs!\$C\$5)<", rb"\1:$C$9<", x)),
     "refers to Inputs!C5:C9, not one cell", {}),
    ("WEBSERVICE typed into an input cell",
     _input_cell(b'<f>WEBSERVICE("http://example.invalid/x")</f><v>2</v>'),
     "Inputs!C5 (driver hours) holds a formula", {}),
    ("an external link typed into an input cell",
     _input_cell(b"<f>[1]Sheet1!$A$1</f><v>2</v>"),
     "Inputs!C5 (driver hours) links to another workbook", {}),
    ("a formula without a cached value", _input_cell(b"<f>1/0</f>"),
     "Inputs!C5 (driver hours) holds a formula (=1/0)", {}),
    ("an array formula", _input_cell(b'<f t="array" ref="C5">SUM(1,2)</f><v>3</v>'),
     "Inputs!C5 (driver hours) holds a formula", {}),
    ("an empty input cell", _input_cell(b""), "Inputs!C5 (driver hours) is empty", {}),
    ("text in an input cell", _input_cell(b"<is><t>two</t></is>", b' t="inlineStr"'),
     "Inputs!C5 (driver hours) holds 'two', not a number", {}),
    ("a boolean in an input cell", _input_cell(b"<v>1</v>", b' t="b"'),
     "Inputs!C5 (driver hours) holds 'True', not a number", {}),
    ("an error value in an input cell", _input_cell(b"<v>#DIV/0!</v>", b' t="e"'),
     "Inputs!C5 (driver hours) holds '#DIV/0!', not a number", {}),
    ("the embedded case is not JSON", _payload_edit(lambda p: "{not json"), "not valid JSON", {}),
    ("the embedded case nested 100,000 deep",
     _payload_edit(lambda p: json.dumps(p)[:-1] + ',"x":' + "[" * 100_000 + "]" * 100_000 + "}"),
     "nested more than 32 levels", {}),
    ("the embedded data is a list", _payload_edit(lambda p: "[1, 2]"), "is not costdx's", {}),
    ("the embedded kind is unknown", _payload_edit(lambda p: p.__setitem__("kind", "x")),
     "is not costdx's", {}),
    ("the embedded inputs are not a list", _payload_edit(lambda p: p.__setitem__("inputs", 5)),
     "is not costdx's", {}),
    ("an input record without a path",
     _payload_edit(lambda p: p["inputs"][0].pop("path")), "input cell 0", {}),
    ("an input record whose path is a number", _payload_edit(_set("path", 5)), "input cell 0", {}),
    ("an input record whose path holds a boolean",
     _payload_edit(_set("path", ["diagnosis", True])), "input cell 0", {}),
    ("an input record whose cell has no sheet", _payload_edit(_set("cell", "C5")),
     "input cell 0", {}),
    ("an input record whose low is text", _payload_edit(_set("low", "a")), "input cell 0", {}),
    ("an input record whose value is text", _payload_edit(_set("value", "x")), "input cell 0", {}),
    ("an input record that is a number", _payload_edit(lambda p: p["inputs"].__setitem__(0, 3)),
     "input cell 0", {}),
    ("an input record pointing past the drivers",
     _payload_edit(lambda p: p["inputs"][0].update(path=["diagnosis", "drivers", 99, "value"],
                                                    value=123.0)),
     "nothing at diagnosis.drivers[99].value", {}),
    ("an input record pointing through a number",
     _payload_edit(lambda p: p["inputs"][0].update(path=["horizon_years", "x"], value=123.0)),
     "nothing at horizon_years.x", {}),
    ("the embedded value case without its diagnosis",
     _payload_edit(lambda p: p["case"].pop("diagnosis")), "has no diagnosis", {}),
    ("the embedded correlations are not a list",
     _payload_edit(lambda p: p["case"]["diagnosis"].__setitem__("correlations", 5)),
     "correlations", {}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "phrase", "options"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_workbook_is_refused(
    workbook_bytes: bytes,
    tmp_path: Path,
    build: Build,
    phrase: str,
    options: dict[str, int],
) -> None:
    path = write(tmp_path / "hostile.xlsx", build(workbook_bytes))
    with within(), pytest.raises(cdx.WorkbookError) as info:
        cdx.read_excel(path, **options)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert phrase in message, message


def test_the_good_workbook_reads(workbook_bytes: bytes, tmp_path: Path) -> None:
    # the corpus edits a workbook that reads back unchanged, so each refusal is the edit's
    back = cdx.read_excel(write(tmp_path / "good.xlsx", workbook_bytes))
    assert not back.changes


def test_a_raised_cell_limit_reads_a_large_workbook(workbook_bytes: bytes, tmp_path: Path) -> None:
    # 2,000 cells more than the 250,000 allowed by default... read with max_cells raised
    data = edit_sheet(workbook_bytes, "About", many_cells(2_000))
    path = write(tmp_path / "larger.xlsx", data)
    with pytest.raises(cdx.WorkbookError, match="more than 1,000 cells"):
        cdx.read_excel(path, max_cells=1_000)
    assert not cdx.read_excel(path, max_cells=10_000).changes


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_workbook_path_that_is_not_a_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.xlsx"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    phrase = {"fifo": "is a named pipe", "device": "is a character device", "folder": "directory"}
    with within(), pytest.raises(cdx.WorkbookError, match=phrase[kind]) as info:
        cdx.read_excel(path)
    assert str(info.value).startswith(str(path))
