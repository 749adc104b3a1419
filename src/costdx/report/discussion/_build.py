"""Build the discussion document: the title page, the summary, the sections, next steps.

Two audiences (spec 5b): the customer's document carries nothing the seller wrote for
itself. Treated as internal, and left out of ``audience="customer"``:

* the Discover hypothesis — each driver's ``assumed`` figure and what it would make the
  cost — unless ``discover=True`` asks for it;
* scenarios (their names and descriptions are the seller's working notes);
* the qualification verdict (`costdx.qualify`: the seller's pursue / rework / walk away);
* the value of information of the seller's own pursue decision (the customer's
  ``invest`` decision is shown).

Everything else — problems, symptoms, causes, consequences and their descriptions, the
drivers' evidence and confirmations, the solutions, the criteria with their evidence and
questions — is what the customer said or what the customer is asked to check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from costdx.engine import Simulation, quantify
from costdx.errors import OptionError
from costdx.model import Criterion, ValueCase
from costdx.report._paper import paper_for
from costdx.report.discussion import _choice, _design, _diagnosis, _realised
from costdx.report.discussion import _format as fmt
from costdx.report.discussion._content import (
    Audience,
    Block,
    Bullets,
    Column,
    Discussion,
    Inline,
    Paragraph,
    Run,
    Section,
    Table,
)
from costdx.report.discussion._facts import Facts, gather
from costdx.value import Realisation, qualify

__all__ = ["discussion"]


def discussion(
    value_case: ValueCase,
    *,
    criteria: Sequence[Criterion] | None = None,
    simulation: Simulation | None = None,
    audience: Audience = "customer",
    discover: bool | None = None,
    date: dt.date | None = None,
    prepared_by: str = "",
    paper: str | None = None,
    seed: int = 0,
    tracking: Realisation | None = None,
) -> Discussion:
    """The discussion document's content: a summary of the diagnosis with a pencil
    sketch of the solution, ready to render as Word or HTML.

    Parameters
    ----------
    value_case:
        The value case: its diagnosis, solutions and (unless ``criteria`` is given) its
        decision criteria.
    criteria:
        The customer's criteria (default: the value case's own; none: no criteria section).
    simulation:
        A simulation of the diagnosis (``keep="consequences"``): adds the range (P10–P90)
        of the cost, each alternative's NPV range and chance of loss, NPV and ROI drawn
        into the ranking's firmness, and what confirming each open estimate is worth.
    audience:
        ``"customer"`` leaves out what the seller wrote for itself (see
        `costdx.report.discussion._build`); ``"internal"`` keeps it and says so on the
        title page.
    discover:
        Show what Discover assumed against what was diagnosed (default: only for
        ``"internal"``).
    date:
        The document's date (default: today).
    prepared_by:
        Who prepared the document, for the title page.
    paper:
        ``"letter"`` or ``"a4"``, in any case (default: Letter for accounts in the
        currencies of `costdx.report.discussion.LETTER_CURRENCIES`, else A4; as the
        workbook).
    seed:
        Seed of the weight draws of the ranking's firmness without a simulation (with
        one, they come from a stream of its seed), so the same case gives the same
        document.
    tracking:
        Value realised of this value case since go-live (`costdx.track`): adds a short
        "Value realised so far" after the summary — realised against promised to date,
        the lines behind or ahead and why, those without data, and the outlook.

    Examples
    --------
    >>> import costdx as cdx
    >>> doc = cdx.discussion(cdx.load_value_case(cdx.example_path()))  # doctest: +SKIP
    >>> [s.title for s in doc.sections][:2]  # doctest: +SKIP
    ['Summary', "The problem, in Acme Precision Components's words"]
    """
    if tracking is not None and (
        not isinstance(tracking, Realisation)
        or (tracking.tracking.value_case is not value_case
            and tracking.tracking.value_case != value_case)
    ):  # fmt: skip
        raise OptionError(
            "tracking= takes what costdx.track returns for this value case; it follows "
            "another value case, or is not one"
        )
    f = gather(
        value_case, criteria=criteria, simulation=simulation, audience=audience,
        discover=discover, seed=seed,
    )  # fmt: skip
    sections = [_summary(f)]
    if tracking is not None:
        sections.append(_realised.realised(tracking))
    sections += [_diagnosis.problems(f), _diagnosis.costs(f)]
    if f.discover:
        sections.append(_diagnosis.discover(f))
    sections.append(_design.alternatives(f))
    if f.ranking is not None:
        sections.append(_choice.criteria(f, f.ranking))
    sections += [_design.timing(f), _design.open_questions(f)]
    if f.audience == "internal":
        sections.append(_for_the_seller(f))
    sections.append(_next_steps(f))
    numbered = tuple(
        Section(s.key, f"{i}. {s.title}", s.blocks) for i, s in enumerate(sections, start=1)
    )
    currency = value_case.diagnosis.account.currency
    return Discussion(
        title=value_case.diagnosis.title or value_case.diagnosis.account.name,
        account=f.account,
        date=date or dt.date.today(),
        audience=audience,
        prepared_by=prepared_by,
        participants=_participants(f),
        sections=numbered,
        paper="A4" if paper_for(currency, paper) == "a4" else "letter",
    )


def _participants(f: Facts) -> Table:
    rows = tuple(
        ((Run(s.name),), (Run(s.role),), (Run(s.department),)) for s in f.case.stakeholders
    )
    return Table(
        (Column("Name", width=2.2), Column("Role", width=2.8), Column("Department", width=1.6)),
        rows,
        caption="Who took part",
    )


def _summary(f: Facts) -> Section:
    q, c = f.q, f.currency
    points: list[Inline] = [
        (
            Run(f"The problems described here cost {f.account} "),
            Run(fmt.money(q.annual_cost, c), bold=True),
            Run(" a year: "),
            Run(fmt.money(q.cost_of_delay("month"), c), bold=True),
            Run(" for every month nothing changes."),
        ),
        (
            Run(
                f"{fmt.percent(q.confirmed_share)} of that rests only on figures "
                f"{f.accounts} people have confirmed; the open estimates are listed, largest "
                "first, with what confirming each would settle."
            ),
        ),
    ]
    if f.simulation is not None:
        sim = f.simulation
        points.append(
            (
                Run(
                    f"Over the ranges of the estimates, the yearly cost lies between "
                    f"{fmt.money(sim.percentile(10), c)} and {fmt.money(sim.percentile(90), c)} "
                    "in eight years out of ten."
                ),
            )
        )
    best = f.ev.solutions[f.best_npv]
    points.append(
        (
            Run(
                f"Of the {fmt.plural(len(f.ev.solutions), 'alternative')} (doing nothing "
                f"among them), {best.name} has the highest NPV: {fmt.money(best.npv, c)} over "
                f"{fmt.plural(f.vc.horizon_years, 'year')}, paying back in "
                f"{fmt.months(best.payback_months)}."
            ),
        )
    )
    if f.ranking is not None:
        leader, acceptance = f.ranking.leader, f.ranking.acceptance
        first = float(acceptance["rank_1"].to_dict()[leader])
        points.append(
            (
                Run(
                    f"On the {fmt.plural(len(f.criteria), 'criterion')} {f.accounts} people "
                    f"set, {f.name(leader)} ranks first, and stays first in "
                    f"{fmt.percent(first)} of the weightings drawn within their ranges."
                    if acceptance.attrs["weights"] == "ranges"
                    else f"On the {fmt.plural(len(f.criteria), 'criterion')} "
                    f"{f.accounts} people set, {f.name(leader)} ranks first, and stays "
                    f"first in {fmt.percent(first)} of the weightings drawn."
                ),
            )
        )
    blocks: list[Block] = [
        Paragraph(
            (
                Run(
                    f"A summary of the diagnosis made with {f.account}, and a pencil sketch "
                    "of how the problem could be solved, to check together before any "
                    "proposal: nothing in a proposal should come as a surprise."
                ),
            ),
            style="lead",
        ),
        Bullets(tuple(points)),
    ]
    return Section("summary", "Summary", tuple(blocks))


def _for_the_seller(f: Facts) -> Section:
    verdict = qualify(f.vc, evaluation=f.ev)
    blocks: list[Block] = [
        Paragraph(
            (
                Run("Qualification: ", bold=True),
                Run(f"{verdict.outcome} ({f.name(verdict.solution)})."),
            )
        ),
        Bullets(
            tuple(
                (Run("met: " if r.passed else "NOT MET: ", bold=not r.passed), Run(r.message))
                for r in verdict.reasons
            )
        ),
    ]
    if f.case.scenarios:
        rows = []
        for scenario in f.case.scenarios:
            cost = quantify(f.case, basis=f.q.basis, scenario=scenario).annual_cost
            rows.append(
                (
                    (Run(scenario.name),),
                    (Run(scenario.description),),
                    (Run(fmt.number(cost)),),
                )
            )
        blocks.append(
            Table(
                (
                    Column("Scenario", width=1.6),
                    Column("Description", width=3.6),
                    Column(f"{f.currency} a year", numeric=True, width=1.4),
                ),
                tuple(rows),
                caption="Scenarios",
            )
        )
    return Section("seller", "For the seller only", tuple(blocks))


def _next_steps(f: Facts) -> Section:
    open_count = sum(1 for d in f.case.drivers if not d.derived and d.confirmed_by is None)
    steps: list[Inline] = []
    if open_count:
        steps.append(
            (
                Run(
                    f"Confirm the {fmt.plural(open_count, 'open estimate')} under “Open "
                    "questions”, largest first; the figures are updated as each is confirmed."
                ),
            )
        )
    if f.criteria:
        owners = sorted({f.person(c.owner) for c in f.criteria if c.owner})
        steps.append(
            (
                Run(
                    "Agree the criteria, their weights and the scores with their owners"
                    + (f": {', '.join(owners)}." if owners else ".")
                ),
            )
        )
        if any(c.question for c in f.criteria):
            steps.append((Run("Put the questions under “Open questions” to every supplier."),))
    steps.append(
        (
            Run(
                "Walk through this document together; the formal proposal will follow it, and "
                "anything that changes will be pointed out."
            ),
        )
    )
    return Section("next", "Next steps", (Bullets(tuple(steps), numbered=True),))
