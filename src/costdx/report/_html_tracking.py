"""The HTML view of value realised (`costdx.Realisation`), for Jupyter's rich display.

The headline figures to date, each consequence with its status, its variance and the
rate and timing parts of it, the outlook and the re-forecast, then the conventions and
any warnings; built from the same parts as the other views (`costdx.report._html`).
"""

from __future__ import annotations

import math
from html import escape

from costdx import _display
from costdx.report._html import (
    _BADGE,
    _MISSING,
    _box,
    _facts,
    _findings,
    _heading,
    _money,
    _note,
    _number,
    _percent,
    _Safe,
    _table,
)
from costdx.value import Realisation

__all__ = ["STATUS_COLOURS", "register", "render_realisation"]

STATUS_COLOURS = {
    "ahead": "#1a7f37",
    "on_track": "#1a7f37",
    "behind": "#c62828",
    "insufficient_data": "#6e7781",
}
"""The badge colour of each status (green, red, grey); the word is always written too."""


_WORDS = {"insufficient_data": "no data yet"}
"""A status as the badge says it, where the code's name reads less well."""


def _badge(status: str) -> _Safe:
    colour = STATUS_COLOURS.get(status, "#555")
    word = escape(_WORDS.get(status, status.replace("_", " ")))
    style = f"{_BADGE};background:{colour};font-weight:600;white-space:nowrap"
    return _Safe(f'<span style="{style}">{word}</span>')


def render_realisation(result: Realisation) -> str:
    """Realised against promised to date, by consequence, with the outlook."""
    c = result.currency
    goal = result.evaluation.solutions[result.solution]
    share = result.share_realised
    facts = [
        ("Tracked", f"{result.go_live} to {result.as_of} ({result.months_tracked} months)"),
        ("Realised to date", _money(result.realised_to_date, c)),
        ("Promised to date, lines with data", _money(result.promised_with_data, c)),
        ("Share of the promise realised", _percent(share) if math.isfinite(share) else _MISSING),
    ]
    without = result.promised_to_date - result.promised_with_data
    if without:
        facts.append(("Promised to date, lines without data (not counted)", _money(without, c)))
    view = result.outlook
    facts.append(("NPV as it now stands (promised)",
                  f"{_money(view.npv, c)} ({_money(goal.npv, c)})"))  # fmt: skip
    if math.isfinite(goal.payback_months) and math.isfinite(view.payback_months):
        facts.append(("Payback as it now stands (promised)",
                      f"{view.payback_months:.1f} months ({goal.payback_months:.1f})"))  # fmt: skip
    rf = result.reforecast
    if rf is not None:
        chances = rf.prob_met()
        for figure, name in (("npv", "NPV"), ("roi", "ROI"), ("payback_months", "payback")):
            if figure in chances:
                facts.append((f"P(promised {name} met)",
                              f"{_percent(chances[figure])} (at signing "
                              f"{_percent(rf.at_signing[figure])})"))  # fmt: skip
    per = result.by_consequence() if result.months_tracked else None
    parts = [_facts(facts)]
    if per is not None:
        rows = [
            (
                row["label"],
                _badge(str(row["status"])),
                _number(row["promised_with_data"]) if row["months_with_data"] else _MISSING,
                _number(row["realised"]) if row["months_with_data"] else _MISSING,
                _number(row["variance"]) if row["months_with_data"] else _MISSING,
                _number(row["rate"]) if row["months_with_data"] else _MISSING,
                _number(row["timing"]) if row["months_with_data"] else _MISSING,
                _percent(row["share_realised"]) if math.isfinite(row["share_realised"])
                else _MISSING,
                f"{int(row['months_late'])}" if row["months_with_data"] else _MISSING,
            )
            for _, row in per.iterrows()
        ]  # fmt: skip
        headers = ["line", "status", f"promised, months with data ({c})", f"realised ({c})",
                   f"variance ({c})",
                   "rate", "timing", "realised share", "months late"]  # fmt: skip
        parts += [_heading("By line, to date"),
                  _table(headers, rows, numeric=[False, False] + [True] * 7)]  # fmt: skip
    if rf is not None:
        parts.append(_note(f"Re-forecast: {rf.n:,} draws, seed {rf.seed}; a promised figure is "
                           f"met within {rf.tolerance:.0%} of it."))  # fmt: skip
    parts += [_note(f"{key.replace('_', ' ')}: {text}") for key, text in
              result.conventions().items()]  # fmt: skip
    if result.issues:
        parts.append(_findings(result.issues))
    return _box(f"Value realised: {result.evaluation.solutions[result.solution].name}",
                f"{result.tracking.value_case.diagnosis.account.name}", *parts)  # fmt: skip


def register() -> None:
    """Make `render_realisation` the rich display of a `Realisation`."""
    _display.register(Realisation, render_realisation)
