"""Tests of the plausibility checks: costdx.check and the warnings results carry.

Every check has a test that shows it fires, with the figures of its message worked out by
hand, and a test that it does not fire on the shipped example (which must pass
``costdx check --strict``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import costdx as cdx
from costdx.model import CHECKS

MakeCase = Callable[..., cdx.Diagnosis]


def measured(ident: str, value: Any, unit: str | None = None, **extra: Any) -> dict[str, Any]:
    """A driver with a source and evidence, so that only what a test sets up is flagged."""
    driver = {"id": ident, "value": value, "source": "measured", "evidence": "ERP report"}
    if unit is not None:
        driver["unit"] = unit
    return {**driver, **extra}


def codes(found: list[cdx.Issue]) -> list[str]:
    return [issue.code for issue in found]


def only(found: list[cdx.Issue], code: str) -> cdx.Issue:
    hits = [issue for issue in found if issue.code == code]
    assert len(hits) == 1, found
    return hits[0]


@pytest.fixture(scope="module")
def acme_findings() -> list[cdx.Issue]:
    return cdx.check(cdx.load_value_case(cdx.example_path()))


def test_the_shipped_example_raises_no_finding(acme_findings: list[cdx.Issue]) -> None:
    assert acme_findings == []


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_no_check_fires_on_the_shipped_example(code: str, acme_findings: list[cdx.Issue]) -> None:
    assert code not in codes(acme_findings)


def test_every_finding_is_a_warning_with_an_id_except_impossible_correlations(
    make_case: MakeCase,
) -> None:
    case = make_case(
        [{"id": "orders", "value": 0, "unit": "order/week", "evidence": "TODO"},
         measured("cost", 10, "USD/order")],
        {"c": "orders * cost"},
    )  # fmt: skip
    found = cdx.check(case)
    assert codes(found) == ["placeholder_value", "source_missing", "placeholder_evidence"]
    assert {(i.severity, i.subject) for i in found} == {("warning", "orders")}
    # findings cross process boundaries, as errors do
    assert pickle.loads(pickle.dumps(found)) == found


def test_placeholder_value(make_case: MakeCase) -> None:
    case = make_case(
        [measured("orders", 0, "order/week"), measured("cost", 10, "USD/order"),
         measured("spare", 0, "order/week")],
        {"c": "orders * cost"},
        problems=[{"id": "p", "title": "P", "symptoms": [{"id": "s", "metric": "spare"}],
                   "consequences": [{"id": "c", "formula": "orders * cost"}]}],
    )  # fmt: skip
    issue = only(cdx.check(case), "placeholder_value")
    # only the 0 that feeds a consequence: spare merely measures the symptom
    assert (issue.location, issue.subject) == ("drivers[0].value", "orders")
    assert issue.message.startswith("the value is 0, so what rests on it (c) comes to nothing")
    # an estimate of zeros is as empty as a 0
    estimate = make_case(
        [measured("orders", {"dist": "uniform", "low": 0, "high": 0}, "order/week"),
         measured("cost", 10, "USD/order")],
        {"c": "orders * cost"},
    )  # fmt: skip
    assert codes(cdx.check(estimate)) == ["placeholder_value"]


@pytest.mark.parametrize("evidence", ["TODO", "todo: ask Ana", "TBD", "?", "??", "xxx", "n/a",
                                      "Figure TBC with finance"])  # fmt: skip
def test_placeholder_evidence(make_case: MakeCase, evidence: str) -> None:
    case = make_case([measured("x", 10, "USD/year", evidence=evidence)], {"c": "x"})
    issue = only(cdx.check(case), "placeholder_evidence")
    assert issue.location == "drivers[0].evidence"
    assert "a placeholder; say where the figure comes from" in issue.message


@pytest.mark.parametrize("evidence", ["Todoist export, March", "ERP report", "", "Xavier's sheet"])
def test_evidence_that_is_not_a_placeholder(make_case: MakeCase, evidence: str) -> None:
    case = make_case([measured("x", 10, "USD/year", evidence=evidence)], {"c": "x"})
    assert cdx.check(case) == []


def test_source_missing(make_case: MakeCase) -> None:
    case = make_case([{"id": "x", "value": 10, "unit": "USD/year", "evidence": "ledger"}],
                     {"c": "x"})  # fmt: skip
    issue = only(cdx.check(case), "source_missing")
    assert issue.location == "drivers[0].source"
    assert "counts as 'estimate'" in issue.message


def test_dimensionless_rate_that_multiplies_money(make_case: MakeCase) -> None:
    # 1,000 order/month × 5 × 40 USD/order: 5 with unit 1 is 500 %, where 5 % was meant
    case = make_case(
        [measured("orders", 1000, "order/month"), measured("errors", 5),
         measured("cost", 40, "USD/order")],
        {"c": "orders * errors * cost"},
    )  # fmt: skip
    issue = only(cdx.check(case), "dimensionless_rate")
    assert (issue.location, issue.subject) == ("drivers[1].unit", "errors")
    assert issue.message == (
        "5 with unit 1 is 500 % (it multiplies the cost); if 5 % is meant, write unit = "
        '"percent" (or value = 0.05); if it counts something, give it that unit'
    )


def test_dimensionless_driver_named_a_rate(make_case: MakeCase) -> None:
    # not used in a consequence, but its id says it is a rate
    case = make_case(
        [measured("x", 10, "USD/year"), measured("churn_rate", 12)],
        {"c": "x"},
        problems=[{"id": "p", "title": "P", "symptoms": [{"id": "s", "metric": "churn_rate"}],
                   "consequences": [{"id": "c", "formula": "x"}]}],
    )  # fmt: skip
    issue = only(cdx.check(case), "dimensionless_rate")
    assert "its id says 'rate'" in issue.message


def test_dimensionless_figures_that_are_fine(make_case: MakeCase) -> None:
    # a share of 0.4 with unit 1 is a fraction; 5 with unit percent is 5 %
    case = make_case(
        [measured("orders", 1000, "order/month"), measured("share", 0.4),
         measured("errors", 5, "percent"), measured("cost", 40, "USD/order")],
        {"c": "orders * share * errors * cost"},
    )  # fmt: skip
    assert cdx.check(case) == []


def test_calendar_day_effort(make_case: MakeCase) -> None:
    # 6 hour/day × 365 = 2,190 hours a year; per workday, 6 × 250 = 1,500; 365/250 = 1.46
    case = make_case(
        [measured("support", 6, "hour/day"), measured("rate", 50, "USD/hour")],
        {"c": "support * rate"},
    )  # fmt: skip
    issue = only(cdx.check(case), "calendar_day_effort")
    assert issue.location == "drivers[0].unit"
    assert issue.message == (
        "6 hour/day counts 365 calendar days a year: 2,190 hour a year; per working day write "
        "unit = 'hour/workday', which gives 1,500 hour a year at 250 workdays (calendar days "
        "count 46% more)"
    )


def test_minutes_per_calendar_day_and_per_person(make_case: MakeCase) -> None:
    # 30 minute/(person·day) = 0.5 hour/(person·day): × 365 = 182.5, × 250 = 125
    case = make_case(
        [measured("people", 4, "person"), measured("chat", 30, "minute/(person*day)"),
         measured("rate", 50, "USD/hour")],
        {"c": "people * chat * rate"},
    )  # fmt: skip
    issue = only(cdx.check(case), "calendar_day_effort")
    assert "182.5 hour/person a year" in issue.message
    assert "'minute/(person*workday)', which gives 125 hour/person a year" in issue.message


def test_counts_per_calendar_day_are_not_effort(make_case: MakeCase) -> None:
    case = make_case(
        [measured("admissions", 40, "patient/day"), measured("cost", 90, "USD/patient")],
        {"c": "admissions * cost"},
    )  # fmt: skip
    assert cdx.check(case) == []


def service_desk(make_case: MakeCase, handling: str) -> cdx.Diagnosis:
    """1,500 tickets a week, 12 (hours or minutes) each, at 60 USD/hour."""
    return make_case(
        [measured("tickets", 1500, "ticket/week"), measured("handling", 12, handling),
         measured("agent_rate", 60, "USD/hour")],
        {"desk": "tickets * handling * agent_rate"},
    )  # fmt: skip


def test_implied_people(make_case: MakeCase) -> None:
    # hour/ticket typed for minute/ticket: 1,500 × 12 hours × 52 = 936,000 hours a year
    # (56,160,000 USD at 60 USD/hour), which at 1,800 hours each is 520 people
    case = service_desk(make_case, "hour/ticket")
    assert cdx.quantify(case).annual_cost == pytest.approx(56_160_000)
    issue = only(cdx.check(case), "implied_people")
    assert (issue.location, issue.subject) == ("problems[0].consequences[0].formula", "desk")
    assert issue.message.startswith(
        "this consequence implies 520 full-time people: 936,000 hours a year at agent_rate = "
        "60 USD/hour, 1,800 hours each (more than 100)"
    )
    # minutes, as meant: 15,600 hours, 8.7 people
    assert cdx.check(service_desk(make_case, "minute/ticket")) == []
    # the threshold is the caller's: 520 people are not more than 600
    assert cdx.check(case, max_people=600) == []
    # ... nor more than 100 people of 10,000 hours each
    assert cdx.check(case, hours_per_person=10_000) == []


def test_implied_people_finds_the_rate_inside_a_derived_driver(make_case: MakeCase) -> None:
    # crew × operator rate is the derived idle cost per line hour; 50 stops × 1,000 hours
    # × 12 a year = 600,000 line hours, × 6 people = 3,600,000 person-hours = 2,000 people
    case = make_case(
        [measured("stops", 50, "incident/month"), measured("hours", 1000, "hour/incident"),
         measured("crew", 6, "person"), measured("operator_rate", 38, "USD/(person*hour)"),
         {"id": "idle", "formula": "crew * operator_rate", "unit": "USD/hour"}],
        {"c": "stops * hours * idle"},
    )  # fmt: skip
    assert "implies 2,000 full-time people" in only(cdx.check(case), "implied_people").message


def test_revenue_share(make_case: MakeCase) -> None:
    # 166,400 USD a year against 1,000,000 of revenue: 17 %, above 10 %
    drivers = [measured("people", 5, "person"), measured("hours", 8, "hour/person/week"),
               measured("rate", 80, "USD/hour")]  # fmt: skip
    case = make_case(drivers, {"c": "people * hours * rate"},
                     account={"name": "A", "annual_revenue": 1_000_000})  # fmt: skip
    issue = only(cdx.check(case), "revenue_share")
    assert issue.location == "account.annual_revenue"
    assert issue.message.startswith(
        "the cost of the problem, 166,400 USD a year, is 17% of the account's revenue of "
        "1,000,000 USD (more than 10%)"
    )
    assert cdx.check(case, max_revenue_share=0.2) == []
    rich = make_case(drivers, {"c": "people * hours * rate"},
                     account={"name": "A", "annual_revenue": 50_000_000})  # fmt: skip
    assert cdx.check(rich) == []


def test_unused_driver(make_case: MakeCase) -> None:
    case = make_case(
        [measured("x", 10, "USD/year"), measured("lonely", 3, "order/week"),
         measured("feeds_nothing", 2, "order/week"),
         {"id": "derived_unused", "formula": "feeds_nothing * 2"}],
        {"c": "x"},
    )  # fmt: skip
    found = [i for i in cdx.check(case) if i.code == "unused_driver"]
    # an input used only by a derived driver that nothing uses is unused as well
    assert [i.subject for i in found] == ["lonely", "feeds_nothing", "derived_unused"]
    assert found[0].location == "drivers[1]"


def test_negative_count(make_case: MakeCase) -> None:
    case = make_case(
        [measured("returns", -3, "order/week"), measured("cost", 10, "USD/order")],
        {"c": "returns * cost"},
    )  # fmt: skip
    issue = only(cdx.check(case), "negative_count")
    assert issue.message.startswith("-3 order/week: a count (order) cannot be negative")
    allowed = make_case(
        [measured("returns", -3, "order/week", bounds={"min": -10}),
         measured("cost", 10, "USD/order")],
        {"c": "returns * cost"},
    )  # fmt: skip
    assert cdx.check(allowed) == []
    # money may be negative (a credit)
    credit = make_case([measured("credit", -500, "USD/month")], {"c": "credit"})
    assert cdx.check(credit) == []


def test_high_growth(make_case: MakeCase) -> None:
    case = make_case([measured("x", 10, "USD/year", growth=3)], {"c": "x"})
    issue = only(cdx.check(case), "high_growth")
    assert issue.message == 'growth 3 is 300% a year; for 3% write 0.03 or "3%"'
    assert cdx.check(make_case([measured("x", 10, "USD/year", growth="3%")], {"c": "x"})) == []


def test_high_discount_rate(make_case: MakeCase) -> None:
    case = make_case([measured("x", 10, "USD/year")], {"c": "x"})
    issue = only(cdx.check(cdx.ValueCase(diagnosis=case, discount_rate=0.45)),
                 "high_discount_rate")  # fmt: skip
    assert issue.location == "value_case.discount_rate"
    assert issue.message.startswith("a discount rate of 45.0% a year is above 30%")
    assert cdx.check(cdx.ValueCase(diagnosis=case, discount_rate=0.12)) == []
    assert cdx.check(cdx.ValueCase(diagnosis=case, discount_rate=0.45), max_discount_rate=0.5) == []


def test_impossible_correlations_are_an_error(make_case: MakeCase) -> None:
    # a~b and a~d strongly positive but b~d strongly negative: no three drivers can do that
    # (the matrix has determinant 1 − 3·0.81 − 2·0.729 < 0)
    estimate = {"dist": "uniform", "low": 1, "high": 2}
    drivers = [measured(i, estimate, "USD/year") for i in ("a", "b", "d")]
    correlations = [{"a": "a", "b": "b", "rho": 0.9}, {"a": "a", "b": "d", "rho": 0.9},
                    {"a": "b", "b": "d", "rho": -0.9}]  # fmt: skip
    case = make_case(drivers, {"c": "a + b + d"}, correlations=correlations)
    (issue,) = cdx.check(case)
    assert (issue.code, issue.severity, issue.location) == (
        "not_positive_definite",
        "error",
        "correlations",
    )
    assert "a~b = 0.9, a~d = 0.9, b~d = -0.9" in issue.message
    # 0.5 all round can hold (determinant 1 − 3·0.25 + 2·0.125 = 0.5 > 0)
    halves = [{**c, "rho": 0.5} for c in correlations]
    assert cdx.check(make_case(drivers, {"c": "a + b + d"}, correlations=halves)) == []


def test_findings_of_a_case_file_carry_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(
        """schema_version = 1

