"""Case files: read TOML and JSON, write JSON and TOML, check the schema version.

Every case file carries ``schema_version``; a file from a newer costdx, or one whose
version is unknown, gets a clear error rather than a misread. Writes go to a temporary
file beside the target that is renamed into place, so a failure never leaves a
half-written file over a good one.
"""

from __future__ import annotations

import functools
import json
import os
import tomllib
import typing
import warnings
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import pydantic

from costdx._fs import atomic_write
from costdx.errors import CaseFileError, CaseValidationError, Issue, join_location
from costdx.io._limits import MAX_CASE_BYTES, check_toml_shape, parse_json, read_capped
from costdx.io._locate import FileOrigin
from costdx.io._roundtrip import patch_toml
from costdx.io._toml import dump_toml
from costdx.model import (
    SCHEMA_VERSION,
    Diagnosis,
    Model,
    Tracking,
    ValueCase,
    attribute_docs,
    case_data,
    locate,
    origin_of,
    tie,
)

__all__ = [
    "check_version",
    "example_path",
    "load",
    "load_any",
    "load_tracking",
    "load_value_case",
    "read_data",
    "save",
    "schema",
]

_SUFFIXES = (".toml", ".json")
_TRACKING = ("tracking", "measurements")
"""A tracking's tables: what the diagnosis and the value case leave aside."""


def example_path(name: str = "acme") -> Path:
    """The path of a case shipped with costdx (``acme``: a manufacturing case), or of
    another example file named with its suffix (``accounts.csv``: invented accounts for
    `costdx.score`)."""
    package = Path(__file__).resolve().parent.parent
    filename = name if Path(name).suffix else f"{name}.toml"
    # Installed wheels carry the examples inside the package; a source checkout beside it.
    for folder in (package / "examples", package.parent.parent / "examples"):
        path = folder / filename
        if path.is_file():
            return path
    raise CaseFileError(f"no shipped example {name!r}")


def read_data(path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES) -> dict[str, Any]:
    """Read a case file into plain data, checking its type and ``schema_version``.

    At most ``max_bytes`` are read (`MAX_CASE_BYTES` unless given), whatever size
    the file claims; nesting and dotted keys are checked before the text is parsed (see
    `costdx.io.MAX_DEPTH`, `costdx.io.MAX_KEY_PARTS`).

    Raises
    ------
    CaseFileError
        If the file is missing, unreadable, not a regular file, too large, not TOML/JSON,
        malformed, nested too deep, or of another schema version.
    """
    return read_case(path, max_bytes=max_bytes)[1]


def read_case(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES
) -> tuple[FileOrigin, dict[str, Any]]:
    """The file's text (as a `FileOrigin`) and its data; see `read_data`."""
    file = Path(path)
    if file.suffix.lower() not in _SUFFIXES:
        raise CaseFileError(f"{file}: a case file must end in .toml or .json, not {file.suffix!r}")
    raw = read_capped(file, max_bytes=max_bytes, what="case file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileError(f"{file}: not UTF-8 text (byte {exc.start})") from None
    data: Any
    if file.suffix.lower() == ".toml":
        check_toml_shape(text, str(file))
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError) as exc:  # ValueError: a huge integer
            raise CaseFileError(f"{file}: not valid TOML: {exc}") from None
    else:
        data = parse_json(text, str(file))
    if not isinstance(data, dict):
        raise CaseFileError(f"{file}: a case file holds a table/object at the top")
    check_version(data, str(file))
    kind: Literal["toml", "json"] = "toml" if file.suffix.lower() == ".toml" else "json"
    return FileOrigin(str(path), text, kind), data


