"""Tests of costdx.finance against Microsoft's documented Excel examples.

Every expected number below comes from Microsoft's Excel documentation (the source is
named in a comment) or from hand arithmetic shown in the comment; none comes from running
the code under test.
"""

from __future__ import annotations

import doctest
import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costdx.errors import FinanceError
from costdx.finance import (
    IRRArrayResult,
    IRRResult,
    fv,
    irr,
    npv,
    payback,
    pmt,
    pv,
    xirr,
    xnpv,
)
from costdx.finance import _irr as irr_module
from costdx.finance import _payback as payback_module
from costdx.finance import _tvm as tvm_module

CENT = 0.005  # "round to the cent": Microsoft states these results to 2 decimals

# Microsoft, "XNPV function" and "XIRR function" examples (same flows and dates).
X_VALUES = [-10_000.0, 2_750.0, 4_250.0, 3_250.0, 2_750.0]
X_DATES = [
    date(2008, 1, 1),
    date(2008, 3, 1),
    date(2008, 10, 30),
    date(2009, 2, 15),
    date(2009, 4, 1),
]

# Microsoft, "IRR function" example data.
IRR_FLOWS = [-70_000.0, 12_000.0, 15_000.0, 18_000.0, 21_000.0, 26_000.0]


def untyped(x: object) -> Any:
    """Pass a deliberately wrong argument past the type checker."""
    return x


def relative_residual(rate: float, values: list[float]) -> float:
    """|NPV at rate| over the NPV of the absolute flows: 0 at an exact root."""
    size = npv(rate, [abs(v) for v in values], t0=True)
    return abs(npv(rate, values, t0=True)) / size


def root_tolerance(rate: float, values: list[float]) -> float:
    """Tolerance for relative_residual at a root.

    1e-8 (the library's acceptance test) plus what storing the rate as a float costs:
    1 + rate is known to 1.1e-16 absolute, so to 1.1e-16 / (1 + rate) relative, and a
    flow at period i moves by i times that. Only matters for rates within ~1e-8 of -1.
    """
    return 1e-8 + 2 * len(values) * 1.2e-16 / (1.0 + rate)


# --------------------------------------------------------------------------- doctests


def test_docstring_examples_run() -> None:
    for module in (tvm_module, irr_module, payback_module):
        result = doctest.testmod(module, verbose=False)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0, module.__name__


# --------------------------------------------------------------------------- NPV


def test_npv_microsoft_example_1() -> None:
    # support.microsoft.com, "NPV function", example 1: =NPV(10%, -10000, 3000, 4200, 6800)
    # -> $1,188.44 (the -10,000 is "one year from today", so it is discounted too).
    assert npv(0.10, [-10_000, 3_000, 4_200, 6_800]) == pytest.approx(1188.44, abs=CENT)


def test_npv_microsoft_example_2_investment_today() -> None:
    # support.microsoft.com, "NPV function", example 2: rate 8 %, investment -40,000 at
    # the start, returns 8,000, 9,200, 10,000, 12,000, 14,500.
    # =NPV(A2, A4:A8) + A3 -> $1,922.06
    flows = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]
    assert npv(0.08, flows, t0=True) == pytest.approx(1922.06, abs=CENT)
    assert npv(0.08, flows[1:]) + flows[0] == pytest.approx(1922.06, abs=CENT)
    # =NPV(A2, A4:A8, -9000) + A3 -> -$3,749.47 (a loss of 9,000 in year 6)
    assert npv(0.08, [*flows, -9_000], t0=True) == pytest.approx(-3749.47, abs=CENT)


def test_npv_t0_identity_is_exact() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        flows = rng.normal(size=int(rng.integers(2, 12))) * 1000
        rate = float(rng.uniform(-0.5, 0.5))
        assert npv(rate, flows, t0=True) == flows[0] + npv(rate, flows[1:])


def test_npv_hand_arithmetic() -> None:
    # 110 / 1.1 = 100 and 121 / 1.1**2 = 100: NPV(10 %, 110, 121) = 200.
    assert npv(0.10, [110, 121]) == pytest.approx(200.0, rel=1e-12)
    # rate 0: a plain sum.
    assert npv(0.0, [1, 2, 3]) == 6.0
    assert npv(0.0, [1, 2, 3], t0=True) == 6.0
    # a single value at t0 is not discounted.
    assert npv(0.5, [-7.0], t0=True) == -7.0