[account]
name = "Desk Co"

[[drivers]]
id = "tickets"
value = 1500
unit = "ticket/week"
source = "measured"

[[drivers]]
id = "handling"
value = 12
unit = "hour/ticket"  # minutes were meant
source = "measured"

[[drivers]]
id = "agent_rate"
value = 60
unit = "USD/hour"

[[problems]]
id = "desk"
title = "Service desk"
symptoms = [{ id = "queue" }]

[[problems.consequences]]
id = "handling_cost"
formula = "tickets * handling * agent_rate"
""",
        encoding="utf-8",
    )
    found = cdx.check(cdx.load(path))
    assert [(i.code, i.file, i.line) for i in found] == [
        ("source_missing", str(path), 18),  # no source key: the line of its [[drivers]]
        ("implied_people", str(path), 30),
    ]
    assert str(found[1]).startswith(
        f"{path}:30: warning: problems[0].consequences[0] (handling_cost).formula: this "
        "consequence implies 520 full-time people"
    )
    assert str(found[1]).endswith("[implied_people]")


def test_quantification_carries_the_warnings(make_case: MakeCase) -> None:
    q = cdx.quantify(service_desk(make_case, "hour/ticket"))
    assert [w.code for w in q.warnings] == ["implied_people"]
    assert repr(q).endswith(", 1 warning>")
    html = q._repr_html_()
    assert "1 warning (costdx.check)" in html
    assert "implies 520 full-time people" in html


def test_a_formula_that_overflows_is_an_error_at_check_time(make_case: MakeCase) -> None:
    # 10 ** 400 is beyond the largest float (about 1.8e308): every command that computes
    # stops on it, so check says so first, at the derived driver where it begins
    drivers = [
        {"id": "x", "value": 10, "source": "customer"},
        {"id": "spend", "value": 100, "unit": "USD/year", "source": "customer"},
        {"id": "big", "formula": "x ** 400"},
    ]
    case = make_case(drivers, {"c": "big * spend"})
    findings = [i for i in cdx.check(case) if i.code == "not_finite"]
    assert [(i.location, i.severity, i.subject) for i in findings] == [
        ("drivers[2].formula", "error", "big")
    ]
    assert "evaluates to inf" in findings[0].message
    # a consequence that divides by zero, with no derived driver behind it
    drivers = [
        {"id": "spend", "value": 100, "unit": "USD/year", "source": "customer"},
        {"id": "count", "value": 0, "source": "customer"},
    ]
    findings = [i for i in cdx.check(make_case(drivers, {"per": "spend / count"})) if
                i.code == "not_finite"]  # fmt: skip
    assert [i.location for i in findings] == ["problems[0].consequences[0].formula"]
