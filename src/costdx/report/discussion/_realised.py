"""The discussion document's "Value realised so far": the Deliver phase's account of the
promise, for a document written once the solution is live (`costdx.track`)."""

from __future__ import annotations

import math

from costdx.report.discussion import _format as fmt
from costdx.report.discussion._content import (
    Block,
    Bullets,
    Column,
    Inline,
    Paragraph,
    Run,
    Section,
    Table,
)
from costdx.value import Realisation

__all__ = ["realised"]

_STATUS = {"ahead": "ahead", "on_track": "on track", "behind": "behind",
           "insufficient_data": "no data yet"}  # fmt: skip


def realised(result: Realisation) -> Section:
    """Realised against promised to date, the lines that run behind or ahead and why,
    the lines without data, and how likely the promise is to be met."""
    c = result.currency
    name = result.evaluation.solutions[result.solution].name.split(":", 1)[0].strip()
    months = fmt.plural(result.months_tracked, "month")
    lead = Paragraph(
        (
            Run(f"{name} went live in {result.go_live}. Over the {months} to {result.as_of}, "
                "the lines measured have realised "),
            Run(fmt.money(result.realised_to_date, c), bold=True),
            Run(f" of the {fmt.money(result.promised_with_data, c)} the value case promised for "
                "them"
                + (f" ({fmt.percent(result.share_realised)})."
                   if math.isfinite(result.share_realised) else ".")),
        ),
        style="lead",
    )  # fmt: skip
    points: list[Inline] = []
    per = result.by_consequence() if result.months_tracked else None
    if per is not None:
        for status, word in (("behind", "Behind"), ("ahead", "Ahead")):
            rows = per[per["status"] == status]
            for _, row in rows.iterrows():
                late = int(row["months_late"])
                why = f"; its ramp runs {fmt.plural(late, 'month')} late" if late else ""
                points.append((Run(f"{word}: ", bold=True),
                               Run(f"{row['label']}, {fmt.percent(float(row['share_realised']))}"
                                   f" of its promise{why}."),))  # fmt: skip
        missing = per[per["status"] == "insufficient_data"]
        for _, row in missing.iterrows():
            points.append((Run("No data yet: ", bold=True),
                           Run(f"{row['label']}; none of its inputs has been measured, so its "
                               f"{fmt.money(float(row['promised']), c)} promised to date is "
                               "not counted."),))  # fmt: skip
    view = result.outlook
    goal = result.evaluation.solutions[result.solution]
    outlook = (f"As it now stands, the NPV over the horizon is {fmt.money(view.npv, c)} "
               f"against the {fmt.money(goal.npv, c)} promised")  # fmt: skip
    if result.reforecast is not None:
        chance = result.reforecast.prob_met().get("npv")
        if chance is not None:
            outlook += (f"; re-forecast over the ranges of what is not yet measured, it is met "
                        f"in {fmt.percent(chance)} of the draws")  # fmt: skip
    points.append((Run(outlook + "."),))
    blocks: list[Block] = [lead, Bullets(tuple(points))]
    if per is not None:
        table_rows = tuple(
            (
                (Run(str(row["label"])),),
                (Run(fmt.number(float(row["promised_with_data"])) if row["months_with_data"]
                     else "—"),),
                (Run(fmt.number(float(row["realised"])) if row["months_with_data"] else "—"),),
                (Run(fmt.percent(float(row["share_realised"]))
                     if math.isfinite(float(row["share_realised"])) else "—"),),
                (Run(_STATUS[str(row["status"])]),),
            )
            for _, row in per.iterrows()
        )  # fmt: skip
        blocks.append(Table(
            (Column("Line", width=2.8), Column(f"Promised ({c})", numeric=True, width=1.2),
             Column(f"Realised ({c})", numeric=True, width=1.2),
             Column("Share", numeric=True, width=0.8), Column("Status", width=1.0)),
            table_rows, caption=f"Value realised by line, {result.go_live} to {result.as_of}",
        ))  # fmt: skip
    blocks.append(Paragraph((Run(
        "Realised value is what each line's cost fell by against the diagnosed baseline, on "
        "the figures measured (the last one carried forward); promised value is the value "
        "case's own month-by-month timeline. A line without a measurement is kept apart, "
        "not counted as a shortfall."),), style="small"))  # fmt: skip
    return Section("realised", "Value realised so far", tuple(blocks))
