"""The Value case sheet: settings and targets, the cost of the problem by year, and each
solution's deal (inputs) and yearly cash flows; and the Comparison sheet beside it.

Conventions are `costdx.value`'s: a monthly timeline (sheets Timeline 1, 2 …) summed
into years ``1 … H``, each discounted as at its end, year 0 at the decision and not
discounted. One header row of years (numbers, so a discount factor is
``(1+_vc_discount_rate)^`` that header cell) serves every table on the sheet and stays
in view. The cost in year ``y`` replaces each driver ``d`` that grows by
``d × (1 + g_d)^(y − 1)``, with derived drivers that rest on a grown driver inlined.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from costdx.errors import FormulaError
from costdx.model import MIN_DISCOUNT_RATE, ConsequenceStep, Kind, Source, ValueCase
from costdx.report.excel import _cashflows
from costdx.report.excel._cashflows import YEAR0, Years
from costdx.report.excel._context import Report
from costdx.report.excel._names import (
    DISCOUNT_RATE,
    MIN_CONFIRMED_SHARE,
    MIN_COST_TO_PRICE,
    TARGET_PAYBACK,
    TARGET_ROI,
    excel_name,
    growth_name,
    risk_name,
)
from costdx.report.excel._sheet import NOT_AVAILABLE, Sheet, short_name
from costdx.value import SolutionResult

__all__ = ["COMPARISON", "SHEET", "write_comparison", "write_value_case"]

SHEET = "Value case"
COMPARISON = "Comparison"
MAX_FORMULA = 8192
"""Excel's limit on the length of a formula."""
DEFAULT_TARGETS = {"min_roi": 1.0, "max_payback_months": 24.0}
"""`costdx.qualify`'s targets when the case sets none."""


def write_value_case(report: Report) -> None:
    """Write the Value case sheet (``report`` must hold a value case and its evaluation)."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet = report.sheets[SHEET]
    st = report.styles
    horizon = vc.horizon_years
    years = Years(report, sheet, horizon)
    widths = {0: 36, 1: 26, 2: 14}
    widths.update(dict.fromkeys(range(YEAR0, years.total_col + 1), 13))
    sheet.widths(widths)
    sheet.text(0, 0, f"Value case over {horizon} year{'s' if horizon != 1 else ''}", st.title)
    sheet.paragraph(1, 0, "Blue cells are inputs: the deal (start month, fractions removed, "
                    "ramp, investment amounts), the discount rate, the risk adjustments and "
                    "the customer's targets. Each year is the sum of its months on the "
                    "solution's Timeline sheet; cash flows at each year's end, year 0 at the "
                    "decision, undiscounted.", st.note, span=years.total_col + 1)  # fmt: skip
    years.header(_cashflows.HEADER_ROW, ("line", "item", "input"))
    row = _write_settings(report, sheet, vc, _cashflows.HEADER_ROW + 1)
    row = _write_targets(report, sheet, row + 1)
    row = _write_costs(report, years, row + 1)
    for number, solution in enumerate(vc.solutions, start=1):
        sheet.breaks.append(row + 1)
        row = _cashflows.write_solution(report, years, number, solution, row + 1)
    sheet.long_table(_cashflows.HEADER_ROW, columns=2)


def _write_settings(report: Report, sheet: Sheet, vc: ValueCase, row: int) -> int:
    st = report.styles
    sheet.text(row, 0, "Settings", st.section)
    sheet.text(row + 1, 0, "Discount rate (a year)", st.text)
    report.add_input(
        sheet, row + 1, 2, kind="discount_rate", key="discount_rate", name=DISCOUNT_RATE,
        value=vc.discount_rate, path=("discount_rate",), low=MIN_DISCOUNT_RATE, high=1.0,
        percent=True,
    )  # fmt: skip
    sheet.text(row + 2, 0, "Horizon (one column a year)", st.text)
    sheet.number(row + 2, 2, float(vc.horizon_years), st.count)
    sheet.text(row + 2, 1, "years; fixed at export", st.note)
    row += 3
    for source in Source:
        sheet.text(row, 0, f"Risk adjustment: benefits resting on {source.value} inputs", st.text)
        report.add_input(
            sheet, row, 2, kind="risk", key=source.value, name=risk_name(source.value),
            value=vc.risk_adjustment.get(source, 1.0), path=("risk_adjustment", source.value),
            low=0.0, high=1.0, percent=True,
        )  # fmt: skip
        row += 1
    return row


def targets(report: Report) -> dict[str, float | None]:
    """What the verdict is judged against: the verdict's own thresholds, else the case's
    targets, else `costdx.qualify`'s defaults."""
    vc = report.value_case
    assert vc is not None
    if report.verdict is not None and report.verdict.thresholds:
        return dict(report.verdict.thresholds)
    return {
        "min_cost_to_price": 3.0,
        "min_roi": vc.target_roi if vc.target_roi is not None else DEFAULT_TARGETS["min_roi"],
        "max_payback_months": vc.target_payback_months
        if vc.target_payback_months is not None
        else DEFAULT_TARGETS["max_payback_months"],
        "min_confirmed_share": 0.5,
    }


