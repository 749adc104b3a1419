"""Problem templates: every template instantiates, validates, quantifies to hand arithmetic
and exports; prefixing, combining, errors; cited ranges; ``costdx new``."""

from __future__ import annotations

import io
import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import costdx as cdx
from costdx.cli import main
from costdx.lang._formula import names, parse, to_text
from costdx.lang._units import parse_unit
from costdx.templates import TemplateError

# --- every template, with values and the annual cost worked out by hand (USD) ----------
#
# Each entry: template name -> (values, expected annual cost, the arithmetic).

CASES: dict[str, tuple[dict[str, Any], float]] = {
    # 12 incident/month × 3 hour/incident = 36 hour/month
    # lost margin   36 hour/month × 900 USD/hour × 12 month/year              = 388,800
    # idle crew     36 hour/month × 4 person × 40 USD/(person·hour) × 12      =  69,120
    # repairs       12 incident/month × 500 USD/incident × 12                 =  72,000
    "unplanned_downtime": (
        {
            "stops_per_month": 12,
            "hours_lost_per_stop": 3,
            "margin_per_hour": 900,
            "crew_idled": 4,
            "crew_rate": 40,
            "repair_cost_per_stop": 500,
        },
        388_800 + 69_120 + 72_000,
    ),
    # excess defects 10,000 unit/month × (5 % − 2 %) = 300 unit/month
    # scrap   300 × 60 % × 20 USD/unit × 12                 = 43,200
    # rework  300 × 40 % × 0.5 hour/unit × 50 USD/hour × 12 = 36,000
    "scrap_and_rework": (
        {
            "units_per_month": 10_000,
            "defect_rate": 5,
            "defect_rate_target": 2,
            "rework_share": 40,
            "scrap_cost_per_unit": 20,
            "rework_hours_per_unit": 0.5,
            "rework_rate": 50,
        },
        43_200 + 36_000,
    ),
    # re-keying 400 document/week × 6 minute/document × 45 USD/hour × 52 week/year = 93,600
    # errors    400 document/week × 2 % × 150 USD/document × 52                    = 62,400
    "manual_data_reentry": (
        {
            "documents_per_week": 400,
            "minutes_per_document": 6,
            "clerk_rate": 45,
            "error_rate": 2,
            "cost_per_error": 150,
        },
        93_600 + 62_400,
    ),
    # 20 person × (8 − 2) hour/(person·week) = 120 hour/week
    # 120 hour/week × 30 USD/hour × 50 % × 52 week/year = 93,600
    "overtime": (
        {
            "people": 20,
            "overtime_hours": 8,
            "overtime_target": 2,
            "base_rate": 30,
            "overtime_premium": 50,
        },
        93_600,
    ),
    # 200 employee × (25 − 15) %/year = 20 employee/year
    # 20 employee/year × 50,000 USD/employee × 20 % = 200,000
    "employee_turnover": (
        {
            "headcount": 200,
            "turnover_rate": 25,
            "turnover_target": 15,
            "annual_salary": 50_000,
            "replacement_cost_share": 20,
        },
        200_000,
    ),
    # 36,500,000 USD/year × (60 − 45) day / 365 day/year = 1,500,000 USD tied up
    # 1,500,000 USD × 8 %/year = 120,000
    "days_sales_outstanding": (
        {"annual_revenue": 36_500_000, "dso": 60, "dso_target": 45, "cost_of_capital": 8},
        120_000,
    ),
    # 1,000 customer × (20 − 12) %/year = 80 customer/year
    # 80 customer/year × 12,000 USD/customer × 40 % = 384,000
    "customer_churn": (
        {
            "customers": 1_000,
            "churn_rate": 20,
            "churn_target": 12,
            "revenue_per_customer": 12_000,
            "contribution_margin": 40,
        },
        384_000,
    ),
    # 5,000 order/month × (6 − 2) % = 200 order/month
    # 200 order/month × 50 % × 200 USD/order × 30 % × 12 = 72,000
    "stockouts_lost_sales": (
        {
            "orders_per_month": 5_000,
            "stockout_rate": 6,
            "stockout_target": 2,
            "lost_share": 50,
            "order_value": 200,
            "contribution_margin": 30,
        },
        72_000,
    ),
    # 800 shipment/month × (15 − 5) % = 80 shipment/month; × 250 USD/shipment × 12 = 240,000
    "expedited_freight": (
        {
            "shipments_per_month": 800,
            "expedited_share": 15,
            "expedited_target": 5,
            "premium_per_shipment": 250,
        },
        240_000,
    ),
    # (5,000,000 − 3,000,000) USD × 25 %/year = 500,000
    "excess_inventory": (
        {"inventory_value": 5_000_000, "inventory_target": 3_000_000, "carrying_cost_rate": 25},
        500_000,
    ),
    # 10 %/year × 2,000,000 USD = 200,000; 10 %/year × 500,000 USD = 50,000
    "compliance_penalty_risk": (
        {"penalty_probability": 10, "penalty_amount": 2_000_000, "remediation_cost": 500_000},
        250_000,
    ),
    # 0.2 incident/year × 1,500,000 USD/incident = 300,000
    # 0.2 incident/year × 48 hour/incident × 20,000 USD/hour = 192,000
    "security_incident_risk": (
        {
            "incidents_per_year": 0.2,
            "cost_per_incident": 1_500_000,
            "outage_hours_per_incident": 48,
            "outage_cost_per_hour": 20_000,
        },
        492_000,
    ),
    # 2,000,000 kWh/year × 10 % × 0.15 USD/kWh = 30,000
    "energy_waste": (
        {"energy_use": 2_000_000, "waste_share": 10, "energy_price": 0.15},
        30_000,
    ),
    # 1,000,000 kWh/year × (30 − 10) % × 0.12 USD/kWh = 24,000
    "compressed_air_leaks": (
        {"compressor_energy": 1_000_000, "leak_share": 30, "leak_target": 10, "energy_price": 0.12},
        24_000,
    ),
    # lost deals 100 quote/month × 5 % × 20,000 USD/quote × 25 % × 12 = 300,000
    # cash 73,000,000 USD/year × (50 − 40) day / 365 = 2,000,000 USD × 10 %/year = 200,000
    "slow_quote_to_cash": (
        {
            "quotes_per_month": 100,
            "lost_quote_share": 5,
            "quote_value": 20_000,
            "contribution_margin": 25,
            "annual_revenue": 73_000_000,
            "order_to_cash_days": 50,
            "order_to_cash_target": 40,
            "cost_of_capital": 10,
        },
        500_000,
    ),
    # 50,000 unit/year × (3 − 1) % = 1,000 unit/year; × 180 USD/unit = 180,000
    "warranty_claims": (
        {
            "units_sold_per_year": 50_000,
            "claim_rate": 3,
            "claim_rate_target": 1,
            "cost_per_claim": 180,
        },
        180_000,
    ),
    # 1,000 license × (90 − 60) % = 300 license; × 600 USD/(license·year) = 180,000
    "unused_licenses": (
        {"licenses": 1_000, "utilisation": 60, "utilisation_target": 90, "price_per_license": 600},
        180_000,
    ),
    # 10,000 ticket/month × 30 % × 8 minute/ticket × 36 USD/hour × 12 = 172,800
    "avoidable_support_contacts": (
        {
            "contacts_per_month": 10_000,
            "avoidable_share": 30,
            "handle_minutes": 8,
            "agent_rate": 36,
        },
        172_800,
    ),
    # 1,000 shipment/month × (95 − 85) % = 100 shipment/month; × 400 USD/shipment × 12 = 480,000
    "late_delivery_penalties": (
        {
            "deliveries_per_month": 1_000,
            "on_time_rate": 85,
            "on_time_target": 95,
            "penalty_per_late_delivery": 400,
        },
        480_000,
    ),
}

