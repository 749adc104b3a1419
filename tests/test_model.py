"""The case model: estimates, field checks, frozen models, and lossless round trips
(JSON text, JSON and TOML files) of randomly generated valid cases."""

from __future__ import annotations

import datetime as dt
import math
import pickle
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import costdx as cdx
from costdx.model._case import SCHEMA_VERSION

# --- estimates ------------------------------------------------------------------------


def test_estimate_points() -> None:
    assert cdx.PERT(10, 12, 20).point == 12.0
    assert cdx.Triangular(1, 2, 6).point == 2.0
    assert cdx.Uniform(30, 50).point == 40.0  # (30 + 50) / 2
    assert cdx.LogNormal90(100, 400).point == pytest.approx(200.0)  # √(100 × 400)
    assert cdx.Normal90(5, 25).point == 15.0  # (5 + 25) / 2
    assert cdx.PERT(low=1, likely=2, high=3).params == (1.0, 2.0, 3.0)
    assert cdx.Uniform(low=1, high=3).params == (1.0, 3.0)


def test_estimate_scaled_and_bounded() -> None:
    assert cdx.PERT(1, 2, 4).scaled(10) == cdx.PERT(10, 20, 40)
    assert cdx.LogNormal90(2, 8).scaled(0.5).params == (1.0, 4.0)
    assert cdx.Triangular(1, 2, 3).bounded
    assert not cdx.LogNormal90(1, 2).bounded
    assert not cdx.Normal90(1, 2).bounded


@pytest.mark.parametrize(
    ("build", "phrase"),
    [
        (lambda: cdx.PERT(5, 1, 9), "needs low <= likely <= high, got 5.0, 1.0, 9.0"),
        (lambda: cdx.Triangular(1, 9, 5), "needs low <= likely <= high"),
        (lambda: cdx.Uniform(5, 1), "needs low <= high, got 5.0, 1.0"),
        (lambda: cdx.Normal90(5, 1), "needs low <= high"),
        (lambda: cdx.LogNormal90(0, 5), "a LogNormal90 needs 0 < low, got low = 0.0"),
        (lambda: cdx.LogNormal90(-1, 5), "a LogNormal90 needs 0 < low"),
        (lambda: cdx.PERT(math.nan, 1, 2), "finite number"),
        (lambda: cdx.Uniform(0, math.inf), "finite number"),
    ],
)
def test_bad_estimates(build: Any, phrase: str) -> None:
    with pytest.raises(cdx.CaseValidationError) as info:
        build()
    assert phrase in str(info.value)


def test_estimate_table_needs_a_known_dist() -> None:
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.Driver(id="x", value={"dist": "beta", "low": 1, "high": 2})
    assert info.value.issues[0].location == "value"
    assert "dist = 'pert', 'triangular'" in info.value.issues[0].message
    with pytest.raises(cdx.CaseValidationError, match="expected a number, got a boolean"):
        cdx.Driver(id="x", value=True)


# --- models ---------------------------------------------------------------------------


def test_models_are_frozen_and_closed() -> None:
    person = cdx.Stakeholder(id="cfo", name="Ana")
    with pytest.raises(ValidationError):
        person.name = "Bea"  # type: ignore[misc]
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.Stakeholder(id="cfo", name="Ana", colour="red")  # type: ignore[call-arg]
    assert info.value.issues[0].location == "colour"
    assert info.value.issues[0].code == "extra_forbidden"


def test_evolve_and_model_copy_validate() -> None:
    person = cdx.Stakeholder(id="cfo", name="Ana")
    assert cdx.evolve(person, name="Ana Ruiz") == cdx.Stakeholder(id="cfo", name="Ana Ruiz")
    assert person.model_copy(update={"role": "CFO"}).role == "CFO"
    with pytest.raises(cdx.CaseValidationError, match="must be an id"):
        cdx.evolve(person, id="Bad-Id")
    with pytest.raises(cdx.CaseValidationError, match="must be an id"):
        person.model_copy(update={"id": "Bad-Id"})


def test_source_strength_order() -> None:
    assert [s.value for s in cdx.Source] == ["measured", "customer", "benchmark", "estimate"]
    assert [s.strength for s in cdx.Source] == [0, 1, 2, 3]


