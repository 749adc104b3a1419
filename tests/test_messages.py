"""Messages that point at the line: pydantic's errors as one sentence each, located by the
file's line, the path and the id of what they are in."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path
from typing import Any

import pytest

import costdx as cdx
from costdx.errors import Issue, parse_location
from costdx.model._messages import shown

ACME = cdx.example_path().read_text(encoding="utf-8")


def line_of(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first ``needle`` after the first ``after``."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def problems_of(path: Path) -> list[str]:
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.load(path)
    return [str(issue) for issue in info.value.issues]


def test_the_acme_nan_replayed(tmp_path: Path) -> None:
    # the issue's example: a value of nan in drivers[9], found by position only before
    path = tmp_path / "acme.toml"
    path.write_text(ACME.replace("value = 1800\n", "value = nan\n"), encoding="utf-8")
    line = line_of(ACME, "value = 1800\n")
    assert problems_of(path) == [
        f"{path}:{line}: drivers[9] (housings_per_workday).value: must be a finite number, got nan"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"abc"', "got 'abc'"),
        ("{ low = 1, high = 2 }", "got a table with keys low, high"),
        ('{ dist = "beta", low = 1, high = 2 }', "got a table with keys dist, low, high"),
        ("[1, 2]", "got a list of 2 items"),
    ],
)
def test_a_union_mismatch_is_one_sentence(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(ACME.replace("value = 1800\n", f"value = {value}\n"), encoding="utf-8")
    (problem,) = problems_of(path)
    expected = (
        "drivers[9] (housings_per_workday).value: expected a number or an estimate table with "
        "dist = 'pert', 'triangular', 'uniform', 'lognormal90' or 'normal90', " + message
    )
    assert problem.endswith(expected)
    assert problem.count(". ") == 0  # one sentence, no table dumped or cut short
    assert "{" not in problem.split(": ", 2)[2]


def test_a_boolean_for_a_number_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(ACME.replace("value = 1800\n", "value = true\n"), encoding="utf-8")
    (problem,) = problems_of(path)
    assert problem.endswith(
        "drivers[9] (housings_per_workday).value: expected a number, got a boolean (true)"
    )


def test_an_estimate_missing_a_figure_names_the_figures(make_case: Any) -> None:
    with pytest.raises(cdx.CaseValidationError) as info:
        make_case([{"id": "x", "value": {"dist": "pert", "low": 1, "high": 3}, "unit": "USD"}],
                  {"c": "x"})  # fmt: skip
    (issue,) = info.value.issues
    # pydantic's tag (.pert) is no part of the path a person writes
    assert issue.location == "drivers[0].value.likely"
    assert issue.message == "missing; a pert estimate needs low, likely and high"


def test_a_misspelt_key_gets_the_field_it_was_meant_to_be(case_data: Any) -> None:
    data = case_data([{"id": "x", "value": 1, "unit": "USD", "lable": "X"}], {"c": "x"})
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.Diagnosis.model_validate(data)
    assert [str(i) for i in info.value.issues] == [
        "drivers[0] (x).lable: unknown key 'lable'; did you mean 'label'?"
    ]


def test_value_case_settings_are_located_under_value_case(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(ACME.replace("discount_rate = 0.08", "discount_rate = 9"), encoding="utf-8")
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.load_value_case(path)
    (issue,) = info.value.issues
    line = line_of(ACME, "discount_rate = 0.08")
    assert str(issue) == (
        f'{path}:{line}: value_case.discount_rate: 9 would be 900%; for 9% write 0.09 or "9%" '
        "(the discount rate is a fraction, or a percentage in quotes)"
    )


def test_json_files_are_located_too(tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    cdx.save(cdx.load(cdx.example_path()), path)
    text = path.read_text(encoding="utf-8").replace('"unit": "order/week"', '"unit": "order/wek"')
    path.write_text(text, encoding="utf-8")
    line = line_of(text, '"unit": "order/wek"')
    assert problems_of(path) == [
        f"{path}:{line}: drivers[17] (orders_per_week).unit: unknown unit 'wek' in "
        "'order/wek'; did you mean 'week'?"
    ]
    assert json.loads(text)["drivers"][17]["id"] == "orders_per_week"


def test_cross_reference_problems_name_the_id_and_line(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    text = ACME.replace('formula = "crew_size * operator_rate"',
                        'formula = "crew_sise * operator_rate"')  # fmt: skip
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "crew_sise")
    assert problems_of(path) == [
        f"{path}:{line}: drivers[5] (idle_crew_cost).formula: unknown driver 'crew_sise' in "
        "formula 'crew_sise * operator_rate'; did you mean 'crew_size'?"
    ]


def test_issue_renders_where_and_keeps_every_field_through_pickle() -> None:
    issue = Issue("problems[0].consequences[1].borne_by[0]", "unknown stakeholder 'cf'",
                  "unknown_reference", subject="rework", file="acme.toml", line=12)  # fmt: skip
    # the id goes beside the innermost list of things with ids, not beside borne_by
    assert issue.where == "problems[0].consequences[1] (rework).borne_by[0]"
    assert str(issue) == (
        "acme.toml:12: problems[0].consequences[1] (rework).borne_by[0]: unknown stakeholder 'cf'"
    )
    warning = Issue("drivers[2].unit", "6 hour/day ...", "calendar_day_effort",
                    severity="warning", subject="support")  # fmt: skip
    assert (
        str(warning) == "warning: drivers[2] (support).unit: 6 hour/day ... [calendar_day_effort]"
    )
    assert pickle.loads(pickle.dumps(issue)) == issue
    error = cdx.CaseValidationError([warning]).prefixed("diagnosis")
    assert error.issues[0].location == "diagnosis.drivers[2].unit"
    assert (error.issues[0].severity, error.issues[0].subject) == ("warning", "support")


def test_parse_location_inverts_format_location() -> None:
    for path in ("drivers[9].value", "value_case.solutions[0].addresses[2].fraction", "a", ""):
        parts = parse_location(path)
        assert cdx.errors.format_location(parts) == path


def test_shown_never_dumps_a_table() -> None:
    assert shown({f"k{i}": i for i in range(20)}).endswith(", …")
    assert shown("x" * 100) == repr("x" * 59 + "…")
    assert shown(math.inf) == "inf"
    assert shown(None) == "nothing"
