"""Benchmark value realised: ``costdx.track`` with its re-forecast over ``N`` draws.

On acme with its nine months of invented measurements, three contenders, interleaved:

* ``costdx.track``: the ledger (realised against promised, month by month, the rate and
  timing fits), the outlook, and the re-forecast over the simulation's ``N`` draws, now
  and at signing;
* the same re-forecast written by hand in numpy: acme's nine addressed lines as plain
  array formulas (units and calendar folded in by hand), the measured lines' gains month
  by month and carried up their ramps, the rest by the value case's own model, NPV per
  draw (and ROI, payback, the cumulative benefit's P10/P50/P90), now and at signing. It
  is handed what costdx works out once per tracking (the
  months, the values carried to each, the lateness of each line) and the simulation's
  draws, already drawn, so only the Monte Carlo arithmetic is timed; its figures are
  checked equal to costdx's;
* ``costdx.evaluate`` with the simulation: the value case's own Monte Carlo over the same
  draws, what a re-forecast with nothing measured comes to.

Run with ``PYTHONPATH=src python benchmarks/bench_track.py``.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping
from typing import Any

import numpy as np
from _timing import interleaved

import costdx as cdx
from costdx.finance import npv
from costdx.model import point_values
from costdx.value import effect_by_month, sampled_deal
from costdx.value._ledger import NO_DATA, ledger

N = 100_000
REPEATS = 5
MONTHS, WEEKS, WORKDAYS = 12.0, 52.0, 250.0


def costs(x: Mapping[str, Any]) -> dict[str, Any]:
    """acme's addressed lines a year, written out by hand from examples/acme.toml."""
    down = x["breakdowns_per_month"] * x["hours_down_per_stop"] * MONTHS
    excess = np.maximum(x["defect_rate"] - x["defect_rate_target"], 0) / 100
    housings = x["housings_per_workday"] * excess * WORKDAYS
    share = x["reworkable_share"] / 100
    return {
        "lost_contribution": down * x["contribution_per_line_hour"],
        "idle_crew": down * x["crew_size"] * x["operator_rate"],
        "emergency_parts": x["emergency_parts_per_month"] * MONTHS,
        "scrap_material": housings * (1 - share) * x["material_cost_per_housing"],
        "rework_labour": housings * share * x["rework_minutes"] / 60 * x["technician_rate"],
        "rekeying_labour": x["orders_per_week"] * x["minutes_per_order"] / 60
        * x["clerk_rate"] * WEEKS,
        "order_error_cost": x["orders_per_week"] * x["order_error_rate"] / 100
        * x["cost_per_order_error"] * WEEKS,
        "late_penalties": x["late_shipments_per_month"] * x["penalty_per_late_shipment"] * MONTHS,
        "account_at_risk": x["key_account_revenue"] * x["loss_probability"] / 100
        * x["contribution_margin"] / 100,
    }  # fmt: skip


