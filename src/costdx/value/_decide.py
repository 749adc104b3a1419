r"""The customer's decision matrix over every alternative, and how firm its ranking is.

Normalisation
-------------
Each criterion's values :math:`x_a` become scores in :math:`[0, 1]` by a linear value
function between two anchors, the *worst* :math:`x^-` and the *best* :math:`x^+`:

.. math:: s_a = \frac{x_a - x^-}{x^+ - x^-}

(min–max with direction). The anchors are the criterion's ``scale`` when it states one
(values beyond score 0 or 1), 1 and 5 for a 1–5 score, and otherwise the worst and the
best alternative (a *local* scale). Why min–max and not the alternatives that keep
ratios (``x / max``, vector normalisation): NPV can be negative and doing nothing invests
0, where ratios break down or flip, and a weight on a min–max scale has a meaning a
customer can state and check — a *swing weight*, how much going from the worst to the best
on this criterion matters against the same swing on the others (SMART/SMARTER, Edwards &
Barron 1994). The price of a local scale is that a small difference between alternatives
becomes a full swing; the document shows each criterion's anchors beside its weight, and a
criterion can fix them with ``scale``. An alternative without a figure — the ROI or the
payback of doing nothing, which invests nothing, a payback that never comes within the
horizon, full effect that never comes — scores 0, the worst.

The weighted total is :math:`T_a = \sum_j w_j s_{aj}` with the weights as shares of their
sum (:math:`\sum_j w_j = 1`); rank 1 is the highest total.

How firm
--------
*Flip weights* (one criterion at a time): as criterion :math:`j`'s weight moves to
:math:`w` and the others keep their proportions, every total is linear in :math:`w`:

.. math:: T_a(w) = w\, s_{aj} + (1 - w)\, R_a, \qquad
          R_a = \frac{\sum_{k \ne j} w_k s_{ak}}{1 - w_j},

so the leader :math:`L` stays first on an interval of weights; at its ends another
alternative :math:`b` ties, at :math:`w^* = \Delta R / (\Delta R - \Delta s)` with
:math:`\Delta R = R_L - R_b`, :math:`\Delta s = s_{Lj} - s_{bj}`.

*Acceptability* (SMAA, Lahdelma, Hokkanen & Salminen 1998): weights drawn many times —
uniformly within each criterion's stated ``weight_range``, or from a Dirichlet — and, with
a simulation, the NPV and ROI of every alternative drawn from the evaluation's samples
(the same sample for every alternative, so their shared uncertainty stays shared); the
share of draws in which an alternative ranks first is its first-rank acceptability. The
value functions stay those of the deterministic matrix, so a drawn NPV beyond the best
alternative's scores above 1 on a local scale (a stated scale still stops at 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from costdx.engine import Simulation
from costdx.errors import CaseValidationError, OptionError
from costdx.model import (
    DO_NOTHING,
    Criterion,
    Solution,
    ValueCase,
    criteria_issues,
)
from costdx.value._evaluate import Evaluation, evaluation_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "acceptability",
    "criterion_values",
    "decide",
    "flip_weights",
    "months_to_full_effect",
    "normalise",
]

Array = NDArray[np.float64]
WeightDraws = Literal["ranges", "dirichlet"]

_WEIGHT_STREAM = (1 << 30) + 1
"""The simulation's stream key for the drawn weights (the noise floor of the value of
information uses ``1 << 30``, solutions 1, 2, ...)."""
_CHUNK = 8192
"""Draws scored at once: bounds the memory of draws × alternatives × criteria."""
_SAMPLED = ("npv", "roi")
"""Metrics the evaluation has a sample of, drawn in acceptability with a simulation."""


def months_to_full_effect(solution: Solution) -> float:
    """Months from the decision until every consequence the solution addresses is at the
    level it keeps: ``start_month + max`` over its addresses of ``months_to_full``, or
    ``12 × i`` for a ramp that holds its last figure from year ``i`` of operation on, or
    0 for full effect at once. ``nan`` for a solution that addresses nothing.

    >>> from costdx.model import Address, Solution
    >>> months_to_full_effect(Solution(id="s", name="S", start_month=3, addresses=[
    ...     Address(consequence="a", fraction=0.5, months_to_full=6),
    ...     Address(consequence="b", fraction=0.5, ramp=(0.5, 1.0))]))
    15.0
    """
    if not solution.addresses:
        return math.nan
    months = []
    for address in solution.addresses:
        if address.months_to_full is not None:
            months.append(address.months_to_full)
        elif address.ramp is not None:
            last = address.ramp[-1]
            held = len(address.ramp) - 1
            while held > 0 and address.ramp[held - 1] == last:
                held -= 1
            months.append(12 * held)
        else:
            months.append(0)
    return float(solution.start_month + max(months))


def criterion_values(ev: Evaluation, criterion: Criterion) -> Array:
    """Each alternative's value on ``criterion``, in the order of ``ev.solutions``."""
    if criterion.metric is None:
        given = {s.alternative: s.value for s in criterion.scores}
        return np.array([given[a] for a in ev.solutions], dtype=np.float64)
    values = []
    for sid, result in ev.solutions.items():
        if criterion.metric == "npv":
            values.append(result.npv)
        elif criterion.metric == "roi":
            values.append(result.roi)
        elif criterion.metric == "payback_months":
            values.append(result.payback_months)
        elif criterion.metric == "investment":
            values.append(result.total_investment)
        elif criterion.metric == "months_to_full_effect":
            values.append(months_to_full_effect(ev.value_case.solution(sid)))
        else:
            if "npv" not in result.samples:
                raise OptionError(
                    f"criterion {criterion.id!r} is measured by prob_npv_negative, which "
                    "needs a simulation: pass simulation=cdx.simulate(value_case.diagnosis, "
                    "n=..., keep='consequences')"
                )
            values.append(result.prob_npv_negative())
    return np.array(values, dtype=np.float64)