def check_version(data: Mapping[str, Any], where: str) -> None:
    """Raise `CaseFileError` unless ``data['schema_version']`` is one this costdx reads."""
    version = data.get("schema_version")
    if version is None:
        raise CaseFileError(
            f"{where}: no schema_version; a case file starts with schema_version = {SCHEMA_VERSION}"
        )
    if isinstance(version, bool) or not isinstance(version, int):
        raise CaseFileError(f"{where}: schema_version must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise CaseFileError(
            f"{where}: schema_version {version} was written by a newer costdx; this one reads "
            f"schema_version {SCHEMA_VERSION}. Upgrade costdx to read it."
        )
    if version != SCHEMA_VERSION:
        raise CaseFileError(
            f"{where}: schema_version {version} is unknown; this costdx reads schema_version "
            f"{SCHEMA_VERSION}"
        )


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES) -> Diagnosis:
    """Read and validate a case file (``.toml`` or ``.json``); its diagnosis only, if it
    also holds a ``[value_case]``. ``max_bytes`` as for `read_data`.

    Raises
    ------
    CaseFileError
        If the file cannot be read (see `read_data`).
    CaseValidationError
        Listing every problem of the case, each with its location.
    """
    origin, data = read_case(path, max_bytes=max_bytes)
    data.pop("value_case", None)
    _aside(data)
    origin.loaded = _diagnosis(data, origin)
    return origin.loaded


def load_value_case(path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES) -> ValueCase:
    """Read a case file with a ``[value_case]`` table into a validated `ValueCase`.

    The file's diagnosis is the rest of the file; ``[value_case]`` holds the solutions,
    ``horizon_years``, ``discount_rate`` and the other value-case settings. ``max_bytes``
    as for `read_data`.
    """
    origin, data = read_case(path, max_bytes=max_bytes)
    if "value_case" not in data:
        raise CaseFileError(f"{path}: no [value_case] table; add solutions under [value_case]")
    case = origin.loaded = from_data(origin, data)
    assert isinstance(case, ValueCase)
    return case


def load_tracking(path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES) -> Tracking:
    """Read a case file with a ``[value_case]`` and a ``[tracking]`` table (and its
    ``[[measurements]]``) into a validated `Tracking`; ``max_bytes`` as for `read_data`.

    `load_value_case` and `load_any` read the same file as its value case, and `load`
    as its diagnosis, leaving the tracking aside.
    """
    origin, data = read_case(path, max_bytes=max_bytes)
    if "tracking" not in data:
        raise CaseFileError(
            f"{path}: no [tracking] table; add one with the month the solution went live: "
            '[tracking] go_live = "2027-04"'
        )
    if "value_case" not in data:
        raise CaseFileError(f"{path}: a tracking follows a value case; add its [value_case]")
    tracking = origin.loaded = tracking_from_data(origin, data)
    return tracking


def _aside(data: dict[str, Any]) -> tuple[Any, Any]:
    """Take a tracking's tables out of a case file's data: its settings and rows."""
    return data.pop("tracking", None), data.pop("measurements", None)


def tracking_from_data(origin: FileOrigin, data: dict[str, Any]) -> Tracking:
    """Validate a case file's data as a tracking of its value case, tied to the file,
    its issues located in it."""
    settings, rows = _aside(data)
    if not isinstance(settings, dict):
        raise CaseFileError(f"{origin.file}: tracking must be a table")
    if rows is not None and not isinstance(rows, list):
        raise CaseFileError(f"{origin.file}: measurements must be a list of tables")
    vc = from_data(origin, data)
    if not isinstance(vc, ValueCase):
        raise CaseFileError(f"{origin.file}: a tracking follows a value case; add [value_case]")
    try:
        tracking = Tracking.model_validate({**settings, "value_case": vc,
                                            "measurements": rows or []})  # fmt: skip
    except CaseValidationError as exc:
        issues = [
            i if i.location.startswith(_TRACKING) else replace(
                i, location=join_location("tracking", i.location))
            for i in exc.issues
        ]  # fmt: skip
        raise CaseValidationError(locate(issues, origin),
                                  title=f"{origin.file}: invalid tracking") from None  # fmt: skip
    tie(tracking, origin)
    return tracking


def load_any(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES
) -> Diagnosis | ValueCase:
    """Read a case file once: a `ValueCase` when it holds a ``[value_case]`` table, else
    a `Diagnosis`. ``max_bytes`` as for `read_data`."""
    origin, data = read_case(path, max_bytes=max_bytes)
    origin.loaded = from_data(origin, data)
    return origin.loaded


