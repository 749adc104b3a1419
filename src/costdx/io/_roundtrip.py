"""Saving a case into the TOML file it came from: only what changed is written.

An analyst's case file carries more than the case: comments, the order of keys, integers
written as integers, inline tables, blank lines between sections, percentages written as
``"8%"``. Writing the case afresh would lose all of it. Instead the file's own text is
parsed with `tomlkit` (a style-preserving TOML library) and the difference between the
case as it was loaded and the case being saved is applied to it, key by key:

* a changed number or text replaces the old value in place, keeping its comment; a
  number written as an integer stays an integer while it is whole, and a percentage
  string stays a percentage string;
* a key that is gone is removed; a new key is added at the end of its table;
* items of a list of tables (drivers, problems, solutions ...) are matched by their id,
  so a driver added, removed or edited touches that driver only;
* anything else that changed is written in costdx's own layout (`dump_toml`).

Nothing that did not change is touched, so saving an unchanged case reproduces the file
byte for byte.
"""

from __future__ import annotations

import difflib
import enum
import json
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Float, InlineTable, String, Table

from costdx.io._toml import dump_toml
from costdx.model import percent_text, written_as_percent

__all__ = ["patch_toml"]

_KEYS = ("id", "name", "consequence")
"""What names an item of a list of tables (a scenario: its name; an address: its
consequence); items without one are matched by position and content."""


def patch_toml(text: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """``text`` (TOML holding ``old``) changed to hold ``new``, touching nothing else.

    >>> text = 'id = "x"  # the case\\nvalue = 3\\n'
    >>> print(patch_toml(text, {"id": "x", "value": 3}, {"id": "x", "value": 4.0}), end="")
    id = "x"  # the case
    value = 4
    """
    document = tomlkit.parse(text)
    _patch_table(document, old, new, top=True)
    return document.as_string()


def _plain(value: Any) -> Any:
    """Plain TOML data; a whole float is written as an integer, as a person would."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _fresh(key: str, value: Any, *, top: bool = False) -> Any:
    """``value`` as a tomlkit item in costdx's layout: small records inline, except for a
    table at the top of the file."""
    if top:
        return tomlkit.parse(dump_toml({key: _plain(value)}) + "\n")[key]
    # inside a table, as `dump_toml` writes it there
    return tomlkit.parse(dump_toml({"_": [{key: _plain(value)}]}) + "\n")["_"][0][key]


def _scalar(value: Any, like: Any) -> Any:
    """A new scalar written as the one it replaces was: a float stays a float, a
    percentage string a percentage string; otherwise a whole number is an integer."""
    if isinstance(value, float):
        if isinstance(like, String) and percent_text(str(like)) is not None:
            text = written_as_percent(value)
            if text is not None:
                return text
        if isinstance(like, Float):
            return value
    return _plain(value)


def _patch_table(
    table: Any, old: Mapping[str, Any], new: Mapping[str, Any], *, top: bool = False
) -> None:
    for key in [k for k in old if k not in new]:
        if key in table:
            del table[key]
    for key, value in new.items():
        before = old.get(key)
        if key in old and before == value:
            continue
        if key not in table:
            table[key] = _fresh(key, value, top=top)
            continue
        current = table[key]
        # a table is patched key by key; an inline table too, unless its keys change (then
        # it is written again, as one line)
        if (
            isinstance(value, Mapping)
            and isinstance(before, Mapping)
            and (
                isinstance(current, Table)
                or (isinstance(current, InlineTable) and list(before) == list(value))
            )
        ):
            _patch_table(current, before, value)
            continue
        if (
            isinstance(current, AoT)
            and isinstance(before, list)
            and isinstance(value, list)
            and all(isinstance(v, Mapping) for v in [*before, *value])
        ):
            _patch_list(current, before, value, key)
            continue
        if isinstance(value, Mapping | list):
            table[key] = _fresh(key, value, top=top)
        else:
            table[key] = _scalar(value, current)


def _key(item: Mapping[str, Any]) -> str:
    for name in _KEYS:
        if isinstance(item.get(name), str):
            return f"{name}={item[name]}"
    return json.dumps(_plain(item), sort_keys=True, default=str)


def _patch_list(aot: AoT, old: list[Any], new: list[Any], key: str) -> None:
    named = all(any(isinstance(i.get(n), str) for n in _KEYS) for i in [*old, *new])
    if not named and len(old) == len(new):
        for k, (before, after) in enumerate(zip(old, new, strict=True)):
            _patch_table(aot[k], before, after)
        return
    matcher = difflib.SequenceMatcher(
        a=[_key(i) for i in old], b=[_key(i) for i in new], autojunk=False
    )
    # from the end, so that the positions of what is still to do do not move
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                _patch_table(aot[i1 + k], old[i1 + k], new[j1 + k])
            continue
        for index in reversed(range(i1, i2)):
            del aot[index]
        for offset, item in enumerate(new[j1:j2]):
            aot.insert(i1 + offset, _fresh(key, [item], top=True)[0])