def test_npv_scalars_give_python_float() -> None:
    assert type(npv(0.1, [1.0, 2.0])) is float
    assert type(npv(np.float64(0.1), np.array([1.0, 2.0]))) is float


def test_npv_vectorised_rows_match_scalar() -> None:
    rng = np.random.default_rng(1)
    flows = rng.normal(size=(50, 7)) * 1000
    rates = rng.uniform(-0.5, 1.0, size=50)
    for t0 in (False, True):
        one_rate = npv(0.07, flows, t0=t0)
        per_row = npv(rates, flows, t0=t0)
        assert isinstance(one_rate, np.ndarray)
        assert isinstance(per_row, np.ndarray)
        assert one_rate.shape == per_row.shape == (50,)
        for i in range(50):
            assert one_rate[i] == pytest.approx(npv(0.07, flows[i], t0=t0), rel=1e-12, abs=1e-9)
            assert per_row[i] == pytest.approx(
                npv(float(rates[i]), flows[i], t0=t0), rel=1e-12, abs=1e-9
            )


def test_npv_many_rates_for_one_cash_flow() -> None:
    rates = np.array([0.0, 0.1, 0.2])
    out = npv(rates, [-100, 60, 60], t0=True)
    assert isinstance(out, np.ndarray)
    assert out.shape == (3,)
    for i, r in enumerate(rates):
        assert out[i] == pytest.approx(npv(float(r), [-100, 60, 60], t0=True), rel=1e-12)


def test_npv_monte_carlo_sized_input() -> None:
    flows = np.tile([-100.0, 60.0, 60.0], (100_000, 1))
    out = npv(0.1, flows, t0=True)
    assert isinstance(out, np.ndarray)
    assert out.shape == (100_000,)
    assert np.allclose(out, -100 + 60 / 1.1 + 60 / 1.21)


# --------------------------------------------------------------------------- XNPV


def test_xnpv_microsoft_example() -> None:
    # support.microsoft.com, "XNPV function": =XNPV(.09, A2:A6, B2:B6) -> $2,086.65
    assert xnpv(0.09, X_VALUES, X_DATES) == pytest.approx(2086.65, abs=CENT)


def test_xnpv_accepts_datetime64_and_rows() -> None:
    as_np = np.array([d.isoformat() for d in X_DATES], dtype="datetime64[D]")
    assert xnpv(0.09, X_VALUES, as_np) == xnpv(0.09, X_VALUES, X_DATES)
    rows = np.array([X_VALUES, [-1.0, 0.0, 0.0, 0.0, 1.0]])
    out = xnpv(0.09, rows, X_DATES)
    assert isinstance(out, np.ndarray)
    assert out[0] == pytest.approx(xnpv(0.09, X_VALUES, X_DATES), rel=1e-12)
    # hand arithmetic: 2008-01-01 to 2009-04-01 is 366 + 90 = 456 days.
    assert out[1] == pytest.approx(-1.0 + 1.09 ** (-456 / 365), rel=1e-12)


def test_xnpv_dates_need_not_be_sorted_after_the_first() -> None:
    shuffled = [0, 3, 1, 4, 2]
    values = [X_VALUES[i] for i in shuffled]
    dates = [X_DATES[i] for i in shuffled]
    assert xnpv(0.09, values, dates) == pytest.approx(xnpv(0.09, X_VALUES, X_DATES), rel=1e-12)


def test_xnpv_matches_npv_on_365_day_steps() -> None:
    # With dates exactly 365 days apart XNPV's exponents are 0, 1, 2, ...
    dates = [date(2001, 1, 1) + timedelta(days=365 * i) for i in range(4)]
    flows = [-100.0, 40.0, 50.0, 60.0]
    assert xnpv(0.12, flows, dates) == pytest.approx(npv(0.12, flows, t0=True), rel=1e-12)


# --------------------------------------------------------------------------- IRR


