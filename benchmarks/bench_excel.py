"""Benchmark costdx.write_excel against plain XlsxWriter calls writing the same workbook.

A synthetic case of 2,000 drivers (a quarter of them estimates) and 2,000 consequences in
200 problems is written in full by ``costdx.write_excel``. The baseline replays, on a
fresh ``xlsxwriter.Workbook`` with the same options, the very calls ``write_excel`` made
(recorded once through a forwarding proxy): the same cells, formulas, cached values,
formats, names, validations and charts, with none of costdx's logic. Prints the median of
``REPEATS`` runs of each, their ratio (target: at most 1.5), and ``read_excel``'s time.

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


def timed(run: Any) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    start = time.perf_counter()
    case = synthetic_case()
    print(f"case: {DRIVERS:,} drivers, {CONSEQUENCES:,} consequences, built and validated in "
          f"{time.perf_counter() - start:.2f} s")  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="bench-excel-"))
    log = record(case, folder / "recorded.xlsx")
    calls = len(log)
    costdx_s = timed(lambda: cdx.write_excel(case, folder / "costdx.xlsx"))
    plain_s = timed(lambda: replay(log, folder / "plain.xlsx"))
    read_s = timed(lambda: cdx.read_excel(folder / "costdx.xlsx"))
    size = (folder / "costdx.xlsx").stat().st_size
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}")
    print(f"workbook: {size / 1e6:.1f} MB, {calls:,} XlsxWriter calls")
    print(f"costdx.write_excel       {costdx_s:8.3f} s  (median of {REPEATS})")
    print(f"plain XlsxWriter replay  {plain_s:8.3f} s")
    print(f"ratio                    {costdx_s / plain_s:8.2f} x  (target <= 1.5)")
    print(f"costdx.read_excel        {read_s:8.3f} s")


if __name__ == "__main__":
    main()
