"""The customer's choice in the discussion document: the criteria, the decision matrix
and how firm its ranking is (the weight at which the leader changes, and how often each
alternative ranks first)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from costdx.model import METRICS, Criterion
from costdx.report.discussion import _format as fmt
from costdx.report.discussion._content import (
    Block,
    Column,
    Heading,
    Inline,
    Note,
    Paragraph,
    Run,
    Section,
    Table,
)
from costdx.report.discussion._facts import Facts, Ranking

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["criteria"]


def _value_text(
    f: Facts, criterion: Criterion, value: float, *, alternative: str | None = None
) -> str:
    if criterion.metric is None:
        return fmt.number(value) + (f" {criterion.unit}" if criterion.unit else "")
    if math.isnan(value):
        if criterion.metric == "months_to_full_effect":
            return "never"
        # doing nothing has nothing to pay back; a solution that never does, never does
        invests = alternative is None or f.ev.solutions[alternative].total_investment > 0
        return "never" if criterion.metric == "payback_months" and invests else (fmt.NOT_AVAILABLE)
    if criterion.metric in ("npv", "investment"):
        return fmt.money(value, f.currency)
    if criterion.metric in ("roi", "prob_npv_negative"):
        return fmt.percent(value)
    return fmt.months(value)


def _measured(criterion: Criterion) -> str:
    if criterion.metric is not None:
        return METRICS[criterion.metric][0]
    if criterion.unit:
        return f"the customer's figure, in {criterion.unit}"
    return "the customer's score, 1 to 5"


def criteria(f: Facts, ranking: Ranking) -> Section:
    """The criteria, the decision matrix and how firm its ranking is."""
    weights = ranking.matrix.attrs["weights"]
    anchors = ranking.matrix.attrs["anchors"]
    total_weight = sum(c.weight for c in f.criteria)
    rows: list[tuple[Inline, ...]] = []
    for criterion in f.criteria:
        why = criterion.evidence.rstrip(".")
        note_text = f"Measured by {_measured(criterion)}; {criterion.better} is better."
        if why:
            note_text = f"{why}. {note_text}"
        worst, best = anchors[criterion.id]
        if criterion.weight_range is not None:
            low, high = (w / total_weight for w in criterion.weight_range)
            spread = f"{fmt.percent(low)} to {fmt.percent(high)}"
        else:
            spread = "as stated"
        rows.append(
            (
                (Run(criterion.label), Note(note_text)),
                (Run(f.person(criterion.owner)),),
                (Run(fmt.percent(weights[criterion.id])),),
                (Run(spread),),
                (Run(f"{_value_text(f, criterion, worst)} → {_value_text(f, criterion, best)}"),),
            )
        )
    blocks: list[Block] = [
        Paragraph(
            (
                Run(
                    f"The criteria {f.accounts} people will choose by, who owns each, and "
                    "its weight. On each criterion the alternatives score from 0 (the worst "
                    "anchor) to 1 (the best), in a straight line between; a weight says how "
                    "much that swing from worst to best matters against the swings of the "
                    "other criteria. Unless a criterion states its own anchors (or is a 1 to "
                    "5 score), they are the worst and the best alternative."
                ),
            )
        ),
        Table(
            (
                Column("Criterion", width=2.6),
                Column("Owner", width=1.9),
                Column("Weight", numeric=True, width=0.8),
                Column("Weight range", numeric=True, width=1.1),
                Column("Scored from worst → best", width=2.1),
            ),
            tuple(rows),
            caption="The decision criteria",
        ),
        _matrix_table(f, ranking.matrix),
        *_firmness(f, ranking),
    ]
    return Section("criteria", f"How {f.account} will choose", tuple(blocks))


def _matrix_table(f: Facts, m: pd.DataFrame) -> Table:
    alternatives = list(m.index)
    weights = m.attrs["weights"]
    rows: list[tuple[Inline, ...]] = []
    for criterion in f.criteria:
        label: Inline = (Run(criterion.label),)
        if criterion.scores:
            said = "; ".join(
                f"{f.name(s.alternative)}: {_value_text(f, criterion, s.value)}"
                + (f", {s.evidence.rstrip('.')}" if s.evidence else "")
                for s in criterion.scores
            )
            label = (*label, Note(f"Scored by {f.person(criterion.owner) or f.account}. {said}."))
        cells: list[Inline] = [label, (Run(fmt.percent(weights[criterion.id])),)]
        for a in alternatives:
            value = float(m.loc[a, (criterion.id, "value")])
            score = float(m.loc[a, (criterion.id, "score")])
            shown = _value_text(f, criterion, value, alternative=a)
            cells.append((Run(f"{shown} ({score:.2f})"),))
        rows.append(tuple(cells))
    totals: list[Inline] = [(Run("Weighted total", bold=True),), (Run("100%", bold=True),)]
    totals += [(Run(f"{float(m.loc[a, 'total']):.2f}", bold=True),) for a in alternatives]
    ranks: list[Inline] = [(Run("Rank", bold=True),), (Run(""),)]
    ranks += [(Run(str(int(m.loc[a, "rank"])), bold=True),) for a in alternatives]
    rows += [tuple(totals), tuple(ranks)]
    columns = [Column("Criterion", width=2.0), Column("Weight", numeric=True, width=0.9)]
    share = 6.2 / max(len(alternatives), 1)
    columns += [Column(f.name(a), numeric=True, width=share) for a in alternatives]
    return Table(
        tuple(columns),
        tuple(rows),
        caption="The decision matrix: each alternative's figure and, in brackets, its score",
        total=True,
    )


def _firmness(f: Facts, ranking: Ranking) -> list[Block]:
    leader = f.name(ranking.leader)
    rows: list[tuple[Inline, ...]] = []
    for criterion in f.criteria:
        flip = ranking.flips.loc[criterion.id].to_dict()
        low, high = float(flip["holds_from"]), float(flip["holds_to"])
        if flip["below"] == "" and flip["above"] == "":
            holds, otherwise = "any weight", "no weight changes the leader"
        else:
            holds = f"{fmt.percent(low)} to {fmt.percent(high)}"
            beyond = []
            if flip["below"]:
                beyond.append(f"below {fmt.percent(low)}: {f.name(str(flip['below']))}")
            if flip["above"]:
                beyond.append(f"above {fmt.percent(high)}: {f.name(str(flip['above']))}")
            otherwise = "; ".join(beyond)
        rows.append(
            (
                (Run(criterion.label),),
                (Run(fmt.percent(float(flip["weight"]))),),
                (Run(holds),),
                (Run(otherwise),),
            )
        )
    acceptance = ranking.acceptance
    how = acceptance.attrs["weights"]
    if how == "ranges":
        drawn = "each weight anywhere within its range"
    elif acceptance.attrs["concentration"] is None:
        drawn = "the weights at random among every possible weighting"
    else:
        drawn = "the weights around the stated ones"
    if acceptance.attrs["drawn"]:
        drawn += ", and each alternative's NPV and ROI from one simulated case"
    first = acceptance["rank_1"]
    share = fmt.percent(float(first.loc[ranking.leader]))
    order = sorted(first.index, key=lambda a: -float(first.loc[a]))
    places = [f"rank_{r}" for r in range(1, len(acceptance.columns) + 1)]
    ordinal = ["first", "second", "third"] + [f"{r}th" for r in range(4, len(places) + 1)]
    table_rows: list[tuple[Inline, ...]] = [
        ((Run(f.name(a)),), *((Run(fmt.percent(float(acceptance.loc[a, p]))),) for p in places))
        for a in order
    ]
    return [
        Heading("How firm the ranking is"),
        Paragraph(
            (
                Run(
                    f"{leader} ranks first at the stated weights. Moving one criterion's "
                    "weight while the others keep their proportions, it stays first within "
                    "these weights:"
                ),
            )
        ),
        Table(
            (
                Column("Criterion", width=2.6),
                Column("Weight now", numeric=True, width=0.9),
                Column("Stays first for weights of", numeric=True, width=1.5),
                Column("Otherwise first", width=3.4),
            ),
            tuple(rows),
            caption="The weight at which the leader changes",
        ),
        Paragraph(
            (
                Run(f"Drawing {drawn} ({acceptance.attrs['n']:,} draws), {leader} ranks first in "),
                Run(share, bold=True),
                Run(" of them:"),
            )
        ),
        Table(
            (
                Column("Alternative", width=3.0),
                *(Column(f"Ranks {o}", numeric=True, width=1.2) for o in ordinal[: len(places)]),
            ),
            tuple(table_rows),
            caption="How often each alternative takes each place",
        ),
    ]
