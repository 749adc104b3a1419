"""Deterministic quantification, checked by hand: annual and one-time costs, derived
drivers, functions in formulas, bases, scenarios, cost of delay, explain, compare_bases,
and the acme example's headline."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import costdx as cdx
from costdx.model._plan import Kind

MakeCase = Callable[..., cdx.Diagnosis]


# --- the README case: 5 person × 8 hour/(person·week) × 80 USD/hour -------------------


def test_readme_case(labour_case: cdx.Diagnosis) -> None:
    q = cdx.quantify(labour_case)
    # 5 person × 8 hour/(person·week) × 80 USD/hour = 3,200 USD/week × 52 = 166,400 USD/year
    assert q.annual_cost == pytest.approx(166_400)
    assert q.one_time_cost == 0.0
    assert q.currency == "USD"
    (labour,) = q.consequences
    assert labour.kind is Kind.RECURRING
    assert labour.annual == pytest.approx(166_400)
    assert labour.one_time == 0.0


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("year", 166_400.0),  # the annual cost
        ("month", 166_400 / 12),  # 13,866.67
        ("week", 3_200.0),  # 166,400 / 52
        ("day", 166_400 / 365),  # 455.89
        ("workday", 665.6),  # 166,400 / 250
    ],
)
def test_cost_of_delay(labour_case: cdx.Diagnosis, period: str, expected: float) -> None:
    assert cdx.quantify(labour_case).cost_of_delay(period) == pytest.approx(expected)  # type: ignore[arg-type]


def test_cost_of_delay_rejects_unknown_period(labour_case: cdx.Diagnosis) -> None:
    with pytest.raises(cdx.CostdxError, match="period must be one of year, month, week"):
        cdx.quantify(labour_case).cost_of_delay("quarter")  # type: ignore[arg-type]


def test_cost_of_delay_uses_the_case_calendar(make_case: MakeCase) -> None:
    # 1,000 USD/month = 12,000 USD/year; with 13 months a year, a month of delay is
    # 12,000 / 13 = 923.08 USD and with 48 weeks a week is 12,000 / 48 = 250 USD
    case = make_case(
        [{"id": "fee", "value": 1000, "unit": "USD/month"}],
        {"fees": "fee"},
        calendar={"months_per_year": 13, "weeks_per_year": 48},
    )
    q = cdx.quantify(case)
    # the driver is per calendar month: 1,000 × 13 = 13,000 USD/year
    assert q.annual_cost == pytest.approx(13_000)
    assert q.cost_of_delay("month") == pytest.approx(1_000)
    assert q.cost_of_delay("week") == pytest.approx(13_000 / 48)


# --- estimates take their point value -------------------------------------------------


def test_estimates_use_their_point(make_case: MakeCase) -> None:
    drivers = [
        {
            "id": "a",
            "value": {"dist": "pert", "low": 1, "likely": 2, "high": 9},
            "unit": "USD/year",
        },
        {
            "id": "b",
            "value": {"dist": "triangular", "low": 1, "likely": 3, "high": 4},
            "unit": "USD/year",
        },
        {"id": "c", "value": {"dist": "uniform", "low": 10, "high": 20}, "unit": "USD/year"},
        {"id": "d", "value": {"dist": "lognormal90", "low": 4, "high": 9}, "unit": "USD/year"},
        {"id": "e", "value": {"dist": "normal90", "low": -10, "high": 30}, "unit": "USD/year"},
    ]
    q = cdx.quantify(make_case(drivers, {"ca": "a", "cb": "b", "cc": "c", "cd": "d", "ce": "e"}))
    # PERT likely 2, triangular likely 3, uniform median 15, lognormal √(4·9) = 6,
    # normal median (−10 + 30)/2 = 10: 2 + 3 + 15 + 6 + 10 = 36
    assert [c.annual for c in q.consequences] == pytest.approx([2, 3, 15, 6, 10])
    assert q.annual_cost == pytest.approx(36)


# --- derived drivers ------------------------------------------------------------------


def test_derived_driver_with_declared_unit(make_case: MakeCase) -> None:
    drivers = [
        {"id": "stops", "value": 8, "unit": "incident/month"},
        {"id": "hours_per_stop", "value": 4.5, "unit": "hour/incident"},
        {"id": "crew", "value": 6, "unit": "person"},
        {"id": "wage", "value": 38, "unit": "USD/(person*hour)"},
        {"id": "idle_cost", "formula": "crew * wage", "unit": "USD/hour"},
    ]
    q = cdx.quantify(make_case(drivers, {"idle": "stops * hours_per_stop * idle_cost"}))
    # idle_cost = 6 person × 38 USD/(person·hour) = 228 USD/hour
    assert q.values["idle_cost"] == pytest.approx(228)
    # 8 × 4.5 × 228 = 8,208 USD/month × 12 = 98,496 USD/year
    assert q.annual_cost == pytest.approx(98_496)


def test_derived_driver_converted_to_its_declared_unit(make_case: MakeCase) -> None:
    drivers = [
        {"id": "tickets", "value": 120, "unit": "ticket/week"},
        {"id": "minutes", "value": 15, "unit": "minute/ticket"},
        {"id": "effort", "formula": "tickets * minutes", "unit": "hour/week"},
        {"id": "effort_per_year", "formula": "effort", "unit": "hour/year"},
        {"id": "rate", "value": 50, "unit": "USD/hour"},
    ]
    case = make_case(drivers, {"support": "effort * rate"})
    q = cdx.quantify(case)
    # 120 ticket/week × 15 minute/ticket = 1,800 minute/week = 30 hour/week
    assert q.values["effort"] == pytest.approx(30)
    # 30 hour/week × 52 = 1,560 hour/year
    assert q.values["effort_per_year"] == pytest.approx(1_560)
    # 30 × 50 = 1,500 USD/week × 52 = 78,000 USD/year
    assert q.annual_cost == pytest.approx(78_000)
    assert case.plan.units["effort"] == "hour/week"


def test_derived_driver_with_inferred_unit(make_case: MakeCase) -> None:
    drivers = [
        {"id": "hours", "value": 2, "unit": "hour/workday"},
        {"id": "rate", "value": 40, "unit": "USD/hour"},
        {"id": "daily", "formula": "hours * rate"},
        {"id": "share", "value": 25, "unit": "percent"},
        {"id": "half", "formula": "share * 2"},
    ]
    case = make_case(drivers, {"cost": "daily * half"})
    q = cdx.quantify(case)
    # daily = 2 hour/workday × 40 USD/hour = 80 USD/workday (unit inferred)
    assert case.plan.units["daily"] == "USD/workday"
    assert q.values["daily"] == pytest.approx(80)
    # half = 25 % × 2 = 0.5 (inferred: dimensionless, in base units)
    assert case.plan.units["half"] == "1"
    assert q.values["half"] == pytest.approx(0.5)
    # 80 × 0.5 = 40 USD/workday × 250 = 10,000 USD/year
    assert q.annual_cost == pytest.approx(10_000)


def test_derived_chain(make_case: MakeCase) -> None:
    drivers = [
        {"id": "base", "value": 10, "unit": "order/week"},
        {"id": "doubled", "formula": "base * 2"},
        {"id": "plus_five", "formula": "doubled + 5"},
        {"id": "price", "value": 3, "unit": "USD/order"},
    ]
    # (10 × 2 + 5) order/week × 3 USD/order = 75 USD/week × 52 = 3,900 USD/year
    q = cdx.quantify(make_case(drivers, {"cost": "plus_five * price"}))
    assert q.values["plus_five"] == pytest.approx(25)
    assert q.annual_cost == pytest.approx(3_900)


# --- functions in consequences --------------------------------------------------------


def _overtime(hours: float) -> dict[str, Any]:
    return {
        "drivers": [
            {"id": "hours", "value": hours, "unit": "hour/week"},
            {"id": "threshold", "value": 40, "unit": "hour/week"},
            {"id": "premium", "value": 30, "unit": "USD/hour"},
        ],
        "consequences": {"overtime": "max(hours - threshold, 0) * premium"},
    }


def test_max(make_case: MakeCase) -> None:
    # max(50 − 40, 0) hour/week × 30 USD/hour = 300 USD/week × 52 = 15,600 USD/year
    assert cdx.quantify(make_case(**_overtime(50))).annual_cost == pytest.approx(15_600)
    # max(35 − 40, 0) = 0
    assert cdx.quantify(make_case(**_overtime(35))).annual_cost == 0.0


def test_min(make_case: MakeCase) -> None:
    drivers = [
        {"id": "claims", "value": 120, "unit": "claim/year"},
        {"id": "cap", "value": 100, "unit": "claim/year"},
        {"id": "cost_each", "value": 500, "unit": "USD/claim"},
    ]
    # min(120, 100) claim/year × 500 USD/claim = 50,000 USD/year
    q = cdx.quantify(make_case(drivers, {"claims_paid": "min(claims, cap) * cost_each"}))
    assert q.annual_cost == pytest.approx(50_000)


def test_min_across_periods(make_case: MakeCase) -> None:
    drivers = [
        {"id": "monthly", "value": 100, "unit": "order/month"},
        {"id": "weekly", "value": 20, "unit": "order/week"},
        {"id": "price", "value": 10, "unit": "USD/order"},
    ]
    # 20 order/week = 20 × 52 / 12 = 86.67 order/month < 100: min is 86.67 order/month
    # × 10 USD/order = 866.67 USD/month × 12 = 10,400 USD/year (= 20 × 52 × 10)
    q = cdx.quantify(make_case(drivers, {"cost": "min(monthly, weekly) * price"}))
    assert q.annual_cost == pytest.approx(10_400)


@pytest.mark.parametrize(("backlog", "expected"), [(30, 36_000), (10, 0)])
def test_if(make_case: MakeCase, backlog: float, expected: float) -> None:
    drivers = [
        {"id": "backlog", "value": backlog, "unit": "order/month"},
        {"id": "limit", "value": 20, "unit": "order/month"},
        {"id": "penalty", "value": 100, "unit": "USD/order"},
    ]
    # 30 > 20: 30 order/month × 100 USD/order = 3,000 USD/month × 12 = 36,000 USD/year
    # 10 > 20 is false: 0 order/month
    formula = "if_(backlog > limit, backlog, 0) * penalty"
    assert cdx.quantify(make_case(drivers, {"late": formula})).annual_cost == pytest.approx(
        expected
    )


def test_round(make_case: MakeCase) -> None:
    drivers = [{"id": "spend", "value": 12_345.6, "unit": "USD/year"}]
    # round(12,345.6, −3) = 12,000 USD/year; round(12,345.6) = 12,346 USD/year
    q = cdx.quantify(make_case(drivers, {"a": "round(spend, -3)", "b": "round(spend)"}))
    assert [c.annual for c in q.consequences] == [12_000.0, 12_346.0]


def test_abs(make_case: MakeCase) -> None:
    drivers = [
        {"id": "forecast", "value": 80, "unit": "item/month"},
        {"id": "actual", "value": 95, "unit": "item/month"},
        {"id": "holding", "value": 20, "unit": "USD/item"},
    ]
    # |80 − 95| = 15 item/month × 20 USD/item = 300 USD/month × 12 = 3,600 USD/year
    q = cdx.quantify(make_case(drivers, {"mismatch": "abs(forecast - actual) * holding"}))
    assert q.annual_cost == pytest.approx(3_600)


# --- one-time and recurring -----------------------------------------------------------


def test_one_time_and_recurring(make_case: MakeCase) -> None:
    drivers = [
        {"id": "audit", "value": 35_000, "unit": "USD"},
        {"id": "machines", "value": 3, "unit": "machine"},
        {"id": "repair", "value": 4_000, "unit": "USD/machine"},
        {"id": "fee", "value": 1_000, "unit": "USD/month"},
    ]
    case = make_case(
        drivers, {"audit_cost": "audit", "repairs": "machines * repair", "fees": "fee"}
    )
    q = cdx.quantify(case)
    audit, repairs, fees = q.consequences
    assert (audit.kind, repairs.kind, fees.kind) == (Kind.ONE_TIME, Kind.ONE_TIME, Kind.RECURRING)
    # 3 machine × 4,000 USD/machine = 12,000 USD once
    assert repairs.one_time == pytest.approx(12_000)
    assert repairs.annual == 0.0
    # one-time: 35,000 + 12,000 = 47,000 USD; recurring: 1,000 × 12 = 12,000 USD/year
    assert q.one_time_cost == pytest.approx(47_000)
    assert q.annual_cost == pytest.approx(12_000)
    # delay costs only the recurring part: 12,000 / 12 = 1,000 USD per month
    assert q.cost_of_delay("month") == pytest.approx(1_000)


# --- bases and scenarios --------------------------------------------------------------


def _rekeying_case(make_case: MakeCase) -> cdx.Diagnosis:
    drivers = [
        {"id": "orders", "value": 420, "assumed": 300, "unit": "order/week"},
        {"id": "minutes", "value": 9, "assumed": 12, "unit": "minute/order"},
        {"id": "rate", "value": 32, "unit": "USD/hour"},
        {"id": "audit", "value": 5_000, "assumed": 8_000, "unit": "USD"},
    ]
    return make_case(
        drivers,
        {"rekeying": "orders * minutes * rate", "audit_cost": "audit"},
        scenarios=[
            {
                "name": "low",
                "overrides": {"orders": 400, "minutes": {"dist": "uniform", "low": 6, "high": 8}},
            }
        ],
    )


def test_basis_assumed(make_case: MakeCase) -> None:
    case = _rekeying_case(make_case)
    # diagnosed: 420 × 9 minute = 3,780 minute = 63 hour/week × 32 = 2,016 USD/week × 52
    # = 104,832 USD/year
    assert cdx.quantify(case).annual_cost == pytest.approx(104_832)
    # assumed: 300 × 12 minute = 60 hour/week × 32 (no assumption: the value) = 1,920 × 52
    # = 99,840 USD/year; the one-time audit assumed 8,000 USD
    assumed = cdx.quantify(case, basis="assumed")
    assert assumed.annual_cost == pytest.approx(99_840)
    assert assumed.one_time_cost == pytest.approx(8_000)
    assert assumed.basis == "assumed"
    with pytest.raises(cdx.CostdxError, match="basis must be 'value' or 'assumed'"):
        cdx.quantify(case, basis="guess")  # type: ignore[arg-type]


def test_compare_bases(make_case: MakeCase) -> None:
    frame = cdx.compare_bases(_rekeying_case(make_case))
    assert list(frame.index) == ["rekeying", "audit_cost", "total", "total_one_time"]
    assert list(frame.columns) == [
        "problem",
        "kind",
        "assumed",
        "diagnosed",
        "difference",
        "change",
    ]
    rekeying = frame.loc["rekeying"]
    # 104,832 − 99,840 = 4,992; 4,992 / 99,840 = +5 %
    assert rekeying["assumed"] == pytest.approx(99_840)
    assert rekeying["diagnosed"] == pytest.approx(104_832)
    assert rekeying["difference"] == pytest.approx(4_992)
    assert rekeying["change"] == pytest.approx(0.05)
    # audit: 5,000 − 8,000 = −3,000, −37.5 %
    assert frame.loc["audit_cost", "difference"] == pytest.approx(-3_000)
    assert frame.loc["audit_cost", "change"] == pytest.approx(-0.375)
    assert frame.loc["total", "difference"] == pytest.approx(4_992)
    assert frame.loc["total_one_time", "assumed"] == pytest.approx(8_000)
    assert frame.loc["total_one_time", "kind"] == "one-time"


def test_compare_bases_change_is_nan_when_nothing_was_assumed(make_case: MakeCase) -> None:
    case = make_case([{"id": "x", "value": 5, "assumed": 0, "unit": "USD/year"}], {"c": "x"})
    frame = cdx.compare_bases(case)
    assert frame.loc["c", "difference"] == 5
    assert math.isnan(frame.loc["c", "change"])


def test_scenario_overrides(make_case: MakeCase) -> None:
    case = _rekeying_case(make_case)
    q = cdx.quantify(case, scenario="low")
    # 400 order/week × 7 minute (uniform median) = 2,800 minute = 46.67 hour × 32
    # = 1,493.33 USD/week × 52 = 77,653.33 USD/year
    assert q.annual_cost == pytest.approx(400 * 7 / 60 * 32 * 52)
    assert q.scenario is not None
    assert q.scenario.name == "low"
    adhoc = cdx.Scenario(name="adhoc", overrides={"rate": 40})
    # 63 hour/week × 40 = 2,520 × 52 = 131,040 USD/year
    assert cdx.quantify(case, scenario=adhoc).annual_cost == pytest.approx(131_040)


def test_bad_scenarios(make_case: MakeCase) -> None:
    case = _rekeying_case(make_case)
    with pytest.raises(
        cdx.CostdxError, match="unknown scenario 'high'; the case's scenarios are 'low'"
    ):
        cdx.quantify(case, scenario="high")
    with pytest.raises(cdx.CostdxError, match="override 'nope' is not a driver of the case"):
        cdx.quantify(case, scenario=cdx.Scenario(name="s", overrides={"nope": 1}))


def test_non_finite_consequence_is_an_error(make_case: MakeCase) -> None:
    drivers = [
        {"id": "spend", "value": 100, "unit": "USD/year"},
        {"id": "count", "value": 0},
    ]
    case = make_case(drivers, {"per_item": "spend / count"})
    with pytest.raises(cdx.CostdxError) as info:
        cdx.quantify(case)
    message = str(info.value)
    assert message.startswith(
        "problems[0].consequences[0] (per_item).formula: 'spend / count' evaluates to inf"
    )
    assert "inputs: count = 0, spend = 100" in message


def test_a_figure_too_large_in_a_case_file_names_the_file_and_line(tmp_path: Path) -> None:
    # every error names where, file and line included; the formulas check (their units are
    # right) and only their values overflow: 1e308 × 10 and 10**400 are beyond a float
    path = tmp_path / "huge.toml"
    path.write_text(
        """schema_version = 1

