"""A workbook's zip package, checked before any of its XML is parsed.

An ``.xlsx`` file is a zip of XML parts. A few hundred kilobytes can unpack to gigabytes,
hold tens of millions of cells, or merge a range of 17 billion cells that openpyxl builds
one by one; XML can declare entities that expand without end. `check_package` reads the
zip's directory and streams every part once, counting what openpyxl would build, and
refuses the workbook before openpyxl sees it:

- parts that would unpack to more than ``max_bytes`` together (`MAX_WORKBOOK_BYTES`);
- more than `MAX_PARTS` parts;
- more than ``max_cells`` cells (`MAX_CELLS`), counting every cell of a merged range or
  a hyperlink's range, which openpyxl also creates;
- more than `MAX_ROWS` rows in one part;
- a document type declaration (``<!DOCTYPE``, ``<!ENTITY``): no spreadsheet writes one,
  and it is how entity expansion and external entities get in;
- XML that is not in an ASCII-compatible encoding (UTF-16), which the byte scan could
  not read.

The scan is a pass over bytes (regular expressions that never backtrack), not an XML
parse; what it counts can only be too many, never too few.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from costdx.errors import WorkbookError

__all__ = ["MAX_CELLS", "MAX_PARTS", "MAX_ROWS", "MAX_WORKBOOK_BYTES", "check_package"]

MAX_WORKBOOK_BYTES = 100_000_000
"""The most a workbook may hold, as a file and unpacked: 100 MB. costdx's report of a
case of 4,000 drivers and 2,000 consequences unpacks to 23 MB."""

MAX_CELLS = 250_000
"""The most cells `costdx.read_excel` reads, over all sheets. openpyxl builds about
55,000 cells a second on a 2-core machine, so the limit keeps a read under 5 seconds;
the report of a case of 3,000 drivers holds about 240,000."""

MAX_ROWS = 100_000
"""The most rows one sheet may hold (openpyxl builds an object for each, cells or not)."""

MAX_PARTS = 1_000
"""The most parts (files) in the zip package; a costdx report has about 25."""

_CHUNK = 1 << 20
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(_PREFIX + rb"c[\s/>]")
_ROW = re.compile(_PREFIX + rb"row[\s/>]")
_RANGE = re.compile(_PREFIX + rb"(?:mergeCell|hyperlink)\s[^>]*?\bref\s*=\s*[\"']([^\"'>]*)")
_REF = re.compile(rb"\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")


def check_package(data: bytes, where: str, *, max_cells: int, max_bytes: int) -> None:
    """Refuse the zip package ``data`` unless openpyxl can read it within the limits.

    Raises
    ------
    WorkbookError
        Naming ``where``, the part at fault and the limit, and saying how to go on.
    """
    _check_limit("max_cells", max_cells)
    _check_limit("max_bytes", max_bytes)
    if len(data) > max_bytes:
        raise WorkbookError(
            f"{where}: the file is larger than {_mb(max_bytes)}, the most costdx reads; "
            "pass max_bytes= to read_excel to read a larger one"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # zipfile raises many kinds on a damaged directory
        raise WorkbookError(f"{where}: not an .xlsx workbook (not a readable zip: {exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise WorkbookError(
                f"{where}: the zip holds {len(infos):,} parts; a workbook costdx reads holds "
                f"at most {MAX_PARTS:,}"
            )
        # zipfile stops every part at the size its directory states, so the stated sizes
        # bound what openpyxl can unpack.
        unpacked = sum(info.file_size for info in infos)
        if unpacked > max_bytes:
            raise WorkbookError(
                f"{where}: the workbook would unpack to {_mb(unpacked)}, more than the "
                f"{_mb(max_bytes)} costdx reads; pass max_bytes= to read_excel to read it"
            )
        cells = 0
        for info in infos:
            try:
                cells = _scan(archive, info, where, cells, max_cells)
            except WorkbookError:
                raise
            except Exception as exc:  # damaged compressed data: zlib, CRC, EOF ...
                raise WorkbookError(
                    f"{where}: part {info.filename} of the workbook is damaged ({exc})"
                ) from None


def _scan(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, cells: int, max_cells: int
) -> int:
    """Add the cells one part would create to ``cells``; refuse the part as soon as it
    breaks a limit."""
    part = info.filename
    rows = 0
    first = True
    for block in _blocks(archive, info):
        if first:
            if block.startswith(_WIDE):
                raise WorkbookError(
                    f"{where}: part {part} is XML in UTF-16, which no spreadsheet writes; "
                    "save the workbook again in Excel or LibreOffice"
                )
            first = False
        if _DECLARATION.search(block):
            raise WorkbookError(
                f"{where}: part {part} declares a document type or entities; no spreadsheet "
                "writes one and costdx refuses them (entity expansion, external entities)"
            )
        cells += len(_CELL.findall(block))
        for ref in _RANGE.findall(block):
            cells += _area(ref, where, part)
        rows += len(_ROW.findall(block))
        if cells > max_cells:
            raise WorkbookError(
                f"{where}: more than {max_cells:,} cells (the limit was passed in part {part}; "
                "a merged range counts each of its cells); pass max_cells= to read_excel to "
                "read a larger workbook"
            )
        if rows > MAX_ROWS:
            raise WorkbookError(
                f"{where}: part {part} holds more than {MAX_ROWS:,} rows, the most costdx "
                "reads in one sheet"
            )
    return cells


def _blocks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part in blocks of about 1 MB, each cut after the last ``>`` so that no tag is
    split between two blocks."""
    carry = b""
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            block = carry + chunk
            cut = block.rfind(b">") + 1
            if cut == 0 or len(block) - cut > _CHUNK:  # no tag end: text, or not XML
                cut = len(block)
            carry = block[cut:]
            yield block[:cut]
    if carry:
        yield carry


def _area(ref: bytes, where: str, part: str) -> int:
    match = _REF.fullmatch(ref.strip())
    if match is None:
        raise WorkbookError(
            f"{where}: part {part} has a merged or linked range {ref[:40].decode('latin-1')!r} "
            "that is not a cell range"
        )
    first_col, first_row, last_col, last_row = match.groups()
    if last_col is None:
        return 1
    width = abs(_column(last_col) - _column(first_col)) + 1
    height = abs(int(last_row) - int(first_row)) + 1
    return width * height


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_limit(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WorkbookError(f"{name} must be a positive whole number, got {value!r}")


def _mb(count: int) -> str:
    return f"{count / 1_000_000:,.1f} MB"
