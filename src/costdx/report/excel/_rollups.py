"""Roll-ups over the Problems sheet: by stakeholder, department and source; and the gaps.

A consequence borne by several stakeholders is split evenly: the allocation table on
the By stakeholder sheet has one row per consequence and bearer with its share, so the
roll-ups are plain ``SUMPRODUCT`` s over live cells. ``SUMPRODUCT((range=key)*values)``
compares exactly, where ``SUMIF`` would read ``*``, ``?`` or a leading ``<`` in a
department name as a pattern; sources are costdx's own four words, so they are counted
with ``COUNTIF``. Each roll-up ends with its total row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from costdx.engine import UNASSIGNED
from costdx.model import Kind, Source
from costdx.report.excel import _problems
from costdx.report.excel._context import Report, records
from costdx.report.excel._names import excel_name
from costdx.report.excel._sheet import Sheet

__all__ = ["write_gaps", "write_rollups"]

STAKEHOLDERS = "By stakeholder"
DEPARTMENTS = "By department"
SOURCES = "By source"
GAPS = "Gaps"
HEADER_ROW = 3


def _headers(report: Report, sheet: Sheet, row: int, titles: tuple[str, ...], money: int) -> None:
    for col, title in enumerate(titles):
        fmt = report.styles.header_right if col >= money else report.styles.header
        sheet.paragraph(row, col, title, fmt)


def _share_formula(sheet: Sheet, row: int, col: int, total: str) -> str:
    cell = sheet.ref(row, col, local=True)
    return f"IF({total}=0,0,{cell}/{total})"


def write_rollups(report: Report) -> None:
    """Write the By stakeholder, By department and By source sheets."""
    alloc = _write_stakeholders(report)
    _write_departments(report, alloc)
    _write_sources(report)


def _write_stakeholders(report: Report) -> tuple[str, str, str, str]:
    sheet = report.sheets[STAKEHOLDERS]
    sheet.widths({0: 22, 1: 22, 2: 26, 3: 18, 4: 15, 5: 15, 6: 9})
    st = report.styles
    q = report.quantification
    frame = records(q.by_stakeholder())
    people = {s.id: s for s in report.case.stakeholders}
    sheet.text(0, 0, "Cost by stakeholder", st.title)
    sheet.text(
        1, 0,
        "A consequence borne by several stakeholders is split evenly among them (see the "
        "allocation below); live formulas over the Problems sheet.",
        st.subtitle,
    )  # fmt: skip
    _headers(report, sheet, HEADER_ROW, ("stakeholder", "name", "role", "department",
             "cost per year", "one-time cost", "share"), 4)  # fmt: skip
    # The allocation goes below the summary and its total: one row per consequence and bearer.
    top = HEADER_ROW + 1
    alloc_title = top + len(frame) + 3
    first = alloc_title + 2
    plan = report.plan
    kinds = {step.id: step.kind.value for step in plan.consequences}
    rows: list[tuple[str, str, str, float, str, float, float]] = []
    for part in q.allocation():
        person = people.get(part.stakeholder)
        department = (person.department if person else "") or UNASSIGNED
        rows.append((part.consequence, part.stakeholder, department, part.share,
                     kinds[part.consequence], part.annual, part.one_time))  # fmt: skip
    last = first + len(rows) - 1
    sheet.text(alloc_title, 0, "Allocation: each consequence split among those who bear it",
               st.section)  # fmt: skip
    _headers(report, sheet, alloc_title + 1, ("consequence", "stakeholder", "department",
             "share", "cost per year", "one-time cost"), 3)  # fmt: skip
    problems = report.sheets[_problems.SHEET]
    for offset, (cid, who, department, share, kind, annual, once) in enumerate(rows):
        row = first + offset
        sheet.text(row, 0, cid, st.text)
        sheet.text(row, 1, who, st.text)
        sheet.text(row, 2, department, st.text)
        sheet.number(row, 3, share, st.percent)
        source_row = report.rows[f"cons.{cid}"]
        share_cell = sheet.ref(row, 3, local=True)
        for col, source_col, value in ((4, _problems.ANNUAL_COL, annual),
                                       (5, _problems.ONE_TIME_COL, once)):  # fmt: skip
            if (kind == Kind.RECURRING.value) == (col == 4):
                cost = problems.ref(source_row, source_col)
                sheet.formula(row, col, f"{cost}*{share_cell}", value, st.money)
            else:
                sheet.number(row, col, 0.0, st.money)
    keys = sheet.span(first, last, 1, local=True)
    annual_span = sheet.span(first, last, 4, local=True)
    once_span = sheet.span(first, last, 5, local=True)
    total = report.refs["problems.annual_total"]
    for offset, (who, figures) in enumerate(frame.items()):
        row = top + offset
        sheet.text(row, 0, who, st.text)
        person = people.get(who)
        sheet.text(row, 1, person.name if person else "", st.text)
        sheet.text(row, 2, person.role if person else "", st.text)
        sheet.text(row, 3, (person.department if person else "") or UNASSIGNED, st.text)
        _rollup(
            report, sheet, row, col=4, spans=(keys, annual_span, once_span, total), figures=figures
        )
    _total_row(report, sheet, top + len(frame), top, col=4)
    sheet.long_table(HEADER_ROW)
    departments = sheet.span(first, last, 2)
    return departments, sheet.span(first, last, 4), sheet.span(first, last, 5), total


def _write_departments(report: Report, alloc: tuple[str, str, str, str]) -> None:
    keys, annual_span, once_span, total = alloc
    sheet = report.sheets[DEPARTMENTS]
    sheet.widths({0: 30, 1: 16, 2: 16, 3: 9})
    st = report.styles
    frame = records(report.quantification.by_department())
    sheet.text(0, 0, "Cost by department", st.title)
    sheet.text(1, 0, "From the stakeholder allocation (sheet By stakeholder); live formulas.",
               st.subtitle)  # fmt: skip
    _headers(report, sheet, HEADER_ROW, ("department", "cost per year", "one-time cost",
             "share"), 1)  # fmt: skip
    for offset, (department, figures) in enumerate(frame.items()):
        row = HEADER_ROW + 1 + offset
        sheet.text(row, 0, department, st.text)
        _rollup(
            report, sheet, row, col=1, spans=(keys, annual_span, once_span, total), figures=figures
        )
    _total_row(report, sheet, HEADER_ROW + 1 + len(frame), HEADER_ROW + 1, col=1)
    sheet.long_table(HEADER_ROW)


def _total_row(report: Report, sheet: Sheet, row: int, first: int, *, col: int) -> None:
    """The total of the roll-up rows ``first … row − 1``: cost per year, one-time cost and
    share, each the sum of the column above."""
    st = report.styles
    q = report.quantification
    sheet.text(row, 0, "Total", st.bold)
    figures = ((q.annual_cost, st.money_bold), (q.one_time_cost, st.money_bold),
               (1.0 if q.annual_cost else 0.0, st.percent_bold))  # fmt: skip
    for offset, (value, fmt) in enumerate(figures):
        span = sheet.span(first, row - 1, col + offset, local=True)
        sheet.formula(row, col + offset, f"SUM({span})", value, fmt)


def _rollup(
    report: Report,
    sheet: Sheet,
    row: int,
    *,
    col: int,
    spans: tuple[str, str, str, str],
    figures: Mapping[str, Any],
) -> None:
    """Cost per year, one-time cost and share of the row whose key is in column 0, from
    ``spans`` = (keys, annual costs, one-time costs, annual total), in columns ``col``…"""
    keys, annual, once, total = spans
    st = report.styles
    key = sheet.ref(row, 0, local=True)
    sheet.formula(row, col, f"SUMPRODUCT(({keys}={key})*{annual})",
                  float(figures["annual_cost"]), st.money)  # fmt: skip
    sheet.formula(row, col + 1, f"SUMPRODUCT(({keys}={key})*{once})",
                  float(figures["one_time_cost"]), st.money)  # fmt: skip
    sheet.formula(row, col + 2, _share_formula(sheet, row, col, total),
                  float(figures["share"]), st.percent)  # fmt: skip


def _write_sources(report: Report) -> None:
    sheet = report.sheets[SOURCES]
    sheet.widths({0: 16, 1: 14, 2: 16, 3: 16, 4: 9})
    st = report.styles
    frame = records(report.quantification.by_source())
    problems = report.sheets[_problems.SHEET]
    first, last = report.rows["problems.first"], report.rows["problems.last"]
    sources = problems.span(first, last, _problems.SOURCE_COL)
    annual = problems.span(first, last, _problems.ANNUAL_COL)
    once = problems.span(first, last, _problems.ONE_TIME_COL)
    total = report.refs["problems.annual_total"]
    sheet.text(0, 0, "Cost by source", st.title)
    sheet.text(
        1, 0,
        "Each consequence counts toward the weakest source among its inputs: measured, "
        "stated by the customer, benchmark, or the seller's estimate.",
        st.subtitle,
    )  # fmt: skip
    _headers(report, sheet, HEADER_ROW, ("source", "consequences", "cost per year",
             "one-time cost", "share"), 1)  # fmt: skip
    for offset, source in enumerate(Source):
        figures = frame[source.value]
        row = HEADER_ROW + 1 + offset
        sheet.text(row, 0, source.value, st.text)
        key = sheet.ref(row, 0, local=True)
        sheet.formula(row, 1, f"COUNTIF({sources},{key})", float(figures["consequences"]),
                      st.count)  # fmt: skip
        _rollup(report, sheet, row, col=2, spans=(sources, annual, once, total), figures=figures)
    last = HEADER_ROW + len(Source)
    counted = sheet.span(HEADER_ROW + 1, last, 1, local=True)
    sheet.formula(last + 1, 1, f"SUM({counted})", float(len(report.plan.consequences)),
                  st.number_bold)  # fmt: skip
    _total_row(report, sheet, last + 1, HEADER_ROW + 1, col=2)
    sheet.long_table(HEADER_ROW)


def write_gaps(report: Report) -> None:
    """Write the Gaps sheet: each symptom's metric against its target, live, in the
    metric's own unit (a percentage metric shows its gap in percentage points), and the
    current value as a multiple of the target."""
    sheet = report.sheets[GAPS]
    sheet.widths({0: 18, 1: 18, 2: 34, 3: 20, 4: 11, 5: 11, 6: 11, 7: 11, 8: 14})
    st = report.styles
    frame = records(report.quantification.gaps())
    sheet.text(0, 0, "Performance gaps", st.title)
    sheet.text(1, 0, "Current value of each symptom's metric against its target; gap = "
               "current − target, in the metric's unit.", st.subtitle)  # fmt: skip
    _headers(report, sheet, HEADER_ROW, ("symptom", "problem", "description", "metric",
             "current", "target", "gap", "current ÷ target"), 4)  # fmt: skip
    sheet.text(HEADER_ROW, 8, "unit", st.header)
    targets = {s.id: s.target for p in report.case.problems for s in p.symptoms}
    formats = _GapFormats(report)
    for offset, (symptom, figures) in enumerate(frame.items()):
        row = HEADER_ROW + 1 + offset
        metric = str(figures["metric"])
        target = targets[str(symptom)]
        unit = str(figures["unit"])
        for col, text in enumerate((symptom, figures["problem"], figures["description"], metric)):
            if col == 2:
                sheet.paragraph(row, col, text, st.wrap)
            else:
                sheet.text(row, col, text, st.text)
        # a percent metric's cells hold fractions, as its input cells do
        scale = report.scale(metric)
        current = float(figures["current"])
        sheet.formula(row, 4, excel_name(metric), current * scale, formats.value(scale, current))
        sheet.text(row, 8, unit, st.unit)
        if target is None:
            continue
        now, goal = sheet.ref(row, 4, local=True), sheet.ref(row, 5, local=True)
        aim = float(figures["target"])
        sheet.formula(row, 5, excel_name(target), aim * scale, formats.value(scale, aim))
        sheet.formula(row, 6, f"{now}-{goal}", float(figures["gap"]) * scale, formats.gap(scale))
        ratio = current / aim if aim else math.nan
        sheet.formula(row, 7, f'IF({goal}=0,"n/a",{now}/{goal})', ratio, formats.ratio)
    sheet.long_table(HEADER_ROW, columns=1)


class _GapFormats:
    """Formats of the Gaps sheet by how the metric's cells hold it."""

    def __init__(self, report: Report) -> None:
        workbook = report.workbook

        def fmt(num_format: str) -> Any:
            return workbook.add_format({"font_name": "Calibri", "font_size": 10,
                                        "num_format": num_format, "align": "right",
                                        "valign": "top"})  # fmt: skip

        self._styles = report.styles
        self._signed_percent = fmt("+0.0%;-0.0%;0.0%")
        self._signed = fmt("+#,##0.0#;-#,##0.0#;0")
        self.ratio = fmt('0.00"x"')

    def value(self, scale: float, value: float) -> Any:
        """A metric's value: a percentage where its cell holds a fraction, else a number."""
        return self._styles.percent if scale != 1.0 else self._styles.number_for(value)

    def gap(self, scale: float) -> Any:
        """A gap, signed: in percentage points where the metric is a percentage."""
        return self._signed_percent if scale != 1.0 else self._signed
