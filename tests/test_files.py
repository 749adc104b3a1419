"""Case files: loading TOML and JSON, the schema version, saving atomically, the TOML
writer, the JSON Schema, and every way a file can be unreadable."""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest

import costdx as cdx
from costdx.io._files import atomic_write, dump_toml, read_data

MINIMAL_TOML = """\
schema_version = 1

[account]
name = "Test Co"

[[drivers]]
id = "x"
value = 1200
unit = "USD/month"

[[problems]]
id = "p"
title = "P"
symptoms = [{ id = "s" }]
consequences = [{ id = "c", formula = "x" }]
"""


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- loading --------------------------------------------------------------------------


def test_load_minimal_toml(tmp_path: Path) -> None:
    case = cdx.load(_write(tmp_path, "case.toml", MINIMAL_TOML))
    assert case.account.name == "Test Co"
    assert case.driver("x").value == 1200.0
    # 1,200 USD/month × 12 = 14,400 USD/year
    assert cdx.quantify(case).annual_cost == pytest.approx(14_400)


def test_load_json_with_byte_order_mark(tmp_path: Path) -> None:
    data = tomllib.loads(MINIMAL_TOML)
    path = _write(tmp_path, "case.json", b"\xef\xbb\xbf" + json.dumps(data).encode())
    assert cdx.quantify(cdx.load(path)).annual_cost == pytest.approx(14_400)


def test_load_ignores_a_value_case_table(tmp_path: Path) -> None:
    text = MINIMAL_TOML + "\n[value_case]\nhorizon_years = 3\n"
    assert cdx.load(_write(tmp_path, "case.toml", text)).account.name == "Test Co"


def test_load_the_acme_example(acme: cdx.Diagnosis) -> None:
    assert cdx.example_path().name == "acme.toml"
    # counted in examples/acme.toml: 7 stakeholders, 30 drivers (2 derived), 4 problems,
    # 10 consequences
    assert len(acme.stakeholders) == 7
    assert len(acme.drivers) == 30
    assert sum(d.derived for d in acme.drivers) == 2
    assert [p.id for p in acme.problems] == [
        "unplanned_downtime",
        "scrap_and_rework",
        "order_rekeying",
        "late_deliveries",
    ]
    assert sum(len(p.consequences) for p in acme.problems) == 10
    assert acme.counted_units == ("housing",)


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("case.txt", MINIMAL_TOML, "a case file must end in .toml or .json, not '.txt'"),
        ("case", MINIMAL_TOML, "a case file must end in .toml or .json, not ''"),
        ("case.toml", "schema_version = 1\n[account\nname = 'x'\n", "not valid TOML"),
        ("case.toml", "this is not toml at all", "not valid TOML"),
        (
            "case.json",
            "{not json",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1",
        ),
        (
            "case.json",
            '{"schema_version": 1, "x": NaN}',
            "not valid JSON: NaN is not a number a case can hold",
        ),
        ("case.json", "[1, 2]", "a case file holds a table/object at the top"),
        (
            # json.loads would keep the second value, silently dropping the first
            "case.json",
            '{"schema_version": 1, "drivers": [{"id": "x", "value": 1, "value": 2}]}',
            "not valid JSON: the key 'value' appears twice in one object",
        ),
        # "schema_version = 1\n" is 19 bytes and "name = '" 8 more: 0xff is byte 27
        ("case.toml", b"schema_version = 1\nname = '\xff'\n", "not UTF-8 text (byte 27)"),
        (
            "case.toml",
            "[account]\nname = 'x'\n",
            "no schema_version; a case file starts with schema_version = 1",
        ),
        ("case.toml", "schema_version = 2\n", "schema_version 2 was written by a newer costdx"),
        ("case.toml", "schema_version = 0\n", "schema_version 0 is unknown"),
        ("case.toml", "schema_version = '1'\n", "schema_version must be a whole number, not '1'"),
        ("case.toml", "schema_version = 1.0\n", "schema_version must be a whole number, not 1.0"),
        ("case.toml", "schema_version = true\n", "schema_version must be a whole number, not True"),
        ("case.json", '{"schema_version": null}', "no schema_version"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str | bytes, phrase: str) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(cdx.CaseFileError) as info:
        cdx.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert phrase in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(cdx.CaseFileError) as info:
        cdx.load(path)
    assert str(info.value) == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "folder.toml"
    path.mkdir()
    with pytest.raises(cdx.CaseFileError) as info:
        cdx.load(path)
    assert str(info.value) == f"{path}: is a directory, not a case file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_permissions(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.toml", MINIMAL_TOML)
    path.chmod(0)
    with pytest.raises(cdx.CaseFileError, match="cannot read"):
        cdx.load(path)


def test_read_data_returns_plain_data(tmp_path: Path) -> None:
    data = read_data(_write(tmp_path, "case.toml", MINIMAL_TOML))
    assert data["schema_version"] == 1
    assert data["drivers"] == [{"id": "x", "value": 1200, "unit": "USD/month"}]


def test_unknown_example() -> None:
    with pytest.raises(cdx.CaseFileError, match="no shipped example 'nope'"):
        cdx.example_path("nope")


