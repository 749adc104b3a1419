"""Monte Carlo speed and memory: ``cdx.simulate`` against hand-written numpy, in one run.

Two models, each simulated by costdx and by the numpy code a careful analyst would write
for the same model (numpy's own samplers, one array per driver, the formulas as array
arithmetic):

(a) 10 drivers (5 LogNormal90, 3 PERT, 1 Triangular, 1 Normal90), n = 1,000,000;
(b) 60 drivers and 40 consequences, n = 200,000.

Printed: median wall time of several runs for the hand-written code (single thread, as
numpy runs it), ``cdx.simulate(threads=1)`` and ``cdx.simulate()`` (default threads),
their ratios, and the peak memory (tracemalloc, which numpy reports its buffers to) of
``keep="totals"`` against the hand-written code.

Targets: threads=1 no slower than hand-written (ratio <= 1.0); default threads at least
2.5x faster on 2 cores; peak memory at most 1.5x the hand-written code's.

Run: ``python benchmarks/bench_simulate.py``
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import costdx as cdx

Z95 = 1.6448536269514722
REPEATS = 5


def timed(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak


# --- numpy's own samplers, as an analyst would call them --------------------------------


def np_lognormal90(rng: np.random.Generator, low: float, high: float, n: int) -> Any:
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z95)
    return rng.lognormal(mu, sigma, n)


def np_normal90(rng: np.random.Generator, low: float, high: float, n: int) -> Any:
    return rng.normal((low + high) / 2, (high - low) / (2 * Z95), n)


def np_pert(rng: np.random.Generator, low: float, likely: float, high: float, n: int) -> Any:
    width = high - low
    alpha = 1 + 4 * (likely - low) / width
    beta = 1 + 4 * (high - likely) / width
    return low + width * rng.beta(alpha, beta, n)


def np_sample(rng: np.random.Generator, spec: Any, n: int) -> Any:
    if isinstance(spec, cdx.LogNormal90):
        return np_lognormal90(rng, spec.low, spec.high, n)
    if isinstance(spec, cdx.Normal90):
        return np_normal90(rng, spec.low, spec.high, n)
    if isinstance(spec, cdx.PERT):
        return np_pert(rng, spec.low, spec.likely, spec.high, n)
    if isinstance(spec, cdx.Triangular):
        return rng.triangular(spec.low, spec.likely, spec.high, n)
    raise TypeError(spec)


# --- (a) the 10-driver model ------------------------------------------------------------

SMALL_DRIVERS = [
    ("incidents", cdx.LogNormal90(4, 15), "incident/month"),
    ("hours_per_incident", cdx.LogNormal90(2, 9), "hour/incident"),
    ("orders", cdx.LogNormal90(300, 600), "order/week"),
    ("staff", cdx.LogNormal90(5, 12), "person"),
    ("revenue_at_risk", cdx.LogNormal90(1e6, 4e6), "USD/year"),
    ("line_rate", cdx.PERT(1500, 1850, 2600), "USD/hour"),
    ("cost_per_order", cdx.PERT(3, 5, 11), "USD/order"),
    ("labour_rate", cdx.PERT(35, 42, 60), "USD/hour"),
    ("hours_per_person", cdx.Triangular(40, 80, 160), "hour/(person*year)"),
    ("loss_share", cdx.Normal90(0.05, 0.15), "1"),
]
SMALL_FORMULAS = [
    "incidents * hours_per_incident * line_rate",
    "orders * cost_per_order",
    "staff * hours_per_person * labour_rate",
    "revenue_at_risk * loss_share",
]


def small_case() -> cdx.Diagnosis:
    return cdx.Diagnosis(
        account=cdx.Account(name="Bench"),
        drivers=[cdx.Driver(id=i, value=v, unit=u) for i, v, u in SMALL_DRIVERS],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[
                    cdx.Consequence(id=f"c{k}", formula=f) for k, f in enumerate(SMALL_FORMULAS)
                ],
            )
        ],
    )


def small_by_hand(n: int, seed: int) -> Any:
    rng = np.random.default_rng(seed)
    d = {ident: np_sample(rng, spec, n) for ident, spec, _ in SMALL_DRIVERS}
    return (
        d["incidents"] * d["hours_per_incident"] * d["line_rate"] * 12
        + d["orders"] * d["cost_per_order"] * 52
        + d["staff"] * d["hours_per_person"] * d["labour_rate"]
        + d["revenue_at_risk"] * d["loss_share"]
    )


# --- (b) a 60-driver, 40-consequence case -----------------------------------------------


def large_spec() -> tuple[list[tuple[str, Any, str]], list[tuple[list[str], float]]]:
    """60 drivers (a third of each rate, count and share) and 40 consequences
    rate × count [× share], each per month, week or year."""
    rng = np.random.default_rng(2026)
    drivers: list[tuple[str, Any, str]] = []
    kinds = [
        lambda lo: cdx.LogNormal90(lo, lo * 3),
        lambda lo: cdx.PERT(lo, lo * 1.4, lo * 2.5),
        lambda lo: cdx.Triangular(lo, lo * 1.5, lo * 2),
        lambda lo: cdx.Normal90(lo, lo * 2),
    ]
    for k in range(20):
        drivers.append((f"rate_{k}", kinds[k % 4](float(rng.uniform(20, 200))), "USD/order"))
        drivers.append(
            (f"volume_{k}", kinds[(k + 1) % 4](float(rng.uniform(50, 500))), "order/week")
        )
        drivers.append((f"share_{k}", cdx.PERT(0.05, 0.1, 0.3), "1"))
    consequences = []
    for k in range(40):
        terms = [f"rate_{k % 20}", f"volume_{(k * 7) % 20}"]
        if k % 2:
            terms.append(f"share_{(k * 3) % 20}")
        consequences.append((terms, 52.0))
    return drivers, consequences


def large_case() -> cdx.Diagnosis:
    drivers, consequences = large_spec()
    return cdx.Diagnosis(
        account=cdx.Account(name="Bench"),
        drivers=[cdx.Driver(id=i, value=v, unit=u) for i, v, u in drivers],
        problems=[
            cdx.Problem(
                id=f"p{j}",
                title=f"P{j}",
                symptoms=[cdx.Symptom(id=f"s{j}")],
                consequences=[
                    cdx.Consequence(id=f"c{k}", formula=" * ".join(terms))
                    for k, (terms, _) in enumerate(consequences)
                    if k % 4 == j
                ],
            )
            for j in range(4)
        ],
    )


def large_by_hand(n: int, seed: int) -> Any:
    drivers, consequences = large_spec()
    rng = np.random.default_rng(seed)
    d = {ident: np_sample(rng, spec, n) for ident, spec, _ in drivers}
    total = np.zeros(n)
    for terms, per_year in consequences:
        product = d[terms[0]] * per_year
        for term in terms[1:]:
            product *= d[term]
        total += product
    return total


def report(name: str, case: cdx.Diagnosis, n: int, by_hand: Callable[[int, int], Any]) -> None:
    # warm up: compile plans, build PERT tables, start threads
    cdx.simulate(case, n=1000, seed=1)
    by_hand(1000, 1)
    hand = timed(lambda: by_hand(n, 1))
    one = timed(lambda: cdx.simulate(case, n=n, seed=1, threads=1))
    default = timed(lambda: cdx.simulate(case, n=n, seed=1))
    hand_mem = peak_memory(lambda: by_hand(n, 1))
    sim_mem = peak_memory(lambda: cdx.simulate(case, n=n, seed=1, keep="totals"))
    print(f"\n{name} (n = {n:,})")
    print(f"  hand-written numpy (1 thread)   {hand * 1e3:8.1f} ms")
    print(
        f"  cdx.simulate(threads=1)         {one * 1e3:8.1f} ms   "
        f"ratio {one / hand:5.2f}x   (target <= 1.00x)"
    )
    print(
        f"  cdx.simulate() default threads  {default * 1e3:8.1f} ms   "
        f"speed-up {hand / default:5.2f}x   (target >= 2.50x)"
    )
    print(f"  peak memory, hand-written       {hand_mem / 2**20:8.1f} MiB")
    print(f"  peak memory, keep='totals'      {sim_mem / 2**20:8.1f} MiB   ratio "
          f"{sim_mem / hand_mem:5.2f}x   (target <= 1.50x)")  # fmt: skip


def main() -> None:
    cpu = "unknown CPU"
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    print(f"machine: {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, "
          f"numpy {np.__version__}, costdx {cdx.__version__}")  # fmt: skip
    report("(a) 10 drivers, 4 consequences", small_case(), 1_000_000, small_by_hand)
    report("(b) 60 drivers, 40 consequences", large_case(), 200_000, large_by_hand)


if __name__ == "__main__":
    main()
