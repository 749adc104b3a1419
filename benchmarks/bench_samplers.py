"""Benchmark costdx's quantile samplers against numpy's own generators.

For n = 1,000,000 draws per distribution, prints the median wall (``time.perf_counter``)
and CPU (``time.process_time``) time of 5 interleaved repeats of:

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
from collections.abc import Callable

import numpy as np
from _timing import interleaved

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
        f"n = {N:,} draws, medians of {REPEATS} interleaved repeats, wall ms (cpu ms), "
        f"{os.cpu_count()} CPU(s), numpy {np.__version__}"
    )
    names = ("numpy", "ppf", "chunked", "numba")
    print(f"{'distribution':<30}" + "".join(f"{n:>18}" for n in names) + "  numpy/numba")
    print("-" * 114)
    for d, numpy_fn in numpy_samplers(rng):
        t = interleaved(
            {
                "numpy": numpy_fn,
                "ppf": on("numpy", lambda d=d: d.ppf(rng.random(N))),  # type: ignore[misc]
                "chunked": on("numpy", chunked(d, rng, buf)),
                "numba": on("numba", chunked(d, rng, buf)),
            },
            REPEATS,
        )
        cells = "".join(f"{t[n][0] * 1e3:>9.2f} ({t[n][1] * 1e3:6.2f})" for n in names)
        print(f"{d.kind + str(d.params):<30}{cells}{t['numpy'][0] / t['numba'][0]:>12.1f}x")

    print()
    print("uniform generators and correlation, 3 variables x n draws:")
    k = 3
    corr = np.array([[1.0, 0.5, 0.3], [0.5, 1.0, 0.2], [0.3, 0.2, 1.0]])
    u = uniforms(rng, CHUNK, k)
    chunks = math.ceil(N / CHUNK)
    t = interleaved(
        {
            "uniforms(method='random')": lambda: uniforms(rng, N, k, method="random"),
            "float32 uniforms (a lever not taken)": lambda: rng.random((k, N), dtype=np.float32),
            "uniforms(method='lhs')": lambda: uniforms(rng, N, k, method="lhs"),
            f"iman_conover, {chunks} chunks of {CHUNK:,}": lambda: [
                iman_conover(u, corr) for _ in range(chunks)
            ],
            "gaussian_copula, same chunks, numba": on(
                "numba", lambda: [gaussian_copula(u, corr) for _ in range(chunks)]
            ),
            "gaussian_copula, same chunks, numpy": on(
                "numpy", lambda: [gaussian_copula(u, corr) for _ in range(chunks)]
            ),
        },
        REPEATS,
    )
    for name, (wall, cpu) in t.items():
        print(f"  {name:<42} wall {wall * 1e3:8.2f} ms   cpu {cpu * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
