"""The Inputs sheet: every driver with its provenance, the derived drivers, the calendar.

One row per input driver; its value cell is an input (blue on yellow, unlocked,
validated against the driver's bounds) whose defined name is the driver id. Derived
drivers follow as live formulas named by their ids, then the business calendar as named
input cells (``_cal_weeks_per_year`` ...).

A ``percent`` driver's cells (value, range, assumed; a derived one's formula) hold the
fraction formatted as a percentage: 3.2 % is 0.032, so a customer who types ``3.2%``
or ``0.032`` means 3.2 %, and formulas carry no ``*0.01`` for it.
"""

from __future__ import annotations

from costdx.model import Estimate, point_of
from costdx.report.excel._context import PERCENT, Report
from costdx.report.excel._names import calendar_name, excel_name, growth_name

__all__ = ["SHEET", "VALUE_COL", "estimate_text", "write_inputs"]

SHEET = "Inputs"
HEADER_ROW = 3
_COLUMNS = ("driver", "label", "value", "unit", "source", "evidence", "confirmed by",
            "estimate (for reference)", "assumed (Discover)", "growth / year")  # fmt: skip
_WIDTHS = {0: 23.5, 1: 23, 2: 12, 3: 14, 4: 9, 5: 26, 6: 15, 7: 15, 8: 10, 9: 8}
VALUE_COL = 2
_ASSUMED_COL = 8
_GROWTH_COL = 9


def estimate_text(estimate: Estimate, *, percent: bool = False) -> str:
    """An estimate in a few characters: ``pert 6 / 8 / 12``, ``uniform 30% to 50%`` (a
    ``percent`` driver's figures with their sign).

    >>> from costdx.model import PERT, LogNormal90, Uniform
    >>> estimate_text(PERT(6, 8, 12)), estimate_text(LogNormal90(2500, 14000))
    ('pert 6 / 8 / 12', 'lognormal90 2,500 to 14,000')
    >>> estimate_text(Uniform(30, 50), percent=True)
    'uniform 30% to 50%'
    """
    figures = [f"{v:,.6g}{'%' if percent else ''}" for v in estimate.params]
    if len(figures) == 3:
        return f"{estimate.dist} {' / '.join(figures)}"
    return f"{estimate.dist} {figures[0]} to {figures[-1]}"


_CALENDAR_LABELS = {
    "months_per_year": ("Months per year", "month/year"),
    "weeks_per_year": ("Weeks per year", "week/year"),
    "days_per_year": ("Days per year", "day/year"),
    "workdays_per_year": ("Working days per year", "workday/year"),
}


