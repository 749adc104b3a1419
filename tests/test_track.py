"""cdx.track: realised against promised value, worked out by hand; errors and warnings;
the re-forecast's two limits (nothing measured, everything as promised)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costdx as cdx
from costdx.errors import CaseValidationError, OptionError
from workbooks import SMALL_ACTUALS, small_value_case

# --- a two-line case, hand computed ------------------------------------------------------
#
# rework     = defects × cost_per_defect = 100 defect/month × 50 USD/defect = 5,000 USD/month
# lost_sales = orders × lost_share × margin = 200 order/month × 10 % × 30 USD/order
#            = 600 USD/month (lost revenue: a revenue line)
# scrap      = scrap_units × unit_cost = 10 × 100 = 1,000 USD/month, never measured
#
# The solution starts at once (start_month 0): the decision is 2026-12 (month 0), go-live
# 2027-01 (month 1). It removes half of rework over a two-month ramp (effect m/2: 0.5 in
# January, 1 after), half of lost_sales at once, and 20 % of scrap at once:
#
#   promised rework     = 5,000 × 0.5 × [0.5, 1, 1] = [1,250, 2,500, 2,500]
#   promised lost_sales =   600 × 0.5               = [  300,   300,   300]
#   promised scrap      = 1,000 × 0.2               = [  200,   200,   200]


@pytest.fixture(scope="module")
def small() -> cdx.ValueCase:
    return small_value_case()


def actuals() -> list[dict[str, Any]]:
    # defects 80 then 60 (March carries 60 forward); lost_share unchanged in January,
    # then halved to 5 %: the ramp of lost_sales runs one month late
    return [dict(row) for row in SMALL_ACTUALS]


@pytest.fixture(scope="module")
def result(small: cdx.ValueCase) -> cdx.Realisation:
    return cdx.track(small, actuals(), go_live="2027-01", as_of="2027-03")


def test_realised_promised_and_variance_by_hand(result: cdx.Realisation) -> None:
    monthly = result.monthly()
    rework = monthly.xs("rework", level="consequence")
    # actual rework = defects × 50: 4,000, 3,000, 3,000 (carried); realised = 5,000 − actual
    assert rework["actual"].tolist() == pytest.approx([4_000, 3_000, 3_000])
    assert rework["realised"].tolist() == pytest.approx([1_000, 2_000, 2_000])
    assert rework["promised"].tolist() == pytest.approx([1_250, 2_500, 2_500])
    assert rework["variance"].tolist() == pytest.approx([-250, -500, -500])
    assert rework["data"].tolist() == ["measured", "measured", "carried"]
    lost = monthly.xs("lost_sales", level="consequence")
    # actual lost sales = 200 × share × 30: 600 then 300; realised 0, 300, 300
    assert lost["realised"].tolist() == pytest.approx([0, 300, 300])
    assert lost["variance"].tolist() == pytest.approx([-300, 0, 0])
    scrap = monthly.xs("scrap", level="consequence")
    assert scrap["realised"].isna().all()  # no input measured: no data, not a shortfall
    assert (scrap["data"] == "none").all()


def test_totals_and_share_to_date(result: cdx.Realisation) -> None:
    # realised 1,000 + 2,000 + 2,000 + 0 + 300 + 300 = 5,600
    # promised with data 1,250 + 2,500 + 2,500 + 3 × 300 = 7,150; with scrap 7,750
    assert result.realised_to_date == pytest.approx(5_600)
    assert result.promised_with_data == pytest.approx(7_150)
    assert result.promised_to_date == pytest.approx(7_750)
    assert result.share_realised == pytest.approx(5_600 / 7_150)
    by_month = result.by_month()
    assert by_month.index.tolist() == ["2027-01", "2027-02", "2027-03"]
    assert by_month["month"].tolist() == [1, 2, 3]
    # per month: promised 1,750 / 3,000 / 3,000, of which with data 1,550 / 2,800 / 2,800
    assert by_month["promised"].tolist() == pytest.approx([1_750, 3_000, 3_000])
    assert by_month["realised_cumulative"].tolist() == pytest.approx([1_000, 3_300, 5_600])
    assert by_month["promised_with_data_cumulative"].tolist() == pytest.approx(
        [1_550, 4_350, 7_150]
    )
    assert by_month["no_data"].tolist() == pytest.approx([200, 200, 200])


def test_rate_and_timing_by_hand(result: cdx.Realisation) -> None:
    per = result.by_consequence()
    # rework: realised [1,000, 2,000, 2,000] = 0.8 × promised [1,250, 2,500, 2,500] exactly,
    # so no lateness (k = 0, λ = 0.8): all of the −1,250 is rate; achieved share
    # 0.8 × 50 % = 40 %
    rework = per.loc["rework"]
    assert rework["months_late"] == 0
    assert rework["rate"] == pytest.approx(-1_250)
    assert rework["timing"] == pytest.approx(0)
    assert rework["achieved_share"] == pytest.approx(0.4)
    assert rework["promised_share"] == pytest.approx(0.5)
    # lost_sales: realised [0, 300, 300] is the promise slipped one month exactly
    # (k = 1, λ = 1): timing = [0, 300, 300] − [300, 300, 300] = −300, rate 0
    lost = per.loc["lost_sales"]
    assert lost["months_late"] == 1
    assert lost["timing"] == pytest.approx(-300)
    assert lost["rate"] == pytest.approx(0)
    assert lost["variance"] == pytest.approx(lost["rate"] + lost["timing"])


def test_statuses_and_problems(result: cdx.Realisation) -> None:
    # rework 5,000 / 6,250 = 80 % and lost_sales 600 / 900 = 67 %: below 90 %, behind
    assert result.status == {
        "rework": "behind", "lost_sales": "behind", "scrap": "insufficient_data",
    }  # fmt: skip
    problems = result.by_problem()
    # quality: rework's 5,000 of 6,250 (scrap has no data); sales: 600 of 900
    assert problems.loc["quality", "realised"] == pytest.approx(5_000)
    assert problems.loc["quality", "promised_with_data"] == pytest.approx(6_250)
    assert problems.loc["quality", "promised"] == pytest.approx(6_850)
    assert problems.loc["sales", "share_realised"] == pytest.approx(600 / 900)
    per = result.by_consequence()
    assert per.loc["scrap", "months_without_data"] == 3
    assert per.loc["scrap", "unmeasured_inputs"] == "scrap_units, unit_cost"


def test_outlook_by_hand(result: cdx.Realisation) -> None:
    # The year as it now stands: rework keeps February's measured 2,000 a month (its ramp
    # is done) for April … December; lost_sales keeps 300; scrap, never measured, its
    # promised 200 every month.
    #   rework 1,000 + 2,000 + 2,000 + 9 × 2,000 = 23,000; lost_sales 0 + 11 × 300 = 3,300;
    #   scrap 12 × 200 = 2,400: benefit 28,700
    # NPV = −10,000 + 28,700 / 1.1 = 16,090.909...; ROI = 18,700 / 10,000 = 187 %
    # payback: net −10,000, then +1,200, +2,500, +2,500, +2,500 (−1,300 after April),
    # +2,500 in May: 4 + 1,300 / 2,500 = 4.52 months
    view = result.outlook
    assert view.benefit == pytest.approx(28_700)
    assert view.npv == pytest.approx(-10_000 + 28_700 / 1.1)
    assert view.roi == pytest.approx(1.87)
    assert view.payback_months == pytest.approx(4.52)
    text = str(result)
    assert "Realised 5,600 USD of 7,150 USD promised to date (78%)." in text
    assert "the ramp runs 1 month late" in text
    assert "No data yet (no input measured): scrap; 600 USD promised to date" in text


def test_revenue_line_that_got_worse_is_negative(small: cdx.ValueCase) -> None:
    # lost share up from 10 % to 15 %: actual 200 × 0.15 × 30 = 900, realised 600 − 900
    rows = [{"driver": "lost_share", "period": "2027-01", "value": 15}]
    result = cdx.track(small, rows, go_live="2027-01")
    lost = result.monthly().xs("lost_sales", level="consequence")
    assert lost["realised"].tolist() == pytest.approx([-300])
    assert result.status["lost_sales"] == "behind"


def test_a_late_ramp_splits_into_rate_and_timing(make_case: Callable[..., cdx.Diagnosis]) -> None:
    # 80 defects × 50 USD = 4,000 a month; half removed over a four-month ramp from
    # January: promised 2,000 × [0.25, 0.5, 0.75, 1, 1] = [500, 1,000, 1,500, 2,000, 2,000].
    # Measured: 80% of the promise one month late, 0.8 × [0, 500, 1,000, 1,500, 2,000]
    # = [0, 400, 800, 1,200, 1,600], i.e. defects 80 − realised/50 = [80, 72, 64, 56, 48].
    case = make_case(
        [{"id": "defects", "value": 80, "unit": "defect/month"},
         {"id": "cost", "value": 50, "unit": "USD/defect"}],
        {"rework": "defects * cost"},
    )  # fmt: skip
    fix = cdx.Solution(id="fix", name="Fix", addresses=[
        cdx.Address(consequence="rework", fraction=0.5, months_to_full=4)])  # fmt: skip
    vc = cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=1)
    rows = [
        {"driver": "defects", "period": f"2027-0{m}", "value": v}
        for m, v in zip(range(1, 6), (80, 72, 64, 56, 48), strict=True)
    ]
    per = cdx.track(vc, rows, go_live="2027-01").by_consequence().loc["rework"]
    # timing = slipped − promised = [−500, −500, −500, −500, 0] = −2,000
    # rate = realised − slipped = [0, −100, −200, −300, −400] = −1,000
    assert per["months_late"] == 1
    assert per["timing"] == pytest.approx(-2_000)
    assert per["rate"] == pytest.approx(-1_000)
    assert per["variance"] == pytest.approx(4_000 - 7_000)
    assert per["achieved_share"] == pytest.approx(0.8 * 0.5)


def test_a_unit_of_the_same_dimension_is_converted(make_case: Callable[..., cdx.Diagnosis]) -> None:
    # 60 order/week × 10 USD/order; measured 260 order/month = 260 × 12 / 52 = 60 order/week
    case = make_case(
        [{"id": "orders", "value": 70, "unit": "order/week"},
         {"id": "price", "value": 10, "unit": "USD/order"}],
        {"rekeying": "orders * price"},
    )  # fmt: skip
    fix = cdx.Solution(id="fix", name="Fix",
                       addresses=[cdx.Address(consequence="rekeying", fraction=0.5)])  # fmt: skip
    vc = cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=1)
    rows = [{"driver": "orders", "period": "2027-01", "value": 260, "unit": "order/month"}]
    tracking = cdx.Tracking(value_case=vc, go_live="2027-01", measurements=rows)
    assert tracking.values() == {("orders", 1): pytest.approx(60.0)}
    # baseline 70 × 10 × 52 / 12 a month; actual 60 × 10 × 52 / 12: realised 100 × 52 / 12
    result = cdx.track(tracking)
    assert result.realised_to_date == pytest.approx(100 * 52 / 12)
    wrong = [{"driver": "orders", "period": "2027-01", "value": 3, "unit": "hour/month"}]
    with pytest.raises(CaseValidationError) as caught:
        cdx.Tracking(value_case=vc, go_live="2027-01", measurements=wrong)
    (issue,) = caught.value.issues
    assert issue.location == "measurements[0].unit"
    assert issue.code == "unit_mismatch"
    assert "order/week" in issue.message
    # a percent driver's figure may come as a fraction with unit 1
    share = cdx.Measurement(driver="lost_share", period="2027-01", value=0.05, unit="1")
    assert share.value == 0.05


def test_a_percent_driver_takes_a_fraction(small: cdx.ValueCase) -> None:
    rows = [{"driver": "lost_share", "period": "2027-01", "value": 0.05, "unit": "1"}]
    tracking = cdx.Tracking(value_case=small, go_live="2027-01", measurements=rows)
    assert tracking.values() == {("lost_share", 1): pytest.approx(5.0)}


def test_errors_are_named_and_listed_together(small: cdx.ValueCase) -> None:
    rows = [
        {"driver": "defect", "period": "2027-01", "value": 80},
        {"driver": "defects", "period": "2027-02", "value": 60},
        {"driver": "defects", "period": "2027-02", "value": 61},
        {"driver": "defects", "period": "2027-13", "value": 1},
        {"driver": "defects", "period": "2027-03", "value": 1, "confirmed_by": "bob"},
    ]
    with pytest.raises(CaseValidationError) as caught:
        cdx.track(small, rows, go_live="2027-01")
    # a month that is not one is the row's own problem, found before the case is asked
    (issue,) = caught.value.issues
    assert (issue.location, issue.code) == ("measurements[3].period", "invalid_value")
    assert "month 13 is not 1 to 12" in issue.message
    with pytest.raises(CaseValidationError) as caught:
        cdx.track(small, rows[:3] + rows[4:], go_live="2027-01")
    issues = {i.location: i for i in caught.value.issues}
    assert issues["measurements[0].driver"].code == "unknown_reference"
    assert "did you mean 'defects'" in issues["measurements[0].driver"].message
    assert issues["measurements[2].period"].code == "duplicate_measurement"
    assert "measurements[1] has one" in issues["measurements[2].period"].message
    assert issues["measurements[3].confirmed_by"].code == "unknown_reference"
    assert str(issues["measurements[2].period"]).startswith("measurements[2] (defects).period")


def test_a_derived_driver_cannot_be_measured(make_case: Callable[..., cdx.Diagnosis]) -> None:
    case = make_case(
        [{"id": "a", "value": 2}, {"id": "b", "value": 3, "unit": "USD/month"},
         {"id": "c", "formula": "a * b"}],
        {"cost": "c"},
    )  # fmt: skip
    fix = cdx.Solution(id="fix", name="Fix", addresses=[cdx.Address(consequence="cost",
                                                                     fraction=0.5)])  # fmt: skip
    vc = cdx.ValueCase(diagnosis=case, solutions=[fix])
    with pytest.raises(CaseValidationError, match="measure its inputs instead: a, b"):
        cdx.track(vc, [{"driver": "c", "period": "2027-01", "value": 1}], go_live="2027-01")


def test_warnings_before_go_live_after_horizon_and_unused(small: cdx.ValueCase) -> None:
    rows = [
        {"driver": "defects", "period": "2026-11", "value": 90},  # before go-live
        {"driver": "defects", "period": "2028-01", "value": 50},  # after 2027-12, the end
        {"driver": "defects", "period": "2027-02", "value": 50},
    ]
    result = cdx.track(small, rows, go_live="2027-01")
    codes = [(i.location, i.code, i.severity) for i in result.issues]
    assert codes == [
        ("measurements[0].period", "before_go_live", "warning"),
        ("measurements[1].period", "after_horizon", "warning"),
    ]
    # neither is counted: January has no data, February realised 5,000 − 2,500
    assert result.as_of == "2027-02"
    assert result.realised_to_date == pytest.approx(2_500)
    other = cdx.Solution(id="other", name="Other",
                         addresses=[cdx.Address(consequence="scrap", fraction=0.1)])  # fmt: skip
    vc = cdx.ValueCase(diagnosis=small.diagnosis, solutions=[other])
    unused = cdx.track(vc, rows[2:], go_live="2027-01").issues
    assert [i.code for i in unused] == ["measurement_unused"]


def test_as_of_carries_forward_and_cuts(small: cdx.ValueCase) -> None:
    later = cdx.track(small, actuals(), go_live="2027-01", as_of="2027-05")
    # April and May carry February's 60 defects and March's 5 %: realised 2,000 + 300
    assert later.by_month()["realised"].tolist() == pytest.approx(
        [1_000, 2_300, 2_300, 2_300, 2_300]
    )
    earlier = cdx.track(small, actuals(), go_live="2027-01", as_of="2027-01")
    assert earlier.realised_to_date == pytest.approx(1_000)
    with pytest.raises(OptionError, match="after the horizon's end"):
        cdx.track(small, actuals(), go_live="2027-01", as_of="2028-01")
    with pytest.raises(OptionError, match="go_live="):
        cdx.track(small, actuals())
    with pytest.raises(OptionError, match="tolerance"):
        cdx.track(small, actuals(), go_live="2027-01", tolerance=1.5)


def test_measurements_from_a_frame_and_a_csv(small: cdx.ValueCase, tmp_path: Path) -> None:
    frame = pd.DataFrame(actuals())
    assert cdx.track(small, frame, go_live="2027-01").realised_to_date == pytest.approx(5_600)
    path = tmp_path / "actuals.csv"
    frame.assign(evidence="ERP report").to_csv(path, index=False)
    read = cdx.read_measurements(path)
    assert [m.period for m in read] == [r["period"] for r in actuals()]
    assert read[0].evidence == "ERP report"
    path.write_text(
        "driver,period,value,unit\n"
        "defects,2027-01,80,\n"
        "orders,2027-01,3,hour/month\n"
        "defects,2027-1x,80,\n"
    )
    with pytest.raises(CaseValidationError) as caught:
        cdx.read_measurements(path)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.location) == (str(path), 4, "measurements[2].period")
    path.write_text("driver,period,value,unit\ndefects,2027-01,80,\norders,2027-01,3,hour/month\n")
    with pytest.raises(CaseValidationError) as caught:
        cdx.track(small, cdx.read_measurements(path), go_live="2027-01")
    (issue,) = caught.value.issues
    # the row of the file, not the position in a list, names where
    assert str(issue).startswith(f"{path}:3: measurements[1] (orders).unit:")
    path.write_text("driver,month,value\ndefects,2027-01,80\n")
    with pytest.raises(CaseValidationError, match="unknown column 'month'; no 'period' column"):
        cdx.read_measurements(path)


# --- the re-forecast ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def acme_vc() -> cdx.ValueCase:
    return cdx.load_value_case(cdx.example_path())


@settings(max_examples=6)
@given(seed=st.integers(0, 2**31), as_of=st.sampled_from([None, "2027-02", "2027-09"]))
def test_nothing_measured_is_the_value_case_simulation(
    acme_vc: cdx.ValueCase, seed: int, as_of: str | None
) -> None:
    sim = cdx.simulate(acme_vc.diagnosis, n=400, seed=seed, keep="consequences")
    result = cdx.track(acme_vc, [], go_live="2027-04", as_of=as_of, simulation=sim)
    own = cdx.evaluate(acme_vc, simulation=sim).ours
    assert own is not None
    assert result.reforecast is not None
    np.testing.assert_allclose(result.reforecast.npv, own.samples["npv"], rtol=1e-12)
    np.testing.assert_allclose(result.reforecast.roi, own.samples["roi"], rtol=1e-12)
    assert result.reforecast.prob_met() == result.reforecast.at_signing
    assert result.outlook.npv == pytest.approx(own.npv, rel=1e-12)


def test_the_reforecast_repeats_with_the_seed(acme_vc: cdx.ValueCase) -> None:
    rows = [{"driver": "breakdowns_per_month", "period": "2027-05", "value": 6}]
    runs = [
        cdx.track(acme_vc, rows, go_live="2027-04",
                  simulation=cdx.simulate(acme_vc.diagnosis, n=3_000, seed=11,
                                          keep="consequences", threads=threads))
        for threads in (1, 2)
    ]  # fmt: skip
    first, second = (r.reforecast for r in runs)
    assert first is not None
    assert second is not None
    np.testing.assert_array_equal(first.npv, second.npv)
    assert first.summary().attrs["seed"] == 11
    with pytest.raises(OptionError, match="keep='consequences'"):
        cdx.track(acme_vc, rows, go_live="2027-04",
                  simulation=cdx.simulate(acme_vc.diagnosis, n=100, seed=1))  # fmt: skip


@settings(max_examples=20)
@given(
    fraction=st.floats(0.1, 0.9),
    months_to_full=st.integers(1, 9),
    start=st.integers(0, 5),
    measured=st.integers(1, 15),
    level=st.floats(20, 2_000),
)
def test_measured_as_promised_realises_the_promise(
    fraction: float, months_to_full: int, start: int, measured: int, level: float
) -> None:
    # one line, cost = volume × price; the price an estimate within ±0.05 %: the volume
    # measured each month at what the promise implies, level × (1 − fraction × effect)
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="volume", value=level, unit="unit/month", source="measured"),
            cdx.Driver(id="price", value=cdx.Uniform(low=99.95, high=100.05), unit="USD/unit",
                       source="measured"),
        ],
        problems=[cdx.Problem(id="p", title="P", symptoms=[cdx.Symptom(id="s")],
                              consequences=[cdx.Consequence(id="c", formula="volume * price")])],
    )  # fmt: skip
    fix = cdx.Solution(
        id="fix", name="Fix", start_month=start,
        addresses=[cdx.Address(consequence="c", fraction=fraction, months_to_full=months_to_full)],
        investment=[cdx.InvestmentItem(label="licence", amount=level * 100)],
    )  # fmt: skip
    vc = cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=2)
    effect = cdx.evaluate(vc).solutions["fix"].timeline.effect["c"]
    go = cdx.model.month_index("2027-01")
    rows = [
        {"driver": "volume", "period": cdx.model.month_label(go + j),
         "value": level * (1 - fraction * effect[start + 1 + j])}
        for j in range(measured)
    ]  # fmt: skip
    sim = cdx.simulate(case, n=500, seed=3, keep="consequences")
    result = cdx.track(vc, rows, go_live="2027-01", simulation=sim)
    months = result.by_month()
    np.testing.assert_allclose(months["realised"], months["promised"], rtol=1e-9, atol=1e-6)
    assert result.by_consequence().loc["c", "months_late"] == 0
    assert result.outlook.npv == pytest.approx(cdx.evaluate(vc).ours.npv, rel=1e-9)  # type: ignore[union-attr]
    assert result.reforecast is not None
    chances = result.reforecast.prob_met()
    assert chances["npv"] > 0.99
    assert math.isfinite(result.share_realised)


# --- in the case file -----------------------------------------------------------------------

TRACKING_TOML = """
# Deliver: the fix went live in January
[tracking]
solution = "fix"
go_live = "2027-01"

