"""Benchmark the ranking's firmness (SMAA) and the discussion document.

``costdx.acceptability`` on the acme criteria with a simulation of ``N`` cases (weights
drawn within the stated ranges, NPV drawn from the evaluation's samples) against the
leanest numpy SMAA one would write by hand for the same matrix: the same weight draws and
NPV columns, totals by one ``einsum``, ranks by ``argsort`` (ties broken by position, no
chunking, no checks). Both are given the evaluation, so only the SMAA is timed. Then the
discussion document of acme: building its content (the figures and the four charts), and
rendering it to Word and to HTML.

Run with ``PYTHONPATH=src python benchmarks/bench_decide.py``.
"""

from __future__ import annotations

import os
import platform
import tempfile
from pathlib import Path

import numpy as np
from _timing import interleaved

import costdx as cdx
from costdx.report.discussion import discussion, to_docx, to_html, write
from costdx.value import normalise

N = 100_000
REPEATS = 7
DOC_REPEATS = 3


def baseline(vc: cdx.ValueCase, ev: cdx.Evaluation, n: int) -> np.ndarray:
    """First-to-last rank acceptability, the way a hand-written SMAA computes it."""
    criteria = vc.criteria
    matrix = cdx.decide(vc, evaluation=ev)
    scores = np.column_stack([matrix[c.id]["score"].to_numpy() for c in criteria])
    anchors = matrix.attrs["anchors"]
    rng = np.random.default_rng(1)
    low = np.array([c.weight_range[0] for c in criteria])  # type: ignore[index]
    high = np.array([c.weight_range[1] for c in criteria])  # type: ignore[index]
    w = low + (high - low) * rng.random((n, len(criteria)))
    w /= w.sum(axis=1, keepdims=True)
    drawn = np.broadcast_to(scores, (n, *scores.shape)).copy()
    j = next(i for i, c in enumerate(criteria) if c.metric == "npv")
    npv = np.column_stack([ev.solutions[a].samples["npv"][:n] for a in matrix.index])
    drawn[:, :, j] = normalise(npv, criteria[j], anchors=anchors[criteria[j].id])[0]
    totals = np.einsum("sak,sk->sa", drawn, w)
    order = np.argsort(-totals, axis=1)
    k = scores.shape[0]
    places = np.zeros((k, k))
    for place in range(k):
        places[:, place] = np.bincount(order[:, place], minlength=k) / n
    return places


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    vc = cdx.load_value_case(cdx.example_path())
    sim = cdx.simulate(vc.diagnosis, n=N, seed=7, keep="consequences")
    ev = cdx.evaluate(vc, simulation=sim)
    times = interleaved(
        {
            "costdx.acceptability": lambda: cdx.acceptability(vc, evaluation=ev, seed=1),
            "numpy by hand": lambda: baseline(vc, ev, N),
        },
        REPEATS,
    )
    ours, theirs = times["costdx.acceptability"], times["numpy by hand"]
    print(f"\nSMAA, acme: {len(vc.criteria)} criteria, 3 alternatives, {N:,} draws "
          f"(weights in ranges, NPV from the simulation); median of {REPEATS}")  # fmt: skip
    for name, (wall, cpu) in times.items():
        print(f"  {name:<22} wall {wall * 1e3:8.1f} ms   cpu {cpu * 1e3:8.1f} ms")
    print(
        f"  ratio costdx / by hand: wall {ours[0] / theirs[0]:.2f}, cpu {ours[1] / theirs[1]:.2f}"
    )

    doc = discussion(vc, simulation=sim)
    folder = Path(tempfile.mkdtemp())
    steps = interleaved(
        {
            "build (figures, 4 charts)": lambda: discussion(vc, simulation=sim),
            "to_docx": lambda: to_docx(doc),
            "to_html": lambda: to_html(doc),
            "write .docx (atomic)": lambda: write(doc, folder / "acme.docx"),
        },
        DOC_REPEATS,
    )
    print(f"\nDiscussion document, acme with {N:,} simulated cases; median of {DOC_REPEATS}")
    for name, (wall, cpu) in steps.items():
        print(f"  {name:<26} wall {wall * 1e3:8.1f} ms   cpu {cpu * 1e3:8.1f} ms")
    size = (folder / "acme.docx").stat().st_size
    print(f"  .docx size {size / 1e6:.2f} MB, {len(doc.notes())} footnotes, "
          f"{len(doc.figures())} charts")  # fmt: skip


if __name__ == "__main__":
    main()
