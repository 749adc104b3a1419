"""One solution's block on the Value case sheet: the deal, its yearly cash flows, its figures.

* **The deal** (inputs, each a defined name read back by `costdx.read_excel`): the start
  month ``_start_k``; per addressed consequence the fraction removed ``_frac_k_<c>`` and
  the ramp, either months to full effect ``_mtf_k_<c>`` (1 = at once) or the share of
  full effect in each year of operation ``_ramp_k_<c>_<j>``; the amount of each
  investment item ``_inv_k_<j>``, placed in the years its schedule pays.
* **Yearly cash flows**, each year the sum of its months on sheet ``Timeline k``: the
  benefit of each consequence (its benefit a month at full effect × the months of effect
  in the year), the benefit if the start slipped one month or if every fraction were
  100 %, investment, net, cumulative and discounted cash flow.
* **Figures**: NPV (``=NPV(rate, CF1:CFH) + CF0``), IRR (``=IRR(CF0:CFH)``, Excel's default
  guess), ROI, payback (from the monthly cumulative), the slip cost per month,
  the affordable investment and the break-even fraction, all live.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from costdx.model import Address, Category, Kind, Solution
from costdx.report.excel._context import Report
from costdx.report.excel._names import (
    DISCOUNT_RATE,
    TARGET_PAYBACK,
    TARGET_ROI,
    fraction_name,
    investment_name,
    months_to_full_name,
    ramp_name,
    risk_name,
    start_name,
)
from costdx.report.excel._sheet import NOT_AVAILABLE, Sheet
from costdx.report.excel._timeline import TimelineLayout
from costdx.value import MONTHS_PER_YEAR, SolutionResult

__all__ = ["HEADER_ROW", "YEAR0", "Years", "write_solution"]

HEADER_ROW = 3
"""The row of year numbers that heads every table of the Value case sheet."""
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
        """Column titles: ``first``, then the years ``0 … H`` (numbers shown as ``year t``,
        which discount factors refer to) and ``total``."""
        st = self.report.styles
        for col, title in enumerate(first):
            self.sheet.paragraph(row, col, title, st.header)
        for t in range(self.horizon + 1):
            self.sheet.number(row, YEAR0 + t, float(t), st.header_year)
        self.sheet.text(row, self.total_col, "total", st.header_right)

    def total(self, row: int, value: float, *, start: int = 0, fmt: object = None) -> str:
        """Write ``=SUM`` of the row's years ``start … H`` in the total column."""
        span = self.sheet.across(row, YEAR0 + start, YEAR0 + self.horizon)
        self.sheet.formula(row, self.total_col, f"SUM({span})", value,
                           fmt or self.report.styles.money_bold)  # fmt: skip
        return self.sheet.ref(row, self.total_col, local=True)

    def cell(self, row: int, t: int) -> str:
        """The local reference of year ``t`` in ``row``."""
        return self.sheet.ref(row, YEAR0 + t, local=True)

    def flows(self, row: int, first: int = 1) -> str:
        """Years ``first … H`` of ``row``, for ``NPV`` and ``SUM``."""
        return self.sheet.across(row, YEAR0 + first, YEAR0 + self.horizon)

    def year_number(self, t: int) -> str:
        """The header cell holding year ``t``'s number, ``E$4``."""
        return self.sheet.ref(HEADER_ROW, YEAR0 + t, local=True).replace("$", "", 1)

    def discounted(self, cell: str, t: int) -> str:
        """``cell`` discounted from the end of year ``t``, the exponent read from the year
        header: ``E20/(1+_vc_discount_rate)^E$4``."""
        return f"{cell}/(1+{DISCOUNT_RATE})^{self.year_number(t)}"

    def present_value(self, row: int) -> str:
        """``NPV(rate, years 1 … H) + year 0`` of a row."""
        return f"NPV({DISCOUNT_RATE},{self.flows(row)})+{self.cell(row, 0)}"