def normalise(
    values: Array, criterion: Criterion, *, anchors: tuple[float, float] | None = None
) -> tuple[Array, tuple[float, float]]:
    r"""Scores in :math:`[0, 1]` and the anchors ``(worst, best)`` they run between.

    :math:`s = (x - x^-)/(x^+ - x^-)`; the anchors are ``anchors`` if given (the
    deterministic matrix's, for drawn values), else the criterion's fixed scale, else the
    worst and best finite value. A fixed scale clips to :math:`[0, 1]`; ``nan`` scores 0;
    when every finite value is the same they all score 1.

    >>> from costdx.model import Criterion
    >>> c = Criterion(id="npv", label="NPV", metric="npv")
    >>> normalise(np.array([0.0, 300.0, 100.0]), c)[0].tolist()
    [0.0, 1.0, 0.3333333333333333]
    """
    fixed = criterion.fixed_scale
    if anchors is not None:
        worst, best = anchors
    elif fixed is not None:
        worst, best = fixed if criterion.better == "more" else fixed[::-1]
    else:
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return np.zeros_like(values), (math.nan, math.nan)
        low, high = float(finite.min()), float(finite.max())
        worst, best = (low, high) if criterion.better == "more" else (high, low)
    if worst == best:
        scores = np.where(np.isfinite(values), 1.0, 0.0)
    else:
        scores = (values - worst) / (best - worst)
        if fixed is not None:
            scores = np.clip(scores, 0.0, 1.0)
    # + 0.0: the worst of a less-is-better criterion would otherwise show as -0.0
    finite = np.asarray(np.where(np.isfinite(scores), scores, 0.0), dtype=np.float64)
    return finite + 0.0, (worst, best)


def _criteria(vc: ValueCase, criteria: Sequence[Criterion] | None) -> tuple[Criterion, ...]:
    if criteria is None:
        if not vc.criteria:
            raise OptionError(
                "the value case has no decision criteria: add [[value_case.criteria]] to the "
                "case file, or pass criteria=[cdx.Criterion(...), ...]"
            )
        return vc.criteria
    chosen = tuple(criteria)
    if not chosen:
        raise OptionError("criteria is empty: give at least one criterion")
    issues = criteria_issues(
        chosen,
        alternatives=[DO_NOTHING, *(s.id for s in vc.solutions)],
        stakeholders=(s.id for s in vc.diagnosis.stakeholders),
    )
    if issues:
        raise CaseValidationError(issues, title="invalid criteria")
    return chosen


