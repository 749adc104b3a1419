"""Evaluate a value case: each solution's monthly timeline, yearly cash flows and figures.

Conventions (stated in every output):

* The timeline is monthly (`costdx.value._timeline`): start month, ramp and months to full
  effect act month by month, and each year's benefit and investment are the sums of its
  months. Payback is the month in which cumulative net cash first reaches zero,
  interpolated within that month.
* Discounting is yearly: years ``t = 1 … H`` of the horizon are discounted by
  ``(1 + r) ** t`` as at each year's end; year 0 (month 0, the decision) is not
  discounted. ``NPV = Σ_{t=0}^{H} CF_t / (1 + r) ** t`` (Excel:
  ``=NPV(r, CF_1:CF_H) + CF_0``).
* The cost of consequence ``c`` in year ``y`` is its formula evaluated with every driver
  grown by its ``growth``: ``x_d × (1 + g_d) ** (y − 1)``.
* A solution's benefit from addressing ``c`` in month ``m`` of year ``y`` is
  ``cost_c(y) / 12 × fraction × effect(m) × risk(source_c)``; a one-time consequence is
  avoided once, in the month benefits begin.
* ``ROI = (Σ benefit − Σ investment) / Σ investment`` (nominal, over the horizon).
* Slip cost: the present value of benefit lost when the solution's start slips one
  month (the problem keeps costing; the horizon is fixed). It is not the problem's cost
  of delay (`costdx.Quantification.cost_of_delay`, what every month of doing nothing
  costs): the two carry distinct names everywhere.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from costdx import _display
from costdx.engine import Quantification, Simulation, derived_error, quantify
from costdx.engine.sampling import from_estimate
from costdx.errors import CalculationError, CaseReferenceError, OptionError
from costdx.finance import IRRResult, irr, npv
from costdx.model import (
    DO_NOTHING,
    Basis,
    Category,
    Diagnosis,
    Kind,
    Plan,
    Scenario,
    Solution,
    ValueCase,
    point_values,
    resolve_scenario,
)
from costdx.value._timeline import (
    MONTHS_PER_YEAR,
    Timeline,
    effect_by_month,
    monthly_timeline,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Evaluation",
    "SolutionResult",
    "check_simulation",
    "evaluate",
    "evaluation_of",
    "needs_value_case",
    "ramp_factors",
    "sampled_deal",
]

Array = NDArray[np.float64]


def ramp_factors(solution: Solution, horizon: int, *, slip: int = 0) -> dict[str, Array]:
    """Per addressed consequence, the mean effect of each year ``1 … horizon``.

    ``factor[y] = (1/12) Σ_{m in year y} effect[m]`` over `effect_by_month`, with
    ``start`` the solution's ``start_month`` plus ``slip`` months: a recurring
    consequence's benefit in year ``y`` is ``cost(y) × fraction × factor[y] × risk``.

    >>> from costdx.model import Address, Solution
    >>> s = Solution(id="s", name="S", start_month=6,
    ...              addresses=[Address(consequence="c", fraction=1.0)])
    >>> ramp_factors(s, 2)["c"].tolist()
    [0.5, 1.0]
    """
    return {
        cid: effect[1:].reshape(horizon, MONTHS_PER_YEAR).mean(axis=1)
        for cid, effect in effect_by_month(solution, horizon, slip=slip).items()
    }


@dataclass(slots=True)
class SolutionResult:
    """One solution's cash flows (index ``t = 0 … H``, each year the sum of its months in
    `timeline`) and figures."""

    id: str
    name: str
    vendor: str
    benefit: Array
    benefit_by_consequence: dict[str, Array]
    investment: Array
    net: Array
    npv: float
    total_benefit: float
    total_investment: float
    roi: float
    irr: IRRResult
    payback_months: float
    slip_cost_per_month: float
    """The present value of benefit lost if the start slips one month."""
    affordable: dict[str, float]
    break_even_fraction: float
    remaining_cost_pv: float
    discount_rate: float
    timeline: Timeline
    """The month-by-month benefits, investments and net cash behind the yearly figures."""
    samples: dict[str, Array] = field(default_factory=dict)
    """With a simulation: ``npv``, ``roi`` and ``benefit`` (nominal, over the horizon) per
    sample, and ``fraction:<consequence>``, the drawn share removed, for each fraction
    given as an estimate."""

    @property
    def cumulative(self) -> Array:
        """Cumulative net cash flow."""
        return np.cumsum(self.net)

    @property
    def discounted(self) -> Array:
        """Net cash flow discounted to the decision: ``CF_t / (1 + r) ** t``."""
        t = np.arange(self.net.size)
        return self.net / (1 + self.discount_rate) ** t

    @property
    def investment_pv(self) -> float:
        """The investment discounted to the decision: ``Σ I_t / (1 + r) ** t``."""
        return float(npv(self.discount_rate, self.investment, t0=True))

    @property
    def benefit_pv(self) -> float:
        """The benefit discounted to the decision: ``Σ B_t / (1 + r) ** t``."""
        return float(npv(self.discount_rate, self.benefit, t0=True))

    @property
    def affordable_investment(self) -> float:
        """The most the customer could invest up front and still meet every target."""
        return min(self.affordable.values())

    @property
    def cost_of_delay_per_month(self) -> float:
        """Deprecated name of `slip_cost_per_month` (the problem's own cost of delay is
        `costdx.Quantification.cost_of_delay`)."""
        warnings.warn(
            "SolutionResult.cost_of_delay_per_month is now slip_cost_per_month",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.slip_cost_per_month

    def __repr__(self) -> str:
        irr = f"{self.irr.rate:.1%}" if math.isfinite(self.irr.rate) else "n/a"
        if self.irr.status == "multiple_roots":
            irr += " (one of several)"
        roi = "n/a" if math.isnan(self.roi) else f"{self.roi:.0%}"
        payback = "n/a" if math.isnan(self.payback_months) else f"{self.payback_months:.1f} months"
        return (
            f"<SolutionResult {self.id!r}: investment {self.total_investment:,.0f}, benefit "
            f"{self.total_benefit:,.0f}, NPV {self.npv:,.0f}, ROI {roi}, IRR {irr}, "
            f"payback {payback}>"
        )

    def prob_npv_negative(self) -> float:
        """With a simulation: the probability that NPV < 0."""
        if "npv" not in self.samples:
            raise OptionError("no simulation was given to evaluate(); pass simulation=")
        return float(np.mean(self.samples["npv"] < 0))


def _growth_env(case_values: Mapping[str, float], plan: Plan, horizon: int) -> dict[str, Array]:
    years = np.arange(horizon, dtype=np.float64)
    env: dict[str, Array] = {}
    for ident, value in case_values.items():
        growth = plan.drivers[ident].growth or 0.0
        env[ident] = value * (1.0 + growth) ** years
    return env


class Evaluation:
    """The evaluated value case. Built by `evaluate`."""

    def __init__(
        self,
        vc: ValueCase,
        *,
        basis: Basis,
        scenario: Scenario | None,
        quantification: Quantification,
        cost_by_year: dict[str, Array],
        results: dict[str, SolutionResult],
        simulation: Simulation | None,
        targets: Mapping[str, float | None] | None = None,
    ) -> None:
        self.value_case = vc
        self.basis = basis
        self.scenario = scenario
        self.quantification = quantification
        self.cost_by_year = cost_by_year
        self.solutions = results
        self.simulation = simulation
        self.targets: dict[str, float | None] = dict(targets or {})
        """The targets behind the affordable investment: ``roi`` and ``payback_months``
        (``None`` where none applied)."""

    @property
    def currency(self) -> str:
        """The account's currency."""
        return self.value_case.diagnosis.account.currency

    @property
    def horizon(self) -> int:
        """Years in the horizon."""
        return self.value_case.horizon_years

    def _kinds(self) -> dict[str, Kind]:
        plan = self.value_case.diagnosis.plan
        return {c.id: c.kind for c in plan.consequences}

    @property
    def problem_cost_by_year(self) -> Array:
        """The cost of the problem in each year ``1 … H`` (recurring, grown; one-time in
        year 1)."""
        return _problem_by_year(self.cost_by_year, self._kinds(), self.horizon)

    @property
    def problem_cost_nominal(self) -> float:
        """The cost of the problem over the horizon, undiscounted."""
        return float(self.problem_cost_by_year.sum())

    @property
    def problem_cost_discounted(self) -> float:
        """The cost of the problem over the horizon, discounted: ``Σ cost_y / (1+r)^y``."""
        return float(npv(self.value_case.discount_rate, self.problem_cost_by_year))

    @property
    def ours(self) -> SolutionResult | None:
        """The result of the solution being sold."""
        chosen = self.value_case.ours
        return None if chosen is None else self.solutions[chosen.id]

    def cost_of_delay(self, solution: str | None = None, *, months: int = 1) -> float:
        """Deprecated name of `slip_cost`."""
        warnings.warn("Evaluation.cost_of_delay is now slip_cost", DeprecationWarning,
                      stacklevel=2)  # fmt: skip
        return self.slip_cost(solution, months=months)

    def slip_cost(self, solution: str | None = None, *, months: int = 1) -> float:
        """The present value of benefit lost if the start of ``solution`` (default: ours)
        slips ``months`` months: ``PV(B | start) − PV(B | start + months)``.

        Investment timing is unchanged and the horizon is fixed, so the problem keeps
        costing while the decision waits. Not the problem's cost of delay
        (`costdx.Quantification.cost_of_delay`): that is what a month of doing nothing
        costs, this is what a month's later start of the solution loses.
        """
        if isinstance(months, bool) or not isinstance(months, int) or months < 0:
            raise OptionError(f"months must be a whole number >= 0, got {months!r}")
        sid = solution or (self.value_case.ours.id if self.value_case.ours else DO_NOTHING)
        if sid not in self.solutions:
            raise CaseReferenceError(
                f"no solution {sid!r}; the solutions are {', '.join(self.solutions)}"
            )
        chosen = self.value_case.solution(sid)
        kinds = self._kinds()
        plan = self.value_case.diagnosis.plan
        risk = {c.id: self.value_case.risk_adjustment.get(c.source, 1.0) for c in plan.consequences}
        rate = self.value_case.discount_rate
        now = _benefits(self.value_case, chosen, self.cost_by_year, kinds, risk)
        later = _benefits(self.value_case, chosen, self.cost_by_year, kinds, risk, slip=months)
        return float(sum(npv(rate, f, t0=True) for f in now.values())) - float(
            sum(npv(rate, f, t0=True) for f in later.values())
        )

    def conventions(self) -> dict[str, str]:
        """The conventions behind every figure, for reports."""
        vc = self.value_case
        risk = ", ".join(f"{k.value} at {v:.0%}" for k, v in vc.risk_adjustment.items())
        return {
            "horizon": f"{vc.horizon_years} year{'s' if vc.horizon_years != 1 else ''}, "
            "cash flows at each year's end",
            "discount_rate": f"{vc.discount_rate:.2%} a year",
            "npv": "NPV = CF_0 + Σ_t CF_t/(1+r)^t; Excel =NPV(r, CF_1:CF_H) + CF_0",
            "roi": "ROI = (total benefit − total investment) / total investment, nominal",
            "timeline": "month by month: benefits from the month after start_month, ramping "
            "monthly; recurring investments spread evenly over the months of their years, "
            "one-time ones in month 0 (year 0) or the first month of their year; each year is "
            "the sum of its months",
            "discounting": "yearly: each year's sum discounted by (1+r)^t as at the year's end; "
            "months are not discounted apart within their year",
            "payback": "the month in which cumulative net cash first reaches 0, interpolated "
            "within that month",
            "slip_cost": "present value of benefit lost if the solution's start slips one month",
            "risk_adjustment": risk or "none",
            "basis": self.basis + (f", scenario {self.scenario.name}" if self.scenario else ""),
        }

    def what_if(self, solution: str, *, slip: int = 0, fraction: float | None = None) -> Timeline:
        """The monthly timeline of ``solution`` had its start slipped ``slip`` months, or had
        it removed ``fraction`` of every consequence it addresses (the rest as evaluated).

        The slip cost is ``PV(benefit) − PV(benefit of what_if(slip=1))``; the break-even
        fraction divides the investment's present value by that of
        ``what_if(fraction=1.0)``.
        """
        if isinstance(slip, bool) or not isinstance(slip, int) or slip < 0:
            raise OptionError(f"slip must be a whole number of months >= 0, got {slip!r}")
        (sid,) = self._chosen(solution)
        chosen = self.value_case.solution(sid)
        if fraction is not None:
            changed = tuple(a.model_copy(update={"fraction": fraction}) for a in chosen.addresses)
            chosen = chosen.model_copy(update={"addresses": changed})
        plan = self.value_case.diagnosis.plan
        risk = {c.id: self.value_case.risk_adjustment.get(c.source, 1.0) for c in plan.consequences}
        return monthly_timeline(
            chosen, self.horizon, costs=self.cost_by_year, kinds=self._kinds(), risk=risk,
            slip=slip,
        )  # fmt: skip

    def _chosen(self, solution: str | None) -> list[str]:
        """The solution asked for (checked), or all of them."""
        if solution is None:
            return list(self.solutions)
        if solution not in self.solutions:
            raise CaseReferenceError(
                f"no solution {solution!r}; the solutions are {', '.join(self.solutions)}"
            )
        return [solution]

    def cash_flows(self, solution: str | None = None) -> pd.DataFrame:
        """The yearly cash-flow table: one row per solution and year ``0 … H`` with
        benefit, investment, net, cumulative, discounted and cumulative discounted."""
        import pandas as pd  # noqa: PLC0415

        chosen = self._chosen(solution)
        rows = []
        for sid in chosen:
            res = self.solutions[sid]
            cumulative, discounted = res.cumulative, res.discounted
            for t in range(self.horizon + 1):
                row: dict[str, Any] = {"solution": sid, "year": t}
                for cid, flows in res.benefit_by_consequence.items():
                    row[f"benefit:{cid}"] = flows[t]
                row.update(
                    benefit=res.benefit[t], investment=res.investment[t], net=res.net[t],
                    cumulative=cumulative[t], discounted=discounted[t],
                    cumulative_discounted=float(np.sum(discounted[: t + 1])),
                )  # fmt: skip
                rows.append(row)
        frame = pd.DataFrame(rows).fillna(0.0)
        return frame.set_index(["solution", "year"])

    def timeline(self, solution: str | None = None) -> pd.DataFrame:
        """The monthly timeline: one row per solution and month ``0 … 12H`` with the year,
        the effect reached and the benefit of each addressed consequence
        (``effect:<id>``, ``benefit:<id>``), and benefit, investment, net and cumulative.
        ``attrs`` carries the conventions."""
        import pandas as pd  # noqa: PLC0415

        chosen = self._chosen(solution)
        frames = [self.solutions[sid].timeline.frame() for sid in chosen]
        frame = pd.concat(frames, keys=chosen, names=["solution", "month"]).fillna(0.0)
        frame.attrs.update(self.conventions())
        return frame

    def comparison(self) -> pd.DataFrame:
        """All solutions side by side, ``do_nothing`` first."""
        import pandas as pd  # noqa: PLC0415

        rows = []
        for sid, res in self.solutions.items():
            row: dict[str, Any] = {
                "solution": sid, "name": res.name, "vendor": res.vendor,
                "investment": res.total_investment, "benefit": res.total_benefit,
                "net": res.total_benefit - res.total_investment, "npv": res.npv, "roi": res.roi,
                "irr": res.irr.rate, "irr_status": res.irr.status,
                "payback_months": res.payback_months,
                "slip_cost_per_month": res.slip_cost_per_month,
                "affordable_investment": res.affordable_investment,
                "break_even_fraction": res.break_even_fraction,
                "remaining_cost_pv": res.remaining_cost_pv,
            }  # fmt: skip
            if res.samples:
                row["npv_p10"] = float(np.percentile(res.samples["npv"], 10))
                row["npv_p90"] = float(np.percentile(res.samples["npv"], 90))
                row["prob_npv_negative"] = res.prob_npv_negative()
            rows.append(row)
        frame = pd.DataFrame(rows).set_index("solution")
        frame.attrs.update(self.conventions())
        return frame

    def __repr__(self) -> str:
        ours = self.ours
        head = (
            f"<Evaluation {self.value_case.diagnosis.id!r}: cost of the problem "
            f"{self.problem_cost_nominal:,.0f} {self.currency} over {self.horizon} "
            f"year{'s' if self.horizon != 1 else ''}"
        )
        if ours is None:
            return head + ">"
        return (
            f"{head}; {ours.id}: NPV {ours.npv:,.0f}, ROI {ours.roi:.0%}, "
            f"payback {ours.payback_months:.1f} months>"
        )

    def _repr_html_(self) -> str:
        return _display.html(self)


