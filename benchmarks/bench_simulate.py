"""Monte Carlo speed and memory: ``cdx.simulate`` against hand-written numpy and squigglepy.

Contenders, all in one run, interleaved (every repeat runs each once, in turn), medians
of ``REPEATS`` repeats, wall time (``time.perf_counter``) beside CPU time
(``time.process_time``, all threads):

* plain numpy: the code a careful analyst writes (numpy's own samplers, one array per
  driver over all n, the formulas as array arithmetic);
* strongest numpy: the best hand-written numpy we could write for the same model: chunks
  of 32,768 draws into preallocated buffers, numpy's own generators written in place where
  they allow it (``standard_normal(out=)`` then scale and ``exp`` in place for the
  (log)normals), the formulas evaluated in place into the chunk's slice of the total;
* squigglepy (0.30, vectorised ``sq.sample`` of the model written as one expression of its
  distributions; PERT with λ = 4, lognorm/norm from 90 % intervals: the same model);
* ``cdx.simulate(threads=1)`` and ``cdx.simulate()`` (default threads), with the compiled
  kernels (numba) when installed, and ``threads=1`` on the numpy backend beside them.

Models: (a) 10 drivers (5 LogNormal90, 3 PERT, 1 Triangular, 1 Normal90), n = 1,000,000;
(b) 60 drivers and 40 consequences, n = 200,000; (c) the shipped acme case, n = 1,000,000,
with its two rank correlations (Gaussian copula, and Iman–Conover) and without them.

Targets (exit code 1 when one is missed):
(a) ``threads=1`` at least 2.5x faster than the strongest numpy; default threads at least
4x faster than plain numpy; peak memory of ``keep="totals"`` at ``threads=1``
(tracemalloc, which numpy reports its buffers to) at most the strongest numpy's, which
runs on one thread too (each further thread holds one more chunk in flight: printed);
(c) with its correlations (default method) at most 1.5x the same case without them.

Run: ``python benchmarks/bench_simulate.py`` (``pip install -e ".[bench]"`` first).
"""

from __future__ import annotations

import importlib.util
import math
import os
import platform
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
from _timing import interleaved

import costdx as cdx
from costdx.engine import sampling

Z95 = 1.6448536269514722
REPEATS = 7
CHUNK = 32_768


def peak_memory(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak


# --- the models -------------------------------------------------------------------------
# A model: its drivers (id, estimate, unit) and its consequences, each a product of drivers
# with the factor that turns it into money per year (which costdx finds from the units).

Model = tuple[list[tuple[str, Any, str]], list[tuple[list[str], float]]]

SMALL: Model = (
    [
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
    ],
    [
        (["incidents", "hours_per_incident", "line_rate"], 12.0),
        (["orders", "cost_per_order"], 52.0),
        (["staff", "hours_per_person", "labour_rate"], 1.0),
        (["revenue_at_risk", "loss_share"], 1.0),
    ],
)


def large_model() -> Model:
    """60 drivers (a third of each rate, count and share) and 40 consequences
    rate × count [× share], each per week."""
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


def make_case(model: Model, problems: int = 1) -> cdx.Diagnosis:
    drivers, consequences = model
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
                    if k % problems == j
                ],
            )
            for j in range(problems)
        ],
    )


def np_sample(rng: np.random.Generator, spec: Any, n: int) -> Any:
    """numpy's own generator for an estimate, over all n at once (the plain way)."""
    if isinstance(spec, cdx.LogNormal90):
        mu = (math.log(spec.low) + math.log(spec.high)) / 2
        return rng.lognormal(mu, (math.log(spec.high) - math.log(spec.low)) / (2 * Z95), n)
    if isinstance(spec, cdx.Normal90):
        return rng.normal((spec.low + spec.high) / 2, (spec.high - spec.low) / (2 * Z95), n)
    if isinstance(spec, cdx.PERT):
        width = spec.high - spec.low
        alpha = 1 + 4 * (spec.likely - spec.low) / width
        beta = 1 + 4 * (spec.high - spec.likely) / width
        return spec.low + width * rng.beta(alpha, beta, n)
    if isinstance(spec, cdx.Triangular):
        return rng.triangular(spec.low, spec.likely, spec.high, n)
    raise TypeError(spec)


