"""HTML views of a case and its results, for Jupyter's rich display (``_repr_html_``).

Each view is a compact table of the headline figures, never a dump of the case. Every
piece of text that comes from a case (ids, titles, names, labels, messages) is escaped
with `html.escape`, so a title such as ``<script>`` shows as text. Styles are
inline, because notebook front ends strip ``<style>`` blocks from untrusted output, and
colours are kept to the verdict badge and the ok/FAIL marks so that the tables read on
light and dark themes alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape

from costdx import _display
from costdx.engine import Quantification, Simulation
from costdx.errors import Issue
from costdx.model import Diagnosis, Source, ValueCase, check
from costdx.value import Evaluation, SolutionResult, Verdict

__all__ = [
    "register",
    "render_diagnosis",
    "render_evaluation",
    "render_quantification",
    "render_simulation",
    "render_value_case",
    "render_verdict",
]

_MISSING = "—"
_BOX = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.35"
_TABLE = "border-collapse:collapse;margin:4px 0 8px 0"
_TD = "text-align:left;padding:2px 10px 2px 0;vertical-align:top"
_NUM = (
    "text-align:right;padding:2px 0 2px 14px;font-variant-numeric:tabular-nums;white-space:nowrap"
)
_RULE = ";border-bottom:1px solid currentColor;font-weight:600"
_NOTE = "font-size:11px;opacity:0.75;margin:2px 0"
_BADGE = "display:inline-block;padding:1px 8px;border-radius:4px;color:#fff;font-weight:700"
_OUTCOME_COLOUR = {"pursue": "#1a7f37", "rework": "#b26b00", "disqualify": "#c62828"}
_OK = "color:#1a7f37;font-weight:700"
_FAIL = "color:#c62828;font-weight:700"


class _Safe(str):
    """Text that is already HTML (built here from escaped parts): not escaped again."""

    __slots__ = ()


def _text(value: object) -> str:
    return value if isinstance(value, _Safe) else escape(str(value))


def _number(value: float, *, digits: int = 0) -> str:
    if math.isnan(value):
        return _MISSING
    return f"{value:,.{digits}f}"


def _money(value: float, currency: str) -> str:
    if math.isnan(value):
        return _MISSING
    return f"{value:,.0f} {currency}"


def _percent(value: float, *, digits: int = 0) -> str:
    if math.isnan(value):
        return _MISSING
    return f"{value:.{digits}%}"


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Sequence[bool],
) -> str:
    """A table; ``numeric[i]`` right-aligns column ``i`` (figures line up by digit)."""
    head = "".join(
        f'<th style="{_NUM if num else _TD}{_RULE}">{_text(h)}</th>'
        for h, num in zip(headers, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="{_NUM if num else _TD}">{_text(cell)}</td>'
            for cell, num in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _facts(pairs: Iterable[tuple[str, object]], *, numeric: bool = True) -> str:
    """A two-column table of headline figures: name, value (right-aligned if ``numeric``)."""
    style = _NUM if numeric else _TD
    rows = "".join(
        f'<tr><td style="{_TD}">{_text(name)}</td><td style="{style}">{_text(value)}</td></tr>'
        for name, value in pairs
    )
    return f'<table style="{_TABLE}"><tbody>{rows}</tbody></table>'


def _box(title: str, subtitle: str, *parts: str) -> str:
    sub = f' <span style="opacity:0.75">{_text(subtitle)}</span>' if subtitle else ""
    head = f"<div><strong>{_text(title)}</strong>{sub}</div>"
    return f'<div class="costdx" style="{_BOX}">{head}{"".join(parts)}</div>'


def _heading(text: str) -> str:
    return f'<div style="font-weight:600;margin-top:6px">{_text(text)}</div>'


def _note(text: str) -> str:
    return f'<div style="{_NOTE}">{_text(text)}</div>'


def _findings(issues: Sequence[Issue]) -> str:
    """The plausibility findings, one row each: where (file line), what, and its code."""
    if not issues:
        return _note("No plausibility warnings (costdx.check).")
    rows = [
        (
            f"{i.where}" + (f" (line {i.line})" if i.line is not None else ""),
            i.message,
            i.code,
        )
        for i in issues
    ]
    count = len(issues)
    return _heading(f"{count} warning{'s' if count != 1 else ''} (costdx.check)") + _table(
        ["where", "finding", "code"], rows, numeric=[False, False, False]
    )


def _run(basis: str, scenario_name: str | None) -> str:
    what = "Discover-phase assumptions" if basis == "assumed" else "diagnosed values"
    return f"on {what}" + (f", scenario {scenario_name}" if scenario_name else "")


def render_diagnosis(case: Diagnosis) -> str:
    """The case at a glance: account, counts, and the problems with their titles."""
    account = case.account
    people = {s.id: s.name for s in case.stakeholders}
    consequences = sum(len(p.consequences) for p in case.problems)
    estimates = sum(1 for d in case.drivers if d.estimate is not None)
    derived = sum(1 for d in case.drivers if d.derived)
    facts = _facts(
        [
            ("Account", account.name + (f" ({account.industry})" if account.industry else "")),
            ("Currency", account.currency),
            ("Stakeholders", f"{len(case.stakeholders):,}"),
            ("Drivers", f"{len(case.drivers):,} ({estimates:,} estimates, {derived:,} derived)"),
            ("Problems", f"{len(case.problems):,}"),
            ("Consequences", f"{consequences:,}"),
        ],
        numeric=False,
    )
    problems = _table(
        ["problem", "title", "owner", "symptoms", "consequences"],
        [
            (
                p.id,
                p.title,
                people.get(p.owner, p.owner) if p.owner else "",
                f"{len(p.symptoms):,}",
                f"{len(p.consequences):,}",
            )
            for p in case.problems
        ],
        numeric=[False, False, False, True, True],
    )
    return _box(f"Diagnosis {case.id}", case.title, facts, problems, _findings(check(case)))


def render_quantification(q: Quantification) -> str:
    """Headline costs, then the cost by problem and by the weakest source it rests on."""
    c = q.currency
    total = q.annual_cost
    facts = _facts(
        [
            ("Cost of the problem", f"{_money(total, c)}/year"),
            ("Cost of delay", f"{_money(q.cost_of_delay('month'), c)}/month"),
            ("One-time cost", _money(q.one_time_cost, c)),
            ("Confirmed by the customer", f"{_percent(q.confirmed_share)} of the annual cost"),
        ]
    )
    annual: dict[str, float] = {}
    once: dict[str, float] = {}
    for r in q.consequences:
        annual[r.problem] = annual.get(r.problem, 0.0) + r.annual
        once[r.problem] = once.get(r.problem, 0.0) + r.one_time
    by_problem = _table(
        ["problem", f"per year ({c})", f"one-time ({c})", "share"],
        [
            (
                p.title,
                _number(annual.get(p.id, 0.0)),
                _number(once.get(p.id, 0.0)),
                _percent(annual.get(p.id, 0.0) / total) if total else _MISSING,
            )
            for p in q.case.problems
        ],
        numeric=[False, True, True, True],
    )
    source_rows = []
    for source in Source:
        hits = [r for r in q.consequences if r.source is source]
        if not hits:
            continue
        cost = math.fsum(r.annual for r in hits)
        source_rows.append(
            (
                str(source),
                f"{len(hits):,}",
                _number(cost),
                _percent(cost / total) if total else _MISSING,
            )
        )
    by_source = _table(
        ["weakest source", "consequences", f"per year ({c})", "share"],
        source_rows,
        numeric=[False, True, True, True],
    )
    scenario = q.scenario.name if q.scenario else None
    return _box(
        f"Quantification {q.case.id}",
        _run(q.basis, scenario),
        facts,
        _heading("By problem"),
        by_problem,
        _heading("By source"),
        by_source,
        _note("Each consequence counts toward the weakest source among the drivers it rests on."),
        _findings(q.warnings),
    )


def render_simulation(sim: Simulation) -> str:
    """Sample size, seed and method, the P10/P50/P90 of the annual cost, and clipping."""
    c = sim.currency
    p10, p50, p90 = (sim.percentile(p) for p in (10, 50, 90))
    facts = _facts(
        [
            ("Samples", f"{sim.n:,}"),
            ("Seed", "fresh entropy" if sim.seed is None else str(sim.seed)),
            ("Method", "Latin hypercube" if sim.method == "lhs" else "random"),
            ("P10 annual cost", f"{_money(p10, c)}/year"),
            ("P50 annual cost", f"{_money(p50, c)}/year"),
            ("P90 annual cost", f"{_money(p90, c)}/year"),
            ("Mean annual cost", f"{_money(sim.mean(), c)}/year"),
        ]
    )
    clipped = [(k, v) for k, v in sim.clipped.items() if v]
    if clipped:
        clipping = _heading("Samples clipped to bounds") + _table(
            ["driver", "samples", "share"],
            [(k, f"{v:,}", _percent(v / sim.n, digits=2)) for k, v in clipped],
            numeric=[False, True, True],
        )
    else:
        clipping = _note("No sample was clipped to a driver's bounds.")
    scenario = sim.scenario.name if sim.scenario else None
    return _box(f"Simulation {sim.case.id}", _run(sim.basis, scenario), facts, clipping)


def render_value_case(vc: ValueCase) -> str:
    """The value case as written: its settings and each solution's terms (not evaluated)."""
    c = vc.diagnosis.account.currency
    risk = ", ".join(f"{k.value} at {v:.0%}" for k, v in vc.risk_adjustment.items())
    facts = _facts(
        [
            ("Horizon", f"{vc.horizon_years} year{'s' if vc.horizon_years != 1 else ''}"),
            ("Discount rate", _percent(vc.discount_rate, digits=1)),
            ("Risk adjustment", risk or "none"),
            ("Target ROI", _MISSING if vc.target_roi is None else _percent(vc.target_roi)),
            ("Target payback", _MISSING if vc.target_payback_months is None
             else f"{vc.target_payback_months:g} months"),
        ],
        numeric=False,
    )  # fmt: skip
    ours = vc.ours.id if vc.ours is not None else None
    rows = []
    for solution in vc.solutions:
        name = solution.name + (f" ({solution.vendor})" if solution.vendor else "")
        once = math.fsum(i.amount for i in solution.investment if i.kind == "one_time")
        yearly = math.fsum(i.amount for i in solution.investment if i.kind == "recurring")
        rows.append(
            (
                _Safe(f"<strong>{escape(name)}</strong> ★") if solution.id == ours else name,
                _number(once),
                _number(yearly),
                f"{len(solution.addresses):,}",
                f"{solution.start_month:,}",
            )
        )
    table = _table(
        ["solution", f"one-time ({c})", f"recurring ({c}/year)", "consequences addressed",
         "start month"],
        rows,
        numeric=[False, True, True, True, True],
    )  # fmt: skip
    note = _note("★ the solution being sold; do nothing is always compared too. "
                 "costdx.evaluate(vc) gives the cash flows and figures.")  # fmt: skip
    return _box(f"Value case {vc.diagnosis.id}", vc.diagnosis.title, facts, table, note)