ALL = [t.name for t in cdx.templates.list()]


def test_the_catalogue_covers_the_common_problems() -> None:
    expected = {
        "unplanned_downtime", "scrap_and_rework", "manual_data_reentry", "overtime",
        "employee_turnover", "days_sales_outstanding", "customer_churn",
        "stockouts_lost_sales", "expedited_freight", "excess_inventory",
        "compliance_penalty_risk", "security_incident_risk", "energy_waste",
        "slow_quote_to_cash", "warranty_claims",
    }  # fmt: skip
    assert len(ALL) >= 15
    assert expected <= set(ALL)
    assert sorted(ALL) == ALL
    assert set(CASES) == set(ALL), "every template has a hand-checked case in this file"


def test_list_shows_name_title_category_and_required_drivers() -> None:
    listed = {t.name: t for t in cdx.templates.list()}
    downtime = listed["unplanned_downtime"]
    assert downtime.title == "Unplanned downtime"
    assert downtime.category is cdx.Category.COST
    assert [d.name for d in downtime.required] == [
        "stops_per_month", "hours_lost_per_stop", "margin_per_hour", "crew_idled",
        "crew_rate", "repair_cost_per_stop",
    ]  # fmt: skip
    assert downtime.required[2].unit_in("EUR") == "EUR/hour"
    assert listed["days_sales_outstanding"].category is cdx.Category.CAPITAL
    assert listed["compliance_penalty_risk"].category is cdx.Category.RISK
    assert listed["customer_churn"].category is cdx.Category.REVENUE
    assert cdx.templates.get("overtime") is listed["overtime"]
    assert cdx.templates.names() == tuple(ALL)
    assert "stops_per_month * hours_lost_per_stop" in str(downtime)


