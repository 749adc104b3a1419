"""Timing shared by the benchmarks: interleaved repeats, medians, wall and CPU time."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def interleaved(
    contenders: dict[str, Callable[[], Any]], repeats: int
) -> dict[str, tuple[float, float]]:
    """Median (wall, cpu) seconds of each contender, each run once per repeat, in turn,
    after one warm-up run each (plans, tables, kernels, threads).

    CPU time is ``time.process_time``: every thread of the process, so a run on two
    threads shows what it cost the machine beside how long it took.
    """
    for fn in contenders.values():
        fn()
    walls: dict[str, list[float]] = {k: [] for k in contenders}
    cpus: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
    return {k: (statistics.median(walls[k]), statistics.median(cpus[k])) for k in contenders}
