"""The promise re-forecast: the value case's horizon as it now stands, given what was measured.

Month by month, each addressed consequence's benefit over the whole horizon is:

* **to date, with data**: the realised value ``B − A`` (`costdx.value._ledger`). A
  measured driver stands at its diagnosed value in the baseline (the baseline agreed at
  signing: a measurement after go-live says where a driver is, not where it would have
  been) and at its measurement, carried forward, in the actual; every driver not
  measured is drawn from its estimate, the same draw in both;
* **after the as-of month, for a consequence measured**: the reduction of its last
  measured month carried on up the rest of its ramp, the ramp late by the consequence's
  fitted lateness ``k``: ``(B(m) − A_latest(m)) × e_k(m) / e_k(ℓ)`` with ``e_k`` the
  promised effect slipped ``k`` months and ``ℓ`` the last month an input of it was
  measured. A ramp on time reaches the promise; a late one reaches it late; a shortfall
  at full effect stays a shortfall;
* **otherwise** (no input measured yet, in that month or at all): the promise, the
  value case's own model — ``cost ÷ 12 × fraction × risk × effect`` — with the cost and
  the fraction as the value case's simulation draws them.

With the point values this gives the outlook (one figure each); with a `Simulation` of
the diagnosis it gives the distribution of NPV, ROI and payback as they now stand, and
the probability that each promised figure is met by the horizon's end. The draws are the
simulation's own (`Simulation.inputs`, its per-consequence samples and the stream of
the value case's fractions, `costdx.value.sampled_deal`): the same simulation gives the
same re-forecast, and with nothing measured the re-forecast *is* the value case's own
simulation.

A promised figure is **met** when it is reached within the tolerance that counts a
consequence on track (10 % by default): ``NPV ≥ NPV₀ − tol·|NPV₀|`` (ROI likewise),
``payback ≤ payback₀ + tol·payback₀`` (a payback that never comes is not met). Without
the tolerance a forecast exactly on the promise would be a coin toss.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from costdx.engine import Simulation
from costdx.finance import npv, payback
from costdx.model import Kind, point_values
from costdx.value._evaluate import check_simulation, sampled_deal
from costdx.value._ledger import NO_DATA, Ledger, grown_values
from costdx.value._timeline import MONTHS_PER_YEAR, effect_by_month, year_of_month

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIGURES", "Outlook", "Reforecast", "met", "outlook", "reforecast"]

Array = NDArray[np.float64]
FIGURES = ("npv", "roi", "payback_months")
"""The promised figures a re-forecast judges."""
_PERCENTILES = (10, 50, 90)


def met(values: Array, promised: float, tolerance: float, *, figure: str) -> Array:
    """Whether each value meets the promised figure within ``tolerance`` (see the
    module's text); ``nan`` values (no payback) do not."""
    slack = tolerance * abs(promised)
    with np.errstate(invalid="ignore"):
        if figure == "payback_months":
            return np.asarray(values <= promised + slack)
        return np.asarray(values >= promised - slack)


@dataclass(frozen=True, slots=True)
class _Draws:
    """What the forecast evaluates: ``n`` draws (1 for the point values)."""

    n: int
    env: dict[int, dict[str, Any]]
    """Per year, every input driver's value(s), grown to the year."""
    point: dict[int, dict[str, float]]
    """Per year, every input driver's diagnosed value, grown to the year."""
    costs: Mapping[str, Array]
    """Per addressed consequence, its yearly cost (``n × H``) in the promise's model."""
    fractions: Mapping[str, Array]
    """Per addressed consequence, the fraction removed (``n``)."""


def _point_draws(book: Ledger) -> _Draws:
    tracking = book.tracking
    point = point_values(tracking.value_case.diagnosis)
    years = range(1, tracking.value_case.horizon_years + 1)
    ev = book.evaluation
    grown = {y: grown_values(point, tracking, y) for y in years}
    return _Draws(
        n=1,
        env=grown,
        point=grown,
        costs={c: ev.cost_by_year[c][None, :] for c in book.consequences},
        fractions={a.consequence: np.array([a.point]) for a in book.solution.addresses},
    )


def _simulated_draws(book: Ledger, sim: Simulation) -> _Draws:
    tracking = book.tracking
    vc = tracking.value_case
    values: dict[str, Any] = dict(point_values(vc.diagnosis, basis=sim.basis,
                                               scenario=sim.scenario))  # fmt: skip
    values.update(sim.inputs())
    plan = vc.diagnosis.plan
    env = {
        y: {d: v * (1.0 + (plan.drivers[d].growth or 0.0)) ** (y - 1) for d, v in values.items()}
        for y in range(1, vc.horizon_years + 1)
    }
    costs, fractions = sampled_deal(vc, book.solution, book.evaluation.cost_by_year, sim)
    point = point_values(vc.diagnosis)
    years = range(1, vc.horizon_years + 1)
    return _Draws(n=sim.n, env=env, point={y: grown_values(point, tracking, y) for y in years},
                  costs=costs, fractions=fractions)  # fmt: skip


def _monthly(book: Ledger, draws: _Draws, *, measured: bool = True) -> Array:
    """The forecast benefit, ``n × (12H + 1)`` months (see the module's text); with
    ``measured=False`` the promise alone, as at signing."""
    vc = book.tracking.value_case
    plan = vc.diagnosis.plan
    horizon = vc.horizon_years
    months = MONTHS_PER_YEAR * horizon
    timeline = book.timeline
    year_index = np.concatenate([[0], np.repeat(np.arange(horizon), MONTHS_PER_YEAR)])
    cache: dict[tuple[int, tuple[tuple[str, float], ...]], dict[str, Any]] = {}

    def cost(year: int, fixed: Mapping[str, float], cid: str) -> Array:
        key = (year, tuple(sorted(fixed.items())))
        if key not in cache:
            cache[key] = plan.evaluate_arrays({**draws.env[year], **fixed})
        return np.broadcast_to(np.asarray(cache[key][cid], dtype=np.float64), (draws.n,))

    def gain(year: int, measured: Mapping[str, float], cid: str) -> Array:
        """Baseline − actual: the measured drivers at their diagnosed value, then at their
        measurement; the rest as drawn in both."""
        agreed = {d: draws.point[year][d] for d in measured}
        return cost(year, agreed, cid) - cost(year, measured, cid)

    total = np.zeros((draws.n, months + 1))
    slipped: dict[int, dict[str, Array]] = {}
    for a in book.solution.addresses:
        cid = a.consequence
        step = plan.consequence(cid)
        one_time = step.kind is Kind.ONE_TIME
        scale = draws.fractions[cid][:, None] * vc.risk_adjustment.get(step.source, 1.0)
        yearly = draws.costs[cid]
        # cost ÷ 12 × fraction × risk × effect, in place: n × 12H floats a line
        flows = yearly[:, np.zeros_like(year_index)] if one_time else yearly[:, year_index]
        flows *= scale if one_time else scale / MONTHS_PER_YEAR
        flows *= timeline.effect[cid][None, :]
        i = book.row(cid)
        if measured and np.any(book.data[i] > NO_DATA):
            per = 1.0 if one_time else float(MONTHS_PER_YEAR)
            for j, m in enumerate(book.months.tolist()):
                if book.data[i, j] == NO_DATA or (one_time and m != book.go):
                    continue
                year = 1 if one_time else year_of_month(m)
                flows[:, m] = gain(year, book.overrides[j], cid) / per
            last = book.last_measured[cid]
            if not one_time and last is not None:
                k = book.slip[cid]
                if k not in slipped:
                    slipped[k] = effect_by_month(book.solution, horizon, slip=k)
                ramp = slipped[k][cid]
                if ramp[last] > 0:
                    latest = book.overrides[-1]
                    ahead = np.arange(book.as_of + 1, months + 1)
                    for year in np.unique(year_index[ahead]) + 1:
                        these = ahead[year_index[ahead] + 1 == year]
                        reduction = gain(int(year), latest, cid) / MONTHS_PER_YEAR
                        flows[:, these] = reduction[:, None] * (ramp[these] / ramp[last])
        total += flows
    return total


def _figures(book: Ledger, monthly: Array, *, cumulative: bool = True) -> dict[str, Array]:
    """NPV, ROI, payback and (with ``cumulative``) the cumulative benefit of each draw's
    monthly benefit."""
    result = book.evaluation.solutions[book.solution.id]
    horizon = book.tracking.value_case.horizon_years
    n = monthly.shape[0]
    yearly = np.empty((n, horizon + 1))
    yearly[:, 0] = monthly[:, 0]
    yearly[:, 1:] = monthly[:, 1:].reshape(n, horizon, MONTHS_PER_YEAR).sum(axis=2)
    net = yearly - result.investment[None, :]
    invested = result.total_investment
    with np.errstate(invalid="ignore", divide="ignore"):
        roi = (yearly.sum(axis=1) - invested) / invested if invested > 0 else np.full(n, np.nan)
    paid = (
        np.asarray(payback(monthly - book.timeline.investment[None, :]), dtype=np.float64)
        if invested > 0
        else np.full(n, np.nan)
    )
    return {
        "npv": np.asarray(npv(result.discount_rate, net, t0=True), dtype=np.float64).reshape(n),
        "roi": roi,
        "payback_months": paid.reshape(n),
        "benefit": yearly.sum(axis=1),
        **({"cumulative": np.cumsum(monthly, axis=1)} if cumulative else {}),
    }


def promised(book: Ledger) -> dict[str, float]:
    """The promised NPV, ROI and payback (months) of the solution in the value case."""
    result = book.evaluation.solutions[book.solution.id]
    return {"npv": result.npv, "roi": result.roi, "payback_months": result.payback_months}


@dataclass(frozen=True, slots=True)
class Outlook:
    """The point re-forecast: NPV, ROI, payback and benefit as they now stand."""

    npv: float
    roi: float
    payback_months: float
    benefit: float
    """Benefit over the horizon, nominal."""
    cumulative: Array = field(repr=False)
    """Cumulative benefit at the end of each month ``0 … 12H``."""


def outlook(book: Ledger) -> Outlook:
    """The re-forecast on the point values (see the module's text)."""
    figures = _figures(book, _monthly(book, _point_draws(book)))
    return Outlook(
        npv=float(figures["npv"][0]), roi=float(figures["roi"][0]),
        payback_months=float(figures["payback_months"][0]), benefit=float(figures["benefit"][0]),
        cumulative=figures["cumulative"][0],
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reforecast:
    """The re-forecast over a simulation's draws. Built by `costdx.track`.

    Attributes
    ----------
    n, seed, method:
        The simulation's.
    npv, roi, payback_months:
        Per draw, as the value case now stands (``nan``: a payback that never comes).
    promised:
        The value case's NPV, ROI and payback.
    tolerance:
        How far short of a promised figure still counts as meeting it.
    cumulative:
        P10, P50 and P90 of the cumulative benefit at the end of each month ``0 … 12H``.
    at_signing:
        The probability of meeting each promised figure in the value case's own
        simulation, before anything was measured.
    """

    n: int
    seed: int | None
    method: str
    npv: Array = field(repr=False)
    roi: Array = field(repr=False)
    payback_months: Array = field(repr=False)
    promised: dict[str, float]
    tolerance: float
    cumulative: Array = field(repr=False)
    at_signing: dict[str, float]

    def samples(self, figure: str) -> Array:
        """The draws of ``npv``, ``roi`` or ``payback_months``."""
        found: Array = getattr(self, figure)
        return found

    def prob_met(self) -> dict[str, float]:
        """P(each promised figure is met by the horizon's end), for those the value case
        has (no ROI or payback without investment)."""
        return {
            figure: float(np.mean(met(self.samples(figure), value, self.tolerance, figure=figure)))
            for figure, value in self.promised.items()
            if math.isfinite(value)
        }

    def summary(self) -> pd.DataFrame:
        """Per figure: promised, mean, P10/P50/P90 and P(met), now and at signing."""
        import pandas as pd  # noqa: PLC0415

        chances = self.prob_met()
        rows = []
        for figure, value in self.promised.items():
            data = self.samples(figure)
            finite = data[np.isfinite(data)]
            pct = np.percentile(finite, _PERCENTILES) if finite.size else [math.nan] * 3
            rows.append({
                "figure": figure, "promised": value,
                "mean": float(finite.mean()) if finite.size else math.nan,
                **{f"p{q}": float(v) for q, v in zip(_PERCENTILES, pct, strict=True)},
                "prob_met": chances.get(figure, math.nan),
                "prob_met_at_signing": self.at_signing.get(figure, math.nan),
            })  # fmt: skip
        frame = pd.DataFrame(rows).set_index("figure")
        frame.attrs.update(n=self.n, seed=self.seed, method=self.method,
                           tolerance=self.tolerance)  # fmt: skip
        return frame


def reforecast(book: Ledger, sim: Simulation, tolerance: float) -> Reforecast:
    """The re-forecast of ``book`` over the draws of ``sim`` (see the module's text)."""
    ev = book.evaluation
    check_simulation(sim, ev.value_case.diagnosis, basis=ev.basis, scenario=ev.scenario)
    draws = _simulated_draws(book, sim)
    now = _figures(book, _monthly(book, draws))
    then = _figures(book, _monthly(book, draws, measured=False), cumulative=False)
    goal = promised(book)

    def chances(figures: Mapping[str, Array]) -> dict[str, float]:
        return {
            k: float(np.mean(met(figures[k], v, tolerance, figure=k)))
            for k, v in goal.items()
            if math.isfinite(v)
        }

    return Reforecast(
        n=sim.n, seed=sim.seed, method=sim.method, npv=now["npv"], roi=now["roi"],
        payback_months=now["payback_months"], promised=goal, tolerance=tolerance,
        cumulative=np.percentile(now["cumulative"], _PERCENTILES, axis=0),
        at_signing=chances(then),
    )  # fmt: skip
