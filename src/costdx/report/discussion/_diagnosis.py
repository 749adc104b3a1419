"""The diagnosis half of the discussion document: the problem in the customer's words,
what it costs (and its range), and what Discover assumed against what was diagnosed.

Each consequence's cost carries a note with its audit trail: the formula with the
customer's figures substituted, and every input it rests on with its source, its evidence
and who confirmed it when.
"""

from __future__ import annotations

import math

from costdx.engine import ConsequenceResult, compare_bases
from costdx.model import Category, Kind, driver_spec
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

__all__ = ["costs", "discover", "problems"]

CATEGORY_WORDS = {
    Category.COST: "cost",
    Category.REVENUE: "lost contribution",
    Category.RISK: "risk exposure",
    Category.CAPITAL: "capital tied up",
}


def _trail(f: Facts, c: ConsequenceResult) -> Note:
    """How one consequence's cost is worked out: its formula with the figures in."""
    trail = f.q.explain(c.id)
    plan = f.case.plan
    per_year = "".join(
        f" × {plan.calendar[name]:g}{'' if power == 1 else f'^{power}'} "
        f"{name.removesuffix('_per_year').replace('_', ' ')} a year"
        for name, power in plan.consequence(c.id).annualise
    )
    parts = [f"{fmt.times(trail.substituted)}{per_year} = {_cost(f, c)}."]
    for ident, _, substituted, value, unit in trail.derived:
        label = plan.drivers[ident].label or ident
        parts.append(f"{label}: {fmt.times(substituted)} = {fmt.with_unit(value, unit)}.")
    return Note(" ".join(parts))


def _sources(f: Facts, rows: list[ConsequenceResult]) -> Note:
    """Every input the consequences rest on, once: figure, source, evidence, confirmer."""
    used = set().union(*(f.case.plan.consequence(c.id).inputs for c in rows))
    return Note("Inputs: " + " ".join(_provenance(f, d.id) for d in f.case.drivers if d.id in used))


def _provenance(f: Facts, ident: str) -> str:
    """``label: figure, source (evidence), confirmed by Name on date.``"""
    plan = f.case.plan
    driver = plan.drivers[ident]
    spec = driver_spec(driver, f.q.basis, f.q.scenario)
    if spec is None:  # a derived driver: its figure, from its inputs
        value = fmt.with_unit(f.q.values[ident], plan.units[ident])
        return f"{driver.label or ident}: {value}, worked out as {fmt.times(driver.formula or '')}."
    text = f"{driver.label or ident}: {fmt.figure(spec, plan.units[ident])}, "
    text += fmt.short_source(driver)
    if driver.evidence:
        text += f" ({driver.evidence.rstrip('.')})"
    if driver.confirmed_by is not None:
        when = f" on {fmt.date(driver.confirmed_on)}" if driver.confirmed_on else ""
        text += f", confirmed by {_name_only(f, driver.confirmed_by)}{when}"
    else:
        text += ", not yet confirmed"
    return text + "."


def _cost(f: Facts, c: ConsequenceResult) -> str:
    if c.kind is Kind.RECURRING:
        return f"{fmt.money(c.annual, f.currency)} a year"
    return f"{fmt.money(c.one_time, f.currency)} once"


def problems(f: Facts) -> Section:
    """The problem in the customer's words: each problem's signs, causes and
    consequences, who bears each and what it costs."""
    blocks: list[Block] = [
        Paragraph(
            (
                Run(
                    f"What {f.accounts} people described in the diagnosis, with the figures "
                    "they gave. Each cost's note shows how it is worked out; the note on each "
                    "problem's total lists the inputs, where each came from and who confirmed "
                    "it."
                ),
            )
        )
    ]
    by_problem = {p.id: [c for c in f.q.consequences if c.problem == p.id] for p in f.case.problems}
    for problem in f.case.problems:
        blocks.append(Heading(problem.title))
        lead = problem.description.strip()
        if problem.owner:
            lead = f"{lead} Owner: {f.person(problem.owner)}.".strip()
        if lead:
            blocks.append(Paragraph((Run(lead),)))
        signs: list[Inline] = []
        for symptom in problem.symptoms:
            text = (symptom.description or symptom.id).rstrip(".")
            readings = [d for d in (symptom.metric, symptom.target) if d is not None]
            if not readings:
                signs.append((Run(text),))
                continue
            text += ". " + "; ".join(_reading(f, d) for d in readings)
            if symptom.target is not None and symptom.metric is not None:
                text += _gap(f, symptom.metric, symptom.target)
            signs.append((Run(text), Note(" ".join(_provenance(f, d) for d in readings))))
        blocks.append(Paragraph((Run("How it shows", bold=True),)))
        blocks.append(Bullets(tuple(signs)))
        if problem.causes:
            blocks.append(Paragraph((Run("Why it happens", bold=True),)))
            blocks.append(Bullets(tuple((Run(c.description or c.id),) for c in problem.causes)))
        blocks.append(_consequence_table(f, by_problem[problem.id]))
    return Section("problem", f"The problem, in {f.accounts} words", tuple(blocks))