def check_simulation(
    simulation: Simulation, case: Diagnosis, *, basis: Basis, scenario: Scenario | None
) -> None:
    """Refuse a simulation of another diagnosis, basis or scenario than the figures it joins.

    Mixing them would put, say, a distribution of the base case beside the NPV of a
    conservative scenario, with nothing to show that they differ.
    """
    if simulation.case is not case and simulation.case != case:
        raise OptionError("the simulation was run on another diagnosis than the value case's")
    if simulation.basis != basis:
        raise OptionError(
            f"the simulation was run on the {simulation.basis!r} basis, the figures on "
            f"{basis!r}; simulate with basis={basis!r}"
        )
    if simulation.scenario != scenario:
        ran = simulation.scenario.name if simulation.scenario is not None else None
        wanted = scenario.name if scenario is not None else None
        raise OptionError(
            f"the simulation was run on scenario {ran!r}, the figures on scenario {wanted!r}; "
            f"simulate with scenario={wanted!r}"
        )


def _consequence_costs(
    vc: ValueCase, basis: Basis, scenario: Scenario | None
) -> tuple[Quantification, dict[str, Array]]:
    case = vc.diagnosis
    plan = case.plan
    q = quantify(case, basis=basis, scenario=scenario)
    values = point_values(case, basis=basis, scenario=scenario)
    env = plan.evaluate_arrays(_growth_env(values, plan, vc.horizon_years))
    culprit = plan.first_not_finite(env)
    if culprit is not None:
        raise derived_error(case, culprit.id, "is not finite in some year of the horizon")
    costs = {}
    for step in plan.consequences:
        series = np.broadcast_to(np.asarray(env[step.id], dtype=np.float64), (vc.horizon_years,))
        if not np.all(np.isfinite(series)):
            raise CalculationError(
                f"consequence {step.id!r} is not finite in some year of the horizon"
            )
        costs[step.id] = series.copy()
    return q, costs


