"""The Summary sheet: page one of the report.

Every figure on it is a live formula over the inputs (the cost of the problem, the
cost of delay per month, the value case's figures, the verdict and each of its
tests), except the simulated range, which sits under a grey heading that says it was
computed at export. A warning line, itself live, says when inputs are still zero. The
cost by problem and its chart follow on page two.
"""

from __future__ import annotations

from costdx.model import Source
from costdx.report.excel import _inputs, _problems
from costdx.report.excel._context import Report, records
from costdx.report.excel._names import DISCOUNT_RATE, calendar_name, risk_name
from costdx.report.excel._sheet import Sheet, short_name
from costdx.report.excel._uncertainty import write_range
from costdx.report.excel._verdict import write_verdict

__all__ = ["SHEET", "write_summary"]

SHEET = "Summary"
_BIG_ROW = 17.0
"""Height of the rows of the big headline figures (points)."""
_COLUMNS = 6


def write_summary(report: Report) -> None:
    """Write the Summary sheet; the other sheets must be written first (it points at them)."""
    sheet = report.sheets[SHEET]
    sheet.widths({0: 40, 1: 14, 2: 17, 3: 14, 4: 14, 5: 11})
    st = report.styles
    case = report.case
    q = report.quantification
    account = case.account
    title = case.title or case.id
    sheet.paragraph(0, 0, title, st.headline, span=_COLUMNS)
    sheet.height(0, 21.0 * min(4, 1 + len(title) // 75))
    sheet.text(1, 0, " · ".join(x for x in (account.name, account.industry) if x), st.subtitle)
    basis = "Discover-phase assumptions" if q.basis == "assumed" else "diagnosed values"
    scenario = f", scenario {q.scenario.name}" if q.scenario is not None else ""
    sheet.paragraph(2, 0, f"On the {basis}{scenario}. Black figures are live formulas over the "
                    "blue inputs (sheets Inputs and Value case): change one and they move. "
                    "Figures under a grey heading were computed at export and do not move.",
                    st.note, span=_COLUMNS)  # fmt: skip
    _warning(report, sheet, 3)
    row = _write_cost(report, sheet, 4)
    if report.simulation is not None:
        row = write_range(report, sheet, row + 1) - 1
    if report.value_case is not None:
        row = _write_value(report, sheet, row + 1)
        if report.verdict is not None:
            row = write_verdict(report, sheet, row + 1)
    sheet.breaks.append(row + 1)
    _write_by_problem(report, sheet, row + 1)


def _warning(report: Report, sheet: Sheet, row: int) -> None:
    """A live warning when the cost is zero or inputs are still zero (a template's blanks)."""
    st = report.styles
    total = report.refs["problems.annual_total"]
    q = report.quantification
    inputs = report.sheets[_inputs.SHEET]
    first, last = report.rows["inputs.first"], report.rows["inputs.last"]
    zeros = sum(1 for d in report.case.drivers if not d.derived and q.values[d.id] == 0)
    empty = "The cost of the problem is 0: fill in the inputs on the Inputs sheet before using it."
    if last >= first:
        cells = inputs.span(first, last, _inputs.VALUE_COL)
        count = f"COUNTIF({cells},0)"
        zero = (
            " input(s) on the Inputs sheet are 0: check each is measured, not a blank left to "
            "fill in."
        )
        formula = f'IF({total}<=0,"{empty}",IF({count}>0,{count}&"{zero}",""))'
        cached = (
            empty
            if q.annual_cost <= 0
            else (
                f"{zeros} input(s) on the Inputs sheet are 0: check each is measured, not a blank "
                "left to fill in."
                if zeros
                else ""
            )
        )
    else:
        formula = f'IF({total}<=0,"{empty}","")'
        cached = empty if q.annual_cost <= 0 else ""
    sheet.ws.merge_range(row, 0, row, _COLUMNS - 1, "", st.warning)
    sheet.formula(row, 0, formula, cached, st.warning)


def _big(
    report: Report, sheet: Sheet, row: int, label: str, *, formula: str, value: float,
    fmt: object, key: str | None = None,
) -> None:  # fmt: skip
    sheet.height(row, _BIG_ROW)
    sheet.text(row, 0, label, report.styles.label)
    sheet.formula(row, 2, formula, value, fmt)
    if key is not None:
        report.refs[key] = sheet.ref(row, 2)


def _explain(report: Report, sheet: Sheet, row: int, text: str) -> None:
    sheet.paragraph(row, 0, text, report.styles.note, span=_COLUMNS)


def _write_cost(report: Report, sheet: Sheet, row: int) -> int:
    st = report.styles
    q = report.quantification
    sheet.text(row, 0, "The cost of the problem", st.section)
    total = report.refs["problems.annual_total"]
    problems = report.sheets[_problems.SHEET]
    first, last = report.rows["problems.first"], report.rows["problems.last"]
    confirmed = problems.span(first, last, _problems.CONFIRMED_COL)
    annual = problems.span(first, last, _problems.ANNUAL_COL)
    months = calendar_name("months_per_year")
    row += 1
    _big(report, sheet, row, "Cost of the problem per year", formula=total,
         value=q.annual_cost, fmt=st.money_big)  # fmt: skip
    _big(report, sheet, row + 1, "Cost of delay per month", formula=f"{total}/{months}",
         value=q.cost_of_delay("month"), fmt=st.money_big)  # fmt: skip
    _explain(report, sheet, row + 2, "What each month of doing nothing costs: the cost of the "
             "problem per year ÷ the months of the business calendar.")  # fmt: skip
    _big(report, sheet, row + 3, "One-time costs", formula=report.refs["problems.one_time_total"],
         value=q.one_time_cost, fmt=st.money_big)  # fmt: skip
    _big(report, sheet, row + 4, "Share resting on customer-confirmed inputs",
         formula=f'IF({total}=0,0,SUMIF({confirmed},"yes",{annual})/{total})',
         value=q.confirmed_share, fmt=st.percent_big, key="summary.confirmed_share")  # fmt: skip
    return row + 5


def _write_value(report: Report, sheet: Sheet, row: int) -> int:
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    st = report.styles
    ours = ev.ours
    years = f"{vc.horizon_years} year{'s' if vc.horizon_years != 1 else ''}"
    title = f"Value case: {ours.name}" if ours else "Value case: no solution to judge"
    sheet.paragraph(row, 0, title, st.section, span=_COLUMNS)
    row += 1
    _big(report, sheet, row, f"Cost of the problem over {years}, nominal",
         formula=report.refs["value.problem_cost_nominal"], value=ev.problem_cost_nominal,
         fmt=st.money_big)  # fmt: skip
    _big(report, sheet, row + 1, "… discounted to the decision",
         formula=report.refs["value.problem_cost_discounted"],
         value=ev.problem_cost_discounted, fmt=st.money_big)  # fmt: skip
    sheet.formula(row + 1, 3, DISCOUNT_RATE, vc.discount_rate, st.rate_label)
    row = _write_risk(report, sheet, row + 2)
    if ours is None:
        return row
    refs = {k.split(".")[-1]: v for k, v in report.refs.items()
            if k.startswith(f"solution.{ours.id}.")}  # fmt: skip
    irr_label = "IRR" if ours.irr.status != "multiple_roots" else "IRR (one of several roots)"
    figures = (
        (f"Investment over {years}, nominal", "investment", ours.total_investment,
         st.money_big, None),
        ("… discounted to the decision", "investment_pv", ours.investment_pv, st.money_big,
         None),
        (f"NPV over {years}", "npv", ours.npv, st.money_big, None),
        (f"ROI over {years}, nominal", "roi", ours.roi, st.percent_big, None),
        (irr_label, "irr", ours.irr.rate, st.percent_big, None),
        ("Payback", "payback", ours.payback_months, st.months_big,
         "The month in which cumulative net cash turns positive, from the monthly timeline."),
        ("Slip cost per month", "slip", ours.slip_cost_per_month, st.money_big,
         f"The present value of the benefit {short_name(ours.name)} loses if its start slips "
         "one month; not the cost of delay above."),
        ("Affordable investment, up front", "affordable", ours.affordable_investment,
         st.money_big, "The most that could be paid at the decision, in place of the "
         "investment above, and still meet NPV ≥ 0 and the customer's targets."),
        ("Break-even fraction", "break_even", ours.break_even_fraction, st.percent_big,
         "The share of the addressed cost the solution must remove for NPV = 0."),
    )  # fmt: skip
    for label, key, value, fmt, explanation in figures:
        _big(report, sheet, row, label, formula=refs[key], value=value, fmt=fmt)
        if key == "npv":
            sheet.formula(row, 3, DISCOUNT_RATE, vc.discount_rate, st.rate_label)
        row += 1
        if explanation:
            _explain(report, sheet, row, explanation)
            row += 1
    return row


def _write_risk(report: Report, sheet: Sheet, row: int) -> int:
    """The risk adjustment of benefits by source, one live cell per source."""
    vc = report.value_case
    assert vc is not None
    st = report.styles
    sheet.text(row, 0, "Benefits counted, by the source they rest on", st.text)
    for col, source in enumerate(Source, start=1):
        fmt = report.workbook.add_format({"font_name": "Calibri", "font_size": 10,
                                          "num_format": f'"{source.value} "0%',
                                          "align": "right"})  # fmt: skip
        sheet.formula(row, col, risk_name(source.value), vc.risk_adjustment.get(source, 1.0), fmt)
    return row + 1


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
    q = report.quantification
    sheet.text(row + 1, 0, "Total", st.bold)
    for col, value in ((2, q.annual_cost), (3, q.one_time_cost)):
        sheet.formula(row + 1, col, f"SUM({sheet.span(first, row, col, local=True)})", value,
                      st.money_bold)  # fmt: skip
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
    grid = {"visible": True, "line": {"color": "#D9D9D9"}}
    plain = {"size": 9, "bold": False}
    chart.set_x_axis({"name": f"Cost per year ({report.currency})", "num_format": "#,##0",
                      "name_font": plain, "major_gridlines": grid})  # fmt: skip
    chart.set_y_axis({"reverse": True, "name": "Problem", "name_font": plain})
    sheet.chart(row + 3, 0, chart, 720, min(100 + 40 * len(report.case.problems), 1600))
