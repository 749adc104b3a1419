"""Writing TOML: costdx's case data as a readable file (tables, inline estimates).

Python's standard library reads TOML (`tomllib`) but does not write it; this writer covers
what case data holds: tables, arrays of tables, inline tables for small records
(estimates, bounds), strings, numbers, booleans and dates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from costdx.errors import CaseFileError

__all__ = ["dump_toml", "toml_value"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CaseFileError(f"cannot write {value} to TOML")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in value.items()) + " }"
    raise CaseFileError(f"cannot write a {type(value).__name__} to TOML")


def toml_value(value: Any) -> str:
    """One value as TOML text: a string quoted and escaped, a date, a number, an inline
    table or array.

    >>> toml_value('say "hi"'), toml_value(2.5), toml_value({"min": 0})
    ('"say \\\\"hi\\\\""', '2.5', '{ min = 0 }')
    """
    return _scalar(value)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _inline(value: Any) -> bool:
    if isinstance(value, dict):
        return all(not isinstance(v, dict | list) or _inline(v) for v in value.values())
    if isinstance(value, list):
        return not _is_table_list(value)
    return True


def _emit(table: Mapping[str, Any], path: list[str], lines: list[str], *, top: bool) -> None:
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        as_table = (top and isinstance(value, dict)) or not _inline(value)
        if as_table:
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_scalar(value)}")
    for key, value in nested:
        name = ".".join(_key(p) for p in [*path, key])
        if isinstance(value, dict):
            lines.extend(["", f"[{name}]"])
            _emit(value, [*path, key], lines, top=False)
        else:
            for item in value:
                lines.extend(["", f"[[{name}]]"])
                _emit(item, [*path, key], lines, top=False)


def dump_toml(data: Mapping[str, Any]) -> str:
    """Render nested data as TOML: small tables inline, lists of tables as ``[[...]]``.

    >>> print(dump_toml({"a": 1, "t": {"b": "x"}, "rows": [{"v": {"dist": "pert"}}]}))
    a = 1
    <BLANKLINE>
    [t]
    b = "x"
    <BLANKLINE>
    [[rows]]
    v = { dist = "pert" }
    <BLANKLINE>
    """
    lines: list[str] = []
    _emit(data, [], lines, top=True)
    return "\n".join(lines) + "\n"
