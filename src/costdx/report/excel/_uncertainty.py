"""The range on page one: where the point estimate sits in the simulated distribution.

With a simulation, the Summary shows P10 / P50 / P90 of the cost of the problem and of
the NPV and ROI of the solution being sold, the probability that its NPV is negative,
where each point estimate sits (its percentile rank, the share of samples at or below
it), and one sentence that says why the point estimate differs from the median. These
are computed at export and say so: a spreadsheet cannot re-run the simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from costdx.model import Estimate, driver_spec
from costdx.report.excel._context import Report
from costdx.report.excel._sheet import Sheet, short_name

__all__ = ["Spread", "percentile_rank", "skew_sentence", "write_range"]


def percentile_rank(samples: NDArray[np.float64], value: float) -> float:
    """The share of ``samples`` at or below ``value``, in per cent.

    >>> percentile_rank(np.arange(1.0, 11.0), 3.0)
    30.0
    """
    return float(np.count_nonzero(samples <= value)) / samples.size * 100


@dataclass(frozen=True, slots=True)
class Spread:
    """One simulated series beside its point estimate."""

    label: str
    samples: NDArray[np.float64]
    point: float

    @property
    def percentiles(self) -> tuple[float, float, float]:
        """P10, P50, P90."""
        p10, p50, p90 = np.percentile(self.samples, [10, 50, 90])
        return float(p10), float(p50), float(p90)

    @property
    def rank(self) -> float:
        """The point estimate's percentile rank."""
        return percentile_rank(self.samples, self.point)

    @property
    def rank_label(self) -> str:
        """``P29``: the rank to the nearest whole per cent, halves rounded up as a
        spreadsheet's ``0`` format rounds them."""
        return f"P{math.floor(self.rank + 0.5)}"


def _asymmetry(estimate: Estimate, point: float) -> float:
    """How much further the range reaches above ``point`` than below, as a share of its
    width (> 0: skewed up); a LogNormal90 leans up by its shape, a Normal90 not at all."""
    low, high = estimate.low, estimate.high
    width = high - low
    if not math.isfinite(width) or width <= 0:
        return 0.0
    return ((high - point) - (point - low)) / width


def skew_sentence(report: Report, spread: Spread) -> str:
    """Why the point estimate of the cost differs from the simulated median."""
    q = report.quantification
    plan = report.case.plan
    leaning: list[tuple[float, str, Estimate, float]] = []
    count = 0
    for ident in plan.inputs:
        spec = driver_spec(plan.drivers[ident], q.basis, q.scenario)
        if spec is None or isinstance(spec, int | float):
            continue
        count += 1
        point = q.values[ident]
        leaning.append((_asymmetry(spec, point), plan.drivers[ident].label or ident, spec, point))
    _, median, _ = spread.percentiles
    above = median > spread.point
    direction = 1.0 if above else -1.0
    tilted = [item for item in leaning if item[0] * direction > 0.05]
    rank = spread.rank_label
    head = (
        f"The point estimate takes each estimate's most likely value (PERT, triangular) or "
        f"median (the others) and sits at {rank} of the simulated cost per year"
    )
    if not count or math.isclose(median, spread.point, rel_tol=1e-3):
        return head + ", close to the median."
    side = "above" if above else "below"
    if tilted:
        strongest = max(tilted, key=lambda item: item[0] * direction)
        _, label, estimate, _ = strongest
        figures = " / ".join(f"{v:,.6g}" for v in estimate.params)
        why = (
            f": {len(tilted)} of the {count} ranges reach further {side} that value than the "
            f"other way (most: {label}, {figures}), and uncertain inputs that multiply widen "
            f"the spread"
        )
    else:
        why = ": uncertain inputs that multiply widen the spread"
    return f"{head}{why}, so the simulated median lies {side} the point estimate."


def write_range(report: Report, sheet: Sheet, row: int) -> int:
    """Write the range block on the Summary from ``row``; returns the first row after it."""
    sim = report.simulation
    assert sim is not None
    st = report.styles
    q = report.quantification
    seed = "fresh entropy" if sim.seed is None else f"seed {sim.seed}"
    heading = (
        f"The range: Monte Carlo, n = {sim.n:,}, {seed} (computed at export; does not move "
        "with the inputs)"
    )
    sheet.paragraph(row, 0, heading, st.export_section, span=6)
    row += 1
    for col, title in enumerate(("", "P10", "P50", "P90", "point estimate", "its percentile")):
        sheet.text(row, col, title, st.header if col == 0 else st.header_right)
    row += 1
    cost = Spread("Cost of the problem per year", sim.annual, q.annual_cost)
    spreads = [(cost, st.money)]
    ev = report.evaluation
    ours = ev.ours if ev is not None else None
    missing = ""
    if ours is not None and ev is not None:
        name = short_name(ours.name)
        if "npv" in ours.samples:
            spreads.append((Spread(f"NPV over {ev.horizon} years, {name}", ours.samples["npv"],
                                   ours.npv), st.money))  # fmt: skip
            if ours.total_investment > 0:
                spreads.append((Spread(f"ROI over {ev.horizon} years, {name}",
                                       ours.samples["roi"], ours.roi), st.percent))  # fmt: skip
        else:
            missing = (
                "The NPV's range needs the simulation's per-consequence samples: simulate "
                "with keep='consequences'."
            )
    for spread, fmt in spreads:
        sheet.paragraph(row, 0, spread.label, st.wrap)
        for col, value in enumerate(spread.percentiles, start=1):
            sheet.number(row, col, value, fmt)
        sheet.number(row, 4, spread.point, fmt)
        sheet.text(row, 5, spread.rank_label, st.number)
        row += 1
    if ours is not None and "npv" in ours.samples:
        sheet.text(row, 0, f"Probability that the NPV is negative, {short_name(ours.name)}",
                   st.text)  # fmt: skip
        sheet.number(row, 2, ours.prob_npv_negative(), st.percent)
        row += 1
    if missing:
        sheet.paragraph(row, 0, missing, st.note, span=6)
        row += 1
    sheet.paragraph(row, 0, skew_sentence(report, cost), st.note, span=6)
    return row + 1
