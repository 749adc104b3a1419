"""The design half of the discussion document: the pencil sketch (the alternatives side
by side), the timing, and the open questions. The customer's criteria are in
`costdx.report.discussion._choice`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from costdx.model import DO_NOTHING, Solution
from costdx.report.discussion import _charts
from costdx.report.discussion import _format as fmt
from costdx.report.discussion._content import (
    Block,
    Bullets,
    Column,
    Figure,
    Heading,
    Inline,
    Note,
    Paragraph,
    Run,
    Section,
    Table,
)
from costdx.report.discussion._facts import Facts
from costdx.value import months_to_full_effect

if TYPE_CHECKING:
    pass

__all__ = ["alternatives", "open_questions", "timing"]

SLIPS = (1, 3, 6)
"""Months of slip the timing table shows."""


def conventions(f: Facts) -> str:
    """The terms every figure of the value case is on, in a sentence."""
    vc = f.vc
    text = (
        f"Every alternative over {fmt.plural(vc.horizon_years, 'year')} from the decision, "
        f"cash flows at each year's end, discounted at {fmt.percent(vc.discount_rate, 1)} a "
        "year."
    )
    if vc.risk_adjustment:
        counted = ", ".join(
            f"on {fmt.SOURCE_WORDS[source].format(account=f.account)} inputs at "
            f"{fmt.percent(share)}"
            for source, share in vc.risk_adjustment.items()
        )
        text += f" Benefits count in part where they rest on weaker inputs: {counted}."
    return text


def _solution_note(f: Facts, solution: Solution) -> Note:
    c = f.currency
    if solution.id == DO_NOTHING:
        remaining = f.ev.solutions[DO_NOTHING].remaining_cost_pv
        return Note(
            f"No investment and nothing removed: the problem's cost goes on, "
            f"{fmt.money(remaining, c)} over the horizon, discounted."
        )
    parts = [f"{solution.vendor}." if solution.vendor else ""]
    items = []
    for item in solution.investment:
        if item.kind == "one_time":
            when = "up front" if item.first_year == 0 else f"in year {item.first_year}"
            items.append(f"{item.label}: {fmt.money(item.amount, c)} {when}")
        else:
            until = f" to year {item.until}" if item.until is not None else ""
            items.append(
                f"{item.label}: {fmt.money(item.amount, c)} a year from year "
                f"{item.first_year}{until}"
            )
    if items:
        parts.append("Invests: " + "; ".join(items) + ".")
    labels = {r.id: r.label for r in f.q.consequences}
    removes = []
    for address in solution.addresses:
        share = fmt.percent(address.point)
        if not isinstance(address.fraction, int | float):
            share += (
                f" ({fmt.percent(address.fraction.low)} to {fmt.percent(address.fraction.high)})"
            )
        if address.months_to_full is not None:
            pace = f", in full after {fmt.plural(address.months_to_full, 'month')}"
        elif address.ramp is not None:
            pace = ", " + ", ".join(
                f"{fmt.percent(r)} of it in year {i + 1}" for i, r in enumerate(address.ramp)
            )
        else:
            pace = ""
        removes.append(f"{share} of {labels[address.consequence].lower()}{pace}")
    if removes:
        start = (
            f"from month {solution.start_month} after the decision"
            if solution.start_month
            else "from the decision"
        )
        parts.append(f"Removes, {start}: " + "; ".join(removes) + ".")
    return Note(" ".join(p for p in parts if p))


def alternatives(f: Facts) -> Section:
    """The pencil sketch: every alternative's investment, NPV, ROI, payback and
    affordable investment, side by side, and their cash flows."""
    c = f.currency
    columns = (
        Column("Alternative", width=2.8),
        Column(f"Investment, {c}", numeric=True, width=1.1),
        Column(f"NPV, {c}", numeric=True, width=1.1),
        Column("ROI", numeric=True, width=0.7),
        Column("Payback, months", numeric=True, width=0.9),
        Column(f"Affordable investment, {c}", numeric=True, width=1.2),
    )
    rows: list[tuple[Inline, ...]] = []
    for sid, r in f.ev.solutions.items():
        rows.append(
            (
                (Run(r.name), _solution_note(f, f.vc.solution(sid))),
                (Run(fmt.number(r.total_investment)),),
                (Run(fmt.number(r.npv)),),
                (Run(fmt.percent(r.roi)),),
                (Run(fmt.months(r.payback_months).removesuffix(" months")),),
                (Run(fmt.number(r.affordable_investment)),),
            )
        )
    targets = []
    if f.vc.target_roi is not None:
        targets.append(f"ROI of at least {fmt.percent(f.vc.target_roi)}")
    if f.vc.target_payback_months is not None:
        targets.append(f"payback within {f.vc.target_payback_months:g} months")
    targets.append("an NPV of at least 0")
    blocks: list[Block] = [
        Paragraph(
            (
                Run(
                    f"A pencil sketch of the alternatives {f.account} has, doing nothing "
                    f"among them. {conventions(f)}"
                ),
            )
        ),
        Table(columns, tuple(rows), caption="The alternatives side by side"),
        Paragraph(
            (
                Run(
                    "NPV: benefits less investment, discounted to the decision. ROI: total "
                    "benefit less total investment over the horizon, as a share of the "
                    "investment, undiscounted. Payback: months until the cumulative net cash "
                    "flow turns positive. Affordable investment: the most "
                    f"{f.account} could invest up front and still meet {', '.join(targets)}."
                ),
            ),
            style="small",
        ),
        *_npv_range(f),
        Figure(
            "cash_flows",
            _charts.cash_flows(f.ev),
            width=6.5,
            caption=(Run("Cumulative net cash flow of each alternative, undiscounted."),),
            alt="Cumulative net cash flow of each alternative by year",
        ),
    ]
    return Section("sketch", "A pencil sketch of the solution", tuple(blocks))


def _npv_range(f: Facts) -> list[Block]:
    """With a simulation: each solution's NPV range and its chance of a loss."""
    sim = f.simulation
    if sim is None:
        return []
    c = f.currency
    rows: list[tuple[Inline, ...]] = []
    for sid, r in f.ev.solutions.items():
        if sid == DO_NOTHING:
            continue
        low, median, high = (float(v) for v in np.percentile(r.samples["npv"], [10, 50, 90]))
        rows.append(
            (
                (Run(r.name),),
                (Run(fmt.number(low)),),
                (Run(fmt.number(median)),),
                (Run(fmt.number(high)),),
                (Run(fmt.percent(r.prob_npv_negative())),),
            )
        )
    return [
        Table(
            (
                Column("Alternative", width=2.8),
                Column(f"NPV P10, {c}", numeric=True, width=1.1),
                Column(f"NPV median, {c}", numeric=True, width=1.1),
                Column(f"NPV P90, {c}", numeric=True, width=1.1),
                Column("Chance NPV is below 0", numeric=True, width=1.2),
            ),
            tuple(rows),
            caption=(
                f"The range of NPV over the ranges of the estimates ({sim.n:,} simulated cases)"
            ),
        )
    ]


