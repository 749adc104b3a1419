"""The Problems sheet: one row per consequence with its cost as a live formula.

Each cost is rendered from the typed tree the Python engine evaluates
(`costdx.lang._formula.to_excel` of the compiled step), so it already holds the
unit conversions and the normalisation to a year. Below the consequences come the
grand totals and the subtotal of every problem.
"""

from __future__ import annotations

from costdx.model import Kind
from costdx.report.excel._context import Report, records

__all__ = ["ANNUAL_COL", "CONFIRMED_COL", "ONE_TIME_COL", "SHEET", "SOURCE_COL", "write_problems"]

SHEET = "Problems"
HEADER_ROW = 3
SOURCE_COL = 7
CONFIRMED_COL = 8
ANNUAL_COL = 12
ONE_TIME_COL = 13
_COLUMNS = ("problem", "consequence", "label", "symptoms", "causes", "category", "borne by",
            "weakest source", "confirmed", "kind", "formula", "formula unit", "cost per year",
            "one-time cost")  # fmt: skip
_WRAPPED = (2, 3, 4, 6, 10)
_WIDTHS = {0: 18, 1: 18, 2: 28, 3: 16, 4: 18, 5: 8, 6: 16, 7: 10, 8: 9, 9: 9, 10: 38,
           11: 12, 12: 14, 13: 14, 14: 8}  # fmt: skip


def write_problems(report: Report) -> None:
    """Write the Problems sheet; records each consequence's cost cells in ``report.refs``."""
    sheet = report.sheets[SHEET]
    sheet.widths(_WIDTHS)
    st = report.styles
    case = report.case
    c = report.currency
    sheet.text(0, 0, "Problems and their consequences", st.title)
    sheet.text(
        1, 0,
        f"Costs in {c} are live formulas over the named inputs (sheet Inputs); recurring "
        "costs are normalised to a year by the business calendar.",
        st.subtitle,
    )  # fmt: skip
    for col, title in enumerate(_COLUMNS):
        sheet.paragraph(HEADER_ROW, col, title, st.header_right if col >= ANNUAL_COL else st.header)
    first = row = HEADER_ROW + 1
    values = report.quantification.values
    spans: dict[str, tuple[int, int]] = {}
    for step in report.plan.consequences:
        problem = case.problems[step.index[0]]
        cons = problem.consequences[step.index[1]]
        cells = (problem.id, cons.id, cons.label or cons.id,
                 ", ".join(s.id for s in problem.symptoms), ", ".join(cons.causes),
                 cons.category.value, ", ".join(cons.borne_by), step.source.value,
                 "yes" if step.confirmed else "no", step.kind.value, cons.formula,
                 step.raw_unit)  # fmt: skip
        for col, text in enumerate(cells):
            if col in _WRAPPED:
                sheet.paragraph(row, col, text, st.wrap)
            else:
                sheet.text(row, col, text, st.text)
        col = ANNUAL_COL if step.kind is Kind.RECURRING else ONE_TIME_COL
        sheet.formula(row, col, report.to_excel(step.node), values[step.id], st.money)
        report.refs[f"cons.{step.id}"] = sheet.ref(row, col)
        report.rows[f"cons.{step.id}"] = row
        low, _ = spans.get(step.problem, (row, row))
        spans[step.problem] = (low, row)
        row += 1
    last = row - 1
    report.rows["problems.first"], report.rows["problems.last"] = first, last
    q = report.quantification
    sheet.text(row, 0, "Total", st.bold)
    for col, value in ((ANNUAL_COL, q.annual_cost), (ONE_TIME_COL, q.one_time_cost)):
        span = sheet.span(first, last, col, local=True)
        sheet.formula(row, col, f"SUM({span})", value, st.money_bold)
    report.refs["problems.annual_total"] = sheet.ref(row, ANNUAL_COL)
    report.refs["problems.one_time_total"] = sheet.ref(row, ONE_TIME_COL)
    _write_subtotals(report, row + 2, spans)
    sheet.finish(header_row=HEADER_ROW)


def _write_subtotals(report: Report, row: int, spans: dict[str, tuple[int, int]]) -> None:
    sheet = report.sheets[SHEET]
    st = report.styles
    sheet.text(row, 0, "Subtotals by problem", st.section)
    row += 1
    heads = {0: "problem", 2: "problem title", 6: "owner", ANNUAL_COL: "cost per year",
             ONE_TIME_COL: "one-time cost", ONE_TIME_COL + 1: "share"}  # fmt: skip
    for col, title in heads.items():
        sheet.paragraph(row, col, title, st.header_right if col >= ANNUAL_COL else st.header)
    row += 1
    frame = records(report.quantification.by_problem())
    total = report.refs["problems.annual_total"].split("!")[1]
    for problem in report.case.problems:
        figures = frame[problem.id]
        sheet.text(row, 0, problem.id, st.text)
        sheet.paragraph(row, 2, problem.title, st.wrap)
        sheet.text(row, 6, problem.owner or "", st.text)
        low, high = spans[problem.id]
        for col, key in ((ANNUAL_COL, "annual_cost"), (ONE_TIME_COL, "one_time_cost")):
            span = sheet.span(low, high, col, local=True)
            sheet.formula(row, col, f"SUM({span})", float(figures[key]), st.money)
            report.refs[f"problem.{key}.{problem.id}"] = sheet.ref(row, col)
        share = sheet.ref(row, ANNUAL_COL, local=True)
        sheet.formula(
            row, ONE_TIME_COL + 1, f"IF({total}=0,0,{share}/{total})", float(figures["share"]),
            st.percent,
        )  # fmt: skip
        report.refs[f"problem.share.{problem.id}"] = sheet.ref(row, ONE_TIME_COL + 1)
        row += 1
