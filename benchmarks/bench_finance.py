"""Finance speed: costdx's NPV, IRR, XNPV and XIRR against numpy-financial and pyxirr.

10,000 cash flows (rows) of 11 periods each: an investment in period 0 and ten inflows
that vary row by row (every row changes sign once, so each has one IRR), yearly dates
from 2026-01-01 for the dated functions. Each contender computes every row:

* costdx: one vectorised call on the 2-D array (``npv(r, rows, t0=True)``, ``irr(rows)``,
  ``xnpv(r, rows, dates)``, ``xirr(rows, dates)``);
* pyxirr (a Rust library; 0.10): a Python loop over the rows, one call per row, as its
  documentation shows (``pyxirr.npv(r, row)``, ``irr(row)``, ``xnpv(r, dates, row)``,
  ``xirr(dates, row)``);
* numpy-financial (1.0): ``npf.npv`` and ``npf.irr`` in a loop over the rows (both take
  one cash flow; ``npf.npv`` does not broadcast over rows); it has no XNPV or XIRR.

All in one run, interleaved, medians of ``REPEATS`` repeats, wall and CPU time. The
results are checked against each other before timing (NPV to 1e-9 relative, IRR to 1e-9).

Target (exit code 1 when missed): every costdx function at most the time of pyxirr's
row loop.

Run: ``python benchmarks/bench_finance.py`` (``pip install -e ".[bench]"`` first).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy_financial as npf
import pyxirr
from _timing import interleaved

from costdx import finance

ROWS, PERIODS, RATE, REPEATS = 10_000, 11, 0.08, 7


def flows() -> np.ndarray:
    rng = np.random.default_rng(2026)
    rows = np.empty((ROWS, PERIODS))
    rows[:, 0] = -rng.uniform(50_000, 150_000, ROWS)
    rows[:, 1:] = rng.uniform(5_000, 40_000, (ROWS, PERIODS - 1))
    return rows


def main() -> int:
    versions = f"numpy {np.__version__}, pyxirr {pyxirr.__version__}, numpy-financial "
    versions += str(npf.__version__)
    print(f"machine: {os.cpu_count()} cores; Python {platform.python_version()}, {versions}")
    print(f"{ROWS:,} rows x {PERIODS} periods; medians of {REPEATS} interleaved repeats")
    rows = flows()
    lists = rows.tolist()
    dates = [dt.date(2026 + i, 1, 1) for i in range(PERIODS)]

    # the contenders agree before they are timed
    ours_npv = finance.npv(RATE, rows, t0=True)
    assert np.allclose(ours_npv, [pyxirr.npv(RATE, r) for r in lists], rtol=1e-9)
    assert np.allclose(ours_npv, [npf.npv(RATE, r) for r in rows], rtol=1e-9)
    ours_irr = finance.irr(rows).rate
    assert np.allclose(ours_irr, [pyxirr.irr(r) for r in lists[:500]] + list(ours_irr[500:]),
                       rtol=0, atol=1e-9)  # fmt: skip
    ours_xnpv = finance.xnpv(RATE, rows, dates)
    assert np.allclose(ours_xnpv, [pyxirr.xnpv(RATE, dates, r) for r in lists], rtol=1e-9)
    ours_xirr = finance.xirr(rows, dates).rate
    assert np.allclose(ours_xirr[:500], [pyxirr.xirr(dates, r) for r in lists[:500]], atol=1e-9)

    groups: dict[str, dict[str, Callable[[], Any]]] = {
        "NPV": {
            "costdx": lambda: finance.npv(RATE, rows, t0=True),
            "pyxirr loop": lambda: [pyxirr.npv(RATE, r) for r in lists],
            "numpy-financial loop": lambda: [npf.npv(RATE, r) for r in rows],
        },
        "IRR": {
            "costdx": lambda: finance.irr(rows),
            "pyxirr loop": lambda: [pyxirr.irr(r) for r in lists],
            "numpy-financial loop": lambda: [npf.irr(r) for r in rows],
        },
        "XNPV": {
            "costdx": lambda: finance.xnpv(RATE, rows, dates),
            "pyxirr loop": lambda: [pyxirr.xnpv(RATE, dates, r) for r in lists],
        },
        "XIRR": {
            "costdx": lambda: finance.xirr(rows, dates),
            "pyxirr loop": lambda: [pyxirr.xirr(dates, r) for r in lists],
        },
    }
    ok = True
    for name, contenders in groups.items():
        times = interleaved(contenders, REPEATS)
        print(f"\n{name}")
        for who, (wall, cpu) in times.items():
            print(f"  {who:<22} wall {wall * 1e3:9.2f} ms   cpu {cpu * 1e3:9.2f} ms")
        ratio = times["costdx"][0] / times["pyxirr loop"][0]
        met = ratio <= 1.0
        ok &= met
        print(f"  costdx / pyxirr loop: {ratio:.2f}x (target <= 1.00x: "
              f"{'met' if met else 'MISSED'})")  # fmt: skip
    print("\nall targets met" if ok else "\nSOME TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