def _benefits(
    vc: ValueCase,
    solution: Solution,
    costs: Mapping[str, Any],
    kinds: Mapping[str, Kind],
    risk: Mapping[str, float],
    *,
    slip: int = 0,
    fractions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Benefit per addressed consequence, as arrays over years ``t = 0 … H`` (last axis):
    each year the sum of its months (`effect_by_month`), vectorised over any leading axes
    of ``costs`` and ``fractions`` (the samples of a simulation)."""
    horizon = vc.horizon_years
    one_time = {a.consequence for a in solution.addresses if kinds[a.consequence] is Kind.ONE_TIME}
    effects = effect_by_month(solution, horizon, slip=slip, one_time=one_time)
    out: dict[str, Any] = {}
    for address in solution.addresses:
        cid = address.consequence
        fraction = address.point if fractions is None else fractions[cid]
        cost = np.asarray(costs[cid])
        # months of full effect in each year; a one-time cost is avoided at its year-1 figure
        months = effects[cid][1:].reshape(horizon, MONTHS_PER_YEAR).sum(axis=1)
        yearly = cost[..., :1] * months if cid in one_time else cost * (months / MONTHS_PER_YEAR)
        flows = np.zeros((*cost.shape[:-1], horizon + 1))
        flows[..., 1:] = yearly
        scale = np.asarray(fraction, dtype=np.float64) * risk[cid]
        out[cid] = flows * (scale[..., None] if np.ndim(scale) else scale)
    return out


def _problem_by_year(costs: Mapping[str, Array], kinds: Mapping[str, Kind], horizon: int) -> Array:
    """The cost of the problem in years ``1 … horizon``: recurring costs every year,
    one-time costs in year 1."""
    total = np.zeros(horizon)
    for cid, series in costs.items():
        if kinds[cid] is Kind.RECURRING:
            total += series
        else:
            total[0] += series[0]
    return total


def _solve(
    vc: ValueCase,
    solution: Solution,
    *,
    costs: Mapping[str, Array],
    kinds: Mapping[str, Kind],
    risk: Mapping[str, float],
    problem_pv: float,
    target_roi: float | None,
    target_payback: float | None,
) -> SolutionResult:
    rate = vc.discount_rate
    horizon = vc.horizon_years
    timeline = monthly_timeline(solution, horizon, costs=costs, kinds=kinds, risk=risk)
    by_cons = {cid: timeline.by_year(b) for cid, b in timeline.benefit_by_consequence.items()}
    benefit = timeline.by_year(timeline.benefit)
    # each year's payments exactly as the case states them; their months sum to them
    investment = np.zeros(horizon + 1)
    for item in solution.investment:
        investment += item.payments(horizon)
    net = benefit - investment
    total_b, total_i = float(benefit.sum()), float(investment.sum())
    roi = (total_b - total_i) / total_i if total_i > 0 else math.nan
    slipped = _benefits(vc, solution, costs, kinds, risk, slip=1)
    lost = float(npv(rate, benefit, t0=True)) - float(
        sum(npv(rate, f, t0=True) for f in slipped.values())
    )
    full = _benefits(
        vc, solution, costs, kinds, risk, fractions={a.consequence: 1.0 for a in solution.addresses}
    )
    full_pv = float(sum(npv(rate, f, t0=True) for f in full.values()))
    inv_pv = float(npv(rate, investment, t0=True))
    benefit_pv = float(npv(rate, benefit, t0=True))
    affordable = {"npv": benefit_pv}
    if target_roi is not None:
        affordable["roi"] = total_b / (1 + target_roi)
    if target_payback is not None:
        affordable["payback"] = timeline.cumulative_benefit_at(target_payback)
    irr_result = (
        irr(net.tolist()) if total_i > 0 else IRRResult(rate=math.nan, status="no_root", roots=())
    )
    return SolutionResult(
        id=solution.id, name=solution.name, vendor=solution.vendor, benefit=benefit,
        benefit_by_consequence=by_cons, investment=investment, net=net,
        npv=float(npv(rate, net, t0=True)), total_benefit=total_b, total_investment=total_i,
        roi=roi, irr=irr_result,
        payback_months=timeline.payback_months if total_i > 0 else math.nan,
        slip_cost_per_month=lost, affordable=affordable,
        break_even_fraction=inv_pv / full_pv if full_pv > 0 else math.nan,
        remaining_cost_pv=problem_pv - benefit_pv, discount_rate=rate, timeline=timeline,
    )  # fmt: skip


def sampled_deal(
    vc: ValueCase, solution: Solution, costs: Mapping[str, Array], sim: Simulation
) -> tuple[dict[str, Array], dict[str, Array]]:
    """Per addressed consequence, its simulated yearly cost (``n × H``: the sampled cost of
    year 1 grown as the point costs grow) and its simulated fraction removed (``n``).

    The fractions given as estimates are drawn from one stream per solution, keyed by
    its position in the value case and the simulation's own seed (`Simulation.stream`),
    so the same simulation always gives the same draws; each is clipped to 0 … 1 (0 … ∞
    for lost revenue). ``evaluate(..., simulation=)`` and the re-forecast of a tracking
    (`costdx.track`) both draw through this.
    """
    missing = [a.consequence for a in solution.addresses if a.consequence not in sim.parts]
    if missing:
        raise OptionError(
            "evaluate(simulation=...) needs per-consequence samples: run "
            "simulate(..., keep='consequences')"
        )
    plan = vc.diagnosis.plan
    # one stream per solution, from the simulation's own seed (fresh entropy included)
    position = next((i for i, s in enumerate(vc.solutions) if s.id == solution.id), -1)
    rng = sim.stream(position + 1)
    sampled_costs: dict[str, Array] = {}
    fractions: dict[str, Array] = {}
    for address in solution.addresses:
        cid = address.consequence
        base = costs[cid][0]
        index = costs[cid] / base if base != 0 else np.ones_like(costs[cid])
        sampled_costs[cid] = sim.parts[cid][:, None] * index[None, :]
        spec = address.fraction
        if isinstance(spec, int | float):
            fractions[cid] = np.full(sim.n, float(spec))
        else:
            draws = from_estimate(spec).ppf(rng.random(sim.n))
            step = plan.consequence(cid)
            category = vc.diagnosis.problems[step.index[0]].consequences[step.index[1]].category
            upper = math.inf if category is Category.REVENUE else 1.0
            fractions[cid] = np.clip(draws, 0.0, upper)
    return sampled_costs, fractions


def _simulate_solution(
    vc: ValueCase,
    solution: Solution,
    *,
    result: SolutionResult,
    costs: Mapping[str, Array],
    kinds: Mapping[str, Kind],
    risk: Mapping[str, float],
    sim: Simulation,
) -> dict[str, Array]:
    sampled_costs, fractions = sampled_deal(vc, solution, costs, sim)
    flows = _benefits(vc, solution, sampled_costs, kinds, risk, fractions=fractions)
    benefit = np.zeros((sim.n, vc.horizon_years + 1))
    for value in flows.values():
        benefit += value
    net = benefit - result.investment[None, :]
    total_i = result.total_investment
    npv_samples = np.asarray(npv(vc.discount_rate, net, t0=True), dtype=np.float64)
    roi = (benefit.sum(axis=1) - total_i) / total_i if total_i > 0 else np.full(sim.n, np.nan)
    drawn = {
        f"fraction:{a.consequence}": fractions[a.consequence]
        for a in solution.addresses
        if not isinstance(a.fraction, int | float)
    }
    return {"npv": npv_samples, "roi": roi, "benefit": benefit.sum(axis=1), **drawn}


def needs_value_case(what: str, given: object) -> str:
    """Why ``what`` cannot take ``given`` (not a value case), and how to get one."""
    if isinstance(given, Diagnosis):
        return (
            f"{what} needs a ValueCase, and a Diagnosis has no solutions to evaluate: load "
            "a case file with a [value_case] table with cdx.load_value_case(path), or build "
            "one with cdx.ValueCase(diagnosis=case, solutions=[...]); the cost of the "
            "problem alone is cdx.quantify(case)"
        )
    return f"{what} needs a ValueCase (cdx.load_value_case(path)), not {type(given).__name__}"


def evaluate(
    vc: ValueCase,
    *,
    basis: Basis = "value",
    scenario: str | Scenario | None = None,
    simulation: Simulation | None = None,
    target_roi: float | None = None,
    target_payback_months: float | None = None,
) -> Evaluation:
    """Evaluate a value case: cash flows, NPV, ROI, IRR, payback, slip cost,
    affordable investment and break-even fraction for every solution and ``do_nothing``.

    ``NPV = Σ_{t=0}^{H} (B_t − I_t)/(1 + r)^t``; ``ROI = (ΣB − ΣI)/ΣI``; the affordable
    investment is the largest up-front investment, in place of the solution's own, at
    which ``NPV = 0`` (``= Σ B_t/(1+r)^t``), ROI meets ``target_roi``
    (``= ΣB/(1 + target)``) and payback meets ``target_payback_months``, whichever is least;
    the break-even fraction is ``PV(I) / PV(B at fraction 1)``.

    Examples
    --------
    One consequence of 120,000 USD/year removed in full from month 0, for 60,000 USD up
    front, 2 years at 10 %: NPV = −60,000 + 120,000/1.1 + 120,000/1.21 = 148,264.46.

    >>> import costdx as cdx
    >>> case = cdx.Diagnosis(
    ...     account=cdx.Account(name="A"),
    ...     drivers=[cdx.Driver(id="loss", value=10_000, unit="USD/month")],
    ...     problems=[cdx.Problem(id="p", title="P", symptoms=[cdx.Symptom(id="s")],
    ...               consequences=[cdx.Consequence(id="c", formula="loss")])])
    >>> fix = cdx.Solution(
    ...     id="fix", name="Fix", addresses=[cdx.Address(consequence="c", fraction=1)],
    ...     investment=[cdx.InvestmentItem(label="licence", amount=60_000)])
    >>> ev = cdx.evaluate(cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=2,
    ...                                 discount_rate=0.10))
    >>> round(ev.solutions["fix"].npv, 2)
    148264.46
    """
    if not isinstance(vc, ValueCase):
        raise OptionError(needs_value_case("evaluate", vc))
    case = vc.diagnosis
    chosen = resolve_scenario(case, scenario)
    plan = case.plan
    q, costs = _consequence_costs(vc, basis, chosen)
    kinds = {c.id: c.kind for c in plan.consequences}
    risk = {c.id: vc.risk_adjustment.get(c.source, 1.0) for c in plan.consequences}
    if simulation is not None:
        check_simulation(simulation, case, basis=basis, scenario=chosen)
    roi_target = target_roi if target_roi is not None else vc.target_roi
    payback_target = (
        target_payback_months if target_payback_months is not None else vc.target_payback_months
    )
    problem_pv = float(npv(vc.discount_rate, _problem_by_year(costs, kinds, vc.horizon_years)))
    results: dict[str, SolutionResult] = {}
    for solution in (vc.solution(DO_NOTHING), *vc.solutions):
        res = _solve(
            vc, solution, costs=costs, kinds=kinds, risk=risk, problem_pv=problem_pv,
            target_roi=roi_target, target_payback=payback_target,
        )  # fmt: skip
        if simulation is not None:
            res.samples = _simulate_solution(
                vc, solution, result=res, costs=costs, kinds=kinds, risk=risk, sim=simulation
            )
        results[solution.id] = res
    return Evaluation(
        vc, basis=basis, scenario=chosen, quantification=q, cost_by_year=costs,
        results=results, simulation=simulation,
        targets={"roi": roi_target, "payback_months": payback_target},
    )  # fmt: skip


def evaluation_of(
    vc: ValueCase, evaluation: Evaluation | None, simulation: Simulation | None
) -> Evaluation:
    """``evaluation`` once checked to be of ``vc`` (and made with ``simulation`` when one
    is given), or `evaluate` of ``vc`` with ``simulation`` on the simulation's basis and
    scenario."""
    if evaluation is None:
        if simulation is None:
            return evaluate(vc)
        check_simulation(simulation, vc.diagnosis, basis=simulation.basis,
                         scenario=simulation.scenario)  # fmt: skip
        return evaluate(vc, basis=simulation.basis, scenario=simulation.scenario,
                        simulation=simulation)  # fmt: skip
    if evaluation.value_case is not vc and evaluation.value_case != vc:
        raise OptionError("the evaluation is of another value case than the one given")
    if simulation is not None and evaluation.simulation is not simulation:
        raise OptionError(
            "the evaluation was made without this simulation; pass "
            "evaluate(value_case, simulation=simulation) or leave it out"
        )
    return evaluation
