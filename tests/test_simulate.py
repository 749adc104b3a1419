"""Monte Carlo, sensitivity and scenarios.

Statistical checks use fixed seeds and tolerances derived from n: a sample mean is
within 5 standard errors (σ/√n) of the analytic mean, a sample quantile within 5 of its
standard errors √(p(1−p)/n)/f(x_p).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import costdx as cdx
from costdx.engine._simulate import CHUNK

Z95 = 1.6448536269514722


def one_driver_case(value: Any, *, bounds: cdx.Bounds | None = None) -> cdx.Diagnosis:
    """annual cost = x (USD/year): the simulated total is the driver itself."""
    return cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[cdx.Driver(id="x", value=value, unit="USD/year", bounds=bounds)],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="x")],
            )
        ],
    )


def pert_moments(a: float, m: float, b: float) -> tuple[float, float]:
    mean = (a + 4 * m + b) / 6
    return mean, math.sqrt((mean - a) * (b - mean) / 7)


def triangular_moments(a: float, m: float, b: float) -> tuple[float, float]:
    var = (a * a + b * b + m * m - a * b - a * m - b * m) / 18
    return (a + m + b) / 3, math.sqrt(var)


def lognormal90_moments(low: float, high: float) -> tuple[float, float]:
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z95)
    mean = math.exp(mu + sigma**2 / 2)
    return mean, math.sqrt((math.exp(sigma**2) - 1) * math.exp(2 * mu + sigma**2))


N = 200_000


@pytest.mark.parametrize("method", ["random", "lhs"])
@pytest.mark.parametrize(
    ("estimate", "moments"),
    [
        (cdx.PERT(10, 12, 20), pert_moments(10, 12, 20)),
        (cdx.PERT(0, 1, 100), pert_moments(0, 1, 100)),
        (cdx.Triangular(5, 6, 15), triangular_moments(5, 6, 15)),
        (cdx.Uniform(30, 50), (40.0, 20 / math.sqrt(12))),
        (cdx.LogNormal90(100, 400), lognormal90_moments(100, 400)),
        (cdx.Normal90(-5, 25), (10.0, 30 / (2 * Z95))),
    ],
)
def test_sample_mean_matches_the_analytic_mean(
    estimate: Any, moments: tuple[float, float], method: str
) -> None:
    mean, sd = moments
    sim = cdx.simulate(one_driver_case(estimate), n=N, seed=11, method=method)  # type: ignore[arg-type]
    assert abs(sim.mean() - mean) < 5 * sd / math.sqrt(N)


@pytest.mark.parametrize(
    ("estimate", "dist"),
    [
        (cdx.LogNormal90(100, 400), stats.lognorm(s=math.log(4) / (2 * Z95), scale=200)),
        (cdx.Normal90(-5, 25), stats.norm(10, 30 / (2 * Z95))),
    ],
)
def test_unbounded_estimates_hit_their_5th_and_95th_percentiles(estimate: Any, dist: Any) -> None:
    sim = cdx.simulate(one_driver_case(estimate), n=N, seed=5)
    for q, target in ((5, estimate.low), (95, estimate.high)):
        p = q / 100
        standard_error = math.sqrt(p * (1 - p) / N) / dist.pdf(target)
        assert abs(sim.percentile(q) - target) < 5 * standard_error


def test_linear_case_mean_in_closed_form() -> None:
    # total = 12 × a + 52 × b + c (per month, per week, per year) with
    # E[a] = (10 + 4·20 + 60)/6 = 25, E[b] = (1 + 2 + 6)/3 = 3, E[c] = 1,000
    # → E[total] = 300 + 156 + 1,000 = 1,456.
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="a", value=cdx.PERT(10, 20, 60), unit="USD/month"),
            cdx.Driver(id="b", value=cdx.Triangular(1, 2, 6), unit="USD/week"),
            cdx.Driver(id="c", value=cdx.Uniform(500, 1500), unit="USD/year"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[
                    cdx.Consequence(id="ca", formula="a"),
                    cdx.Consequence(id="cb", formula="b"),
                    cdx.Consequence(id="cc", formula="c"),
                ],
            )
        ],
    )
    sd = math.sqrt(
        (12 * pert_moments(10, 20, 60)[1]) ** 2
        + (52 * triangular_moments(1, 2, 6)[1]) ** 2
        + (1000 / math.sqrt(12)) ** 2
    )
    sim = cdx.simulate(case, n=N, seed=2, keep="consequences")
    assert abs(sim.mean() - 1456) < 5 * sd / math.sqrt(N)
    # the kept parts add up to the total, sample by sample
    parts = sim.parts["ca"] + sim.parts["cb"] + sim.parts["cc"]
    assert np.allclose(parts, sim.annual, rtol=1e-12)


def test_seed_reproduces_bit_for_bit_across_threads_methods_and_correlations(
    acme: cdx.Diagnosis,
) -> None:
    for method in ("random", "lhs"):
        one = cdx.simulate(acme, n=100_000, seed=42, threads=1, method=method)  # type: ignore[arg-type]
        two = cdx.simulate(acme, n=100_000, seed=42, threads=2, method=method)  # type: ignore[arg-type]
        again = cdx.simulate(acme, n=100_000, seed=42, threads=3, method=method)  # type: ignore[arg-type]
        assert np.array_equal(one.annual, two.annual)
        assert np.array_equal(one.annual, again.annual)
    other = cdx.simulate(acme, n=100_000, seed=43)
    assert not np.array_equal(one.annual, other.annual)


@pytest.mark.parametrize("correlation_method", ["gaussian", "iman-conover"])
def test_rank_correlation_is_imposed(acme: cdx.Diagnosis, correlation_method: Any) -> None:
    case = cdx.evolve(
        acme,
        correlations=[
            cdx.Correlation(a="breakdowns_per_month", b="hours_down_per_stop", rho=0.7),
            cdx.Correlation(a="minutes_per_order", b="cost_per_order_error", rho=-0.4),
        ],
    )
    sim = cdx.simulate(case, n=10_000, seed=9, correlation_method=correlation_method)
    env = sim._sampler.draw(0)  # the first chunk holds all 10,000 draws
    rho = stats.spearmanr(env["breakdowns_per_month"], env["hours_down_per_stop"])[0]
    assert abs(rho - 0.7) < 0.03
    rho = stats.spearmanr(env["minutes_per_order"], env["cost_per_order_error"])[0]
    assert abs(rho + 0.4) < 0.03


def test_the_copula_keeps_each_correlated_marginal() -> None:
    # a ~ PERT(1, 2, 6) correlated with b and c: its draws still follow the PERT
    # (Kolmogorov–Smirnov against the Beta(1.8, 4.2) on [1, 6], α = 1 + 4·1/5, β = 1 + 4·4/5)
    sim = cdx.simulate(three_correlated_case(), n=100_000, seed=3, keep="consequences")
    assert stats.kstest(sim.parts["ca"], stats.beta(1.8, 4.2, loc=1, scale=5).cdf).pvalue > 0.001
    assert stats.kstest(sim.parts["cb"], stats.uniform(0, 10).cdf).pvalue > 0.001


def test_latin_hypercube_keeps_its_strata_under_correlation() -> None:
    # method="lhs" imposes correlations by Iman–Conover (the default for it), which only
    # rearranges draws: b ~ Uniform(0, 10) keeps one draw in each of the n strata
    n = 1_000
    sim = cdx.simulate(three_correlated_case(), n=n, seed=4, method="lhs", keep="consequences")
    strata = np.floor(sim.parts["cb"] / 10 * n).astype(int)
    assert np.array_equal(np.sort(strata), np.arange(n))
    assert sim.correlation_method == "iman-conover"
    assert cdx.simulate(three_correlated_case(), n=10, seed=4).correlation_method == "gaussian"


def test_backends_give_the_same_simulation(acme: cdx.Diagnosis) -> None:
    pytest.importorskip("numba")
    from costdx.engine import sampling

    runs = []
    for name in ("numba", "numpy"):
        sampling.set_backend(name)  # type: ignore[arg-type]
        runs.append(cdx.simulate(acme, n=2 * CHUNK + 5, seed=8, keep="consequences"))
    sampling.set_backend("auto")
    np.testing.assert_allclose(runs[0].annual, runs[1].annual, rtol=1e-12, atol=0)
    for cid, values in runs[0].parts.items():
        np.testing.assert_allclose(values, runs[1].parts[cid], rtol=1e-12, atol=0)


def three_correlated_case() -> cdx.Diagnosis:
    """annual cost = a + b + c (USD/year) with a~b at 0.6 and a~c at −0.5; ``pinned``
    fixes c at its point."""
    return cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="a", value=cdx.PERT(1, 2, 6), unit="USD/year"),
            cdx.Driver(id="b", value=cdx.Uniform(0, 10), unit="USD/year", assumed=4),
            cdx.Driver(id="c", value=cdx.LogNormal90(1, 9), unit="USD/year"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[
                    cdx.Consequence(id="ca", formula="a"),
                    cdx.Consequence(id="cb", formula="b"),
                    cdx.Consequence(id="cc", formula="c"),
                ],
            )
        ],
        correlations=[
            cdx.Correlation(a="a", b="b", rho=0.6),
            cdx.Correlation(a="a", b="c", rho=-0.5),
        ],
        scenarios=[cdx.Scenario(name="pinned", overrides={"c": 3})],
    )


def test_a_driver_pinned_by_scenario_or_basis_drops_its_correlations(
    acme: cdx.Diagnosis,
) -> None:
    case = three_correlated_case()
    sim = cdx.simulate(case, n=10_000, seed=5, scenario="pinned", keep="consequences")
    # c is the point 3 in every sample; a~b keeps its 0.6
    assert np.all(sim.parts["cc"] == 3.0)
    assert abs(stats.spearmanr(sim.parts["ca"], sim.parts["cb"])[0] - 0.6) < 0.03
    # on the assumed basis b is the point 4; a~c keeps its −0.5
    sim = cdx.simulate(case, n=10_000, seed=5, basis="assumed", keep="consequences")
    assert np.all(sim.parts["cb"] == 4.0)
    assert abs(stats.spearmanr(sim.parts["ca"], sim.parts["cc"])[0] + 0.5) < 0.03
    # the shipped example's scenarios pin its correlated breakdown drivers
    for scenario in acme.scenarios:
        assert cdx.simulate(acme, n=1_000, seed=1, scenario=scenario.name).n == 1_000
    assert cdx.simulate(acme, n=1_000, seed=1, basis="assumed").n == 1_000


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, CHUNK + 1, CHUNK + 3, 2 * CHUNK + 4])
def test_correlations_with_a_few_draws_or_a_short_last_chunk(n: int) -> None:
    # the last chunk of CHUNK + 3 draws holds 3 draws for 3 correlated estimates
    case = three_correlated_case()
    for seed in range(5):
        one = cdx.simulate(case, n=n, seed=seed, threads=1)
        many = cdx.simulate(case, n=n, seed=seed, threads=3)
        assert np.array_equal(one.annual, many.annual)


def test_bounds_clip_and_are_counted() -> None:
    # Normal90(−10, 10) has median 0: about half the samples fall below the bound 0.
    case = one_driver_case(cdx.Normal90(-10, 10), bounds=cdx.Bounds(min=0))
    sim = cdx.simulate(case, n=N, seed=1)
    assert sim.annual.min() == 0.0
    clipped = sim.clipped["x"]
    assert abs(clipped / N - 0.5) < 5 * math.sqrt(0.25 / N)
    assert sim.summary().attrs["clipped"] == {"x": clipped}
    assert f"{clipped:,} samples clipped" in repr(sim)


def test_result_views(acme: cdx.Diagnosis) -> None:
    sim = cdx.simulate(acme, n=20_000, seed=3, keep="problems")
    summary = sim.summary()
    assert list(summary.columns) == ["mean", "std", "p5", "p10", "p50", "p90", "p95"]
    assert list(summary.index) == ["annual_cost", "one_time_cost", *(p.id for p in acme.problems)]
    assert summary.loc["annual_cost", "p10"] == pytest.approx(sim.percentile(10))
    hist = sim.histogram(20)
    assert int(hist["count"].sum()) == 20_000
    assert sim.prob_exceeds(sim.percentile(90)) == pytest.approx(0.10, abs=1e-3)
    # cost of delay per month is the annual cost over 12 months, sample by sample
    assert np.allclose(sim.cost_of_delay("month") * 12, sim.annual)
    assert sim.samples().shape == (20_000, 2 + len(acme.problems))
    share = sim.contributions()["share"]
    assert share.sum() == pytest.approx(1.0)
    assert share.is_monotonic_decreasing


def test_keep_problems_gives_each_problem_its_annual_cost() -> None:
    # problem p: a recurring x (USD/year) and a one-time 1,000 USD audit; problem q: y
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="x", value=cdx.Uniform(100, 200), unit="USD/year"),
            cdx.Driver(id="y", value=cdx.Uniform(10, 20), unit="USD/month"),
            cdx.Driver(id="audit", value=1000, unit="USD"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[
                    cdx.Consequence(id="cx", formula="x"),
                    cdx.Consequence(id="once", formula="audit"),
                ],
            ),
            cdx.Problem(
                id="q",
                title="Q",
                symptoms=[cdx.Symptom(id="t")],
                consequences=[cdx.Consequence(id="cy", formula="y")],
            ),
        ],
    )
    sim = cdx.simulate(case, n=1_000, seed=4, keep="problems")
    # p's annual cost lies in [100, 200] (not [1,100, 1,200]); the problems add up to
    # the annual total, and the audit stays in the one-time total
    assert sim.parts["p"].min() >= 100
    assert sim.parts["p"].max() <= 200
    assert np.allclose(sim.parts["p"] + sim.parts["q"], sim.annual, rtol=1e-12)
    assert np.all(sim.one_time == 1000.0)


@st.composite
def collapsed_cases(draw: st.DrawFn) -> cdx.Diagnosis:
    kinds = [
        lambda v: cdx.PERT(v, v, v),
        lambda v: cdx.Triangular(v, v, v),
        lambda v: cdx.Uniform(v, v),
        lambda v: cdx.LogNormal90(v, v),
        lambda v: cdx.Normal90(v, v),
        lambda v: v,
    ]
    values = draw(st.lists(st.floats(0.1, 1000), min_size=3, max_size=3))
    picks = draw(st.lists(st.integers(0, len(kinds) - 1), min_size=3, max_size=3))
    drivers = [
        cdx.Driver(id="a", value=kinds[picks[0]](values[0]), unit="order/week"),
        cdx.Driver(id="b", value=kinds[picks[1]](values[1]), unit="USD/order"),
        cdx.Driver(id="c", value=kinds[picks[2]](values[2]), unit="USD/month"),
    ]
    return cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=drivers,
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[
                    cdx.Consequence(id="x", formula="a * b"),
                    cdx.Consequence(id="y", formula="max(c, a * b / 10)"),
                ],
            )
        ],
    )


@settings(max_examples=40, deadline=None)
@given(case=collapsed_cases(), seed=st.integers(0, 2**32 - 1))
def test_collapsed_estimates_simulate_to_quantify(case: cdx.Diagnosis, seed: int) -> None:
    sim = cdx.simulate(case, n=500, seed=seed)
    assert np.allclose(sim.annual, cdx.quantify(case).annual_cost, rtol=1e-12)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**63), n=st.integers(1, 70_000))
def test_threads_agree_exactly_for_any_seed_and_size(seed: int, n: int) -> None:
    case = one_driver_case(cdx.PERT(1, 2, 9))
    one = cdx.simulate(case, n=n, seed=seed, threads=1)
    many = cdx.simulate(case, n=n, seed=seed, threads=4)
    assert np.array_equal(one.annual, many.annual)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, -5, 2.5, True])
def test_bad_n(n: Any) -> None:
    with pytest.raises(cdx.CostdxError, match="n must be a positive whole number"):
        cdx.simulate(one_driver_case(cdx.PERT(1, 2, 3)), n=n)


def test_bad_options() -> None:
    case = one_driver_case(cdx.PERT(1, 2, 3))
    with pytest.raises(cdx.CostdxError, match="method must be"):
        cdx.simulate(case, method="sobol")  # type: ignore[arg-type]
    with pytest.raises(cdx.CostdxError, match="keep must be"):
        cdx.simulate(case, keep="all")  # type: ignore[arg-type]
    with pytest.raises(cdx.CostdxError, match="threads must be"):
        cdx.simulate(case, threads=0)
    with pytest.raises(cdx.OptionError, match="correlation_method must be 'gaussian' or"):
        cdx.simulate(case, correlation_method="spearman")  # type: ignore[arg-type]
    for seed in (-1, 2.5, "7", True):
        with pytest.raises(cdx.CostdxError, match="seed must be a whole number"):
            cdx.simulate(case, seed=seed)  # type: ignore[arg-type]
    with pytest.raises(cdx.CostdxError, match="unknown scenario 'nope'"):
        cdx.simulate(case, scenario="nope")


def correlated(acme: cdx.Diagnosis, *pairs: tuple[str, str, float]) -> cdx.Diagnosis:
    return cdx.evolve(acme, correlations=[cdx.Correlation(a=a, b=b, rho=r) for a, b, r in pairs])


def test_correlation_errors(acme: cdx.Diagnosis) -> None:
    with pytest.raises(cdx.CaseValidationError) as info:
        correlated(acme, ("breakdowns_per_mnth", "hours_down_per_stop", 0.5))
    assert "correlations[0].a" in info.value.locations()
    assert "did you mean 'breakdowns_per_month'" in str(info.value)
    with pytest.raises(cdx.CaseValidationError, match="not an estimate"):
        correlated(acme, ("crew_size", "hours_down_per_stop", 0.5))
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.evolve(
            acme,
            correlations=[{"a": "breakdowns_per_month", "b": "hours_down_per_stop", "rho": 1.5}],
        )
    assert "correlations[0].rho" in info.value.locations()
    # three drivers pairwise 0.9, 0.9 and −0.9: no such joint distribution exists
    impossible = correlated(
        acme,
        ("breakdowns_per_month", "hours_down_per_stop", 0.9),
        ("breakdowns_per_month", "rework_minutes", 0.9),
        ("hours_down_per_stop", "rework_minutes", -0.9),
    )
    with pytest.raises(cdx.CostdxError, match="not positive definite"):
        cdx.simulate(impossible, n=100)


def test_scenario_errors(acme: cdx.Diagnosis) -> None:
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.evolve(acme, scenarios=[cdx.Scenario(name="x", overrides={"breakdowns": 3})])
    assert "scenarios[0].overrides.breakdowns" in info.value.locations()
    with pytest.raises(cdx.CostdxError, match="is not a driver"):
        cdx.quantify(acme, scenario=cdx.Scenario(name="x", overrides={"nope": 1}))
    # a scenario given directly is held to the bounds the case's own scenarios are
    outside = cdx.Scenario(name="x", overrides={"oee_target": 150})
    with pytest.raises(
        cdx.CostdxError, match=r"overrides.oee_target: 150 is outside the bounds \[0, 100\]"
    ):
        cdx.quantify(acme, scenario=outside)
    with pytest.raises(cdx.CostdxError, match=r"overrides\.oee_target"):
        cdx.simulate(acme, n=10, scenario=outside)


# --- sensitivity and scenarios --------------------------------------------------------


def two_driver_case() -> cdx.Diagnosis:
    # total = volume × price × 12, volume Uniform(100, 200) (point 150),
    # price Uniform(1, 5) (point 3)
    return cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="volume", value=cdx.Uniform(100, 200), unit="order/month"),
            cdx.Driver(id="price", value=cdx.Uniform(1, 5), unit="USD/order", source="benchmark"),
            cdx.Driver(id="fee", value=1000, unit="USD/year", source="customer"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[
                    cdx.Consequence(id="c", formula="volume * price"),
                    cdx.Consequence(id="f", formula="fee"),
                ],
                causes=[],
            )
        ],
        scenarios=[cdx.Scenario(name="low_volume", overrides={"volume": 120})],
    )


def test_tornado_by_hand() -> None:
    t = cdx.tornado(two_driver_case(), low=10, high=90)
    # price P10/P90 = 1 + 0.1·4 = 1.4 and 4.6; swing = 150 × (4.6 − 1.4) × 12 = 5,760
    # volume P10/P90 = 110 and 190; swing = (190 − 110) × 3 × 12 = 2,880
    assert list(t.index) == ["price", "volume"]
    assert t.loc["price", "low_value"] == pytest.approx(1.4)
    assert t.loc["price", "swing"] == pytest.approx(5760)
    assert t.loc["volume", "swing"] == pytest.approx(2880)
    # total at volume P10: 110 × 3 × 12 + 1,000 = 4,960
    assert t.loc["volume", "total_at_low"] == pytest.approx(4960)
    assert t.attrs["base"] == pytest.approx(150 * 3 * 12 + 1000)


def test_tornado_clips_to_a_one_sided_bound() -> None:
    # x ~ Normal90(−5, 15) hour/week, bounds >= 0; rate 100 USD/hour.
    # P10 = 5 − 10/1.6449 × 1.2816 = −2.79, clipped to 0; P90 = 5 + 7.79 = 12.79
    # total at P10: 0 × 100 × 52 = 0; at P90: 12.79 × 100 × 52 = 66,515
    sigma = 10 / Z95
    p90 = 5 + sigma * 1.2815515655446004
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(
                id="x", value=cdx.Normal90(-5, 15), unit="hour/week", bounds=cdx.Bounds(min=0)
            ),
            cdx.Driver(id="rate", value=100, unit="USD/hour"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="x * rate")],
            )
        ],
    )
    t = cdx.tornado(case)
    assert t.loc["x", "low_value"] == 0.0
    assert t.loc["x", "total_at_low"] == 0.0
    assert t.loc["x", "high_value"] == pytest.approx(p90)
    assert t.loc["x", "swing"] == pytest.approx(p90 * 100 * 52)
    # the 100th percentile of an unbounded estimate is infinite: a clear error
    with pytest.raises(cdx.CostdxError, match=r"'x' .*needs 0 < low and high < 100"):
        cdx.tornado(case, low=10, high=100)


def test_compare_scenarios_and_stress_by_hand() -> None:
    case = two_driver_case()
    table = cdx.compare_scenarios(case)
    # baseline 150 × 3 × 12 + 1,000 = 6,400; low_volume 120 × 3 × 12 + 1,000 = 5,320
    assert table.loc["baseline", "annual_cost"] == pytest.approx(6400)
    assert table.loc["low_volume", "annual_cost"] == pytest.approx(5320)
    assert table.loc["low_volume", "difference"] == pytest.approx(-1080)
    # stress halves benchmark and estimate figures: volume (estimate) 75, price
    # (benchmark) 1.5 → 75 × 1.5 × 12 + 1,000 (customer, untouched) = 2,350
    assert cdx.stress(case).annual_cost == pytest.approx(2350)
    # halving only benchmarks: 150 × 1.5 × 12 + 1,000 = 3,700
    assert cdx.stress(case, sources=["benchmark"]).annual_cost == pytest.approx(3700)
    assert cdx.stress(case, sources="benchmark").annual_cost == pytest.approx(3700)
    with pytest.raises(cdx.CostdxError, match="unknown source"):
        cdx.stress(case, sources=["rumour"])
    stressed = cdx.simulate(case, n=2000, seed=1, scenario=cdx.stress_scenario(case))
    # every sample: volume in [50, 100], price in [0.5, 2.5] → total ≤ 100 × 2.5 × 12 + 1,000
    assert stressed.annual.max() <= 4000 + 1e-9


def test_stress_keeps_figures_within_their_bounds() -> None:
    # spend 1,000 USD/year (customer: untouched) × share × rework; share (benchmark) 60 %
    # and rework PERT(40, 60, 80) % (estimate), both bounded to [0, 100]
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="spend", value=1000, unit="USD/year", source="customer"),
            cdx.Driver(
                id="share",
                value=60,
                unit="percent",
                source="benchmark",
                bounds=cdx.Bounds(min=0, max=100),
            ),
            cdx.Driver(
                id="rework",
                value=cdx.PERT(40, 60, 80),
                unit="percent",
                bounds=cdx.Bounds(min=0, max=100),
            ),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="spend * share * rework")],
            )
        ],
    )
    scenario = cdx.stress_scenario(case, factor=2)
    # share 60 × 2 = 120 → 100; rework (80, 120, 160) → (80, 100, 100)
    assert scenario.overrides["share"] == 100
    assert scenario.overrides["rework"] == cdx.PERT(80, 100, 100)
    assert "share, rework kept within bounds" in scenario.description
    # 1,000 × 100 % × 100 % = 1,000 USD/year, not 1,000 × 1.2 × 1.2 = 1,440
    assert cdx.stress(case, factor=2).annual_cost == pytest.approx(1000)
    # halving stays inside the bounds and is left as it is: 1,000 × 30 % × 30 % = 90
    halved = cdx.stress_scenario(case)
    assert halved.overrides["rework"] == cdx.PERT(20, 30, 40)
    assert "bounds" not in halved.description
    assert cdx.stress(case).annual_cost == pytest.approx(90)


def test_a_division_by_zero_in_some_samples_is_named() -> None:
    # y < 0 in about half the samples, and then the formula divides by zero
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="x", value=cdx.Normal90(1, 2), unit="USD/year"),
            cdx.Driver(id="y", value=cdx.Uniform(-1, 1)),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="x / if_(y > 0, 1, 0)")],
            )
        ],
    )
    with pytest.raises(
        cdx.CostdxError, match=r"problems\[0\]\.consequences\[0\]\.formula.*not finite"
    ):
        cdx.simulate(case, n=1000, seed=1)


def test_several_percentiles_at_once(acme: cdx.Diagnosis) -> None:
    sim = cdx.simulate(acme, n=5_000, seed=2)
    p10, p50, p90 = sim.percentile([10, 50, 90])
    assert (p10, p50, p90) == (sim.percentile(10), sim.percentile(50), sim.percentile(90))
    assert sim.percentile((90,), of="one_time_cost") == [35_000.0]  # the audit, fixed
    with pytest.raises(cdx.OptionError, match="must be in \\[0, 100\\], got 101"):
        sim.percentile([50, 101])


def test_a_seed_is_drawn_recorded_and_repeats_the_run(acme: cdx.Diagnosis) -> None:
    sim = cdx.simulate(acme, n=3_000)
    assert isinstance(sim.seed, int)
    assert f"seed={sim.seed} " in repr(sim)
    again = cdx.simulate(acme, n=3_000, seed=sim.seed)
    assert np.array_equal(again.annual, sim.annual)
    assert sim.summary().attrs["seed"] == sim.seed
