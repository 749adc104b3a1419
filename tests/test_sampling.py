"""Tests of costdx.engine.sampling: exact-in-distribution quantile samplers, LHS, Iman–Conover.

Expected values come from the distributions' analytic formulas written out here (or from
scipy.stats built from those formulas), never from running the code under test.
"""

from __future__ import annotations

import doctest
import importlib.util
import math
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from costdx.engine import sampling
from costdx.engine.sampling import (
    TABLE_BINS,
    LogNormal90Marginal,
    Marginal,
    Normal90Marginal,
    PertMarginal,
    TriangularMarginal,
    UniformMarginal,
    gaussian_copula,
    iman_conover,
    marginal,
    normal_scores,
    pearson_factor,
    uniforms,
)
from costdx.errors import CostdxError

Z95 = 1.6448536269514722  # Φ⁻¹(0.95)
N_KS = 1_000_000


# ---------------------------------------------------------------------------------------
# Reference distributions, from the conventions' formulas
# ---------------------------------------------------------------------------------------


def reference(kind: str, params: tuple[float, ...]) -> stats.rv_continuous:
    """scipy.stats frozen distribution built from the documented conventions."""
    if kind == "pert":
        a, m, b = params
        alpha = 1 + 4 * (m - a) / (b - a)
        beta = 1 + 4 * (b - m) / (b - a)
        return stats.beta(alpha, beta, loc=a, scale=b - a)
    if kind == "triangular":
        a, m, b = params
        return stats.triang(c=(m - a) / (b - a), loc=a, scale=b - a)
    if kind == "uniform":
        a, b = params
        return stats.uniform(loc=a, scale=b - a)
    if kind == "normal90":
        a, b = params
        return stats.norm(loc=(a + b) / 2, scale=(b - a) / (2 * Z95))
    if kind == "lognormal90":
        a, b = params
        mu = (math.log(a) + math.log(b)) / 2
        sigma = (math.log(b) - math.log(a)) / (2 * Z95)
        return stats.lognorm(s=sigma, scale=math.exp(mu))
    raise AssertionError(kind)


def analytic_mean_sd(kind: str, params: tuple[float, ...]) -> tuple[float, float]:
    """Mean and standard deviation from the closed-form moment formulas."""
    if kind == "pert":
        a, m, b = params
        alpha = 1 + 4 * (m - a) / (b - a)
        beta = 1 + 4 * (b - m) / (b - a)
        var = alpha * beta * (b - a) ** 2 / ((alpha + beta) ** 2 * (alpha + beta + 1))
        return (a + 4 * m + b) / 6, math.sqrt(var)
    if kind == "triangular":
        a, c, b = params
        return (a + b + c) / 3, math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18)
    if kind == "uniform":
        a, b = params
        return (a + b) / 2, (b - a) / math.sqrt(12)
    if kind == "normal90":
        a, b = params
        return (a + b) / 2, (b - a) / (2 * Z95)
    if kind == "lognormal90":
        a, b = params
        mu = (math.log(a) + math.log(b)) / 2
        s2 = ((math.log(b) - math.log(a)) / (2 * Z95)) ** 2
        return math.exp(mu + s2 / 2), math.sqrt(math.expm1(s2) * math.exp(2 * mu + s2))
    raise AssertionError(kind)


