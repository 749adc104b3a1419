"""The line of every path in a case file's text, for messages that point at the line.

Neither `tomllib` nor `json` reports where a value was written, so the text is scanned
once more, on the first question, into a map from every path a case uses
(``drivers[9].value.likely``) to the 1-based line it starts on. The scan follows the
formats' own structure — TOML's ``[table]`` and ``[[array of tables]]`` headers, dotted
and quoted keys, inline tables, arrays over several lines, multi-line strings; JSON's
objects and arrays — and is linear in the text. A path that is not written (a missing
key) is placed at the nearest enclosing table that is.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Literal

from costdx.errors import format_location, parse_location

__all__ = ["FileOrigin", "json_lines", "toml_lines", "toml_scalars"]

Part = str | int
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = " \t"


class _Scanner:
    """A cursor over the text that knows the line of any position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.lines: dict[str, int] = {}

    def line_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)

    def record(self, path: list[Part], pos: int) -> None:
        self.lines.setdefault(format_location(path), self.line_at(pos))

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def skip(self, *, newlines: bool, comments: str = "#") -> None:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in _SPACE or (newlines and ch in "\r\n"):
                self.pos += 1
            elif comments and ch == comments:
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def string(self) -> str:
        """Read a quoted string at the cursor (TOML basic, literal, multi-line; JSON)."""
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, self.pos):
                end = text.find(quote, self.pos + 3)
                while end >= 0 and quote == '"""' and _escaped(text, end):
                    end = text.find(quote, end + 1)
                end = len(text) if end < 0 else end + 3
                while text.startswith(quote[0], end):  # up to two quotes may close it
                    end += 1
                raw, self.pos = text[self.pos : end], end
                return raw
        quote = text[self.pos]
        end = self.pos + 1
        while end < len(text) and text[end] != quote:
            end += 2 if quote == '"' and text[end] == "\\" else 1
        raw, self.pos = text[self.pos + 1 : end], end + 1
        return raw if quote == "'" else _unescape(raw)


