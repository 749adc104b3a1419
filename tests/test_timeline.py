"""The monthly value timeline: effects, benefits, investments and payback month by month.

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
from costdx.value import effect_by_month, investment_by_month, year_of_month


def loss_case(monthly: float = 1_000.0) -> cdx.Diagnosis:
    """One recurring consequence of ``monthly`` USD/month and a one-time audit of 35,000."""
    return cdx.Diagnosis(
        account=cdx.Account(name="Acme"),
        drivers=[
            cdx.Driver(id="loss", value=monthly, unit="USD/month", source="customer"),
            cdx.Driver(id="audit", value=35_000, unit="USD", source="customer"),
        ],
        problems=[
            cdx.Problem(
                id="p", title="P", symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="loss"),
                              cdx.Consequence(id="once", formula="audit")],
            )
        ],
    )  # fmt: skip


def value_case(**solution: Any) -> cdx.ValueCase:
    data: dict[str, Any] = {
        "id": "fix", "name": "Fix", "addresses": [cdx.Address(consequence="c", fraction=1.0)],
        "investment": [cdx.InvestmentItem(label="licence", amount=2_000)],
    }  # fmt: skip
    data.update(solution)
    return cdx.ValueCase(
        diagnosis=loss_case(), solutions=[cdx.Solution(**data)], horizon_years=2,
        discount_rate=0.10,
    )  # fmt: skip


def test_payback_is_the_month_cumulative_net_cash_turns_positive() -> None:
    # 1,000 a month removed in full from month 7 (start month 6), 2,000 paid up front:
    # cumulative −2,000 through month 6, −1,000 after month 7, 0 after month 8: 8 months.
    # Spread evenly over year 1 (6,000 of benefit) it would have read 4 months.
    res = cdx.evaluate(value_case(start_month=6)).solutions["fix"]
    timeline = res.timeline
    assert timeline.benefit[:9].tolist() == [0.0] * 7 + [1_000.0, 1_000.0]
    assert res.payback_months == pytest.approx(8.0)
    # yearly figures are the sums of their months: 6 × 1,000 in year 1, 12 × 1,000 in year 2
    assert res.benefit.tolist() == pytest.approx([0.0, 6_000.0, 12_000.0])


def test_payback_is_interpolated_within_the_month() -> None:
    # 1,500 up front, 1,000 a month from month 1: 500 still owed after month 1, paid half
    # way through month 2 → 1.5 months
    res = cdx.evaluate(
        value_case(investment=[cdx.InvestmentItem(label="licence", amount=1_500)])
    ).solutions["fix"]
    assert res.payback_months == pytest.approx(1.5)


def test_a_months_to_full_ramp_month_by_month() -> None:
    solution = cdx.Solution(
        id="s", name="S", start_month=2,
        addresses=[cdx.Address(consequence="c", fraction=1.0, months_to_full=4)],
    )  # fmt: skip
    # months 1 and 2 before the start; then 1/4, 2/4, 3/4 of full effect, then full
    effect = effect_by_month(solution, 1)["c"]
    assert effect[:8].tolist() == [0.0, 0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    assert effect.size == 13  # month 0 (the decision) and months 1 … 12


def test_a_yearly_ramp_counts_years_of_operation() -> None:
    # start month 9: operating year 1 is months 10 … 21 at 40 %, then 100 % from month 22
    solution = cdx.Solution(
        id="s", name="S", start_month=9,
        addresses=[cdx.Address(consequence="c", fraction=1.0, ramp=(0.4, 1.0))],
    )  # fmt: skip
    effect = effect_by_month(solution, 2)["c"]
    assert effect[9] == 0.0
    assert effect[10] == effect[21] == 0.4
    assert effect[22] == effect[24] == 1.0


def test_a_one_time_consequence_is_avoided_in_the_month_benefits_begin() -> None:
    # start month 14: the 35,000 audit is avoided once, in month 15 (year 2)
    res = cdx.evaluate(
        value_case(start_month=14, addresses=[cdx.Address(consequence="once", fraction=1.0)])
    ).solutions["fix"]
    flows = res.timeline.benefit_by_consequence["once"]
    assert np.flatnonzero(flows).tolist() == [15]
    assert flows[15] == 35_000.0
    assert res.benefit.tolist() == [0.0, 0.0, 35_000.0]


def test_investments_by_month() -> None:
    solution = cdx.Solution(
        id="s", name="S",
        investment=[cdx.InvestmentItem(label="up front", amount=600),
                    cdx.InvestmentItem(label="phase 2", amount=300, year=2),
                    cdx.InvestmentItem(label="fee", amount=1_200, kind="recurring")],
    )  # fmt: skip
    flows = investment_by_month(solution, 2)
    # 600 at the decision; the fee 1,200 a year is 100 a month; phase 2 in month 13,
    # the first month of year 2
    assert flows[0] == 600.0
    assert flows[1] == flows[12] == 100.0
    assert flows[13] == 400.0
    assert flows[14] == flows[24] == 100.0
    assert math.fsum(flows) == pytest.approx(600 + 300 + 2 * 1_200)


def test_the_timeline_frame_is_part_of_the_evaluation() -> None:
    ev = cdx.evaluate(value_case(start_month=6))
    frame = ev.timeline("fix")
    assert frame.index.names == ["solution", "month"]
    assert len(frame) == 25  # months 0 … 24
    # month 8: year 1, full effect, 1,000 of benefit, cumulative −2,000 + 2 × 1,000 = 0
    row = frame.loc[("fix", 8)]
    assert row["year"] == 1
    assert row["effect:c"] == 1.0
    assert row["benefit:c"] == row["benefit"] == 1_000.0
    assert row["cumulative"] == pytest.approx(0.0)
    assert "within that month" in frame.attrs["payback"]
    assert "yearly" in frame.attrs["discounting"]
    with pytest.raises(cdx.CostdxError, match="no solution 'nope'"):
        ev.timeline("nope")


def test_year_of_month() -> None:
    # month 0 is the decision (year 0); months 1 … 12 are year 1, 13 … 24 year 2
    assert [year_of_month(m) for m in (0, 1, 12, 13, 24, 25)] == [0, 1, 1, 2, 2, 3]


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(0, 30),
    ramp=st.one_of(
        st.none(),
        st.integers(1, 18).map(lambda m: {"months_to_full": m}),
        st.lists(st.floats(0, 1), min_size=1, max_size=3).map(lambda r: {"ramp": tuple(r)}),
    ),
    fraction=st.floats(0, 1),
    horizon=st.integers(1, 4),
)
def test_years_are_the_sums_of_their_months(
    start: int, ramp: dict[str, Any] | None, fraction: float, horizon: int
) -> None:
    address = cdx.Address(consequence="c", fraction=fraction, **(ramp or {}))
    solution = cdx.Solution(
        id="fix", name="Fix", start_month=start, addresses=[address],
        investment=[cdx.InvestmentItem(label="a", amount=500),
                    cdx.InvestmentItem(label="b", amount=240, kind="recurring")],
    )  # fmt: skip
    vc = cdx.ValueCase(diagnosis=loss_case(), solutions=[solution], horizon_years=horizon)
    res = cdx.evaluate(vc).solutions["fix"]
    t = res.timeline
    months = t.benefit[1:].reshape(horizon, 12).sum(axis=1)
    assert res.benefit[1:] == pytest.approx(months, abs=1e-9)
    invested = t.investment[1:].reshape(horizon, 12).sum(axis=1)
    assert res.investment[1:] == pytest.approx(invested, abs=1e-9)
    assert res.investment[0] == t.investment[0]
    # the yearly mean effect is what ramp_factors reports
    factors = cdx.value.ramp_factors(solution, horizon)["c"]
    assert factors == pytest.approx(t.effect["c"][1:].reshape(horizon, 12).mean(axis=1))


def test_what_if_the_start_slips_or_every_fraction_were_whole() -> None:
    ev = cdx.evaluate(value_case(start_month=6, addresses=[
        cdx.Address(consequence="c", fraction=0.5)]))  # fmt: skip
    # slipping a month moves the first 500 of benefit from month 7 to month 8
    slipped = ev.what_if("fix", slip=1)
    assert slipped.benefit[7:9].tolist() == [0.0, 500.0]
    # the slip cost: 500 of year 1's benefit lost, discounted one year at 10 %
    assert ev.solutions["fix"].slip_cost_per_month == pytest.approx(500 / 1.1)
    # at a fraction of 100 % every month's benefit doubles: 1,000 from month 7
    assert ev.what_if("fix", fraction=1.0).benefit[7] == 1_000.0
    with pytest.raises(cdx.CostdxError, match="slip must be a whole number"):
        ev.what_if("fix", slip=-1)
    with pytest.raises(cdx.CostdxError, match="no solution 'nope'"):
        ev.what_if("nope")
