"""The Value case sheet: settings, the comparison, the cost by year and the cash flows.

Conventions are `costdx.value._evaluate`'s: years ``1 … H`` at each year's end, year
0 undiscounted; the benefit of addressing consequence ``c`` in year ``y`` is
``cost_c(y) × fraction × ramp(y) × risk(source_c)``; a one-time consequence is avoided
once, in the year the solution starts (its ramp row is 1 in that year, 0 elsewhere).
The cost in year ``y`` replaces each driver ``d`` that grows by
``d × (1 + g_d)^(y − 1)``, with derived drivers that rest on a grown driver inlined.
"""

from __future__ import annotations

from collections.abc import Callable

from costdx.errors import FormulaError
from costdx.model import MIN_DISCOUNT_RATE, ConsequenceStep, Kind, Source, ValueCase
from costdx.report.excel._cashflows import YEAR0, Years, write_solution
from costdx.report.excel._context import Report
from costdx.report.excel._names import DISCOUNT_RATE, excel_name, growth_name, risk_name
from costdx.report.excel._sheet import Sheet

__all__ = ["SHEET", "write_value_case"]

SHEET = "Value case"
MAX_FORMULA = 8192
"""Excel's limit on the length of a formula."""


def write_value_case(report: Report) -> None:
    """Write the Value case sheet (``report`` must hold a value case and its evaluation)."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet = report.sheets[SHEET]
    st = report.styles
    horizon = vc.horizon_years
    widths = {0: 30, 1: 30, 2: 10}
    widths.update(dict.fromkeys(range(YEAR0, max(YEAR0 + horizon + 2, 13)), 14))
    sheet.widths(widths)
    sheet.text(0, 0, f"Value case over {horizon} year{'s' if horizon != 1 else ''}", st.title)
    sheet.text(
        1, 0,
        "Cash flows at each year's end, year 0 at the decision (undiscounted); benefit = cost "
        "of the consequence in the year × fraction removed × ramp × risk adjustment.",
        st.subtitle,
    )  # fmt: skip
    row = _write_settings(report, sheet, vc, 3)
    comparison_row = row + 1
    row = comparison_row + len(ev.solutions) + 3
    years = Years(report, sheet, horizon)
    row = _write_costs(report, years, row)
    for number, solution in enumerate(vc.solutions, start=1):
        row = write_solution(report, years, number, solution, row + 1)
    _write_comparison(report, sheet, vc, comparison_row)
    sheet.finish(header_row=None)


def _write_settings(report: Report, sheet: Sheet, vc: ValueCase, row: int) -> int:
    st = report.styles
    sheet.text(row, 0, "Settings", st.section)
    sheet.text(row + 1, 0, "Discount rate (a year)", st.text)
    report.add_input(
        sheet, row + 1, 2, kind="discount_rate", key="discount_rate", name=DISCOUNT_RATE,
        value=vc.discount_rate, path=("discount_rate",), low=MIN_DISCOUNT_RATE, high=1.0,
        percent=True,
    )  # fmt: skip
    sheet.text(row + 2, 0, "Horizon (years)", st.text)
    sheet.number(row + 2, 2, float(vc.horizon_years), st.number)
    row += 3
    for source in Source:
        sheet.text(row, 0, f"Risk adjustment: benefits resting on {source.value} inputs", st.text)
        report.add_input(
            sheet, row, 2, kind="risk", key=source.value, name=risk_name(source.value),
            value=vc.risk_adjustment.get(source, 1.0), path=("risk_adjustment", source.value),
            low=0.0, high=1.0, percent=True,
        )  # fmt: skip
        row += 1
    sheet.text(row + 1, 0, "Comparison of solutions", st.section)
    return row + 1


def _growth_renderer(report: Report, year: int) -> Callable[[str], str]:
    plan = report.plan
    grown = {i for i in plan.inputs if plan.drivers[i].growth is not None}
    derived = {s.id: s for s in plan.derived}

    def name_of(ident: str) -> str:
        if ident in derived and plan.derived_inputs[ident] & grown:
            return f"({report.derived_formula(derived[ident], name_of)})"
        name = excel_name(ident)
        if ident in grown and year > 1:
            return f"({name}*(1+{growth_name(ident)})^{year - 1})"
        return name

    return name_of


def _cost_formula(report: Report, step: ConsequenceStep, year: int) -> str:
    plan = report.plan
    grown = {i for i in plan.inputs if plan.drivers[i].growth is not None}
    if step.kind is Kind.ONE_TIME or not step.inputs & grown:
        return report.refs[f"cons.{step.id}"]
    formula = report.to_excel(step.node, _growth_renderer(report, year))
    if len(formula) > MAX_FORMULA:
        raise FormulaError(
            f"consequence {step.id!r}: its cost in year {year} with growth is a formula of "
            f"{len(formula):,} characters, beyond Excel's {MAX_FORMULA:,}"
        )
    return formula


def _write_costs(report: Report, years: Years, row: int) -> int:
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    st, sheet, horizon = report.styles, years.sheet, years.horizon
    sheet.text(row, 0, "Cost of the problem by year (grown drivers grow each year)", st.section)
    years.header(row + 1, ("consequence", "problem", "kind"))
    first = row = row + 2
    for step in report.plan.consequences:
        sheet.text(row, 0, step.id, st.text)
        sheet.text(row, 1, step.problem, st.text)
        sheet.text(row, 2, step.kind.value, st.text)
        active = range(1, horizon + 1) if step.kind is Kind.RECURRING else range(1, 2)
        for year in active:
            value = float(ev.cost_by_year[step.id][year - 1])
            sheet.formula(row, YEAR0 + year, _cost_formula(report, step, year), value, st.money)
            report.refs[f"cost.{step.id}.{year}"] = sheet.ref(row, YEAR0 + year, local=True)
        row += 1
    last = row - 1
    sheet.text(row, 0, "Cost of the problem", st.bold)
    totals = ev.problem_cost_by_year
    for year in range(1, horizon + 1):
        span = sheet.span(first, last, YEAR0 + year, local=True)
        sheet.formula(row, YEAR0 + year, f"SUM({span})", float(totals[year - 1]), st.money_bold)
    years.total(row, ev.problem_cost_nominal, start=1)
    report.refs["value.problem_cost_nominal"] = sheet.ref(row, years.total_col)
    sheet.text(row + 1, 0, "Discounted to the decision", st.text)
    for year in range(1, horizon + 1):
        cell = sheet.ref(row, YEAR0 + year, local=True)
        value = float(totals[year - 1] / (1 + vc.discount_rate) ** year)
        sheet.formula(row + 1, YEAR0 + year, f"{cell}/(1+{DISCOUNT_RATE})^{year}", value, st.money)
    years.total(row + 1, ev.problem_cost_discounted, start=1)
    report.refs["value.problem_cost_discounted"] = sheet.ref(row + 1, years.total_col)
    return row + 2


def _write_comparison(report: Report, sheet: Sheet, vc: ValueCase, row: int) -> None:
    ev = report.evaluation
    assert ev is not None
    st = report.styles
    titles = ("solution", "name", "", "investment", "benefit", "net", "NPV", "ROI", "IRR",
              "payback (months)", "value lost per month of slip *", "affordable investment *",
              "break-even fraction *")  # fmt: skip
    for col, title in enumerate(titles):
        sheet.paragraph(row, col, title, st.header_right if col >= YEAR0 else st.header)
    for offset, (sid, res) in enumerate(ev.solutions.items()):
        r = row + 1 + offset
        sheet.text(r, 0, sid, st.text)
        sheet.text(r, 1, res.name, st.text)
        refs = {k.split(".")[-1]: v for k, v in report.refs.items()
                if k.startswith(f"solution.{sid}.")}  # fmt: skip
        live = (
            ("investment", res.total_investment, st.money),
            ("benefit", res.total_benefit, st.money),
        )
        for col, (key, value, fmt) in enumerate(live, start=YEAR0):
            if key in refs:
                sheet.formula(r, col, refs[key], value, fmt)
            else:
                sheet.number(r, col, value, fmt)
        b, i = sheet.ref(r, YEAR0 + 1, local=True), sheet.ref(r, YEAR0, local=True)
        sheet.formula(r, YEAR0 + 2, f"{b}-{i}", res.total_benefit - res.total_investment, st.money)
        others = (
            ("npv", res.npv, st.money),
            ("roi", res.roi, st.percent),
            ("irr", res.irr.rate, st.percent),
            ("payback", res.payback_months, st.decimal),
        )
        for col, (key, value, fmt) in enumerate(others, start=YEAR0 + 3):
            if key in refs and sid != "do_nothing":
                sheet.formula(r, col, refs[key], value, fmt)
            else:
                sheet.number(r, col, value, fmt)
        written = ((res.slip_cost_per_month, st.money), (res.affordable_investment, st.money),
                   (res.break_even_fraction, st.percent))  # fmt: skip
        for col, (value, fmt) in enumerate(written, start=YEAR0 + 7):
            sheet.number(r, col, value, fmt)
    note_row = row + len(ev.solutions) + 1
    sheet.text(note_row, 0, "* as written: computed by costdx from the inputs at export, not live.",
               st.note)  # fmt: skip
