"""The ledger of a tracking: baseline, actual, promised and realised value, month by month.

For each consequence ``c`` the solution addresses and each tracked month ``m`` (timeline
months, 0 = the decision, from go-live ``s + 1`` to the as-of month ``a``):

* **baseline** ``B_c(m)``: the diagnosed cost, the consequence's formula on the drivers'
  diagnosed (point) values grown to the month's year, ÷ 12 for a recurring cost; a
  one-time cost sits whole in the go-live month, as in the promise;
* **actual** ``A_c(m)``: the same formula with every driver measured by month ``m`` at
  its last measured value (a value carries forward until a new one arrives) and every
  other driver at its diagnosed value;
* **realised** ``R_c(m) = B_c(m) − A_c(m)``. Every consequence states what the problem
  costs — a cost paid, revenue lost, a risk's expected loss, capital's carrying cost — so
  the value is what the problem stopped costing, with one sign rule for every category:
  less lost revenue is realised value as less cost is;
* **promised** ``P_c(m)``: the value case's timeline for the solution (cost ÷ 12 ×
  fraction × risk adjustment × effect of the month);
* a month in which no input of ``c`` has been measured yet has **no data**: ``R_c(m)``
  is left out (``nan``), not counted as a shortfall. A one-time cost has data in the
  go-live month only: no other month holds anything of it to check.

**Variance** ``V = R − P`` splits into **timing** (the ramp running late) and **rate**
(the share achieved at full effect). Over the months with data ``W``, each lateness
``k = 0 … a − s − 1`` months is tried: the promise slipped by ``k`` months, ``P^k``
(`Evaluation.what_if` with ``slip=k``), scaled by the least-squares factor
``λ_k = Σ_W R·P^k / Σ_W (P^k)²``; the ``k`` whose ``λ_k P^k`` fits ``R`` best (the
smallest ``k`` among equal fits) is the lateness. Then

* ``timing(m) = P^k(m) − P(m)``: what the late ramp costs at the promised rate;
* ``rate(m) = R(m) − P^k(m)``: the rest, the rate achieved against the promised one;
* ``timing + rate = R − P = V``, month by month; the share removed at full effect is
  ``λ_k × fraction × risk`` against the promised ``fraction × risk``.

A one-time consequence has no ramp: its variance is all rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from costdx.model import Kind, Solution, Tracking, point_values
from costdx.value._evaluate import Evaluation
from costdx.value._timeline import MONTHS_PER_YEAR, Timeline, year_of_month

__all__ = ["CARRIED", "MEASURED", "NO_DATA", "Ledger", "grown_values", "ledger"]

Array = NDArray[np.float64]

NO_DATA, CARRIED, MEASURED = 0, 1, 2
"""What a consequence's month rests on: no input measured yet; only values carried
forward from earlier months; a measurement of that month."""


def grown_values(values: Mapping[str, float], tracking: Tracking, year: int) -> dict[str, float]:
    """The input drivers' values in year ``year``: ``x_d × (1 + g_d) ** (year − 1)``."""
    drivers = tracking.value_case.diagnosis.plan.drivers
    return {d: v * (1.0 + (drivers[d].growth or 0.0)) ** (year - 1) for d, v in values.items()}


@dataclass(frozen=True, slots=True)
class Ledger:
    """A tracking's months, computed once; `costdx.value.Realisation` presents it.

    Arrays are ``(consequence, tracked month)`` in the order of `consequences` and
    `months`.
    """

    tracking: Tracking
    evaluation: Evaluation
    solution: Solution
    consequences: tuple[str, ...]
    go: int
    """The go-live month on the timeline: ``start_month + 1``."""
    as_of: int
    """The last month tracked on the timeline (``go − 1`` when nothing is tracked yet)."""
    months: NDArray[np.int64]
    overrides: tuple[dict[str, float], ...]
    """Per tracked month, each measured driver's value carried to it."""
    baseline: Array
    actual: Array
    promised: Array
    realised: Array
    data: NDArray[np.int8]
    slip: dict[str, int]
    """Per consequence, the months its ramp runs late (0 without data)."""
    scale: dict[str, float]
    """Per consequence, ``λ``: the share of the promise achieved at the fitted lateness."""
    slipped: Array
    """The promise slipped by each consequence's lateness."""
    last_measured: dict[str, int | None]
    """Per consequence, the last month in which an input of it was measured."""

    @property
    def timeline(self) -> Timeline:
        """The promise: the solution's timeline in the value case."""
        return self.evaluation.solutions[self.solution.id].timeline

    @property
    def measured(self) -> frozenset[str]:
        """The drivers measured by the as-of month."""
        return frozenset(self.overrides[-1]) if self.overrides else frozenset()

    def row(self, consequence: str) -> int:
        """The row of a consequence in the arrays."""
        return self.consequences.index(consequence)