CASES: list[tuple[str, tuple[float, ...]]] = [
    ("pert", (10.0, 12.0, 20.0)),
    ("pert", (0.0, 0.0, 1.0)),  # α = 1, β = 5
    ("pert", (0.0, 1.0, 1.0)),  # α = 5, β = 1: Beta quantile with infinite slope at 0
    ("pert", (-3.0, 0.0, 3.0)),  # α = β = 3
    ("triangular", (10.0, 12.0, 20.0)),
    ("triangular", (0.0, 0.0, 1.0)),
    ("triangular", (0.0, 1.0, 1.0)),
    ("uniform", (5.0, 9.0)),
    ("normal90", (10.0, 30.0)),
    ("lognormal90", (100.0, 400.0)),
    ("lognormal90", (0.01, 1000.0)),  # σ = 3.5: very skewed
]
CASE_IDS = [f"{k}{p}" for k, p in CASES]
HAS_NUMBA = importlib.util.find_spec("numba") is not None
BACKENDS = [
    "numpy",
    pytest.param("numba", marks=pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed")),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test on each sampling backend in turn (numba only where it imports)."""
    sampling.set_backend(request.param)
    yield request.param
    sampling.set_backend("auto")


KS_CASES = [CASES[i] for i in (0, 2, 4, 7, 8, 9, 10)]  # every kind, plus the extreme shapes


# ---------------------------------------------------------------------------------------
# Exactness in distribution
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "params"), KS_CASES, ids=[f"{k}{p}" for k, p in KS_CASES])
def test_kolmogorov_smirnov_at_one_million_draws(kind: str, params: tuple[float, ...]) -> None:
    # on the default backend; the compiled kernels give these draws to 1e-12
    # (test_numba_and_numpy_give_the_same_draws), so they pass it too
    d = marginal(kind, params)
    exact_cdf = reference(kind, params).cdf
    for seed in range(3):
        rng = np.random.default_rng([KS_CASES.index((kind, params)), seed])
        x = d.ppf(uniforms(rng, N_KS, 1)[0])
        result = stats.kstest(x, exact_cdf)
        assert result.pvalue > 0.001, (seed, result)


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_sample_mean_within_five_standard_errors(kind: str, params: tuple[float, ...]) -> None:
    mean, sd = analytic_mean_sd(kind, params)
    x = marginal(kind, params).ppf(uniforms(np.random.default_rng(7), N_KS, 1)[0])
    assert abs(x.mean() - mean) < 5 * sd / math.sqrt(N_KS)


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_interpolation_error_in_probability_is_far_below_ks_resolution(
    kind: str, params: tuple[float, ...], backend: str
) -> None:
    # Linear interpolation between exact quantile knots i/M is exact at the knots; the
    # worst bin is the second one of a power-law end Q(u) ∝ u^p (PERT with α = 5 has
    # p = 1/5), where max_s (1 + s(2^p − 1))^(1/p) − (1 + s) gives 0.069/M. Bound: 0.1/M,
    # against a KS resolution at n = 10⁶ of about 1.36/√n ≈ 1.4e-3 (≈ 22/M).
    d = marginal(kind, params)
    n = 1 << 19  # 32 points per table bin
    u = (np.arange(n) + 0.5) / n
    u = np.concatenate([u, [1e-300, 1e-12, 1e-7, 1 - 1e-7, 1 - 2.0**-53]])
    err = np.abs(reference(kind, params).cdf(d.ppf(u)) - u)
    assert err.max() < 0.1 / TABLE_BINS


@pytest.mark.parametrize(
    "d", [Normal90Marginal(10.0, 30.0), LogNormal90Marginal(0.5, 8.0)], ids=["normal", "lognormal"]
)
def test_unbounded_tails_are_computed_exactly(d: Marginal, backend: str) -> None:
    u = np.array([1e-300, 1e-15, 1e-9, 1e-4, 2.0**-9, 1 - 2.0**-9, 1 - 1e-9, 1 - 2.0**-53])
    ref = reference(d.kind, d.params).ppf(u)
    np.testing.assert_allclose(d.ppf(u), ref, rtol=1e-12)


def test_extreme_uniforms_map_to_support_ends() -> None:
    assert PertMarginal(10.0, 12.0, 20.0).ppf(np.array([0.0, 1.0])).tolist() == [10.0, 20.0]
    assert TriangularMarginal(10.0, 12.0, 20.0).ppf(np.array([0.0, 1.0])).tolist() == [10.0, 20.0]
    assert UniformMarginal(10.0, 20.0).ppf(np.array([0.0, 1.0])).tolist() == [10.0, 20.0]
    assert Normal90Marginal(0.0, 1.0).ppf(np.array([0.0, 1.0])).tolist() == [-math.inf, math.inf]
    assert LogNormal90Marginal(1.0, 2.0).ppf(np.array([0.0, 1.0])).tolist() == [0.0, math.inf]


