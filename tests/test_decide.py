"""The decision matrix, the flip weights and the acceptability (SMAA), against hand
arithmetic and against the limits the method must reach."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import costdx as cdx
from costdx.value import months_to_full_effect, normalise


def score_criterion(
    ident: str, direction: str, values: dict[str, float], *, unit: str = "", weight: float = 1
) -> cdx.Criterion:
    return cdx.Criterion(
        id=ident,
        label=ident.title(),
        direction=direction,  # type: ignore[arg-type]
        unit=unit,
        weight=weight,
        scores=[cdx.Score(alternative=a, value=v) for a, v in values.items()],
    )


@pytest.fixture(scope="module")
def two_fixes(make_case: Callable[..., cdx.Diagnosis]) -> cdx.ValueCase:
    """A loss of 10,000 USD/month (120,000 a year), two years, no discounting.

    ``a`` invests 100,000 up front and removes half: benefit 2 × 60,000 = 120,000,
    NPV 20,000. ``b`` invests 40,000 and removes 30 %: 2 × 36,000 = 72,000, NPV 32,000.
    """
    case = make_case(
        [{"id": "loss", "value": 10_000, "unit": "USD/month"}],
        {"c": "loss"},
        stakeholders=[{"id": "cfo", "name": "Ana Ruiz", "role": "CFO"}],
    )

    def fix(ident: str, amount: float, fraction: float) -> cdx.Solution:
        return cdx.Solution(
            id=ident,
            name=f"Fix {ident}",
            investment=[cdx.InvestmentItem(label="licence", amount=amount)],
            addresses=[cdx.Address(consequence="c", fraction=fraction)],
        )

    return cdx.ValueCase(
        diagnosis=case,
        solutions=[fix("a", 100_000, 0.5), fix("b", 40_000, 0.3)],
        horizon_years=2,
        discount_rate=0.0,
    )


def four_criteria(quality_range: tuple[float, float] | None = None) -> list[cdx.Criterion]:
    """Weights 2, 3, 4, 1 (shares 0.2, 0.3, 0.4, 0.1)."""
    return [
        cdx.Criterion(id="investment", label="Investment", metric="investment", weight=2),
        cdx.Criterion(id="npv", label="NPV", metric="npv", weight=3),
        cdx.Criterion(
            id="quality",
            label="Quality",
            direction="more",
            weight=4,
            weight_range=quality_range,
            scores=[
                cdx.Score(alternative="do_nothing", value=1),
                cdx.Score(alternative="a", value=5),
                cdx.Score(alternative="b", value=3),
            ],
        ),
        score_criterion(
            "training", "less", {"do_nothing": 0, "a": 8, "b": 4}, unit="hours", weight=1
        ),
    ]


def test_the_hand_computed_matrix(two_fixes: cdx.ValueCase) -> None:
    m = cdx.decide(two_fixes, four_criteria())
    assert list(m.index) == ["do_nothing", "a", "b"]
    # raw values: investment 0 / 100,000 / 40,000; NPV 0 / 20,000 / 32,000 (fixture)
    assert m["investment"]["value"].tolist() == [0.0, 100_000.0, 40_000.0]
    assert m["npv"]["value"].tolist() == pytest.approx([0.0, 20_000.0, 32_000.0])
    # investment, less is better, anchors worst 100,000 best 0: (x − 100k)/(0 − 100k)
    assert m["investment"]["score"].tolist() == pytest.approx([1.0, 0.0, 0.6])
    # NPV, anchors 0 and 32,000: 20,000/32,000 = 0.625
    assert m["npv"]["score"].tolist() == pytest.approx([0.0, 0.625, 1.0])
    # a 1–5 score on its own scale: (1−1)/4, (5−1)/4, (3−1)/4
    assert m["quality"]["score"].tolist() == pytest.approx([0.0, 1.0, 0.5])
    # hours, less is better, anchors 8 and 0: (8 − x)/8
    assert m["training"]["score"].tolist() == pytest.approx([1.0, 0.0, 0.5])
    # totals with shares 0.2, 0.3, 0.4, 0.1:
    #   do nothing 0.2·1 + 0 + 0 + 0.1·1                   = 0.3
    #   a          0 + 0.3·0.625 + 0.4·1 + 0                = 0.5875
    #   b          0.2·0.6 + 0.3·1 + 0.4·0.5 + 0.1·0.5      = 0.67
    assert m["total"].tolist() == pytest.approx([0.3, 0.5875, 0.67])
    assert m["rank"].tolist() == [3, 2, 1]
    assert m.attrs["weights"] == pytest.approx(
        {"investment": 0.2, "npv": 0.3, "quality": 0.4, "training": 0.1}
    )
    assert m.attrs["anchors"]["quality"] == (1.0, 5.0)
    assert m.attrs["anchors"]["investment"] == (100_000.0, 0.0)


def test_the_hand_computed_flip_weights(two_fixes: cdx.ValueCase) -> None:
    flips = cdx.flip_weights(two_fixes, four_criteria())
    assert set(flips["leader"]) == {"b"}
    # Quality (share 0.4): the others, renormalised by 1/0.6, give
    #   R_a = 0.5·0.625 = 5/16, R_b = (1/3)·0.6 + 0.5·1 + (1/6)·0.5 = 47/60, R_dn = 1/2.
    # b − a = (1 − w)(47/60 − 5/16) + w(0.5 − 1) = 0 at w = (113/240)/(113/240 + 1/2)
    # = 113/233; b − do nothing stays positive (17/60 at w = 0, 0.5 at w = 1).
    q = flips.loc["quality"]
    assert q["holds_from"] == 0.0
    assert q["holds_to"] == pytest.approx(float(Fraction(113, 233)))
    assert (q["below"], q["above"]) == ("", "a")
    assert q["flip_weight"] == pytest.approx(float(Fraction(113, 233)))
    assert q["flips_to"] == "a"
    # NPV (share 0.3): R_a = 0.4/0.7 = 4/7, R_b = 0.37/0.7 = 37/70, R_dn = 3/7;
    # b − a = −3/70 at w = 0 and 1 − 0.625 = 3/8 at w = 1: zero at (3/70)/(3/70 + 3/8) = 4/39.
    n = flips.loc["npv"]
    assert n["holds_from"] == pytest.approx(4 / 39)
    assert n["holds_to"] == 1.0
    assert (n["below"], n["above"], n["flips_to"]) == ("a", "", "a")
    # Investment (share 0.2): R_a = 0.734375, R_b = 0.6875, R_dn = 0.125 (by 1/0.8);
    # b − a: −3/64 at 0, 0.6 at 1 → 5/69; b − dn: 0.5625 at 0, −0.4 at 1 → 0.5625/0.9625
    # = 45/77. The nearer end to 0.2 is 5/69 (0.128 away, against 0.384).
    i = flips.loc["investment"]
    assert (i["holds_from"], i["holds_to"]) == pytest.approx((5 / 69, 45 / 77))
    assert (i["below"], i["above"]) == ("a", "do_nothing")
    assert (i["flip_weight"], i["flips_to"]) == (pytest.approx(5 / 69), "a")
    # Training (share 0.1): R_b = 6.2/9, R_dn = 2/9; b − dn: 4.2/9 at 0, −0.5 at 1 → 14/29;
    # b − a is 0.325/9 at 0 and 0.5 at 1: never.
    t = flips.loc["training"]
    assert (t["holds_from"], t["holds_to"]) == pytest.approx((0.0, 14 / 29))
    assert (t["below"], t["above"]) == ("", "do_nothing")


def test_no_weight_changes_a_winner_that_is_best_on_everything(
    two_fixes: cdx.ValueCase,
) -> None:
    best = [
        score_criterion("x", "more", {"do_nothing": 1, "a": 2, "b": 5}),
        score_criterion("y", "less", {"do_nothing": 9, "a": 5, "b": 1}, unit="days"),
    ]
    flips = cdx.flip_weights(two_fixes, best)
    assert flips["holds_from"].tolist() == [0.0, 0.0]
    assert flips["holds_to"].tolist() == [1.0, 1.0]
    assert flips["flip_weight"].isna().all()
    assert (flips["flips_to"] == "").all()


def test_normalisation_edges() -> None:
    more = cdx.Criterion(id="npv", label="NPV", metric="npv")
    less = cdx.Criterion(id="p", label="P", metric="payback_months")
    # an alternative without a figure scores the worst, 0
    scores, anchors = normalise(np.array([math.nan, 9.0, 12.0]), less)
    assert scores.tolist() == [0.0, 1.0, 0.0]
    assert anchors == (12.0, 9.0)
    assert str(scores[2]) == "0.0"  # not -0.0
    # every figure the same: all score 1
    assert normalise(np.array([5.0, 5.0]), more)[0].tolist() == [1.0, 1.0]
    # a stated scale clips: 0 months scores 1, 18 scores 0, 24 is worse than the scale
    fixed = cdx.Criterion(id="p", label="P", metric="payback_months", scale=(0, 18))
    assert normalise(np.array([0.0, 9.0, 24.0]), fixed)[0].tolist() == [1.0, 0.5, 0.0]
    # drawn values on the deterministic anchors of a local scale are not clipped
    assert normalise(np.array([-10.0, 30.0]), more, anchors=(0.0, 20.0))[0].tolist() == [
        -0.5,
        1.5,
    ]


def test_months_to_full_effect() -> None:
    s = cdx.Solution(
        id="s",
        name="S",
        start_month=2,
        addresses=[
            cdx.Address(consequence="a", fraction=0.5, months_to_full=9),
            # the ramp holds its last figure from year 3 on: 24 months
            cdx.Address(consequence="b", fraction=0.5, ramp=(0.2, 0.6, 1.0, 1.0)),
            cdx.Address(consequence="c", fraction=0.5),
        ],
    )
    assert months_to_full_effect(s) == 2 + 24
    assert math.isnan(months_to_full_effect(cdx.Solution(id="n", name="N")))


def test_prob_npv_negative_needs_a_simulation(two_fixes: cdx.ValueCase) -> None:
    risk = cdx.Criterion(id="risk", label="Risk", metric="prob_npv_negative")
    with pytest.raises(cdx.OptionError, match="'risk' is measured by prob_npv_negative"):
        cdx.decide(two_fixes, [risk])


def test_criteria_given_in_python_are_checked_against_the_case(
    two_fixes: cdx.ValueCase,
) -> None:
    stray = score_criterion("x", "more", {"do_nothing": 1, "a": 2, "c": 3})
    with pytest.raises(cdx.CaseValidationError) as error:
        cdx.decide(two_fixes, [stray])
    assert error.value.locations() == ["criteria[0].scores[2].alternative", "criteria[0].scores"]
    with pytest.raises(cdx.OptionError, match="no decision criteria"):
        cdx.decide(two_fixes)
    with pytest.raises(cdx.OptionError, match="criteria is empty"):
        cdx.decide(two_fixes, [])


def test_an_evaluation_of_another_case_is_refused(two_fixes: cdx.ValueCase) -> None:
    other = cdx.load_value_case(cdx.example_path())
    with pytest.raises(cdx.OptionError, match="another value case"):
        cdx.decide(two_fixes, four_criteria(), evaluation=cdx.evaluate(other))


# --- acceptability ---------------------------------------------------------------------


def test_identical_alternatives_share_every_place_equally(two_fixes: cdx.ValueCase) -> None:
    same = [
        score_criterion("x", "more", {"do_nothing": 3, "a": 3, "b": 3}),
        score_criterion("y", "less", {"do_nothing": 2, "a": 2, "b": 2}, unit="days"),
    ]
    got = cdx.acceptability(two_fixes, same, n=500, seed=1)
    # every draw ties all three: each takes each place a third of the time, exactly
    assert got.to_numpy() == pytest.approx(np.full((3, 3), 1 / 3))


def test_exchangeable_alternatives_rank_first_about_one_in_k(
    two_fixes: cdx.ValueCase,
) -> None:
    # a cycle: each alternative is best on one criterion, middling on one, worst on one,
    # so under weights uniform on the simplex each ranks first with probability 1/3
    cycle = [
        score_criterion("x", "more", {"do_nothing": 5, "a": 3, "b": 1}),
        score_criterion("y", "more", {"do_nothing": 1, "a": 5, "b": 3}),
        score_criterion("z", "more", {"do_nothing": 3, "a": 1, "b": 5}),
    ]
    n = 30_000
    first = cdx.acceptability(two_fixes, cycle, weights="dirichlet", n=n, seed=7)["rank_1"]
    sigma = math.sqrt((1 / 3) * (2 / 3) / n)
    assert first.to_numpy() == pytest.approx(np.full(3, 1 / 3), abs=4 * sigma)


def test_a_dominating_alternative_always_ranks_first(two_fixes: cdx.ValueCase) -> None:
    dominated = [
        score_criterion("x", "more", {"do_nothing": 1, "a": 2, "b": 5}),
        score_criterion("y", "more", {"do_nothing": 3, "a": 1, "b": 4}),
        cdx.Criterion(id="npv", label="NPV", metric="npv"),
    ]
    got = cdx.acceptability(two_fixes, dominated, weights="dirichlet", n=5_000, seed=3)
    assert got.loc["b", "rank_1"] == 1.0
    assert got.loc[["do_nothing", "a"], "rank_1"].tolist() == [0.0, 0.0]


def test_weights_drawn_within_a_stated_range(two_fixes: cdx.ValueCase) -> None:
    # Quality's weight uniform in [0, 10], the others fixed at 2, 3, 1: its share is
    # w/(6 + w), and b leads while the share is below 113/233 (the flip weight above):
    # w/(6 + w) < 113/233 ⇔ 120 w < 678 ⇔ w < 5.65, probability 0.565; a leads above it.
    n = 40_000
    got = cdx.acceptability(two_fixes, four_criteria((0, 10)), n=n, seed=11)
    assert got.attrs["weights"] == "ranges"
    sigma = math.sqrt(0.565 * 0.435 / n)
    assert got.loc["b", "rank_1"] == pytest.approx(0.565, abs=4 * sigma)
    assert got.loc["a", "rank_1"] == pytest.approx(0.435, abs=4 * sigma)
    assert got.loc["do_nothing", "rank_1"] == 0.0
    assert got.to_numpy().sum(axis=1) == pytest.approx(np.ones(3))
    assert got.to_numpy().sum(axis=0) == pytest.approx(np.ones(3))


def test_the_same_seed_gives_the_same_acceptability(two_fixes: cdx.ValueCase) -> None:
    one = cdx.acceptability(two_fixes, four_criteria((0, 10)), n=3_000, seed=5)
    two = cdx.acceptability(two_fixes, four_criteria((0, 10)), n=3_000, seed=5)
    assert one.equals(two)
    assert one.attrs["seed"] == 5
    fresh = cdx.acceptability(two_fixes, four_criteria((0, 10)), n=100)
    assert isinstance(fresh.attrs["seed"], int)  # the entropy drawn, to reproduce it


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"weights": "ranges"}, "needs a weight_range"),
        ({"weights": "stated"}, "'ranges' or 'dirichlet'"),
        ({"concentration": 0.0}, "concentration"),
        ({"n": 0}, "at least 1"),
        ({"seed": -1}, "seed"),
    ],
)
def test_acceptability_options(
    two_fixes: cdx.ValueCase, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(cdx.OptionError, match=message):
        cdx.acceptability(two_fixes, four_criteria(), **options)


def test_concentration_is_for_dirichlet_draws_only(two_fixes: cdx.ValueCase) -> None:
    with pytest.raises(cdx.OptionError, match="concentration"):
        cdx.acceptability(two_fixes, four_criteria((0, 10)), concentration=5.0)


def test_a_centred_dirichlet_narrows_towards_the_stated_weights(
    two_fixes: cdx.ValueCase,
) -> None:
    # b ranks first at the stated weights; the tighter the draws around them, the more
    # often it stays first
    spread = [
        cdx.acceptability(
            two_fixes, four_criteria(), weights="dirichlet", concentration=k, n=20_000, seed=2
        ).loc["b", "rank_1"]
        for k in (2.0, 20.0, 2_000.0)
    ]
    assert spread[0] < spread[1] < spread[2]
    assert spread[2] > 0.99


def single_npv(vc: cdx.ValueCase, sim: cdx.Simulation) -> tuple[Any, Any]:
    npv = cdx.Criterion(id="npv", label="NPV", metric="npv")
    ev = cdx.evaluate(vc, simulation=sim)
    return cdx.acceptability(vc, [npv], evaluation=ev), ev


def test_with_a_simulation_npv_is_drawn_from_the_evaluations_samples() -> None:
    vc = cdx.load_value_case(cdx.example_path())
    sim = cdx.simulate(vc.diagnosis, n=4_000, seed=4, keep="consequences")
    got, ev = single_npv(vc, sim)
    # one criterion: its weight is 1 in every draw, so an alternative ranks first exactly
    # where its sampled NPV is the highest of the three
    samples = np.column_stack([ev.solutions[a].samples["npv"] for a in got.index])
    winners = np.argmax(samples, axis=1)
    expected = [float(np.mean(winners == i)) for i in range(len(got.index))]
    assert got["rank_1"].tolist() == pytest.approx(expected)
    assert got.attrs["drawn"] == ["npv"]
    assert got.attrs["n"] == 4_000
    assert "stream of the simulation's seed (4)" in got.attrs["seed"]


def test_acme_acceptability_adds_up() -> None:
    vc = cdx.load_value_case(cdx.example_path())
    got = cdx.acceptability(vc, n=2_000, seed=1)
    assert got.to_numpy().sum(axis=0) == pytest.approx(np.ones(len(got)))
    assert got.attrs["weights"] == "ranges"  # acme states its weight ranges