def np_sample_into(rng: np.random.Generator, spec: Any, out: Any) -> None:
    """numpy's own generator for an estimate, in place where numpy allows it."""
    if isinstance(spec, cdx.LogNormal90 | cdx.Normal90):
        rng.standard_normal(out=out)
        if isinstance(spec, cdx.LogNormal90):
            mu = (math.log(spec.low) + math.log(spec.high)) / 2
            sigma = (math.log(spec.high) - math.log(spec.low)) / (2 * Z95)
        else:
            mu, sigma = (spec.low + spec.high) / 2, (spec.high - spec.low) / (2 * Z95)
        out *= sigma
        out += mu
        if isinstance(spec, cdx.LogNormal90):
            np.exp(out, out=out)
    elif isinstance(spec, cdx.PERT):  # rng.beta has no out=: scale its result in place
        width = spec.high - spec.low
        draws = rng.beta(
            1 + 4 * (spec.likely - spec.low) / width, 1 + 4 * (spec.high - spec.likely) / width,
            out.size,
        )  # fmt: skip
        np.multiply(draws, width, out=out)
        out += spec.low
    elif isinstance(spec, cdx.Triangular):
        out[...] = rng.triangular(spec.low, spec.likely, spec.high, out.size)
    else:
        raise TypeError(spec)


def plain_numpy(model: Model, n: int, seed: int) -> Any:
    """The plain way: one array per driver over all n, the formulas as array arithmetic."""
    drivers, consequences = model
    rng = np.random.default_rng(seed)
    d = {ident: np_sample(rng, spec, n) for ident, spec, _ in drivers}
    total = np.zeros(n)
    for terms, per_year in consequences:
        product = d[terms[0]] * per_year
        for term in terms[1:]:
            product = product * d[term]
        total = total + product
    return total


def strongest_numpy(model: Model, n: int, seed: int) -> Any:
    """Chunks of CHUNK draws into preallocated buffers, everything in place."""
    drivers, consequences = model
    rng = np.random.default_rng(seed)
    total = np.empty(n)
    buffers = {ident: np.empty(CHUNK) for ident, _, _ in drivers}
    term = np.empty(CHUNK)
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        for ident, spec, _ in drivers:
            np_sample_into(rng, spec, buffers[ident][:m])
        out, t = total[start : start + m], term[:m]
        out.fill(0.0)
        for terms, per_year in consequences:
            np.multiply(buffers[terms[0]][:m], per_year, out=t)
            for name in terms[1:]:
                t *= buffers[name][:m]
            out += t
    return total


def squigglepy_model(model: Model, n: int) -> Any:
    """The model as one squigglepy expression of its distributions, sampled at once."""
    import squigglepy as sq

    drivers, consequences = model
    d = {}
    for ident, spec, _ in drivers:
        if isinstance(spec, cdx.LogNormal90):
            d[ident] = sq.lognorm(spec.low, spec.high)
        elif isinstance(spec, cdx.Normal90):
            d[ident] = sq.norm(spec.low, spec.high)
        elif isinstance(spec, cdx.PERT):
            d[ident] = sq.pert(spec.low, spec.likely, spec.high, lam=4)
        else:
            d[ident] = sq.triangular(spec.low, spec.likely, spec.high)
    total: Any = 0
    for terms, per_year in consequences:
        product: Any = d[terms[0]] * per_year
        for name in terms[1:]:
            product = product * d[name]
        total = total + product
    return sq.sample(total, n=n)


# --- report -----------------------------------------------------------------------------


def line(name: str, figures: tuple[float, float], extra: str = "") -> None:
    wall, cpu = figures
    print(f"  {name:<38} wall {wall * 1e3:8.1f} ms   cpu {cpu * 1e3:8.1f} ms{extra}")


def verdict(label: str, value: float, target: float, *, at_least: bool) -> bool:
    met = value >= target if at_least else value <= target
    sign = ">=" if at_least else "<="
    print(f"  {label:<52} {value:6.2f}x  (target {sign} {target:.2f}x: "
          f"{'met' if met else 'MISSED'})")  # fmt: skip
    return met


