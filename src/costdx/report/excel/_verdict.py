"""The verdict on the Summary sheet, live: each test of `costdx.qualify` as a row with its
figure, what it needs and whether it passes, and the verdict an ``IF`` over them.

The figures are references to the Value case sheet and the thresholds named cells
(``_vc_target_roi``, ``_vc_target_payback_months``, ``_vc_min_cost_to_price``,
``_vc_min_confirmed_share``), so an edited price or start month moves the verdict with
the NPV. A failed disqualifying test (the problem too small for the price, no break-even
possible) makes it DISQUALIFY; any other failure REWORK; else PURSUE. ROI and payback do
not apply to a solution without investment.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from costdx.report.excel._context import Report
from costdx.report.excel._names import (
    MIN_CONFIRMED_SHARE,
    MIN_COST_TO_PRICE,
    TARGET_PAYBACK,
    TARGET_ROI,
)
from costdx.report.excel._sheet import NOT_AVAILABLE, Sheet, short_name
from costdx.report.excel._value import targets

__all__ = ["write_verdict"]

_FAIL = "FAIL"


class _Test(NamedTuple):
    """One test of the verdict as the Summary shows it."""

    code: str
    label: str
    figure: str
    """The formula of the figure tested."""
    value: float
    fmt: Any
    needed: str
    """The named threshold, or the number it must meet by definition."""
    threshold: float | None
    shown: Any
    """The threshold's format, or its text when it is fixed by definition."""
    op: str
    severity: str


def _formats(report: Report) -> dict[str, Any]:
    def fmt(num_format: str) -> Any:
        return report.workbook.add_format({"font_name": "Calibri", "font_size": 10,
                                           "num_format": num_format, "align": "right",
                                           "valign": "top"})  # fmt: skip

    return {
        "at_least_x": fmt('"≥ "0.0"x"'),
        "at_least_share": fmt('"≥ "0.0%'),
        "at_most_months": fmt('"≤ "0.0" months"'),
        "at_least_share_whole": fmt('"≥ "0%'),
    }


