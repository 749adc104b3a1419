"""Benchmark costdx's quantile samplers against numpy's own generators.

For n = 1,000,000 draws per distribution, prints the median of 5 repeats
(``time.perf_counter``) of:

* ``numpy``: numpy's generator for the distribution, scaled to the estimate
  (``low + (high − low)·rng.beta(α, β)``, ``rng.triangular``, ``rng.uniform``,
  ``rng.lognormal``, ``rng.normal``);
* ``ppf``: ``marginal.ppf(rng.random(n))``, drawing the uniforms included;
* ``ppf chunked``: the same in chunks of 65,536 draws written in place into one
  preallocated buffer (``rng.random(out=buf)``, ``ppf(buf, out=buf)``), as the engine
  samples, on the numpy backend and on the compiled (numba) one;

and the ratio numpy / ppf; then the uniforms (float64, and float32 as a lever we did not
take), Iman–Conover and the Gaussian copula on the same chunks. Run with
``python benchmarks/bench_samplers.py`` (numba installed: ``pip install -e ".[fast]"``).
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable

import numpy as np

from costdx.engine import sampling
from costdx.engine.sampling import (
    LogNormal90Marginal,
    Marginal,
    Normal90Marginal,
    PertMarginal,
    TriangularMarginal,
    UniformMarginal,
    gaussian_copula,
    iman_conover,
    uniforms,
)

N = 1_000_000
CHUNK = 65_536
REPEATS = 5


def median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs, in milliseconds (after a warm-up)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def on(backend: str, fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        sampling.set_backend(backend)  # type: ignore[arg-type]
        try:
            return fn()
        finally:
            sampling.set_backend("auto")

    return run


def numpy_samplers(rng: np.random.Generator) -> list[tuple[Marginal, Callable[[], object]]]:
    pert = PertMarginal(10.0, 12.0, 20.0)
    tri = TriangularMarginal(10.0, 12.0, 20.0)
    uni = UniformMarginal(10.0, 20.0)
    logn = LogNormal90Marginal(100.0, 400.0)
    norm = Normal90Marginal(10.0, 30.0)
    return [
        (pert, lambda: pert.low + pert.width * rng.beta(pert.alpha, pert.beta, N)),
        (tri, lambda: rng.triangular(tri.low, tri.likely, tri.high, N)),
        (uni, lambda: rng.uniform(uni.low, uni.high, N)),
        (logn, lambda: rng.lognormal(logn.mu, logn.sigma, N)),
        (norm, lambda: rng.normal(norm.mu, norm.sigma, N)),
    ]


def chunked(d: Marginal, rng: np.random.Generator, buf: np.ndarray) -> Callable[[], object]:
    def run() -> None:
        for start in range(0, N, CHUNK):
            view = buf[start : start + CHUNK]
            rng.random(out=view)
            d.ppf(view, out=view)

    return run


def main() -> None:
    rng = np.random.default_rng(12345)
    buf = np.empty(N)
    print(
        f"n = {N:,} draws, median of {REPEATS} repeats (wall time), {os.cpu_count()} CPU(s), "
        f"numpy {np.__version__}"
    )
    header = f"{'distribution':<34}{'numpy ms':>10}{'ppf ms':>10}{'ratio':>8}"
    print(header + f"{'chunked ms':>12}{'ratio':>8}{'numba ms':>10}{'ratio':>8}")
    print("-" * (len(header) + 38))
    for d, numpy_fn in numpy_samplers(rng):
        t_numpy = median_ms(numpy_fn)
        t_ppf = median_ms(on("numpy", lambda d=d: d.ppf(rng.random(N))))  # type: ignore[misc]
        t_chunk = median_ms(on("numpy", chunked(d, rng, buf)))
        t_numba = median_ms(on("numba", chunked(d, rng, buf)))
        name = f"{d.kind}{d.params}"
        print(
            f"{name:<34}{t_numpy:>10.2f}{t_ppf:>10.2f}{t_numpy / t_ppf:>7.1f}x"
            f"{t_chunk:>12.2f}{t_numpy / t_chunk:>7.1f}x{t_numba:>10.2f}{t_numpy / t_numba:>7.1f}x"
        )

    print()
    print("uniform generators and correlation, 3 variables x n draws:")
    k = 3
    corr = np.array([[1.0, 0.5, 0.3], [0.5, 1.0, 0.2], [0.3, 0.2, 1.0]])
    t_random = median_ms(lambda: uniforms(rng, N, k, method="random"))
    t_single = median_ms(lambda: rng.random((k, N), dtype=np.float32))
    t_lhs = median_ms(lambda: uniforms(rng, N, k, method="lhs"))
    u = uniforms(rng, CHUNK, k)
    chunks = math.ceil(N / CHUNK)
    t_ic = median_ms(lambda: iman_conover(u, corr)) * chunks
    t_copula = median_ms(on("numba", lambda: gaussian_copula(u, corr))) * chunks
    t_copula_np = median_ms(on("numpy", lambda: gaussian_copula(u, corr))) * chunks
    print(f"  uniforms(method='random')                  {t_random:8.2f} ms")
    print(f"  float32 uniforms (rng.random, a lever)     {t_single:8.2f} ms")
    print(f"  uniforms(method='lhs')                     {t_lhs:8.2f} ms")
    print(f"  iman_conover in chunks of {CHUNK:,}          {t_ic:8.2f} ms")
    print(f"  gaussian_copula, same chunks, numba        {t_copula:8.2f} ms")
    print(f"  gaussian_copula, same chunks, numpy        {t_copula_np:8.2f} ms")


if __name__ == "__main__":
    main()