@pytest.mark.parametrize("name", ALL)
def test_template_quantifies_to_hand_arithmetic(name: str) -> None:
    values, expected = CASES[name]
    case = cdx.templates.use(name, values=values, account="Acme")
    assert isinstance(case, cdx.Diagnosis)
    assert case.account.name == "Acme"
    assert case.account.currency == "USD"
    q = cdx.quantify(case)
    assert q.annual_cost == pytest.approx(expected, rel=1e-12)
    assert q.one_time_cost == 0
    template = cdx.templates.get(name)
    assert {c.category for c in q.consequences} <= set(cdx.Category)
    assert case.problems[0].id == name
    assert case.problems[0].title == template.title


@pytest.mark.parametrize("name", ALL)
def test_template_exports(name: str, tmp_path: Path) -> None:
    values, _ = CASES[name]
    case = cdx.templates.use(name, values=values, prefix="x", currency="EUR")
    cdx.save(case, tmp_path / "x.json")
    assert cdx.load(tmp_path / "x.json") == case
    cdx.save(case, tmp_path / "x.toml")
    assert cdx.load(tmp_path / "x.toml") == case
    written = tmp_path / "x.xlsx"
    cdx.write_excel(case, written)
    assert cdx.read_excel(written).case == case


# percentages that may pass 100: a premium of double time is 100 %, and a leaver can cost
# more than a year's salary
CAN_EXCEED_100 = {"overtime_premium", "replacement_cost_share"}


@pytest.mark.parametrize("name", ALL)
def test_template_is_well_formed(name: str) -> None:
    template = cdx.templates.get(name)
    drivers = {d.name: d for d in template.drivers}
    assert len(drivers) == len(template.drivers)
    problem = template.problem
    ids = [
        *drivers, problem.id, *(s.id for s in problem.symptoms), *(c.id for c in problem.causes),
        *(c.id for c in problem.consequences),
    ]  # fmt: skip
    assert len(ids) == len(set(ids)), "ids are unique within the template"
    formulas = [d.formula for d in template.derived] + [c.formula for c in problem.consequences]
    used: set[str] = set()
    for formula in formulas:
        assert formula is not None
        assert to_text(parse(formula)) == formula, "formulas are written as costdx renders them"
        assert "/" not in formula, "no division by a driver: a starter case of zeros stays finite"
        used |= names(parse(formula))
    assert used <= set(drivers)
    for d in template.drivers:
        assert d.label
        parse_unit(d.unit_in("EUR"), counted=template.counted_units)
        assert "{" not in d.unit_in("EUR")
        if not d.derived:
            bounds = cdx.Bounds(min=d.min, max=d.max)
            assert bounds.contains(0), f"{d.name}: 0 (the starter placeholder) is in bounds"
            assert d.min is not None
            assert d.min >= 0
            if d.unit == "percent" and d.name not in CAN_EXCEED_100:
                assert (d.min, d.max) == (0, 100)
        if d.indicator:
            assert d.name not in used, "an indicator is not used in the cost"
            assert any(d.name in (s.metric, s.target) for s in problem.symptoms)
        elif not d.derived:
            assert d.name in used, f"{d.name} is an input the cost does not use"
    assert problem.symptoms, "no indicator, no problem"
    for c in problem.consequences:
        assert c.causes, f"{c.id} names the causes it flows from"