def write_verdict(report: Report, sheet: Sheet, row: int) -> int:
    """Write the verdict and its tests from ``row``; returns the first row after them."""
    ev, verdict = report.evaluation, report.verdict
    assert ev is not None
    assert verdict is not None
    st = report.styles
    res = ev.solutions[verdict.solution]
    sid = verdict.solution
    refs = {k.split(".")[-1]: v for k, v in report.refs.items() if k.startswith(f"solution.{sid}.")}
    formats = _formats(report)
    na = f'"{NOT_AVAILABLE}"'
    invest = refs["investment"]
    problem_pv = report.refs["value.problem_cost_discounted"]
    share = report.refs["summary.confirmed_share"]
    passed = {r.code: r.passed for r in verdict.reasons}
    free = res.total_investment <= 0
    sheet.text(row, 0, "Verdict: does the case meet the targets?", st.section)
    verdict_row = row + 1
    sheet.paragraph(row + 2, 0, "Live: DISQUALIFY when the problem is too small for the price "
                    "or the solution cannot break even; REWORK when another test fails; else "
                    "PURSUE. Targets and the seller's rule are on the Value case sheet.",
                    st.note, span=6)  # fmt: skip
    header = row + 3
    for col, title in enumerate(("test", "", "figure", "needed", "result", "if it fails")):
        sheet.text(header, col, title, st.header if col < 2 else st.header_centre if col > 3
                   else st.header_right)  # fmt: skip
    cost_ratio = (
        ev.problem_cost_discounted / res.investment_pv if res.investment_pv > 0 else float("nan")
    )
    chosen = targets(report)
    tests = (
        _Test("cost_to_price", "Cost of the problem ÷ investment, both discounted",
              f"IF({refs['investment_pv']}>0,{problem_pv}/{refs['investment_pv']},{na})",
              cost_ratio, st.multiple, MIN_COST_TO_PRICE, chosen["min_cost_to_price"],
              formats["at_least_x"], ">=", "disqualify"),
        _Test("can_break_even", "Share of the addressed cost to remove to break even",
              refs["break_even"], res.break_even_fraction, st.percent, "1", 1.0, "≤ 100%", "<=",
              "disqualify"),
        _Test("npv_positive", "NPV at the discount rate", refs["npv"], res.npv, st.money, "0",
              0.0, "≥ 0", ">=", "rework"),
        _Test("roi", "ROI (nominal)", refs["roi"], res.roi, st.percent, TARGET_ROI,
              chosen["min_roi"], formats["at_least_share"], ">=", "rework"),
        _Test("payback", "Payback", refs["payback"], res.payback_months, st.months,
              TARGET_PAYBACK, chosen["max_payback_months"], formats["at_most_months"], "<=",
              "rework"),
        _Test("confirmed_share", "Share of the cost resting on customer-confirmed inputs", share,
              ev.quantification.confirmed_share, st.percent, MIN_CONFIRMED_SHARE,
              chosen["min_confirmed_share"], formats["at_least_share_whole"], ">=", "rework"),
    )  # fmt: skip
    row = header + 1
    statuses: dict[str, str] = {}
    for test in tests:
        if test.code not in passed:
            continue  # a test qualify skipped (min_confirmed_share=None)
        sheet.text(row, 0, test.label, st.text)
        sheet.formula(row, 2, test.figure, test.value, test.fmt)
        here = sheet.ref(row, 2, local=True)
        if test.needed.startswith("_"):  # a named target or rule
            assert test.threshold is not None  # qualify ran this test against it
            sheet.formula(row, 3, test.needed, test.threshold, test.shown)
            goal = sheet.ref(row, 3, local=True)
        else:  # by definition, not a setting: NPV at least 0, at most all of the cost
            sheet.text(row, 3, test.shown, st.number)
            goal = test.needed
        # a figure that is n/a fails, except the price test: nothing to price against passes
        missing = "ok" if test.code == "cost_to_price" else _FAIL
        check = f'IF(ISNUMBER({here}),IF({here}{test.op}{goal},"ok","{_FAIL}"),"{missing}")'
        not_applicable = test.code in ("roi", "payback")
        if not_applicable:
            check = f'IF({invest}<=0,"{NOT_AVAILABLE}",{check})'
        cached = NOT_AVAILABLE if free and not_applicable else "ok" if passed[test.code] else _FAIL
        sheet.formula(row, 4, check, cached, st.status)
        sheet.text(row, 5, test.severity, st.status_note)
        statuses[test.code] = sheet.ref(row, 4, local=True)
        row += 1
    _status_colours(report, sheet, header + 1, row - 1)
    disqualify = ",".join(f'{statuses[c]}="{_FAIL}"' for c in ("cost_to_price", "can_break_even"))
    rework = ",".join(f'{ref}="{_FAIL}"' for code, ref in statuses.items()
                      if code not in ("cost_to_price", "can_break_even"))  # fmt: skip
    formula = f'IF(OR({disqualify}),"DISQUALIFY",IF(OR({rework}),"REWORK","PURSUE"))'
    sheet.height(verdict_row, 19.5)
    sheet.text(verdict_row, 0, f"Verdict on {short_name(res.name)}", st.label)
    sheet.formula(verdict_row, 2, formula, verdict.outcome.upper(), st.verdict)
    return row


def _status_colours(report: Report, sheet: Sheet, first: int, last: int) -> None:
    """Green ok, red FAIL, whatever the figures become."""
    workbook = report.workbook
    for text, colour in (("ok", "#375623"), (_FAIL, "#C00000")):
        sheet.ws.conditional_format(first, 4, last, 4, {
            "type": "cell", "criteria": "==", "value": f'"{text}"',
            "format": workbook.add_format({"font_color": colour, "bold": True}),
        })  # fmt: skip
