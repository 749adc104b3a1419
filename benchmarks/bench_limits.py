"""Benchmark: what the checks against hostile input cost a good file.

Reading a case file now reads with a cap and scans the text (nesting, dotted keys) before
the parser; reading a workbook scans its zip (sizes, cells, rows, DTDs) before openpyxl.
Each is timed against the strongest baseline, the bare parser on the same bytes:
``json.loads`` / ``tomllib.loads`` of the file's text, ``openpyxl.load_workbook`` of the
workbook. Runs alternate (check, baseline, check, ...) so a busy moment of the shared
machine hits both; medians of ``RUNS``, wall and CPU time.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_limits.py
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import costdx as cdx
from costdx.io._limits import check_toml_shape, parse_json, read_capped
from costdx.io._package import check_package

RUNS = 7


def _case(drivers: int) -> dict[str, object]:
    rows = [{"id": f"d{i}", "label": f"Driver {i}", "value": {"dist": "pert", "low": 1,
             "likely": 2, "high": 4}, "unit": "hour/year", "evidence": "from [the] log"}
            for i in range(drivers)]  # fmt: skip
    rows.append({"id": "rate", "value": 50, "unit": "USD/hour"})
    consequences = [{"id": f"c{i}", "formula": f"d{i} * rate"} for i in range(drivers)]
    return {"schema_version": 1, "account": {"name": "Big", "currency": "USD"}, "drivers": rows,
            "problems": [{"id": "p", "title": "P", "symptoms": [{"id": "s"}],
                          "consequences": consequences}]}  # fmt: skip


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _compare(name: str, checked: Callable[[], object], bare: Callable[[], object]) -> None:
    runs: dict[str, list[tuple[float, float]]] = {"checked": [], "bare": []}
    for _ in range(RUNS):
        runs["checked"].append(_time(checked))
        runs["bare"].append(_time(bare))
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    ratio = wall["checked"] / wall["bare"], cpu["checked"] / cpu["bare"]
    print(f"{name:<46} {wall['checked'] * 1e3:9.1f} {wall['bare'] * 1e3:9.1f} "
          f"{ratio[0]:6.2f}x {ratio[1]:6.2f}x")  # fmt: skip


def main() -> int:
    folder = Path(tempfile.mkdtemp())
    data = _case(20_000)
    json_path = folder / "big.json"
    json_path.write_text(json.dumps(data))
    toml_path = folder / "big.toml"
    toml_path.write_text(cdx.io.dump_toml(data))
    case = cdx.Diagnosis.model_validate({k: v for k, v in _case(1_000).items()
                                         if k != "schema_version"})  # fmt: skip
    book = cdx.write_excel(case, folder / "big.xlsx").read_bytes()

    def read_json() -> object:
        text = read_capped(json_path, max_bytes=cdx.io.MAX_CASE_BYTES, what="case").decode()
        return parse_json(text, "big.json")

    def read_toml() -> object:
        text = read_capped(toml_path, max_bytes=cdx.io.MAX_CASE_BYTES, what="case").decode()
        check_toml_shape(text, "big.toml")
        return tomllib.loads(text)

    def open_book() -> object:
        from openpyxl import load_workbook

        return load_workbook(io.BytesIO(book), data_only=False)

    def check_and_open() -> object:
        check_package(book, "big.xlsx", max_cells=cdx.io.MAX_CELLS,
                      max_bytes=cdx.io.MAX_WORKBOOK_BYTES)  # fmt: skip
        return open_book()

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {RUNS}, "
          "interleaved")  # fmt: skip
    print(f"{'read (bytes)':<46} {'checked':>9} {'bare':>9} {'wall':>7} {'cpu':>7}")
    mb = json_path.stat().st_size / 1e6
    _compare(f"case JSON, 20,000 drivers ({mb:.1f} MB) ms", read_json,
             lambda: json.loads(json_path.read_bytes()))  # fmt: skip
    mb = toml_path.stat().st_size / 1e6
    _compare(f"case TOML, 20,000 drivers ({mb:.1f} MB) ms", read_toml,
             lambda: tomllib.loads(toml_path.read_text()))  # fmt: skip
    _compare(f"workbook, 1,000 drivers ({len(book) / 1e6:.1f} MB) ms", check_and_open, open_book)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