# --- cited ranges and no invented figures ---------------------------------------------

SOURCE_NAMED = re.compile(r"https?://\S+")


@pytest.mark.parametrize("name", ALL)
def test_cited_ranges_name_their_source_and_uncited_drivers_have_no_default(name: str) -> None:
    template = cdx.templates.get(name)
    with pytest.raises(TemplateError) as caught:
        cdx.templates.use(name, values={})
    message = str(caught.value)
    required = {d.name for d in template.required}
    for d in template.inputs:
        if d.typical is None and not d.indicator:
            # no default: leaving it out is an error naming it and its unit
            assert f"{d.name} ({d.unit_in('USD') or 'dimensionless'})" in message
        else:
            assert f"\n      {d.name} (" not in message
    assert required
    # what the user gave goes in as given; only benchmarked drivers come from the template
    values, _ = CASES[name]
    case = cdx.templates.use(name, values={k: v for k, v in values.items() if k in required})
    for d in template.benchmarked:
        typical = d.typical
        assert typical is not None
        assert typical.low <= typical.high
        assert d.min is not None
        assert d.min <= typical.low
        assert d.max is None or typical.high <= d.max
        driver = case.driver(d.name)
        assert driver.source is cdx.Source.BENCHMARK
        assert driver.value == cdx.Uniform(typical.low, typical.high)
        assert typical.url in driver.evidence
        assert typical.source in driver.evidence
        assert SOURCE_NAMED.search(driver.evidence)
        assert "Benchmark" in driver.evidence
    for driver in case.drivers:
        if driver.derived or template.driver(driver.id).typical is not None:
            continue
        assert driver.source is None
        assert driver.evidence == ""


def test_every_number_in_guidance_is_cited() -> None:
    for template in cdx.templates.list():
        for d in template.drivers:
            if re.search(r"\d", d.guidance):
                assert SOURCE_NAMED.search(d.guidance), f"{template.name}.{d.name}"


def test_templates_with_cited_ranges() -> None:
    cited = {t.name: [d.name for d in t.benchmarked] for t in cdx.templates.list()}
    assert cited["compressed_air_leaks"] == ["leak_share", "leak_target"]
    assert cited["excess_inventory"] == ["carrying_cost_rate"]
    assert sum(bool(v) for v in cited.values()) == 2


def test_benchmark_ranges_quantify_at_their_midpoint() -> None:
    # leak share Uniform(20, 30) → 25 %, target Uniform(5, 10) → 7.5 % (point = median)
    # 1,000,000 kWh/year × (25 − 7.5) % × 0.12 USD/kWh = 21,000 USD/year
    case = cdx.templates.use(
        "compressed_air_leaks",
        values={"compressor_energy": 1_000_000, "energy_price": 0.12},
        source="measured",
    )
    assert cdx.quantify(case).annual_cost == pytest.approx(21_000)
    # the cost rests on the benchmark (a consequence counts toward its weakest input)
    assert cdx.quantify(case).by_source().loc["benchmark", "annual_cost"] == pytest.approx(21_000)
    # carrying cost Uniform(20, 40) → 30 %/year: 2,000,000 USD × 30 % = 600,000 USD/year
    case = cdx.templates.use(
        "excess_inventory", values={"inventory_value": 5_000_000, "inventory_target": 3_000_000}
    )
    assert cdx.quantify(case).annual_cost == pytest.approx(600_000)
    # benchmarks=False: every input must come from the user
    with pytest.raises(TemplateError, match=r"carrying_cost_rate \(percent/year\)"):
        cdx.templates.use(
            "excess_inventory",
            values={"inventory_value": 5_000_000, "inventory_target": 3_000_000},
            benchmarks=False,
        )


