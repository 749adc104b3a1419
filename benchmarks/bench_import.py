"""Benchmark: the cost of ``import costdx`` against its eager dependencies alone.

Each measurement is a fresh interpreter (``python -c``) that imports, then prints the
wall and CPU time the import took, measured inside the process so interpreter start-up
is left out. The two imports alternate (costdx, dependencies, costdx, ...) so that a
busy moment of the shared machine hits both alike; the medians of ``RUNS`` runs each
are compared. The dependencies are what costdx needs at import, as it uses them: numpy,
pint, and pydantic's models (``import pydantic`` alone loads next to nothing: pydantic
imports ``BaseModel`` and its machinery when first asked for, and costdx defines its models
at import, so that cost is pydantic's, not costdx's).
It also lists which heavy libraries ``import costdx`` loaded (none of pandas,
``scipy.stats``, openpyxl, XlsxWriter, matplotlib, tomlkit or the template catalogue should be).

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_import.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

RUNS = 15
TARGET = 1.3
TIMED = """
import json, sys, time
w, c = time.perf_counter(), time.process_time()
{imports}
w, c = time.perf_counter() - w, time.process_time() - c
heavy = ["pandas", "scipy.stats", "scipy.special", "openpyxl", "xlsxwriter", "matplotlib",
         "tomlkit", "costdx.templates"]
print(json.dumps({{"wall": w, "cpu": c, "loaded": [m for m in heavy if m in sys.modules]}}))
"""
COSTDX = "import costdx"
DEPENDENCIES = "import numpy, pint; from pydantic import BaseModel, Field"


def _run(imports: str) -> dict[str, object]:
    code = TIMED.format(imports=imports)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main() -> int:
    _run(COSTDX)  # compile the .pyc files once, so no run pays for it
    results: dict[str, list[dict[str, object]]] = {COSTDX: [], DEPENDENCIES: []}
    for _ in range(RUNS):
        for imports, runs in results.items():
            runs.append(_run(imports))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {RUNS} "
          "fresh interpreters, interleaved")  # fmt: skip
    medians = {}
    for imports, runs in results.items():
        wall = statistics.median(float(r["wall"]) for r in runs)  # type: ignore[arg-type]
        cpu = statistics.median(float(r["cpu"]) for r in runs)  # type: ignore[arg-type]
        medians[imports] = (wall, cpu)
        print(f"  {imports:<55} wall {wall * 1e3:7.1f} ms   cpu {cpu * 1e3:7.1f} ms")
    wall_ratio = medians[COSTDX][0] / medians[DEPENDENCIES][0]
    cpu_ratio = medians[COSTDX][1] / medians[DEPENDENCIES][1]
    loaded = results[COSTDX][-1]["loaded"]
    print(f"  costdx / dependencies: wall {wall_ratio:.2f}x, cpu {cpu_ratio:.2f}x "
          f"(target <= {TARGET}x)")  # fmt: skip
    print(f"  heavy modules loaded by import costdx: {', '.join(loaded) or 'none'}")  # type: ignore[arg-type]
    met = cpu_ratio <= TARGET
    print("  target met" if met else "  target NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
