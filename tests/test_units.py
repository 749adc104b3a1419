"""Units and the business calendar: the registry, and hand-checked conversions in cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import costdx as cdx
from costdx.errors import UnitError
from costdx.lang._units import (
    CURRENCIES,
    calendar_terms,
    calendar_value,
    compatible,
    ensure_counted,
    format_dims,
    parse_unit,
    time_exponent,
)

MakeCase = Callable[..., cdx.Diagnosis]


# --- the registry ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "factor", "dims"),
    [
        ("hour", 1.0, {"hour": 1}),
        ("minute", 1 / 60, {"hour": 1}),
        ("second", 1 / 3600, {"hour": 1}),
        ("percent", 0.01, {}),
        ("%", 0.01, {}),
        ("", 1.0, {}),
        ("1", 1.0, {}),
        (None, 1.0, {}),
        ("USD/hour", 1.0, {"USD": 1, "hour": -1}),
        ("USD / hours", 1.0, {"USD": 1, "hour": -1}),
        ("hour/(person*week)", 1.0, {"hour": 1, "person": -1, "week": -1}),
        ("hour/person/week", 1.0, {"hour": 1, "person": -1, "week": -1}),
        ("people", 1.0, {"person": 1}),
        ("fte/hr", 1.0, {"FTE": 1, "hour": -1}),
        ("tonne", 1000.0, {"kg": 1}),
        ("MWh", 1000.0, {"kWh": 1}),
        ("incident/month", 1.0, {"incident": 1, "month": -1}),
        ("housing/workday", 1.0, {"housing": 1, "workday": -1}),
    ],
)
def test_parse_unit(text: str | None, factor: float, dims: dict[str, int]) -> None:
    unit = parse_unit(text, counted=["housing"])
    assert unit.factor == pytest.approx(factor, rel=1e-15)
    assert dict(unit.dims) == dims


def test_calendar_units_are_separate_dimensions() -> None:
    # calendar time never converts inside pint: the case's calendar does it
    for a, b in [("year", "week"), ("month", "day"), ("day", "workday")]:
        assert parse_unit(a).dims != parse_unit(b).dims
    # and effort time (hour) is not calendar time
    assert not compatible(parse_unit("hour").dims, parse_unit("day").dims)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("USD * hour**-1 * person**-1", "USD/(hour*person)"),
        ("hour/(person*week)", "hour/(person*week)"),
        ("USD/year", "USD/year"),
        ("hour**2/week", "hour**2/week"),
        ("percent", "1"),
        ("order/week * USD/order", "USD/week"),
    ],
)
def test_format_dims(text: str, shown: str) -> None:
    assert format_dims(parse_unit(text).dims) == shown


def test_calendar_terms_and_value() -> None:
    month, week = parse_unit("USD/month").dims, parse_unit("USD/week").dims
    # x USD/month = x × 12 / 52 USD/week
    assert calendar_terms(month, week) == (("months_per_year", 1), ("weeks_per_year", -1))
    cal = cdx.Calendar().per_year()
    assert calendar_value(calendar_terms(month, week), cal) == pytest.approx(12 / 52)
    # x hour/week = 52 x hour/year
    assert calendar_terms(parse_unit("hour/week").dims, parse_unit("hour/year").dims) == (
        ("weeks_per_year", 1),
    )
    # x USD/workday = x × 250 / 365 USD/day
    terms = calendar_terms(parse_unit("USD/workday").dims, parse_unit("USD/day").dims)
    assert calendar_value(terms, cal) == pytest.approx(250 / 365)


def test_compatible_and_time_exponent() -> None:
    assert compatible(parse_unit("USD/month").dims, parse_unit("USD/year").dims)
    assert not compatible(parse_unit("USD/month").dims, parse_unit("USD").dims)
    assert not compatible(parse_unit("USD/order").dims, parse_unit("USD/ticket").dims)
    assert time_exponent(parse_unit("USD/week").dims) == -1
    assert time_exponent(parse_unit("USD*year/week**2").dims) == -1
    assert time_exponent(parse_unit("hour/person").dims) == 0


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("USDD", "unknown unit 'USDD' in 'USDD'; did you mean 'USD'?"),
        ("hours/wek", "unknown unit 'wek' in 'hours/wek'; did you mean 'week'?"),
        ("widget/week", "unknown unit 'widget'"),
        # not a near miss of any unit ('batch' is three edits away): counted_units is the fix
        (
            "USD/breach",
            "unknown unit 'breach' in 'USD/breach'; if it is a counted thing, add "
            "'breach' to the case's counted_units",
        ),
        ("minute/tikcet", "unknown unit 'tikcet' in 'minute/tikcet'; did you mean 'ticket'?"),
        ("hour/wrokday", "did you mean 'workday'?"),
        ("usd/year", "did you mean 'USD'?"),
        ("2*hour", "cannot read unit '2*hour'"),
        ("a'b", "contains characters a unit cannot have"),
        ("__import__('os')", "contains characters a unit cannot have"),
        ("x" * 201, "201 characters long; the limit is 200"),
    ],
)
def test_bad_units(text: str, phrase: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert phrase in str(info.value)


def test_counted_units() -> None:
    assert dict(parse_unit("widget/week", counted=["widget"]).dims) == {"widget": 1, "week": -1}
    with pytest.raises(UnitError, match="unknown unit 'gadget' in 'gadget/week'"):
        parse_unit("gadget/week")
    # a counted unit another case declared is still unknown to a case that does not
    with pytest.raises(UnitError, match="declare it in the case's counted_units"):
        parse_unit("widget/week")
    ensure_counted("order")  # a built-in counted unit may be declared again
    assert dict(parse_unit("order", counted=["order"]).dims) == {"order": 1}
    for other_kind in ("hour", "week", "USD", "minute", "percent"):
        with pytest.raises(UnitError, match="already a unit of another kind"):
            ensure_counted(other_kind)
    with pytest.raises(UnitError, match="must be a word"):
        ensure_counted("bad-name")


def test_a_counted_unit_that_reads_as_a_number_is_a_located_issue(make_case: MakeCase) -> None:
    with pytest.raises(UnitError, match="reads as a number"):
        ensure_counted("nan")
    with pytest.raises(cdx.CaseValidationError) as info:
        make_case([{"id": "v", "value": 3, "unit": "USD/year"}], {"c": "v"}, counted_units=["nan"])
    assert info.value.locations() == ["counted_units[0]"]
    # a plural reads as its unit: the message says which
    with pytest.raises(
        UnitError, match=r"'hours' is already a unit of another kind \(it reads as hour\)"
    ):
        ensure_counted("hours")


def test_currencies_are_iso_codes() -> None:
    assert {"USD", "EUR", "GBP", "JPY", "CHF"} <= CURRENCIES
    assert "usd" not in CURRENCIES
    assert all(len(code) == 3 and code.isupper() for code in CURRENCIES)


# --- calendar conversions in cases, checked by hand -----------------------------------


def _annual(
    make_case: MakeCase, drivers: list[dict[str, Any]], formula: str, **extra: Any
) -> float:
    case = make_case(drivers, {"cost": formula}, **extra)
    return cdx.quantify(case).annual_cost


def test_per_week(make_case: MakeCase) -> None:
    # 10 hour/week × 50 USD/hour = 500 USD/week × 52 week/year = 26,000 USD/year
    drivers = [
        {"id": "hours", "value": 10, "unit": "hour/week"},
        {"id": "rate", "value": 50, "unit": "USD/hour"},
    ]
    assert _annual(make_case, drivers, "hours * rate") == pytest.approx(26_000)


def test_per_month(make_case: MakeCase) -> None:
    # 3 incident/month × 200 USD/incident = 600 USD/month × 12 = 7,200 USD/year
    drivers = [
        {"id": "incidents", "value": 3, "unit": "incident/month"},
        {"id": "cost_each", "value": 200, "unit": "USD/incident"},
    ]
    assert _annual(make_case, drivers, "incidents * cost_each") == pytest.approx(7_200)


def test_per_day(make_case: MakeCase) -> None:
    # 4 shipment/day × 25 USD/shipment = 100 USD/day × 365 = 36,500 USD/year
    drivers = [
        {"id": "shipments", "value": 4, "unit": "shipment/day"},
        {"id": "fee", "value": 25, "unit": "USD/shipment"},
    ]
    assert _annual(make_case, drivers, "shipments * fee") == pytest.approx(36_500)


def test_per_workday(make_case: MakeCase) -> None:
    # 2 hour/workday × 40 USD/hour = 80 USD/workday × 250 = 20,000 USD/year
    drivers = [
        {"id": "hours", "value": 2, "unit": "hour/workday"},
        {"id": "rate", "value": 40, "unit": "USD/hour"},
    ]
    assert _annual(make_case, drivers, "hours * rate") == pytest.approx(20_000)


def test_custom_calendar(make_case: MakeCase) -> None:
    calendar = {"weeks_per_year": 48, "workdays_per_year": 220, "days_per_year": 360}
    weekly = [
        {"id": "hours", "value": 10, "unit": "hour/week"},
        {"id": "rate", "value": 50, "unit": "USD/hour"},
    ]
    # 10 hour/week × 50 USD/hour = 500 USD/week × 48 week/year = 24,000 USD/year
    assert _annual(make_case, weekly, "hours * rate", calendar=calendar) == pytest.approx(24_000)
    daily = [
        {"id": "hours", "value": 2, "unit": "hour/workday"},
        {"id": "rate", "value": 40, "unit": "USD/hour"},
    ]
    # 80 USD/workday × 220 workday/year = 17,600 USD/year
    assert _annual(make_case, daily, "hours * rate", calendar=calendar) == pytest.approx(17_600)
    # cost of delay per week under that calendar: 17,600 / 48 = 366.67 USD
    q = cdx.quantify(make_case(daily, {"cost": "hours * rate"}, calendar=calendar))
    assert q.cost_of_delay("week") == pytest.approx(17_600 / 48)
    assert q.cost_of_delay("day") == pytest.approx(17_600 / 360)


def test_percent(make_case: MakeCase) -> None:
    # 1,000 order/month × 2.5 % × 40 USD/order = 1,000 USD/month × 12 = 12,000 USD/year
    drivers = [
        {"id": "orders", "value": 1000, "unit": "order/month"},
        {"id": "error_rate", "value": 2.5, "unit": "percent"},
        {"id": "cost_each", "value": 40, "unit": "USD/order"},
    ]
    assert _annual(make_case, drivers, "orders * error_rate * cost_each") == pytest.approx(12_000)


def test_percent_against_a_bare_number_is_a_fraction(make_case: MakeCase) -> None:
    # A bare number is in base units: 1 − 30 % = 0.7, not 1 − 30.
    # 100 USD/week × (1 − 0.3) = 70 USD/week × 52 = 3,640 USD/year
    drivers = [
        {"id": "spend", "value": 100, "unit": "USD/week"},
        {"id": "share", "value": 30, "unit": "percent"},
    ]
    assert _annual(make_case, drivers, "spend * (1 - share)") == pytest.approx(3_640)


def test_minutes_convert_to_hours(make_case: MakeCase) -> None:
    # 300 ticket/week × 12 minute/ticket = 3,600 minute = 60 hour/week
    # × 30 USD/hour = 1,800 USD/week × 52 = 93,600 USD/year
    drivers = [
        {"id": "tickets", "value": 300, "unit": "ticket/week"},
        {"id": "minutes", "value": 12, "unit": "minute/ticket"},
        {"id": "rate", "value": 30, "unit": "USD/hour"},
    ]
    assert _annual(make_case, drivers, "tickets * minutes * rate") == pytest.approx(93_600)


TICKETS = [
    {"id": "handling", "value": 90, "unit": "minute/ticket"},
    {"id": "tickets", "value": 100, "unit": "ticket/week"},
    {"id": "rate", "value": 60, "unit": "USD/hour"},
]


def test_a_bare_number_beside_minutes_is_in_minutes(make_case: MakeCase) -> None:
    # (90 + 30) minute/ticket = 2 hour/ticket × 100 ticket/week × 60 USD/hour
    # = 12,000 USD/week × 52 = 624,000 USD/year (30 hours would give 9,828,000)
    formula = "(handling + 30) * tickets * rate"
    assert _annual(make_case, TICKETS, formula) == pytest.approx(624_000)


def test_if_compares_minutes_with_a_bare_number_in_minutes(make_case: MakeCase) -> None:
    # 90 minute > 60 minute, so 1.5 hour/ticket × 100 ticket/week × 60 USD/hour
    # = 9,000 USD/week × 52 = 468,000 USD/year (against 60 hours it would be 0)
    formula = "if_(handling > 60, handling, 0) * tickets * rate"
    assert _annual(make_case, TICKETS, formula) == pytest.approx(468_000)
    # min(90, 45) minute = 0.75 hour × 100 × 60 = 4,500 USD/week × 52 = 234,000
    formula = "min(handling, 45) * tickets * rate"
    assert _annual(make_case, TICKETS, formula) == pytest.approx(234_000)


def test_a_derived_driver_reads_bare_numbers_in_its_own_unit(make_case: MakeCase) -> None:
    drivers = [
        *TICKETS,
        {"id": "setup", "formula": "30", "unit": "minute/ticket"},
        {"id": "total", "formula": "handling + setup + 15", "unit": "minute/ticket"},
    ]
    q = cdx.quantify(make_case(drivers, {"cost": "total * tickets * rate"}))
    # setup = 30 minute/ticket; total = 90 + 30 + 15 = 135 minute/ticket
    assert q.values["setup"] == pytest.approx(30)
    assert q.values["total"] == pytest.approx(135)
    # 135 minute = 2.25 hour × 100 ticket/week × 60 USD/hour = 13,500 × 52 = 702,000
    assert q.annual_cost == pytest.approx(702_000)


def test_round_rounds_in_the_unit_as_written(make_case: MakeCase) -> None:
    # round(100.4 minute) = 100 minute = 5/3 hour × 100 ticket/week × 60 USD/hour
    # = 10,000 USD/week × 52 = 520,000 USD/year (whole hours would give 2 hour: 624,000)
    drivers = [{**TICKETS[0], "value": 100.4}, *TICKETS[1:]]
    assert _annual(make_case, drivers, "round(handling) * tickets * rate") == pytest.approx(520_000)


def test_seconds_convert_to_hours(make_case: MakeCase) -> None:
    # 10,000 call/month × 90 second/call = 900,000 s = 250 hour/month
    # × 36 USD/hour = 9,000 USD/month × 12 = 108,000 USD/year
    drivers = [
        {"id": "calls", "value": 10_000, "unit": "call/month"},
        {"id": "seconds", "value": 90, "unit": "second/call"},
        {"id": "rate", "value": 36, "unit": "USD/hour"},
    ]
    assert _annual(make_case, drivers, "calls * seconds * rate") == pytest.approx(108_000)


def test_sum_of_different_periods(make_case: MakeCase) -> None:
    # (10 hour/month × 12 + 5 hour/week × 52) × 60 USD/hour = (120 + 260) × 60 = 22,800
    drivers = [
        {"id": "monthly", "value": 10, "unit": "hour/month"},
        {"id": "weekly", "value": 5, "unit": "hour/week"},
        {"id": "rate", "value": 60, "unit": "USD/hour"},
    ]
    assert _annual(make_case, drivers, "(monthly + weekly) * rate") == pytest.approx(22_800)


def test_day_plus_workday(make_case: MakeCase) -> None:
    # 100 USD/day × 365 + 200 USD/workday × 250 = 36,500 + 50,000 = 86,500 USD/year
    drivers = [
        {"id": "daily", "value": 100, "unit": "USD/day"},
        {"id": "per_workday", "value": 200, "unit": "USD/workday"},
    ]
    assert _annual(make_case, drivers, "daily + per_workday") == pytest.approx(86_500)


def test_annual_figures_need_no_conversion(make_case: MakeCase) -> None:
    # 2 FTE × 60,000 USD/(FTE·year) = 120,000 USD/year
    drivers = [
        {"id": "ftes", "value": 2, "unit": "FTE"},
        {"id": "salary", "value": 60_000, "unit": "USD/(FTE*year)"},
    ]
    assert _annual(make_case, drivers, "ftes * salary") == pytest.approx(120_000)


def test_weeks_per_year_times_annual_salary(make_case: MakeCase) -> None:
    # 2 week/year lost × 52,000 USD/year salary = 104,000 USD·week/year²; a week is 1/52
    # of a year, so that is 104,000 / 52 = 2,000 USD/year (two weeks of salary)
    drivers = [
        {"id": "weeks_lost", "value": 2, "unit": "week/year"},
        {"id": "salary", "value": 52_000, "unit": "USD/year"},
    ]
    assert _annual(make_case, drivers, "weeks_lost * salary") == pytest.approx(2_000)


def test_declared_counted_unit(make_case: MakeCase) -> None:
    # 50 widget/week × 3 USD/widget = 150 USD/week × 52 = 7,800 USD/year
    drivers = [
        {"id": "widgets", "value": 50, "unit": "widget/week"},
        {"id": "cost_each", "value": 3, "unit": "USD/widget"},
    ]
    case = make_case(drivers, {"cost": "widgets * cost_each"}, counted_units=["widget"])
    assert cdx.quantify(case).annual_cost == pytest.approx(7_800)


def test_other_currency_case(make_case: MakeCase) -> None:
    # 1,200 EUR/month × 12 = 14,400 EUR/year
    case = make_case(
        [{"id": "fee", "value": 1200, "unit": "EUR/month"}],
        {"cost": "fee"},
        account={"name": "Euro Co", "currency": "EUR"},
    )
    q = cdx.quantify(case)
    assert q.currency == "EUR"
    assert q.annual_cost == pytest.approx(14_400)
