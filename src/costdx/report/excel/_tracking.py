"""The Value realised sheet: the customer types each month's actuals, the sheet says what
the solution has realised against what the value case promised.

From the top: the figures to date, each line's promised and realised value with its
status, and a chart of both, cumulative; then five blocks of one row per month from
go-live to the horizon's end (`costdx.value._ledger`'s arithmetic, live):

* **Actuals** — input cells, one per measured driver and month (blue on yellow, named
  ``_act_<driver>_<yyyy>_<mm>``, validated against the driver's bounds); blank is *not
  measured*. `costdx.read_excel` brings what was typed back as measurements.
* **Values used** — each driver's value in the month: the actual typed, else the last
  one typed before it, else (before the first) its diagnosed value on the Inputs sheet.
* **Realised by line** — ``baseline − actual``: the line's cost of the year on the
  Value case sheet ÷ 12, less its formula on the values used; blank where no input of
  the line has an actual yet, or after the as-of month (`AS_OF`, the last month with an
  actual).
* **Promised by line** — the promise, from the solution's Timeline sheet (effect of the
  month × benefit a month at full effect).
* **By month** — promised (every line), promised for the lines with data, realised,
  variance, and the cumulative sums the chart draws.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from costdx.model import ConsequenceStep, Kind, month_label
from costdx.report.excel._context import PERCENT, Report, records
from costdx.report.excel._names import excel_name, growth_name
from costdx.report.excel._sheet import NOT_AVAILABLE, cell_name
from costdx.report.excel._timeline import TimelineLayout
from costdx.value import MONTHS_PER_YEAR, Realisation, year_of_month

__all__ = ["AS_OF", "SHEET", "TOLERANCE", "actual_name", "write_tracking"]

SHEET = "Value realised"
AS_OF = "_track_as_of"
"""The as-of month on the timeline: the last month with an actual, or the one tracked to."""
TOLERANCE = "_track_tolerance"
"""How far from its promise a line may run and be on track."""
_STATUS = {"ahead": "ahead", "on_track": "on track", "behind": "behind",
           "insufficient_data": "no data yet"}  # fmt: skip
_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of a spreadsheet's serial dates (1900 system, as Excel and LibreOffice count)."""
_MID_MONTH = 15
_QUARTER = 365.25 / 4
_FIRST = 2
"""The first data column of the monthly blocks (after the period and the month)."""


def actual_name(driver: str, period: str) -> str:
    """The defined name of the actual of ``driver`` in ``period``: ``_act_scrap_2027_04``."""
    return f"_act_{driver}_{period.replace('-', '_')}"


@dataclass(frozen=True, slots=True)
class _Block:
    """One monthly block: its header row, the go-live month, and the rows between the
    header and the go-live month's row (2 where a row of units follows the header)."""

    header: int
    go: int
    lead: int = 1

    def row(self, month: int) -> int:
        return self.header + self.lead + month - self.go


def write_tracking(report: Report) -> None:
    """Write the Value realised sheet (the value case, its timelines and the Value case
    sheet's costs must be written: the formulas point at them)."""
    _Writer(report).write()