def test_irr_microsoft_examples() -> None:
    # support.microsoft.com, "IRR function":
    # =IRR(A2:A6) (first four years) -> -2.1 %  (documented as -0.0212 to 4 places)
    result = irr(IRR_FLOWS[:5])
    assert result.status == "ok"
    assert result.rate == pytest.approx(-0.0212, abs=5e-5)
    # =IRR(A2:A7) (five years) -> 8.7 %  (0.0866)
    assert irr(IRR_FLOWS).rate == pytest.approx(0.0866, abs=5e-5)
    # =IRR(A2:A4, -10%) (two years, guess -10 %) -> -44.4 %  (-0.4435)
    assert irr(IRR_FLOWS[:3], guess=-0.10).rate == pytest.approx(-0.4435, abs=5e-5)


def test_irr_result_type() -> None:
    result = irr(IRR_FLOWS)
    assert isinstance(result, IRRResult)
    assert float(result) == result.rate
    assert result.roots == (result.rate,)
    with pytest.raises(AttributeError):
        result.rate = 0.0  # type: ignore[misc]


def test_irr_hand_arithmetic() -> None:
    # -100 now, +121 in two periods: 100 * 1.1**2 = 121, so the IRR is 10 %.
    assert irr([-100, 0, 121]).rate == pytest.approx(0.10, abs=1e-12)
    # -100 now, +100 later: 0 %.
    assert irr([-100, 100]).rate == pytest.approx(0.0, abs=1e-12)


def test_irr_no_root_for_one_signed_flows() -> None:
    for flows in ([100, 50, 25], [-1, -2, -3], [0, 0, 0], [5.0], [0, 10, 0]):
        result = irr(flows)
        assert result.status == "no_root"
        assert math.isnan(result.rate)
        assert result.roots == ()


def test_irr_no_root_with_two_sign_changes() -> None:
    # 1 - y + y**2 (y = 1 + rate) has discriminant 1 - 4 < 0: no real root at all.
    result = irr([1, -1, 1])
    assert result.status == "no_root"
    assert math.isnan(result.rate)


def test_irr_multiple_roots() -> None:
    # Hand arithmetic: with y = 1 + rate, -100 y**2 + 230 y - 132 = 0 at y = 1.1
    # (-121 + 253 - 132 = 0) and y = 1.2 (-144 + 276 - 132 = 0): roots 10 % and 20 %.
    result = irr([-100, 230, -132])
    assert result.status == "multiple_roots"
    assert result.roots == pytest.approx((0.10, 0.20), abs=1e-9)
    # Newton from the default guess of 10 % stays at 10 %, as Excel's IRR does;
    # a guess of 25 % reaches 20 %.
    assert result.rate == pytest.approx(0.10, abs=1e-9)
    assert irr([-100, 230, -132], guess=0.25).rate == pytest.approx(0.20, abs=1e-9)


def test_irr_double_root_is_one_root() -> None:
    # -100 + 200 x - 100 x**2 = -100 (1 - x)**2: one (double) root at 0 %.
    result = irr([-100, 200, -100])
    assert result.status == "ok"
    assert result.rate == pytest.approx(0.0, abs=1e-6)


def test_irr_not_converged_beyond_the_search_range() -> None:
    # -1 now, +1e15 next period: the IRR is 1e15 - 1, beyond the 1e13 search limit.
    result = irr([-1, 1e15])
    assert result.status == "not_converged"
    assert math.isnan(result.rate)


def test_irr_extreme_but_in_range() -> None:
    # -1e6 then +1: 1 + rate = 1e-6 (hand arithmetic).
    assert irr([-1e6, 1]).rate == pytest.approx(-0.999999, rel=1e-9)
    # -1 then +1e6: rate = 999,999.
    assert irr([-1, 1e6]).rate == pytest.approx(999_999.0, rel=1e-9)


def test_irr_vectorised_matches_scalar() -> None:
    rng = np.random.default_rng(3)
    flows = rng.normal(size=(300, 6)) * 100
    flows[:, 0] -= 200
    flows[:, 1:] += 40
    flows[:3] = [[-100, 230, -132, 0, 0, 0], [10, 20, 30, 40, 50, 60], [1, -1, 1, 0, 0, 0]]
    result = irr(flows)
    assert isinstance(result, IRRArrayResult)
    assert result.rate.shape == result.status.shape == (300,)
    assert set(result.status.tolist()) >= {"ok", "multiple_roots", "no_root"}
    for i in range(300):
        one = irr(flows[i])
        assert result.status[i] == one.status
        if math.isnan(one.rate):
            assert math.isnan(result.rate[i])
        else:
            assert result.rate[i] == pytest.approx(one.rate, rel=1e-10, abs=1e-12)