def _invalid(issues: list[Issue], origin: FileOrigin) -> CaseValidationError:
    """The issues of a case file, each with its line in the file."""
    return CaseValidationError(locate(issues, origin), title=f"{origin.file}: invalid case")


def _diagnosis(data: dict[str, Any], origin: FileOrigin) -> Diagnosis:
    try:
        case = Diagnosis.model_validate(data)
    except CaseValidationError as exc:
        raise _invalid(list(exc.issues), origin) from None
    tie(case, origin)
    return case


def from_data(origin: FileOrigin, data: dict[str, Any]) -> Diagnosis | ValueCase:
    """Validate a case file's data: a `ValueCase` if it holds ``value_case``, else a
    `Diagnosis`; tied to the file, its issues located in it. A tracking's tables are
    left aside (`tracking_from_data` reads them)."""
    _aside(data)
    settings = data.pop("value_case", None)
    if settings is None:
        return _diagnosis(data, origin)
    if not isinstance(settings, dict):
        raise CaseFileError(f"{origin.file}: value_case must be a table")
    issues: list[Issue] = []
    diagnosis: Diagnosis | None = None
    try:
        diagnosis = Diagnosis.model_validate(data)
    except CaseValidationError as exc:
        issues.extend(exc.issues)
    if diagnosis is not None:
        tie(diagnosis, origin)
        try:
            case = ValueCase.model_validate({**settings, "diagnosis": diagnosis})
        except CaseValidationError as exc:
            issues.extend(exc.prefixed("value_case").issues)
        else:
            tie(case, origin)
            return case
    else:  # the value case's own fields are checked too: every problem is reported at once
        issues.extend(_settings_issues(settings))
    raise _invalid(issues, origin)


@functools.cache
def _settings_model() -> type[Model]:
    """The value case's own fields without its diagnosis, and without the checks that
    need one (references to consequences and stakeholders)."""
    fields: dict[str, Any] = {
        name: (field.annotation, field)
        for name, field in ValueCase.model_fields.items()
        if name != "diagnosis"
    }
    return pydantic.create_model("ValueCaseSettings", __base__=Model, **fields)


def _settings_issues(settings: dict[str, Any]) -> list[Issue]:
    """What is wrong with a ``[value_case]`` table's own fields, found while its diagnosis
    is invalid (so the value case cannot be built)."""
    model = _settings_model()
    try:
        model.model_validate(settings)
    except CaseValidationError as exc:
        return list(exc.prefixed("value_case").issues)
    return []


