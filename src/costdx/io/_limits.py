"""How much costdx reads, and reads that keep to it.

A case file or workbook may come from anyone: damaged, edited by hand, or built to hurt.
Whatever it holds, reading it ends within seconds, in bounded memory, and any failure is a
`CaseFileError` naming the file and the place. The limits are named constants; those a
real case could outgrow (the size of a file, the cells of a workbook) can be raised per
call, the others describe the shape of every case costdx writes.

Nothing here trusts what the operating system or the file says about its own size: a read
stops one byte past the limit, whatever ``stat`` reported (``/proc`` files and devices
report 0), and anything but a regular file (a named pipe, a device, a socket) is refused
without waiting on it.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from costdx.errors import CaseFileError

__all__ = [
    "MAX_CASE_BYTES",
    "MAX_DEPTH",
    "MAX_KEY_PARTS",
    "check_toml_shape",
    "parse_json",
    "read_capped",
]

MAX_CASE_BYTES = 10_000_000
"""The largest case file `costdx.load` reads: 10 MB, about 40,000 drivers, which load in
about 2.5 s on a 2-core machine. The largest real cases are near 1 MB; pass
``max_bytes=`` to read a larger file."""

MAX_DEPTH = 32
"""The deepest nesting of tables, arrays and objects in a case file or an embedded case.
A case nests at most 8 levels (``value_case.solutions[].addresses[].fraction``); Python's
parsers fail on a few thousand, so deeper input is refused before it is parsed."""

MAX_KEY_PARTS = 32
"""The most parts of a dotted TOML key or table header (``a.b.c`` has 3). A case needs 3;
the standard library's TOML reader takes time that grows with the square of the parts."""

_READ_CHUNK = 1 << 20

_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a named pipe"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
    (stat.S_ISSOCK, "is a socket"),
)


def read_capped(path: Path, *, max_bytes: int, what: str) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    The file is opened without blocking (a named pipe with no writer would otherwise wait
    for ever) and refused unless it is a regular file once opened, so a symbolic link to
    ``/dev/zero`` is refused as the device it is. The read stops one byte past the limit.

    Raises
    ------
    CaseFileError
        Naming ``path``: missing, unreadable, not a regular file, or larger than
        ``max_bytes``.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise CaseFileError(f"max_bytes must be a positive whole number, got {max_bytes!r}")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise CaseFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CaseFileError(f"{path}: is a directory, not a {what}") from None
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        for test, kind in _KINDS:
            if test(mode):
                raise CaseFileError(f"{path}: {kind}, not a {what}")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(_READ_CHUNK, max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise CaseFileError(
                    f"{path}: larger than {_size(max_bytes)}, the most a {what} may hold "
                    f"here; pass max_bytes= to read a larger one"
                )
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    return f"{count:,} bytes"


# --- the shape of text before a parser sees it ------------------------------------------------

# Strings and comments, replaced by "" before brackets are counted. Every alternative also
# matches an unterminated string (to the end of its line, or of the text), so the scan
# never backtracks: it is linear in the text whatever it holds.
_JSON_SKIP = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_TOML_SKIP = re.compile(
    r'"""[\s\S]*?(?:"""|\Z)'
    r"|'''[\s\S]*?(?:'''|\Z)"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
)
# A dotted key (or table header) of more than MAX_KEY_PARTS parts, once quoted parts are "".
# The look-behind starts a match only at the start of a word, so the scan stays linear.
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"")'
_LONG_KEY = re.compile(
    rf"(?<![A-Za-z0-9_-]){_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{MAX_KEY_PARTS},}}"
)
_STEP = np.zeros(256, dtype=np.int8)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1


def _keep_lines(match: re.Match[str]) -> str:
    return '""' + "\n" * match.group().count("\n")


def _line(skip: re.Pattern[str], text: str, find: Callable[[str], int | None]) -> int:
    """The line of the fault ``find`` locates in the blanked text: blanked again, keeping
    the newlines of what is set aside (slower, so only once a fault is known)."""
    blanked = skip.sub(_keep_lines, text)
    return blanked.count("\n", 0, find(blanked) or 0) + 1


def _too_deep(blanked: str) -> int | None:
    """Where the brackets of ``blanked`` first nest deeper than `MAX_DEPTH`, or None."""
    steps = _STEP[np.frombuffer(blanked.encode("utf-8", "surrogatepass"), dtype=np.uint8)]
    depth = np.cumsum(steps, dtype=np.int32)
    if not depth.size or int(depth.max()) <= MAX_DEPTH:
        return None
    at = int(np.argmax(depth > MAX_DEPTH))
    return len(blanked.encode("utf-8", "surrogatepass")[:at].decode("utf-8", "surrogatepass"))


def _check_depth(skip: re.Pattern[str], text: str, where: str) -> None:
    if _too_deep(skip.sub('""', text)) is not None:
        line = _line(skip, text, _too_deep)
        raise CaseFileError(
            f"{where}: line {line}: tables, arrays or objects nested more than {MAX_DEPTH} "
            f"levels deep; a case nests at most 8"
        )


def _long_key(blanked: str) -> int | None:
    found = _LONG_KEY.search(blanked)
    return None if found is None else found.start()


def check_toml_shape(text: str, where: str) -> None:
    """Refuse TOML whose nesting or dotted keys are beyond what any case holds.

    Checked on the text before `tomllib` parses it: strings and comments are set aside,
    then the brackets' depth is counted (`MAX_DEPTH`) and the parts of every dotted key
    (`MAX_KEY_PARTS`). Both scans are linear in the text.
    """
    found = _LONG_KEY.search(_TOML_SKIP.sub('""', text))
    if found is not None:
        parts = found.group().count(".") + 1
        raise CaseFileError(
            f"{where}: line {_line(_TOML_SKIP, text, _long_key)}: a dotted key of {parts:,} "
            f"parts; a case's keys have at most 3, and costdx reads at most {MAX_KEY_PARTS}"
        )
    _check_depth(_TOML_SKIP, text, where)


def parse_json(text: str, where: str) -> Any:
    """Parse JSON as a case holds it: nesting at most `MAX_DEPTH` deep, no ``NaN`` or
    ``Infinity``, no key twice in one object.

    Raises
    ------
    CaseFileError
        Naming ``where`` and the line and column of the fault.
    """
    _check_depth(_JSON_SKIP, text, where)
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_twice)
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            f"{where}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except ValueError as exc:
        raise CaseFileError(f"{where}: not valid JSON: {exc}") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a case can hold")


def _no_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys; TOML rejects them, and so does costdx
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"the key {key!r} appears twice in one object")
        data[key] = value
    return data
