"""One solution's block on the Value case sheet: ramp, benefits, investment, cash flows.

Rows, with year ``t`` in column ``YEAR0 + t``:

* ramp: the effect reached in each year (`costdx.value._evaluate.ramp_factors`);
  for a one-time consequence 1 in the year the solution starts, 0 elsewhere;
* benefit per addressed consequence: ``cost(y) × fraction × ramp(y) × risk``, with the
  fraction a named input cell (``_frac_<k>_<consequence>``);
* investment items (values), totals, net, cumulative and discounted cash flow;
* NPV (``=NPV(rate, CF1:CFH) + CF0``), IRR (``=IRR(CF0:CFH, guess)``, the guess being
  costdx's own IRR so Excel converges on the same root), ROI and payback.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from costdx.lang import excel_number
from costdx.model import Category, Kind, Solution
from costdx.report.excel._context import Report
from costdx.report.excel._names import DISCOUNT_RATE, fraction_name, risk_name
from costdx.report.excel._sheet import NOT_AVAILABLE, Sheet
from costdx.value import SolutionResult, ramp_factors

__all__ = ["YEAR0", "Years", "write_solution"]

YEAR0 = 3
"""Column of year 0; year ``t`` is in column ``YEAR0 + t``."""


@dataclass(frozen=True, slots=True)
class Years:
    """Rows of years ``0 … horizon`` on one sheet, with a total column after the last."""

    report: Report
    sheet: Sheet
    horizon: int

    @property
    def total_col(self) -> int:
        """The column of the row totals."""
        return YEAR0 + self.horizon + 1

    def header(self, row: int, first: tuple[str, ...]) -> None:
        """Column titles: ``first``, then ``year 0 … year H`` and ``total``."""
        st = self.report.styles
        for col, title in enumerate(first):
            self.sheet.paragraph(row, col, title, st.header)
        for t in range(self.horizon + 1):
            self.sheet.text(row, YEAR0 + t, f"year {t}", st.header_right)
        self.sheet.text(row, self.total_col, "total", st.header_right)

    def total(self, row: int, value: float, *, start: int = 0) -> str:
        """Write ``=SUM`` of the row's years ``start … H`` in the total column."""
        span = self.sheet.across(row, YEAR0 + start, YEAR0 + self.horizon)
        self.sheet.formula(
            row, self.total_col, f"SUM({span})", value, self.report.styles.money_bold
        )
        return self.sheet.ref(row, self.total_col, local=True)

    def cell(self, row: int, t: int) -> str:
        """The local reference of year ``t`` in ``row``."""
        return self.sheet.ref(row, YEAR0 + t, local=True)

    def sum_rows(self, row: int, label: str, first: int, values: NDArray[np.float64]) -> None:
        """A bold row adding rows ``first … row − 1`` year by year (zeros if there are none)."""
        st = self.report.styles
        self.sheet.text(row, 0, label, st.bold)
        for t in range(self.horizon + 1):
            if row > first:
                span = self.sheet.span(first, row - 1, YEAR0 + t, local=True)
                self.sheet.formula(row, YEAR0 + t, f"SUM({span})", float(values[t]), st.money_bold)
            else:
                self.sheet.number(row, YEAR0 + t, 0.0, st.money_bold)
        self.total(row, float(values.sum()))


