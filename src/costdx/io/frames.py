"""pandas views of a quantification. Imported only when a frame is asked for."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pandas as pd

from costdx.engine.quantify import driver_spec
from costdx.model.case import Source
from costdx.model.estimates import point_of

if TYPE_CHECKING:
    from costdx.engine.quantify import Quantification

__all__ = [
    "by_category",
    "by_consequence",
    "by_department",
    "by_problem",
    "by_source",
    "by_stakeholder",
    "drivers",
    "gaps",
]

UNASSIGNED = "(unassigned)"


def _share(part: float, total: float) -> float:
    return part / total if total else 0.0


def by_consequence(q: Quantification) -> pd.DataFrame:
    """One row per consequence, in case order."""
    total = q.annual_cost
    rows = [
        {
            "consequence": c.id,
            "problem": c.problem,
            "label": c.label,
            "category": str(c.category),
            "kind": str(c.kind),
            "annual_cost": c.annual,
            "one_time_cost": c.one_time,
            "share": _share(c.annual, total),
            "source": str(c.source),
            "confirmed": c.confirmed,
            "borne_by": ", ".join(c.borne_by),
        }
        for c in q.consequences
    ]
    return pd.DataFrame(rows).set_index("consequence")


def by_problem(q: Quantification) -> pd.DataFrame:
    """One row per problem, in case order."""
    total = q.annual_cost
    annual: dict[str, list[float]] = defaultdict(list)
    once: dict[str, list[float]] = defaultdict(list)
    for c in q.consequences:
        annual[c.problem].append(c.annual)
        once[c.problem].append(c.one_time)
    rows = []
    for p in q.case.problems:
        cost = math.fsum(annual[p.id])
        rows.append(
            {
                "problem": p.id,
                "title": p.title,
                "owner": p.owner or "",
                "annual_cost": cost,
                "one_time_cost": math.fsum(once[p.id]),
                "share": _share(cost, total),
            }
        )
    return pd.DataFrame(rows).set_index("problem")


def by_category(q: Quantification) -> pd.DataFrame:
    """One row per category that occurs."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for c in q.consequences:
        sums[str(c.category)][0] += c.annual
        sums[str(c.category)][1] += c.one_time
    total = q.annual_cost
    rows = [
        {"category": k, "annual_cost": a, "one_time_cost": o, "share": _share(a, total)}
        for k, (a, o) in sums.items()
    ]
    return pd.DataFrame(rows).set_index("category")


def by_stakeholder(q: Quantification) -> pd.DataFrame:
    """Cost per stakeholder; consequences borne by several are split evenly."""
    people = {s.id: s for s in q.case.stakeholders}
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    splits: dict[str, set[int]] = defaultdict(set)
    for c in q.consequences:
        bearers = c.borne_by or (UNASSIGNED,)
        for who in bearers:
            sums[who][0] += c.annual / len(bearers)
            sums[who][1] += c.one_time / len(bearers)
            splits[who].add(len(bearers))
    total = q.annual_cost
    order = [s.id for s in q.case.stakeholders if s.id in sums]
    if UNASSIGNED in sums:
        order.append(UNASSIGNED)
    rows = []
    for who in order:
        person = people.get(who)
        ways = sorted(n for n in splits[who] if n > 1)
        rows.append(
            {
                "stakeholder": who,
                "name": person.name if person else "",
                "role": person.role if person else "",
                "department": person.department if person else "",
                "annual_cost": sums[who][0],
                "one_time_cost": sums[who][1],
                "share": _share(sums[who][0], total),
                "split": (
                    "shares split evenly " + " and ".join(f"{n} ways" for n in ways) if ways else ""
                ),
            }
        )
    return pd.DataFrame(rows).set_index("stakeholder")


def by_department(q: Quantification) -> pd.DataFrame:
    """Cost per department, from the stakeholder split."""
    people = by_stakeholder(q)
    departments = people["department"].where(people["department"] != "", UNASSIGNED)
    frame = (
        people.assign(department=departments)
        .groupby("department", sort=False)[["annual_cost", "one_time_cost"]]
        .sum()
    )
    frame["share"] = [_share(v, q.annual_cost) for v in frame["annual_cost"]]
    return frame


def by_source(q: Quantification) -> pd.DataFrame:
    """Cost by the weakest source a consequence rests on, strongest source first."""
    total = q.annual_cost
    rows = []
    for source in Source:
        hits = [c for c in q.consequences if c.source is source]
        annual = math.fsum(c.annual for c in hits)
        rows.append(
            {
                "source": str(source),
                "consequences": len(hits),
                "annual_cost": annual,
                "one_time_cost": math.fsum(c.one_time for c in hits),
                "share": _share(annual, total),
            }
        )
    return pd.DataFrame(rows).set_index("source")


def gaps(q: Quantification) -> pd.DataFrame:
    """One row per symptom with a metric: current, target, gap = current − target."""
    plan = q.case.plan
    rows: list[dict[str, Any]] = []
    for problem in q.case.problems:
        for s in problem.symptoms:
            if s.metric is None:
                continue
            current = q.values[s.metric]
            target = q.values[s.target] if s.target is not None else math.nan
            gap = current - target
            rows.append(
                {
                    "symptom": s.id,
                    "problem": problem.id,
                    "description": s.description,
                    "metric": s.metric,
                    "current": current,
                    "target": target,
                    "gap": gap,
                    "gap_share": gap / target if target else math.nan,
                    "unit": plan.units[s.metric],
                }
            )
    columns = ["symptom", "problem", "description", "metric", "current", "target", "gap",
               "gap_share", "unit"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).set_index("symptom")


def drivers(q: Quantification) -> pd.DataFrame:
    """Every driver with the value used and its provenance; ``kind``, ``low`` and ``high``
    describe what the driver holds on the quantification's basis and scenario."""
    plan = q.case.plan
    rows = []
    for d in q.case.drivers:
        spec = driver_spec(d, q.basis, q.scenario)
        estimate = None if isinstance(spec, float | int | None) else spec
        rows.append(
            {
                "driver": d.id,
                "label": d.label or d.id,
                "value": q.values[d.id],
                "unit": plan.units[d.id],
                "kind": "derived" if d.derived else (estimate.dist if estimate else "point"),
                "low": estimate.low if estimate else math.nan,
                "high": estimate.high if estimate else math.nan,
                "assumed": point_of(d.assumed) if d.assumed is not None else math.nan,
                "source": "" if d.derived else str(d.effective_source),
                "confirmed_by": d.confirmed_by or "",
                "confirmed_on": d.confirmed_on.isoformat() if d.confirmed_on else "",
                "formula": d.formula or "",
                "evidence": d.evidence,
            }
        )
    return pd.DataFrame(rows).set_index("driver")