def save(case: Diagnosis | ValueCase | Tracking, path: str | os.PathLike[str]) -> None:
    """Write ``case`` to ``path`` as JSON (``.json``) or TOML (``.toml``), atomically.

    A `ValueCase` is written as its diagnosis plus a ``[value_case]`` table, the
    format `load_value_case` reads; a `Tracking` as its value case plus a ``[tracking]``
    table and its ``[[measurements]]``, the format `load_tracking` reads. Saving a
    diagnosis or a value case into a file that holds more (a value case, a tracking)
    leaves the rest of the file as it is. A case loaded from a TOML file (or copied from one
    with `costdx.evolve`) is written into that file's own text, changing only what
    changed: its comments, key order, integers, inline tables and blank lines stay as
    they were, and an unchanged case is written back byte for byte.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".json":
        text = json.dumps(case_data(case), indent=2, ensure_ascii=False) + "\n"
    elif suffix == ".toml":
        text = _toml_text(case)
    else:
        raise CaseFileError(f"{file}: save writes .json or .toml, not {file.suffix!r}")
    atomic_write(file, lambda handle: handle.write(text.encode("utf-8")))


def schema() -> dict[str, Any]:
    """The JSON Schema of a case file, for editors that validate."""
    result = Diagnosis.model_json_schema()
    value = ValueCase.model_json_schema()
    definitions = result.setdefault("$defs", {})
    definitions.update(value.pop("$defs", {}))
    value["properties"].pop("diagnosis", None)
    value["required"] = [r for r in value.get("required", []) if r != "diagnosis"]
    definitions["ValueCaseSettings"] = value
    result["properties"]["value_case"] = {"$ref": "#/$defs/ValueCaseSettings"}
    tracking = Tracking.model_json_schema()
    definitions.update(tracking.pop("$defs", {}))
    settings = {
        "title": "TrackingSettings", "type": "object", "additionalProperties": False,
        "properties": {k: tracking["properties"][k] for k in ("solution", "go_live")},
        "required": ["go_live"],
    }  # fmt: skip
    definitions["TrackingSettings"] = settings
    result["properties"]["tracking"] = {"$ref": "#/$defs/TrackingSettings"}
    result["properties"]["measurements"] = tracking["properties"]["measurements"]
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = "costdx case file"
    models = {cls.__name__: cls for cls in _models(Diagnosis) | _models(Tracking)}
    _describe(result, Diagnosis)
    _describe(value, ValueCase)
    _describe(settings, Tracking)
    for name, part in definitions.items():
        if name in models:
            _describe(part, models[name])
    return result


def _models(cls: type[Model]) -> set[type[Model]]:
    """``cls`` and every model its fields hold, however deeply."""
    found: set[type[Model]] = set()
    pending = [cls]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found.add(current)
        for field in current.model_fields.values():
            for arg in _types_in(field.annotation):
                if isinstance(arg, type) and issubclass(arg, Model):
                    pending.append(arg)
    return found


def _types_in(annotation: Any) -> list[Any]:
    args = typing.get_args(annotation)
    if not args:
        return [annotation]
    return [found for arg in args for found in _types_in(arg)]


def _describe(part: dict[str, Any], cls: type[Model]) -> None:
    """Give each property of a model's schema the docstring written under its field."""
    docs = attribute_docs(cls)
    for name, prop in part.get("properties", {}).items():
        if name in docs and "description" not in prop:
            prop["description"] = docs[name]


def _as_kind(case: object, kind: type[Model]) -> object:
    """A case read from a file as a case of ``kind``: a tracking as its value case, a
    value case as its diagnosis (``case`` itself if it is no larger)."""
    if kind is not Tracking and isinstance(case, Tracking):
        case = case.value_case
    if kind is Diagnosis and isinstance(case, ValueCase):
        case = case.diagnosis
    return case


def _read_as(origin: FileOrigin, text: str, kind: type[Model]) -> object:
    """The case in ``text`` as ``kind`` (a tracking, a value case or a diagnosis)."""
    data = tomllib.loads(text)
    if kind is Tracking:
        return tracking_from_data(origin, data)
    return _as_kind(from_data(origin, data), kind)


def _toml_text(case: Diagnosis | ValueCase | Tracking) -> str:
    """The TOML of ``case``: written into the text of the file it came from, if it came
    from one; else afresh."""
    fresh = case_data(case, mode="python")
    vc = case.value_case if isinstance(case, Tracking) else case
    diagnosis = vc.diagnosis if isinstance(vc, ValueCase) else vc
    origin = origin_of(case) or origin_of(vc) or origin_of(diagnosis)
    if not isinstance(origin, FileOrigin) or origin.kind != "toml":
        return dump_toml(fresh)
    kind = type(case)
    # the case as loaded, the baseline of what changed: read again only when it was loaded
    # as something smaller than it is saved as (a diagnosis saved as a value case)
    was = origin.loaded
    if was is None or not isinstance(_as_kind(was, kind), kind):
        read = tomllib.loads(origin.text)
        was = tracking_from_data(origin, read) if "tracking" in read else from_data(origin, read)
    was = _as_kind(was, kind)
    assert isinstance(was, Diagnosis | ValueCase | Tracking)
    text = patch_toml(origin.text, case_data(was, mode="python"), fresh)
    again = _read_as(origin, text, kind)
    if again != case:  # pragma: no cover - a costdx bug: write it afresh rather than wrong
        warnings.warn(
            f"costdx could not write the changes into {origin.file}'s own text; the case is "
            "written afresh (please report this)",
            RuntimeWarning,
            stacklevel=3,
        )
        return dump_toml(fresh)
    return text