def ledger(tracking: Tracking, evaluation: Evaluation, as_of: int | None) -> Ledger:
    """Compute the ledger of ``tracking`` up to timeline month ``as_of`` (default: the
    last month measured), on ``evaluation`` (the value case evaluated on its point
    values)."""
    vc = tracking.value_case
    plan = vc.diagnosis.plan
    solution = tracking.bought
    horizon = MONTHS_PER_YEAR * vc.horizon_years
    values = tracking.values()
    go = solution.start_month + 1
    last = as_of if as_of is not None else max((m for _, m in values), default=go - 1)
    last = min(last, horizon)
    months = np.arange(go, last + 1, dtype=np.int64)
    consequences = tuple(a.consequence for a in solution.addresses)
    kinds = {c.id: c.kind for c in plan.consequences}
    inputs = {c: plan.consequence(c).inputs for c in consequences}
    timeline = evaluation.solutions[solution.id].timeline
    point = point_values(vc.diagnosis)
    shape = (len(consequences), months.size)
    baseline, actual, promised = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    data = np.zeros(shape, dtype=np.int8)
    overrides: list[dict[str, float]] = []
    carried: dict[str, float] = {}
    diagnosed: dict[int, dict[str, float]] = {}
    last_measured: dict[str, int | None] = dict.fromkeys(consequences)
    for j, m in enumerate(months.tolist()):
        fresh = {d for (d, at) in values if at == m}
        carried.update({d: values[(d, m)] for d in fresh})
        overrides.append(dict(carried))
        year = year_of_month(m)
        if year not in diagnosed:
            diagnosed[year] = plan.evaluate(grown_values(point, tracking, year))
        base = diagnosed[year]
        now = plan.evaluate({**grown_values(point, tracking, year), **carried}) if carried else base
        for i, c in enumerate(consequences):
            promised[i, j] = timeline.benefit_by_consequence[c][m]
            if kinds[c] is Kind.ONE_TIME and m != go:
                continue  # avoided once, at go-live: no other month holds anything to check
            if fresh & inputs[c]:
                data[i, j] = MEASURED
                last_measured[c] = m
            elif carried.keys() & inputs[c]:
                data[i, j] = CARRIED
            if kinds[c] is Kind.ONE_TIME:  # in the month benefits begin, at year 1's cost
                first = diagnosed.setdefault(1, plan.evaluate(grown_values(point, tracking, 1)))
                at_go = {**grown_values(point, tracking, 1), **carried}
                baseline[i, j] = first[c]
                actual[i, j] = plan.evaluate(at_go)[c] if carried else first[c]
            else:
                baseline[i, j] = base[c] / MONTHS_PER_YEAR
                actual[i, j] = now[c] / MONTHS_PER_YEAR
    realised = np.where(data > NO_DATA, baseline - actual, np.nan)
    slip, scale, slipped = _fit(
        evaluation, solution, consequences=consequences, kinds=kinds, months=months,
        realised=realised, promised=promised, go=go,
    )  # fmt: skip
    return Ledger(
        tracking=tracking, evaluation=evaluation, solution=solution, consequences=consequences,
        go=go, as_of=last, months=months, overrides=tuple(overrides), baseline=baseline,
        actual=actual, promised=promised, realised=realised, data=data, slip=slip,
        scale=scale, slipped=slipped, last_measured=last_measured,
    )  # fmt: skip


def _fit(
    evaluation: Evaluation,
    solution: Solution,
    *,
    consequences: tuple[str, ...],
    kinds: Mapping[str, Kind],
    months: NDArray[np.int64],
    realised: Array,
    promised: Array,
    go: int,
) -> tuple[dict[str, int], dict[str, float], Array]:
    """Per consequence, the lateness ``k`` and scale ``λ`` that fit the realised value
    best by least squares, and the promise slipped by ``k`` (see the module's text)."""
    slip: dict[str, int] = {}
    scale: dict[str, float] = {}
    slipped = promised.copy()
    timelines: dict[int, Timeline] = {}

    def shifted(k: int) -> Timeline:
        if k not in timelines:
            timelines[k] = evaluation.what_if(solution.id, slip=k)
        return timelines[k]

    for i, c in enumerate(consequences):
        seen = ~np.isnan(realised[i])
        slip[c], scale[c] = 0, math.nan
        if not seen.any():
            continue
        r = realised[i, seen]
        lates = range(int(months[-1]) - go + 1) if kinds[c] is Kind.RECURRING else range(1)
        best: tuple[float, int, float] | None = None
        for k in lates:
            p = shifted(k).benefit_by_consequence[c][months][seen]
            weight = float(p @ p)
            if weight == 0.0:
                continue
            lam = float(r @ p) / weight
            residual = float(np.sum((r - lam * p) ** 2))
            # equal fits (the ramp already at full effect in every month seen) keep the
            # smaller lateness: nothing then shows the ramp ran late
            noise = 1e-9 * (float(r @ r) + weight)
            if best is None or residual < best[0] - noise:
                best = (residual, k, lam)
        if best is None:
            continue
        _, slip[c], scale[c] = best
        slipped[i] = shifted(slip[c]).benefit_by_consequence[c][months]
    return slip, scale, slipped
