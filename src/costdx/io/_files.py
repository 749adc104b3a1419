"""Case files: read TOML and JSON, write JSON and TOML, check the schema version.

Every case file carries ``schema_version``; a file from a newer costdx, or one whose
version is unknown, gets a clear error rather than a misread. Writes go to a temporary
file beside the target that is renamed into place, so a failure never leaves a
half-written file over a good one.
"""

from __future__ import annotations

import json
import os
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from costdx._fs import atomic_write
from costdx.errors import CaseFileError, CaseValidationError, Issue
from costdx.io._limits import MAX_CASE_BYTES, check_toml_shape, parse_json, read_capped
from costdx.io._toml import dump_toml
from costdx.model import SCHEMA_VERSION, Diagnosis, Model, ValueCase, attribute_docs, case_data

__all__ = [
    "check_version",
    "example_path",
    "load",
    "load_any",
    "load_value_case",
    "read_data",
    "save",
    "schema",
]

_SUFFIXES = (".toml", ".json")


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
    return data


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
    data = read_data(path, max_bytes=max_bytes)
    data.pop("value_case", None)
    return _diagnosis(data, path)


def load_value_case(path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES) -> ValueCase:
    """Read a case file with a ``[value_case]`` table into a validated `ValueCase`.

    The file's diagnosis is the rest of the file; ``[value_case]`` holds the solutions,
    ``horizon_years``, ``discount_rate`` and the other value-case settings. ``max_bytes``
    as for `read_data`.
    """
    data = read_data(path, max_bytes=max_bytes)
    if "value_case" not in data:
        raise CaseFileError(f"{path}: no [value_case] table; add solutions under [value_case]")
    case = _from_data(data, path)
    assert isinstance(case, ValueCase)
    return case


def load_any(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_CASE_BYTES
) -> Diagnosis | ValueCase:
    """Read a case file once: a `ValueCase` when it holds a ``[value_case]`` table, else
    a `Diagnosis`. ``max_bytes`` as for `read_data`."""
    return _from_data(read_data(path, max_bytes=max_bytes), path)


def _diagnosis(data: dict[str, Any], path: str | os.PathLike[str]) -> Diagnosis:
    try:
        return Diagnosis.model_validate(data)
    except CaseValidationError as exc:
        raise CaseValidationError(exc.issues, title=f"{path}: invalid case") from None


def _from_data(data: dict[str, Any], path: str | os.PathLike[str]) -> Diagnosis | ValueCase:
    settings = data.pop("value_case", None)
    if settings is None:
        return _diagnosis(data, path)
    if not isinstance(settings, dict):
        raise CaseFileError(f"{path}: value_case must be a table")
    issues: list[Issue] = []
    diagnosis: Diagnosis | None = None
    try:
        diagnosis = Diagnosis.model_validate(data)
    except CaseValidationError as exc:
        issues.extend(exc.issues)
    if diagnosis is not None:
        try:
            return ValueCase.model_validate({**settings, "diagnosis": diagnosis})
        except CaseValidationError as exc:
            issues.extend(exc.prefixed("value_case").issues)
    raise CaseValidationError(issues, title=f"{path}: invalid case")


def save(case: Diagnosis | ValueCase, path: str | os.PathLike[str]) -> None:
    """Write ``case`` to ``path`` as JSON (``.json``) or TOML (``.toml``), atomically.

    A `ValueCase` is written as its diagnosis plus a ``[value_case]`` table, the
    format `load_value_case` reads.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".json":
        text = json.dumps(case_data(case), indent=2, ensure_ascii=False) + "\n"
    elif suffix == ".toml":
        text = dump_toml(case_data(case, mode="python"))
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
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = "costdx case file"
    models = {cls.__name__: cls for cls in _models(Diagnosis) | _models(ValueCase)}
    _describe(result, Diagnosis)
    _describe(value, ValueCase)
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


# --- a small TOML writer (the standard library reads TOML but does not write it) ---------