class _Writer:
    """The sheet's layout and the cached values, shared by every part of it."""

    def __init__(self, report: Report) -> None:
        result, vc = report.tracking, report.value_case
        assert result is not None
        assert vc is not None
        self.report = report
        self.result = result
        self.st = report.styles
        self.sheet = report.sheets[SHEET]
        self.tracking = result.tracking
        self.solution = self.tracking.bought
        self.number = vc.solutions.index(self.solution) + 1
        self.horizon = vc.horizon_years
        go = self.solution.start_month + 1
        self.months = range(go, MONTHS_PER_YEAR * vc.horizon_years + 1)
        self.as_of = self.tracking.month_of(result.as_of)
        self.values = {k: v for k, v in self.tracking.values().items() if k[1] <= self.as_of}
        self.drivers = _columns(result)
        self.column = {d: _FIRST + k for k, d in enumerate(self.drivers)}
        self.lines = tuple(a.consequence for a in self.solution.addresses)
        self.top = 14
        # below the lines, the chart (400 pixels: 20 rows from 3 rows below them), then one
        # block of months a page
        height = len(self.months) + 3
        self.actuals = _Block(self.top + len(self.lines) + 27, go, lead=2)
        self.used = _Block(self.actuals.header + height + 1, go, lead=2)
        self.realised = _Block(self.used.header + height + 1, go)
        self.promised = _Block(self.realised.header + height, go)
        self.monthly = _Block(self.promised.header + height, go)

    def write(self) -> None:
        blocks = (self.actuals, self.used, self.realised, self.promised, self.monthly)
        # the chart on a page of its own, then one block of months a page
        self.sheet.breaks += [self.top + len(self.lines) + 2, *(b.header - 2 for b in blocks)]
        width = max(len(self.drivers) + 1, len(self.lines) + 1, len(_BY_MONTH))
        self.sheet.widths({0: 9, 1: 6.5, **dict.fromkeys(range(_FIRST, _FIRST + width), 11.5)})
        self._intro(_FIRST + width)
        self._write_actuals()
        self._write_used()
        self._write_realised()
        self._write_promised()
        self._write_monthly()
        self._write_lines()
        # a row below the page break, so that no edge of the chart prints on the page above
        self._chart(self.top + len(self.lines) + 3)

    def _intro(self, span: int) -> None:
        t = self.tracking
        self.sheet.text(0, 0, f"Value realised: {self.solution.name}", self.st.title)
        self.sheet.paragraph(1, 0, f"Go-live {t.go_live} (month {self.months[0]} of the value "
                             f"case's timeline, decided {month_label(t.decided)}); the horizon "
                             f"ends {month_label(t.horizon_end)}. Type each month's actual in "
                             "the blue cells of Actuals (blank: not measured; the last actual "
                             "carries forward). Realised = baseline − actual, line by line; "
                             "promised from sheet Timeline; variance = realised − promised, "
                             "over the lines with data.", self.st.note, span=span)  # fmt: skip

    # -- monthly blocks --------------------------------------------------------------------

    def _header(self, block: _Block, title: str, note: str,
                columns: list[tuple[str, bool]]) -> None:  # fmt: skip
        """A block's section title and note (two rows above its header) and its header
        row: month, month number, then ``columns`` (title, upright); the drivers' units
        below the header where the block has a row for them."""
        sheet, st = self.sheet, self.st
        sheet.text(block.header - 2, 0, title, st.section)
        sheet.paragraph(block.header - 1, 0, note, st.note, span=_FIRST + len(columns))
        sheet.paragraph(block.header, 0, "month", st.header)
        sheet.paragraph(block.header, 1, "#", st.header_right)
        for col, (text, upright) in enumerate(columns, start=_FIRST):
            sheet.paragraph(block.header, col, text, st.header_up if upright else st.header_right)
        if block.lead == 2:
            sheet.text(block.header + 1, 1, "unit", st.note)
            for d, col in self.column.items():
                sheet.paragraph(block.header + 1, col, self.report.plan.units[d], st.note)
        longest = max((len(t) for t, upright in columns if upright), default=0)
        if longest:
            sheet.height(block.header, max(40.0, min(150.0, 5.5 * longest + 8)))
        for m in self.months:
            sheet.text(block.row(m), 0, month_label(self.tracking.decided + m), st.text)
            sheet.number(block.row(m), 1, float(m), st.month)

    def _write_actuals(self) -> None:
        sheet, block = self.sheet, self.actuals
        columns = [(d, True) for d in self.drivers]
        self._header(block, "Actuals", "Type each month's measured value in the driver's own "
                     "unit (a percentage as 2.4%); leave a cell blank for a month not measured.",
                     [*columns, ("actuals typed", False)])  # fmt: skip
        count_col = _FIRST + len(self.drivers)
        for m in self.months:
            row = block.row(m)
            period = month_label(self.tracking.decided + m)
            for d, col in self.column.items():
                self._actual_cell(row, col, d, period, self.values.get((d, m)))
            typed = sum((d, m) in self.values for d in self.drivers)
            sheet.formula(row, count_col, f"COUNT({sheet.across(row, _FIRST, count_col - 1)})",
                          float(typed), self.st.count)  # fmt: skip

    def _actual_cell(self, row: int, col: int, driver: str, period: str,
                     value: float | None) -> None:  # fmt: skip
        """An input cell for an actual: named, validated, blank where nothing was measured."""
        report, sheet = self.report, self.sheet
        scale = report.scale(driver)
        percent = scale == PERCENT
        shown = None if value is None else float(f"{value * scale:.15g}")
        fmt = self._format(driver, typed=True)
        if shown is None:
            sheet.ws.write_blank(row, col, None, fmt)
            sheet.last_row, sheet.last_col = max(sheet.last_row, row), max(sheet.last_col, col)
        else:
            sheet.number(row, col, shown, fmt)
        name = actual_name(driver, period)
        report.define(name, sheet, row, col)
        bounds = report.plan.drivers[driver].bounds
        low = None if bounds is None or bounds.min is None else bounds.min * scale
        high = None if bounds is None or bounds.max is None else bounds.max * scale
        options: dict[str, Any] = {
            "validate": "decimal",
            "error_title": "costdx actual",
            "error_message": f"{driver} in {period}: a number",
        }
        if low is not None and high is not None:
            options.update(criteria="between", minimum=low, maximum=high)
        elif low is not None:
            options.update(criteria=">=", value=low)
        elif high is not None:
            options.update(criteria="<=", value=high)
        else:
            options.update(criteria="between", minimum=-1e300, maximum=1e300)
        sheet.ws.data_validation(row, col, row, col, options)
        report.actuals.append({
            "driver": driver, "period": period, "name": name, "sheet": sheet.name,
            "cell": sheet.address(row, col), "value": shown, "scale": scale,
            "percent": percent, "low": low, "high": high,
        })  # fmt: skip

    def _format(self, driver: str, *, typed: bool) -> Any:
        """One number format for a driver's column: a percentage, a whole number where
        every value measured is one, else a decimal (an input's where ``typed``)."""
        st = self.st
        if self.report.scale(driver) == PERCENT:
            return st.input_percent if typed else st.percent_fine
        measured = [v for (d, _), v in self.values.items() if d == driver]
        if measured and all(float(v).is_integer() for v in measured):
            return st.input_whole if typed else st.count
        return st.input_decimal if typed else st.decimal

    def _diagnosed(self, driver: str, year: int) -> tuple[str, float]:
        """A driver's diagnosed value in ``year``, as a formula and as its cell holds it
        (grown by its growth input after year 1)."""
        report = self.report
        value = report.quantification.values[driver]
        growth = report.plan.drivers[driver].growth
        name = excel_name(driver)
        if growth is not None and year > 1:
            value *= (1.0 + growth) ** (year - 1)
            name = f"{name}*(1+{growth_name(driver)})^({year}-1)"
        return name, value * report.scale(driver)

    def _write_used(self) -> None:
        sheet = self.sheet
        self._header(self.used, "Values used", "Each driver's value in the month: its actual, "
                     "else the last actual before it, else its diagnosed value (sheet Inputs).",
                     [(d, True) for d in self.drivers])  # fmt: skip
        go = self.months[0]
        for d, col in self.column.items():
            scale = self.report.scale(d)
            fmt = self._format(d, typed=False)
            carried: float | None = None
            first = sheet.ref(self.actuals.row(go), col, local=True)
            for m in self.months:
                typed = sheet.ref(self.actuals.row(m), col, local=True)
                name, diagnosed = self._diagnosed(d, year_of_month(m))
                if (d, m) in self.values:
                    carried = self.values[(d, m)] * scale
                if m == go:
                    formula = f"IF(ISNUMBER({typed}),{typed},{name})"
                else:
                    so_far = f"{first}:{cell_name(self.actuals.row(m), col)}"
                    above = sheet.ref(self.used.row(m) - 1, col, local=True)
                    formula = (f"IF(ISNUMBER({typed}),{typed},IF(COUNT({so_far})=0,{name},"
                               f"{above}))")  # fmt: skip
                value = carried if carried is not None else diagnosed
                sheet.formula(self.used.row(m), col, formula, value, fmt)

    def _line_cost(self, step: ConsequenceStep, month: int, year: int) -> str:
        """A line's cost in ``month`` on the values used, as an Excel formula (a year's
        money for a recurring line): measured drivers read their Values used cell, the
        rest their named cell (grown to the year), derived drivers that rest on either
        inlined."""
        report = self.report
        plan = report.plan
        derived = {s.id: s for s in plan.derived}
        grown = {i for i in plan.inputs if plan.drivers[i].growth is not None and year > 1}
        row = self.used.row(month)

        def moved(ident: str) -> bool:
            return ident in self.column or ident in grown

        def name_of(ident: str) -> str:
            if ident in derived and any(moved(i) for i in plan.derived_inputs[ident]):
                return f"({report.derived_formula(derived[ident], name_of)})"
            if ident in self.column:
                return self.sheet.ref(row, self.column[ident], local=True)
            if ident in grown:
                return f"({self._diagnosed(ident, year)[0]})"
            return excel_name(ident)

        return report.to_excel(step.node, name_of)

    def _write_realised(self) -> None:
        sheet, block, plan = self.sheet, self.realised, self.report.plan
        self._header(block, "Realised by line", "Baseline (the line's cost of the year on "
                     "sheet Value case ÷ 12) − actual (its formula on the values used); blank "
                     "where no input of the line has an actual yet, or after the as-of month.",
                     [*((c, True) for c in self.lines), ("realised", False)])  # fmt: skip
        cached = {
            (int(entry["month"]), str(entry["consequence"])): float(entry["realised"])
            for entry in self.result.monthly().reset_index().to_dict(orient="records")
        }
        go = self.months[0]
        for col, c in enumerate(self.lines, start=_FIRST):
            step = plan.consequence(c)
            mine = [d for d in self.drivers if d in step.inputs]
            one_time = step.kind is Kind.ONE_TIME
            for m in self.months:
                if not mine or (one_time and m != go):
                    continue  # no actual can reach it: its cell stays blank
                year = 1 if one_time else year_of_month(m)
                row = block.row(m)
                seen = ",".join(
                    f"COUNT({sheet.ref(self.actuals.row(go), self.column[d], local=True)}:"
                    f"{cell_name(self.actuals.row(m), self.column[d])})>0"
                    for d in mine
                )
                actual = self._line_cost(step, m, year)
                baseline = self.report.refs[f"cost.{c}.{year}"]
                gain = (
                    f"{baseline}-({actual})"
                    if one_time
                    else f"{baseline}/{MONTHS_PER_YEAR}-({actual})/{MONTHS_PER_YEAR}"
                )
                value = cached.get((m, c), math.nan)
                here = sheet.ref(row, 1, local=True)
                sheet.formula(row, col, f'IF(AND({here}<={AS_OF},OR({seen})),{gain},"")',
                              "" if math.isnan(value) else value, self.st.money)  # fmt: skip
        total = _FIRST + len(self.lines)
        for m in self.months:
            row = block.row(m)
            value = math.fsum(v for (mm, _), v in cached.items() if mm == m and not math.isnan(v))
            sheet.formula(row, total, f"SUM({sheet.across(row, _FIRST, total - 1)})", value,
                          self.st.money)  # fmt: skip

    def _write_promised(self) -> None:
        sheet, block = self.sheet, self.promised
        timeline = self.result.evaluation.solutions[self.solution.id].timeline
        layout = TimelineLayout(self.number, self.lines, self.horizon)
        self._header(block, "Promised by line", f"From sheet {layout.name}: the effect of the "
                     "month × the benefit a month at full effect.",
                     [*((c, True) for c in self.lines), ("promised", False)])  # fmt: skip
        total = _FIRST + len(self.lines)
        for m in self.months:
            row = block.row(m)
            year = year_of_month(m)
            for col, c in enumerate(self.lines, start=_FIRST):
                formula = (f"{layout.ref(layout.month_row(m), layout.col(c))}*"
                           f"{layout.ref(layout.full_row(year), layout.col(c))}")  # fmt: skip
                sheet.formula(row, col, formula, float(timeline.benefit_by_consequence[c][m]),
                              self.st.money)  # fmt: skip
            sheet.formula(row, total, f"SUM({sheet.across(row, _FIRST, total - 1)})",
                          float(timeline.benefit[m]), self.st.money)  # fmt: skip

    def _write_monthly(self) -> None:
        sheet, block, money = self.sheet, self.monthly, self.st.money
        self._header(block, "By month", "Variance = realised − promised for the lines with "
                     "data; the cumulative sums run to the as-of month.",
                     [(t, False) for t in _BY_MONTH])  # fmt: skip
        by_month = {self.tracking.month_of(k): v for k, v in
                    records(self.result.by_month()).items()}  # fmt: skip
        timeline = self.result.evaluation.solutions[self.solution.id].timeline
        first = block.row(self.months[0])
        col = {t: _FIRST + k for k, t in enumerate(_BY_MONTH)}
        count = len(self.lines)
        running = {"promised": 0.0, "realised": 0.0, "variance": 0.0}
        for m in self.months:
            row = block.row(m)
            r_row, p_row = self.realised.row(m), self.promised.row(m)
            r_cells = sheet.across(r_row, _FIRST, _FIRST + count - 1)
            p_cells = sheet.across(p_row, _FIRST, _FIRST + count - 1)
            known = by_month.get(m, {})
            with_data = float(known.get("promised_with_data", 0.0))
            got = float(known.get("realised", 0.0))
            running["promised"] += float(timeline.benefit[m])
            running["realised"] += got
            running["variance"] += got - with_data
            to_date = m <= self.as_of

            def so_far(title: str, row: int = row) -> str:
                return sheet.span(first, row, col[title], local=True)

            here = sheet.ref(row, 1, local=True)
            cells: list[tuple[str, str, float | str]] = [
                ("promised, every line", sheet.ref(p_row, _FIRST + count, local=True),
                 float(timeline.benefit[m])),
                ("promised, lines with data", f'SUMPRODUCT(({r_cells}<>"")*{p_cells})',
                 with_data),
                ("realised", sheet.ref(r_row, _FIRST + count, local=True), got),
                ("variance", f"{cell_name(row, col['realised'])}-"
                 f"{cell_name(row, col['promised, lines with data'])}", got - with_data),
                ("promised, cumulative", f"SUM({so_far('promised, every line')})",
                 running["promised"]),
                ("realised, cumulative", f"IF({here}<={AS_OF},SUM({so_far('realised')}),NA())",
                 running["realised"] if to_date else "#N/A"),
                ("variance, cumulative", f"IF({here}<={AS_OF},SUM({so_far('variance')}),NA())",
                 running["variance"] if to_date else "#N/A"),
            ]  # fmt: skip
            for title, formula, value in cells:
                sheet.formula(row, col[title], formula, value, money)
            serial = self._serial(m)
            sheet.number(row, col["mid-month"], serial, self.st.calendar_month)
            sheet.formula(row, col["mid-month, to date"], f"IF({here}<={AS_OF},"
                          f"{cell_name(row, col['mid-month'])},NA())",
                          serial if to_date else "#N/A", self.st.calendar_month)  # fmt: skip
        # #N/A after the as-of month keeps the realised line short; printed, it reads blank
        top, end = block.row(self.months[0]), block.row(self.months[-1])
        left, right = col["realised, cumulative"], col["mid-month, to date"]
        sheet.ws.conditional_format(top, left, end, right, {
            "type": "formula", "criteria": f"=ISNA({cell_name(top, left)})",
            "format": self.report.workbook.add_format({"font_color": "#FFFFFF"}),
        })  # fmt: skip

    # -- the top: to date, by line, the chart ------------------------------------------------

    def _write_lines(self) -> None:
        """Each line's figures to date, then the totals above them."""
        sheet, st = self.sheet, self.st
        header = self.top
        sheet.text(header - 1, 0, "By line, to date", st.section)
        sheet.paragraph(header, 0, "line", st.header, span=3)
        for k, title in enumerate(_BY_LINE, start=3):
            sheet.paragraph(header, k, title, st.header_right)
        sheet.height(header, 42.0)
        per = records(self.result.by_consequence())
        months = sheet.span(self.promised.row(self.months[0]),
                            self.promised.row(self.months[-1]), 1, local=True)  # fmt: skip
        col = {t: 3 + j for j, t in enumerate(_BY_LINE)}
        tol = TOLERANCE
        # every line as tall as the longest label needs, so that the rows read evenly
        room = int(sum(sheet.widths_set.get(c, 8.43) for c in range(3)) * 1.2)
        longest = max((len(str(per[c]["label"])) for c in self.lines), default=0)
        height = 13.0 * max(1, min(3, math.ceil(longest / room)))
        for k, c in enumerate(self.lines):
            row = header + 1 + k
            line = per[c]
            r_col = sheet.span(
                self.realised.row(self.months[0]),
                self.realised.row(self.months[-1]),
                _FIRST + k,
                local=True,
            )
            p_col = sheet.span(
                self.promised.row(self.months[0]),
                self.promised.row(self.months[-1]),
                _FIRST + k,
                local=True,
            )
            sheet.paragraph(row, 0, str(line["label"]), st.wrap, span=3)
            sheet.height(row, height)
            r = cell_name(row, col["realised"])
            p = cell_name(row, col["promised, months with data"])
            n = cell_name(row, col["months with data"])
            share = float(line["share_realised"])
            cells: list[tuple[str, str, float | str, Any]] = [
                ("promised to date", f'SUMIF({months},"<="&{AS_OF},{p_col})',
                 float(line["promised"]), st.money),
                ("promised, months with data", f'SUMPRODUCT(({r_col}<>"")*{p_col})',
                 float(line["promised_with_data"]), st.money),
                ("realised", f"SUM({r_col})", float(line["realised"]), st.money),
                ("variance", f"{r}-{p}",
                 float(line["realised"]) - float(line["promised_with_data"]), st.money),
                ("realised share", f'IF({p}>0,{r}/{p},"{NOT_AVAILABLE}")',
                 share if math.isfinite(share) else NOT_AVAILABLE, st.percent),
                ("status", f'IF({n}=0,"no data yet",IF({p}>0,IF({r}<{p}*(1-{tol}),'
                 f'"behind",IF({r}>{p}*(1+{tol}),"ahead","on track")),IF({r}>0.5,"ahead",'
                 f'IF({r}<-0.5,"behind","on track"))))', _STATUS[str(line["status"])],
                 st.status),
                ("months with data", f"COUNT({r_col})", float(line["months_with_data"]),
                 st.count),
            ]  # fmt: skip
            for title, formula, value, fmt in cells:
                sheet.formula(row, col[title], formula, value, fmt)
        self._write_facts(header + 1, header + len(self.lines), col)

    def _write_facts(self, first: int, last: int, col: dict[str, int]) -> None:
        sheet, st, result = self.sheet, self.st, self.result
        sheet.text(3, 0, "To date", st.section)
        sheet.text(4, 0, "Go-live", st.text)
        sheet.text(4, 5, result.go_live, st.bold_right)
        sheet.number(4, 6, float(self.months[0]), st.month_of)
        sheet.text(5, 0, "As of: the last month with an actual", st.text)
        count = sheet.span(self.actuals.row(self.months[0]), self.actuals.row(self.months[-1]),
                           _FIRST + len(self.drivers), local=True)  # fmt: skip
        month = sheet.span(self.actuals.row(self.months[0]), self.actuals.row(self.months[-1]),
                           1, local=True)  # fmt: skip
        # actuals are written to the as-of month: it stays the as-of month until a later one
        # is typed
        sheet.formula(5, 6, f"MAX({self.as_of},SUMPRODUCT(MAX(({count}>0)*{month})))",
                      float(self.as_of), st.month_of)  # fmt: skip
        self.report.define(AS_OF, sheet, 5, 6)
        periods = sheet.span(self.actuals.row(self.months[0]),
                             self.actuals.row(self.months[-1]), 0, local=True)  # fmt: skip
        shown = result.as_of if self.as_of >= self.months[0] else "none yet"
        sheet.formula(5, 5, f'IFERROR(INDEX({periods},MATCH({AS_OF},{month},0)),"none yet")',
                      shown, st.bold_right)  # fmt: skip

        def total(title: str) -> str:
            return f"SUM({sheet.span(first, last, col[title], local=True)})"

        realised, with_data = result.realised_to_date, result.promised_with_data
        share = result.share_realised
        r, p = cell_name(6, 5), cell_name(7, 5)
        facts: list[tuple[str, str, float | str, Any]] = [
            ("Realised to date", total("realised"), realised, st.money_strong),
            ("Promised to date, lines with data", total("promised, months with data"),
             with_data, st.money),
            ("Share of the promise realised", f'IF({p}>0,{r}/{p},"{NOT_AVAILABLE}")',
             share if math.isfinite(share) else NOT_AVAILABLE, st.percent_strong),
            ("Variance to date", f"{r}-{p}", realised - with_data, st.money),
            ("Promised to date, lines without data (not counted)",
             f"{total('promised to date')}-{total('promised, months with data')}",
             result.promised_to_date - with_data, st.money),
        ]  # fmt: skip
        for k, (label, formula, value, fmt) in enumerate(facts, start=6):
            sheet.text(k, 0, label, st.text)
            sheet.formula(k, 5, formula, value, fmt)
        sheet.text(11, 0, "Tolerance: a line within this share of its promise is on track",
                   st.text)  # fmt: skip
        sheet.number(11, 5, result.tolerance, st.percent)
        self.report.define(TOLERANCE, sheet, 11, 5)
        sheet.text(11, 6, "set at export", st.note)

    def _chart(self, row: int) -> None:
        """Promised and realised value, cumulative, month by month: a scatter over the
        months' first days, so that the realised line stops at the as-of month (a point
        without an x is left out by Excel and LibreOffice alike, where a line chart's
        ``#N/A`` would drop to zero in LibreOffice)."""
        first, last = self.monthly.row(self.months[0]), self.monthly.row(self.months[-1])
        chart = self.report.workbook.add_chart({"type": "scatter", "subtype": "straight"})
        name = self.sheet.name
        at = {t: _FIRST + k for k, t in enumerate(_BY_MONTH)}
        series = (
            ("promised", "mid-month", "promised, cumulative", "#7F7F7F", "dash"),
            ("realised (lines with data)", "mid-month, to date", "realised, cumulative", "#2F5597",
             "solid"),
        )  # fmt: skip
        for title, x, y, colour, dash in series:
            chart.add_series({"name": title,
                              "categories": [name, first, at[x], last, at[x]],
                              "values": [name, first, at[y], last, at[y]],
                              "line": {"color": colour, "width": 2.0, "dash_type": dash},
                              "marker": {"type": "none"}})  # fmt: skip
        chart.set_title({"name": "Promised and realised value, cumulative "
                         f"({self.report.currency})", "name_font": {"size": 11}})  # fmt: skip
        chart.set_x_axis({"date_axis": False, "num_format": "yyyy-mm",
                          "num_font": {"rotation": -45, "size": 8},
                          "min": self._serial(self.months[0]),
                          "max": self._serial(self.months[-1]),
                          "major_unit": _QUARTER})  # fmt: skip
        chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8},
                          "major_gridlines": {"visible": True,
                                              "line": {"color": "#D9D9D9"}}})  # fmt: skip
        chart.set_legend({"position": "bottom"})
        self.sheet.chart(row, 0, chart, 860, 400)

    def _serial(self, month: int) -> float:
        """The spreadsheet serial number of the 15th of timeline month ``month``: the
        chart's ticks, a quarter (91.3 days) apart from there, each fall in the month
        they name."""
        year, index = divmod(self.tracking.decided + month, MONTHS_PER_YEAR)
        return float((dt.date(year, index + 1, _MID_MONTH) - _EPOCH).days)


_BY_MONTH = ("promised, every line", "promised, lines with data", "realised", "variance",
             "promised, cumulative", "realised, cumulative", "variance, cumulative",
             "mid-month", "mid-month, to date")  # fmt: skip
"""The By month block's columns; the last two are the chart's dates (the realised line's
blank, ``#N/A``, after the as-of month: a gap in Excel and LibreOffice alike)."""
_BY_LINE = ("promised to date", "promised, months with data", "realised", "variance",
            "realised share", "status", "months with data")  # fmt: skip


def _columns(result: Realisation) -> tuple[str, ...]:
    """The drivers that get a column of actuals: those measured, else every input of the
    lines the solution addresses (a sheet to start measuring with)."""
    frame = result.drivers()
    measured = tuple(str(d) for d in frame.index[frame["measured"]])
    return measured or tuple(str(d) for d in frame.index)
