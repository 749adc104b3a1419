"""Cell formats of the report, following financial-modelling conventions.

Inputs are blue on light yellow and unlocked; formulas are black; headers are bold on a
light band; figures computed at export (not live) sit under a grey band that says so.
Money is shown in the account's currency without decimals; every percentage (a ``percent``
driver, a rate, a share) is a fraction formatted as a percentage, so 3.2 % is 0.032; rates
and shares with one decimal, payback in months with one decimal: one format per kind of
figure, so the same number shows the same digits on every sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["INPUT_FILL", "INPUT_FONT", "Styles", "make_styles"]

INPUT_FONT = "#0000FF"
"""Blue: a number the customer may change."""
INPUT_FILL = "#FFF2CC"
"""Light yellow fill of input cells."""
EXPORT_FILL = "#EDEDED"
"""Grey band over figures computed at export, which do not move with the inputs."""
_HEADER_FILL = "#DDEBF7"
_FONT = "Calibri"
_GREY = "#595959"
_NAVY = "#1F3864"

PERCENT = "0.0%"
MONTHS = '0.0 "months"'
MULTIPLE = '0.0"x"'
COUNT = "#,##0"


@dataclass(frozen=True, slots=True)
class Styles:
    """The formats of one workbook (XlsxWriter ``Format`` objects)."""

    title: Any
    headline: Any
    subtitle: Any
    section: Any
    export_section: Any
    header: Any
    header_right: Any
    header_year: Any
    header_centre: Any
    header_up: Any
    text: Any
    label: Any
    unit: Any
    wrap: Any
    bold: Any
    note: Any
    warning: Any
    money: Any
    money_bold: Any
    money_big: Any
    money_strong: Any
    percent: Any
    percent_bold: Any
    percent_big: Any
    percent_strong: Any
    rate_label: Any
    months: Any
    months_strong: Any
    months_big: Any
    multiple: Any
    count: Any
    number: Any
    number_bold: Any
    decimal: Any
    month: Any
    percent_fine: Any
    share: Any
    input: Any
    input_whole: Any
    input_decimal: Any
    input_small: Any
    input_percent: Any
    input_money: Any
    input_months: Any
    verdict: Any
    status: Any
    status_note: Any
    rank: Any
    key: Any
    effect: Any
    months_figure: Any
    calendar_month: Any
    month_of: Any
    bold_right: Any

    def input_for(self, value: float) -> Any:
        """The input format that shows ``value`` readably (the cell keeps every digit):
        whole numbers and figures of 100 or more without decimals, the rest with up to
        two (``5,916``, ``4.5``, ``0.35``); smaller than 0.01 in General."""
        size = abs(value)
        if (value.is_integer() or size >= 100) and size < 1e15:
            return self.input_whole
        if size >= 1:
            return self.input_decimal
        return self.input_small if size >= 0.01 else self.input

    def number_for(self, value: float, *, bold: bool = False) -> Any:
        """The format of a computed figure in a driver's own unit, as `input_for`."""
        if bold:
            return self.number_bold
        size = abs(value)
        return self.count if value.is_integer() or size >= 100 else self.decimal


def make_styles(workbook: Any, currency: str) -> Styles:
    """Create the report's formats in ``workbook`` for money in ``currency`` (ISO code)."""

    def fmt(**props: Any) -> Any:
        return workbook.add_format({"font_name": _FONT, "font_size": 10, **props})

    money = f'#,##0 "{currency}";[Red]-#,##0 "{currency}";0 "{currency}"'
    header = {"bold": True, "bg_color": _HEADER_FILL, "bottom": 1, "valign": "top"}
    inputs = {"font_color": INPUT_FONT, "bg_color": INPUT_FILL, "locked": False, "border": 1,
              "border_color": "#BFBFBF", "valign": "top", "align": "right"}  # fmt: skip
    right = {"valign": "top", "align": "right"}
    big = {"bold": True, "font_size": 14, "align": "right"}
    strong = {"bold": True, "align": "right", "valign": "top"}
    return Styles(
        title=fmt(bold=True, font_size=16, font_color=_NAVY),
        headline=fmt(bold=True, font_size=16, font_color=_NAVY, text_wrap=True, valign="top"),
        subtitle=fmt(italic=True, font_color=_GREY),
        section=fmt(bold=True, font_size=12, font_color=_NAVY, bottom=2),
        export_section=fmt(
            bold=True, font_size=12, font_color=_NAVY, bottom=2, bg_color=EXPORT_FILL
        ),
        header=fmt(**header, text_wrap=True),
        header_right=fmt(**header, text_wrap=True, align="right"),
        header_year=fmt(**header, align="right", num_format='"year "0'),
        header_centre=fmt(**header, text_wrap=True, align="center"),
        header_up=fmt(**{**header, "valign": "bottom"}, rotation=90, align="center"),
        text=fmt(valign="top"),
        label=fmt(valign="bottom"),
        unit=fmt(valign="top", indent=2),
        wrap=fmt(text_wrap=True, valign="top"),
        bold=fmt(bold=True, valign="top"),
        note=fmt(italic=True, font_color=_GREY, text_wrap=True, valign="top"),
        warning=fmt(bold=True, font_color="#C00000", text_wrap=True, valign="top"),
        money=fmt(num_format=money, **right),
        money_bold=fmt(num_format=money, bold=True, top=1, align="right"),
        money_big=fmt(num_format=money, **big),
        money_strong=fmt(num_format=money, **strong),
        percent=fmt(num_format=PERCENT, **right),
        percent_bold=fmt(num_format=PERCENT, bold=True, top=1, align="right"),
        percent_big=fmt(num_format=PERCENT, **big),
        percent_strong=fmt(num_format=PERCENT, **strong),
        rate_label=fmt(
            num_format='"at "0.0%" a year"', italic=True, font_color=_GREY, valign="bottom"
        ),
        months=fmt(num_format=MONTHS, **right),
        months_strong=fmt(num_format=MONTHS, **strong),
        months_big=fmt(num_format=MONTHS, **big),
        multiple=fmt(num_format=MULTIPLE, **right),
        count=fmt(num_format=COUNT, **right),
        number=fmt(num_format="General", **right),
        number_bold=fmt(num_format=COUNT, bold=True, top=1, align="right"),
        decimal=fmt(num_format="#,##0.0#", **right),
        month=fmt(num_format="0", **right),
        percent_fine=fmt(num_format="0.0##%", **right),
        share=fmt(num_format="0.0##%", **right),
        input=fmt(**inputs, num_format="General"),
        input_whole=fmt(**inputs, num_format="#,##0"),
        input_decimal=fmt(**inputs, num_format="#,##0.0#"),
        input_small=fmt(**inputs, num_format="0.0###"),
        input_percent=fmt(**inputs, num_format="0.0##%"),
        input_money=fmt(**inputs, num_format=money),
        input_months=fmt(**inputs, num_format='0 "months"'),
        verdict=fmt(bold=True, font_size=14, font_color=_NAVY, align="right"),
        status=fmt(bold=True, align="center", valign="top"),
        status_note=fmt(italic=True, font_color=_GREY, align="center", valign="top"),
        rank=fmt(num_format='"P"0', **right),
        key=fmt(bold=True, valign="top"),
        effect=fmt(num_format="0%", **right),
        months_figure=fmt(num_format="0.0", **right),
        calendar_month=fmt(num_format="yyyy-mm", **right),
        month_of=fmt(num_format='"month "0', italic=True, font_color=_GREY, valign="top"),
        bold_right=fmt(bold=True, align="right", valign="top"),
    )
