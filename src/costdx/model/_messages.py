"""pydantic's validation errors as costdx issues: one plain sentence each, located by path
and by the id of the object they are in.

pydantic words its errors for programmers (``drivers[9].value.point: Input should be a
finite number``) and locates them by list position only. Here each error's location is
resolved against the model it came from, so that the tags pydantic adds inside a union
(``.point``, ``.pert``) are left out and the model the error is in is known (to suggest a
field for a misspelt key, to name an estimate's figures); its message becomes one sentence
that says what was expected and what was found, without dumping a whole table; and the
issue is given the id of the driver, consequence ... it is in (``subject``), read from the
data that was validated.
"""

from __future__ import annotations

import difflib
import math
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, Tag
from pydantic_core import ErrorDetails

from costdx.errors import ID_LISTS, CaseValidationError, Issue, format_location, parse_location
from costdx.model._rates import CODES

__all__ = ["issue_of", "resolve", "shown", "subject_of", "with_subjects"]

_ID_KEY = {"scenarios": "name", "addresses": "consequence", "measurements": "driver"}
"""The key that names an item of these lists (else ``id``)."""
_ID_PATTERN = "^[a-z][a-z0-9_]*$"
_SHOWN = 60


def shown(value: Any) -> str:
    """A value as a message shows it: numbers and short text as written, a table or a list
    by what it holds, never as a dump cut short.

    >>> shown(float("nan")), shown("abc"), shown({"low": 1, "high": 2}), shown([1, 2, 3])
    ('nan', "'abc'", 'a table with keys low, high', 'a list of 3 items')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not math.isfinite(value) else f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        text = value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"
        return repr(text)
    if isinstance(value, Mapping):
        keys = ", ".join(str(k) for k in list(value)[:8])
        more = ", …" if len(value) > 8 else ""
        return f"a table with keys {keys}{more}" if value else "an empty table"
    if isinstance(value, list | tuple):
        count = len(value)
        return f"a list of {count} item{'s' if count != 1 else ''}"
    if value is None:
        return "nothing"
    return f"a {type(value).__name__}"


def _strip(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` metadata and without ``| None``."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _tagged(annotation: Any) -> dict[str, Any]:
    """The members of a tagged union by tag (``{"pert": PERT, ...}``), or ``{}``."""
    members: dict[str, Any] = {}
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return members
    for member in typing.get_args(annotation):
        if typing.get_origin(member) is typing.Annotated:
            for meta in typing.get_args(member)[1:]:
                if isinstance(meta, Tag):
                    members[meta.tag] = member
    return members


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def resolve(
    model: type[BaseModel], loc: Sequence[str | int]
) -> tuple[list[str | int], type[BaseModel] | None, str | None]:
    """Walk an error's ``loc`` through ``model``'s fields.

    Returns the location without pydantic's union tags and ``[key]`` markers, the model
    that holds the last step (``None`` when the walk leaves the models), and the tag of
    the last union member passed through (``"pert"``).
    """
    clean: list[str | int] = []
    annotation: Any = model
    owner: type[BaseModel] | None = None
    tag: str | None = None
    for part in loc:
        current = _strip(annotation)
        members = _tagged(current)
        if isinstance(part, str) and part in members:
            annotation, tag = members[part], part
            continue
        if part == "[key]":
            continue
        clean.append(part)
        if _is_model(current):
            owner = current
            field = current.model_fields.get(str(part))
            annotation = field.annotation if field is not None else None
        elif typing.get_origin(current) in (tuple, list) and isinstance(part, int):
            annotation = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            annotation = typing.get_args(current)[1]
        else:
            annotation, owner = None, None
    return clean, owner, tag


def _figures(owner: type[BaseModel] | None) -> str:
    names: tuple[str, ...] = getattr(owner, "FIGURE_NAMES", ())
    if not names:
        return ""
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _phrase(error: ErrorDetails, owner: type[BaseModel] | None, tag: str | None) -> str:
    """One sentence for a pydantic error: what was expected, and what was found."""
    kind = error["type"]
    message = error["msg"]
    given = error.get("input")
    loc = error["loc"]
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        figures = _figures(owner)
        if tag is not None and figures:
            return f"missing; a {tag} estimate needs {figures}"
        return "required but missing"
    if kind == "extra_forbidden":
        fields = list(owner.model_fields) if owner is not None else []
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        if not hint and fields:
            hint = f"; the keys here are {', '.join(fields)}"
        return f"unknown key {name!r}{hint}"
    if kind in ("value_error", "assertion_error") or kind in CODES:
        # costdx's own checks: their messages already name the value and the fix
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_pattern_mismatch" and (error.get("ctx") or {}).get("pattern") == _ID_PATTERN:
        return (
            "must be an id: a lower-case letter, then lower-case letters, digits and _; "
            f"got {shown(given)}"
        )
    if kind.startswith(("date", "datetime")):
        return f"must be a date written YYYY-MM-DD, got {shown(given)}"
    if kind == "model_type":
        return f"must be a table of keys and values, got {shown(given)}"
    if kind in ("tuple_type", "list_type"):
        return f"must be a list, got {shown(given)}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        whole = kind.startswith("int")
        return f"must be {'a whole number' if whole else 'a number'}, got {shown(given)}"
    if "[key]" in loc:
        expected = message.removeprefix("Input should be ")
        return f"the key {given!r} must be {expected}"
    expected = message.removeprefix("Input should be ")
    if expected != message:
        return f"must be {expected}, got {shown(given)}"
    return f"{message[:1].lower()}{message[1:]}, got {shown(given)}"


def issue_of(error: ErrorDetails, model: type[BaseModel] | None) -> list[Issue]:
    """The costdx issues of one pydantic error (the issues of a costdx error raised inside
    a validator come out as they were, located under the error's path)."""
    loc = list(error["loc"])
    clean, owner, tag = resolve(model, loc) if model is not None else (loc, None, None)
    location = format_location(clean)
    inner = (error.get("ctx") or {}).get("error")
    if isinstance(inner, CaseValidationError):
        return list(inner.prefixed(location).issues)
    code = error["type"]
    if code == "too_short" and _enough_given(error):
        return []
    if code == "value_error":
        code = "invalid_value"
    return [Issue(location, _phrase(error, owner, tag), code)]


def _enough_given(error: ErrorDetails) -> bool:
    # pydantic-core counts a tuple's items *after* validation, so a tuple whose items
    # failed is also reported "too short"; the items' own errors already say what is wrong.
    minimum = (error.get("ctx") or {}).get("min_length")
    given = error.get("input")
    return isinstance(minimum, int) and isinstance(given, typing.Sized) and len(given) >= minimum


def _step(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return (
            node[part]
            if isinstance(node, list | tuple) and -len(node) <= part < len(node)
            else None
        )
    if isinstance(node, Mapping):
        return node.get(part)
    return getattr(node, part, None) if isinstance(node, BaseModel) else None


def subject_of(data: Any, location: str) -> str:
    """The id of the innermost item of an id-bearing list (`ID_LISTS`) that ``location``
    lies in, read from ``data`` (plain data or models); ``""`` if there is none.

    >>> subject_of({"drivers": [{"id": "a"}, {"id": "b"}]}, "drivers[1].value")
    'b'
    """
    subject = ""
    node, key = data, ""
    for part in parse_location(location):
        node = _step(node, part)
        if node is None:
            break
        if isinstance(part, int) and key in ID_LISTS:
            ident = _step(node, _ID_KEY.get(key, "id"))
            if isinstance(ident, str):
                subject = ident
        if isinstance(part, str):
            key = part
    return subject


def with_subjects(issues: Sequence[Issue], data: Any) -> list[Issue]:
    """``issues`` with the id of what each is in, read from ``data``, where not yet given."""
    out = []
    for issue in issues:
        subject = "" if issue.subject else subject_of(data, issue.location)
        out.append(replace(issue, subject=subject) if subject else issue)
    return out
