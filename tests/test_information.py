"""Value of information (EVPI, EVPPI) and the price goal seek.

Expected values come from closed forms written out here: for a net-benefit difference
D = μ + Σ c_i X_i with independent normal X_i, E[max(0, D)] = σφ(μ/σ) + μΦ(μ/σ), so

    EVPI = σ·φ(μ/σ) − |μ|·Φ(−|μ|/σ),  σ² = Σ c_i²,

and, since E[D | X_i] is normal with mean μ and standard deviation c_i, EVPPI_i is the same
formula with σ replaced by c_i. Other expectations are integrals done here with scipy.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import integrate, stats

import costdx as cdx
from costdx.value import evpi, evppi, noise_floor

Z95 = 1.6448536269514722  # Φ⁻¹(0.95)
N = 200_000


def closed_form(mu: float, sigma: float) -> float:
    """EVPI of a two-alternative choice whose difference is N(mu, sigma²)."""
    return sigma * stats.norm.pdf(mu / sigma) - abs(mu) * stats.norm.cdf(-abs(mu) / sigma)


# x1 ~ Normal90(50,000, 150,000): μ1 = 100,000, σ1 = 100,000/(2·Z95)
# x2 ~ Normal90(20,000, 60,000):  μ2 =  40,000, σ2 =  40,000/(2·Z95)
MU1, SIGMA1 = 100_000.0, 100_000.0 / (2 * Z95)
MU2, SIGMA2 = 40_000.0, 40_000.0 / (2 * Z95)
PRICE = 150_000.0


def linear_case(*, invest: float = PRICE) -> cdx.ValueCase:
    """One consequence x1 + x2 (USD/year), removed in full from month 0 by ``fix`` for
    ``invest`` up front; one year at 0 %: NPV(fix) = x1 + x2 − invest, NPV(do nothing) = 0,
    and the discounted cost of the problem is x1 + x2."""
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="x1", value=cdx.Normal90(50_000, 150_000), unit="USD/year"),
            cdx.Driver(id="x2", value=cdx.Normal90(20_000, 60_000), unit="USD/year"),
        ],
        problems=[
            cdx.Problem(id="p", title="P", symptoms=[cdx.Symptom(id="s")],
                        consequences=[cdx.Consequence(id="c", formula="x1 + x2")])
        ],
    )  # fmt: skip
    fix = cdx.Solution(
        id="fix", name="Fix", addresses=[cdx.Address(consequence="c", fraction=1)],
        investment=[cdx.InvestmentItem(label="licence", amount=invest)],
    )  # fmt: skip
    return cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=1, discount_rate=0.0)


@pytest.fixture(scope="module")
def linear() -> tuple[cdx.ValueCase, cdx.Simulation]:
    vc = linear_case()
    return vc, cdx.simulate(vc.diagnosis, n=N, seed=2026, keep="consequences")


def test_evppi_matches_the_closed_form(linear: tuple[cdx.ValueCase, cdx.Simulation]) -> None:
    vc, sim = linear
    voi = cdx.value_of_information(vc, sim)
    mu = MU1 + MU2 - PRICE  # −10,000: a close decision
    sigma = math.hypot(SIGMA1, SIGMA2)
    # EVPI from the samples: a mean of max(0, D); 5 standard errors of it (sd <= σ)
    assert voi.attrs["evpi"] == pytest.approx(closed_form(mu, sigma), abs=5 * sigma / math.sqrt(N))
    # EVPPI: the same sampling error, plus the estimator's upward bias, which is at most
    # its noise floor (the bias of an input that tells nothing, the worst case)
    tolerance = voi.attrs["noise_floor"] + 5 * sigma / math.sqrt(N)
    assert voi.loc["x1", "evppi"] == pytest.approx(closed_form(mu, SIGMA1), abs=tolerance)
    assert voi.loc["x2", "evppi"] == pytest.approx(closed_form(mu, SIGMA2), abs=tolerance)
    assert list(voi.index) == ["x1", "x2"]  # sorted, largest first
    assert voi.attrs["best"] == "do_nothing"  # E[NPV(fix)] = −10,000
    assert voi.attrs["decision"] == "invest"
    assert voi.attrs["currency"] == "USD"
    assert voi.loc["x1", "share"] == pytest.approx(voi.loc["x1", "evppi"] / voi.attrs["evpi"])
    assert voi["above_noise"].all()


def test_the_estimator_on_samples_with_an_irrelevant_input() -> None:
    rng = np.random.default_rng(5)
    n, mu, c = 100_000, 0.3, np.array([1.0, 0.5, 0.0])
    x = rng.standard_normal((n, 3))
    nb = np.column_stack([np.zeros(n), mu + x @ c])
    sigma = float(np.sqrt(np.sum(c**2)))
    floor = noise_floor(nb, rng=rng)
    tolerance = floor + 5 * sigma / math.sqrt(n)
    assert evpi(nb) == pytest.approx(closed_form(mu, sigma), abs=5 * sigma / math.sqrt(n))
    assert evppi(x[:, 0], nb) == pytest.approx(closed_form(mu, 1.0), abs=tolerance)
    assert evppi(x[:, 1], nb) == pytest.approx(closed_form(mu, 0.5), abs=tolerance)
    # the third input has no bearing: its estimate is pure bias, of the floor's size
    assert evppi(x[:, 2], nb) <= 2 * floor + 5 * sigma / math.sqrt(n)


@settings(max_examples=60, deadline=None)
@given(
    nb=arrays(np.float64, (40, 3), elements=st.floats(-1e6, 1e6, allow_nan=False)),
    x=arrays(np.float64, (40,), elements=st.floats(-10, 10, allow_nan=False)),
    bins=st.integers(1, 40),
)
def test_evppi_lies_between_zero_and_evpi(nb: np.ndarray, x: np.ndarray, bins: int) -> None:
    # Jensen twice: the best of bin means is at least the best overall mean, and at most
    # the mean of each sample's best
    partial = evppi(x, nb, bins=bins)
    assert 0.0 <= partial <= evpi(nb) + 1e-9 * (1.0 + float(np.abs(nb).max()))


def test_an_input_that_decides_everything_is_worth_the_evpi() -> None:
    # NB(act) = x − 0.5 with x uniform on 40 points; one bin per point: EVPPI = EVPI
    x = np.arange(40) / 40.0
    nb = np.column_stack([np.zeros(40), x - 0.5])
    assert evppi(x, nb, bins=40) == pytest.approx(evpi(nb))
    assert evppi(x, nb, bins=1) == 0.0  # one bin: no information


def test_estimator_errors() -> None:
    with pytest.raises(cdx.OptionError, match="2-D array"):
        evpi([1.0, 2.0])
    with pytest.raises(cdx.OptionError, match="NaN"):
        evpi([[0.0, math.nan]])
    with pytest.raises(cdx.OptionError, match="one draw per sample"):
        evppi([1.0], [[0.0, 1.0], [0.0, 2.0]])
    with pytest.raises(cdx.OptionError, match="bins must be"):
        evppi([1.0, 2.0], [[0.0, 1.0], [0.0, 2.0]], bins=0)


def test_pursue_decision_by_the_qualify_rule(linear: tuple[cdx.ValueCase, cdx.Simulation]) -> None:
    vc, sim = linear
    cost, ratio = 20_000.0, 1.0
    voi = cdx.value_of_information(
        vc, sim, decision="pursue", cost_of_sale=cost, min_cost_to_price=ratio
    )
    # the deal closes where x1 + x2 >= 1 × price: P = Φ((140,000 − 150,000)/σ) ≈ 0.38;
    # pursuing is worth price·P − cost > 0, so EVPI = cost·(1 − P): the pursuit cost saved
    # where the deal fails
    sigma = math.hypot(SIGMA1, SIGMA2)
    p = stats.norm.cdf((MU1 + MU2 - ratio * PRICE) / sigma)
    assert voi.attrs["best"] == "pursue"
    # max(0, NB) takes two values PRICE − cost and 0: standard deviation <= PRICE/2
    assert voi.attrs["evpi"] == pytest.approx(cost * (1 - p), abs=5 * PRICE / 2 / math.sqrt(N))

    # EVPPI of x1 = E[max(0, price·P(close | x1) − cost)] − (price·P − cost), with
    # P(close | x1) = Φ((x1 + μ2 − price)/σ2), integrated over x1 ~ N(μ1, σ1²)
    def integrand(x1: float) -> float:
        close = stats.norm.cdf((x1 + MU2 - ratio * PRICE) / SIGMA2)
        return max(0.0, PRICE * close - cost) * stats.norm.pdf(x1, MU1, SIGMA1)

    exact = integrate.quad(integrand, MU1 - 9 * SIGMA1, MU1 + 9 * SIGMA1, limit=200)[0]
    exact -= PRICE * p - cost
    tolerance = voi.attrs["noise_floor"] + 5 * PRICE / 2 / math.sqrt(N)
    assert voi.loc["x1", "evppi"] == pytest.approx(exact, abs=tolerance)
    assert set(voi["kind"]) == {"driver"}  # the rule does not depend on the fractions


def test_acme_rows_and_fractions() -> None:
    vc = cdx.load_value_case(cdx.example_path())
    sim = cdx.simulate(vc.diagnosis, n=5_000, seed=3, keep="consequences")
    voi = cdx.value_of_information(vc, sim)
    fractions = voi[voi["kind"] == "fraction"]
    # northwind_ops removes lost_contribution and scrap_material by estimated fractions
    assert set(fractions.index) == {
        "northwind_ops:lost_contribution",
        "northwind_ops:scrap_material",
    }
    assert set(voi[voi["kind"] == "driver"].index) == set(sim.uncertain)
    assert (voi["evppi"] >= 0).all()
    assert (voi["evppi"] <= voi.attrs["evpi"] + 1e-6).all()
    assert voi.loc["loss_probability", "source"] == "estimate"
    assert not voi.loc["loss_probability", "confirmed"]


def test_value_of_information_errors(linear: tuple[cdx.ValueCase, cdx.Simulation]) -> None:
    vc, sim = linear
    with pytest.raises(cdx.OptionError, match="decision must be"):
        cdx.value_of_information(vc, sim, decision="buy")  # type: ignore[arg-type]
    with pytest.raises(cdx.OptionError, match="needs cost_of_sale"):
        cdx.value_of_information(vc, sim, decision="pursue")
    totals = cdx.simulate(vc.diagnosis, n=100, seed=1)
    with pytest.raises(cdx.OptionError, match="keep='consequences'"):
        cdx.value_of_information(vc, totals)
    other = cdx.simulate(linear_case().diagnosis.model_copy(), n=100, seed=1)
    assert other.n == 100
    plain = cdx.evaluate(vc)
    with pytest.raises(cdx.OptionError, match="made without this simulation"):
        cdx.value_of_information(vc, sim, evaluation=plain)
    dearer = cdx.evaluate(linear_case(invest=2 * PRICE), simulation=sim)
    with pytest.raises(cdx.OptionError, match="another value case"):
        cdx.value_of_information(vc, sim, evaluation=dearer)


def test_inputs_are_the_draws_behind_each_sample() -> None:
    # annual cost = x1 + x2, so the re-drawn inputs add up to it sample by sample
    sim = cdx.simulate(linear_case().diagnosis, n=70_000, seed=4)
    draws = sim.inputs()
    assert sim.uncertain == ("x1", "x2")
    np.testing.assert_allclose(draws["x1"] + draws["x2"], sim.annual, rtol=1e-12)


# ---------------------------------------------------------------------------------------
# solve_price
# ---------------------------------------------------------------------------------------


def test_solve_price_is_the_benefit_quantile(linear: tuple[cdx.ValueCase, cdx.Simulation]) -> None:
    vc, sim = linear
    price = cdx.solve_price(vc, simulation=sim, target="P(NPV>0)", at_least=0.8)
    # NPV = B − I with B = x1 + x2 ~ N(140,000, σ²): P(B > I) >= 0.8 ⟺ I <= q_0.2(B)
    sigma = math.hypot(SIGMA1, SIGMA2)
    exact = MU1 + MU2 + sigma * stats.norm.ppf(0.2)
    # a sample quantile's standard error: √(p(1 − p)/n)/f(q)
    error = math.sqrt(0.2 * 0.8 / N) / stats.norm.pdf(stats.norm.ppf(0.2), scale=sigma)
    assert price.investment == pytest.approx(exact, abs=5 * error)
    assert price.probability >= 0.8
    assert price.scale == pytest.approx(price.investment / PRICE)
    assert price.investment_pv == pytest.approx(price.investment)  # at 0 %, PV = nominal
    assert price.standard_error == pytest.approx(
        math.sqrt(price.probability * (1 - price.probability) / N)
    )
    assert "fix: at most" in str(price)
    # ROI >= 100 % ⟺ B >= 2I: half the price
    roi = cdx.solve_price(vc, simulation=sim, target="P(ROI >= 100%)", at_least=0.8)
    assert roi.investment == pytest.approx(exact / 2, abs=5 * error / 2)
    same = cdx.solve_price(vc, simulation=sim, target="P(ROI>=1)", at_least=0.8)
    assert same.investment == roi.investment


def test_solve_price_errors(linear: tuple[cdx.ValueCase, cdx.Simulation]) -> None:
    vc, sim = linear
    for target in ("NPV>0", "P(IRR>0.1)", "P(NPV>>0)", "P(NPV>0) + 1", "P(NPV<0)"):
        with pytest.raises(cdx.OptionError, match="target must read like"):
            cdx.solve_price(vc, simulation=sim, target=target)
    for at_least in (0.0, 1.0, 1.5, math.nan):
        with pytest.raises(cdx.OptionError, match="at_least must be"):
            cdx.solve_price(vc, simulation=sim, at_least=at_least)
    with pytest.raises(cdx.CaseReferenceError, match="no solution 'nope'"):
        cdx.solve_price(vc, simulation=sim, solution="nope")
    # NPV above 10 million: not even a free solution gets there
    with pytest.raises(cdx.CalculationError, match="no price meets it"):
        cdx.solve_price(vc, simulation=sim, target="P(NPV>1e7)")
