"""Benchmark costdx.write_excel against plain XlsxWriter calls writing the same workbook.

A synthetic case of 2,000 drivers (a quarter of them estimates) and 2,000 consequences in
200 problems is written in full by ``costdx.write_excel``, as a diagnosis report and as a
value-case report (two solutions addressing 60 and 30 consequences over 5 years: the Value
case, Comparison and monthly Timeline sheets). The baseline replays, on a fresh
``xlsxwriter.Workbook`` with the same options, the very calls ``write_excel`` made
(recorded once through a forwarding proxy): the same cells, formulas, cached values,
formats, names, validations, page set-up and charts, with none of costdx's logic. The
two alternate, ``REPEATS`` times; medians of wall time (``time.perf_counter``) and of CPU
time (``time.process_time``, which other processes on a shared machine do not inflate)
are printed with their ratios (target: at most 1.5), and ``read_excel``'s time.

Run with ``PYTHONPATH=src python benchmarks/bench_excel.py``.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import costdx as cdx
from costdx.report.excel import _write

DRIVERS = 2_000
CONSEQUENCES = 2_000
PROBLEMS = 200
REPEATS = 5


def synthetic_case() -> cdx.Diagnosis:
    """Pairs of drivers (orders per week, cost per order); each consequence multiplies one
    pair by its own factor, so every consequence has its own formula."""
    people = [{"id": f"s{k}", "name": f"Stakeholder {k}", "department": f"Dept {k % 5}"}
              for k in range(20)]  # fmt: skip
    drivers: list[dict[str, Any]] = []
    for j in range(DRIVERS // 2):
        volume: Any = 100.0 + j
        if j % 2 == 0:
            volume = {"dist": "pert", "low": 80.0 + j, "likely": 100.0 + j, "high": 150.0 + j}
        drivers.append({"id": f"orders_{j}", "label": f"Orders of line {j}", "value": volume,
                        "unit": "order/week", "source": "measured", "confirmed_by": "s1",
                        "evidence": "ERP order headers", "bounds": {"min": 0}})  # fmt: skip
        drivers.append({"id": f"cost_{j}", "value": 2.5 + j / 100, "unit": "USD/order",
                        "source": "benchmark", "evidence": "benchmark"})  # fmt: skip
    per_problem = CONSEQUENCES // PROBLEMS
    problems = []
    for p in range(PROBLEMS):
        consequences = []
        for i in range(per_problem):
            k = p * per_problem + i
            j = k % (DRIVERS // 2)
            consequences.append({
                "id": f"c_{k}", "label": f"Consequence {k}",
                "formula": f"orders_{j} * cost_{j} * {1 + k / 10_000}",
                "borne_by": [f"s{k % 20}", f"s{(k + 1) % 20}"][: 1 + k % 2],
            })  # fmt: skip
        problems.append({"id": f"p_{p}", "title": f"Problem {p}", "owner": "s0",
                         "symptoms": [{"id": f"sy_{p}", "metric": f"orders_{p}"}],
                         "consequences": consequences})  # fmt: skip
    return cdx.Diagnosis.model_validate({
        "account": {"name": "Synthetic", "currency": "USD"}, "stakeholders": people,
        "drivers": drivers, "problems": problems,
    })  # fmt: skip


class Ref:
    """A recorded object, by number."""

    def __init__(self, number: int) -> None:
        self.number = number


class Recorder:
    """Forwards every call to an XlsxWriter object and logs it, for an exact replay."""

    def __init__(self, target: Any, log: list[Any], number: int, counter: list[int]) -> None:
        self._target, self._log, self._number, self._counter = target, log, number, counter

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            real_args = [unwrap(a) for a in args]
            real_kwargs = {k: unwrap(v) for k, v in kwargs.items()}
            result = attribute(*real_args, **real_kwargs)
            entry: list[Any] = [self._number, name, [mark(a) for a in args],
                                {k: mark(v) for k, v in kwargs.items()}, None]  # fmt: skip
            self._log.append(entry)
            if type(result).__module__.startswith("xlsxwriter"):
                self._counter[0] += 1
                entry[4] = self._counter[0]
                return Recorder(result, self._log, self._counter[0], self._counter)
            return result

        return call


def unwrap(value: Any) -> Any:
    return value._target if isinstance(value, Recorder) else value


def mark(value: Any) -> Any:
    return Ref(value._number) if isinstance(value, Recorder) else value


def record(case: cdx.Diagnosis, path: Path) -> list[Any]:
    """The XlsxWriter calls write_excel makes (workbook creation excluded)."""
    log: list[Any] = []
    original = _write._new_workbook

    def recording(handle: Any) -> Any:
        return Recorder(original(handle), log, 0, [0])

    _write._new_workbook = recording
    try:
        cdx.write_excel(case, path)
    finally:
        _write._new_workbook = original
    return log


def replay(log: list[Any], path: Path) -> None:
    """Make the same calls on a fresh workbook written to ``path``."""
    from xlsxwriter import Workbook

    objects: dict[int, Any] = {0: Workbook(str(path), _write.WORKBOOK_OPTIONS)}

    def real(value: Any) -> Any:
        return objects[value.number] if isinstance(value, Ref) else value

    for number, name, args, kwargs, result in log:
        out = getattr(objects[number], name)(*[real(a) for a in args],
                                             **{k: real(v) for k, v in kwargs.items()})  # fmt: skip
        if result is not None:
            objects[result] = out


def value_case(case: cdx.Diagnosis) -> cdx.ValueCase:
    """Two solutions over five years: ramps, a start month, one-time and recurring items."""

    def solution(k: int, count: int, start: int) -> cdx.Solution:
        addresses = [
            cdx.Address(consequence=f"c_{i}", fraction=0.5, months_to_full=6)
            if i % 2 else cdx.Address(consequence=f"c_{i}", fraction=0.4, ramp=(0.5, 1.0))
            for i in range(k, k + count)
        ]  # fmt: skip
        investment = [
            cdx.InvestmentItem(label="licences", amount=400_000.0),
            cdx.InvestmentItem(label="support", amount=80_000.0, kind="recurring"),
        ]
        return cdx.Solution(id=f"s{k}", name=f"Solution {k}", start_month=start,
                            addresses=addresses, investment=investment)  # fmt: skip

    return cdx.ValueCase(diagnosis=case, solutions=[solution(0, 60, 3), solution(100, 30, 2)],
                         horizon_years=5)  # fmt: skip


def timed(*runs: Any) -> list[tuple[float, float]]:
    """Median wall and CPU seconds of each run, the runs alternating ``REPEATS`` times."""
    wall: list[list[float]] = [[] for _ in runs]
    cpu: list[list[float]] = [[] for _ in runs]
    for _ in range(REPEATS):
        for k, run in enumerate(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            wall[k].append(time.perf_counter() - start)
            cpu[k].append(time.process_time() - start_cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu, strict=True)]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def compare(name: str, case: cdx.Diagnosis | cdx.ValueCase, folder: Path) -> None:
    log = record(case, folder / f"{name}-recorded.xlsx")
    costdx_path, plain_path = folder / f"{name}.xlsx", folder / f"{name}-plain.xlsx"
    (ours, ours_cpu), (plain, plain_cpu), (read, read_cpu) = timed(
        lambda: cdx.write_excel(case, costdx_path),
        lambda: replay(log, plain_path),
        lambda: cdx.read_excel(costdx_path),
    )
    size = costdx_path.stat().st_size
    print(f"{name}: {size / 1e6:.1f} MB, {len(log):,} XlsxWriter calls")
    print(f"  costdx.write_excel       wall {ours:7.3f} s   cpu {ours_cpu:7.3f} s")
    print(f"  plain XlsxWriter replay  wall {plain:7.3f} s   cpu {plain_cpu:7.3f} s")
    ratios = f"wall {ours / plain:7.2f} x   cpu {ours_cpu / plain_cpu:7.2f} x"
    print(f"  ratio                    {ratios}   (target <= 1.5)")
    print(f"  costdx.read_excel        wall {read:7.3f} s   cpu {read_cpu:7.3f} s")


def main() -> None:
    start = time.perf_counter()
    case = synthetic_case()
    print(f"case: {DRIVERS:,} drivers, {CONSEQUENCES:,} consequences, built and validated in "
          f"{time.perf_counter() - start:.2f} s")  # fmt: skip
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}; "
          f"medians of {REPEATS} alternating runs")  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="bench-excel-"))
    compare("diagnosis report", case, folder)
    compare("value-case report", value_case(case), folder)


if __name__ == "__main__":
    main()