@pytest.mark.parametrize(
    "d",
    [
        PertMarginal(0.0, 1.0, 3.0),
        TriangularMarginal(0.0, 1.0, 3.0),
        UniformMarginal(0.0, 3.0),
        Normal90Marginal(0.0, 1.0),
        LogNormal90Marginal(1.0, 2.0),
    ],
    ids=lambda d: d.kind,
)
def test_nan_and_out_of_range_uniforms_give_nan(d: Marginal, backend: str) -> None:
    x = d.ppf(np.array([np.nan, 0.5]))
    assert math.isnan(x[0])
    assert math.isfinite(x[1])
    if d.kind != "uniform":  # the uniform quantile is the affine map, extended
        assert np.isnan(d.ppf(np.array([-0.5, 1.5, 1e300]))).all()


def test_ppf_across_block_boundaries_matches_exact_quantiles() -> None:
    d = PertMarginal(1.0, 2.0, 9.0)
    n = 3 * sampling._BLOCK + 17
    u = np.random.default_rng(3).random(n)
    err = np.abs(reference("pert", (1.0, 2.0, 9.0)).cdf(d.ppf(u)) - u)
    assert err.max() < 0.1 / TABLE_BINS


# ---------------------------------------------------------------------------------------
# Analytic summaries
# ---------------------------------------------------------------------------------------


def test_analytic_means() -> None:
    assert marginal("pert", (10, 12, 20)).mean() == pytest.approx((10 + 48 + 20) / 6)
    assert marginal("triangular", (0, 1, 4)).mean() == pytest.approx(5 / 3)
    assert marginal("uniform", (2, 6)).mean() == 4.0
    assert marginal("normal90", (10, 30)).mean() == 20.0
    assert marginal("lognormal90", (100, 400)).mean() == pytest.approx(
        200 * math.exp((math.log(4) / (2 * Z95)) ** 2 / 2)
    )


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_variance_matches_formula(kind: str, params: tuple[float, ...]) -> None:
    _, sd = analytic_mean_sd(kind, params)
    assert marginal(kind, params).std() == pytest.approx(sd, rel=1e-12)


def test_pert_shape_parameters() -> None:
    d = PertMarginal(10.0, 12.0, 20.0)
    assert (d.alpha, d.beta) == pytest.approx((1 + 4 * 2 / 10, 1 + 4 * 8 / 10))


@pytest.mark.parametrize(("low", "high"), [(10.0, 30.0), (-5.0, -1.0), (0.0, 1e-9)])
def test_normal90_percentiles_5_and_95_are_low_and_high(low: float, high: float) -> None:
    d = Normal90Marginal(low, high)
    scale = max(abs(low), abs(high))
    assert d.percentile(5) == pytest.approx(low, rel=1e-12, abs=1e-12 * scale)
    assert d.percentile(95) == pytest.approx(high, rel=1e-12, abs=1e-12 * scale)
    assert d.median() == pytest.approx((low + high) / 2, abs=1e-15 * scale)
    fast = d.ppf(np.array([0.05, 0.95]))
    z_err = (1 / TABLE_BINS) ** 2 / 8 * Z95 / stats.norm.pdf(Z95) ** 2  # see lognormal test
    np.testing.assert_allclose(
        fast, [low, high], rtol=0, atol=1.01 * z_err * d.sigma + 1e-15 * scale
    )


@pytest.mark.parametrize(("low", "high"), [(100.0, 400.0), (0.01, 1000.0), (1.0, 1.0 + 1e-6)])
def test_lognormal90_percentiles_5_and_95_are_low_and_high(low: float, high: float) -> None:
    d = LogNormal90Marginal(low, high)
    assert d.percentile(5) == pytest.approx(low, rel=1e-12)
    assert d.percentile(95) == pytest.approx(high, rel=1e-12)
    assert d.median() == pytest.approx(math.sqrt(low * high), rel=1e-12)
    # fast path: linear interpolation in z errs by at most h²/8·|Φ⁻¹''| = h²/8·z/φ(z)²
    # (h = 1/M; 7.3e-8 at z = 1.645), i.e. a relative error of σ times that in x.
    z_err = (1 / TABLE_BINS) ** 2 / 8 * Z95 / stats.norm.pdf(Z95) ** 2
    fast = d.ppf(np.array([0.05, 0.95]))
    np.testing.assert_allclose(fast, [low, high], rtol=1.01 * d.sigma * z_err + 1e-15)


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_median_and_percentiles_match_scipy(kind: str, params: tuple[float, ...]) -> None:
    d = marginal(kind, params)
    ref = reference(kind, params)
    assert d.median() == pytest.approx(float(ref.median()), rel=1e-10, abs=1e-12)
    for q in (0.0, 0.1, 1.0, 5.0, 25.0, 37.5, 50.0, 90.0, 99.0, 99.9, 100.0):
        assert d.percentile(q) == pytest.approx(float(ref.ppf(q / 100)), rel=1e-10, abs=1e-12)


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_cdf_matches_scipy(kind: str, params: tuple[float, ...]) -> None:
    ref = reference(kind, params)
    x = ref.ppf(np.linspace(0.0, 1.0, 101))
    x = x[np.isfinite(x)]
    x = np.concatenate([x, [x.min() - 1.0, x.max() + 1.0]])
    np.testing.assert_allclose(marginal(kind, params).cdf(x), ref.cdf(x), atol=1e-13)


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_cdf_at_infinities_and_nan(kind: str, params: tuple[float, ...]) -> None:
    f = marginal(kind, params).cdf(np.array([-math.inf, math.inf, math.nan]))
    assert f[:2].tolist() == [0.0, 1.0]
    assert math.isnan(f[2])