def write_solution(report: Report, years: Years, number: int, solution: Solution, row: int) -> int:
    """Write solution ``number``'s block from ``row``; returns the first row after it."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet, st = years.sheet, report.styles
    res = ev.solutions[solution.id]
    layout = TimelineLayout(number, tuple(a.consequence for a in solution.addresses),
                            years.horizon)  # fmt: skip
    vendor = f" ({solution.vendor})" if solution.vendor else ""
    sheet.paragraph(row, 0, f"Solution {number}: {solution.name}{vendor}", st.section,
                    span=years.total_col + 1)  # fmt: skip
    sheet.text(row + 1, 0, f"id {solution.id}; month by month on sheet {layout.name}, each "
               "year the sum of its months", st.subtitle)  # fmt: skip
    row = _deal(report, sheet, number, solution, row + 2)
    row, invest_row = _investments(report, years, number, solution, row)
    row, benefit_row = _benefits(report, years, layout, solution, res=res, row=row)
    refs = {"benefit": sheet.ref(benefit_row, years.total_col),
            "investment": sheet.ref(invest_row, years.total_col)}  # fmt: skip
    row, extra = _what_ifs(report, years, layout, solution, row)
    net_row = row
    sheet.text(net_row, 0, "Net cash flow", st.bold)
    for t in range(years.horizon + 1):
        formula = f"{years.cell(benefit_row, t)}-{years.cell(invest_row, t)}"
        sheet.formula(net_row, YEAR0 + t, formula, float(res.net[t]), st.money_bold)
    years.total(net_row, float(res.net.sum()))
    row = _flows(report, years, res, net_row + 1, net_row)
    rows = {"net": net_row, "benefit": benefit_row, "investment": invest_row, **extra}
    row = _figures(report, years, layout, res, row + 1, rows=rows, refs=refs)
    for key, ref in refs.items():
        report.refs[f"solution.{solution.id}.{key}"] = ref
    return row


def _deal(report: Report, sheet: Sheet, number: int, solution: Solution, row: int) -> int:
    """The start month, and per consequence the fraction removed and the ramp: inputs."""
    vc = report.value_case
    assert vc is not None
    st = report.styles
    index = vc.solutions.index(solution)
    here = ("solutions", index)
    sheet.text(row, 0, "The deal", st.bold)
    sheet.text(row, 1, "inputs", st.note)
    row += 1
    sheet.text(row, 0, "Start month (benefits begin the month after)", st.text)
    report.add_input(
        sheet, row, 2, kind="start_month", key=solution.id, name=start_name(number),
        value=float(solution.start_month), path=(*here, "start_month"), low=0.0, high=600.0,
        whole=True, fmt=st.input_months,
    )  # fmt: skip
    row += 1
    categories = {c.id: c.category for p in report.case.problems for c in p.consequences}
    for a_index, address in enumerate(solution.addresses):
        cid = address.consequence
        step = report.plan.consequence(cid)
        path = (*here, "addresses", a_index)
        sheet.text(row, 0, "Fraction removed at full effect", st.text)
        sheet.text(row, 1, cid, st.text)
        report.add_input(
            sheet, row, 2, kind="fraction", key=f"{solution.id}/{cid}",
            name=fraction_name(number, cid), value=address.point, path=(*path, "fraction"),
            low=0.0, high=None if categories[cid] is Category.REVENUE else 1.0, percent=True,
        )  # fmt: skip
        row += 1
        if step.kind is Kind.ONE_TIME:
            continue  # avoided once, in full, when benefits begin: no ramp
        row = _ramp(report, sheet, number, address, path=path, row=row)
    return row


def _ramp(
    report: Report, sheet: Sheet, number: int, address: Address, *,
    path: tuple[str | int, ...], row: int,
) -> int:  # fmt: skip
    st = report.styles
    cid = address.consequence
    if address.ramp is not None:
        for j, share in enumerate(address.ramp, start=1):
            last = " on" if j == len(address.ramp) > 1 else ""
            sheet.text(row, 0, f"Ramp: share of full effect, operating year {j}{last}", st.text)
            sheet.text(row, 1, cid, st.text)
            report.add_input(
                sheet, row, 2, kind="ramp", key=f"{cid}/{j}", name=ramp_name(number, cid, j),
                value=share, path=(*path, "ramp", j - 1), low=0.0, high=1.0, percent=True,
            )  # fmt: skip
            row += 1
        return row
    sheet.text(row, 0, "Ramp: months to full effect (1 = at once)", st.text)
    sheet.text(row, 1, cid, st.text)
    report.add_input(
        sheet, row, 2, kind="months_to_full", key=cid, name=months_to_full_name(number, cid),
        value=float(address.months_to_full or 1), path=(*path, "months_to_full"), low=1.0,
        high=600.0, whole=True, fmt=st.input_months,
    )  # fmt: skip
    return row + 1


def _investments(
    report: Report, years: Years, number: int, solution: Solution, row: int
) -> tuple[int, int]:
    """One row per investment item, its amount an input placed in the years it pays;
    the total (nominal) and its discounted value."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet, st, horizon = years.sheet, report.styles, years.horizon
    index = vc.solutions.index(solution)
    first = row
    for j, item in enumerate(solution.investment, start=1):
        if item.kind == "one_time":
            what = f"Investment, one-time, year {item.first_year}"
        else:
            what = (
                f"Investment a year, years {item.first_year}–{min(item.until or horizon, horizon)}"
            )
        sheet.text(row, 0, what, st.text)
        sheet.paragraph(row, 1, item.label, st.wrap)
        report.add_input(
            sheet, row, 2, kind="investment", key=f"{solution.id}/{j}",
            name=investment_name(number, j), value=item.amount,
            path=("solutions", index, "investment", j - 1, "amount"), low=0.0,
            fmt=st.input_money,
        )  # fmt: skip
        flows = item.payments(horizon)
        amount = sheet.ref(row, 2, local=True)
        for t, value in enumerate(flows):
            if value:
                sheet.formula(row, YEAR0 + t, amount, value, st.money)
                report.refs[f"investment.{number}.{j}.{t}"] = sheet.ref(row, YEAR0 + t)
        years.total(row, math.fsum(flows), fmt=st.money)
        row += 1
    res = ev.solutions[solution.id]
    invest_row = row
    _sum_rows(years, row, "Total investment, nominal", first, res.investment.tolist())
    sheet.text(row + 1, 0, "Investment, discounted to the decision", st.text)
    rate = vc.discount_rate
    for t in range(horizon + 1):
        cell = years.cell(row, t)
        formula = cell if t == 0 else years.discounted(cell, t)
        sheet.formula(row + 1, YEAR0 + t, formula, float(res.investment[t] / (1 + rate) ** t),
                      st.money)  # fmt: skip
    years.total(row + 1, res.investment_pv, fmt=st.money)
    return row + 2, invest_row


