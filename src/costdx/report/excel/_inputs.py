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

from costdx.model import point_of
from costdx.report.excel._context import PERCENT, Report
from costdx.report.excel._names import calendar_name, excel_name, growth_name

__all__ = ["SHEET", "write_inputs"]

SHEET = "Inputs"
HEADER_ROW = 3
_COLUMNS = ("driver", "label", "value", "unit", "source", "evidence", "confirmed by",
            "confirmed on", "estimate", "low", "likely", "high", "assumed (Discover)",
            "growth / year")  # fmt: skip
_WIDTHS = {0: 24, 1: 36, 2: 13, 3: 17, 4: 10, 5: 40, 6: 15, 7: 11, 8: 10, 9: 9, 10: 9,
           11: 9, 12: 11, 13: 9}  # fmt: skip
VALUE_COL = 2
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
        "moves. Each value cell is named after its driver id.",
        st.subtitle,
    )  # fmt: skip
    for col, title in enumerate(_COLUMNS):
        sheet.paragraph(HEADER_ROW, col, title, st.header)
    row = HEADER_ROW + 1
    plan = report.plan
    values = report.quantification.values
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
        sheet.text(row, 6, driver.confirmed_by or "", st.text)
        sheet.text(row, 7, driver.confirmed_on.isoformat() if driver.confirmed_on else "", st.text)
        estimate = driver.estimate
        if estimate is not None:
            sheet.text(row, 8, estimate.dist, st.text)
            sheet.number(row, 9, estimate.low * scale, figure)
            if len(estimate.params) == 3:
                sheet.number(row, 10, estimate.params[1] * scale, figure)
            sheet.number(row, 11, estimate.high * scale, figure)
        if driver.assumed is not None:
            sheet.number(row, 12, point_of(driver.assumed) * scale, figure)
        if driver.growth is not None:
            report.add_input(
                sheet, row, 13, kind="growth", key=driver.id, name=growth_name(driver.id),
                value=driver.growth, path=(*path, "growth"), low=-1.0, high=10.0,
                open_low=True, percent=True,
            )  # fmt: skip
        row += 1
    report.rows["inputs.last"] = row - 1
    row = _write_derived(report, row + 1)
    _write_calendar(report, row + 1)
    sheet.finish(header_row=HEADER_ROW)


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
                      st.percent_fine if percent else st.decimal)  # fmt: skip
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