def _weights(criteria: Sequence[Criterion]) -> Array:
    raw = np.array([c.weight for c in criteria], dtype=np.float64)
    return np.asarray(raw / raw.sum(), dtype=np.float64)


class _Matrix:
    """The values, scores, anchors and weights of the criteria over the alternatives."""

    def __init__(self, ev: Evaluation, criteria: Sequence[Criterion]) -> None:
        self.ev = ev
        self.criteria = tuple(criteria)
        self.alternatives = list(ev.solutions)
        self.weights = _weights(criteria)
        columns = [criterion_values(ev, c) for c in criteria]
        self.values = np.column_stack(columns)
        normalised = [normalise(v, c) for v, c in zip(columns, criteria, strict=True)]
        self.scores = np.column_stack([s for s, _ in normalised])
        self.anchors = [a for _, a in normalised]

    @property
    def totals(self) -> Array:
        return self.scores @ self.weights


def _matrix(
    vc: ValueCase,
    criteria: Sequence[Criterion] | None,
    evaluation: Evaluation | None,
    simulation: Simulation | None,
) -> _Matrix:
    chosen = _criteria(vc, criteria)
    return _Matrix(evaluation_of(vc, evaluation, simulation), chosen)


def decide(
    value_case: ValueCase,
    criteria: Sequence[Criterion] | None = None,
    *,
    evaluation: Evaluation | None = None,
    simulation: Simulation | None = None,
) -> pd.DataFrame:
    r"""The decision matrix: every alternative (``do_nothing`` included) on every criterion.

    Each criterion's values are scored by min–max with direction,
    :math:`s = (x - x^-)/(x^+ - x^-)` between its worst and best anchor (see
    `costdx.value._decide` for the anchors and why), and the alternatives ranked by the
    weighted total :math:`T_a = \sum_j w_j s_{aj}`, the weights as shares of their sum.

    Parameters
    ----------
    value_case:
        The value case; its alternatives are its solutions and ``do_nothing``.
    criteria:
        The criteria (default: the value case's own).
    evaluation:
        `costdx.evaluate` of the value case, if already computed.
    simulation:
        A simulation of the diagnosis (``keep="consequences"``); needed for a criterion
        measured by ``prob_npv_negative``.

    Returns
    -------
    pandas.DataFrame
        One row per alternative, in the evaluation's order; two column levels: for each
        criterion id its ``value`` and ``score``, then ``total`` and ``rank`` (1 = first;
        ties share the better rank). ``attrs``: ``weights`` (shares), ``anchors``
        (``(worst, best)`` per criterion), ``names`` (each alternative's name),
        ``currency``.

    Examples
    --------
    NPV weighs 3 and a 1–5 ease-of-use score 1: totals 0.75·s_npv + 0.25·s_ease.
    Northwind's NPV is the best (score 1) and its ease 3 scores (3 − 1)/4 = 0.5:
    0.75 + 0.125 = 0.875.

    >>> import costdx as cdx
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> ease = cdx.Criterion(id="ease", label="Ease of use", direction="more", scores=[
    ...     cdx.Score(alternative="northwind_ops", value=3),
    ...     cdx.Score(alternative="cmms_upgrade", value=4),
    ...     cdx.Score(alternative="do_nothing", value=5)])
    >>> npv = cdx.Criterion(id="npv", label="NPV", metric="npv", weight=3)
    >>> matrix = cdx.decide(vc, [npv, ease])
    >>> round(float(matrix.loc["northwind_ops", "total"]), 3)
    0.875
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads on first use

    m = _matrix(value_case, criteria, evaluation, simulation)
    data: dict[tuple[str, str], object] = {}
    for j, criterion in enumerate(m.criteria):
        data[(criterion.id, "value")] = m.values[:, j]
        data[(criterion.id, "score")] = m.scores[:, j]
    totals = m.totals
    data[("total", "")] = totals
    frame = pd.DataFrame(data, index=pd.Index(m.alternatives, name="alternative"))
    frame.columns = pd.MultiIndex.from_tuples(list(data), names=["criterion", ""])
    frame[("rank", "")] = _ranks(totals)
    frame.attrs.update(
        weights={c.id: float(w) for c, w in zip(m.criteria, m.weights, strict=True)},
        anchors={c.id: a for c, a in zip(m.criteria, m.anchors, strict=True)},
        names={sid: r.name for sid, r in m.ev.solutions.items()},
        currency=m.ev.currency,
    )
    return frame


def _ranks(totals: Array) -> NDArray[np.int64]:
    """1 for the highest total; ties share the better rank."""
    return np.array([1 + int(np.sum(totals > t + _tie(float(t)))) for t in totals], dtype=np.int64)


def _tie(total: float) -> float:
    """How close two totals are to count as a tie: rounding of sums of a few products."""
    return 1e-12 * max(1.0, abs(total))


def flip_weights(
    value_case: ValueCase,
    criteria: Sequence[Criterion] | None = None,
    *,
    evaluation: Evaluation | None = None,
    simulation: Simulation | None = None,
) -> pd.DataFrame:
    r"""For each criterion, the weights at which the leader changes.

    Criterion :math:`j`'s weight moves from its share :math:`w_j` to :math:`w` while the
    others keep their proportions, so every total is linear in :math:`w`:
    :math:`T_a(w) = w\,s_{aj} + (1-w)\,R_a`. The leader stays first on
    ``[holds_from, holds_to]``; beyond each end another alternative leads.

    Returns
    -------
    pandas.DataFrame
        One row per criterion: ``weight`` (share), ``leader``, ``holds_from``,
        ``holds_to``, ``below`` and ``above`` (who leads beyond each end; empty where the
        end is 0 or 1), ``flip_weight`` (the end nearer the weight where the leader
        changes; ``nan`` when no weight changes the winner) and ``flips_to``.

    Examples
    --------
    >>> import costdx as cdx
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> flips = cdx.flip_weights(vc)
    >>> bool((flips["holds_from"] <= flips["weight"]).all())
    True
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads on first use

    m = _matrix(value_case, criteria, evaluation, simulation)
    totals = m.totals
    leader = int(np.argmax(totals))  # the first of tied leaders, as rank 1 lists them
    rows = []
    for j, criterion in enumerate(m.criteria):
        low, high, below, above = _interval(m.scores, m.weights, j, leader)
        gaps = [(m.weights[j] - low, low, below), (high - m.weights[j], high, above)]
        flips = [(gap, w, who) for gap, w, who in gaps if who is not None]
        nearest = min(flips, key=lambda f: f[0]) if flips else None
        rows.append({
            "criterion": criterion.id, "label": criterion.label, "owner": criterion.owner or "",
            "weight": float(m.weights[j]), "leader": m.alternatives[leader],
            "holds_from": low, "holds_to": high,
            "below": "" if below is None else m.alternatives[below],
            "above": "" if above is None else m.alternatives[above],
            "flip_weight": math.nan if nearest is None else nearest[1],
            "flips_to": "" if nearest is None else m.alternatives[nearest[2]],
        })  # fmt: skip
    return pd.DataFrame(rows).set_index("criterion")