def test_percentile_out_of_range_raises() -> None:
    with pytest.raises(CostdxError, match="percentile"):
        UniformMarginal(0.0, 1.0).percentile(101.0)


# ---------------------------------------------------------------------------------------
# Degenerate estimates
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("pert", (7.0, 7.0, 7.0)),
        ("triangular", (7.0, 7.0, 7.0)),
        ("uniform", (7.0, 7.0)),
        ("normal90", (7.0, 7.0)),
        ("lognormal90", (7.0, 7.0)),
    ],
)
def test_degenerate_estimate_is_the_constant(kind: str, params: tuple[float, ...]) -> None:
    d = marginal(kind, params)
    u = uniforms(np.random.default_rng(0), 1000, 1)[0]
    assert (d.ppf(u) == 7.0).all()
    assert d.ppf_exact(np.array([0.0, 0.5, 1.0])).tolist() == [7.0, 7.0, 7.0]
    assert d.mean() == pytest.approx(7.0)
    assert d.var() == pytest.approx(0.0, abs=1e-12)
    assert d.median() == 7.0
    assert d.percentile(0) == d.percentile(100) == 7.0
    assert d.cdf(np.array([6.9, 7.0, 7.1])).tolist() == [0.0, 1.0, 1.0]


# ---------------------------------------------------------------------------------------
# ppf mechanics and properties
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_ppf_writes_into_out_and_may_work_in_place(kind: str, params: tuple[float, ...]) -> None:
    d = marginal(kind, params)
    u = uniforms(np.random.default_rng(11), 2 * sampling._BLOCK + 3, 2)
    expected = d.ppf(u)
    assert expected.shape == u.shape
    out = np.empty_like(u)
    assert d.ppf(u, out=out) is out
    np.testing.assert_array_equal(out, expected)
    inplace = u.copy()
    d.ppf(inplace, out=inplace)
    np.testing.assert_array_equal(inplace, expected)
    np.testing.assert_array_equal(d.ppf(u[1]), expected[1])


def test_ppf_rejects_bad_out() -> None:
    d = UniformMarginal(0.0, 1.0)
    with pytest.raises(CostdxError, match="out must be"):
        d.ppf(np.zeros(4), out=np.empty(5))
    with pytest.raises(CostdxError, match="out must be"):
        d.ppf(np.zeros(4), out=np.empty(4, dtype=np.float32))


def test_pert_tables_are_shared_between_equal_shapes() -> None:
    # (0, 1, 4) and (10, 12.5, 30) both have α = 2, β = 4.
    assert PertMarginal(0.0, 1.0, 4.0)._table is PertMarginal(10.0, 15.0, 30.0)._table


three_points = st.tuples(st.floats(-1e6, 1e6), st.floats(0.0, 1.0), st.floats(1e-6, 1e6)).map(
    lambda t: (t[0], t[0] + t[1] * t[2], t[0] + t[2])
)