# --- prefixes, several instances, currency ---------------------------------------------


def test_prefix_renames_every_id_and_rewrites_formulas() -> None:
    values, _ = CASES["unplanned_downtime"]
    case = cdx.templates.use(
        "unplanned_downtime",
        prefix="line2",
        values={**values, "availability": 81, "availability_target": 90},
    )
    assert all(d.id.startswith("line2_") for d in case.drivers)
    assert case.driver("line2_stops_per_month").unit == "incident/month"
    assert (
        case.driver("line2_downtime_hours_per_month").formula
        == "line2_stops_per_month * line2_hours_lost_per_stop"
    )
    problem = case.problems[0]
    assert problem.id == "line2_unplanned_downtime"
    assert problem.title == "Unplanned downtime (line2)"
    assert problem.symptoms[0].id == "line2_frequent_stops"
    assert problem.symptoms[0].metric == "line2_availability"
    assert problem.symptoms[0].target == "line2_availability_target"
    assert [c.id for c in problem.causes] == [
        "line2_reactive_maintenance",
        "line2_no_condition_data",
    ]
    lost = problem.consequences[0]
    assert lost.id == "line2_downtime_lost_margin"
    assert lost.formula == "line2_downtime_hours_per_month * line2_margin_per_hour"
    assert lost.causes == ("line2_reactive_maintenance", "line2_no_condition_data")
    # 12 incident/month × 3 hour/incident × 900 USD/hour × 12 month/year = 388,800 USD/year
    assert cdx.quantify(case).by_consequence().loc[
        "line2_downtime_lost_margin", "annual_cost"
    ] == pytest.approx(388_800)


def test_prefix_renames_names_not_text() -> None:
    # overtime_hours is a substring of excess_overtime_hours: renaming works on the tree
    values, _ = CASES["overtime"]
    case = cdx.templates.use("overtime", prefix="a_", values=values)
    assert (
        case.driver("a_excess_overtime_hours").formula
        == "a_people * max(a_overtime_hours - a_overtime_target, 0)"
    )
    assert case.problems[0].consequences[0].formula == (
        "a_excess_overtime_hours * a_base_rate * a_overtime_premium"
    )


def test_two_instances_in_one_case() -> None:
    values, _ = CASES["unplanned_downtime"]
    case = cdx.templates.use("unplanned_downtime", prefix="line1", values=values, account="Acme")
    case = cdx.templates.use(
        "unplanned_downtime",
        prefix="line2",
        values={**values, "stops_per_month": cdx.PERT(4, 6, 10)},
        into=case,
    )
    # line 1: 529,920 (see CASES); line 2 at 6 stops: 264,960 (half of line 1)
    q = cdx.quantify(case)
    assert q.annual_cost == pytest.approx(529_920 + 264_960)
    assert q.by_problem().loc["line2_unplanned_downtime", "annual_cost"] == pytest.approx(264_960)
    assert [p.id for p in case.problems] == [
        "line1_unplanned_downtime",
        "line2_unplanned_downtime",
    ]
    # and a different template into the same case
    more = cdx.templates.use("energy_waste", values=CASES["energy_waste"][0], into=case)
    assert cdx.quantify(more).annual_cost == pytest.approx(529_920 + 264_960 + 30_000)
    assert more.account.name == "Acme"