def timing(f: Facts) -> Section:
    """What waiting costs: the problem's cost per month, and each alternative's value
    lost when its start slips."""
    c = f.currency
    rows: list[tuple[Inline, ...]] = []
    for solution in f.vc.solutions:
        full = months_to_full_effect(solution)
        rows.append(
            (
                (Run(solution.name),),
                (Run(str(solution.start_month)),),
                (Run(fmt.number(full)),),
                *((Run(fmt.number(f.ev.slip_cost(solution.id, months=k))),) for k in SLIPS),
            )
        )
    blocks: list[Block] = [
        Paragraph(
            (
                Run("Every month the problem goes on costs "),
                Run(fmt.money(f.q.cost_of_delay("month"), c), bold=True),
                Run(
                    " (the yearly cost divided by 12). A solution that starts later also "
                    f"delivers less within the {fmt.plural(f.vc.horizon_years, 'year')}: the "
                    "value each alternative loses when its start slips, in today's money:"
                ),
            )
        )
    ]
    if rows:
        blocks.append(
            Table(
                (
                    Column("Alternative", width=2.8),
                    Column("Starts, month", numeric=True, width=0.9),
                    Column("Full effect, month", numeric=True, width=0.9),
                    *(
                        Column(f"Slip of {fmt.plural(k, 'month')}, {c}", numeric=True, width=1.1)
                        for k in SLIPS
                    ),
                ),
                tuple(rows),
                caption="What a later start costs each alternative",
            )
        )
    return Section("timing", "Timing: what waiting costs", tuple(blocks))