def _sum_rows(years: Years, row: int, label: str, first: int, values: list[float]) -> None:
    """A bold row adding rows ``first … row − 1`` year by year (zeros if there are none)."""
    st = years.report.styles
    sheet = years.sheet
    sheet.text(row, 0, label, st.bold)
    for t in range(years.horizon + 1):
        if row > first:
            span = sheet.span(first, row - 1, YEAR0 + t, local=True)
            sheet.formula(row, YEAR0 + t, f"SUM({span})", values[t], st.money_bold)
        else:
            sheet.number(row, YEAR0 + t, 0.0, st.money_bold)
    years.total(row, math.fsum(values))


def _benefits(
    report: Report, years: Years, layout: TimelineLayout, solution: Solution, *,
    res: SolutionResult, row: int,
) -> tuple[int, int]:  # fmt: skip
    """Per consequence: its benefit a month at full effect (Timeline) × the months of
    effect in the year; then the total."""
    sheet, st = years.sheet, report.styles
    first = row
    for address in solution.addresses:
        cid = address.consequence
        sheet.text(row, 0, "Benefit", st.text)
        sheet.text(row, 1, cid, st.text)
        flows = res.benefit_by_consequence[cid]
        col = layout.col(cid)
        for t in range(1, years.horizon + 1):
            full = layout.ref(layout.full_row(t), col)
            formula = f"{full}*SUM({layout.year(col, t)})"
            sheet.formula(row, YEAR0 + t, formula, float(flows[t]), st.money)
        years.total(row, float(flows.sum()), fmt=st.money)
        row += 1
    _sum_rows(years, row, "Total benefit, nominal", first, res.benefit.tolist())
    return row + 1, row