def _interval(
    scores: Array, weights: Array, j: int, leader: int
) -> tuple[float, float, int | None, int | None]:
    """The weights of criterion ``j`` at which ``leader`` stays first, and who leads
    just below and just above them (``None`` at 0 and 1)."""
    w0 = float(weights[j])
    rest = np.delete(np.arange(weights.size), j)
    # the only criterion (w0 = 1): the others contribute nothing at any weight
    others = scores[:, rest] @ (weights[rest] / (1.0 - w0)) if w0 < 1 else np.zeros(len(scores))
    low, high = 0.0, 1.0
    below: tuple[float, int] | None = None  # (slope, alternative) of the binding tie
    above: tuple[float, int] | None = None
    for b in range(scores.shape[0]):
        if b == leader:
            continue
        d0 = others[leader] - others[b]  # T_L − T_b at w = 0
        d1 = scores[leader, j] - scores[b, j]  # at w = 1
        slope = d1 - d0
        tol = float(_tie(max(abs(d0), abs(d1))))
        if d0 < -tol and slope > 0:
            root = d0 / (d0 - d1)
            if root > low or (root == low and below is not None and slope > below[0]):
                low, below = root, (slope, b)
        if d1 < -tol and slope < 0:
            root = d0 / (d0 - d1)
            if root < high or (root == high and above is not None and -slope > -above[0]):
                high, above = root, (slope, b)
    return low, high, None if below is None else below[1], None if above is None else above[1]