@settings(max_examples=25, deadline=None)
@given(params=three_points, seed=st.integers(0, 2**32 - 1))
def test_bounded_ppf_is_monotone_and_inside_the_support(
    params: tuple[float, float, float], seed: int
) -> None:
    a, m, b = params
    if not a <= m <= b:  # float rounding in the strategy
        return
    u = np.sort(uniforms(np.random.default_rng(seed), 5000, 1)[0])
    u = np.concatenate([[0.0, 2.0**-53, 1e-9], u, [1 - 1e-9, 1 - 2.0**-53, 1.0]])
    for d in (PertMarginal(a, m, b), TriangularMarginal(a, m, b), UniformMarginal(a, b)):
        x = d.ppf(u)
        assert (x >= a).all()
        assert (x <= b).all()
        # non-decreasing up to a last-bit rounding of the interpolation
        assert (np.diff(x) >= -4 * np.spacing(np.maximum(abs(a), abs(b)))).all()


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(1e-3, 1e3),
    ratio=st.floats(1.0 + 1e-6, 1e4),
    q=st.floats(0.001, 0.999),
)
def test_lognormal_fast_and_exact_quantiles_agree(low: float, ratio: float, q: float) -> None:
    d = LogNormal90Marginal(low, low * ratio)
    fast = float(d.ppf(np.array([q]))[0])
    # the body is interpolated in z: the CDF error is that of the normal table
    assert stats.norm.cdf((math.log(fast) - d.mu) / d.sigma) == pytest.approx(q, abs=1e-7)


# ---------------------------------------------------------------------------------------
# Factory and validation
# ---------------------------------------------------------------------------------------


def test_factory_builds_each_kind() -> None:
    assert isinstance(marginal("pert", (1, 2, 3)), PertMarginal)
    assert isinstance(marginal("Triangular", (1, 2, 3)), TriangularMarginal)
    assert isinstance(marginal("uniform", (1, 3)), UniformMarginal)
    assert isinstance(marginal("normal90", (1, 3)), Normal90Marginal)
    assert isinstance(marginal("lognormal90", (1, 3)), LogNormal90Marginal)
    assert marginal("pert", (1, 2, 3)).params == (1.0, 2.0, 3.0)


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("beta", (1, 2), "unknown distribution kind"),
        ("pert", (1, 2), "takes 3 parameters"),
        ("uniform", (1, 2, 3), "takes 2 parameters"),
        ("pert", (1, 4, 3), "low <= likely <= high"),
        ("triangular", (2, 1, 3), "low <= likely <= high"),
        ("uniform", (3, 1), "low <= high"),
        ("normal90", (3, 1), "low <= high"),
        ("lognormal90", (0, 1), "0 < low"),
        ("lognormal90", (-1, 1), "0 < low"),
        ("pert", (0, 1, math.inf), "finite"),
        ("normal90", (math.nan, 1), "finite"),
    ],
)
def test_factory_rejects_bad_input(kind: str, params: tuple[float, ...], message: str) -> None:
    with pytest.raises(CostdxError, match=message):
        marginal(kind, params)


# ---------------------------------------------------------------------------------------
# Uniforms and Latin hypercube
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_uniforms_shape_and_open_interval(method: str) -> None:
    u = uniforms(np.random.default_rng(0), 10_000, 3, method=method)  # type: ignore[arg-type]
    assert u.shape == (3, 10_000)
    assert u.dtype == np.float64
    assert (u > 0).all()
    assert (u < 1).all()
    assert not np.array_equal(u[0], u[1])


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 65_536])
def test_lhs_has_exactly_one_point_per_stratum(n: int) -> None:
    u = uniforms(np.random.default_rng(n), n, 4, method="lhs")
    strata = np.floor(u * n).astype(np.int64)
    for row in strata:
        assert np.array_equal(np.sort(row), np.arange(n))


def test_lhs_rows_are_permuted_independently() -> None:
    u = uniforms(np.random.default_rng(5), 1000, 3, method="lhs")
    order = np.argsort(u, axis=1)
    assert not np.array_equal(order[0], order[1])
    assert not np.array_equal(order[1], order[2])
    assert abs(stats.spearmanr(u[0], u[1]).statistic) < 5 / math.sqrt(1000)


def test_lhs_sample_is_exact_up_to_one_stratum() -> None:
    # With one point per stratum, the empirical CDF of LHS uniforms is within 1/n of the
    # uniform CDF; the sampled KS distance is then at most 1/n + interpolation error.
    n = 200_000
    d = PertMarginal(0.0, 1.0, 1.0)
    x = d.ppf(uniforms(np.random.default_rng(2), n, 1, method="lhs")[0])
    assert stats.kstest(x, reference("pert", (0.0, 1.0, 1.0)).cdf).statistic <= 1 / n + 0.1 / (
        TABLE_BINS
    )


