"""pandas views of a quantification: by consequence, problem, category, stakeholder,
department and source; the gaps and the drivers.

The views read a quantification through `Quantified` (what `Quantification` holds), so
that the quantification can offer them without this module importing it back. pandas is
imported when a frame is built, not with costdx.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from costdx.model import (
    Basis,
    Category,
    Diagnosis,
    Kind,
    Scenario,
    Source,
    driver_spec,
    point_of,
)

if TYPE_CHECKING:
    import pandas as pd

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
"""The stakeholder row of consequences that nobody bears."""


@dataclass(frozen=True, slots=True)
class Allocation:
    """One bearer's share of one consequence: a consequence borne by several stakeholders
    is split evenly among them (``ways`` of them); one borne by nobody goes to
    `UNASSIGNED`."""

    consequence: str
    stakeholder: str
    ways: int
    annual: float
    one_time: float

    @property
    def share(self) -> float:
        """``1 / ways``."""
        return 1.0 / self.ways


def allocation(q: Quantified) -> tuple[Allocation, ...]:
    """Every consequence split among those who bear it, in case order.

    ``annual = cost / ways`` for each of the ``ways`` bearers.
    """
    rows = []
    for c in q.consequences:
        bearers = c.borne_by or (UNASSIGNED,)
        ways = len(bearers)
        for who in bearers:
            rows.append(Allocation(c.id, who, ways, c.annual / ways, c.one_time / ways))
    return tuple(rows)


class Result(Protocol):
    """One consequence's figures, as `costdx.engine.ConsequenceResult` holds them."""

    @property
    def id(self) -> str: ...
    @property
    def problem(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def category(self) -> Category: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def annual(self) -> float: ...
    @property
    def one_time(self) -> float: ...
    @property
    def source(self) -> Source: ...
    @property
    def confirmed(self) -> bool: ...
    @property
    def borne_by(self) -> tuple[str, ...]: ...


class Quantified(Protocol):
    """What the views read of a quantification."""

    case: Diagnosis
    basis: Basis
    scenario: Scenario | None
    values: dict[str, float]

    @property
    def consequences(self) -> Sequence[Result]: ...
    @property
    def annual_cost(self) -> float: ...


def _frame(
    rows: list[dict[str, Any]], index: str, columns: list[str] | None = None
) -> pd.DataFrame:
    import pandas as pd  # noqa: PLC0415 - pandas loads when a frame is asked for

    return pd.DataFrame(rows, columns=columns).set_index(index)


def _share(part: float, total: float) -> float:
    return part / total if total else 0.0


def by_consequence(q: Quantified) -> pd.DataFrame:
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
    return _frame(rows, "consequence")


def by_problem(q: Quantified) -> pd.DataFrame:
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
    return _frame(rows, "problem")


def by_category(q: Quantified) -> pd.DataFrame:
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
    return _frame(rows, "category")


def by_stakeholder(q: Quantified) -> pd.DataFrame:
    """Cost per stakeholder; consequences borne by several are split evenly."""
    people = {s.id: s for s in q.case.stakeholders}
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    splits: dict[str, set[int]] = defaultdict(set)
    for part in allocation(q):
        sums[part.stakeholder][0] += part.annual
        sums[part.stakeholder][1] += part.one_time
        splits[part.stakeholder].add(part.ways)
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
    return _frame(rows, "stakeholder")


def by_department(q: Quantified) -> pd.DataFrame:
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


def by_source(q: Quantified) -> pd.DataFrame:
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
    return _frame(rows, "source")


def gaps(q: Quantified) -> pd.DataFrame:
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
    return _frame(rows, "symptom", columns)


def drivers(q: Quantified) -> pd.DataFrame:
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
    return _frame(rows, "driver")
