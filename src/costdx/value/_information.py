r"""Value of information: which estimate is worth confirming first, in money.

The tornado says which estimate moves the total most; a decision maker asks the sharper
question: *which confirmation could change the decision, and what is it worth?* With
alternatives :math:`a` (do nothing among them) of uncertain net benefit
:math:`NB_a(X)`, the decision taken now is the best on average, worth
:math:`\max_a E[NB_a]`. Knowing every input first would be worth

.. math:: \mathrm{EVPI} = E_X\big[\max_a NB_a(X)\big] - \max_a E[NB_a],

the expected value of perfect information; knowing one input :math:`x_i` first,

.. math:: \mathrm{EVPPI}_i = E_{x_i}\big[\max_a E(NB_a \mid x_i)\big] - \max_a E[NB_a],

the expected value of partial perfect information: the most it is worth paying (in time,
in goodwill, in money) to confirm that estimate before deciding. Both are at least 0 and
:math:`\mathrm{EVPPI}_i \le \mathrm{EVPI}`.

Estimator
---------
No nested simulation: the conditional expectations come from the samples a simulation
already has, by the single-input binning method of Strong & Oakley (2013, "An efficient
method for computing single-parameter partial expected value of perfect information",
*Medical Decision Making* 33(6), 755–766): sort the samples by :math:`x_i`, cut them into
:math:`K` bins of equal count, and take each bin's mean net benefit as
:math:`E(NB_a \mid x_i)` there:

.. math:: \widehat{\mathrm{EVPPI}}_i = \frac{1}{n}\sum_{k=1}^{K} n_k \max_a \overline{NB}_{a,k}
          - \max_a \overline{NB}_a,\qquad K = \lceil \sqrt{n}/2 \rceil.

Finite-``n`` bias: a bin mean carries noise of about :math:`\sigma/\sqrt{n/K}`, and the
maximum of noisy means is too high on average, so an input that tells nothing still gets
a small positive value; the bins also average over the input's range, which lowers the
estimate of an input that tells much. The first dominates. Measured on the closed-form
case of the tests (two alternatives, net benefit linear in normal inputs, the decision as
close as it can be): an input with no bearing on the decision scores about 6 % of the EVPI
at n = 10,000 and 4 % at n = 100,000 (it shrinks like :math:`n^{-1/4}`), an informative
one is within 1 % of its exact value. The *noise floor* — the estimator on the same bins
with the samples assigned at random, i.e. its value for an input that tells nothing — is
reported with every result: an EVPPI at or below it is indistinguishable from zero at this
``n``. The estimate is never below 0 nor above the estimated EVPI.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from costdx.engine import Simulation
from costdx.errors import OptionError
from costdx.finance import npv
from costdx.model import DO_NOTHING, Kind, ValueCase
from costdx.value._evaluate import Evaluation, check_simulation, evaluate
from costdx.value._qualify import MIN_COST_TO_PRICE

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Decision", "evpi", "evppi", "noise_floor", "value_of_information"]

Decision = Literal["invest", "pursue"]
Array = NDArray[np.float64]
_NOISE_STREAM = 1 << 30
"""The simulation's stream key for the noise floor's random bins (solutions use 1, 2, ...)."""
_NOISE_REPEATS = 5


def _net_benefit(net_benefit: ArrayLike) -> Array:
    nb = np.asarray(net_benefit, dtype=np.float64)
    if nb.ndim != 2 or nb.shape[0] == 0 or nb.shape[1] == 0:
        raise OptionError(
            "net_benefit must be a 2-D array of samples x alternatives with at least one of "
            f"each, got shape {nb.shape}"
        )
    if not np.all(np.isfinite(nb)):
        raise OptionError("net_benefit has NaN or infinite samples")
    return nb


def default_bins(n: int) -> int:
    """``K = ⌈√n / 2⌉`` bins: more samples buy both finer bins and steadier bin means."""
    return max(1, math.ceil(math.sqrt(n) / 2))


def evpi(net_benefit: ArrayLike) -> float:
    r"""Expected value of perfect information from samples of the net benefits.

    .. math:: \mathrm{EVPI} = \frac{1}{n}\sum_s \max_a NB_{s,a} - \max_a \frac{1}{n}\sum_s NB_{s,a}

    Parameters
    ----------
    net_benefit : array_like, shape (n, alternatives)

    Examples
    --------
    Two equally likely states; acting gains 10 in one and loses 4 in the other (do
    nothing: 0). Deciding now, act: 3 on average. Knowing the state first: 10/2 = 5.

    >>> evpi([[0.0, 10.0], [0.0, -4.0]])
    2.0
    """
    nb = _net_benefit(net_benefit)
    means = np.mean(nb, axis=0)
    estimate = float(np.mean(np.max(nb, axis=1)) - np.max(means))
    # Where one alternative wins in every sample the difference is pure rounding.
    return estimate if estimate > 1e-9 * float(np.max(np.abs(means))) else 0.0


def evppi(inputs: ArrayLike, net_benefit: ArrayLike, *, bins: int | None = None) -> float:
    r"""Expected value of partial perfect information about one input, by binning.

    .. math:: \widehat{\mathrm{EVPPI}} = \frac{1}{n}\sum_k n_k \max_a \overline{NB}_{a,k}
              - \max_a \overline{NB}_a

    over ``bins`` bins of (nearly) equal count along the sorted ``inputs`` (Strong &
    Oakley 2013); see the module docstring for its bias.

    Parameters
    ----------
    inputs : array_like, shape (n,)
        The input's draws, sample by sample.
    net_benefit : array_like, shape (n, alternatives)
        Each alternative's net benefit in the same samples.
    bins : int, optional
        Number of bins ``K`` (default ``⌈√n / 2⌉``; 1 gives 0).

    Examples
    --------
    The input decides the state: knowing it is knowing everything.

    >>> evppi([1.0, 2.0], [[0.0, -4.0], [0.0, 10.0]], bins=2)
    2.0
    """
    nb = _net_benefit(net_benefit)
    x = np.asarray(inputs, dtype=np.float64)
    if x.shape != (nb.shape[0],):
        raise OptionError(
            f"inputs has shape {x.shape}; it needs one draw per sample, ({nb.shape[0]},)"
        )
    order = np.argsort(x, kind="stable")
    return _binned(nb[order], _bins(bins, nb.shape[0]))


def noise_floor(
    net_benefit: ArrayLike,
    *,
    bins: int | None = None,
    rng: np.random.Generator | None = None,
    repeats: int = _NOISE_REPEATS,
) -> float:
    """What `evppi` gives an input that tells nothing: the mean of ``repeats`` estimates
    with the samples put in the bins at random. An EVPPI at or below it cannot be told
    from zero with these samples.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> nb = np.column_stack([np.zeros(10_000), rng.normal(0.0, 1.0, 10_000)])
    >>> 0.0 < noise_floor(nb, rng=rng) < evpi(nb)
    True
    """
    nb = _net_benefit(net_benefit)
    generator = rng if rng is not None else np.random.default_rng()
    k = _bins(bins, nb.shape[0])
    return float(np.mean([_binned(generator.permutation(nb), k) for _ in range(repeats)]))


def _bins(bins: int | None, n: int) -> int:
    if bins is None:
        return default_bins(n)
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise OptionError(f"bins must be a whole number of at least 1, got {bins!r}")
    return min(bins, n)


def _binned(ordered: Array, bins: int) -> float:
    """The binning estimate on samples already in the order of the input."""
    n = ordered.shape[0]
    edges = (np.arange(bins + 1) * n) // bins
    counts = np.diff(edges)
    sums = np.add.reduceat(ordered, edges[:-1], axis=0)
    best_per_bin = np.max(sums / counts[:, None], axis=1)
    means = np.mean(ordered, axis=0)
    estimate = float(np.dot(counts, best_per_bin) / n - np.max(means))
    # Where one alternative wins in every bin the difference is pure rounding.
    rounding = 1e-9 * float(np.max(np.abs(means)))
    return estimate if estimate > rounding else 0.0


# ---------------------------------------------------------------------------------------
# On a value case
# ---------------------------------------------------------------------------------------


def value_of_information(
    value_case: ValueCase,
    simulation: Simulation,
    *,
    decision: Decision = "invest",
    evaluation: Evaluation | None = None,
    bins: int | None = None,
    solution: str | None = None,
    cost_of_sale: float | None = None,
    min_cost_to_price: float = MIN_COST_TO_PRICE,
) -> pd.DataFrame:
    r"""Which estimate is worth confirming first, and what confirming it is worth, in money.

    One row per uncertain input: each estimate driver of the simulation and (for
    ``decision="invest"``) each fraction a solution removes that is an estimate; EVPPI in
    the account's currency, largest first; the overall EVPI in ``attrs``. The formulas
    and the estimator (binning on the simulation's own samples, no nested simulation),
    with its finite-``n`` bias, are in `costdx.value._information`.

    Parameters
    ----------
    value_case:
        The value case; ``simulation`` must be of its diagnosis, with per-consequence
        samples (``simulate(..., keep="consequences")``).
    decision:
        ``"invest"``: the customer's choice among the alternatives (``do_nothing``
        included) by expected NPV, :math:`NB_a = NPV_a`. ``"pursue"``: the seller's choice
        to pursue the deal or walk away, by the qualify rule: the deal closes where the
        discounted cost of the problem is at least ``min_cost_to_price`` times the price
        (the present value of ``solution``'s investment), so
        :math:`NB_{pursue} = price \cdot 1[\text{rule}] - \text{cost\_of\_sale}`,
        :math:`NB_{walk} = 0`: confirming an input is worth the pursuit cost it would save
        where the deal fails, or the deal value it would win back where walking away
        looked right.
    evaluation:
        `costdx.evaluate` of the value case with this simulation, if already computed.
    bins:
        Bins of the estimator (default ``⌈√n / 2⌉``).
    solution:
        ``"pursue"``: the solution being sold (default: the case's own).
    cost_of_sale:
        ``"pursue"``: what pursuing the deal to a decision costs the seller (required:
        without a cost, pursuing can never be wrong and no information has value).
    min_cost_to_price:
        ``"pursue"``: the qualify rule's ratio (as `costdx.qualify`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``input`` (a driver id, or ``<solution>:<consequence>`` for a
        fraction), with ``kind`` (``driver`` or ``fraction``), ``label``, ``unit``,
        ``source``, ``confirmed``, ``evppi``, ``share`` (of the EVPI) and
        ``above_noise`` (EVPPI above the noise floor). ``attrs``: ``evpi``,
        ``noise_floor``, ``decision``, ``currency``, ``best`` (the alternative chosen
        now), ``expected`` (each alternative's expected net benefit), ``n``, ``bins``.

    Examples
    --------
    >>> import costdx as cdx
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> sim = cdx.simulate(vc.diagnosis, n=20_000, seed=1, keep="consequences")
    >>> voi = cdx.value_of_information(vc, sim)
    >>> bool((voi["evppi"] <= voi.attrs["evpi"] + 1e-9).all())
    True
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads on first use

    if decision not in ("invest", "pursue"):
        raise OptionError(f"decision must be 'invest' or 'pursue', not {decision!r}")
    case = value_case.diagnosis
    check_simulation(simulation, case, basis=simulation.basis, scenario=simulation.scenario)
    ev = evaluation
    if ev is None:
        ev = evaluate(value_case, basis=simulation.basis, scenario=simulation.scenario,
                      simulation=simulation)  # fmt: skip
    elif ev.value_case is not value_case and ev.value_case != value_case:
        raise OptionError("the evaluation is of another value case than the one given")
    elif ev.simulation is not simulation:
        raise OptionError(
            "the evaluation was made without this simulation; pass "
            "evaluate(value_case, simulation=simulation) or leave it out"
        )
    if decision == "invest":
        names = list(ev.solutions)
        nb = np.column_stack([ev.solutions[a].samples["npv"] for a in names])
    else:
        names, nb = _pursue(ev, simulation, solution, cost_of_sale, min_cost_to_price)
    k = _bins(bins, simulation.n)
    rows: list[dict[str, object]] = []
    plan = case.plan
    for ident, draws in simulation.inputs().items():
        driver = plan.drivers[ident]
        rows.append({
            "input": ident, "kind": "driver", "label": driver.label or ident,
            "unit": plan.units[ident], "source": driver.source.value if driver.source else "",
            "confirmed": driver.confirmed_by is not None, "evppi": evppi(draws, nb, bins=k),
        })  # fmt: skip
    if decision == "invest":
        rows += _fraction_rows(ev, nb, k)
    total = evpi(nb)
    floor = noise_floor(nb, bins=k, rng=simulation.stream(_NOISE_STREAM))
    frame = pd.DataFrame(
        rows,
        columns=["input", "kind", "label", "unit", "source", "confirmed", "evppi"],
    ).set_index("input")
    frame["share"] = frame["evppi"] / total if total > 0 else 0.0
    frame["above_noise"] = frame["evppi"] > floor
    frame = frame.sort_values("evppi", ascending=False, kind="stable")
    means = nb.mean(axis=0)
    frame.attrs.update(
        evpi=total, noise_floor=floor, decision=decision, currency=ev.currency,
        best=names[int(np.argmax(means))],
        expected={a: float(m) for a, m in zip(names, means, strict=True)},
        n=simulation.n, bins=k,
    )  # fmt: skip
    return frame


def _fraction_rows(ev: Evaluation, nb: Array, bins: int) -> list[dict[str, object]]:
    plan = ev.value_case.diagnosis.plan
    rows: list[dict[str, object]] = []
    for sid, result in ev.solutions.items():
        for key, draws in result.samples.items():
            if not key.startswith("fraction:"):
                continue
            cid = key.removeprefix("fraction:")
            step = plan.consequence(cid)
            label = ev.value_case.diagnosis.problems[step.index[0]].consequences[step.index[1]]
            rows.append({
                "input": f"{sid}:{cid}", "kind": "fraction",
                "label": f"Share of {(label.label or cid).lower()} removed by {result.name}",
                "unit": "1", "source": "estimate", "confirmed": False,
                "evppi": evppi(draws, nb, bins=bins),
            })  # fmt: skip
    return rows


def _pursue(
    ev: Evaluation,
    sim: Simulation,
    solution: str | None,
    cost_of_sale: float | None,
    ratio: float,
) -> tuple[list[str], Array]:
    """The seller's alternatives (walk away, pursue) and their net benefit per sample."""
    vc = ev.value_case
    if cost_of_sale is None or not math.isfinite(cost_of_sale) or cost_of_sale < 0:
        raise OptionError(
            "decision='pursue' needs cost_of_sale, what pursuing the deal to a decision costs "
            f"the seller (a number >= 0), got {cost_of_sale!r}"
        )
    if not math.isfinite(ratio) or ratio <= 0:
        raise OptionError(f"min_cost_to_price must be a number > 0, got {ratio!r}")
    chosen = solution or (vc.ours.id if vc.ours is not None else None)
    if chosen is None or chosen == DO_NOTHING or chosen not in ev.solutions:
        raise OptionError(
            f"decision='pursue' needs the solution being sold; "
            f"{'no solution ' + repr(chosen) if chosen else 'the case has none'}"
        )
    price = float(npv(vc.discount_rate, ev.solutions[chosen].investment, t0=True))
    if price <= 0:
        raise OptionError(f"solution {chosen!r} asks no investment, so there is no price to "
                          "qualify against")  # fmt: skip
    closes = _problem_cost_samples(ev, sim) >= ratio * price
    pursue = np.where(closes, price, 0.0) - cost_of_sale
    return ["walk_away", "pursue"], np.column_stack([np.zeros(sim.n), pursue])


def _problem_cost_samples(ev: Evaluation, sim: Simulation) -> Array:
    """The discounted cost of the problem over the horizon in each sample: each
    consequence's simulated cost grown as in the evaluation, ``Σ_y cost_y/(1+r)^y``
    (a one-time cost in year 1), as `Evaluation.problem_cost_discounted` does on points."""
    vc = ev.value_case
    plan = vc.diagnosis.plan
    missing = [c.id for c in plan.consequences if c.id not in sim.parts]
    if missing:
        raise OptionError("decision='pursue' needs per-consequence samples: run "
                          "simulate(..., keep='consequences')")  # fmt: skip
    discount = (1.0 + vc.discount_rate) ** -np.arange(1, vc.horizon_years + 1, dtype=np.float64)
    total = np.zeros(sim.n)
    for step in plan.consequences:
        series = ev.cost_by_year[step.id]
        if step.kind is Kind.RECURRING:
            index = series / series[0] if series[0] != 0 else np.ones_like(series)
            weight = float(index @ discount)
        else:
            weight = float(discount[0])
        total += sim.parts[step.id] * weight
    return total