def _reading(f: Facts, driver_id: str) -> str:
    """``OEE of comparable plants (benchmark): 75%``."""
    driver = f.case.plan.drivers[driver_id]
    value = fmt.with_unit(f.q.values[driver_id], f.case.plan.units[driver_id])
    return f"{driver.label or driver.id}: {value}"


def _gap(f: Facts, metric: str, target: str) -> str:
    """``; a gap of 14 percentage points`` between the metric and its target."""
    gap = abs(f.q.values[metric] - f.q.values[target])
    if gap == 0:
        return "; on target"
    unit = f.case.plan.units[metric]
    size = (
        f"{fmt.number(gap)} percentage points" if unit == "percent" else (fmt.with_unit(gap, unit))
    )
    return f"; a gap of {size}"


def _consequence_table(f: Facts, rows: list[ConsequenceResult]) -> Table:
    once = any(c.kind is Kind.ONE_TIME for c in rows)
    columns = [
        Column("Consequence", width=3.2),
        Column("Kind", width=1.3),
        Column("Borne by", width=2.2),
        Column(f"{f.currency} a year", numeric=True, width=1.5),
    ]
    if once:
        columns.append(Column(f"{f.currency} once", numeric=True, width=1.3))
    body: list[tuple[Inline, ...]] = []
    for c in rows:
        bearers = ", ".join(_name_only(f, s) for s in c.borne_by) or "not assigned"
        cells: list[Inline] = [
            (Run(c.label),),
            (Run(CATEGORY_WORDS[c.category]),),
            (Run(bearers),),
        ]
        note = _trail(f, c)
        if c.kind is Kind.RECURRING:
            cells.append((Run(fmt.number(c.annual)), note))
            if once:
                cells.append((Run(""),))
        else:
            cells.append((Run(""),))
            cells.append((Run(fmt.number(c.one_time)), note))
        body.append(tuple(cells))
    total: list[Inline] = [(Run("Total", bold=True), _sources(f, rows)), (Run(""),), (Run(""),)]
    total.append((Run(fmt.number(math.fsum(c.annual for c in rows)), bold=True),))
    if once:
        total.append((Run(fmt.number(math.fsum(c.one_time for c in rows)), bold=True),))
    body.append(tuple(total))
    return Table(tuple(columns), tuple(body), total=True)


def _name_only(f: Facts, stakeholder: str) -> str:
    for s in f.case.stakeholders:
        if s.id == stakeholder:
            return s.name
    return stakeholder


def costs(f: Facts) -> Section:
    """What the problem costs a year and a month, how much rests on confirmed numbers,
    by problem and by source, the waterfall and, with a simulation, the range."""
    q, c = f.q, f.currency
    calendar = f.case.calendar
    total_note = Note(
        f"The sum of the consequences under “The problem, in {f.accounts} words”, each "
        f"with its inputs. Recurring costs are per year by {f.accounts} calendar "
        f"({calendar.months_per_year:g} months, {calendar.weeks_per_year:g} weeks, "
        f"{calendar.workdays_per_year:g} working days); totals are added before rounding."
    )
    headline: list[Inline] = [
        (
            Run(f"The problems cost {f.account} "),
            Run(fmt.money(q.annual_cost, c), bold=True),
            Run(" a year"),
            total_note,
            Run(", or "),
            Run(fmt.money(q.cost_of_delay("month"), c), bold=True),
            Run(" for every month they go on"),
            Run(f", and {fmt.money(q.one_time_cost, c)} once." if q.one_time_cost else "."),
        ),
        (
            Run(
                f"{fmt.percent(q.confirmed_share)} of the yearly cost rests only on inputs "
                f"that {f.accounts} people have confirmed; the rest rests on at least one "
                "benchmark or estimate, listed under “Open questions”."
            ),
        ),
    ]
    blocks: list[Block] = [Paragraph(headline[0], style="lead"), Paragraph(headline[1])]
    rows: list[tuple[Inline, ...]] = []
    for _, row in q.by_problem().iterrows():
        rows.append(
            (
                (Run(str(row["title"])),),
                (Run(_name_only(f, str(row["owner"])) if row["owner"] else ""),),
                (Run(fmt.number(float(row["annual_cost"]))),),
                (Run(fmt.number(float(row["one_time_cost"])) if row["one_time_cost"] else ""),),
                (Run(fmt.percent(float(row["share"]))),),
            )
        )
    rows.append(
        (
            (Run("Total", bold=True),),
            (Run(""),),
            (Run(fmt.number(q.annual_cost), bold=True),),
            (Run(fmt.number(q.one_time_cost) if q.one_time_cost else "", bold=True),),
            (Run("100%", bold=True),),
        )
    )
    blocks.append(
        Table(
            (
                Column("Problem", width=3.4),
                Column("Owner", width=1.6),
                Column(f"{c} a year", numeric=True, width=1.4),
                Column(f"{c} once", numeric=True, width=1.2),
                Column("Share", numeric=True, width=0.8),
            ),
            tuple(rows),
            caption="The cost of the problem, by problem",
            total=True,
        )
    )
    blocks.append(_by_source(f))
    blocks.append(
        Figure(
            "cost_by_consequence",
            _charts.waterfall(q),
            width=6.5,
            caption=(
                Run(
                    "The yearly cost, consequence by consequence, coloured by problem"
                    + (
                        f"; the {fmt.money(q.one_time_cost, c)} paid once is not in it."
                        if q.one_time_cost
                        else "."
                    )
                ),
            ),
            alt=f"Waterfall of the yearly cost of the problem: {fmt.money(q.annual_cost, c)}",
        )
    )
    if f.simulation is not None:
        blocks += _range(f)
    return Section("cost", "What the problem costs", tuple(blocks))