# --- saving ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["acme.toml", "acme.json", "ACME.JSON"])
def test_save_and_load_acme(acme: cdx.Diagnosis, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    cdx.save(acme, path)
    again = cdx.load(path)
    assert again == acme
    assert cdx.quantify(again).annual_cost == cdx.quantify(acme).annual_cost
    # nothing is left beside the file
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_saved_files_start_with_the_schema_version(acme: cdx.Diagnosis, tmp_path: Path) -> None:
    built = cdx.Diagnosis.model_validate(acme.model_dump())  # not tied to the example's file
    cdx.save(built, tmp_path / "a.toml")
    cdx.save(acme, tmp_path / "a.json")
    assert (tmp_path / "a.toml").read_text(encoding="utf-8").startswith("schema_version = 1\n")
    assert (
        next(iter(json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))))
        == "schema_version"
    )


def test_saved_toml_leaves_out_empty_fields(tmp_path: Path) -> None:
    case = cdx.Diagnosis.model_validate(cdx.io.read_data(_write(tmp_path, "in.toml", MINIMAL_TOML)))
    cdx.save(case, tmp_path / "out.toml")
    text = (tmp_path / "out.toml").read_text(encoding="utf-8")
    assert 'label = ""' not in text
    assert "borne_by" not in text
    assert "[calendar]\nmonths_per_year = 12\nweeks_per_year = 52\n" in text
    assert '[[problems.consequences]]\nid = "c"\nformula = "x"\ncategory = "cost"' in text


def test_save_rejects_other_suffixes(acme: cdx.Diagnosis, tmp_path: Path) -> None:
    with pytest.raises(
        cdx.CaseFileError, match=re.escape("save writes .json or .toml, not '.yaml'")
    ):
        cdx.save(acme, tmp_path / "case.yaml")
    assert list(tmp_path.iterdir()) == []


def test_save_into_a_missing_folder(acme: cdx.Diagnosis, tmp_path: Path) -> None:
    with pytest.raises(cdx.CaseFileError, match="does not exist"):
        cdx.save(acme, tmp_path / "nowhere" / "case.toml")


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text("good", encoding="utf-8")

    def explode(handle: Any) -> None:
        handle.write(b"half a fi")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write(path, explode)
    assert path.read_text(encoding="utf-8") == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["case.toml"]


def test_atomic_write_replaces(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")
    atomic_write(path, lambda handle: handle.write(b"new"))
    assert path.read_bytes() == b"new"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_written_files_get_ordinary_permissions(acme: cdx.Diagnosis, tmp_path: Path) -> None:
    # A new file gets 0666 less the umask (0644 under umask 022), as open() would give,
    # not a temporary file's private 0600; a replaced file keeps its own permissions.
    old = os.umask(0o022)
    try:
        cdx.save(acme, tmp_path / "case.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "case.json").stat().st_mode) == 0o644
    shared = tmp_path / "shared.toml"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o664)
    cdx.save(acme, shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664


# --- the TOML writer ------------------------------------------------------------------


def test_dump_toml_escapes_strings() -> None:
    data = {
        "plain": "a",
        "quotes": 'say "hi"',
        "backslash": "C:\\temp\\x",
        "lines": "one\ntwo\tthree",
        "control": "bell\x07 del\x7f",
        "unicode": "Querétaro × 3 – ok ✓",
        "key with space": 1,
        "float": 0.1,
        "small": 1e-07,
        "big": 1e16,
        "negative zero": -0.0,
        "flag": True,
        "list": [1, 2.5, "x"],
        "inline": {"dist": "pert", "low": 1, "likely": 2, "high": 3},
        "table": {"a": 1, "nested": {"b": [1, 2]}},
        "rows": [{"id": "a", "tags": ["x"]}, {"id": "b", "est": {"dist": "uniform", "low": 0}}],
    }
    assert tomllib.loads(dump_toml(data)) == data


def test_dump_toml_layout() -> None:
    text = dump_toml({"a": 1, "t": {"b": "x"}, "rows": [{"v": {"dist": "pert"}}]})
    assert text == 'a = 1\n\n[t]\nb = "x"\n\n[[rows]]\nv = { dist = "pert" }\n'


@pytest.mark.parametrize("value", [float("nan"), float("inf"), object()])
def test_dump_toml_rejects_what_toml_cannot_hold(value: object) -> None:
    with pytest.raises(cdx.CaseFileError, match="cannot write"):
        dump_toml({"x": value})


# --- the JSON Schema ------------------------------------------------------------------


def test_schema() -> None:
    schema = cdx.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "costdx case file"
    assert {"account", "drivers", "problems", "schema_version", "calendar"} <= set(
        schema["properties"]
    )
    assert schema["required"] == ["account", "problems"]
    # it is JSON
    assert json.loads(json.dumps(schema)) == schema


def test_a_value_case_is_checked_even_when_its_diagnosis_is_invalid(tmp_path: Path) -> None:
    # every problem of a file is reported at once: a NaN in the diagnosis does not hide a
    # discount rate written as 9 (900 %) or a horizon of 0 years in its value case
    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 1\n[account]\nname = "A"\n'
        '[[drivers]]\nid = "x"\nvalue = nan\nunit = "USD/year"\n'
        '[[problems]]\nid = "p"\ntitle = "P"\n[[problems.symptoms]]\nid = "s"\n'
        '[[problems.consequences]]\nid = "c"\nformula = "x"\n'
        "[value_case]\ndiscount_rate = 9\nhorizon_years = 0\n",
        encoding="utf-8",
    )
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.load_value_case(path)
    assert sorted(info.value.locations()) == [
        "drivers[0].value",
        "value_case.discount_rate",
        "value_case.horizon_years",
    ]