def test_bounds() -> None:
    assert cdx.Bounds(min=0, max=100).describe() == "[0, 100]"
    assert cdx.Bounds(min=0).describe() == ">= 0"
    assert cdx.Bounds(max=5).describe() == "<= 5"
    assert cdx.Bounds().describe() == "unbounded"
    assert cdx.Bounds(min=0).contains(0)
    assert not cdx.Bounds(min=0).contains(-0.5)
    with pytest.raises(cdx.CaseValidationError, match=re.escape("needs min <= max, got min = 5.0")):
        cdx.Bounds(min=5, max=1)


def test_driver_points_and_flags() -> None:
    d = cdx.Driver(id="x", value=cdx.PERT(1, 2, 4), assumed=3, source="measured")
    assert d.point() == 2.0
    assert d.point("assumed") == 3.0
    assert d.estimate == cdx.PERT(1, 2, 4)
    assert d.effective_source is cdx.Source.MEASURED
    assert not d.derived
    plain = cdx.Driver(id="y", value=7)
    assert plain.point("assumed") == 7.0  # no assumption: the value
    assert plain.estimate is None
    assert plain.effective_source is cdx.Source.ESTIMATE
    derived = cdx.Driver(id="z", formula="x * 2")
    assert derived.derived
    with pytest.raises(ValueError, match="is derived"):
        derived.point()


def test_driver_bounds_apply_to_estimate_ends_and_assumed() -> None:
    with pytest.raises(cdx.CaseValidationError, match="pert reaches -1, outside the bounds >= 0"):
        cdx.Driver(id="x", value=cdx.PERT(-1, 2, 4), bounds=cdx.Bounds(min=0))
    with pytest.raises(cdx.CaseValidationError, match="assumed 120 is outside the bounds"):
        cdx.Driver(id="x", value=50, assumed=120, bounds=cdx.Bounds(min=0, max=100))
    # an unbounded estimate is checked at its median only: √(1 × 10000) = 100 <= 100
    capped = cdx.Driver(id="x", value=cdx.LogNormal90(1, 10_000), bounds=cdx.Bounds(max=100))
    assert capped.point() == pytest.approx(100)


def test_symptom_target_needs_metric() -> None:
    with pytest.raises(cdx.CaseValidationError, match="a target needs a metric"):
        cdx.Symptom(id="s", target="t")


def test_calendar_defaults() -> None:
    assert cdx.Calendar().per_year() == {
        "months_per_year": 12.0,
        "weeks_per_year": 52.0,
        "days_per_year": 365.0,
        "workdays_per_year": 250.0,
    }
    with pytest.raises(cdx.CaseValidationError, match="greater than 0"):
        cdx.Calendar(weeks_per_year=0)


def test_diagnosis_driver_lookup(acme: cdx.Diagnosis) -> None:
    assert acme.driver("crew_size").value == 6.0
    with pytest.raises(KeyError, match="did you mean 'crew_size'"):
        acme.driver("crew_sise")


def test_diagnosis_pickles_and_compares_equal(acme: cdx.Diagnosis) -> None:
    copy = pickle.loads(pickle.dumps(acme))
    assert copy == acme
    assert cdx.quantify(copy).annual_cost == cdx.quantify(acme).annual_cost


def test_diagnosis_schema_version() -> None:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION + 1,
        "account": {"name": "A"},
        "drivers": [{"id": "x", "value": 1, "unit": "USD/year"}],
        "problems": [
            {
                "id": "p",
                "title": "P",
                "symptoms": [{"id": "s"}],
                "consequences": [{"id": "c", "formula": "x"}],
            }
        ],
    }
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.Diagnosis.model_validate(data)
    assert info.value.issues[0].location == "schema_version"
    assert "is from a newer costdx" in info.value.issues[0].message


# --- random valid cases ---------------------------------------------------------------

_safe_text = st.text(max_size=30)
_names = st.text(min_size=1, max_size=20)
_amount = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
_positive = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)

# (quantity unit, price unit): their product is money per period or money.
_PAIRS = [
    ("hour/week", "{c}/hour"),
    ("order/month", "{c}/order"),
    ("person", "{c}/(person*year)"),
    ("percent", "{c}/year"),
    ("minute/day", "{c}/hour"),
    ("ticket/workday", "{c}/ticket"),
    ("1", "{c}"),
    ("incident/month", "{c}/incident"),
]