def acceptability(
    value_case: ValueCase,
    criteria: Sequence[Criterion] | None = None,
    *,
    evaluation: Evaluation | None = None,
    simulation: Simulation | None = None,
    weights: WeightDraws | None = None,
    concentration: float | None = None,
    n: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    r"""How often each alternative ranks first (and second ...) as weights and, with a
    simulation, the value case's figures vary: SMAA rank acceptability.

    In each of ``n`` draws the weights are drawn — ``"ranges"``: each criterion's weight
    uniform in its ``weight_range`` (a criterion without one keeps its weight), then
    made shares of their sum; ``"dirichlet"``: from a Dirichlet, uniform over all
    weightings (``concentration=None``: no weight information, the classic SMAA) or
    centred on the stated shares :math:`w` with :math:`\alpha = \kappa w`
    (``concentration=κ``; larger is closer agreement) — and, with a simulation, each
    alternative's NPV and ROI are those of one of the evaluation's samples. The draw
    ranks the alternatives by :math:`T_a = \sum_j w_j s_{aj}` on the deterministic
    matrix's value functions; tied alternatives share their places equally.

    Parameters
    ----------
    weights:
        ``"ranges"`` or ``"dirichlet"``; default: ``"ranges"`` when some criterion has a
        ``weight_range``, else ``"dirichlet"``.
    concentration:
        ``"dirichlet"`` only: κ > 0 to centre the draws on the stated weights.
    n:
        Draws (default: the simulation's samples, else 10,000).
    seed:
        Seed of the weight draws (default: a stream of the simulation's own seed, else
        fresh entropy; ``attrs["seed"]`` records it either way).

    Returns
    -------
    pandas.DataFrame
        One row per alternative; ``rank_1`` … ``rank_k``: the share of draws in which it
        takes each place (``rank_1``: its probability of ranking first). ``attrs``:
        ``weights``, ``concentration``, ``n``, ``seed``, ``drawn`` (the criteria drawn
        from the simulation's samples).

    Examples
    --------
    >>> import costdx as cdx
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> first = cdx.acceptability(vc, n=2_000, seed=1)["rank_1"]
    >>> round(float(first.sum()), 9)
    1.0
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads on first use

    m = _matrix(value_case, criteria, evaluation, simulation)
    how = weights or ("ranges" if any(c.weight_range for c in m.criteria) else "dirichlet")
    if how not in ("ranges", "dirichlet"):
        raise OptionError(f"weights must be 'ranges' or 'dirichlet', not {weights!r}")
    if how == "ranges" and not any(c.weight_range for c in m.criteria):
        raise OptionError(
            "weights='ranges' needs a weight_range on at least one criterion; or draw "
            "weights='dirichlet'"
        )
    if concentration is not None and (how != "dirichlet" or not concentration > 0):
        raise OptionError(
            f"concentration (κ > 0) centres Dirichlet draws; got {concentration!r} with "
            f"weights={how!r}"
        )
    sampled = m.ev.simulation is not None
    draws = _draw_count(n, m.ev.simulation)
    rng, used = _rng(seed, m.ev.simulation)
    drawn = [c.id for c in m.criteria if sampled and c.metric in _SAMPLED]
    k = len(m.alternatives)
    places = np.zeros((k, k))
    for start in range(0, draws, _CHUNK):
        size = min(_CHUNK, draws - start)
        w = _draw_weights(m, how, concentration, size, rng)
        scores = np.broadcast_to(m.scores, (size, *m.scores.shape)).copy()
        for j, criterion in enumerate(m.criteria):
            if criterion.id in drawn:
                assert criterion.metric is not None
                values = np.column_stack([
                    m.ev.solutions[a].samples[criterion.metric][start : start + size]
                    for a in m.alternatives
                ])  # fmt: skip
                scores[:, :, j] = normalise(values, criterion, anchors=m.anchors[j])[0]
        totals = np.einsum("sak,sk->sa", scores, w)
        places += _places(totals)
    frame = pd.DataFrame(
        places / draws,
        index=pd.Index(m.alternatives, name="alternative"),
        columns=[f"rank_{r}" for r in range(1, k + 1)],
    )
    frame.attrs.update(weights=how, concentration=concentration, n=draws, seed=used, drawn=drawn)
    return frame


def _draw_count(n: int | None, simulation: Simulation | None) -> int:
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise OptionError(f"n must be a whole number of at least 1, got {n!r}")
    if simulation is None:
        return 10_000 if n is None else n
    if n is not None and n > simulation.n:
        raise OptionError(
            f"n = {n:,} draws, but the simulation has {simulation.n:,} samples; give at most "
            "that many, or leave n out"
        )
    return simulation.n if n is None else n


def _rng(seed: int | None, simulation: Simulation | None) -> tuple[np.random.Generator, int | str]:
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise OptionError(f"seed must be a whole number >= 0, got {seed!r}")
        return np.random.default_rng(seed), seed
    if simulation is not None:
        origin = "fresh entropy" if simulation.seed is None else simulation.seed
        return simulation.stream(_WEIGHT_STREAM), f"stream of the simulation's seed ({origin})"
    sequence = np.random.SeedSequence()
    assert isinstance(sequence.entropy, int)
    return np.random.default_rng(sequence), sequence.entropy


def _draw_weights(
    m: _Matrix, how: str, concentration: float | None, size: int, rng: np.random.Generator
) -> Array:
    if how == "dirichlet":
        alpha = np.ones(m.weights.size) if concentration is None else concentration * m.weights
        return rng.dirichlet(alpha, size)
    low = np.array([(c.weight_range or (c.weight, c.weight))[0] for c in m.criteria])
    high = np.array([(c.weight_range or (c.weight, c.weight))[1] for c in m.criteria])
    raw = low + (high - low) * rng.random((size, low.size))
    total = raw.sum(axis=1, keepdims=True)
    # every range may reach 0 at once: such a draw says nothing, so it weighs all equally
    return np.where(total > 0, raw / np.where(total > 0, total, 1.0), 1.0 / low.size)


def _places(totals: Array) -> Array:
    """For draws × alternatives totals, how often each alternative takes each place;
    ``m`` alternatives tied share their ``m`` places, ``1/m`` each."""
    k = totals.shape[1]
    tol = (1e-12 * np.maximum(1.0, np.abs(totals)))[:, :, None]  # as _tie, for arrays
    diff = totals[:, None, :] - totals[:, :, None]  # [s, a, b] = T_b − T_a
    better = np.count_nonzero(diff > tol, axis=2)
    tied = np.count_nonzero(np.abs(diff) <= tol, axis=2)  # itself included
    cell = np.arange(k) * k  # row a of the k × k table, flattened
    if tied.max() == 1:  # no ties: one place each, one more than those ahead of it
        counts = np.bincount((cell + better).ravel(), minlength=k * k)
        return np.asarray(counts.reshape(k, k), dtype=np.float64)
    places = np.zeros(k * k)
    for offset in range(k):
        share = np.where(offset < tied, 1.0 / tied, 0.0)
        place = np.minimum(better + offset, k - 1)
        places += np.bincount((cell + place).ravel(), weights=share.ravel(), minlength=k * k)
    return places.reshape(k, k)