def open_questions(f: Facts) -> Section:
    """Estimates not yet confirmed, by how much they move the total and, with a
    simulation, by what confirming each is worth; and the questions for every supplier."""
    plan = f.case.plan
    c = f.currency
    frame = f.sensitivity
    unconfirmed = [i for i in frame.index if plan.drivers[str(i)].confirmed_by is None]
    rows: list[tuple[Inline, ...]] = []
    for ident in unconfirmed:
        row = frame.loc[ident]
        driver = plan.drivers[str(ident)]
        unit = str(row["unit"])
        rows.append(
            (
                (Run(driver.label or driver.id),),
                (Run(fmt.source(driver, f.account)),),
                (Run(f"{fmt.with_unit(float(row['low_value']), unit)} to "
                     f"{fmt.with_unit(float(row['high_value']), unit)}"),),
                (Run(fmt.number(float(row["swing"]))),),
            )
        )  # fmt: skip
    single = [
        d
        for d in f.case.drivers
        if not d.derived and d.confirmed_by is None and d.id not in frame.index
    ]
    blocks: list[Block] = [
        Paragraph(
            (
                Run(
                    f"Estimates {f.account} has not yet confirmed, ranked by how far each "
                    "moves the yearly cost between its low (P10) and high (P90) value, the "
                    "others held where they are. Confirming the first ones does most to firm "
                    "up the figures."
                ),
            )
        )
    ]
    if rows:
        blocks.append(
            Table(
                (
                    Column("Estimate", width=2.9),
                    Column("Source", width=1.4),
                    Column("P10 to P90", numeric=True, width=1.7),
                    Column(f"Moves the yearly cost by, {c}", numeric=True, width=1.3),
                ),
                tuple(rows),
                caption="Open estimates",
            )
        )
    if single:
        blocks.append(
            Paragraph(
                (
                    Run("Also not yet confirmed, given as single figures: "),
                    Run(
                        "; ".join(
                            f"{d.label or d.id} ({fmt.with_unit(d.point(), plan.units[d.id])}, "
                            f"{fmt.source(d, f.account)})"
                            for d in single
                        )
                        + "."
                    ),
                )
            )
        )
    if not frame.empty:
        blocks.append(
            Figure(
                "sensitivity",
                _charts.tornado(frame, c),
                width=6.5,
                caption=(
                    Run(
                        "How far the yearly cost moves as each estimate goes from its P10 to "
                        "its P90, confirmed or not."
                    ),
                ),
                alt="Tornado of the yearly cost's sensitivity to each estimate",
            )
        )
    if f.information is not None:
        blocks += _worth_confirming(f)
    questions = [cr for cr in f.criteria if cr.question]
    if questions:
        blocks.append(Heading("Questions to put to every supplier"))
        blocks.append(
            Bullets(
                tuple(
                    (
                        Run(q.question),
                        Run(f" ({q.label}; {f.person(q.owner) or f.account})", italic=True),
                    )
                    for q in questions
                ),
                numbered=True,
            )
        )
    return Section("questions", "Open questions", tuple(blocks))


def _worth_confirming(f: Facts) -> list[Block]:
    info = f.information
    assert info is not None
    c = f.currency
    worth = info[(~info["confirmed"]) & info["above_noise"]].sort_values(
        "evppi", ascending=False, kind="stable"
    )
    best = f.name(str(info.attrs["best"]))
    head = Heading("What confirming each is worth")
    if worth.empty:
        return [
            head,
            Paragraph(
                (
                    Run(
                        f"No single open estimate, once confirmed, could change which "
                        f"alternative has the highest expected NPV: {best} stays ahead "
                        f"across the simulation (expected value of perfect information "
                        f"{fmt.money(float(info.attrs['evpi']), c)}). Confirming them firms up "
                        "the figures, not the choice."
                    ),
                )
            ),
        ]
    rows = tuple(
        (
            (Run(str(row["label"])),),
            (Run(fmt.number(float(row["evppi"]))),),
            (Run(fmt.percent(float(row["share"]))),),
        )
        for _, row in worth.iterrows()
    )
    return [
        head,
        Paragraph(
            (
                Run(
                    f"Which confirmation could change the choice (now {best}, by expected "
                    "NPV), and what knowing it first is worth in money: the expected value of "
                    f"partial perfect information, against "
                    f"{fmt.money(float(info.attrs['evpi']), c)} for knowing everything."
                ),
            )
        ),
        Table(
            (
                Column("Estimate", width=3.8),
                Column(f"Worth confirming first, {c}", numeric=True, width=1.6),
                Column("Share of all", numeric=True, width=1.0),
            ),
            rows,
            caption="Open estimates worth confirming first",
        ),
    ]
