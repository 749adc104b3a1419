"""Rates, shares and fractions of a value case: a fraction or a percentage string, and a
bare number above 1 refused with the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import costdx as cdx
from costdx.model import percent_text, written_as_percent


@pytest.fixture(scope="module")
def loss() -> cdx.Diagnosis:
    return cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[cdx.Driver(id="loss", value=10_000, unit="USD/month", source="customer")],
        problems=[cdx.Problem(id="p", title="P", symptoms=[cdx.Symptom(id="s")],
                              consequences=[cdx.Consequence(id="c", formula="loss")])],
    )  # fmt: skip


def value_case(diagnosis: cdx.Diagnosis, **settings: Any) -> cdx.ValueCase:
    return cdx.ValueCase.model_validate({"diagnosis": diagnosis, **settings})


def test_every_rate_share_and_fraction_reads_a_percentage(loss: cdx.Diagnosis) -> None:
    vc = value_case(
        loss,
        discount_rate="8%",
        target_roi="150%",
        risk_adjustment={"benchmark": "80%", "estimate": "70 %"},
        solutions=[
            {"id": "fix", "name": "Fix",
             "addresses": [{"consequence": "c", "fraction": "60%", "ramp": ["50%", 1]}]},
            {"id": "other", "name": "Other",
             "addresses": [{"consequence": "c",
                            "fraction": {"dist": "pert", "low": "30%", "likely": "50%",
                                         "high": "60%"}}]},
        ],
    )  # fmt: skip
    assert (vc.discount_rate, vc.target_roi) == (0.08, 1.5)
    assert vc.risk_adjustment == {cdx.Source.BENCHMARK: 0.8, cdx.Source.ESTIMATE: 0.7}
    fix, other = vc.solutions
    assert fix.addresses[0].fraction == 0.6
    assert fix.addresses[0].ramp == (0.5, 1.0)
    assert other.addresses[0].fraction == cdx.PERT(0.3, 0.5, 0.6)
    grown = cdx.Driver(id="x", value=1, growth="3%")
    assert grown.growth == 0.03


@pytest.mark.parametrize(
    ("settings", "location", "message"),
    [
        # the issue's example: discount_rate = 9 where 9 % was meant
        ({"discount_rate": 9}, "discount_rate",
         '9 would be 900%; for 9% write 0.09 or "9%" (the discount rate is a fraction, or a '
         "percentage in quotes)"),
        ({"target_roi": 100}, "target_roi", 'would be 10,000%; for 100% write 1 or "100%"'),
        ({"risk_adjustment": {"benchmark": 80}}, "risk_adjustment.benchmark",
         'for 80% write 0.8 or "80%"'),
        ({"solutions": [{"id": "s", "name": "S",
                         "addresses": [{"consequence": "c", "fraction": 0.5, "ramp": [50, 1]}]}]},
         "solutions[0].addresses[0].ramp[0]", 'for 50% write 0.5 or "50%"'),
        ({"solutions": [{"id": "s", "name": "S",
                         "addresses": [{"consequence": "c", "fraction": 60}]}]},
         "solutions[0].addresses[0].fraction", 'for 60% write 0.6 or "60%"'),
        ({"discount_rate": "150%"}, "discount_rate", "150% is outside [-50%, 100%]"),
        ({"risk_adjustment": {"benchmark": "120%"}}, "risk_adjustment.benchmark",
         "120% is outside [0%, 100%]"),
        ({"discount_rate": "8 percent"}, "discount_rate", "must be a number, got '8 percent'"),
    ],
)  # fmt: skip
def test_a_bare_percentage_is_refused_with_the_fix(
    loss: cdx.Diagnosis, settings: dict[str, Any], location: str, message: str
) -> None:
    with pytest.raises(cdx.CaseValidationError) as info:
        value_case(loss, **settings)
    (issue,) = info.value.issues
    assert issue.location == location
    assert message in issue.message


def test_a_large_target_roi_needs_a_percentage_string(loss: cdx.Diagnosis) -> None:
    assert value_case(loss, target_roi=10).target_roi == 10.0  # 1,000 %, the largest bare one
    assert value_case(loss, target_roi="1500%").target_roi == 15.0
    with pytest.raises(cdx.CaseValidationError, match=r"15 would be 1,500%"):
        value_case(loss, target_roi=15)


def test_a_revenue_consequence_may_be_more_than_removed() -> None:
    # lost revenue a solution wins back can exceed the loss (1.2 = 120 %); a cost cannot
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[cdx.Driver(id="lost", value=1000, unit="USD/month", source="customer")],
        problems=[cdx.Problem(id="p", title="P", symptoms=[cdx.Symptom(id="s")],
                              consequences=[cdx.Consequence(id="c", formula="lost",
                                                            category="revenue")])],
    )  # fmt: skip
    addresses = [{"consequence": "c", "fraction": "120%"}]
    vc = value_case(case, solutions=[{"id": "s", "name": "S", "addresses": addresses}])
    assert vc.solutions[0].addresses[0].fraction == 1.2


def test_the_schema_allows_percentage_strings() -> None:
    schema = cdx.schema()
    rate = schema["$defs"]["ValueCaseSettings"]["properties"]["discount_rate"]
    assert {"type": "number"} in rate["anyOf"]
    assert any(option.get("pattern") for option in rate["anyOf"])


def test_a_percentage_in_a_case_file_is_kept_on_save(tmp_path: Path) -> None:
    text = cdx.example_path().read_text(encoding="utf-8")
    path = tmp_path / "acme.toml"
    path.write_text(text.replace("discount_rate = 0.08", 'discount_rate = "8%"'), encoding="utf-8")
    vc = cdx.load_value_case(path)
    assert vc.discount_rate == 0.08
    cdx.save(cdx.evolve(vc, discount_rate=0.07), path)
    assert 'discount_rate = "7%"' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "fraction"),
    [("8%", 0.08), ("12.5 %", 0.125), ("-3%", -0.03), (".5%", 0.005), ("1e2%", 1.0),
     ("8", None), ("%", None), ("8%%", None), (8, None)],
)  # fmt: skip
def test_percent_text(text: Any, fraction: float | None) -> None:
    assert percent_text(text) == fraction


@given(st.floats(min_value=-1, max_value=10, allow_nan=False))
def test_a_written_percentage_reads_back_exactly(fraction: float) -> None:
    text = written_as_percent(fraction)
    assert text is None or percent_text(text) == fraction
