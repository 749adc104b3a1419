"""The Timeline sheets: one per solution, its value month by month, live.

Rows are months ``0 … 12H`` (`costdx.value._timeline`'s conventions), columns:

* the effect reached on each addressed consequence, from the start month and ramp
  inputs on the Value case sheet: ``IF(month<=_start_k, 0, MIN(1, (month − _start_k) /
  _mtf_k_c))`` for a straight ramp, ``CHOOSE`` over the yearly ramp figures for a yearly
  one, ``IF(month = _start_k + 1, 1, 0)`` for a one-time consequence;
* the benefit, ``SUMPRODUCT`` of the month's effects and the year's *benefit a month at
  full effect* (a block above the months: the cost of the year ÷ 12 × fraction removed ×
  risk adjustment; a one-time consequence's whole cost);
* the benefit if the start slipped one month (the same with the previous month's
  effects), the investment, the net cash flow, its cumulative sum, and the month in
  which it is paid back, interpolated within the month.

The Value case sheet sums these months into its years.
"""

from __future__ import annotations

from dataclasses import dataclass

from costdx.model import Address, Kind, Solution
from costdx.report.excel._context import Report
from costdx.report.excel._names import (
    fraction_name,
    months_to_full_name,
    ramp_name,
    risk_name,
    start_name,
)
from costdx.report.excel._sheet import Sheet
from costdx.value import MONTHS_PER_YEAR, SolutionResult, year_of_month

__all__ = ["TimelineLayout", "sheet_name", "write_timeline"]

HEADER_ROW = 3
_FIRST = 2
"""Column of the first consequence."""


def sheet_name(number: int) -> str:
    """The name of solution ``number``'s timeline sheet."""
    return f"Timeline {number}"


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    """Where everything is on solution ``number``'s timeline sheet."""

    number: int
    consequences: tuple[str, ...]
    horizon: int

    @property
    def name(self) -> str:
        """The sheet's name."""
        return sheet_name(self.number)

    def col(self, consequence: str) -> int:
        """The column of a consequence's effect (and of its full-effect benefit)."""
        return _FIRST + self.consequences.index(consequence)

    @property
    def benefit_col(self) -> int:
        """The monthly benefit."""
        return _FIRST + len(self.consequences)

    @property
    def slipped_col(self) -> int:
        """The monthly benefit if the start slipped one month."""
        return self.benefit_col + 1

    @property
    def investment_col(self) -> int:
        """The monthly investment."""
        return self.benefit_col + 2

    @property
    def net_col(self) -> int:
        """Benefit − investment."""
        return self.benefit_col + 3

    @property
    def cumulative_col(self) -> int:
        """Cumulative net cash."""
        return self.benefit_col + 4

    @property
    def paid_back_col(self) -> int:
        """The payback, in the month it falls in."""
        return self.benefit_col + 5

    def full_row(self, year: int) -> int:
        """The row of year ``year``'s benefit a month at full effect."""
        return HEADER_ROW + 1 + year

    def month_row(self, month: int) -> int:
        """The row of month ``month`` (0 = the decision)."""
        return HEADER_ROW + self.horizon + 3 + month

    @property
    def last_row(self) -> int:
        """The row of the last month."""
        return self.month_row(MONTHS_PER_YEAR * self.horizon)

    def ref(self, row: int, col: int) -> str:
        """An absolute reference from another sheet."""
        return Sheet(None, self.name).ref(row, col)

    def column(self, col: int, first: int = 0, last: int | None = None) -> str:
        """An absolute reference to months ``first … last`` (default: all) of a column."""
        end = MONTHS_PER_YEAR * self.horizon if last is None else last
        return Sheet(None, self.name).span(self.month_row(first), self.month_row(end), col)

    def year(self, col: int, year: int) -> str:
        """The months of year ``year`` in a column."""
        return self.column(col, MONTHS_PER_YEAR * (year - 1) + 1, MONTHS_PER_YEAR * year)