def test_irr_array_result_shape_and_read_only() -> None:
    flows = np.array([[[-100.0, 110.0], [-100.0, 120.0]], [[1.0, 1.0], [-1.0, 2.0]]])
    result = irr(flows)
    assert isinstance(result, IRRArrayResult)
    assert result.rate.shape == (2, 2)
    assert result.status.tolist() == [["ok", "ok"], ["no_root", "ok"]]
    # hand arithmetic: 110/100 - 1, 120/100 - 1, 2/1 - 1
    assert result.rate[0, 0] == pytest.approx(0.10, abs=1e-12)
    assert result.rate[0, 1] == pytest.approx(0.20, abs=1e-12)
    assert result.rate[1, 1] == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(ValueError, match="read-only"):
        result.rate[0, 0] = 0.0


one_sign_change = st.builds(
    lambda first, negatives, positives: [-first, *(-x for x in negatives), *positives],
    st.floats(1.0, 1e6),
    st.lists(st.one_of(st.just(0.0), st.floats(1.0, 1e6)), max_size=5),
    st.lists(st.one_of(st.just(0.0), st.floats(1.0, 1e6)), min_size=1, max_size=12).filter(
        lambda xs: any(x > 0 for x in xs)
    ),
)


@given(one_sign_change)
@settings(max_examples=300, deadline=None)
def test_irr_exists_for_conventional_flows(flows: list[float]) -> None:
    # Descartes: one sign change means exactly one root in (-1, inf).
    result = irr(flows)
    assert result.status == "ok"
    assert relative_residual(result.rate, flows) <= root_tolerance(result.rate, flows)


