"""Benchmark: what issue 10 adds to working with case files, against what it replaces.

On the shipped example (30 drivers, 673 lines with its comments) and the synthetic cases
of ``bench_quantify`` (500 and 5,000 drivers, written to TOML):

* **check**: ``costdx.check(case)`` (every plausibility finding) against ``quantify(case)``,
  the least a check of the figures must do (point values through the compiled plan);
* **locate**: the line of every path of the file (``toml_lines``), the scan that lets an
  error name its line, against ``tomllib.loads`` of the same text;
* **save**: saving a case loaded from the file into the file's own text (checked by
  reading it back) against writing it afresh with ``dump_toml``, which loses the analyst's
  comments and layout: with one value changed (put in place of the old one's text), and
  with a driver added (the whole file through tomlkit).

Each figure is the median of several runs, the two sides of a comparison interleaved, with
CPU time (``time.process_time``) beside wall time.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_files.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

from _timing import interleaved
from bench_quantify import build_case

import costdx as cdx
from costdx.io import dump_toml
from costdx.io._locate import toml_lines
from costdx.model import case_data

SIZES = (500, 5_000)
RUNS = 5


def compare(label: str, ours: Callable[[], object], baseline: Callable[[], object]) -> None:
    """Run both ``RUNS`` times, interleaved; print the medians and their ratio."""
    times = interleaved({"ours": ours, "base": baseline}, RUNS)
    wall = {k: w for k, (w, _) in times.items()}
    cpu = {k: c for k, (_, c) in times.items()}
    print(
        f"  {label:<44} wall {wall['ours'] * 1e3:8.1f} ms vs {wall['base'] * 1e3:8.1f} ms "
        f"({wall['ours'] / wall['base']:5.2f}x)   cpu {cpu['ours'] * 1e3:8.1f} ms vs "
        f"{cpu['base'] * 1e3:8.1f} ms ({cpu['ours'] / cpu['base']:5.2f}x)"
    )


def main() -> int:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {RUNS} runs, "
          "interleaved")  # fmt: skip
    folder = Path(tempfile.mkdtemp())
    texts = {"acme": cdx.example_path().read_text(encoding="utf-8")}
    texts.update({str(size): dump_toml(build_case(size)) for size in SIZES})
    for size, text in texts.items():
        path = folder / f"case_{size}.toml"
        path.write_text(text, encoding="utf-8")
        case = cdx.load(path)
        drivers = list(case.drivers)
        drivers[len(drivers) // 2] = cdx.evolve(drivers[len(drivers) // 2], evidence="revised")
        edited = cdx.evolve(case, drivers=drivers)
        added = cdx.evolve(case, drivers=(*case.drivers, cdx.Driver(id="added", value=1)))
        fresh = folder / f"fresh_{size}.toml"
        kept = folder / f"kept_{size}.toml"
        print(f"{len(case.drivers):,} drivers, {len(text.splitlines()):,} lines of TOML")
        compare("check(case) vs quantify(case)", lambda c=case: cdx.check(c),
                lambda c=case: cdx.quantify(c))  # fmt: skip
        compare("toml_lines(text) vs tomllib.loads(text)", lambda t=text: toml_lines(t),
                lambda t=text: tomllib.loads(t))  # fmt: skip
        compare(
            "save, one value changed, vs dump_toml",
            lambda e=edited, k=kept: cdx.save(e, k),
            lambda e=edited, f=fresh: f.write_text(dump_toml(case_data(e, mode="python"))),
        )
        assert cdx.load(kept) == edited
        compare(
            "save, a driver added (tomlkit), vs dump_toml",
            lambda e=added, k=kept: cdx.save(e, k),
            lambda e=added, f=fresh: f.write_text(dump_toml(case_data(e, mode="python"))),
        )
        assert cdx.load(kept) == added
    return 0


if __name__ == "__main__":
    sys.exit(main())