@st.composite
def _value_specs(draw: st.DrawFn) -> Any:
    kind = draw(
        st.sampled_from(["point", "pert", "triangular", "uniform", "lognormal90", "normal90"])
    )
    if kind == "point":
        return draw(_amount)
    if kind in ("pert", "triangular"):
        low, likely, high = sorted(draw(st.lists(_amount, min_size=3, max_size=3)))
        return {"dist": kind, "low": low, "likely": likely, "high": high}
    low, high = sorted(
        draw(st.lists(_positive if kind == "lognormal90" else _amount, min_size=2, max_size=2))
    )
    return {"dist": kind, "low": low, "high": high}


@st.composite
def valid_cases(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(["USD", "EUR", "GBP", "JPY", "CHF"]))
    stakeholders = [
        {
            "id": f"person_{k}",
            "name": draw(_names),
            "role": draw(_safe_text),
            "department": draw(st.sampled_from(["", "Finance", "Operations", "Sales"])),
        }
        for k in range(draw(st.integers(0, 3)))
    ]
    people = [s["id"] for s in stakeholders]
    drivers: list[dict[str, Any]] = []
    pairs: list[tuple[str, str]] = []
    for k in range(draw(st.integers(1, 4))):
        quantity, price = draw(st.sampled_from(_PAIRS))
        for ident, unit in ((f"q{k}", quantity), (f"m{k}", price.format(c=currency))):
            driver: dict[str, Any] = {"id": ident, "value": draw(_value_specs()), "unit": unit}
            if draw(st.booleans()):
                driver["label"] = draw(_safe_text)
                driver["evidence"] = draw(_safe_text)
            if draw(st.booleans()):
                driver["source"] = draw(st.sampled_from([s.value for s in cdx.Source]))
            if people and draw(st.booleans()):
                driver["confirmed_by"] = draw(st.sampled_from(people))
                driver["confirmed_on"] = draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)))
            if draw(st.booleans()):
                driver["assumed"] = draw(_value_specs())
            if draw(st.booleans()):
                driver["bounds"] = draw(st.sampled_from([{"min": 0}, {}, {"min": 0, "max": 1e10}]))
            drivers.append(driver)
        pairs.append((f"q{k}", f"m{k}"))
    # a derived driver of inferred unit, chaining on the first quantity
    if draw(st.booleans()):
        drivers.append({"id": "q_scaled", "formula": "q0 * 2"})
        pairs.append(("q_scaled", "m0"))
    problems = []
    for p in range(draw(st.integers(1, 3))):
        causes = [
            {"id": f"cause_{p}_{k}", "description": draw(_safe_text)}
            for k in range(draw(st.integers(0, 2)))
        ]
        consequences = []
        for k in range(draw(st.integers(1, 3))):
            quantity, price = draw(st.sampled_from(pairs))
            consequences.append(
                {
                    "id": f"cons_{p}_{k}",
                    "label": draw(_safe_text),
                    "formula": f"{quantity} * {price}",
                    "category": draw(st.sampled_from([c.value for c in cdx.Category])),
                    "borne_by": draw(st.lists(st.sampled_from(people), unique=True))
                    if people
                    else [],
                    "causes": draw(
                        st.lists(st.sampled_from([c["id"] for c in causes]), unique=True)
                    )
                    if causes
                    else [],
                }
            )
        symptom: dict[str, Any] = {"id": f"symptom_{p}", "description": draw(_safe_text)}
        if draw(st.booleans()):
            symptom["metric"] = "q0"
        problems.append(
            {
                "id": f"problem_{p}",
                "title": draw(_names),
                "description": draw(_safe_text),
                "owner": draw(st.sampled_from(people)) if people and draw(st.booleans()) else None,
                "symptoms": [symptom],
                "causes": causes,
                "consequences": consequences,
            }
        )
    estimates = [d["id"] for d in drivers if isinstance(d.get("value"), dict)]
    correlations = []
    if len(estimates) >= 2 and draw(st.booleans()):
        a, b = draw(st.lists(st.sampled_from(estimates), min_size=2, max_size=2, unique=True))
        rho = draw(st.floats(-1, 1, exclude_min=True, exclude_max=True))
        correlations.append({"a": a, "b": b, "rho": rho})
    scenarios = []
    if draw(st.booleans()):
        scenarios.append(
            {"name": "low", "description": draw(_safe_text), "overrides": {"q0": draw(_amount)}}
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "id": draw(st.sampled_from(["case", "acme_2026", "x1"])),
        "title": draw(_safe_text),
        "account": {"name": draw(_names), "industry": draw(_safe_text), "currency": currency},
        "calendar": {
            "weeks_per_year": draw(st.floats(1, 1000)),
            "workdays_per_year": draw(st.floats(1, 1000)),
        },
        "stakeholders": stakeholders,
        "drivers": drivers,
        "problems": problems,
        "correlations": correlations,
        "scenarios": scenarios,
    }