[[measurements]]
driver = "defects"
period = "2027-01"
value = 80  # from the ERP
evidence = "ERP defect log"

[[measurements]]
driver = "defects"
period = "2027-02"
value = 60
"""


@pytest.fixture
def won(small: cdx.ValueCase, tmp_path: Path) -> Path:
    path = tmp_path / "won.toml"
    cdx.save(small, path)
    path.write_text(path.read_text() + TRACKING_TOML)
    return path


def test_a_case_file_holds_the_tracking(won: Path, small: cdx.ValueCase) -> None:
    tracking = cdx.load_tracking(won)
    assert tracking.go_live == "2027-01"
    assert [m.value for m in tracking.measurements] == [80, 60]
    assert tracking.measurements[0].evidence == "ERP defect log"
    # the value case and the diagnosis read the same file, the tracking left aside
    assert cdx.load_value_case(won) == small
    assert cdx.io.load_any(won) == small
    assert cdx.load(won) == small.diagnosis
    assert cdx.track(tracking).realised_to_date == pytest.approx(1_000 + 2_000)


def test_the_tracking_tables_survive_a_save(won: Path, small: cdx.ValueCase) -> None:
    before = won.read_text()
    tracking = cdx.load_tracking(won)
    cdx.save(tracking, won)
    assert won.read_text() == before  # unchanged: byte for byte
    changed = cdx.evolve(tracking, measurements=(
        tracking.measurements[0], tracking.measurements[1].model_copy(update={"value": 55.0}),
        cdx.Measurement(driver="lost_share", period="2027-02", value=5),
    ))  # fmt: skip
    cdx.save(changed, won)
    after = won.read_text()
    assert "value = 80  # from the ERP" in after  # the analyst's comment stays
    assert "value = 55\n" in after
    assert cdx.load_tracking(won) == changed
    # saving the value case read from the file into it keeps the tracking's tables
    cdx.save(cdx.evolve(cdx.load_value_case(won), discount_rate=0.12), won)
    assert cdx.load_value_case(won).discount_rate == 0.12
    assert cdx.load_tracking(won).measurements == changed.measurements
    assert "# Deliver: the fix went live in January" in won.read_text()


def test_a_case_file_tracking_error_names_the_line(won: Path) -> None:
    won.write_text(won.read_text().replace('driver = "defects"\nperiod = "2027-02"',
                                           'driver = "defect"\nperiod = "2027-02"'))  # fmt: skip
    with pytest.raises(CaseValidationError) as caught:
        cdx.load_tracking(won)
    (issue,) = caught.value.issues
    lines = won.read_text().splitlines()
    assert issue.file == str(won)
    assert lines[issue.line - 1] == 'driver = "defect"'  # type: ignore[operator]
    won.write_text(won.read_text().replace('go_live = "2027-01"', 'go_live = "Jan 2027"'))
    with pytest.raises(CaseValidationError) as caught:
        cdx.load_tracking(won)
    assert caught.value.issues[0].location == "tracking.go_live"
    assert lines[caught.value.issues[0].line - 1] == 'go_live = "2027-01"'  # type: ignore[operator]


def test_the_schema_describes_the_tracking() -> None:
    schema = cdx.schema()
    assert schema["properties"]["tracking"] == {"$ref": "#/$defs/TrackingSettings"}
    settings_ = schema["$defs"]["TrackingSettings"]
    assert settings_["required"] == ["go_live"]
    assert "went live" in settings_["properties"]["go_live"]["description"]
    assert schema["properties"]["measurements"]["items"] == {"$ref": "#/$defs/Measurement"}


@settings(max_examples=25)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["defects", "lost_share", "orders", "scrap_units"]),
            st.integers(0, 11),
            st.floats(0, 1e6, allow_nan=False),
            st.sampled_from(["", "ERP report", "=cmd|' /C calc'!A0", "a\nnote"]),
        ),
        max_size=12,
        unique_by=lambda r: (r[0], r[1]),
    )
)
def test_measurements_survive_a_save_and_a_load(
    small: cdx.ValueCase, tmp_path_factory: pytest.TempPathFactory, rows: list[Any]
) -> None:
    measurements = [
        cdx.Measurement(driver=d, period=f"2027-{m + 1:02d}", value=v, evidence=e)
        for d, m, v, e in rows
    ]
    tracking = cdx.Tracking(value_case=small, go_live="2027-01", measurements=measurements)
    folder = tmp_path_factory.mktemp("saved")
    for suffix in (".toml", ".json"):
        path = folder / f"won{suffix}"
        cdx.save(tracking, path)
        assert cdx.load_tracking(path) == tracking
        assert cdx.load_value_case(path) == small