[account]
name = "A"

[[drivers]]
id = "spend"
value = 1e308
unit = "USD/year"

[[drivers]]
id = "tenfold"
formula = "spend * 10"

[[problems]]
id = "p"
title = "P"
symptoms = [{ id = "s" }]
consequences = [{ id = "c", formula = "spend * 10**400" }]
""",
        encoding="utf-8",
    )
    with pytest.raises(cdx.CalculationError) as info:
        cdx.quantify(cdx.load(path))
    assert str(info.value).startswith(f"{path}:13: drivers[1] (tenfold).formula: 'spend * 10'")
    text = path.read_text(encoding="utf-8").replace('formula = "spend * 10"', "value = 1")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(cdx.CalculationError) as info:
        cdx.quantify(cdx.load(path))
    assert str(info.value).startswith(
        f"{path}:19: problems[0].consequences[0] (c).formula: 'spend * 10**400' evaluates to inf"
    )


# --- explain --------------------------------------------------------------------------


def test_explain(labour_case: cdx.Diagnosis) -> None:
    e = cdx.quantify(labour_case).explain("labour")
    assert e.formula == "people * hours * rate"
    assert e.substituted == "5 person * 8 hour/person/week * 80 USD/hour"
    # 5 × 8 × 80 = 3,200 USD/week, × 52 = 166,400 USD/year
    assert e.raw_value == pytest.approx(3_200)
    assert e.raw_unit == "USD/week"
    assert e.normalisation == "× 52 (weeks_per_year)"
    assert e.value == pytest.approx(166_400)
    assert e.unit == "USD/year"
    assert str(e).splitlines() == [
        "labour = people * hours * rate",
        "  = 5 person * 8 hour/person/week * 80 USD/hour",
        "  = 3,200.00 USD/week",
        "  × 52 (weeks_per_year) = 166,400.00 USD/year",
    ]
    assert e._repr_html_().startswith("<pre>labour = people")


def test_explain_shows_derived_drivers_and_one_time(make_case: MakeCase) -> None:
    drivers = [
        {"id": "crew", "value": 6, "unit": "person"},
        {"id": "wage", "value": 38, "unit": "USD/(person*hour)"},
        {"id": "idle_cost", "formula": "crew * wage", "unit": "USD/hour"},
        {"id": "outage", "value": 12, "unit": "hour"},
    ]
    q = cdx.quantify(make_case(drivers, {"outage_cost": "outage * idle_cost"}))
    e = q.explain("outage_cost")
    # 6 × 38 = 228 USD/hour; 12 hour × 228 USD/hour = 2,736 USD once
    assert e.derived == (
        ("idle_cost", "crew * wage", "6 person * 38 USD/(person*hour)", 228.0, "USD/hour"),
    )
    assert e.kind is Kind.ONE_TIME
    assert e.normalisation == ""
    assert str(e).splitlines() == [
        "outage_cost = outage * idle_cost",
        "  where idle_cost = crew * wage = 6 person * 38 USD/(person*hour) = 228 USD/hour",
        "  = 12 hour * 228 USD/hour",
        "  = 2,736.00 USD",
    ]


def test_explain_shows_small_amounts(make_case: MakeCase) -> None:
    drivers = [
        {"id": "fee", "value": 0.0004, "unit": "USD/hour"},
        {"id": "hours", "value": 3, "unit": "hour/day"},
    ]
    e = cdx.quantify(make_case(drivers, {"fees": "fee * hours"})).explain("fees")
    # 0.0004 × 3 = 0.0012 USD/day (not "0.00"), × 365 = 0.438 USD/year
    assert str(e).splitlines()[-2:] == [
        "  = 0.0012 USD/day",
        "  × 365 (days_per_year) = 0.44 USD/year",
    ]


def test_explain_unknown_consequence(labour_case: cdx.Diagnosis) -> None:
    with pytest.raises(KeyError, match="no consequence 'labor'; did you mean 'labour'"):
        cdx.quantify(labour_case).explain("labor")


# --- the acme example, by hand --------------------------------------------------------


@pytest.mark.parametrize(
    ("consequence", "annual"),
    [
        # 8 incident/month × 4.5 hour/incident × 1,850 USD/hour = 66,600 × 12 = 799,200
        ("lost_contribution", 799_200.0),
        # idle crew: 6 person × 38 = 228 USD/hour; 8 × 4.5 × 228 = 8,208 × 12 = 98,496
        ("idle_crew", 98_496.0),
        # √(2,500 × 14,000) = 5,916.08 USD/month × 12 = 70,992.96
        ("emergency_parts", math.sqrt(2_500 * 14_000) * 12),
        # 1,800 housing/workday × (3.2 − 1.0) % × (1 − 40 %) × 14.5 USD/housing
        # = 1,800 × 0.022 × 0.6 × 14.5 = 344.52 USD/workday × 250 = 86,130
        ("scrap_material", 86_130.0),
        # 1,800 × 0.022 × 0.4 = 15.84 housing/workday × 18 minute = 4.752 hour × 45 USD/hour
        # = 213.84 USD/workday × 250 = 53,460
        ("rework_labour", 53_460.0),
        # 420 order/week × 9 minute/order = 63 hour × 32 USD/hour = 2,016 × 52 = 104,832
        ("rekeying_labour", 104_832.0),
        # 420 × 2.5 % × √(80 × 400) = 10.5 × 178.885 = 1,878.30 USD/week × 52 = 97,671.45
        ("order_error_cost", 420 * 0.025 * math.sqrt(80 * 400) * 52),
        # 14 shipment/month × 750 USD/shipment = 10,500 × 12 = 126,000
        ("late_penalties", 126_000.0),
        # 4,200,000 USD/year × 15 % (normal median of 5..25) × 31 % = 195,300
        ("account_at_risk", 195_300.0),
    ],
)
def test_acme_consequences(acme_q: cdx.Quantification, consequence: str, annual: float) -> None:
    (result,) = [c for c in acme_q.consequences if c.id == consequence]
    assert result.annual == pytest.approx(annual, rel=1e-12)


def test_acme_headline(acme_q: cdx.Quantification) -> None:
    # 799,200 + 98,496 + 86,130 + 53,460 + 104,832 + 126,000 + 195,300 = 1,463,418
    # + 70,992.957 (emergency parts) + 97,671.449 (order errors) = 1,632,082.41 USD/year
    fixed = 799_200 + 98_496 + 86_130 + 53_460 + 104_832 + 126_000 + 195_300
    assert fixed == 1_463_418
    total = fixed + math.sqrt(2_500 * 14_000) * 12 + 420 * 0.025 * math.sqrt(80 * 400) * 52
    assert acme_q.annual_cost == pytest.approx(total, rel=1e-12)
    assert acme_q.annual_cost == pytest.approx(1_632_082.41, abs=0.01)
    # the requalification audit is the one one-time cost: 35,000 USD
    assert acme_q.one_time_cost == 35_000.0
    # a month of delay: 1,632,082.41 / 12 = 136,006.87 USD
    assert acme_q.cost_of_delay("month") == pytest.approx(136_006.87, abs=0.01)


def test_acme_explain_rework(acme_q: cdx.Quantification) -> None:
    e = acme_q.explain("rework_labour")
    assert e.derived == (
        (
            "excess_defect_rate",
            "max(defect_rate - defect_rate_target, 0)",
            "max(3.2 percent - 1 percent, 0)",
            pytest.approx(2.2),
            "percent",
        ),
    )
    assert (
        e.substituted
        == "1,800 housing/workday * 2.2 percent * 40 percent * 18 minute/housing * 45 USD/hour"
    )
    assert e.raw_value == pytest.approx(213.84)
    assert e.raw_unit == "USD/workday"
    assert e.normalisation == "× 250 (workdays_per_year)"
    assert str(e).endswith(
        "  = 213.84 USD/workday\n  × 250 (workdays_per_year) = 53,460.00 USD/year"
    )


def test_acme_scenario_conservative(acme: cdx.Diagnosis) -> None:
    if not any(s.name == "conservative" for s in acme.scenarios):
        pytest.skip("the example has no conservative scenario")
    q = cdx.quantify(acme, scenario="conservative")
    (lost,) = [c for c in q.consequences if c.id == "lost_contribution"]
    # 6 incident/month × 3 hour/incident × 1,850 USD/hour = 33,300 × 12 = 399,600
    assert lost.annual == pytest.approx(399_600)


def test_summary_and_repr(labour_case: cdx.Diagnosis) -> None:
    q = cdx.quantify(labour_case)
    # no driver is confirmed, so none of the 166,400 rests on confirmed inputs
    assert q.summary() == {
        "currency": "USD",
        "annual_cost": pytest.approx(166_400),
        "one_time_cost": 0.0,
        "cost_of_delay_per_month": pytest.approx(166_400 / 12),
        "confirmed_share": 0.0,
    }
    # hours has no source: the one plausibility warning, counted in the repr
    assert [(w.code, w.subject) for w in q.warnings] == [("source_missing", "hours")]
    assert repr(q) == (
        "<Quantification 'case' basis=value: 166,400 USD/year, delay 13,867 USD/month, "
        "one-time 0 USD, confirmed 0%, 1 warning>"
    )


def test_a_figure_a_scenario_puts_in_is_not_the_customers(make_case: MakeCase) -> None:
    # Two consequences on two confirmed, customer-stated figures:
    #   a = x = 100 USD/year, b = y = 300 USD/year; confirmed share (100 + 300)/400 = 100 %.
    # A scenario replaces x by 200: a = 200, b = 300, total 500, and a no longer rests on
    # what the customer confirmed: confirmed share 300/500 = 60 %, a counts as an estimate.
    drivers = [
        {"id": "x", "value": 100, "unit": "USD/year", "source": "customer",
         "confirmed_by": "cfo"},
        {"id": "y", "value": 300, "unit": "USD/year", "source": "customer",
         "confirmed_by": "cfo"},
    ]  # fmt: skip
    case = make_case(
        drivers,
        {"a": "x", "b": "y"},
        stakeholders=[{"id": "cfo", "name": "Ana"}],
        scenarios=[{"name": "high", "overrides": {"x": 200}}],
    )
    assert cdx.quantify(case).confirmed_share == 1.0
    q = cdx.quantify(case, scenario="high")
    assert q.annual_cost == 500
    assert q.confirmed_share == pytest.approx(300 / 500)
    by_id = {c.id: c for c in q.consequences}
    assert (by_id["a"].source, by_id["a"].confirmed) == (cdx.Source.ESTIMATE, False)
    assert (by_id["b"].source, by_id["b"].confirmed) == (cdx.Source.CUSTOMER, True)
