"""The value case: solutions, cash flows, NPV/ROI/IRR/payback, cost of delay, affordable
investment, break-even fraction, the verdict, and its validation errors.

Every expected figure is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costdx as cdx


def loss_case(
    monthly: float = 10_000.0, *, growth: float | None = None, source: str = "customer"
) -> cdx.Diagnosis:
    """One recurring consequence of ``monthly`` USD/month and one one-time of 35,000 USD."""
    return cdx.Diagnosis(
        account=cdx.Account(name="Acme", currency="USD"),
        drivers=[
            cdx.Driver(id="loss", value=monthly, unit="USD/month", source=source, growth=growth),
            cdx.Driver(id="audit", value=35_000, unit="USD", source="customer"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[
                    cdx.Consequence(id="c", formula="loss"),
                    cdx.Consequence(id="once", formula="audit"),
                ],
            )
        ],
    )


def fix(**changes: Any) -> cdx.Solution:
    data: dict[str, Any] = {
        "id": "fix",
        "name": "Fix",
        "addresses": [cdx.Address(consequence="c", fraction=1.0)],
        "investment": [cdx.InvestmentItem(label="licence", amount=60_000)],
    }
    data.update(changes)
    return cdx.Solution(**data)


def value_case(solution: cdx.Solution | None = None, **changes: Any) -> cdx.ValueCase:
    data: dict[str, Any] = {
        "diagnosis": loss_case(),
        "solutions": [solution or fix()],
        "horizon_years": 2,
        "discount_rate": 0.10,
    }
    data.update(changes)
    return cdx.ValueCase(**data)


def test_npv_roi_irr_payback_by_hand() -> None:
    ev = cdx.evaluate(value_case())
    res = ev.solutions["fix"]
    # benefit 10,000 × 12 = 120,000 a year, both years; 60,000 up front (t = 0).
    assert res.benefit.tolist() == [0.0, 120_000.0, 120_000.0]
    assert res.investment.tolist() == [60_000.0, 0.0, 0.0]
    # NPV = −60,000 + 120,000/1.1 + 120,000/1.21 = −60,000 + 109,090.909 + 99,173.554
    assert res.npv == pytest.approx(148_264.4628, abs=1e-3)
    # ROI = (240,000 − 60,000) / 60,000 = 3
    assert res.roi == pytest.approx(3.0)
    # IRR: −60,000 + 120,000 v + 120,000 v² = 0 with v = 1/(1+x) → 2v² + 2v − 1 = 0
    # → v = (√3 − 1)/2 → 1 + x = 2/(√3 − 1) = √3 + 1 → x = √3.
    assert res.irr.status == "ok"
    assert res.irr.rate == pytest.approx(math.sqrt(3), rel=1e-9)
    # cumulative −60,000 at t=0, +60,000 at t=1: zero half-way through year 1 = 6 months.
    assert res.payback_months == pytest.approx(6.0)


def test_do_nothing_is_always_there_and_neutral() -> None:
    ev = cdx.evaluate(value_case())
    nothing = ev.solutions["do_nothing"]
    assert list(ev.solutions) == ["do_nothing", "fix"]
    assert nothing.npv == 0.0
    assert math.isnan(nothing.roi)
    # the whole problem remains: 120,000/1.1 + 120,000/1.21 + 35,000/1.1 (one-time in year 1)
    expected = 120_000 / 1.1 + 120_000 / 1.21 + 35_000 / 1.1
    assert nothing.remaining_cost_pv == pytest.approx(expected)
    assert ev.problem_cost_discounted == pytest.approx(expected)
    # nominal: 120,000 × 2 + 35,000
    assert ev.problem_cost_nominal == pytest.approx(275_000.0)


def test_slip_cost_from_cash_flows() -> None:
    ev = cdx.evaluate(value_case())
    # slipping one month loses 1/12 of year 1's benefit: 10,000 at t=1 → 10,000/1.1
    assert ev.solutions["fix"].slip_cost_per_month == pytest.approx(10_000 / 1.1)
    assert ev.slip_cost("fix", months=1) == pytest.approx(10_000 / 1.1)
    # three months: 30,000/1.1
    assert ev.slip_cost("fix", months=3) == pytest.approx(30_000 / 1.1)
    # fourteen months: all of year 1 (120,000/1.1) and 2 months of year 2 (20,000/1.21)
    assert ev.slip_cost("fix", months=14) == pytest.approx(120_000 / 1.1 + 20_000 / 1.21)
    # an unknown solution is the library's error, as in cash_flows(), not a bare KeyError
    with pytest.raises(
        cdx.CostdxError, match="no solution 'fx'; the solutions are do_nothing, fix"
    ):
        ev.slip_cost("fx")
    assert "slip_cost_per_month" in ev.comparison().columns


def test_the_old_names_of_the_slip_cost_still_work_and_say_so() -> None:
    ev = cdx.evaluate(value_case())
    with pytest.warns(DeprecationWarning, match="now slip_cost_per_month"):
        assert (
            ev.solutions["fix"].cost_of_delay_per_month == ev.solutions["fix"].slip_cost_per_month
        )
    with pytest.warns(DeprecationWarning, match="now slip_cost"):
        assert ev.cost_of_delay("fix", months=3) == ev.slip_cost("fix", months=3)
    # the problem's own cost of delay (a month of doing nothing) keeps its name:
    # 10,000 USD/month, the loss of the case
    assert ev.quantification.cost_of_delay("month") == pytest.approx(10_000)


def test_evaluate_and_qualify_explain_that_a_value_case_is_needed() -> None:
    diagnosis = loss_case(10_000)
    for run in (cdx.evaluate, cdx.qualify):
        with pytest.raises(cdx.OptionError, match="needs a ValueCase") as info:
            run(diagnosis)  # type: ignore[arg-type]
        assert "cdx.load_value_case(path)" in str(info.value)
        assert "cdx.ValueCase(diagnosis=case, solutions=[...])" in str(info.value)


def test_start_month_and_linear_ramp() -> None:
    solution = fix(
        start_month=6,
        addresses=[cdx.Address(consequence="c", fraction=1.0, months_to_full=6)],
    )
    factors = cdx.value.ramp_factors(solution, 2)["c"]
    # months 6..11 of year 1 reach 1/6, 2/6, ..., 6/6 of full effect: (1+…+6)/6 = 3.5 months
    # of full effect out of 12 → 0.291666…; year 2 is at full effect.
    assert factors.tolist() == pytest.approx([3.5 / 12, 1.0])
    res = cdx.evaluate(value_case(solution)).solutions["fix"]
    assert res.benefit[1] == pytest.approx(120_000 * 3.5 / 12)  # 35,000


def test_yearly_ramp_counts_years_of_operation() -> None:
    solution = fix(
        start_month=3,
        addresses=[cdx.Address(consequence="c", fraction=1.0, ramp=(0.5, 1.0))],
    )
    factors = cdx.value.ramp_factors(solution, 2)["c"]
    # year 1: months 3..11 (9 months) in the first year of operation at 50 % → 4.5/12
    # year 2: operation months 9..11 still at 50 % (1.5) then 9 months at 100 % → 10.5/12
    assert factors.tolist() == pytest.approx([4.5 / 12, 10.5 / 12])


def test_fraction_risk_adjustment_and_recurring_investment() -> None:
    diagnosis = loss_case(source="benchmark")
    solution = fix(
        addresses=[cdx.Address(consequence="c", fraction=0.5)],
        investment=[
            cdx.InvestmentItem(label="setup", amount=20_000),
            cdx.InvestmentItem(label="subscription", amount=10_000, kind="recurring"),
        ],
    )
    vc = value_case(solution, diagnosis=diagnosis, risk_adjustment={"benchmark": 0.8})
    res = cdx.evaluate(vc).solutions["fix"]
    # 120,000 × 0.5 removed × 0.8 for a benchmark-based figure = 48,000 a year
    assert res.benefit.tolist() == pytest.approx([0.0, 48_000.0, 48_000.0])
    # 20,000 up front, 10,000 at the end of years 1 and 2
    assert res.investment.tolist() == [20_000.0, 10_000.0, 10_000.0]
    # ROI = (96,000 − 40,000)/40,000 = 1.4
    assert res.roi == pytest.approx(1.4)


def test_growth_changes_later_years_and_the_horizon_cost() -> None:
    vc = value_case(diagnosis=loss_case(growth=0.1), horizon_years=3)
    ev = cdx.evaluate(vc)
    # 120,000; 120,000 × 1.1 = 132,000; 120,000 × 1.21 = 145,200
    assert ev.cost_by_year["c"].tolist() == pytest.approx([120_000, 132_000, 145_200])
    # nominal over 3 years: 397,200 + the one-time 35,000
    assert ev.problem_cost_nominal == pytest.approx(432_200)
    assert ev.solutions["fix"].benefit.tolist() == pytest.approx([0, 120_000, 132_000, 145_200])


def test_one_time_consequence_avoided_once_in_the_start_year() -> None:
    solution = fix(start_month=14, addresses=[cdx.Address(consequence="once", fraction=1.0)])
    res = cdx.evaluate(value_case(solution, horizon_years=3)).solutions["fix"]
    # start month 14 falls in year 2: the 35,000 audit is avoided then, once
    assert res.benefit.tolist() == [0.0, 0.0, 35_000.0, 0.0]


def test_affordable_investment_and_break_even_fraction() -> None:
    solution = fix(addresses=[cdx.Address(consequence="c", fraction=0.5)])
    ev = cdx.evaluate(value_case(solution), target_roi=1.0, target_payback_months=18)
    res = ev.solutions["fix"]
    # benefits 60,000 a year. NPV = 0 at an up-front spend of 60,000/1.1 + 60,000/1.21
    assert res.affordable["npv"] == pytest.approx(60_000 / 1.1 + 60_000 / 1.21)
    # ROI = 100 %: C = 120,000 / (1 + 1) = 60,000
    assert res.affordable["roi"] == pytest.approx(60_000)
    # payback in 18 months: 60,000 (year 1) + 0.5 × 60,000 (half of year 2) = 90,000
    assert res.affordable["payback"] == pytest.approx(90_000)
    assert res.affordable_investment == pytest.approx(60_000)
    # break-even: PV(60,000 up front) / PV(benefit at fraction 1) = 60,000 / 208,264.46
    assert res.break_even_fraction == pytest.approx(60_000 / (120_000 / 1.1 + 120_000 / 1.21))


def test_comparison_has_every_solution_and_states_conventions() -> None:
    rival = fix(id="rival", name="Rival", investment=[cdx.InvestmentItem(label="x", amount=1)])
    ev = cdx.evaluate(value_case(solutions=[fix(), rival]))
    table = ev.comparison()
    assert list(table.index) == ["do_nothing", "fix", "rival"]
    assert table.loc["rival", "investment"] == 1.0
    assert "NPV" in table.attrs["npv"]
    flows = ev.cash_flows()
    assert flows.loc[("fix", 0), "net"] == -60_000.0
    assert flows.loc[("fix", 2), "cumulative"] == pytest.approx(180_000.0)


def test_simulation_with_point_fractions_and_no_estimates_matches_deterministic() -> None:
    vc = value_case()
    sim = cdx.simulate(vc.diagnosis, n=1_000, seed=3, keep="consequences")
    res = cdx.evaluate(vc, simulation=sim).solutions["fix"]
    # no estimates anywhere: every sample is the deterministic NPV
    assert np.allclose(res.samples["npv"], res.npv, rtol=1e-12)
    assert res.prob_npv_negative() == 0.0


def test_an_estimated_fraction_is_sampled() -> None:
    solution = fix(addresses=[cdx.Address(consequence="c", fraction=cdx.Uniform(0.2, 0.6))])
    vc = value_case(solution)
    sim = cdx.simulate(vc.diagnosis, n=200_000, seed=5, keep="consequences")
    res = cdx.evaluate(vc, simulation=sim).solutions["fix"]
    # the cost is certain, so NPV = −60,000 + f × (120,000/1.1 + 120,000/1.21)
    # = −60,000 + f × 208,264.46 with f ~ U(0.2, 0.6); deterministically f is the median 0.4
    assert res.npv == pytest.approx(-60_000 + 0.4 * 208_264.4628, abs=1e-3)
    # NPV < 0 when f < 60,000/208,264.46 = 0.28810: P = (0.28810 − 0.2)/0.4 = 0.22025
    assert res.prob_npv_negative() == pytest.approx(0.22025, abs=0.005)
    # ROI = (240,000 f − 60,000)/60,000 = 4f − 1, whose mean is 4 × 0.4 − 1 = 0.6
    assert float(np.mean(res.samples["roi"])) == pytest.approx(0.6, abs=0.005)
    assert res.samples["npv"].min() == pytest.approx(-60_000 + 0.2 * 208_264.4628, rel=1e-3)


def test_simulation_needs_consequences_kept() -> None:
    vc = value_case()
    sim = cdx.simulate(vc.diagnosis, n=100, seed=3)
    with pytest.raises(cdx.CostdxError, match="keep='consequences'"):
        cdx.evaluate(vc, simulation=sim)


def test_simulation_must_match_the_basis_and_scenario_evaluated() -> None:
    diagnosis = cdx.evolve(
        loss_case(), scenarios=[cdx.Scenario(name="low", overrides={"loss": 5_000})]
    )
    vc = value_case(diagnosis=diagnosis)
    base = cdx.simulate(diagnosis, n=100, seed=3, keep="consequences")
    # the samples would be of a 10,000 USD/month loss, the figures of a 5,000 one: refuse
    with pytest.raises(cdx.CostdxError, match="scenario"):
        cdx.evaluate(vc, scenario="low", simulation=base)
    with pytest.raises(cdx.CostdxError, match="basis"):
        cdx.evaluate(vc, basis="assumed", simulation=base)
    low = cdx.simulate(diagnosis, n=100, seed=3, keep="consequences", scenario="low")
    res = cdx.evaluate(vc, scenario="low", simulation=low).solutions["fix"]
    # no estimates: every sample is the deterministic NPV of the low scenario,
    # −60,000 + 60,000/1.1 + 60,000/1.21 = 44,132.23
    assert res.npv == pytest.approx(-60_000 + 60_000 / 1.1 + 60_000 / 1.21)
    assert np.allclose(res.samples["npv"], res.npv, rtol=1e-12)


# --- validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "location", "phrase"),
    [
        (
            {"solutions": [fix(addresses=[cdx.Address(consequence="cc", fraction=1.0)])]},
            "solutions[0].addresses[0].consequence",
            "did you mean 'c'",
        ),
        (
            {"solutions": [fix(addresses=[cdx.Address(consequence="c", fraction=1.5)])]},
            "solutions[0].addresses[0].fraction",
            "1.5 would remove 150% of a cost consequence, and a solution removes at most all "
            'of it; for 1.5% write 0.015 or "1.5%"',
        ),
        ({"solutions": [fix(), fix()]}, "solutions[1].id", "duplicate solution id"),
        ({"solutions": [fix(id="do_nothing")]}, "solutions[0].id", "implicit"),
        ({"our_solution": "ours"}, "our_solution", "unknown solution"),
        ({"horizon_years": -1}, "horizon_years", "greater than or equal to 1"),
        ({"discount_rate": -1.5}, "discount_rate", "-150% is outside [-50%, 100%]"),
        ({"discount_rate": -0.9999999}, "discount_rate", "-99.99999% is outside [-50%, 100%]"),
        ({"discount_rate": 9}, "discount_rate", 'for 9% write 0.09 or "9%"'),
        ({"discount_rate": "150%"}, "discount_rate", "150% is outside [-50%, 100%]"),
        ({"target_roi": 100}, "target_roi", 'would be 10,000%; for 100% write 1 or "100%"'),
        (
            {"risk_adjustment": {"benchmark": 80}},
            "risk_adjustment.benchmark",
            'for 80% write 0.8 or "80%"',
        ),
        ({"discount_rate": True}, "discount_rate", "expected a number, got a boolean (true)"),
    ],
)
def test_bad_value_cases(changes: dict[str, Any], location: str, phrase: str) -> None:
    with pytest.raises(cdx.CaseValidationError) as info:
        value_case(**changes)
    assert location in info.value.locations()
    assert phrase in str(info.value)


def test_negative_fraction_estimate_and_ramp_conflicts() -> None:
    with pytest.raises(cdx.CaseValidationError, match="cannot be negative"):
        value_case(fix(addresses=[cdx.Address(consequence="c", fraction=cdx.Uniform(-0.1, 0.5))]))
    with pytest.raises(cdx.CaseValidationError, match="not both"):
        cdx.Address(consequence="c", fraction=1.0, ramp=(0.5,), months_to_full=3)
    with pytest.raises(cdx.CaseValidationError, match="year 1 or later"):
        cdx.InvestmentItem(label="x", amount=1, kind="recurring", year=0)


# --- the verdict ----------------------------------------------------------------------


def test_qualify_pursue_rework_disqualify() -> None:
    good = cdx.qualify(value_case(), min_confirmed_share=0.5)
    # NPV 148,264 > 0; ROI 300 % ≥ 100 %; payback 6 ≤ 24 months; the loss driver has no
    # confirmed_by, so 0 % is confirmed: rework, with that reason named.
    assert good.outcome == "rework"
    assert [r.code for r in good.failed] == ["confirmed_share"]
    assert cdx.qualify(value_case(), min_confirmed_share=None).outcome == "pursue"
    pricey = fix(investment=[cdx.InvestmentItem(label="x", amount=200_000)])
    verdict = cdx.qualify(value_case(pricey), min_confirmed_share=None)
    # cost of the problem 240,000/… discounted ≈ 240,082 is 1.2x a 200,000 price: < 3x
    assert verdict.outcome == "disqualify"
    assert "cost_to_price" in [r.code for r in verdict.failed]


def test_qualify_a_solution_without_investment_is_not_reworked_for_roi_or_payback() -> None:
    free = fix(investment=[])
    verdict = cdx.qualify(value_case(free), min_confirmed_share=None)
    # nothing invested: ROI ((B − 0)/0) and payback are undefined, not missed; NPV is
    # 120,000/1.1 + 120,000/1.21 = 208,264 > 0, so the verdict is pursue
    assert verdict.outcome == "pursue"
    assert verdict.failed == ()
    messages = {r.code: r.message for r in verdict.reasons}
    assert "does not apply" in messages["roi"]
    assert "does not apply" in messages["payback"]
    assert "nan" not in str(verdict)
    assert "inf" not in messages["cost_to_price"]


def test_qualify_benefits_that_start_after_the_horizon() -> None:
    late = fix(start_month=24)
    verdict = cdx.qualify(value_case(late), min_confirmed_share=None)
    # horizon 2 years = months 0..23: a start in month 24 removes nothing within it, so
    # 60,000 is spent for no benefit: cannot break even → disqualify
    assert verdict.outcome == "disqualify"
    failed = {r.code: r.message for r in verdict.failed}
    assert failed["can_break_even"] == (
        "the solution removes no cost within the 2 years, so it cannot break even"
    )


def test_qualify_says_the_investment_it_prices_against_is_discounted() -> None:
    recurring = cdx.InvestmentItem(label="support", amount=6_000, kind="recurring")
    priced = fix(investment=[cdx.InvestmentItem(label="licence", amount=60_000), recurring])
    verdict = cdx.qualify(value_case(priced), min_confirmed_share=None)
    # investment 60,000 + 6,000 + 6,000 = 72,000 nominal; discounted at 10 %:
    # 60,000 + 6,000/1.1 + 6,000/1.21 = 70,413.22. Cost of the problem discounted:
    # 120,000/1.1 + 120,000/1.21 + 35,000/1.1 = 240,082.64; 240,082.64/70,413.22 = 3.41
    messages = {r.code: r.message for r in verdict.reasons}
    assert messages["cost_to_price"] == (
        "cost of the problem over 2 years (240,083 USD, discounted) is 3.4x the investment "
        "(70,413 USD, discounted); at least 3x is needed"
    )


def test_qualify_says_one_year_not_one_years() -> None:
    verdict = cdx.qualify(value_case(horizon_years=1), min_confirmed_share=None)
    assert "1 years" not in str(verdict)
    assert "over 1 year " in str(verdict)
    ev = cdx.evaluate(value_case(horizon_years=1))
    assert "1 years" not in repr(ev) + str(ev.conventions())


# --- properties -------------------------------------------------------------------------

money = st.floats(min_value=100.0, max_value=1e6)
months = st.integers(min_value=0, max_value=30)


@settings(max_examples=40, deadline=None)
@given(monthly=money, extra=st.floats(min_value=0.0, max_value=1e6), start=months)
def test_more_benefit_never_lowers_npv(monthly: float, extra: float, start: int) -> None:
    small = value_case(fix(start_month=start), diagnosis=loss_case(monthly), horizon_years=3)
    large = value_case(
        fix(start_month=start), diagnosis=loss_case(monthly + extra), horizon_years=3
    )
    assert cdx.evaluate(large).solutions["fix"].npv >= cdx.evaluate(small).solutions["fix"].npv


@settings(max_examples=40, deadline=None)
@given(monthly=money, extra=st.floats(min_value=0.0, max_value=1e6), start=months)
def test_larger_problem_never_lowers_slip_cost(monthly: float, extra: float, start: int) -> None:
    small = cdx.evaluate(value_case(fix(start_month=start), diagnosis=loss_case(monthly)))
    large = cdx.evaluate(value_case(fix(start_month=start), diagnosis=loss_case(monthly + extra)))
    assert large.slip_cost("fix") >= small.slip_cost("fix") - 1e-9


@settings(max_examples=40, deadline=None)
@given(monthly=money, k=st.integers(min_value=1, max_value=40), ramp=st.integers(1, 12))
def test_slipping_k_months_costs_at_least_k_minus_one(monthly: float, k: int, ramp: int) -> None:
    solution = fix(addresses=[cdx.Address(consequence="c", fraction=0.7, months_to_full=ramp)])
    ev = cdx.evaluate(value_case(solution, diagnosis=loss_case(monthly), horizon_years=3))
    assert ev.slip_cost("fix", months=k) >= ev.slip_cost("fix", months=k - 1) - 1e-9


@settings(max_examples=40, deadline=None)
@given(
    monthly=money,
    target=st.floats(min_value=0.0, max_value=5.0),
    start=st.integers(min_value=0, max_value=11),
)
def test_affordable_investment_hits_the_roi_target_exactly(
    monthly: float, target: float, start: int
) -> None:
    vc = value_case(fix(start_month=start), diagnosis=loss_case(monthly), horizon_years=3)
    affordable = cdx.evaluate(vc, target_roi=target).solutions["fix"].affordable["roi"]
    plugged = fix(start_month=start, investment=[cdx.InvestmentItem(label="a", amount=affordable)])
    res = cdx.evaluate(value_case(plugged, diagnosis=loss_case(monthly), horizon_years=3))
    assert res.solutions["fix"].roi == pytest.approx(target, rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(monthly=money, target=st.floats(min_value=1.0, max_value=30.0))
def test_affordable_investment_hits_the_payback_target_exactly(
    monthly: float, target: float
) -> None:
    vc = value_case(fix(), diagnosis=loss_case(monthly), horizon_years=3)
    affordable = cdx.evaluate(vc, target_payback_months=target).solutions["fix"].affordable
    plugged = fix(investment=[cdx.InvestmentItem(label="a", amount=affordable["payback"])])
    res = cdx.evaluate(value_case(plugged, diagnosis=loss_case(monthly), horizon_years=3))
    assert res.solutions["fix"].payback_months == pytest.approx(target, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(monthly=money, rate=st.floats(min_value=0.0, max_value=0.3))
def test_npv_zero_at_the_affordable_npv_investment(monthly: float, rate: float) -> None:
    vc = value_case(fix(), diagnosis=loss_case(monthly), discount_rate=rate)
    affordable = cdx.evaluate(vc).solutions["fix"].affordable["npv"]
    plugged = fix(investment=[cdx.InvestmentItem(label="a", amount=affordable)])
    res = cdx.evaluate(value_case(plugged, diagnosis=loss_case(monthly), discount_rate=rate))
    assert res.solutions["fix"].npv == pytest.approx(0.0, abs=1e-6 * affordable)


def test_example_value_case_loads_and_evaluates() -> None:
    vc = cdx.load_value_case(cdx.example_path())
    ev = cdx.evaluate(vc)
    assert {"do_nothing", "northwind_ops", "cmms_upgrade"} == set(ev.solutions)
    # the case's diagnosis: 3 years of 1,632,082 a year, plus the 35,000 one-time
    assert ev.problem_cost_nominal == pytest.approx(
        3 * cdx.quantify(vc.diagnosis).annual_cost + 35_000
    )


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_value_case_file_round_trip(tmp_path: Any, suffix: str) -> None:
    vc = cdx.load_value_case(cdx.example_path())
    path = tmp_path / f"vc{suffix}"
    cdx.save(vc, path)
    again = cdx.load_value_case(path)
    assert again == vc
    # the diagnosis alone still loads from the same file
    assert cdx.load(path) == vc.diagnosis


def test_estimated_fractions_draw_from_the_simulations_own_seed() -> None:
    uncertain = cdx.Address(consequence="c", fraction=cdx.Uniform(0.2, 0.8))
    vc = value_case(solutions=[fix(addresses=[uncertain]), fix(id="other", addresses=[uncertain])])
    sim = cdx.simulate(vc.diagnosis, n=2_000, seed=None, keep="consequences")
    first = cdx.evaluate(vc, simulation=sim).solutions
    again = cdx.evaluate(vc, simulation=sim).solutions
    # fresh entropy, yet one simulation always gives the same fraction draws ...
    assert np.array_equal(first["fix"].samples["npv"], again["fix"].samples["npv"])
    # ... and each solution its own stream: same terms, different draws
    assert not np.array_equal(first["fix"].samples["npv"], first["other"].samples["npv"])