def _irr(res: SolutionResult) -> str:
    if res.total_investment <= 0 or math.isnan(res.irr.rate):
        return _MISSING
    mark = "*" if res.irr.status == "multiple_roots" else ""
    return _percent(res.irr.rate, digits=1) + mark


_ONE_LINE = (
    "display:inline-block;max-width:22em;white-space:nowrap;overflow:hidden;"
    "text-overflow:ellipsis;vertical-align:bottom"
)


def render_evaluation(ev: Evaluation) -> str:
    """The solutions side by side, the cost of the problem, and the conventions."""
    c = ev.currency
    vc = ev.value_case
    ours = ev.ours.id if ev.ours is not None else None
    facts = _facts(
        [
            ("Horizon", f"{ev.horizon} year{'s' if ev.horizon != 1 else ''}"),
            ("Discount rate", _percent(vc.discount_rate, digits=1)),
            ("Cost of the problem over the horizon", _money(ev.problem_cost_nominal, c)),
            ("… discounted", _money(ev.problem_cost_discounted, c)),
        ]
    )
    sampled = any(res.samples for res in ev.solutions.values())
    headers = [
        "solution",
        f"investment ({c})",
        f"NPV ({c})",
        "ROI",
        "IRR",
        "payback (months)",
        f"slip cost per month ({c})",
        f"affordable investment ({c})",
    ]
    if sampled:
        headers.append("P(NPV < 0)")
    rows = []
    for sid, res in ev.solutions.items():
        name = res.name + (f" ({res.vendor})" if res.vendor else "")
        # long names are cut to one line on screen (the whole name shows on hover), so the
        # figures stay readable beside them
        shown = f'<span title="{escape(name)}" style="{_ONE_LINE}">{escape(name)}</span>'
        label = _Safe(f"<strong>{shown}</strong> ★" if sid == ours else shown)
        row: list[object] = [
            label,
            _number(res.total_investment),
            _number(res.npv),
            _percent(res.roi),
            _irr(res),
            _number(res.payback_months, digits=1),
            _number(res.slip_cost_per_month),
            _number(res.affordable_investment),
        ]
        if sampled:
            row.append(_percent(res.prob_npv_negative(), digits=1) if res.samples else _MISSING)
        rows.append(row)
    table = _table(headers, rows, numeric=[False] + [True] * (len(headers) - 1))
    notes = "".join(
        _note(f"{key.replace('_', ' ')}: {text}") for key, text in ev.conventions().items()
    )
    star = _note("★ the solution being sold; — where a figure does not exist.") if ours else ""
    several = "".join(
        _note(
            f"* {res.name}: the cash flow changes sign more than once and has several IRRs "
            f"({', '.join(_percent(r, digits=1) for r in res.irr.roots)}); shown is the one "
            "Excel's IRR returns."
        )
        for res in ev.solutions.values()
        if res.irr.status == "multiple_roots" and res.total_investment > 0
    )
    warnings = [i for i in check(vc) if i.severity == "warning"]
    return _box(
        f"Evaluation {vc.diagnosis.id}", "", facts, table, star, several, notes, _findings(warnings)
    )


def render_verdict(verdict: Verdict) -> str:
    """The outcome as a badge, then every test with ok or FAIL."""
    colour = _OUTCOME_COLOUR.get(verdict.outcome, "#555")
    badge = f'<span style="{_BADGE};background:{colour}">{escape(verdict.outcome.upper())}</span>'
    rows = [
        (
            _Safe(
                f'<span style="{_OK}">ok</span>'
                if r.passed
                else f'<span style="{_FAIL}">FAIL</span>'
            ),
            r.message,
            "" if r.passed else f"→ {r.severity}",
        )
        for r in verdict.reasons
    ]
    table = _table(["", "test", ""], rows, numeric=[False, False, False])
    title = _Safe(f"Verdict {badge} for {escape(verdict.solution)}")
    return f'<div class="costdx" style="{_BOX}"><div><strong>{title}</strong></div>{table}</div>'


def register() -> None:
    """Make these views the rich display (``_repr_html_``) of the results they show."""
    _display.register(Diagnosis, render_diagnosis)
    _display.register(Quantification, render_quantification)
    _display.register(Simulation, render_simulation)
    _display.register(ValueCase, render_value_case)
    _display.register(Evaluation, render_evaluation)
    _display.register(Verdict, render_verdict)