_ROUND_TRIP = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_ROUND_TRIP
@given(valid_cases())
def test_json_round_trip_is_lossless(data: dict[str, Any]) -> None:
    case = cdx.Diagnosis.model_validate(data)
    again = cdx.Diagnosis.model_validate_json(case.model_dump_json())
    assert again == case
    assert again.model_dump() == case.model_dump()


@_ROUND_TRIP
@given(valid_cases())
def test_file_round_trips_are_lossless(data: dict[str, Any]) -> None:
    case = cdx.Diagnosis.model_validate(data)
    with tempfile.TemporaryDirectory() as folder:
        for name in ("x.toml", "x.json"):
            path = Path(folder) / name
            cdx.save(case, path)
            again = cdx.load(path)
            assert again == case, name
            # and the quantification is the same, to the bit
            assert cdx.quantify(again).annual_cost == cdx.quantify(case).annual_cost


def test_round_trip_keeps_an_empty_bounds_table(tmp_path: Path) -> None:
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[cdx.Driver(id="x", value=1, unit="USD/year", bounds=cdx.Bounds())],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="x")],
            )
        ],
    )
    cdx.save(case, tmp_path / "x.toml")
    assert cdx.load(tmp_path / "x.toml") == case


def test_round_trip_keeps_a_blank_unit(tmp_path: Path) -> None:
    # a blank unit is dimensionless, written "1"; a saved file would leave "" out
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="k", value=2, unit=""),
            cdx.Driver(id="x", value=1, unit="USD/year"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="k * x")],
            )
        ],
    )
    assert case.drivers[0].unit == "1"
    for name in ("x.toml", "x.json"):
        cdx.save(case, tmp_path / name)
        assert cdx.load(tmp_path / name) == case


def test_validation_restores_the_garbage_collector_state() -> None:
    import gc

    good = {"id": "cfo", "name": "Ana"}
    assert gc.isenabled()
    cdx.Stakeholder.model_validate(good)
    assert gc.isenabled()
    with pytest.raises(cdx.CaseValidationError):
        cdx.Stakeholder.model_validate({"id": "Bad Id", "name": "Ana"})
    assert gc.isenabled()
    gc.disable()
    try:
        cdx.Stakeholder(**good)
        assert not gc.isenabled()  # an application that turned it off keeps it off
    finally:
        gc.enable()


def test_a_case_pickles_with_its_plan_and_evaluates_after() -> None:
    # Workers receive a case (and its compiled plan) by pickle; the plan's compiled numpy
    # functions are rebuilt there, the figures are the same.
    case = cdx.load(cdx.example_path())
    before = cdx.quantify(case).annual_cost
    back = pickle.loads(pickle.dumps(case))
    assert back == case
    assert back.plan is not case.plan
    assert [c.id for c in back.plan.consequences] == [c.id for c in case.plan.consequences]
    assert cdx.quantify(back).annual_cost == before
    values = {i: case.driver(i).point() for i in case.plan.inputs}
    first = case.plan.consequences[0].id
    assert back.plan.evaluate_arrays(values)[first] == case.plan.evaluate(values)[first]


def test_the_plan_is_an_attribute_of_the_case_not_a_field() -> None:
    case = cdx.load(cdx.example_path())
    assert case.plan is case.plan
    assert "plan" not in case.model_dump()
    assert "_plan" not in dict(case)
    # equal cases compare equal whatever their plans
    assert cdx.Diagnosis.model_validate(case.model_dump()) == case