def test_uniforms_edge_cases() -> None:
    rng = np.random.default_rng(0)
    assert uniforms(rng, 0, 2).shape == (2, 0)
    assert uniforms(rng, 0, 2, method="lhs").shape == (2, 0)
    with pytest.raises(CostdxError, match="method"):
        uniforms(rng, 5, 1, method="sobol")  # type: ignore[arg-type]
    with pytest.raises(CostdxError, match="n >= 0"):
        uniforms(rng, -1, 1)


# ---------------------------------------------------------------------------------------
# Iman–Conover
# ---------------------------------------------------------------------------------------

TARGETS = [
    [[1.0, 0.5], [0.5, 1.0]],
    [[1.0, -0.7], [-0.7, 1.0]],
    [[1.0, 0.9], [0.9, 1.0]],
    [[1.0, 0.0], [0.0, 1.0]],
    [[1.0, 0.5, 0.3], [0.5, 1.0, 0.2], [0.3, 0.2, 1.0]],
    [[1.0, -0.4, 0.6], [-0.4, 1.0, -0.3], [0.6, -0.3, 1.0]],
    [[1.0, 0.8, 0.8], [0.8, 1.0, 0.8], [0.8, 0.8, 1.0]],
]


@pytest.mark.parametrize("method", ["random", "lhs"])
@pytest.mark.parametrize("target", TARGETS, ids=[str(t) for t in TARGETS])
def test_iman_conover_hits_the_spearman_target(target: list[list[float]], method: str) -> None:
    n = 10_000
    k = len(target)
    u = uniforms(np.random.default_rng(k * 10 + 1), n, k, method=method)  # type: ignore[arg-type]
    before = u.copy()
    v = iman_conover(u, target)
    np.testing.assert_array_equal(u, before)  # input untouched
    assert v.shape == u.shape
    # only permutes: each row keeps its multiset of values exactly
    np.testing.assert_array_equal(np.sort(v, axis=1), np.sort(u, axis=1))
    rho = stats.spearmanr(v, axis=1).statistic
    rho = np.array([[1.0, rho], [rho, 1.0]]) if k == 2 else rho
    np.testing.assert_allclose(rho, np.array(target), atol=0.03)


def test_iman_conover_correlation_carries_to_samples() -> None:
    u = uniforms(np.random.default_rng(4), 10_000, 2)
    v = iman_conover(u, [[1.0, 0.6], [0.6, 1.0]])
    x = PertMarginal(0.0, 1.0, 5.0).ppf(v[0])
    y = LogNormal90Marginal(1.0, 10.0).ppf(v[1])
    assert stats.spearmanr(x, y).statistic == pytest.approx(
        stats.spearmanr(v[0], v[1]).statistic, abs=1e-12
    )


def test_iman_conover_single_variable_is_a_copy() -> None:
    u = uniforms(np.random.default_rng(0), 100, 1)
    v = iman_conover(u, [[1.0]])
    np.testing.assert_array_equal(u, v)
    assert v is not u


@pytest.mark.parametrize(
    ("corr", "message"),
    [
        ([[1.0, 0.5], [0.4, 1.0]], "not symmetric"),
        ([[1.0, 1.2], [1.2, 1.0]], r"outside \[-1, 1\]"),
        ([[1.0, -1.5], [-1.5, 1.0]], r"outside \[-1, 1\]"),
        ([[0.9, 0.5], [0.5, 1.0]], "diagonal must be 1"),
        ([[1.0, 1.0], [1.0, 1.0]], "not positive definite"),
        ([[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]], "not positive definite"),
        ([[1.0, math.nan], [math.nan, 1.0]], "NaN"),
        ([[1.0, 0.5, 0.5], [0.5, 1.0, 0.5]], "must be a 3x3"),
    ],
)
def test_iman_conover_rejects_bad_matrices(corr: list[list[float]], message: str) -> None:
    u = uniforms(np.random.default_rng(0), 100, len(corr[0]))
    with pytest.raises(CostdxError, match=message):
        iman_conover(u, corr)
    with pytest.raises(ValueError, match=message):  # CostdxError is a ValueError
        iman_conover(u, corr)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_iman_conover_with_few_draws_keeps_every_row(n: int) -> None:
    # With n <= k draws (and, by chance, a few more) the scores' own correlation is
    # singular; the rows are still rearranged, never changed, and nothing raises.
    corr = [[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]]
    for seed in range(50):
        u = uniforms(np.random.default_rng(seed), n, 3)
        v = iman_conover(u, corr)
        np.testing.assert_array_equal(np.sort(v, axis=1), np.sort(u, axis=1))