def test_same_prefix_twice_is_the_cases_duplicate_id_error() -> None:
    values, _ = CASES["unplanned_downtime"]
    case = cdx.templates.use("unplanned_downtime", prefix="line1", values=values)
    with pytest.raises(cdx.CaseValidationError) as caught:
        cdx.templates.use("unplanned_downtime", prefix="line1", values=values, into=case)
    assert set(caught.value.codes()) == {"duplicate_id"}
    assert "line1_stops_per_month" in str(caught.value)


def test_shared_names_without_prefix_clash() -> None:
    case = cdx.templates.use("energy_waste", values=CASES["energy_waste"][0])
    with pytest.raises(cdx.CaseValidationError, match="duplicate id 'energy_price'"):
        cdx.templates.use(
            "compressed_air_leaks", values=CASES["compressed_air_leaks"][0], into=case
        )
    both = cdx.templates.use(
        "compressed_air_leaks", prefix="air", values=CASES["compressed_air_leaks"][0], into=case
    )
    assert cdx.quantify(both).annual_cost == pytest.approx(30_000 + 24_000)


def test_units_take_the_accounts_currency() -> None:
    values, _ = CASES["days_sales_outstanding"]
    case = cdx.templates.use("days_sales_outstanding", values=values, currency="EUR")
    assert case.account.currency == "EUR"
    assert case.driver("annual_revenue").unit == "EUR/year"
    assert case.driver("excess_receivables").unit == "EUR"
    assert cdx.quantify(case).annual_cost == pytest.approx(120_000)
    into = cdx.templates.use("energy_waste", values=CASES["energy_waste"][0], currency="CHF")
    added = cdx.templates.use("days_sales_outstanding", values=values, into=into)
    assert added.driver("annual_revenue").unit == "CHF/year"
    with pytest.raises(TemplateError, match="differs from the case's currency 'CHF'"):
        cdx.templates.use("days_sales_outstanding", values=values, into=into, currency="EUR")
    with pytest.raises(TemplateError, match="did you mean 'EUR'"):
        cdx.templates.use("days_sales_outstanding", values=values, currency="eur")


def test_values_as_estimates_and_driver_fields() -> None:
    ana = cdx.Stakeholder(id="cfo", name="Ana Ruiz", role="CFO")
    case = cdx.templates.use(
        "energy_waste",
        owner=ana,
        source="customer",
        values={
            "energy_use": {
                "value": 2_000_000,
                "source": "measured",
                "evidence": "Utility bills 2026",
                "confirmed_by": "cfo",
                "assumed": 2_500_000,
            },
            "waste_share": cdx.PERT(5, 10, 20),
            "energy_price": 0.15,
        },
        title="Idle running in hall 3",
    )
    assert case.stakeholders == (ana,)
    assert case.problems[0].owner == "cfo"
    assert case.problems[0].title == "Idle running in hall 3"
    use = case.driver("energy_use")
    assert (use.source, use.evidence, use.confirmed_by) == (
        cdx.Source.MEASURED, "Utility bills 2026", "cfo",
    )  # fmt: skip
    assert case.driver("waste_share").source is cdx.Source.CUSTOMER
    assert case.driver("energy_price").source is cdx.Source.CUSTOMER
    # 2,000,000 kWh/year × 10 % (PERT likely) × 0.15 USD/kWh = 30,000 USD/year
    assert cdx.quantify(case).annual_cost == pytest.approx(30_000)
    # the Discover assumption: 2,500,000 × 10 % × 0.15 = 37,500
    assert cdx.quantify(case, basis="assumed").annual_cost == pytest.approx(37_500)
    # an owner by id must be a stakeholder of the case
    with pytest.raises(cdx.CaseValidationError, match="unknown stakeholder 'coo'"):
        cdx.templates.use("energy_waste", owner="coo", values=CASES["energy_waste"][0])
    again = cdx.templates.use(
        "overtime", prefix="ot", owner="cfo", values=CASES["overtime"][0], into=case
    )
    assert again.problems[1].owner == "cfo"
    assert again.stakeholders == (ana,)


# --- errors ----------------------------------------------------------------------------


