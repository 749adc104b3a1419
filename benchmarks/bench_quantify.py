"""Benchmark: validating and quantifying large synthetic cases.

Builds cases of 500 and of 5,000 drivers (and as many consequences) shaped like real ones:
groups of value drivers with units and estimates (a volume per period, minutes per item,
an hourly rate, a cost per item, a percentage), derived drivers chaining on them
(effort, errors, the cost of the effort), consequences over 2 to 4 drivers each using
``max``, ``min`` and ``if_``, spread over many problems with symptoms, causes and
stakeholders who bear and confirm them.

Times ``Diagnosis.model_validate(data)`` (field checks, cross-references, units, the
compiled plan) and ``quantify(case)``, each the median of 3 runs with the formula and
unit caches cleared before every run, so every run parses from scratch.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_quantify.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from costdx import Diagnosis, quantify
from costdx.lang import _formula as formula
from costdx.lang import _units as units

SIZES = (500, 5_000)
RUNS = 3
RATIO_TARGET = 12.0
SECONDS_TARGET = 2.0

THINGS = ("order", "ticket", "invoice", "shipment", "claim", "call", "defect", "part")
PERIODS = ("week", "month", "day", "workday", "year")
SOURCES = ("measured", "customer", "benchmark", "estimate")
DRIVERS_PER_GROUP = 10
CONSEQUENCES_PER_GROUP = 10
GROUPS_PER_PROBLEM = 5


def _estimate(rng: random.Random, likely: float) -> Any:
    kind = rng.choice(("point", "point", "pert", "triangular", "lognormal90", "uniform"))
    low, high = likely * rng.uniform(0.5, 0.9), likely * rng.uniform(1.1, 2.0)
    if kind == "point":
        return round(likely, 3)
    if kind in ("pert", "triangular"):
        return {"dist": kind, "low": low, "likely": likely, "high": high}
    return {"dist": kind, "low": low, "high": high}


def build_case(n_drivers: int, seed: int = 7) -> dict[str, Any]:
    """Plain data of a case with ``n_drivers`` drivers and as many consequences."""
    rng = random.Random(seed)
    groups = n_drivers // DRIVERS_PER_GROUP
    people = [
        {"id": f"person_{k}", "name": f"Person {k}", "department": f"Dept {k % 6}"}
        for k in range(24)
    ]
    drivers: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []

    def provenance() -> dict[str, Any]:
        extra: dict[str, Any] = {"source": rng.choice(SOURCES), "evidence": "system report"}
        if rng.random() < 0.6:
            extra["confirmed_by"] = rng.choice(people)["id"]
            extra["confirmed_on"] = "2026-10-14"
        if rng.random() < 0.3:
            extra["assumed"] = round(rng.uniform(1, 100), 2)
        return extra

    def value(ident: str, likely: float, unit: str, **extra: Any) -> dict[str, Any]:
        # a percentage stays a plain number; other figures are often estimates
        spec = round(likely, 2) if unit == "percent" else _estimate(rng, likely)
        return {"id": ident, "value": spec, "unit": unit, **extra, **provenance()}

    for g in range(groups):
        thing, period = rng.choice(THINGS), rng.choice(PERIODS)
        vol, mins, rate, cost, share = (
            f"{n}_{g}" for n in ("volume", "minutes", "rate", "cost", "share")
        )
        effort, errors, effort_cost = f"effort_{g}", f"errors_{g}", f"effort_cost_{g}"
        hours, fee = f"hours_{g}", f"fee_{g}"
        drivers += [
            value(vol, rng.uniform(50, 5_000), f"{thing}/{period}", bounds={"min": 0}),
            value(mins, rng.uniform(2, 30), f"minute/{thing}"),
            value(rate, rng.uniform(25, 90), "USD/hour"),
            value(cost, rng.uniform(5, 500), f"USD/{thing}"),
            value(share, rng.uniform(0.5, 8), "percent", bounds={"min": 0, "max": 100}),
            value(hours, rng.uniform(5, 60), f"hour/{period}"),
            value(fee, rng.uniform(100, 9_000), "USD/month"),
            {"id": effort, "formula": f"{vol} * {mins}", "unit": f"hour/{period}"},
            {"id": errors, "formula": f"{vol} * {share}"},
            {"id": effort_cost, "formula": f"{effort} * {rate}", "unit": f"USD/{period}"},
        ]
        if g % GROUPS_PER_PROBLEM == 0:
            p = g // GROUPS_PER_PROBLEM
            problems.append(
                {
                    "id": f"problem_{p}",
                    "title": f"Problem {p}",
                    "owner": rng.choice(people)["id"],
                    "symptoms": [{"id": f"symptom_{p}", "metric": share}],
                    "causes": [{"id": f"cause_{p}_{k}"} for k in range(2)],
                    "consequences": [],
                }
            )
        problem = problems[-1]
        formulas = [
            f"{vol} * {mins} * {rate}",
            f"{errors} * {cost}",
            f"{effort} * {rate} * {share}",
            f"{effort_cost} * {share}",
            f"{vol} * {share} * {cost}",
            f"max({vol} - {errors}, 0) * {cost} * {share}",
            f"if_({share} > 0.02, {errors}, 0) * {cost}",
            f"min({effort_cost}, {vol} * {cost})",
            f"{hours} * {rate}",
            f"{fee} + ({hours} + {effort}) * {rate}",
        ]
        for k, text in enumerate(formulas[:CONSEQUENCES_PER_GROUP]):
            problem["consequences"].append(
                {
                    "id": f"cons_{g}_{k}",
                    "formula": text,
                    "category": rng.choice(("cost", "revenue", "risk")),
                    "borne_by": [s["id"] for s in rng.sample(people, rng.randint(0, 3))],
                    "causes": [problem["causes"][rng.randint(0, 1)]["id"]],
                }
            )
    return {
        "schema_version": 1,
        "id": f"synthetic_{n_drivers}",
        "account": {"name": "Synthetic Co", "currency": "USD"},
        "stakeholders": people,
        "drivers": drivers,
        "problems": problems,
    }


def _clear_caches() -> None:
    formula._parse_cached.cache_clear()
    units._parse_cached.cache_clear()


def _median_time(step: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        _clear_caches()
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    totals: dict[int, float] = {}
    for size in SIZES:
        data = build_case(size)
        n_cons = sum(len(p["consequences"]) for p in data["problems"])
        validate, case = _median_time(lambda data=data: Diagnosis.model_validate(data))
        assert isinstance(case, Diagnosis)
        quant, q = _median_time(lambda case=case: quantify(case))
        totals[size] = validate + quant
        print(
            f"{len(data['drivers']):>6,} drivers, {n_cons:>6,} consequences, "
            f"{len(data['problems']):>4} problems: validate {validate:7.3f} s, "
            f"quantify {quant:7.3f} s, total {totals[size]:7.3f} s "
            f"(annual cost {q.annual_cost:,.0f} USD)"  # type: ignore[attr-defined]
        )
    small, large = SIZES
    ratio = totals[large] / totals[small]
    ratio_ok, time_ok = ratio <= RATIO_TARGET, totals[large] < SECONDS_TARGET
    print(
        f"ratio {large:,}/{small:,}: {ratio:.1f}x (target <= {RATIO_TARGET:g}x: "
        f"{'met' if ratio_ok else 'MISSED'})"
    )
    print(
        f"{large:,} case under {SECONDS_TARGET:g} s: {'yes' if time_ok else 'NO'} "
        f"({totals[large]:.3f} s)"
    )
    return 0 if ratio_ok and time_ok else 1


if __name__ == "__main__":
    sys.exit(main())