def by_hand(given: dict[str, Any], *, measured: bool) -> dict[str, np.ndarray]:
    """NPV, ROI and payback per draw of the re-forecast (``measured``) or of the promise
    alone, and the P10/P50/P90 of the cumulative benefit (of the re-forecast)."""
    book, draws, point = given["book"], given["draws"], given["point"]
    sampled, fractions, risk = given["sampled"], given["fractions"], given["risk"]
    n, months = N, 36
    year_index = np.concatenate([[0], np.repeat(np.arange(3), 12)])
    total = np.zeros((n, months + 1))
    for a in given["solution"].addresses:
        c = a.consequence
        i = book.row(c)
        flows = sampled[c][:, year_index] / 12 * (fractions[c] * risk[c])[:, None]
        flows *= given["effect"][c][None, :]
        if measured and np.any(book.data[i] > NO_DATA):
            for j, m in enumerate(book.months.tolist()):
                if book.data[i, j] > NO_DATA:
                    fixed = book.overrides[j]
                    base = costs({**draws, **{d: point[d] for d in fixed}})[c]
                    flows[:, m] = (base - costs({**draws, **fixed})[c]) / 12
            last, k = book.last_measured[c], book.slip[c]
            ramp = given["ramps"][k][c]
            latest = book.overrides[-1]
            gain = (costs({**draws, **{d: point[d] for d in latest}})[c]
                    - costs({**draws, **latest})[c]) / 12  # fmt: skip
            ahead = np.arange(book.as_of + 1, months + 1)
            flows[:, ahead] = np.asarray(gain)[..., None] * (ramp[ahead] / ramp[last])
        total += flows
    yearly = np.empty((n, 4))
    yearly[:, 0] = total[:, 0]
    yearly[:, 1:] = total[:, 1:].reshape(n, 3, 12).sum(axis=2)
    invested = float(given["investment"].sum())
    out = {
        "npv": np.asarray(npv(0.08, yearly - given["investment"][None, :], t0=True)),
        "roi": (yearly.sum(axis=1) - invested) / invested,
    }
    # payback: the first month the cumulative net cash is not negative, interpolated
    cumulative = np.cumsum(total - given["monthly_investment"][None, :], axis=1)
    paid = cumulative >= 0
    k = np.argmax(paid, axis=1)
    owed = -cumulative[np.arange(n), k - 1]
    net = cumulative[np.arange(n), k] - cumulative[np.arange(n), k - 1]
    out["payback_months"] = np.where(paid.any(axis=1), k - 1 + owed / net, np.nan)
    if measured:
        out["band"] = np.percentile(np.cumsum(total, axis=1), (10, 50, 90), axis=0)
    return out


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    tracking = cdx.load_tracking(cdx.example_path())
    vc = tracking.value_case
    rows = cdx.read_measurements(cdx.example_path("acme_tracking.csv"))
    sim = cdx.simulate(vc.diagnosis, n=N, seed=7, keep="consequences")
    result = cdx.track(tracking, rows, simulation=sim)
    ev = cdx.evaluate(vc)
    solution = result.tracking.bought
    book = ledger(result.tracking, ev, None)
    sampled, fractions = sampled_deal(vc, solution, ev.cost_by_year, sim)
    plan = vc.diagnosis.plan
    given = {
        "book": book, "solution": solution, "point": point_values(vc.diagnosis),
        "draws": {**point_values(vc.diagnosis), **sim.inputs()},
        "sampled": sampled, "fractions": fractions,
        "risk": {c.id: vc.risk_adjustment.get(c.source, 1.0) for c in plan.consequences},
        "effect": ev.solutions[solution.id].timeline.effect,
        "ramps": {k: effect_by_month(solution, 3, slip=k) for k in set(book.slip.values())},
        "investment": ev.solutions[solution.id].investment,
        "monthly_investment": ev.solutions[solution.id].timeline.investment,
    }  # fmt: skip
    assert result.reforecast is not None
    mine = by_hand(given, measured=True)
    for figure in ("npv", "roi", "payback_months"):
        np.testing.assert_allclose(mine[figure], result.reforecast.samples(figure), rtol=1e-9)
    np.testing.assert_allclose(mine["band"], result.reforecast.cumulative, rtol=1e-9)
    times = interleaved(
        {
            "costdx.track": lambda: cdx.track(tracking, rows, simulation=sim),
            "numpy by hand": lambda: (
                by_hand(given, measured=True),
                by_hand(given, measured=False),
            ),
            "costdx.evaluate": lambda: cdx.evaluate(vc, simulation=sim),
        },
        REPEATS,
    )
    print(f"\nValue realised, acme: 9 lines, 7 drivers measured over 9 months, re-forecast of "
          f"{N:,} draws (now and at signing); median of {REPEATS}")  # fmt: skip
    for name, (wall, cpu) in times.items():
        print(f"  {name:<16} wall {wall * 1e3:8.1f} ms   cpu {cpu * 1e3:8.1f} ms")
    ours, theirs = times["costdx.track"], times["numpy by hand"]
    own = times["costdx.evaluate"]
    print(f"  ratio track / by hand: wall {ours[0] / theirs[0]:.2f}, cpu {ours[1] / theirs[1]:.2f}")
    print(f"  ratio track / evaluate: wall {ours[0] / own[0]:.2f}, cpu {ours[1] / own[1]:.2f}")


if __name__ == "__main__":
    main()