def test_missing_values_lists_every_missing_driver_and_unit() -> None:
    with pytest.raises(cdx.CostdxError) as caught:
        cdx.templates.use("unplanned_downtime", values={"stops_per_month": 10}, currency="EUR")
    message = str(caught.value)
    assert "missing values for 5 drivers" in message
    for expected in (
        "hours_lost_per_stop (hour/incident)",
        "margin_per_hour (EUR/hour)",
        "crew_idled (person)",
        "crew_rate (EUR/(person*hour))",
        "repair_cost_per_stop (EUR/incident)",
    ):
        assert expected in message
    assert "stops_per_month (" not in message
    assert "availability (" not in message, "indicators are optional"


def test_unknown_template_names_the_closest() -> None:
    with pytest.raises(cdx.CostdxError, match="did you mean 'unplanned_downtime'"):
        cdx.templates.use("unplanned_dowtime", values={})
    with pytest.raises(TemplateError, match="'employee_turnover'"):
        cdx.templates.get("turnover")
    with pytest.raises(TemplateError, match="the templates are avoidable_support_contacts"):
        cdx.templates.get("zzz")


def test_unknown_and_derived_value_names_and_lonely_targets() -> None:
    values, _ = CASES["unplanned_downtime"]
    with pytest.raises(TemplateError) as caught:
        cdx.templates.use(
            "unplanned_downtime",
            values={
                **values,
                "stops_per_mont": 3,
                "downtime_hours_per_month": 5,
                "availability_target": 90,
            },
        )
    message = str(caught.value)
    assert "'stops_per_mont' is not a driver of template 'unplanned_downtime'" in message
    assert "did you mean 'stops_per_month'" in message
    assert "'downtime_hours_per_month' is derived" in message
    assert "give 'availability' too" in message
    assert message.count("\n  - ") == 3


def test_bad_values_and_prefixes() -> None:
    values, _ = CASES["energy_waste"]
    with pytest.raises(TemplateError, match=r"waste_share.*outside the bounds \[0, 100\]"):
        cdx.templates.use("energy_waste", values={**values, "waste_share": 120})
    with pytest.raises(TemplateError, match="outside the bounds"):
        cdx.templates.use("energy_waste", values={**values, "waste_share": cdx.PERT(5, 10, 140)})
    with pytest.raises(TemplateError, match="give a number, an estimate"):
        cdx.templates.use("energy_waste", values={**values, "energy_price": "0.15"})
    with pytest.raises(TemplateError, match="unknown field 'unit'"):
        cdx.templates.use("energy_waste", values={**values, "energy_price": {"unit": "x"}})
    with pytest.raises(TemplateError, match="needs 'value'"):
        cdx.templates.use("energy_waste", values={**values, "energy_price": {"source": "x"}})
    with pytest.raises(TemplateError, match="prefix 'Line2'"):
        cdx.templates.use("energy_waste", prefix="Line2", values=values)
    with pytest.raises(TemplateError, match="longer than 64"):
        cdx.templates.use("energy_waste", prefix="p" * 60, values=values)
    with pytest.raises(TemplateError, match="into must be a Diagnosis"):
        cdx.templates.use("energy_waste", values=values, into="case")  # type: ignore[arg-type]


def test_optional_indicators() -> None:
    values, _ = CASES["unplanned_downtime"]
    bare = cdx.templates.use("unplanned_downtime", values=values)
    assert bare.problems[0].symptoms[0].metric is None
    assert "availability" not in {d.id for d in bare.drivers}
    full = cdx.templates.use(
        "unplanned_downtime", values={**values, "availability": 80, "availability_target": 90}
    )
    assert full.problems[0].symptoms[0].target == "availability_target"
    assert cdx.quantify(full).annual_cost == cdx.quantify(bare).annual_cost