def write_inputs(report: Report) -> None:
    """Write the Inputs sheet; records every input cell and defined name in ``report``."""
    sheet = report.sheets[SHEET]
    sheet.widths(_WIDTHS)
    st = report.styles
    sheet.text(0, 0, "Inputs", st.title)
    sheet.text(
        1, 0,
        "Blue figures on yellow are inputs: change one and every total in the workbook "
        "moves. Each value cell is named after its driver id; the estimate's range is shown "
        "for reference.",
        st.subtitle,
    )  # fmt: skip
    columns = _COLUMNS if report.show_assumed else (*_COLUMNS[:_ASSUMED_COL], _COLUMNS[-1])
    growth_col = _GROWTH_COL if report.show_assumed else _ASSUMED_COL
    for col, title in enumerate(columns):
        sheet.paragraph(HEADER_ROW, col, title, st.header_right if col == VALUE_COL else st.header)
    row = HEADER_ROW + 1
    report.rows["inputs.first"] = row
    plan = report.plan
    values = report.quantification.values
    people = {p.id: p.name for p in report.case.stakeholders}
    for index, driver in enumerate(report.case.drivers):
        if driver.derived:
            continue
        path = (*report.prefix, "drivers", index)
        sheet.text(row, 0, driver.id, st.text)
        sheet.paragraph(row, 1, driver.label, st.wrap)
        bounds = driver.bounds
        percent = driver.id in report.percent
        scale = PERCENT if percent else 1.0
        figure = st.percent_fine if percent else st.number
        report.add_input(
            sheet, row, VALUE_COL, kind="driver", key=driver.id, name=excel_name(driver.id),
            value=values[driver.id], path=(*path, "value"),
            low=bounds.min if bounds is not None else None,
            high=bounds.max if bounds is not None else None, percent=percent, scale=scale,
        )  # fmt: skip
        sheet.text(row, 3, plan.units[driver.id], st.unit)
        sheet.text(row, 4, driver.effective_source.value, st.text)
        sheet.paragraph(row, 5, driver.evidence, st.wrap)
        if driver.confirmed_by:
            who = people.get(driver.confirmed_by, driver.confirmed_by)
            when = f"\n{driver.confirmed_on.isoformat()}" if driver.confirmed_on else ""
            sheet.paragraph(row, 6, who + when, st.wrap)
        if driver.estimate is not None:
            sheet.paragraph(row, 7, estimate_text(driver.estimate, percent=percent), st.wrap)
        if driver.assumed is not None and report.show_assumed:
            assumed = point_of(driver.assumed)
            shown = figure if percent else st.number_for(assumed)
            sheet.number(row, _ASSUMED_COL, assumed * scale, shown)
        if driver.growth is not None:
            report.add_input(
                sheet, row, growth_col, kind="growth", key=driver.id,
                name=growth_name(driver.id), value=driver.growth, path=(*path, "growth"),
                low=-1.0, high=10.0, open_low=True, percent=True,
            )  # fmt: skip
        row += 1
    report.rows["inputs.last"] = row - 1
    row = _write_derived(report, row + 1)
    _write_calendar(report, row + 1)
    sheet.long_table(HEADER_ROW, columns=1)


def _write_derived(report: Report, row: int) -> int:
    sheet = report.sheets[SHEET]
    st = report.styles
    plan = report.plan
    if not plan.derived:
        return row
    sheet.text(row, 0, "Derived drivers (formulas over the inputs; not inputs)", st.section)
    row += 1
    for col, title in enumerate(("driver", "label", "value", "unit", "source", "formula")):
        sheet.paragraph(row, col, title, st.header)
    row += 1
    values = report.quantification.values
    for step in plan.derived:
        driver = plan.drivers[step.id]
        sheet.text(row, 0, step.id, st.text)
        sheet.paragraph(row, 1, driver.label, st.wrap)
        percent = step.id in report.percent
        value = values[step.id] * PERCENT if percent else values[step.id]
        sheet.formula(row, VALUE_COL, report.derived_formula(step), value,
                      st.percent_fine if percent else st.number_for(value))  # fmt: skip
        report.define(excel_name(step.id), sheet, row, VALUE_COL)
        sheet.text(row, 3, plan.units[step.id], st.unit)
        sheet.text(row, 4, "derived", st.text)
        sheet.paragraph(row, 5, driver.formula or "", st.wrap)
        row += 1
    return row


def _write_calendar(report: Report, row: int) -> None:
    sheet = report.sheets[SHEET]
    st = report.styles
    sheet.text(row, 0, "Business calendar", st.section)
    row += 1
    for col, title in enumerate(("figure", "label", "value", "unit")):
        sheet.paragraph(row, col, title, st.header)
    row += 1
    for constant, value in report.case.calendar.per_year().items():
        label, unit = _CALENDAR_LABELS.get(constant, (constant, ""))
        sheet.text(row, 0, constant, st.text)
        sheet.text(row, 1, label, st.text)
        report.add_input(
            sheet, row, VALUE_COL, kind="calendar", key=constant, name=calendar_name(constant),
            value=value, path=(*report.prefix, "calendar", constant), low=0.0, high=1000.0,
            open_low=True,
        )  # fmt: skip
        sheet.text(row, 3, unit, st.unit)
        row += 1
