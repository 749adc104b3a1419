"""Tests of saving a case into the TOML file it came from: only what changed is written."""

from __future__ import annotations

import difflib
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import costdx as cdx
from test_model import valid_cases

SMALL = """\
# Rework at Test Co: a case written by hand.
schema_version = 1
id = "rework"
title = "Rework"

[account]
name = "Test Co"  # the customer
currency = "USD"

[[drivers]]
id = "people"
value = 5          # whole people, an integer
unit = "person"
source = "customer"
evidence = "roster"

[[drivers]]
id = "hours"
value = 7.5
unit = "hour/person/week"
source = "measured"
evidence = "time sheets"
bounds = { min = 0, max = 60 }

[[drivers]]
id = "rate"
value = 80
unit = "USD/hour"
source = "measured"
evidence = "HR"
growth = "3%"

[[problems]]
id = "p"
title = "Rework"
symptoms = [{ id = "late" }]

[[problems.consequences]]
id = "labour"
formula = "people * hours * rate"

[value_case]
discount_rate = "8%"   # the customer's WACC
horizon_years = 3

[[value_case.solutions]]
id = "fix"
name = "Fix"

[[value_case.solutions.addresses]]
consequence = "labour"
fraction = 0.5
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize("load", [cdx.load, cdx.load_value_case])
def test_the_shipped_example_is_saved_byte_for_byte(tmp_path: Path, load: Any) -> None:
    source = cdx.example_path()
    cdx.save(load(source), tmp_path / "again.toml")
    assert (tmp_path / "again.toml").read_bytes() == source.read_bytes()


def test_one_edit_changes_one_line_and_keeps_its_comment(small: Path) -> None:
    case = cdx.load(small)
    people = cdx.evolve(case.drivers[0], value=6)
    cdx.save(cdx.evolve(case, drivers=(people, *case.drivers[1:])), small)
    after = small.read_text(encoding="utf-8")
    # an integer stays an integer, the comment stays where it was
    assert changed_lines(SMALL, after) == [
        "-value = 5          # whole people, an integer",
        "+value = 6          # whole people, an integer",
    ]


def test_a_percentage_string_stays_a_percentage_string(small: Path) -> None:
    vc = cdx.load_value_case(small)
    assert vc.discount_rate == 0.08
    rate = cdx.evolve(vc.diagnosis.drivers[2], growth=0.045)
    diagnosis = cdx.evolve(vc.diagnosis, drivers=(*vc.diagnosis.drivers[:2], rate))
    cdx.save(cdx.evolve(vc, discount_rate=0.095, diagnosis=diagnosis), small)
    assert changed_lines(SMALL, small.read_text(encoding="utf-8")) == [
        '-growth = "3%"',
        '+growth = "4.5%"',
        '-discount_rate = "8%"   # the customer\'s WACC',
        '+discount_rate = "9.5%"   # the customer\'s WACC',
    ]


def test_an_inline_table_is_edited_in_place(small: Path) -> None:
    case = cdx.load(small)
    hours = cdx.evolve(case.drivers[1], bounds=cdx.Bounds(min=0, max=50))
    cdx.save(cdx.evolve(case, drivers=(case.drivers[0], hours, case.drivers[2])), small)
    assert changed_lines(SMALL, small.read_text(encoding="utf-8")) == [
        "-bounds = { min = 0, max = 60 }",
        "+bounds = { min = 0, max = 50 }",
    ]


def test_drivers_added_and_removed_touch_only_themselves(small: Path) -> None:
    case = cdx.load(small)
    extra = cdx.Driver(id="rework_share", value=12.5, unit="percent", source="estimate",
                       evidence="workshop")  # fmt: skip
    problem = case.problems[0]
    labour = cdx.evolve(problem.consequences[0], formula="people * hours * rate * rework_share")
    edited = cdx.evolve(
        case, drivers=(*case.drivers, extra),
        problems=(cdx.evolve(problem, consequences=(labour,)),),
    )  # fmt: skip
    cdx.save(edited, small)
    text = small.read_text(encoding="utf-8")
    assert cdx.load_value_case(small).diagnosis == edited
    # the new driver's table (after a blank line) and the formula; nothing else
    assert sorted(changed_lines(SMALL, text)) == sorted([
        "+",
        "+[[drivers]]",
        '+id = "rework_share"',
        "+value = 12.5",
        '+unit = "percent"',
        '+source = "estimate"',
        '+evidence = "workshop"',
        '-formula = "people * hours * rate"',
        '+formula = "people * hours * rate * rework_share"',
    ])  # fmt: skip
    # and away again: the file is as it was, but for the formula
    cdx.save(cdx.evolve(edited, drivers=case.drivers, problems=case.problems), small)
    assert small.read_text(encoding="utf-8") == SMALL


def test_saving_as_another_file_keeps_the_text_too(small: Path, tmp_path: Path) -> None:
    case = cdx.load(small)
    cdx.save(cdx.evolve(case, title="Rework, diagnosed"), tmp_path / "copy.toml")
    assert changed_lines(SMALL, (tmp_path / "copy.toml").read_text(encoding="utf-8")) == [
        '-title = "Rework"',
        '+title = "Rework, diagnosed"',
    ]
    # the original file is untouched
    assert small.read_text(encoding="utf-8") == SMALL


def test_a_value_case_built_on_a_loaded_diagnosis_adds_its_table(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(SMALL.split("[value_case]", maxsplit=1)[0], encoding="utf-8")
    diagnosis = cdx.load(path)
    vc = cdx.ValueCase(diagnosis=diagnosis, discount_rate=0.07)
    cdx.save(vc, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SMALL.split("[value_case]", maxsplit=1)[0])
    assert cdx.load_value_case(path) == vc


def test_a_case_built_in_python_is_written_afresh(tmp_path: Path) -> None:
    data = cdx.io.read_data(cdx.example_path())
    data.pop("value_case")
    data.pop("tracking")
    case = cdx.Diagnosis.model_validate(data)
    cdx.save(case, tmp_path / "fresh.toml")
    assert (tmp_path / "fresh.toml").read_text(encoding="utf-8").startswith("schema_version = 1\n")


# --- properties --------------------------------------------------------------------------

HEADER = "# written by hand\n"
NOTE = "# the customer, as they spell it\n"


def _with_comments(text: str) -> str:
    return HEADER + text.replace("[account]\n", "[account]\n" + NOTE, 1)


_ROUND_TRIP = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_ROUND_TRIP
@given(valid_cases(), st.data())
def test_edited_values_change_their_lines_only(data: dict[str, Any], draw: st.DataObject) -> None:
    case = cdx.Diagnosis.model_validate(data)
    folder = Path(tempfile.mkdtemp())
    path = folder / "case.toml"
    cdx.save(case, path)
    text = _with_comments(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    loaded = cdx.load(path)
    cdx.save(loaded, path)
    assert path.read_text(encoding="utf-8") == text  # unchanged: byte for byte
    numbers = [i for i, d in enumerate(loaded.drivers) if isinstance(d.value, float)]
    chosen = draw.draw(st.lists(st.sampled_from(numbers), unique=True)) if numbers else []
    drivers = list(loaded.drivers)
    for index in chosen:
        value = drivers[index].value
        assert isinstance(value, float)
        drivers[index] = cdx.evolve(drivers[index], value=value + 1.5)
    edited = cdx.evolve(loaded, drivers=drivers)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the file's own text, never a fresh one
        cdx.save(edited, path)
    after = path.read_text(encoding="utf-8")
    assert cdx.load(path) == edited
    # one line out and one in per value changed, nothing else
    assert len(changed_lines(text, after)) == 2 * len(chosen)
    assert after.startswith(HEADER)
    assert NOTE in after
    shutil.rmtree(folder)


@_ROUND_TRIP
@given(valid_cases(), st.data())
def test_structural_edits_round_trip_and_keep_the_comments(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    case = cdx.Diagnosis.model_validate(data)
    folder = Path(tempfile.mkdtemp())
    path = folder / "case.toml"
    cdx.save(case, path)
    path.write_text(_with_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
    loaded = cdx.load(path)
    changes: dict[str, Any] = {}
    if draw.draw(st.booleans()):
        extra = cdx.Driver(id="added_driver", value=draw.draw(st.integers(0, 10**6)))
        position = draw.draw(st.integers(0, len(loaded.drivers)))
        changes["drivers"] = (*loaded.drivers[:position], extra, *loaded.drivers[position:])
    if draw.draw(st.booleans()):
        changes["title"] = draw.draw(st.text(max_size=20))
    if loaded.scenarios and draw.draw(st.booleans()):
        changes["scenarios"] = ()
    if loaded.stakeholders and draw.draw(st.booleans()):
        people = list(loaded.stakeholders)
        people[0] = cdx.evolve(people[0], role=draw.draw(st.text(max_size=20)))
        changes["stakeholders"] = people
    if draw.draw(st.booleans()):
        changes["calendar"] = cdx.Calendar(workdays_per_year=draw.draw(st.integers(200, 260)))
    edited = cdx.evolve(loaded, **changes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cdx.save(edited, path)
    assert cdx.load(path) == edited
    after = path.read_text(encoding="utf-8")
    assert after.startswith(HEADER)
    assert NOTE in after
    shutil.rmtree(folder)