def _what_ifs(
    report: Report, years: Years, layout: TimelineLayout, solution: Solution, row: int
) -> tuple[int, dict[str, int]]:
    """The benefit if the start slipped one month (from the Timeline) and if every
    fraction were 100 % (for the break-even fraction)."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet, st, horizon = years.sheet, report.styles, years.horizon
    slipped = ev.what_if(solution.id, slip=1)
    slipped_by_year = slipped.by_year(slipped.benefit)
    sheet.text(row, 0, "Benefit if the start slips one month", st.text)
    sheet.text(row, 1, f"sheet {layout.name}", st.note)
    for t in range(1, horizon + 1):
        formula = f"SUM({layout.year(layout.slipped_col, t)})"
        sheet.formula(row, YEAR0 + t, formula, float(slipped_by_year[t]), st.money)
    years.total(row, float(slipped_by_year.sum()), fmt=st.money)
    full = ev.what_if(solution.id, fraction=1.0)
    full_by_year = full.by_year(full.benefit)
    sheet.text(row + 1, 0, "Benefit if every fraction were 100 %", st.text)
    sheet.text(row + 1, 1, "for the break-even fraction", st.note)
    for t in range(1, horizon + 1):
        terms = []
        for address in solution.addresses:
            step = report.plan.consequence(address.consequence)
            one_time = step.kind is Kind.ONE_TIME
            cost = report.refs[f"cost.{step.id}.{1 if one_time else t}"]
            months = f"SUM({layout.year(layout.col(step.id), t)})"
            term = f"{cost}*{risk_name(step.source.value)}*{months}"
            terms.append(term if one_time else f"{term}/{MONTHS_PER_YEAR}")
        sheet.formula(row + 1, YEAR0 + t, "+".join(terms) or "0", float(full_by_year[t]),
                      st.money)  # fmt: skip
    years.total(row + 1, float(full_by_year.sum()), fmt=st.money)
    return row + 2, {"slipped": row, "full": row + 1}


def _flows(report: Report, years: Years, res: SolutionResult, row: int, net_row: int) -> int:
    sheet, st, horizon = years.sheet, report.styles, years.horizon
    cumulative, discounted = res.cumulative, res.discounted
    sheet.text(row, 0, "Cumulative net cash flow", st.text)
    for t in range(horizon + 1):
        net = years.cell(net_row, t)
        formula = net if t == 0 else f"{years.cell(row, t - 1)}+{net}"
        sheet.formula(row, YEAR0 + t, formula, float(cumulative[t]), st.money)
    sheet.text(row + 1, 0, "Discounted net cash flow", st.text)
    for t in range(horizon + 1):
        net = years.cell(net_row, t)
        formula = net if t == 0 else years.discounted(net, t)
        sheet.formula(row + 1, YEAR0 + t, formula, float(discounted[t]), st.money)
    years.total(row + 1, float(discounted.sum()))
    return row + 2


def _figures(
    report: Report, years: Years, layout: TimelineLayout, res: SolutionResult, row: int, *,
    rows: dict[str, int], refs: dict[str, str],
) -> int:  # fmt: skip
    ev = report.evaluation
    assert ev is not None
    sheet, st = years.sheet, report.styles
    invest = refs["investment"].split("!")[1]
    benefit = refs["benefit"].split("!")[1]
    na = f'"{NOT_AVAILABLE}"'
    cumulative = layout.column(layout.cumulative_col)
    paid_back = layout.column(layout.paid_back_col, 1)
    irr = res.irr.rate
    irr_formula = None
    if math.isfinite(irr) and res.total_investment > 0:
        flows = sheet.across(rows["net"], YEAR0, YEAR0 + years.horizon)
        when = sheet.across(HEADER_ROW, YEAR0, YEAR0 + years.horizon)  # the year numbers
        # the rate that grows the outflows into the inflows over the time between their
        # centres: a start from which a spreadsheet's Newton iteration finds far rates
        inflow, outflow = f'SUMIF({flows},">0")', f'SUMIF({flows},"<0")'
        centres = (
            f"SUMPRODUCT(({flows}>0)*{when}*{flows})/{inflow}"
            f"-SUMPRODUCT(({flows}<0)*{when}*{flows})/{outflow}"
        )
        start = f"({inflow}/-{outflow})^(1/({centres}))-1"
        # a rate at or below -100 % is no IRR (the discount factor would be negative or
        # infinite), though a spreadsheet's iteration can land there: NA() then tries
        # the second start
        first, second = f"IRR({flows})", f"IRR({flows},{start})"
        irr_formula = (
            f"IFERROR(IF({first}>-1,{first},NA()),IFERROR(IF({second}>-1,{second},NA()),{na}))"
        )
    irr_note = (
        "=IRR(CF0:CFH) from Excel's default guess of 10 %; failing that (or landing at or "
        "below -100 %), from the rate that grows the outflows into the inflows over the time "
        "between their centres"
    )
    if res.irr.status == "multiple_roots":
        roots = ", ".join(f"{root:.1%}" for root in res.irr.roots)
        irr_note = f"the cash flow has several IRRs ({roots}): the one Excel's IRR returns"
    elif irr_formula is None:
        irr_note = "no IRR: the net cash flow does not change sign"
    benefit_pv = years.present_value(rows["benefit"])
    invest_pv = years.present_value(rows["investment"])
    full_pv = years.present_value(rows["full"])
    affordable, which = _affordable(years, layout, res, benefit_pv, benefit)
    figures = (
        ("NPV", "npv", "=NPV(rate, CF1:CFH) + CF0", years.present_value(rows["net"]), res.npv,
         st.money_strong),
        ("IRR", "irr", irr_note, irr_formula, irr, st.percent_strong),
        ("ROI (nominal)", "roi", "(total benefit − total investment) ÷ total investment",
         f"IF({invest}>0,({benefit}-{invest})/{invest},{na})", res.roi, st.percent_strong),
        ("Payback", "payback", f"the month cumulative net cash reaches 0, sheet {layout.name}",
         f"IF({invest}>0,IF(MIN({cumulative})>=0,0,IF(COUNT({paid_back})=0,{na},"
         f"MIN({paid_back}))),{na})", res.payback_months, st.months_strong),
        ("Slip cost per month", "slip", "benefit's present value lost if the start "
         "slips one month", f"{benefit_pv}-{years.present_value(rows['slipped'])}",
         res.slip_cost_per_month, st.money_strong),
        ("Affordable investment, up front", "affordable", which, affordable,
         res.affordable_investment, st.money_strong),
        ("Break-even fraction", "break_even", "investment ÷ benefit at 100 %, both discounted",
         f"IF({full_pv}>0,({invest_pv})/({full_pv}),{na})", res.break_even_fraction,
         st.percent_strong),
        ("Benefit, discounted to the decision", "benefit_pv", "", benefit_pv, res.benefit_pv,
         st.money_strong),
        ("Investment, discounted to the decision", "investment_pv", "", invest_pv,
         res.investment_pv, st.money_strong),
    )  # fmt: skip
    for label, key, note, formula, value, fmt in figures:
        sheet.text(row, 0, label, st.key)
        sheet.paragraph(row, 1, note, st.note, span=2)
        if formula is None:
            sheet.text(row, YEAR0, NOT_AVAILABLE, fmt)
        else:
            sheet.formula(row, YEAR0, formula, value, fmt)
        refs[key] = sheet.ref(row, YEAR0)
        row += 1
    return row


def _affordable(
    years: Years, layout: TimelineLayout, res: SolutionResult, benefit_pv: str, benefit: str
) -> tuple[str, str]:
    """The affordable investment's formula (the least of the amounts that meet NPV ≥ 0 and
    each target costdx applied) and what it says."""
    terms = [benefit_pv]
    which = ["NPV ≥ 0"]
    if "roi" in res.affordable:
        terms.append(f"{benefit}/(1+{TARGET_ROI})")
        which.append("the ROI target")
    if "payback" in res.affordable:
        months = layout.column(0)
        flows = layout.column(layout.benefit_col)
        t = TARGET_PAYBACK
        terms.append(f"SUMPRODUCT(({months}<={t})*{flows})"
                     f"+({t}-INT({t}))*SUMPRODUCT(({months}=INT({t})+1)*{flows})")  # fmt: skip
        which.append("the payback target")
    formula = terms[0] if len(terms) == 1 else f"MIN({','.join(terms)})"
    return formula, "the most payable at the decision that meets " + ", ".join(which)
