"""The pandas views of a quantification, on a hand-built case whose every figure is
worked out below, and on the acme example."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

import costdx as cdx

MakeCase = Callable[..., cdx.Diagnosis]

# The case (all money in USD):
#   a = m1                     = 100 USD/month × 12           = 1,200 /year  measured, confirmed
#   b = d1 = m1 × c1           = 100 × 2 = 200 /month × 12    = 2,400 /year  customer, confirmed
#   c = b1 + e1                = 50 + 300                     =   350 /year  estimate
#   d = b1 × c1                = 50 × 2                       =   100 /year  benchmark
#   e = one                    = 1,000 USD once                              customer, confirmed
# annual total 1,200 + 2,400 + 350 + 100 = 4,050 USD/year; one-time 1,000 USD
TOTAL = 4_050.0


@pytest.fixture
def q(make_case: MakeCase) -> cdx.Quantification:
    stakeholders = [
        {"id": "cfo", "name": "Ana", "role": "CFO", "department": "Finance"},
        {"id": "coo", "name": "Bo", "role": "COO", "department": "Operations"},
        {"id": "clerk", "name": "Cy", "department": "Operations"},
        {"id": "intern", "name": "Di"},
        {"id": "bystander", "name": "Ed", "department": "Legal"},
    ]
    drivers = [
        {
            "id": "m1",
            "value": 100,
            "unit": "USD/month",
            "source": "measured",
            "confirmed_by": "cfo",
        },
        {"id": "c1", "value": 2, "source": "customer", "confirmed_by": "coo"},
        {"id": "b1", "value": 50, "unit": "USD/year", "source": "benchmark"},
        {
            "id": "e1",
            "value": {"dist": "pert", "low": 200, "likely": 300, "high": 500},
            "unit": "USD/year",
        },
        {"id": "one", "value": 1_000, "unit": "USD", "source": "customer", "confirmed_by": "cfo"},
        {"id": "d1", "formula": "m1 * c1"},
        {"id": "cycle_time", "value": 20, "unit": "minute/order", "source": "measured"},
        {"id": "cycle_target", "value": 15, "unit": "minute/order", "source": "benchmark"},
        {"id": "oee", "value": 61, "assumed": 55, "unit": "percent", "source": "measured"},
    ]
    problems = [
        {
            "id": "p1",
            "title": "Downtime",
            "owner": "coo",
            "symptoms": [
                {
                    "id": "slow",
                    "description": "Slow cycle",
                    "metric": "cycle_time",
                    "target": "cycle_target",
                },
                {"id": "low_oee", "metric": "oee"},
            ],
            "consequences": [
                {"id": "a", "formula": "m1", "category": "cost", "borne_by": ["cfo", "coo"]},
                {
                    "id": "b",
                    "formula": "d1",
                    "category": "revenue",
                    "borne_by": ["coo", "clerk", "intern"],
                },
            ],
        },
        {
            "id": "p2",
            "title": "Errors",
            "symptoms": [{"id": "complaints"}],
            "consequences": [
                {"id": "c", "formula": "b1 + e1", "category": "risk"},
                {"id": "d", "formula": "b1 * c1", "category": "cost", "borne_by": ["cfo"]},
                {"id": "e", "formula": "one", "category": "capital", "borne_by": ["intern"]},
            ],
        },
    ]
    case = make_case(drivers, stakeholders=stakeholders, problems=problems)
    return cdx.quantify(case)


def test_totals(q: cdx.Quantification) -> None:
    assert q.annual_cost == pytest.approx(TOTAL)
    assert q.one_time_cost == pytest.approx(1_000)


def test_by_consequence(q: cdx.Quantification) -> None:
    frame = q.by_consequence()
    assert list(frame.index) == ["a", "b", "c", "d", "e"]
    assert list(frame["annual_cost"]) == pytest.approx([1_200, 2_400, 350, 100, 0])
    assert list(frame["one_time_cost"]) == pytest.approx([0, 0, 0, 0, 1_000])
    assert list(frame["kind"]) == ["recurring"] * 4 + ["one-time"]
    assert list(frame["category"]) == ["cost", "revenue", "risk", "cost", "capital"]
    assert list(frame["problem"]) == ["p1", "p1", "p2", "p2", "p2"]
    # shares of 4,050: 1,200 → 29.63 %, 2,400 → 59.26 %
    assert frame.loc["a", "share"] == pytest.approx(1_200 / TOTAL)
    assert frame.loc["b", "share"] == pytest.approx(2_400 / TOTAL)
    assert frame.loc["b", "borne_by"] == "coo, clerk, intern"
    assert frame.loc["c", "borne_by"] == ""
    assert frame.loc["c", "label"] == "c"  # no label: the id


def test_weakest_source_rule(q: cdx.Quantification) -> None:
    frame = q.by_consequence()
    # a: measured only; b: d1 = m1 (measured) × c1 (customer) → customer;
    # c: benchmark + estimate (no source given) → estimate; d: benchmark × customer → benchmark
    assert list(frame["source"]) == ["measured", "customer", "estimate", "benchmark", "customer"]
    # confirmed only if every input was: a (m1), b (m1, c1), e (one)
    assert list(frame["confirmed"]) == [True, True, False, False, True]


def test_confirmed_share(q: cdx.Quantification) -> None:
    # (1,200 + 2,400) / 4,050 = 0.8889; the one-time 1,000 does not count
    assert q.confirmed_share == pytest.approx(3_600 / TOTAL)


def test_by_problem(q: cdx.Quantification) -> None:
    frame = q.by_problem()
    assert list(frame.index) == ["p1", "p2"]
    assert list(frame["title"]) == ["Downtime", "Errors"]
    assert list(frame["owner"]) == ["coo", ""]
    # p1: 1,200 + 2,400 = 3,600; p2: 350 + 100 = 450 and 1,000 once
    assert list(frame["annual_cost"]) == pytest.approx([3_600, 450])
    assert list(frame["one_time_cost"]) == pytest.approx([0, 1_000])
    assert list(frame["share"]) == pytest.approx([3_600 / TOTAL, 450 / TOTAL])


def test_by_category(q: cdx.Quantification) -> None:
    frame = q.by_category()
    assert list(frame.index) == ["cost", "revenue", "risk", "capital"]
    # cost: a 1,200 + d 100 = 1,300
    assert list(frame["annual_cost"]) == pytest.approx([1_300, 2_400, 350, 0])
    assert list(frame["one_time_cost"]) == pytest.approx([0, 0, 0, 1_000])
    assert frame["share"].sum() == pytest.approx(1.0)


def test_by_stakeholder_splits_evenly(q: cdx.Quantification) -> None:
    frame = q.by_stakeholder()
    # the bystander bears nothing and has no row; nobody bears c: an (unassigned) row
    assert list(frame.index) == ["cfo", "coo", "clerk", "intern", "(unassigned)"]
    # cfo: a / 2 = 600 + d 100 = 700; coo: a / 2 = 600 + b / 3 = 800 → 1,400;
    # clerk: b / 3 = 800; intern: b / 3 = 800 (and e, 1,000 once); unassigned: c = 350
    assert list(frame["annual_cost"]) == pytest.approx([700, 1_400, 800, 800, 350])
    assert list(frame["one_time_cost"]) == pytest.approx([0, 0, 0, 1_000, 0])
    assert frame["annual_cost"].sum() == pytest.approx(TOTAL)
    assert list(frame["split"]) == [
        "shares split evenly 2 ways",
        "shares split evenly 2 ways and 3 ways",
        "shares split evenly 3 ways",
        "shares split evenly 3 ways",
        "",
    ]
    assert frame.loc["cfo", "name"] == "Ana"
    assert frame.loc["cfo", "role"] == "CFO"
    assert frame.loc["(unassigned)", "name"] == ""
    assert frame.loc["coo", "share"] == pytest.approx(1_400 / TOTAL)


def test_by_department(q: cdx.Quantification) -> None:
    frame = q.by_department()
    # Finance: cfo 700; Operations: coo 1,400 + clerk 800 = 2,200;
    # (unassigned): intern (no department) 800 + nobody's 350 = 1,150, and 1,000 once
    assert list(frame.index) == ["Finance", "Operations", "(unassigned)"]
    assert list(frame["annual_cost"]) == pytest.approx([700, 2_200, 1_150])
    assert list(frame["one_time_cost"]) == pytest.approx([0, 0, 1_000])
    assert list(frame["share"]) == pytest.approx([700 / TOTAL, 2_200 / TOTAL, 1_150 / TOTAL])


def test_by_source(q: cdx.Quantification) -> None:
    frame = q.by_source()
    # strongest first, every source listed
    assert list(frame.index) == ["measured", "customer", "benchmark", "estimate"]
    assert list(frame["consequences"]) == [1, 2, 1, 1]
    assert list(frame["annual_cost"]) == pytest.approx([1_200, 2_400, 100, 350])
    assert list(frame["one_time_cost"]) == pytest.approx([0, 1_000, 0, 0])
    assert frame["share"].sum() == pytest.approx(1.0)


def test_gaps(q: cdx.Quantification) -> None:
    frame = q.gaps()
    # the symptom without a metric has no row
    assert list(frame.index) == ["slow", "low_oee"]
    slow = frame.loc["slow"]
    # 20 − 15 = 5 minute/order; 5 / 15 = 33.3 % above the target
    assert slow["current"] == 20
    assert slow["target"] == 15
    assert slow["gap"] == 5
    assert slow["gap_share"] == pytest.approx(1 / 3)
    assert slow["unit"] == "minute/order"
    assert slow["problem"] == "p1"
    assert slow["description"] == "Slow cycle"
    low = frame.loc["low_oee"]
    assert low["current"] == 61
    assert math.isnan(low["target"])
    assert math.isnan(low["gap"])


def test_gaps_frame_is_empty_without_metrics(make_case: MakeCase) -> None:
    frame = cdx.quantify(
        make_case([{"id": "x", "value": 1, "unit": "USD/year"}], {"c": "x"})
    ).gaps()
    assert frame.empty
    assert list(frame.columns) == [
        "problem",
        "description",
        "metric",
        "current",
        "target",
        "gap",
        "gap_share",
        "unit",
    ]


def test_drivers_frame(q: cdx.Quantification) -> None:
    frame = q.drivers()
    assert list(frame.index[:6]) == ["m1", "c1", "b1", "e1", "one", "d1"]
    e1 = frame.loc["e1"]
    assert (e1["kind"], e1["low"], e1["high"], e1["value"]) == ("pert", 200, 500, 300)
    assert e1["source"] == "estimate"
    d1 = frame.loc["d1"]
    # d1 = 100 USD/month × 2 = 200 USD/month (unit inferred)
    assert (d1["kind"], d1["value"], d1["unit"], d1["formula"], d1["source"]) == (
        "derived",
        200,
        "USD/month",
        "m1 * c1",
        "",
    )
    assert frame.loc["oee", "assumed"] == 55
    assert math.isnan(frame.loc["m1", "assumed"])
    assert frame.loc["m1", "confirmed_by"] == "cfo"


def test_drivers_frame_describes_the_basis_and_scenario_used(make_case: MakeCase) -> None:
    drivers = [
        {"id": "x", "value": {"dist": "pert", "low": 1, "likely": 2, "high": 6},
         "assumed": {"dist": "triangular", "low": 3, "likely": 4, "high": 5},
         "unit": "USD/year"},
        {"id": "y", "value": 10, "unit": "USD/year"},
    ]  # fmt: skip
    scenarios = [{"name": "wide", "overrides": {"x": {"dist": "uniform", "low": 5, "high": 7}}}]
    case = make_case(drivers, {"c": "x + y"}, scenarios=scenarios)
    # the value: PERT(1, 2, 6), point 2
    row = cdx.quantify(case).drivers().loc["x"]
    assert (row["kind"], row["low"], row["high"], row["value"]) == ("pert", 1, 6, 2)
    # the assumed basis: Triangular(3, 4, 5), point 4
    row = cdx.quantify(case, basis="assumed").drivers().loc["x"]
    assert (row["kind"], row["low"], row["high"], row["value"]) == ("triangular", 3, 5, 4)
    # the scenario: Uniform(5, 7), point (5 + 7)/2 = 6
    row = cdx.quantify(case, scenario="wide").drivers().loc["x"]
    assert (row["kind"], row["low"], row["high"], row["value"]) == ("uniform", 5, 7, 6)


def test_acme_frames(acme_q: cdx.Quantification) -> None:
    problems = acme_q.by_problem()
    # unplanned downtime: 799,200 + 98,496 + 70,992.96 = 968,688.96 USD/year
    assert problems.loc["unplanned_downtime", "annual_cost"] == pytest.approx(
        799_200 + 98_496 + math.sqrt(2_500 * 14_000) * 12
    )
    # late deliveries: 126,000 + 195,300 = 321,300 USD/year, and the 35,000 USD audit
    assert problems.loc["late_deliveries", "annual_cost"] == pytest.approx(321_300)
    assert problems.loc["late_deliveries", "one_time_cost"] == 35_000
    people = acme_q.by_stakeholder()
    # the coo bears half of lost_contribution: 799,200 / 2 = 399,600
    assert people.loc["coo", "annual_cost"] == pytest.approx(399_600)
    # sales_vp: late_penalties / 2 + account_at_risk = 63,000 + 195,300 = 258,300
    assert people.loc["sales_vp", "annual_cost"] == pytest.approx(258_300)
    gaps = acme_q.gaps()
    # OEE 61 % against 75 %: −14 points, −14 / 75 = −18.67 %
    assert gaps.loc["low_oee", "gap"] == pytest.approx(-14)
    assert gaps.loc["low_oee", "gap_share"] == pytest.approx(-14 / 75)
    sources = acme_q.by_source()
    # measured alone: only emergency_parts (every input measured)
    assert sources.loc["measured", "consequences"] == 1
    assert sources.loc["measured", "annual_cost"] == pytest.approx(math.sqrt(2_500 * 14_000) * 12)