# --- starter cases and `costdx new` ----------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_starter_case_validates_and_marks_what_to_fill(name: str) -> None:
    template = cdx.templates.get(name)
    case = cdx.templates.starter(name, currency="GBP")
    todo = [d.id for d in case.drivers if d.evidence.startswith(cdx.templates.TODO)]
    assert todo == [d.name for d in template.inputs if d.typical is None]
    assert all(case.driver(i).value == 0 for i in todo)
    q = cdx.quantify(case)
    assert q.annual_cost == 0
    assert all(math.isfinite(c.annual) for c in q.consequences)
    text = cdx.templates.starter_text(name, currency="GBP")
    assert text.startswith("# costdx starter case")
    assert text.count(f"# {cdx.templates.TODO}: fill in") == len(todo)
    assert cdx.Diagnosis.model_validate(tomllib.loads(text)) == case


def test_costdx_new_then_check(tmp_path: Path) -> None:
    path = tmp_path / "downtime.toml"
    out = io.StringIO()
    code = main(
        ["new", str(path), "--template", "unplanned_downtime", "--currency", "EUR"], out=out
    )
    assert code == 0
    assert f"wrote {path}" in out.getvalue()
    assert "stops_per_month" in out.getvalue()
    text = path.read_text(encoding="utf-8")
    assert 'currency = "EUR"' in text
    assert 'unit = "EUR/hour"' in text
    assert 'evidence = "TODO: ' in text
    out = io.StringIO()
    assert main(["check", str(path)], out=out) == 0
    # the template: 9 drivers (downtime hours derived), one problem with 3 consequences
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{path}: valid: 9 drivers (1 derived), 1 problem, 3 consequences"
    # valid, but every input is still a placeholder, and that is said: the 8 inputs have
    # TODO evidence and no source; the 6 that feed a consequence are 0 (the two
    # availability figures only measure the symptom)
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in lines[1:-1]]
    assert codes.count("placeholder_evidence") == 8
    assert codes.count("source_missing") == 8
    assert codes.count("placeholder_value") == 6
    assert lines[-1] == "22 warnings; costdx check --strict fails on them"
    assert main(["check", str(path), "--strict"], out=io.StringIO()) == 1
    out = io.StringIO()
    assert main(["quantify", str(path), "--format", "json"], out=out) == 0
    assert json.loads(out.getvalue())["annual_cost"] == 0


def test_costdx_new_benchmarks_and_json(tmp_path: Path) -> None:
    path = tmp_path / "air.json"
    assert main(["new", str(path), "-t", "compressed_air_leaks"], out=io.StringIO()) == 0
    case = cdx.load(path)
    assert case.driver("leak_share").source is cdx.Source.BENCHMARK
    assert "energy.gov" in case.driver("leak_share").evidence
    assert main(["check", str(path)], out=io.StringIO()) == 0


def test_costdx_new_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.toml"
    path.write_text("keep me", encoding="utf-8")
    code = main(["new", str(path), "--template", "overtime"], out=io.StringIO())
    assert code == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "keep me"
    assert main(["new", str(path), "--template", "overtime", "--force"], out=io.StringIO()) == 0
    assert cdx.load(path).problems[0].id == "overtime"


def test_costdx_new_errors_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.toml"
    assert main(["new", str(path), "--template", "overtim"], out=io.StringIO()) == 1
    assert "did you mean 'overtime'" in capsys.readouterr().err
    assert not path.exists()
    assert main(["new", str(path)], out=io.StringIO()) == 2
    assert main(["new", str(tmp_path / "x.txt"), "-t", "overtime"], out=io.StringIO()) == 1
    out = io.StringIO()
    assert main(["new", "--list"], out=out) == 0
    for name in ALL:
        assert name in out.getvalue()
    out = io.StringIO()
    code = main(
        ["new", str(path), "-t", "overtime", "--prefix", "night", "--account", "Acme"], out=out
    )
    assert code == 0
    case = cdx.load(path)
    assert case.account.name == "Acme"
    assert case.problems[0].id == "night_overtime"


def test_docs_list_every_template() -> None:
    page = Path(__file__).resolve().parent.parent / "docs" / "templates.md"
    text = page.read_text(encoding="utf-8")
    for template in cdx.templates.list():
        assert f"`{template.name}`" in text
        for c in template.problem.consequences:
            assert c.formula in text