def _escaped(text: str, pos: int) -> bool:
    slashes = 0
    while pos - slashes - 1 >= 0 and text[pos - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    try:
        decoded: str = raw.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:  # pragma: no cover - the text parsed as TOML/JSON already
        return raw
    return decoded


_SCALAR = re.compile(r"[^,\]}\n#]*")


class _Toml(_Scanner):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.last: dict[tuple[Part, ...], int] = {}
        self.spans: dict[str, tuple[int, int]] = {}
        """Where each scalar value's text starts and ends, by path."""

    def key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self.skip(newlines=False)
            if self.peek() in ('"', "'"):
                keys.append(self.string())
            else:
                match = _BARE.match(self.text, self.pos)
                if match is None:
                    return keys
                keys.append(match.group())
                self.pos = match.end()
            self.skip(newlines=False)
            if self.peek() != ".":
                return keys
            self.pos += 1

    def header(self, keys: list[str], *, array: bool) -> list[Part]:
        path: list[Part] = []
        for k, name in enumerate(keys):
            path.append(name)
            last = k == len(keys) - 1
            if last and array:
                self.record(path, self.pos)  # the array itself: its first table
                index = self.last.get(tuple(path), -1) + 1
                self.last[tuple(path)] = index
                path.append(index)
            elif tuple(path) in self.last:
                path.append(self.last[tuple(path)])
        return path

    def value(self, path: list[Part]) -> None:
        self.skip(newlines=False)
        self.record(path, self.pos)
        ch, start = self.peek(), self.pos
        if ch in ('"', "'"):
            self.string()
            self.spans[format_location(path)] = (start, self.pos)
        elif ch == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip(newlines=True)
                if self.peek() in ("]", ""):
                    self.pos += 1
                    return
                if self.peek() == ",":
                    self.pos += 1
                    index += 1
                    continue
                self.value([*path, index])
        elif ch == "{":
            self.pos += 1
            while True:
                self.skip(newlines=False)
                if self.peek() in ("}", ""):
                    self.pos += 1
                    return
                if self.peek() == ",":
                    self.pos += 1
                    continue
                start = self.pos
                keys = self.key()
                for k in range(1, len(keys)):
                    self.record([*path, *keys[:k]], start)
                self.skip(newlines=False)
                self.pos += 1  # '='
                self.value([*path, *keys])
        else:
            match = _SCALAR.match(self.text, self.pos)
            self.pos = match.end() if match is not None else len(self.text)
            end = self.pos
            while end > start and self.text[end - 1] in " \t\r":
                end -= 1
            self.spans[format_location(path)] = (start, end)

    def scan(self) -> dict[str, int]:
        table: list[Part] = []
        text = self.text
        while True:
            self.skip(newlines=True)
            if self.pos >= len(text):
                return self.lines
            start = self.pos
            if text.startswith("[[", self.pos):
                self.pos += 2
                table = self.header(self.key(), array=True)
                self.record(table, start)
                self.pos = text.find("]]", self.pos) + 2
            elif text.startswith("[", self.pos):
                self.pos += 1
                table = self.header(self.key(), array=False)
                self.record(table, start)
                self.pos = text.find("]", self.pos) + 1
            else:
                keys = self.key()
                if not keys:  # pragma: no cover - the text parsed as TOML already
                    self.pos = len(text) if (end := text.find("\n", self.pos)) < 0 else end
                    continue
                for k in range(1, len(keys)):
                    self.record([*table, *keys[:k]], start)
                self.record([*table, *keys], start)
                self.skip(newlines=False)
                self.pos += 1  # '='
                self.value([*table, *keys])


class _Json(_Scanner):
    def value(self, path: list[Part]) -> None:
        self.skip(newlines=True, comments="")
        self.record(path, self.pos)
        ch = self.peek()
        if ch == '"':
            self.string()
        elif ch in "[{":
            self.pos += 1
            index = 0
            while True:
                self.skip(newlines=True, comments="")
                here = self.peek()
                if here in ("]", "}", ""):
                    self.pos += 1
                    return
                if here == ",":
                    self.pos += 1
                    index += 1
                    continue
                if ch == "[":
                    self.value([*path, index])
                    continue
                start = self.pos
                key = self.string()
                self.record([*path, key], start)
                self.skip(newlines=True, comments="")
                self.pos += 1  # ':'
                self.value([*path, key])
        else:
            match = re.compile(r"[^,\]}\s]*").match(self.text, self.pos)
            self.pos = match.end() if match is not None else len(self.text)


def toml_lines(text: str) -> dict[str, int]:
    """The 1-based line of every path written in TOML ``text``.

    >>> toml_lines('a = [1,\\n  2]\\n\\n[[drivers]]\\nid = "x"\\nvalue = { low = 1 }\\n')
    {'a': 1, 'a[0]': 1, 'a[1]': 2, 'drivers': 4, 'drivers[0]': 4, 'drivers[0].id': 5, 'drivers[0].value': 6, 'drivers[0].value.low': 6}
    """  # noqa: E501
    return _Toml(text).scan()


def toml_scalars(text: str) -> dict[str, tuple[int, int]]:
    """Where the text of every scalar value of TOML ``text`` starts and ends, by path.

    >>> text = 'a = 1  # one\\nb = { c = "x" }\\n'
    >>> {path: text[start:end] for path, (start, end) in toml_scalars(text).items()}
    {'a': '1', 'b.c': '"x"'}
    """
    scanner = _Toml(text)
    scanner.scan()
    return scanner.spans


def json_lines(text: str) -> dict[str, int]:
    """The 1-based line of every path written in JSON ``text``.

    >>> json_lines('{"drivers": [\\n  {"id": "x",\\n   "value": 1}]}')
    {'': 1, 'drivers': 1, 'drivers[0]': 2, 'drivers[0].id': 2, 'drivers[0].value': 3}
    """
    scanner = _Json(text)
    scanner.value([])
    return scanner.lines


class FileOrigin:
    """The file a case was loaded from: its path and text, and the line of any path.

    Implements `costdx.model.Origin`. The text is kept so that saving the case can write
    into it (`costdx.save`); the line map is built on the first question.
    """

    def __init__(self, file: str, text: str, kind: Literal["toml", "json"]) -> None:
        self.file = file
        self.text = text
        self.kind = kind
        self.loaded: object | None = None
        """The case as it was loaded from the text (what a save compares with), once
        loaded; not pickled (a save in another process validates the text again)."""
        self._lines: dict[str, int] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"file": self.file, "text": self.text, "kind": self.kind}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["file"], state["text"], state["kind"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<FileOrigin {self.file!r} ({self.kind})>"

    def line(self, location: str) -> int | None:
        """The 1-based line of ``location``, or of the nearest enclosing path written."""
        if self._lines is None:
            try:
                self._lines = (toml_lines if self.kind == "toml" else json_lines)(self.text)
            except (IndexError, ValueError, RecursionError):  # pragma: no cover - parsed already
                self._lines = {}
        parts = parse_location(location)
        while parts:
            found = self._lines.get(format_location(parts))
            if found is not None:
                return found
            parts.pop()
        return None