def write_timeline(report: Report, number: int, solution: Solution) -> None:
    """Write solution ``number``'s timeline sheet (its Value case block must be written:
    the investment rows are read from ``report.refs``)."""
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    res = ev.solutions[solution.id]
    layout = TimelineLayout(number, tuple(a.consequence for a in solution.addresses),
                            vc.horizon_years)  # fmt: skip
    sheet = report.sheets[layout.name]
    st = report.styles
    widths = {0: 7, 1: 5, **dict.fromkeys(range(_FIRST, layout.benefit_col), 7.5)}
    money = (layout.benefit_col, layout.slipped_col, layout.investment_col, layout.net_col)
    widths.update(dict.fromkeys(money, 11.5))
    widths.update({layout.cumulative_col: 12.5, layout.paid_back_col: 8})
    sheet.widths(widths)
    sheet.text(0, 0, f"Monthly timeline: {solution.name}", st.title)
    sheet.paragraph(1, 0, f"Solution {number} ({solution.id}), month by month from the "
                    "decision (month 0); the Value case sheet sums the months into years. Live "
                    "formulas over the start month, ramp, fractions and investments on the "
                    "Value case sheet.", st.note, span=layout.paid_back_col + 1)  # fmt: skip
    titles = ("month", "year", *layout.consequences, "benefit", "benefit if the start slips "
              "a month", "investment", "net cash flow", "cumulative net cash",
              "paid back at month")  # fmt: skip
    for col, title in enumerate(titles):
        if _FIRST <= col < layout.benefit_col:  # the consequences' ids, upright
            sheet.text(HEADER_ROW, col, title, st.header_up)
        else:
            sheet.paragraph(HEADER_ROW, col, title, st.header if col < 2 else st.header_right)
    longest = max((len(c) for c in layout.consequences), default=0)
    sheet.height(HEADER_ROW, max(40.0, min(150.0, 5.5 * longest + 8)))
    _full_effect(report, sheet, layout, solution)
    _months(report, sheet, layout, solution, res)
    sheet.long_table(HEADER_ROW, columns=2)


def _full_effect(report: Report, sheet: Sheet, layout: TimelineLayout, solution: Solution) -> None:
    """Per year, each consequence's benefit a month at full effect."""
    st = report.styles
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    sheet.paragraph(HEADER_ROW + 1, 0, "Benefit a month at full effect: the cost of the year "
                    "(sheet Value case) ÷ 12 × fraction removed × risk adjustment; for a "
                    "one-time consequence, its whole cost, once.", st.note,
                    span=layout.benefit_col + 6)  # fmt: skip
    for year in range(1, layout.horizon + 1):
        row = layout.full_row(year)
        sheet.text(row, 0, f"year {year}", st.text)
        for address in solution.addresses:
            step = report.plan.consequence(address.consequence)
            one_time = step.kind is Kind.ONE_TIME
            cost = report.refs[f"cost.{step.id}.{1 if one_time else year}"]
            formula = (
                f"{cost}*{fraction_name(layout.number, step.id)}*{risk_name(step.source.value)}"
            )
            value = float(ev.cost_by_year[step.id][0 if one_time else year - 1])
            value *= address.point * vc.risk_adjustment.get(step.source, 1.0)
            if not one_time:
                formula += f"/{MONTHS_PER_YEAR}"
                value /= MONTHS_PER_YEAR
            sheet.formula(row, layout.col(step.id), formula, value, st.count)