def on(backend: str, fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` run on one sampling backend (numba falls back to numpy where not installed)."""

    def run() -> Any:
        sampling.set_backend(backend if backend != "numba" or FAST else "numpy")  # type: ignore[arg-type]
        try:
            return fn()
        finally:
            sampling.set_backend("auto")

    return run


FAST = importlib.util.find_spec("numba") is not None


def model_a() -> bool:
    case, n = make_case(SMALL), 1_000_000
    contenders: dict[str, Callable[[], Any]] = {
        "plain numpy (1 thread)": lambda: plain_numpy(SMALL, n, 1),
        "strongest numpy (1 thread)": lambda: strongest_numpy(SMALL, n, 1),
        "squigglepy sq.sample (1 core)": lambda: squigglepy_model(SMALL, n),
        "cdx.simulate(threads=1), numpy backend": on(
            "numpy", lambda: cdx.simulate(case, n=n, seed=1, threads=1)
        ),
        "cdx.simulate(threads=1)": on("numba", lambda: cdx.simulate(case, n=n, seed=1, threads=1)),
        "cdx.simulate() default threads": on("numba", lambda: cdx.simulate(case, n=n, seed=1)),
    }
    t = interleaved(contenders, REPEATS)
    kernels = "numba kernels" if FAST else "numpy (numba is not installed)"
    print(f"\n(a) 10 drivers, 4 consequences, n = {n:,}; cdx.simulate on {kernels}")
    for name, figures in t.items():
        line(name, figures)
    strongest = t["strongest numpy (1 thread)"][0]
    plain = t["plain numpy (1 thread)"][0]
    one, default = t["cdx.simulate(threads=1)"][0], t["cdx.simulate() default threads"][0]
    ok = verdict("strongest numpy / cdx.simulate(threads=1), wall", strongest / one, 2.5,
                 at_least=True)  # fmt: skip
    ok &= verdict("plain numpy / cdx.simulate() default threads, wall", plain / default, 4.0,
                  at_least=True)  # fmt: skip
    squiggle = t["squigglepy sq.sample (1 core)"][0]
    print(f"  {'(squigglepy / cdx.simulate(threads=1), wall)':<52} {squiggle / one:6.2f}x")
    hand_mem = peak_memory(lambda: strongest_numpy(SMALL, n, 1))
    one_mem = peak_memory(
        on("numba", lambda: cdx.simulate(case, n=n, seed=1, keep="totals", threads=1))
    )
    sim_mem = peak_memory(on("numba", lambda: cdx.simulate(case, n=n, seed=1, keep="totals")))
    print(f"  peak memory: strongest numpy {hand_mem / 2**20:.1f} MiB, keep='totals' "
          f"threads=1 {one_mem / 2**20:.1f} MiB, default threads {sim_mem / 2**20:.1f} MiB "
          "(a chunk in flight per thread)")  # fmt: skip
    ok &= verdict("peak memory keep='totals', threads=1 / strongest numpy", one_mem / hand_mem,
                  1.0, at_least=False)  # fmt: skip
    return ok


def model_b() -> None:
    model = large_model()
    case, n = make_case(model, problems=4), 200_000
    t = interleaved(
        {
            "plain numpy (1 thread)": lambda: plain_numpy(model, n, 1),
            "strongest numpy (1 thread)": lambda: strongest_numpy(model, n, 1),
            "cdx.simulate(threads=1)": on(
                "numba", lambda: cdx.simulate(case, n=n, seed=1, threads=1)
            ),
            "cdx.simulate() default threads": on("numba", lambda: cdx.simulate(case, n=n, seed=1)),
        },
        REPEATS,
    )
    print(f"\n(b) 60 drivers, 40 consequences, n = {n:,} (no target; for the record)")
    for name, figures in t.items():
        line(name, figures)
    ratio = t["strongest numpy (1 thread)"][0] / t["cdx.simulate(threads=1)"][0]
    print(f"  strongest numpy / cdx.simulate(threads=1): {ratio:.2f}x")


def model_c() -> bool:
    acme = cdx.load(cdx.example_path())
    plain = cdx.evolve(acme, correlations=[])
    n = 1_000_000
    t = interleaved(
        {
            "acme without correlations": on("numba", lambda: cdx.simulate(plain, n=n, seed=1)),
            "acme, Gaussian copula (default)": on("numba", lambda: cdx.simulate(acme, n=n, seed=1)),
            "acme, Iman-Conover": on(
                "numba",
                lambda: cdx.simulate(acme, n=n, seed=1, correlation_method="iman-conover"),
            ),
        },
        REPEATS,
    )
    print(f"\n(c) the acme example, n = {n:,}, default threads")
    for name, figures in t.items():
        line(name, figures)
    base = t["acme without correlations"][0]
    ok = verdict("with correlations (copula) / without, wall",
                 t["acme, Gaussian copula (default)"][0] / base, 1.5, at_least=False)  # fmt: skip
    print(f"  {'(Iman-Conover / without, wall)':<52} {t['acme, Iman-Conover'][0] / base:6.2f}x")
    return ok


def main() -> int:
    cpu = "unknown CPU"
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    print(f"machine: {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, "
          f"numpy {np.__version__}, costdx {cdx.__version__}; medians of {REPEATS} "
          "interleaved repeats")  # fmt: skip
    ok = model_a()
    model_b()
    ok &= model_c()
    print("\nall targets met" if ok else "\nSOME TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