def _write_targets(report: Report, sheet: Sheet, row: int) -> int:
    """The customer's targets (inputs where the case sets them) and the seller's rule
    (set when the report is written), each a named cell the verdict reads."""
    vc = report.value_case
    assert vc is not None
    st = report.styles
    chosen = targets(report)
    sheet.text(row, 0, "Targets", st.section)
    row += 1
    customer = (
        ("Target ROI (the customer's)", "min_roi", TARGET_ROI, "target_roi", vc.target_roi,
         st.input_percent, st.percent, -1.0, None),
        ("Target payback (the customer's)", "max_payback_months", TARGET_PAYBACK,
         "target_payback_months", vc.target_payback_months, st.input_months, st.months, 0.0,
         None),
    )  # fmt: skip
    for label, key, name, field, own, input_fmt, fmt, low, high in customer:
        value = chosen[key]
        sheet.text(row, 0, label, st.text)
        if value is not None and own == value:
            report.add_input(
                sheet, row, 2, kind="target", key=field, name=name, value=value,
                path=(field,), low=low, high=high, open_low=True, fmt=input_fmt,
            )  # fmt: skip
        else:
            shown = value if value is not None else float("nan")
            sheet.number(row, 2, shown, fmt)
            report.define(name, sheet, row, 2)
            why = "costdx's default" if own is None else "given to qualify"
            sheet.text(row, 1, f"{why}; set at export", st.note)
        row += 1
    seller = (
        ("Cost of the problem ÷ investment, at least", "min_cost_to_price", MIN_COST_TO_PRICE,
         st.multiple, "seller's rule; set at export"),
        ("Share resting on confirmed inputs, at least", "min_confirmed_share",
         MIN_CONFIRMED_SHARE, st.percent, "seller's rule; set at export"),
    )  # fmt: skip
    for label, key, name, fmt, note in seller:
        value = chosen[key]
        sheet.text(row, 0, label, st.text)
        sheet.text(row, 1, note, st.note)
        sheet.number(row, 2, value if value is not None else float("nan"), fmt)
        report.define(name, sheet, row, 2)
        row += 1
    return row


def _grown(report: Report) -> frozenset[str]:
    """The input drivers that grow from year to year."""
    plan = report.plan
    return frozenset(i for i in plan.inputs if plan.drivers[i].growth is not None)


def _growth_renderer(
    report: Report, grown: frozenset[str], year: int, header: str
) -> Callable[[str], str]:
    """Driver names for year ``year``: a grown driver ``d`` becomes
    ``d*(1+_g_d)^(Y-1)`` with ``Y`` the year's header cell."""
    plan = report.plan
    derived = {s.id: s for s in plan.derived}

    def name_of(ident: str) -> str:
        if ident in derived and plan.derived_inputs[ident] & grown:
            return f"({report.derived_formula(derived[ident], name_of)})"
        name = excel_name(ident)
        if ident in grown and year > 1:
            return f"({name}*(1+{growth_name(ident)})^({header}-1))"
        return name

    return name_of