def _months(
    report: Report, sheet: Sheet, layout: TimelineLayout, solution: Solution, res: SolutionResult
) -> None:
    """The month rows."""
    st = report.styles
    vc, ev = report.value_case, report.evaluation
    assert vc is not None
    assert ev is not None
    timeline = res.timeline
    kinds = {c.id: c.kind for c in report.plan.consequences}
    slipped = ev.what_if(solution.id, slip=1).benefit
    sheet.text(layout.month_row(0) - 1, 0, "Month by month", st.section)
    start = start_name(layout.number)
    cumulative = timeline.cumulative
    net = timeline.net
    first, last = _FIRST, layout.benefit_col - 1
    payments = _payments(report, layout, solution)
    for m in timeline.months:
        month = int(m)
        row = layout.month_row(month)
        year = year_of_month(month)
        sheet.number(row, 0, float(month), st.month)
        sheet.number(row, 1, float(year), st.month)
        here = f"$A{row + 1}"
        for address in solution.addresses:
            cid = address.consequence
            formula = _effect(layout.number, address, kinds[cid] is Kind.ONE_TIME, here, start)
            sheet.formula(row, layout.col(cid), formula, float(timeline.effect[cid][month]),
                          st.effect)  # fmt: skip
        if layout.consequences and year >= 1:
            full = sheet.across(layout.full_row(year), first, last)
            now = sheet.across(row, first, last)
            before = sheet.across(row - 1, first, last)
            sheet.formula(row, layout.benefit_col, f"SUMPRODUCT({now},{full})",
                          float(timeline.benefit[month]), st.money)  # fmt: skip
            sheet.formula(row, layout.slipped_col, f"SUMPRODUCT({before},{full})",
                          float(slipped[month]), st.money)  # fmt: skip
        paid = payments.get(month)
        if paid:
            sheet.formula(row, layout.investment_col, "+".join(paid),
                          float(timeline.investment[month]), st.money)  # fmt: skip
        b = sheet.ref(row, layout.benefit_col, local=True)
        i = sheet.ref(row, layout.investment_col, local=True)
        sheet.formula(row, layout.net_col, f"{b}-{i}", float(net[month]), st.money)
        n = sheet.ref(row, layout.net_col, local=True)
        previous = sheet.ref(row - 1, layout.cumulative_col, local=True)
        sheet.formula(row, layout.cumulative_col, n if month == 0 else f"{previous}+{n}",
                      float(cumulative[month]), st.money)  # fmt: skip
        if month == 0:
            continue
        now_cum = sheet.ref(row, layout.cumulative_col, local=True)
        owed = float(cumulative[month - 1])
        value: float | str = (
            (month - 1) - owed / float(net[month]) if (owed < 0 <= float(cumulative[month])) else ""
        )
        sheet.formula(row, layout.paid_back_col,
                      f'IF(AND({previous}<0,{now_cum}>=0),{here}-1+(-{previous})/{n},"")',
                      value, st.months_figure)  # fmt: skip


def _effect(number: int, address: Address, one_time: bool, month: str, start: str) -> str:
    """The Excel formula of a consequence's effect in the month in cell ``month``."""
    cid = address.consequence
    if one_time:
        return f"IF({month}={start}+1,1,0)"
    if address.ramp is not None:
        figures = ",".join(ramp_name(number, cid, j) for j in range(1, len(address.ramp) + 1))
        operating = f"INT(({month}-1-{start})/{MONTHS_PER_YEAR})+1"
        pick = (
            figures
            if len(address.ramp) == 1
            else f"CHOOSE(MIN({operating},{len(address.ramp)}),{figures})"
        )
        return f"IF({month}<={start},0,{pick})"
    return f"IF({month}<={start},0,MIN(1,({month}-{start})/{months_to_full_name(number, cid)}))"


def _payments(report: Report, layout: TimelineLayout, solution: Solution) -> dict[int, list[str]]:
    """Per month, the references that make up its investment: a one-time item's year
    cell in its month, a recurring item's year cell ÷ 12 in each month of the year."""
    out: dict[int, list[str]] = {}
    for j, item in enumerate(solution.investment, start=1):
        flows = item.payments(layout.horizon)
        for year, amount in enumerate(flows):
            if amount == 0:
                continue
            cell = report.refs[f"investment.{layout.number}.{j}.{year}"]
            if year == 0:
                out.setdefault(0, []).append(cell)
            elif item.kind == "one_time":
                out.setdefault(MONTHS_PER_YEAR * (year - 1) + 1, []).append(cell)
            else:
                for month in range(MONTHS_PER_YEAR * (year - 1) + 1, MONTHS_PER_YEAR * year + 1):
                    out.setdefault(month, []).append(f"{cell}/{MONTHS_PER_YEAR}")
    return out
