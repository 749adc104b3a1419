"""Decision criteria as a model: what a criterion takes and refuses, where it lives in a
case file, and that it survives saving and loading."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import costdx as cdx
from costdx.io import dump_toml, read_data
from costdx.model import METRICS, SCORE_SCALE, case_data


def scores(**values: float) -> list[dict[str, Any]]:
    return [{"alternative": a, "value": v} for a, v in values.items()]


def test_acme_has_criteria_owned_by_its_stakeholders() -> None:
    vc = cdx.load_value_case(cdx.example_path())
    people = {s.id for s in vc.diagnosis.stakeholders}
    alternatives = {"do_nothing", *(s.id for s in vc.solutions)}
    assert len(vc.criteria) >= 4
    for criterion in vc.criteria:
        assert criterion.owner in people
        assert criterion.question  # a question to every supplier
        if criterion.metric is None:
            assert {s.alternative for s in criterion.scores} == alternatives
    assert {c.metric for c in vc.criteria} >= {"npv", None}  # linked and scored ones


def test_a_criterion_takes_a_metric_or_scores_not_both() -> None:
    with pytest.raises(cdx.CaseValidationError) as both:
        cdx.Criterion(
            id="c", label="C", metric="npv", direction="more", scores=scores(do_nothing=3)
        )
    assert "metric" in both.value.locations()
    with pytest.raises(cdx.CaseValidationError) as neither:
        cdx.Criterion(id="c", label="C")
    assert "not both or neither" in str(neither.value)


def test_a_metric_knows_its_direction_and_refuses_the_other() -> None:
    assert cdx.Criterion(id="c", label="C", metric="payback_months").better == "less"
    assert cdx.Criterion(id="c", label="C", metric="roi").better == "more"
    with pytest.raises(cdx.CaseValidationError, match="more is better; leave direction out"):
        cdx.Criterion(id="c", label="C", metric="npv", direction="less")
    with pytest.raises(cdx.CaseValidationError, match="has its own unit"):
        cdx.Criterion(id="c", label="C", metric="npv", unit="USD")


def test_the_customers_scores_need_a_direction() -> None:
    with pytest.raises(cdx.CaseValidationError) as error:
        cdx.Criterion(id="c", label="C", scores=scores(do_nothing=3))
    assert error.value.locations() == ["direction"]
    assert error.value.codes() == ["missing"]


def test_a_score_without_a_unit_runs_from_1_to_5() -> None:
    low, high = SCORE_SCALE
    assert (low, high) == (1.0, 5.0)
    with pytest.raises(cdx.CaseValidationError) as error:
        cdx.Criterion(
            id="c", label="C", direction="more", scores=scores(do_nothing=0, fix=6, other=5)
        )
    assert error.value.locations() == ["scores[0].value", "scores[1].value"]
    # with a unit, any number is the customer's figure
    hours = cdx.Criterion(
        id="c", label="C", direction="less", unit="hours", scores=scores(do_nothing=0, fix=40)
    )
    assert hours.fixed_scale is None


def test_fixed_scales() -> None:
    one_to_five = cdx.Criterion(id="c", label="C", direction="more", scores=scores(x=1))
    assert one_to_five.fixed_scale == (1.0, 5.0)
    stated = cdx.Criterion(id="c", label="C", metric="payback_months", scale=(0, 18))
    assert stated.fixed_scale == (0.0, 18.0)
    assert cdx.Criterion(id="c", label="C", metric="npv").fixed_scale is None
    with pytest.raises(cdx.CaseValidationError, match=r"lower value first: \[0, 18\]"):
        cdx.Criterion(id="c", label="C", metric="npv", scale=(18, 0))


def test_a_weight_range_holds_the_weight() -> None:
    assert cdx.Criterion(id="c", label="C", metric="npv", weight=3, weight_range=(2, 4))
    with pytest.raises(cdx.CaseValidationError, match=r"\[4, 6\] must hold the weight 3"):
        cdx.Criterion(id="c", label="C", metric="npv", weight=3, weight_range=(4, 6))
    with pytest.raises(cdx.CaseValidationError):
        cdx.Criterion(id="c", label="C", metric="npv", weight=0)


def test_a_score_given_twice_is_refused() -> None:
    with pytest.raises(cdx.CaseValidationError) as error:
        cdx.Criterion(
            id="c",
            label="C",
            direction="more",
            scores=[*scores(do_nothing=3), *scores(do_nothing=4)],
        )
    assert error.value.codes() == ["duplicate_id"]
    assert "scores[0] has it" in str(error.value)


def test_the_value_case_checks_criteria_against_its_people_and_alternatives() -> None:
    data = read_data(cdx.example_path())
    criteria = data["value_case"]["criteria"]
    criteria[0]["owner"] = "cf0"
    scored = next(i for i, c in enumerate(criteria) if "scores" in c)
    criteria[scored]["scores"][0]["alternative"] = "northwind"
    criteria[scored]["scores"] = criteria[scored]["scores"][:2]
    criteria.append(dict(criteria[1]))
    with pytest.raises(cdx.CaseValidationError) as error:
        cdx.ValueCase.model_validate(
            {**data["value_case"], "diagnosis": cdx.load(cdx.example_path())}
        )
    found = dict(zip(error.value.locations(), error.value.codes(), strict=True))
    assert found["criteria[0].owner"] == "unknown_reference"
    assert found[f"criteria[{scored}].scores[0].alternative"] == "unknown_reference"
    assert found[f"criteria[{scored}].scores"] == "missing"
    assert found[f"criteria[{len(criteria) - 1}].id"] == "duplicate_id"
    text = str(error.value)
    assert "did you mean 'cfo'?" in text
    assert "did you mean 'northwind_ops'?" in text


def test_a_case_file_error_in_criteria_names_the_file_and_the_place(tmp_path: Path) -> None:
    data = read_data(cdx.example_path())
    data["value_case"]["criteria"][0]["metric"] = "irr"
    path = tmp_path / "bad.toml"
    path.write_text(dump_toml(data), encoding="utf-8")
    with pytest.raises(cdx.CaseValidationError) as error:
        cdx.load_value_case(path)
    assert str(path) in str(error.value)
    assert error.value.locations()[0].startswith("value_case.criteria[0].metric")


def test_criteria_live_under_value_case_and_a_diagnosis_alone_ignores_them() -> None:
    data = read_data(cdx.example_path())
    assert "criteria" not in data
    assert data["value_case"]["criteria"]
    assert cdx.load(cdx.example_path()).id == "acme_2026"


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_save_writes_the_criteria_back(tmp_path: Path, suffix: str) -> None:
    vc = cdx.load_value_case(cdx.example_path())
    path = tmp_path / f"acme{suffix}"
    cdx.save(vc, path)
    again = cdx.load_value_case(path)
    assert again.criteria == vc.criteria
    assert again == vc


def test_the_schema_describes_criteria() -> None:
    schema = cdx.schema()
    settings = schema["$defs"]["ValueCaseSettings"]["properties"]
    assert "criteria" in settings
    criterion = schema["$defs"]["Criterion"]["properties"]
    assert set(criterion["metric"]["anyOf"][0]["enum"]) == set(METRICS)
    assert "question" in criterion
    assert criterion["question"]["description"].startswith("The question the customer")


_ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def criteria(draw: st.DrawFn) -> cdx.Criterion:
    weight = draw(st.floats(0.01, 100))
    common: dict[str, Any] = {
        "id": draw(_ids),
        "label": draw(_text.filter(str.strip)),
        "weight": weight,
        "evidence": draw(_text),
        "question": draw(_text),
    }
    if draw(st.booleans()):
        spread = draw(st.floats(0, 10))
        common["weight_range"] = (max(weight - spread, 0.0), weight + spread)
    if draw(st.booleans()):
        return cdx.Criterion(metric=draw(st.sampled_from(sorted(METRICS))), **common)
    unit = draw(st.sampled_from(["", "hours", "USD/year"]))
    values = st.integers(1, 5) if not unit else st.floats(-1e6, 1e6)
    given = [
        cdx.Score(alternative=a, value=draw(values), evidence=draw(_text))
        for a in ("do_nothing", "fix")
    ]
    return cdx.Criterion(
        direction=draw(st.sampled_from(["more", "less"])), unit=unit, scores=given, **common
    )


@given(criterion=criteria())
def test_criteria_round_trip_through_plain_data_and_json(criterion: cdx.Criterion) -> None:
    data = criterion.model_dump(mode="json", exclude_none=True)
    assert cdx.Criterion.model_validate(json.loads(json.dumps(data))) == criterion


@given(criterion=criteria())
def test_a_value_case_with_criteria_round_trips_through_toml(
    criterion: cdx.Criterion,
    tmp_path_factory: pytest.TempPathFactory,
    make_case: Callable[..., cdx.Diagnosis],
) -> None:
    case = make_case(
        [{"id": "loss", "value": 1_000, "unit": "USD/month"}],
        {"c": "loss"},
        stakeholders=[{"id": "cfo", "name": "C"}],
    )
    fix = cdx.Solution(id="fix", name="Fix", addresses=[cdx.Address(consequence="c", fraction=1)])
    vc = cdx.ValueCase(diagnosis=case, solutions=[fix], criteria=[criterion])
    path = tmp_path_factory.mktemp("rt") / "case.toml"
    cdx.save(vc, path)
    assert cdx.load_value_case(path) == vc
    assert case_data(vc)["value_case"]["criteria"][0]["id"] == criterion.id
