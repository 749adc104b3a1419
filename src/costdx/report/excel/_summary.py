"""The Summary sheet: the headline figures as live formulas, the verdict, and a chart."""

from __future__ import annotations

from costdx.report.excel import _problems
from costdx.report.excel._context import Report, records
from costdx.report.excel._names import calendar_name
from costdx.report.excel._sheet import Sheet

__all__ = ["SHEET", "write_summary"]

SHEET = "Summary"
_BIG_ROW = 19.5
"""Height of the rows of the big headline figures (points)."""


def write_summary(report: Report) -> None:
    """Write the Summary sheet; the other sheets must be written first (it points at them)."""
    sheet = report.sheets[SHEET]
    sheet.widths({0: 44, 1: 14, 2: 20, 3: 14})
    st = report.styles
    case = report.case
    q = report.quantification
    account = case.account
    title = case.title or case.id
    sheet.ws.merge_range(0, 0, 0, 3, "", st.headline)
    sheet.text(0, 0, title, st.headline)
    sheet.ws.set_row(0, 21.0 * min(4, 1 + len(title) // 70))
    sheet.text(1, 0, " · ".join(x for x in (account.name, account.industry) if x), st.subtitle)
    basis = "Discover-phase assumptions" if q.basis == "assumed" else "diagnosed values"
    scenario = f", scenario {q.scenario.name}" if q.scenario is not None else ""
    sheet.text(2, 0, f"On the {basis}{scenario}. Figures are live: change a blue input on the "
               "Inputs sheet and they move.", st.note)  # fmt: skip
    sheet.text(4, 0, "The cost of the problem", st.section)
    total = report.refs["problems.annual_total"]
    problems = report.sheets[_problems.SHEET]
    first, last = report.rows["problems.first"], report.rows["problems.last"]
    confirmed = problems.span(first, last, _problems.CONFIRMED_COL)
    annual = problems.span(first, last, _problems.ANNUAL_COL)
    headline = (
        ("Cost of the problem per year", total, q.annual_cost, st.money_big),
        ("Cost of delay per month", f"{total}/{calendar_name('months_per_year')}",
         q.cost_of_delay("month"), st.money_big),
        ("One-time costs", report.refs["problems.one_time_total"], q.one_time_cost, st.money_big),
        ("Share resting on customer-confirmed inputs",
         f'IF({total}=0,0,SUMIF({confirmed},"yes",{annual})/{total})', q.confirmed_share,
         st.percent_big),
    )  # fmt: skip
    row = 5
    for label, formula, value, fmt in headline:
        sheet.ws.set_row(row, _BIG_ROW)
        sheet.text(row, 0, label, st.label)
        sheet.formula(row, 2, formula, value, fmt)
        report.refs[f"summary.{label}"] = sheet.ref(row, 2)
        row += 1
    if report.value_case is not None:
        row = _write_value(report, sheet, row + 1)
    _write_by_problem(report, sheet, row + 1)
    sheet.finish(header_row=None, landscape=False)


def _write_value(report: Report, sheet: Sheet, row: int) -> int:
    vc, ev, verdict = report.value_case, report.evaluation, report.verdict
    assert vc is not None
    assert ev is not None
    st = report.styles
    ours = ev.ours
    years = f"{vc.horizon_years} year{'s' if vc.horizon_years != 1 else ''}"
    title = f"Value case: {ours.name}" if ours else "Value case: no solution to judge"
    sheet.text(row, 0, title, st.section)
    row += 1
    horizon = (
        (f"Cost of the problem over {years}", "value.problem_cost_nominal",
         ev.problem_cost_nominal),
        ("… discounted to the decision", "value.problem_cost_discounted",
         ev.problem_cost_discounted),
    )  # fmt: skip
    for label, key, value in horizon:
        sheet.ws.set_row(row, _BIG_ROW)
        sheet.text(row, 0, label, st.label)
        sheet.formula(row, 2, report.refs[key], value, st.money_big)
        row += 1
    risk = (
        f"Benefits risk-adjusted by source: {ev.conventions()['risk_adjustment']} (inputs on "
        "the Value case sheet)."
        if vc.risk_adjustment
        else "Benefits are not risk-adjusted."
    )
    sheet.text(row, 0, risk, st.note)
    row += 1
    if ours is None:
        return row
    irr_label = "IRR" if ours.irr.status != "multiple_roots" else "IRR (one of several roots)"
    figures = (
        (f"NPV over {years}", "npv", ours.npv, st.money_big),
        ("ROI", "roi", ours.roi, st.percent_big),
        (irr_label, "irr", ours.irr.rate, st.percent_big),
        ("Payback", "payback", ours.payback_months, st.months),
    )
    for label, key, value, fmt in figures:
        sheet.ws.set_row(row, _BIG_ROW)
        sheet.text(row, 0, label, st.label)
        sheet.formula(row, 2, report.refs[f"solution.{ours.id}.{key}"], value, fmt)
        row += 1
    written = (
        ("Value lost per month the start slips (as written)", ours.slip_cost_per_month),
        ("Affordable investment (as written)", ours.affordable_investment),
    )
    for label, value in written:
        sheet.ws.set_row(row, _BIG_ROW)
        sheet.text(row, 0, label, st.label)
        sheet.number(row, 2, value, st.money_big)
        row += 1
    if verdict is not None:
        sheet.ws.set_row(row, _BIG_ROW)
        sheet.text(row, 0, "Verdict (as written)", st.label)
        sheet.text(row, 2, verdict.outcome.upper(), st.verdict)
        row += 1
        for reason in verdict.reasons:
            sheet.text(row, 0, f"[{'ok' if reason.passed else 'FAIL'}] {reason.message}", st.note)
            row += 1
    return row


def _write_by_problem(report: Report, sheet: Sheet, row: int) -> None:
    st = report.styles
    frame = records(report.quantification.by_problem())
    sheet.text(row, 0, "Cost by problem", st.section)
    row += 1
    for col, title in enumerate(("problem", "", "cost per year", "one-time cost")):
        sheet.paragraph(row, col, title, st.header_right if col >= 2 else st.header)
    first = row + 1
    for problem in report.case.problems:
        row += 1
        figures = frame[problem.id]
        sheet.text(row, 0, problem.title, st.text)
        sheet.formula(row, 2, report.refs[f"problem.annual_cost.{problem.id}"],
                      float(figures["annual_cost"]), st.money)  # fmt: skip
        sheet.formula(row, 3, report.refs[f"problem.one_time_cost.{problem.id}"],
                      float(figures["one_time_cost"]), st.money)  # fmt: skip
    chart = report.workbook.add_chart({"type": "bar"})
    chart.add_series({
        "name": "Cost per year",
        "categories": [sheet.name, first, 0, row, 0],
        "values": [sheet.name, first, 2, row, 2],
        "fill": {"color": "#2F5597"},
        "data_labels": {"value": True, "num_format": "#,##0"},
    })  # fmt: skip
    chart.set_title({"name": f"Cost per year by problem ({report.currency})",
                     "name_font": {"size": 11}})  # fmt: skip
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": True,
                      "line": {"color": "#D9D9D9"}}})  # fmt: skip
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 720, "height": min(80 + 40 * len(report.case.problems), 1600)})
    sheet.ws.insert_chart(row + 2, 0, chart)
