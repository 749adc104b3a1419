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

When only values changed — the usual edit, and all that `costdx apply` writes — each new
value is put in place of the old one's text directly (the locator knows where every value
is written), which spares the whole-file tomlkit parse: tomlkit takes about 75 µs a line.
"""

from __future__ import annotations

import difflib
import enum
import functools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from costdx.errors import format_location
from costdx.io._locate import toml_scalars
from costdx.io._toml import dump_toml, toml_value
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
    changes = _changed_values(old, new)
    if changes is not None:
        spans = toml_scalars(text) if changes else {}
        if all(path in spans for path, _ in changes):
            return _splice(text, spans, changes)
    document = _tomlkit().parse(text)
    _patch_table(document, old, new, top=True)
    return str(document.as_string())


@functools.cache
def _tomlkit() -> Any:
    # tomlkit loads when a file's structure changes, not with costdx (about 40 ms)
    import tomlkit  # noqa: PLC0415

    return tomlkit


def _is(item: Any, kind: str) -> bool:
    """Whether ``item`` is a tomlkit item of ``kind`` (``"Table"``, ``"AoT"`` ...)."""
    return isinstance(item, getattr(_tomlkit().items, kind))


class _StructureChangedError(Exception):
    """The two cases differ in more than values: keys or items added or removed."""


def _changed_values(old: Any, new: Any) -> list[tuple[str, Any]] | None:
    """``(path, new value)`` of every scalar that changed, or ``None`` when anything else
    did (a key or item added or removed, a table become a number)."""

    def walk(before: Any, after: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str, Any]]:
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            if list(before) != list(after):
                raise _StructureChangedError
            for key in after:
                yield from walk(before[key], after[key], (*path, key))
        elif isinstance(before, list) and isinstance(after, list):
            if len(before) != len(after):
                raise _StructureChangedError
            for index, (b, a) in enumerate(zip(before, after, strict=True)):
                yield from walk(b, a, (*path, index))
        elif isinstance(before, Mapping | list) or isinstance(after, Mapping | list):
            raise _StructureChangedError
        elif before != after or type(before) is not type(after):
            yield format_location(path), after

    try:
        return list(walk(old, new, ()))
    except _StructureChangedError:
        return None


_INTEGER = re.compile(r"^[+-]?\d[\d_]*$")


def _splice(text: str, spans: Mapping[str, tuple[int, int]], changes: list[tuple[str, Any]]) -> str:
    """``text`` with each changed value's text replaced, written as the old one was."""
    for path, value in sorted(changes, key=lambda c: spans[c[0]][0], reverse=True):
        start, end = spans[path]
        written = text[start:end]
        text = text[:start] + _written_like(value, written) + text[end:]
    return text


def _written_like(value: Any, written: str) -> str:
    """``value`` as TOML text in the style of ``written``, the text it replaces."""
    if isinstance(value, float):
        quoted = written[1:-1] if written[:1] in "\"'" else None
        if quoted is not None and percent_text(quoted) is not None:
            text = written_as_percent(value)
            if text is not None:
                return toml_value(text)
        if _INTEGER.match(written) and value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return toml_value(value)
    return toml_value(_plain(value))


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
    parse = _tomlkit().parse
    if top:
        return parse(dump_toml({key: _plain(value)}) + "\n")[key]
    # inside a table, as `dump_toml` writes it there
    return parse(dump_toml({"_": [{key: _plain(value)}]}) + "\n")["_"][0][key]


def _scalar(value: Any, like: Any) -> Any:
    """A new scalar written as the one it replaces was: a float stays a float, a
    percentage string a percentage string; otherwise a whole number is an integer."""
    if isinstance(value, float):
        if _is(like, "String") and percent_text(str(like)) is not None:
            text = written_as_percent(value)
            if text is not None:
                return text
        if _is(like, "Float"):
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
                _is(current, "Table")
                or (_is(current, "InlineTable") and list(before) == list(value))
            )
        ):
            _patch_table(current, before, value)
            continue
        if (
            _is(current, "AoT")
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


def _patch_list(aot: Any, old: list[Any], new: list[Any], key: str) -> None:
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