@given(
    st.lists(
        st.one_of(st.just(0.0), st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=10
    ),
    st.floats(-0.9, 1.0),
)
@settings(max_examples=300, deadline=None)
def test_irr_rate_is_a_root_whenever_found(flows: list[float], guess: float) -> None:
    result = irr(flows, guess=guess)
    if result.status in ("ok", "multiple_roots"):
        assert relative_residual(result.rate, flows) <= root_tolerance(result.rate, flows)
        for root in result.roots:
            assert relative_residual(root, flows) <= root_tolerance(root, flows)
        assert result.rate in result.roots
        assert (len(result.roots) >= 2) == (result.status == "multiple_roots")
    else:
        assert math.isnan(result.rate)
        assert result.roots == ()


@given(st.lists(one_sign_change, min_size=1, max_size=6))
@settings(max_examples=50, deadline=None)
def test_irr_rows_equal_scalar_results(rows: list[list[float]]) -> None:
    width = max(len(r) for r in rows)
    flows = np.array([r + [0.0] * (width - len(r)) for r in rows])
    result = irr(flows)
    assert isinstance(result, IRRArrayResult)
    for i, row in enumerate(flows):
        one = irr(row)
        assert result.status[i] == one.status
        assert result.rate[i] == pytest.approx(one.rate, rel=1e-10, abs=1e-12)


# --------------------------------------------------------------------------- XIRR


def test_xirr_microsoft_example() -> None:
    # support.microsoft.com, "XIRR function": =XIRR(A3:A7, B3:B7, 0.1) -> 0.373362535
    # (37.34 %). Excel stops within its documented accuracy of 0.000001 % (1e-8).
    result = xirr(X_VALUES, X_DATES)
    assert result.status == "ok"
    assert result.rate == pytest.approx(0.373362535, abs=1e-8)
    assert xnpv(result.rate, X_VALUES, X_DATES) == pytest.approx(0.0, abs=1e-6)


def test_xirr_hand_arithmetic_and_statuses() -> None:
    # 365 days apart, so exponents are 0, 1, 2: same roots as IRR (10 % and 20 %).
    d = [date(2001, 1, 1), date(2002, 1, 1), date(2003, 1, 1)]
    assert xirr([-100, 0, 121], d).rate == pytest.approx(0.10, abs=1e-12)
    many = xirr([-100, 230, -132], d)
    assert many.status == "multiple_roots"
    assert many.roots == pytest.approx((0.10, 0.20), abs=1e-9)
    assert xirr([100, 50, 10], d).status == "no_root"
    # Flows on the same date add up: -100 and +30 on day 0 are -70 then +77 a year later.
    same_day = [date(2001, 1, 1), date(2001, 1, 1), date(2002, 1, 1)]
    assert xirr([-100, 30, 77], same_day).rate == pytest.approx(0.10, abs=1e-12)


def test_xirr_vectorised_matches_scalar() -> None:
    rng = np.random.default_rng(5)
    flows = rng.normal(size=(100, 5)) * 3000
    flows[:, 0] -= 10_000
    flows[:, 1:] += 2500
    result = xirr(flows, X_DATES)
    assert isinstance(result, IRRArrayResult)
    for i in range(100):
        one = xirr(flows[i], X_DATES)
        assert result.status[i] == one.status
        if math.isnan(one.rate):
            assert math.isnan(result.rate[i])
        else:
            assert result.rate[i] == pytest.approx(one.rate, rel=1e-10, abs=1e-12)


small_one_sign_change = st.builds(
    lambda first, negatives, positives: [-first, *(-x for x in negatives), *positives],
    st.floats(1.0, 1e3),
    st.lists(st.one_of(st.just(0.0), st.floats(1.0, 1e3)), max_size=4),
    st.lists(st.one_of(st.just(0.0), st.floats(1.0, 1e3)), min_size=1, max_size=8).filter(
        lambda xs: any(x > 0 for x in xs)
    ),
)


@given(small_one_sign_change, st.lists(st.integers(180, 400), min_size=12, max_size=12))
@settings(max_examples=100, deadline=None)
def test_xirr_exists_for_conventional_flows(flows: list[float], gaps: list[int]) -> None:
    # One sign change: exactly one root in (-1, inf) (Laguerre's rule). Flows and gaps are
    # bounded so that the root is inside the searched range: a flow that doubles in one
    # day has an XIRR of 2**365 - 1, which no float search reaches.
    dates = [date(2020, 1, 1)]
    for gap in gaps[: len(flows) - 1]:
        dates.append(dates[-1] + timedelta(days=gap))
    result = xirr(flows, dates)
    assert result.status == "ok"
    size = xnpv(result.rate, [abs(v) for v in flows], dates)
    assert abs(xnpv(result.rate, flows, dates)) <= 1e-8 * size


# --------------------------------------------------------------------------- PMT, PV, FV


def test_pmt_microsoft_examples() -> None:
    # support.microsoft.com, "PMT function":
    # =PMT(A2/12, A3, A4) with 8 %, 10 months, 10,000 -> ($1,037.03)
    assert pmt(0.08 / 12, 10, 10_000) == pytest.approx(-1037.03, abs=CENT)
    # =PMT(A2/12, A3, A4, 0, 1) -> ($1,030.16)
    assert pmt(0.08 / 12, 10, 10_000, 0, when="begin") == pytest.approx(-1030.16, abs=CENT)
    # =PMT(A12/12, A13*12, 0, A14) with 6 %, 18 years, 50,000 -> ($129.08)
    assert pmt(0.06 / 12, 18 * 12, 0, 50_000) == pytest.approx(-129.08, abs=CENT)


def test_pv_microsoft_example() -> None:
    # support.microsoft.com, "PV function": =PV(A3/12, 12*A4, A2, , 0) with 500 a month,
    # 8 %, 20 years -> ($59,777.15)
    assert pv(0.08 / 12, 12 * 20, 500, 0) == pytest.approx(-59777.15, abs=CENT)


def test_fv_microsoft_examples() -> None:
    # support.microsoft.com, "FV function":
    # =FV(A2/12, A3, A4, A5, A6): 6 %, 10 payments of -200, pv -500, type 1 -> $2,581.40
    assert fv(0.06 / 12, 10, -200, -500, when="begin") == pytest.approx(2581.40, abs=CENT)
    # =FV(A9/12, A10, A11): 12 %, 12 payments of -1,000 -> $12,682.50
    assert fv(0.12 / 12, 12, -1_000) == pytest.approx(12682.50, abs=CENT)
    # =FV(A15/12, A16, A17, , A18): 11 %, 35 payments of -2,000, type 1 -> $82,846.25
    assert fv(0.11 / 12, 35, -2_000, 0, when="begin") == pytest.approx(82846.25, abs=CENT)


def test_annuities_at_zero_rate() -> None:
    # rate 0: pv + pmt * nper + fv = 0
    assert pmt(0, 10, 1_000) == -100.0
    assert pmt(0, 10, 1_000, 500, when="begin") == -150.0
    assert pv(0, 10, -100) == 1_000.0
    assert fv(0, 10, -100, -1_000) == 2_000.0


def test_annuity_hand_arithmetic() -> None:
    # One period at 10 %: borrow 100, repay 110 at the end, or 100 at the start.
    assert pmt(0.1, 1, 100) == pytest.approx(-110.0, rel=1e-12)
    assert pmt(0.1, 1, 100, when="begin") == pytest.approx(-100.0, rel=1e-12)
    # Two payments of 100 at 10 %: FV = 100 * 1.1 + 100 = 210.
    assert fv(0.1, 2, -100) == pytest.approx(210.0, rel=1e-12)


def test_annuities_are_consistent_and_continuous_at_zero() -> None:
    for when in ("end", "begin"):
        for rate in (-0.5, -1e-9, 1e-12, 0.01, 0.3):
            payment = pmt(rate, 24, 5_000, -1_000, when=when)
            assert fv(rate, 24, payment, 5_000, when=when) == pytest.approx(-1_000, abs=1e-6)
            assert pv(rate, 24, payment, -1_000, when=when) == pytest.approx(5_000, abs=1e-6)
    assert pmt(1e-12, 12, 1_200) == pytest.approx(pmt(0.0, 12, 1_200), rel=1e-9)


def test_annuities_broadcast() -> None:
    rates = np.array([0.0, 0.01, 0.02])
    out = pmt(rates, 12, 1_000)
    assert isinstance(out, np.ndarray)
    for i, r in enumerate(rates):
        assert out[i] == pmt(float(r), 12, 1_000)
    grid = fv(rates[:, np.newaxis], np.array([1, 2]), -100)
    assert isinstance(grid, np.ndarray)
    assert grid.shape == (3, 2)
    assert grid[2, 1] == fv(0.02, 2, -100)
    assert type(pv(0.1, 3, 1)) is float


# --------------------------------------------------------------------------- payback


def test_payback_hand_arithmetic() -> None:
    # -100, 30, 30, 60: cumulative -100, -70, -40, +20; 40 of period 3's 60 is needed,
    # so payback = 2 + 40/60 periods (values[0] at t = 0).
    assert payback([-100, 30, 30, 60]) == pytest.approx(2 + 40 / 60, rel=1e-12)
    # With values[0] at the end of period 1 everything moves one period later.
    assert payback([-100, 30, 30, 60], t0=False) == pytest.approx(3 + 40 / 60, rel=1e-12)
    # Exactly paid back at the end of period 2: -100 + 50 + 50 = 0.
    assert payback([-100, 50, 50, 10]) == 2.0
    # -0.3 + 0.1 + 0.1 + 0.1 is 0 on paper (floating point gives -2.8e-17).
    assert payback([-0.3, 0.1, 0.1, 0.1]) == pytest.approx(3.0, rel=1e-12)


def test_payback_conventions() -> None:
    # Never recovered: -100 + 30 + 30 = -40.
    assert math.isnan(payback([-100, 30, 30]))
    # Never negative: nothing to pay back.
    assert payback([10, 20]) == 0.0
    assert payback([0, 0]) == 0.0
    # Positive first, then negative: cumulative 50, -50, +30; first negative in period 1,
    # recovered 50/80 of the way through period 2: 1 + 50/80.
    assert payback([50, -100, 80]) == pytest.approx(1 + 50 / 80, rel=1e-12)
    # A later dip below zero does not move the first payback: cumulative -100, +50, -50,
    # +10 pays back 100/150 of the way through period 1.
    assert payback([-100, 150, -100, 60]) == pytest.approx(100 / 150, rel=1e-12)


def test_payback_vectorised_matches_scalar() -> None:
    rng = np.random.default_rng(11)
    flows = rng.normal(size=(200, 6)) * 50
    flows[:, 0] -= 100
    flows[:, 1:] += 20
    for t0 in (True, False):
        out = payback(flows, t0=t0)
        assert isinstance(out, np.ndarray)
        for i in range(200):
            one = payback(flows[i], t0=t0)
            assert out[i] == one or (math.isnan(out[i]) and math.isnan(one))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: npv(0.1, []), r"values is empty"),
        (lambda: npv(0.1, [[]]), r"values is empty"),
        (lambda: npv(0.1, 5.0), r"values must be a sequence.*5\.0"),
        (lambda: npv(0.1, [1.0, float("nan")]), r"values\[1\] is nan"),
        (lambda: npv(0.1, [[1.0, 2.0], [3.0, float("inf")]]), r"values\[1, 1\] is inf"),
        (lambda: npv(0.1, ["a", "b"]), r"values must be numeric"),
        (lambda: npv(0.1, [[1.0, 2.0], [3.0]]), r"values must be numeric"),
        (lambda: npv(-1.0, [1.0]), r"rate must be greater than -1.*-1\.0"),
        (lambda: npv(-1.5, [1.0]), r"rate.*-1\.5"),
        (lambda: npv([0.1, -2.0], [1.0]), r"rate\[1\] is -2\.0"),
        (lambda: npv(float("nan"), [1.0]), r"rate must be finite.*nan"),
        (lambda: npv(np.zeros(3), np.ones((2, 4))), r"rate with shape \(3,\)"),
        (lambda: xnpv(0.1, X_VALUES, X_DATES[:4]), r"dates has 4 entries.*5"),
        (lambda: xnpv(-1.0, X_VALUES, X_DATES), r"rate.*-1\.0"),
        (lambda: xnpv(0.1, [], []), r"values is empty"),
        (lambda: xnpv(0.1, [1.0, float("nan")], X_DATES[:2]), r"values\[1\] is nan"),
        (
            lambda: xnpv(
                0.1, [-1.0, 1.0, 1.0], [date(2020, 1, 2), date(2020, 1, 3), date(2020, 1, 1)]
            ),
            r"dates\[2\] \(2020-01-01\) is before the first date",
        ),
        (lambda: xnpv(0.1, [1.0, 2.0], untyped([1, 2])), r"dates must be datetime"),
        (
            lambda: xnpv(0.1, [1.0, 2.0], np.array(["2020-01-01", "NaT"], dtype="datetime64[D]")),
            r"dates\[1\] is missing",
        ),
        (lambda: xnpv(0.1, [1.0, 2.0], untyped([X_DATES[:2]])), r"dates must be one-dimensional"),
        (lambda: irr([]), r"values is empty"),
        (lambda: irr([-1.0, float("inf")]), r"values\[1\] is inf"),
        (lambda: irr([-1.0, 2.0], guess=-1.0), r"guess must be greater than -1.*-1\.0"),
        (lambda: irr([-1.0, 2.0], guess=float("nan")), r"guess must be finite"),
        (lambda: irr([-1.0, 2.0], guess=untyped([0.1, 0.2])), r"guess must be a single number"),
        (lambda: xirr([], []), r"values is empty"),
        (lambda: xirr(X_VALUES, X_DATES[:3]), r"dates has 3 entries"),
        (lambda: xirr(X_VALUES, X_DATES[::-1]), r"dates\[1\] .* is before the first date"),
        (lambda: xirr(X_VALUES, X_DATES, guess=-3.0), r"guess.*-3\.0"),
        (lambda: pmt(0.1, 0, 100), r"nper must not be 0"),
        (lambda: pmt(-1.0, 10, 100), r"rate.*-1\.0"),
        (lambda: pmt(0.1, 10, float("nan")), r"pv must be finite"),
        (lambda: pmt(0.1, 10, 100, when=untyped("start")), r"'end' or 'begin'.*'start'"),
        (lambda: pv(-1.2, 10, 100), r"rate.*-1\.2"),
        (lambda: pv(0.1, float("inf"), 100), r"nper must be finite"),
        (lambda: pv(0.1, 10, 100, when=untyped(1)), r"when must be.*1"),
        (lambda: fv(-1.0, 10, 100), r"rate.*-1\.0"),
        (lambda: fv(0.1, 10, float("-inf")), r"pmt must be finite"),
        (lambda: fv(0.1, 10, 1, when=untyped("BEGIN")), r"when must be"),
        (lambda: payback([]), r"values is empty"),
        (lambda: payback([-1.0, float("nan")]), r"values\[1\] is nan"),
    ],
)
def test_bad_input_raises_finance_error(call: object, pattern: str) -> None:
    assert callable(call)
    with pytest.raises(FinanceError, match=pattern):
        call()


def test_finance_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="rate"):
        npv(-5, [1.0])