def _cost_formula(
    report: Report, years: Years, step: ConsequenceStep, year: int, grown: frozenset[str]
) -> str:
    if step.kind is Kind.ONE_TIME or not step.inputs & grown:
        return report.refs[f"cons.{step.id}"]
    renderer = _growth_renderer(report, grown, year, years.year_number(year))
    formula = report.to_excel(step.node, renderer)
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
    grown = _grown(report)
    first = row = row + 1
    for step in report.plan.consequences:
        sheet.text(row, 0, step.id, st.text)
        sheet.text(row, 1, f"{step.problem}; {step.kind.value.replace('_', '-')}", st.note)
        active = range(1, horizon + 1) if step.kind is Kind.RECURRING else range(1, 2)
        for year in active:
            value = float(ev.cost_by_year[step.id][year - 1])
            formula = _cost_formula(report, years, step, year, grown)
            sheet.formula(row, YEAR0 + year, formula, value, st.money)
            report.refs[f"cost.{step.id}.{year}"] = sheet.ref(row, YEAR0 + year)
        row += 1
    last = row - 1
    sheet.text(row, 0, "Cost of the problem, nominal", st.bold)
    totals = ev.problem_cost_by_year
    for year in range(1, horizon + 1):
        span = sheet.span(first, last, YEAR0 + year, local=True)
        sheet.formula(row, YEAR0 + year, f"SUM({span})", float(totals[year - 1]), st.money_bold)
    years.total(row, ev.problem_cost_nominal, start=1)
    report.refs["value.problem_cost_nominal"] = sheet.ref(row, years.total_col)
    sheet.text(row + 1, 0, "Cost of the problem, discounted to the decision", st.text)
    for year in range(1, horizon + 1):
        value = float(totals[year - 1] / (1 + vc.discount_rate) ** year)
        sheet.formula(row + 1, YEAR0 + year, years.discounted(years.cell(row, year), year), value,
                      st.money)  # fmt: skip
    years.total(row + 1, ev.problem_cost_discounted, start=1)
    report.refs["value.problem_cost_discounted"] = sheet.ref(row + 1, years.total_col)
    return row + 2


_COMPARED = (
    ("Investment over the horizon, nominal", "investment", "money"),
    ("Investment, discounted to the decision", "investment_pv", "money"),
    ("Benefit over the horizon, nominal", "benefit", "money"),
    ("Benefit, discounted to the decision", "benefit_pv", "money"),
    ("NPV (net cash flow, discounted)", "npv", "money"),
    ("ROI (nominal)", "roi", "percent"),
    ("IRR", "irr", "percent"),
    ("Payback", "payback", "months"),
    ("Slip cost per month", "slip", "money"),
    ("Affordable investment, up front", "affordable", "money"),
    ("Break-even fraction", "break_even", "percent"),
    ("Cost of the problem that remains, discounted", "remaining", "money"),
)


def write_comparison(report: Report) -> None:
    """The solutions side by side, do nothing first: every figure a live reference to
    the Value case sheet (do nothing's are zero or n/a by definition)."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet = report.sheets[COMPARISON]
    st = report.styles
    solutions = list(ev.solutions.items())
    sheet.widths({0: 42, **dict.fromkeys(range(1, len(solutions) + 1), 18)})
    sheet.text(0, 0, "Comparison of the alternatives", st.title)
    sheet.text(1, 0, f"Over {vc.horizon_years} years; live figures from the Value case sheet. "
               "Doing nothing invests and gains nothing: the whole cost of the problem "
               "remains.", st.subtitle)  # fmt: skip
    header = 3
    sheet.text(header, 0, "", st.header)
    for col, (_, res) in enumerate(solutions, start=1):
        sheet.paragraph(header, col, short_name(res.name), st.header_right)
    formats = {"money": st.money, "percent": st.percent, "months": st.months}
    problem_pv = report.refs["value.problem_cost_discounted"]
    for offset, (label, key, kind) in enumerate(_COMPARED):
        row = header + 1 + offset
        sheet.text(row, 0, label, st.text)
        for col, (sid, res) in enumerate(solutions, start=1):
            fmt = formats[kind]
            value = _figure(res, key)
            ref = report.refs.get(f"solution.{sid}.{key}")
            if key == "remaining":
                benefit_pv = report.refs.get(f"solution.{sid}.benefit_pv")
                formula = f"{problem_pv}-{benefit_pv}" if benefit_pv else problem_pv
                sheet.formula(row, col, formula, value, fmt)
            elif ref is not None:
                sheet.formula(row, col, ref, value, fmt)
            elif not math.isnan(value):  # do nothing: zero by definition
                sheet.number(row, col, value, fmt)
            else:
                sheet.text(row, col, NOT_AVAILABLE, fmt)
    sheet.long_table(header, columns=1)


def _figure(res: SolutionResult, key: str) -> float:
    """The figure ``key`` of a solution, as costdx computed it."""
    return {
        "investment": res.total_investment,
        "investment_pv": res.investment_pv,
        "benefit": res.total_benefit,
        "benefit_pv": res.benefit_pv,
        "npv": res.npv,
        "roi": res.roi,
        "irr": res.irr.rate,
        "payback": res.payback_months,
        "slip": res.slip_cost_per_month,
        "affordable": res.affordable_investment,
        "break_even": res.break_even_fraction,
        "remaining": res.remaining_cost_pv,
    }[key]
