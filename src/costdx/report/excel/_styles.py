"""Cell formats of the report, following financial-modelling conventions.

Inputs are blue on light yellow and unlocked; formulas are black; headers are bold on a
light band. Money is shown in the account's currency; every percentage (a ``percent``
driver, a rate, a share) is a fraction formatted as a percentage, so 3.2 % is 0.032.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["INPUT_FILL", "INPUT_FONT", "Styles", "make_styles"]

INPUT_FONT = "#0000FF"
"""Blue: a number the customer may change."""
INPUT_FILL = "#FFF2CC"
"""Light yellow fill of input cells."""
_HEADER_FILL = "#DDEBF7"
_FONT = "Calibri"


@dataclass(frozen=True, slots=True)
class Styles:
    """The formats of one workbook (XlsxWriter ``Format`` objects)."""

    title: Any
    headline: Any
    subtitle: Any
    section: Any
    header: Any
    header_right: Any
    text: Any
    label: Any
    unit: Any
    wrap: Any
    bold: Any
    note: Any
    money: Any
    money_bold: Any
    money_big: Any
    percent: Any
    percent_big: Any
    number: Any
    number_bold: Any
    months: Any
    money_strong: Any
    percent_strong: Any
    months_strong: Any
    years: Any
    decimal: Any
    percent_fine: Any
    share: Any
    input: Any
    input_whole: Any
    input_decimal: Any
    input_percent: Any
    verdict: Any

    def input_for(self, value: float) -> Any:
        """The input format that shows ``value`` readably (the cell keeps every digit)."""
        if value.is_integer() and abs(value) < 1e15:
            return self.input_whole
        if 0.01 <= abs(value) < 1e15:
            return self.input_decimal
        return self.input


def make_styles(workbook: Any, currency: str) -> Styles:
    """Create the report's formats in ``workbook`` for money in ``currency`` (ISO code)."""

    def fmt(**props: Any) -> Any:
        return workbook.add_format({"font_name": _FONT, "font_size": 10, **props})

    money = f'#,##0 "{currency}";[Red]-#,##0 "{currency}";0 "{currency}"'
    header = {"bold": True, "bg_color": _HEADER_FILL, "bottom": 1, "valign": "top"}
    inputs = {"font_color": INPUT_FONT, "bg_color": INPUT_FILL, "locked": False, "border": 1,
              "border_color": "#BFBFBF", "valign": "top"}  # fmt: skip
    return Styles(
        title=fmt(bold=True, font_size=16, font_color="#1F3864"),
        headline=fmt(bold=True, font_size=16, font_color="#1F3864", text_wrap=True, valign="top"),
        subtitle=fmt(italic=True, font_color="#595959"),
        section=fmt(bold=True, font_size=12, font_color="#1F3864", bottom=2),
        header=fmt(**header, text_wrap=True),
        header_right=fmt(**header, text_wrap=True, align="right"),
        text=fmt(valign="top"),
        label=fmt(valign="bottom"),
        unit=fmt(valign="top", indent=1),
        wrap=fmt(text_wrap=True, valign="top"),
        bold=fmt(bold=True, valign="top"),
        note=fmt(italic=True, font_color="#595959"),
        money=fmt(num_format=money, valign="top", align="right"),
        money_bold=fmt(num_format=money, bold=True, top=1, align="right"),
        money_big=fmt(num_format=money, bold=True, font_size=14, align="right"),
        percent=fmt(num_format="0.0%", valign="top", align="right"),
        percent_big=fmt(num_format="0.0%", bold=True, font_size=14, align="right"),
        number=fmt(num_format="General", valign="top", align="right"),
        number_bold=fmt(num_format="General", bold=True, top=1, align="right"),
        months=fmt(num_format='0.0 "months"', bold=True, font_size=14, align="right"),
        money_strong=fmt(num_format=money, bold=True, align="right"),
        percent_strong=fmt(num_format="0.0%", bold=True, align="right"),
        months_strong=fmt(num_format='0.0 "months"', bold=True, align="right"),
        years=fmt(num_format="0.00", valign="top", align="right", font_color="#595959"),
        share=fmt(num_format="0.0##%", valign="top", align="right"),
        decimal=fmt(num_format="#,##0.00", valign="top", align="right"),
        percent_fine=fmt(num_format="0.0##%", valign="top", align="right"),
        input=fmt(**inputs, num_format="General"),
        input_whole=fmt(**inputs, num_format="#,##0"),
        input_decimal=fmt(**inputs, num_format="#,##0.00##"),
        input_percent=fmt(**inputs, num_format="0.0##%"),
        verdict=fmt(bold=True, font_size=14, font_color="#1F3864", align="right"),
    )