# ---------------------------------------------------------------------------------------
# Backends: the compiled kernels against numpy
# ---------------------------------------------------------------------------------------


def _draws_on(name: str, d: Marginal, u: np.ndarray) -> np.ndarray:
    sampling.set_backend(name)  # type: ignore[arg-type]
    try:
        return d.ppf(u)
    finally:
        sampling.set_backend("auto")


@pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed")
@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_numba_and_numpy_give_the_same_draws(kind: str, params: tuple[float, ...]) -> None:
    d = marginal(kind, params)
    u = uniforms(np.random.default_rng(5), 3 * sampling._BLOCK + 11, 1)[0]
    # the ends of the tables, the exact end bins and values outside (0, 1)
    u[:8] = [0.0, 1.0, 2.0**-53, 1 - 2.0**-53, 1 / TABLE_BINS, 1 - 1 / TABLE_BINS, 0.5, 0.25]
    fast, plain = _draws_on("numba", d, u), _draws_on("numpy", d, u)
    np.testing.assert_allclose(fast, plain, rtol=1e-12, atol=0.0)
    odd = np.array([math.nan, -0.5, 1.5])
    np.testing.assert_array_equal(
        np.isnan(_draws_on("numba", d, odd)), np.isnan(_draws_on("numpy", d, odd))
    )


@pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed")
def test_numba_and_numpy_give_the_same_normal_scores_and_cdf() -> None:
    u = uniforms(np.random.default_rng(6), 50_000, 1)[0]
    z = np.concatenate([np.linspace(-9.0, 9.0, 10_001), [math.nan, -math.inf, math.inf]])
    out = {}
    for name in ("numba", "numpy"):
        sampling.set_backend(name)  # type: ignore[arg-type]
        out[name] = (normal_scores(u), PertMarginal(0.0, 1.0, 4.0).from_normal(z))
    sampling.set_backend("auto")
    np.testing.assert_allclose(out["numba"][0], out["numpy"][0], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(out["numba"][1], out["numpy"][1], rtol=1e-12, atol=0.0)


def test_backend_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    sampling.set_backend("numpy")
    assert sampling.backend() == "numpy"
    sampling.set_backend("auto")
    monkeypatch.setenv("COSTDX_KERNELS", "numpy")
    assert sampling.backend() == "numpy"  # the environment keeps auto on numpy
    with pytest.raises(CostdxError, match="backend must be"):
        sampling.set_backend("fortran")  # type: ignore[arg-type]
    if not HAS_NUMBA:
        with pytest.raises(CostdxError, match=r"costdx\[fast\]"):
            sampling.set_backend("numba")


@pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed")
def test_auto_turns_to_numba_once_enough_has_been_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    from costdx.engine.sampling import _kernels

    monkeypatch.delenv("COSTDX_KERNELS", raising=False)
    monkeypatch.setattr(_kernels, "AUTO_DRAWS", 0)
    assert sampling.backend() == "numba"


# ---------------------------------------------------------------------------------------
# Normal scores, the normal CDF and the Gaussian copula
# ---------------------------------------------------------------------------------------


def test_normal_scores_are_the_normal_quantile(backend: str) -> None:
    u = np.concatenate([(np.arange(1 << 18) + 0.5) / (1 << 18), [1e-300, 1e-9, 1 - 1e-9]])
    # the Normal90 bound: the body errs by less than 2e-7 in probability, the tails are exact
    np.testing.assert_allclose(stats.norm.cdf(normal_scores(u)), u, rtol=0, atol=2e-7)
    assert normal_scores(np.array([0.5]))[0] == 0.0


@pytest.mark.parametrize(("kind", "params"), CASES, ids=CASE_IDS)
def test_from_normal_is_the_quantile_at_phi(
    kind: str, params: tuple[float, ...], backend: str
) -> None:
    # X = Q(Φ(z)): the CDF of X at the draw is Φ(z), up to the tables' errors (the
    # quantile table's 0.1/M and the Φ table's h²/8·φ(1) = 2.9e-8 with h = 2⁻¹⁰)
    z = np.concatenate([np.linspace(-7.9, 7.9, 200_001), [-30.0, -9.0, 9.0, 30.0]])
    x = marginal(kind, params).from_normal(z)
    ref = reference(kind, params)
    np.testing.assert_allclose(ref.cdf(x), stats.norm.cdf(z), rtol=0, atol=0.1 / TABLE_BINS)


def test_normal_family_from_normal_is_exact() -> None:
    z = np.array([-3.0, 0.0, 1.5])
    d = Normal90Marginal(10.0, 30.0)
    np.testing.assert_allclose(d.from_normal(z), d.mu + d.sigma * z, rtol=1e-15)
    g = LogNormal90Marginal(100.0, 400.0)
    np.testing.assert_allclose(g.from_normal(z), np.exp(g.mu + g.sigma * z), rtol=1e-15)
    assert UniformMarginal(2.0, 2.0).from_normal(z).tolist() == [2.0, 2.0, 2.0]


@pytest.mark.parametrize(
    "target",
    [
        [[1.0, 0.6], [0.6, 1.0]],
        [[1.0, -0.8], [-0.8, 1.0]],
        [[1.0, 0.5, -0.3], [0.5, 1.0, 0.2], [-0.3, 0.2, 1.0]],
    ],
)
def test_gaussian_copula_hits_the_spearman_target(target: list[list[float]]) -> None:
    n, k = 10_000, len(target)
    u = uniforms(np.random.default_rng(k * 10 + 3), n, k)
    before = u.copy()
    v = gaussian_copula(u, target)
    np.testing.assert_array_equal(u, before)  # input untouched
    rho = stats.spearmanr(v, axis=1).statistic
    rho = np.array([[1.0, rho], [rho, 1.0]]) if k == 2 else rho
    np.testing.assert_allclose(rho, np.array(target), atol=0.03)


def test_gaussian_copula_keeps_every_marginal_uniform() -> None:
    # each row is Φ(a standard normal): uniform, Kolmogorov–Smirnov at n = 200,000
    u = uniforms(np.random.default_rng(8), 200_000, 3)
    v = gaussian_copula(u, [[1.0, 0.7, 0.4], [0.7, 1.0, 0.5], [0.4, 0.5, 1.0]])
    for row in v:
        assert stats.kstest(row, "uniform").pvalue > 0.001


def test_pearson_factor_is_the_spearman_conversion() -> None:
    # Pearson (1907): ρ_S = (6/π)·arcsin(r/2), so r = 2 sin(π ρ_S / 6); ρ_S = 0.5 →
    # r = 2 sin(π/12) = 0.5176380902
    p = pearson_factor([[1.0, 0.5], [0.5, 1.0]])
    np.testing.assert_allclose(p @ p.T, [[1.0, 0.5176380902], [0.5176380902, 1.0]], atol=1e-10)


@pytest.mark.parametrize(
    ("corr", "message"),
    [
        ([[1.0, 0.5], [0.4, 1.0]], "not symmetric"),
        ([[1.0, 1.0], [1.0, 1.0]], "not positive definite"),
        ([[1.0, 0.5, 0.5], [0.5, 1.0, 0.5]], "must be a 3x3"),
    ],
)
def test_gaussian_copula_rejects_bad_matrices(corr: list[list[float]], message: str) -> None:
    u = uniforms(np.random.default_rng(0), 100, len(corr[0]))
    with pytest.raises(CostdxError, match=message):
        gaussian_copula(u, corr)


# ---------------------------------------------------------------------------------------
# Docstring examples
# ---------------------------------------------------------------------------------------


def test_docstring_examples() -> None:
    import importlib

    attempted = 0
    for name in ("", "._tables", "._marginals", "._uniforms", "._kernels"):
        module = importlib.import_module(f"costdx.engine.sampling{name}")
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, name
        attempted += result.attempted
    assert attempted > 5
