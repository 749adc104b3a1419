"""Sensitivity and scenarios: the tornado, scenario comparison and source stress tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from costdx.engine._quantify import Quantification, quantify
from costdx.engine.sampling import marginal
from costdx.errors import OptionError
from costdx.model import (
    Basis,
    Bounds,
    Diagnosis,
    Estimate,
    Kind,
    Scenario,
    Source,
    driver_spec,
    resolve_scenario,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compare_scenarios", "stress", "stress_scenario", "tornado"]


def _spec(case: Diagnosis, ident: str, basis: Basis, scenario: Scenario | None) -> float | Estimate:
    plan = case.plan
    spec = driver_spec(plan.drivers[ident], basis, scenario)
    assert spec is not None  # ident is an input driver
    return spec


def tornado(
    case: Diagnosis,
    *,
    low: float = 10,
    high: float = 90,
    basis: Basis = "value",
    scenario: str | Scenario | None = None,
) -> pd.DataFrame:
    """One-at-a-time sensitivity of the annual cost of the problem to each estimate.

    Each uncertain driver in turn is set to its ``low``-th and ``high``-th percentile
    (clipped to its bounds) while every other driver keeps its point value;
    ``swing = |total(high) − total(low)|``. All ``2k`` cases are evaluated in one
    vectorised pass of the plan. Rows are sorted by swing, largest first; the frame's
    ``attrs["base"]`` is the point-value total. An infinite percentile (the 100th of a
    Normal90 or LogNormal90, the 0th of a Normal90) is an error unless bounds cut it.

    Examples
    --------
    >>> import costdx as cdx
    >>> t = cdx.tornado(cdx.load(cdx.example_path()))
    >>> bool((t["swing"].diff().dropna() <= 0).all())
    True
    """
    import pandas as pd  # noqa: PLC0415

    if not 0 <= low < high <= 100:
        raise OptionError(f"need 0 <= low < high <= 100, got low={low}, high={high}")
    chosen = resolve_scenario(case, scenario)
    base_q = quantify(case, basis=basis, scenario=chosen)
    plan = case.plan
    base = {ident: base_q.values[ident] for ident in plan.inputs}
    uncertain = []
    for ident in plan.inputs:
        spec = _spec(case, ident, basis, chosen)
        if not isinstance(spec, int | float):
            uncertain.append((ident, spec))
    columns = ["label", "unit", "low_value", "high_value", "total_at_low", "total_at_high", "swing"]
    if not uncertain:
        frame = pd.DataFrame(columns=["driver", *columns]).set_index("driver")
        frame.attrs["base"] = base_q.annual_cost
        return frame
    k = len(uncertain)
    env: dict[str, object] = {ident: np.full(2 * k, value) for ident, value in base.items()}
    lows, highs = [], []
    for i, (ident, spec) in enumerate(uncertain):
        dist = marginal(spec.dist, spec.params)
        lo, hi = dist.percentile(low), dist.percentile(high)
        if (bounds := plan.drivers[ident].bounds) is not None:
            lo, hi = bounds.clip(lo), bounds.clip(hi)
        if not (np.isfinite(lo) and np.isfinite(hi)):
            raise OptionError(
                f"the {low:g}th and {high:g}th percentiles of {ident!r} ({spec.dist}) are "
                f"{lo:g} and {hi:g}; an unbounded estimate needs 0 < low and high < 100"
            )
        column = env[ident]
        assert isinstance(column, np.ndarray)
        column[2 * i], column[2 * i + 1] = lo, hi
        lows.append(lo)
        highs.append(hi)
    result = plan.evaluate_arrays(env)  # type: ignore[arg-type]
    total = np.zeros(2 * k)
    for step in plan.consequences:
        if step.kind is Kind.RECURRING:
            total = total + np.broadcast_to(result[step.id], (2 * k,))
    rows = []
    for i, (ident, _) in enumerate(uncertain):
        at_low, at_high = float(total[2 * i]), float(total[2 * i + 1])
        rows.append(
            {
                "driver": ident,
                "label": plan.drivers[ident].label or ident,
                "unit": plan.units[ident],
                "low_value": lows[i],
                "high_value": highs[i],
                "total_at_low": at_low,
                "total_at_high": at_high,
                "swing": abs(at_high - at_low),
            }
        )
    frame = pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable")
    frame = frame.set_index("driver")
    frame.attrs.update(base=base_q.annual_cost, low=low, high=high)
    return frame


def compare_scenarios(case: Diagnosis, *, basis: Basis = "value") -> pd.DataFrame:
    """One row per scenario of the case, after a ``baseline`` row: annual cost, one-time
    cost, cost of delay per month and the difference from the baseline."""
    import pandas as pd  # noqa: PLC0415

    runs: list[tuple[str, Quantification]] = [("baseline", quantify(case, basis=basis))]
    runs += [(s.name, quantify(case, basis=basis, scenario=s)) for s in case.scenarios]
    base = runs[0][1].annual_cost
    rows = [
        {"scenario": name, "description": q.scenario.description if q.scenario else "",
         "annual_cost": q.annual_cost, "one_time_cost": q.one_time_cost,
         "cost_of_delay_per_month": q.cost_of_delay("month"),
         "difference": q.annual_cost - base,
         "change": (q.annual_cost - base) / base if base else float("nan")}
        for name, q in runs
    ]  # fmt: skip
    return pd.DataFrame(rows).set_index("scenario")


def stress_scenario(
    case: Diagnosis,
    *,
    sources: Iterable[Source | str] = ("benchmark", "estimate"),
    factor: float = 0.5,
    basis: Basis = "value",
) -> Scenario:
    """A scenario that multiplies every figure of drivers from ``sources`` by ``factor``.

    ``sources`` is one source (``"benchmark"``) or several. Estimates are scaled whole
    (low, likely and high), so their shape is kept. A driver that the factor would take
    outside its ``bounds`` (a percentage above 100) has its figures clipped to them, and
    the scenario's description names it.
    """
    chosen = set()
    for source in (sources,) if isinstance(sources, str) else sources:
        try:
            chosen.add(Source(source))
        except ValueError:
            names = ", ".join(s.value for s in Source)
            raise OptionError(f"unknown source {source!r}; the sources are {names}") from None
    if not (factor > 0 and np.isfinite(factor)):
        raise OptionError(f"factor must be a positive number, got {factor!r}")
    overrides: dict[str, float | Estimate] = {}
    kept: list[str] = []
    plan = case.plan
    for ident in plan.inputs:
        driver = plan.drivers[ident]
        if driver.effective_source not in chosen:
            continue
        spec = _spec(case, ident, basis, None)
        spec = spec * factor if isinstance(spec, int | float) else spec.scaled(factor)
        if driver.bounds is not None and driver.bounds.outside(spec):
            spec = _within(spec, driver.bounds)
            kept.append(ident)
        overrides[ident] = spec
    label = "+".join(sorted(s.value for s in chosen))
    note = f" ({', '.join(kept)} kept within bounds)" if kept else ""
    return Scenario.model_construct(
        name="stress",
        description=f"every {label} figure × {factor:g}{note}",
        overrides=overrides,
    )


def _within(spec: float | Estimate, bounds: Bounds) -> float | Estimate:
    """``spec`` with every figure clipped to ``bounds``."""
    if isinstance(spec, int | float):
        return bounds.clip(spec)
    figures = {k: bounds.clip(v) for k, v in spec.model_dump().items() if k != "dist"}
    return type(spec).model_validate(figures)


def stress(
    case: Diagnosis,
    *,
    sources: Iterable[Source | str] = ("benchmark", "estimate"),
    factor: float = 0.5,
    basis: Basis = "value",
) -> Quantification:
    """Quantify the case with every figure from ``sources`` multiplied by ``factor``.

    The default asks: what is left of the cost of the problem if every benchmark and
    estimated figure is halved? What remains rests on the customer's own numbers.

    Examples
    --------
    >>> import costdx as cdx
    >>> case = cdx.load(cdx.example_path())
    >>> cdx.stress(case).annual_cost < cdx.quantify(case).annual_cost
    True
    """
    scenario = stress_scenario(case, sources=sources, factor=factor, basis=basis)
    return quantify(case, basis=basis, scenario=scenario)