def _by_source(f: Facts) -> Table:
    words = {s.value: fmt.SOURCE_WORDS[s].format(account=f.account) for s in fmt.SOURCE_WORDS}
    rows: list[tuple[Inline, ...]] = []
    for source, row in f.q.by_source().iterrows():
        rows.append(
            (
                (Run(fmt.capital(words.get(str(source), str(source)))),),
                (Run(str(int(row["consequences"]))),),
                (Run(fmt.number(float(row["annual_cost"]))),),
                (Run(fmt.percent(float(row["share"]))),),
            )
        )
    return Table(
        (
            Column("Weakest input a consequence rests on", width=3.6),
            Column("Consequences", numeric=True, width=1.3),
            Column(f"{f.currency} a year", numeric=True, width=1.4),
            Column("Share", numeric=True, width=0.8),
        ),
        tuple(rows),
        caption="How much of the yearly cost rests on what",
    )


def _range(f: Facts) -> list[Block]:
    sim = f.simulation
    assert sim is not None
    c = f.currency
    p10, p50, p90 = (sim.percentile(p) for p in (10, 50, 90))
    seed = "fresh entropy" if sim.seed is None else f"seed {sim.seed}"
    return [
        Heading("The range"),
        Paragraph(
            (
                Run(
                    f"Drawing every estimate from its range ({sim.n:,} simulated years, "
                    f"{seed}), the yearly cost lies between "
                ),
                Run(fmt.money(p10, c), bold=True),
                Run(" (P10) and "),
                Run(fmt.money(p90, c), bold=True),
                Run(
                    f" (P90) in eight years out of ten; the median is {fmt.money(p50, c)}. "
                    f"In {fmt.percent(sim.prob_exceeds(f.q.annual_cost))} of the simulated "
                    f"years it exceeds the {fmt.money(f.q.annual_cost, c)} above."
                ),
            )
        ),
        Figure(
            "range",
            _charts.histogram(sim),
            width=6.5,
            caption=(Run("The simulated yearly cost, with its P10, median and P90."),),
            alt=f"Histogram of the simulated yearly cost, P10 {fmt.money(p10, c)}, "
            f"P90 {fmt.money(p90, c)}",
        ),
    ]


def discover(f: Facts) -> Section:
    """What Discover assumed against what the diagnosis found (the seller's hypothesis:
    internal unless asked for)."""
    frame = compare_bases(f.case, scenario=f.q.scenario)
    c = f.currency
    rows: list[tuple[Inline, ...]] = []
    labels = {r.id: r.label for r in f.q.consequences}
    for ident, row in frame.iterrows():
        summed = str(ident).startswith("total")
        label = {"total": "Total a year", "total_one_time": "Total once"}.get(
            str(ident), labels.get(str(ident), str(ident))
        )
        change = float(row["change"])
        rows.append(
            (
                (Run(label, bold=summed),),
                (Run(fmt.number(float(row["assumed"])), bold=summed),),
                (Run(fmt.number(float(row["diagnosed"])), bold=summed),),
                (Run(fmt.number(float(row["difference"])), bold=summed),),
                (Run("" if math.isnan(change) else f"{change:+.0%}", bold=summed),),
            )
        )
    assumed = [d for d in f.case.drivers if d.assumed is not None]
    changed = tuple(
        (
            Run(
                f"{d.label or d.id}: assumed {fmt.figure(d.assumed, f.case.plan.units[d.id])}, "
                f"diagnosed {fmt.figure(d.value, f.case.plan.units[d.id])}"
            ),
        )
        for d in assumed
        if d.assumed is not None and d.value is not None
    )
    total = frame.loc["total"].to_dict()
    return Section(
        "discover",
        "What we assumed, and what the diagnosis found",
        (
            Paragraph(
                (
                    Run(
                        f"Before the diagnosis we put the yearly cost at "
                        f"{fmt.money(float(total['assumed']), c)}; the diagnosis found "
                        f"{fmt.money(float(total['diagnosed']), c)}. The figures that changed:"
                    ),
                )
            ),
            Bullets(changed),
            Table(
                (
                    Column("Consequence", width=3.2),
                    Column("Assumed", numeric=True, width=1.3),
                    Column("Diagnosed", numeric=True, width=1.3),
                    Column("Difference", numeric=True, width=1.3),
                    Column("Change", numeric=True, width=0.9),
                ),
                tuple(rows),
                caption=f"Assumed and diagnosed, {c}",
            ),
        ),
    )