def write_solution(report: Report, years: Years, number: int, solution: Solution, row: int) -> int:
    """Write solution ``number``'s block from ``row``; returns the first row after it."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet, st, horizon = years.sheet, report.styles, years.horizon
    res = ev.solutions[solution.id]
    vendor = f" ({solution.vendor})" if solution.vendor else ""
    sheet.text(row, 0, f"Solution {number}: {solution.name}{vendor}", st.section)
    sheet.text(row + 1, 0, f"id {solution.id}; benefits start in month {solution.start_month}",
               st.note)  # fmt: skip
    years.header(row + 2, ("line", "consequence / item", "fraction"))
    row = _ramps(report, years, solution, row + 3)
    first = row
    row = _benefits(report, years, number, solution, row)
    benefit_row = row
    years.sum_rows(row, "Total benefit", first, res.benefit)
    first = row = row + 1
    for item in solution.investment:
        sheet.text(row, 0, f"investment ({item.kind.replace('_', '-')})", st.text)
        sheet.text(row, 1, item.label, st.text)
        flows = item.payments(horizon)
        for t, value in enumerate(flows):
            sheet.number(row, YEAR0 + t, value, st.money)
        years.total(row, math.fsum(flows))
        row += 1
    invest_row = row
    years.sum_rows(row, "Total investment", first, res.investment)
    net_row = row + 1
    sheet.text(net_row, 0, "Net cash flow", st.bold)
    for t in range(horizon + 1):
        formula = f"{years.cell(benefit_row, t)}-{years.cell(invest_row, t)}"
        sheet.formula(net_row, YEAR0 + t, formula, float(res.net[t]), st.money_bold)
    years.total(net_row, float(res.net.sum()))
    row = _flows(report, years, res, net_row + 1, net_row)
    refs = {"benefit": sheet.ref(benefit_row, years.total_col),
            "investment": sheet.ref(invest_row, years.total_col)}  # fmt: skip
    row = _figures(report, years, res, row, net_row=net_row, refs=refs)
    for key, ref in refs.items():
        report.refs[f"solution.{solution.id}.{key}"] = ref
    return row


def _ramps(report: Report, years: Years, solution: Solution, row: int) -> int:
    sheet, st = years.sheet, report.styles
    factors = ramp_factors(solution, years.horizon)
    start_year = solution.start_month // 12 + 1
    for address in solution.addresses:
        step = report.plan.consequence(address.consequence)
        one_time = step.kind is Kind.ONE_TIME
        label = f"avoided once (year {start_year})" if one_time else "ramp (effect reached)"
        sheet.text(row, 0, label, st.note)
        sheet.text(row, 1, address.consequence, st.text)
        for t in range(1, years.horizon + 1):
            value = float(t == start_year) if one_time else float(factors[step.id][t - 1])
            sheet.number(row, YEAR0 + t, value, st.percent)
        report.rows[f"ramp.{solution.id}.{step.id}"] = row
        row += 1
    return row


def _benefits(report: Report, years: Years, number: int, solution: Solution, row: int) -> int:
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet, st = years.sheet, report.styles
    res = ev.solutions[solution.id]
    categories = {c.id: c.category for p in report.case.problems for c in p.consequences}
    index = vc.solutions.index(solution)
    for a_index, address in enumerate(solution.addresses):
        step = report.plan.consequence(address.consequence)
        sheet.text(row, 0, "benefit", st.text)
        sheet.text(row, 1, address.consequence, st.text)
        name = fraction_name(number, step.id)
        report.add_input(
            sheet, row, 2, kind="fraction", key=f"{solution.id}/{step.id}", name=name,
            value=address.point, path=("solutions", index, "addresses", a_index, "fraction"),
            low=0.0, high=None if categories[step.id] is Category.REVENUE else 1.0, percent=True,
        )  # fmt: skip
        flows = res.benefit_by_consequence[step.id]
        ramp_row = report.rows[f"ramp.{solution.id}.{step.id}"]
        sheet.number(row, YEAR0, float(flows[0]), st.money)
        for t in range(1, years.horizon + 1):
            year = 1 if step.kind is Kind.ONE_TIME else t
            cost = report.refs[f"cost.{step.id}.{year}"]
            ramp = years.cell(ramp_row, t)
            formula = f"{cost}*{name}*{ramp}*{risk_name(step.source.value)}"
            sheet.formula(row, YEAR0 + t, formula, float(flows[t]), st.money)
        years.total(row, float(flows.sum()))
        row += 1
    return row


def _flows(report: Report, years: Years, res: SolutionResult, row: int, net_row: int) -> int:
    sheet, st, horizon = years.sheet, report.styles, years.horizon
    cumulative, discounted = res.cumulative, res.discounted
    sheet.text(row, 0, "Cumulative net cash flow", st.text)
    for t in range(horizon + 1):
        net = years.cell(net_row, t)
        formula = net if t == 0 else f"{years.cell(row, t - 1)}+{net}"
        sheet.formula(row, YEAR0 + t, formula, float(cumulative[t]), st.money)
    report.rows["cumulative"] = row
    sheet.text(row + 1, 0, "Discounted net cash flow", st.text)
    for t in range(horizon + 1):
        net = years.cell(net_row, t)
        formula = net if t == 0 else f"{net}/(1+{DISCOUNT_RATE})^{t}"
        sheet.formula(row + 1, YEAR0 + t, formula, float(discounted[t]), st.money)
    years.total(row + 1, float(discounted.sum()))
    helper = row + 2
    sheet.text(helper, 0, "Paid back during year (years)", st.note)
    for t in range(1, horizon + 1):
        before, now = float(cumulative[t - 1]), float(cumulative[t])
        value: float | str = (t - 1) - before / float(res.net[t]) if before < 0 <= now else ""
        prev, cur, net = years.cell(row, t - 1), years.cell(row, t), years.cell(net_row, t)
        formula = f'IF(AND({prev}<0,{cur}>=0),{t - 1}+(-{prev})/{net},"")'
        sheet.formula(helper, YEAR0 + t, formula, value, st.years)
    return helper + 1


def _figures(
    report: Report, years: Years, res: SolutionResult, row: int, *, net_row: int,
    refs: dict[str, str],
) -> int:  # fmt: skip
    sheet, st, horizon = years.sheet, report.styles, years.horizon
    cum_row = report.rows["cumulative"]
    flows = sheet.across(net_row, YEAR0 + 1, YEAR0 + horizon)
    all_flows = sheet.across(net_row, YEAR0, YEAR0 + horizon)
    net0 = years.cell(net_row, 0)
    benefit, invest = refs["benefit"].split("!")[1], refs["investment"].split("!")[1]
    cums = sheet.across(cum_row, YEAR0, YEAR0 + horizon)
    helper = sheet.across(cum_row + 2, YEAR0 + 1, YEAR0 + horizon)
    irr = res.irr.rate
    irr_formula = None
    if math.isfinite(irr) and res.total_investment > 0:
        irr_formula = f"IRR({all_flows},{excel_number(irr)})"
    na = f'"{NOT_AVAILABLE}"'
    irr_note = "=IRR(CF0:CFH)"
    if res.irr.status == "multiple_roots":
        roots = ", ".join(f"{root:.1%}" for root in res.irr.roots)
        irr_note += f"; the cash flow has several IRRs ({roots}): the one Excel's IRR returns"
    figures = (
        ("NPV", "=NPV(rate, CF1:CFH) + CF0", f"NPV({DISCOUNT_RATE},{flows})+{net0}", res.npv,
         st.money_strong),
        ("IRR", irr_note, irr_formula, irr, st.percent_strong),
        ("ROI", "(total benefit − total investment) / total investment",
         f"IF({invest}>0,({benefit}-{invest})/{invest},{na})", res.roi, st.percent_strong),
        ("Payback", "first time the cumulative net cash flow reaches 0",
         f"IF({invest}>0,IF(MIN({cums})>=0,0,IF(COUNT({helper})=0,{na},MIN({helper})*12)),{na})",
         res.payback_months, st.months_strong),
    )  # fmt: skip
    for label, note, formula, value, fmt in figures:
        sheet.text(row, 0, label, st.bold)
        sheet.text(row, 1, note, st.note)
        if formula is None:
            sheet.text(row, YEAR0, NOT_AVAILABLE, fmt)
        else:
            sheet.formula(row, YEAR0, formula, value, fmt)
        refs[label.lower()] = sheet.ref(row, YEAR0)
        row += 1
    return row
