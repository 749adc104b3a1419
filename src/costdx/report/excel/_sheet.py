"""Writing cells by costdx's rules: case text is always text, formulas carry their values.

`Sheet` wraps an XlsxWriter worksheet. Text from a case (titles, evidence, names)
goes through `Sheet.text`, which writes it as a string cell whatever it looks like
(``=HYPERLINK(...)`` stays text) after removing the characters a workbook cannot hold;
every formula is written with its cached value, so readers that do not recalculate
(openpyxl ``data_only=True``, pandas) still see the numbers.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_TEXT",
    "NOT_AVAILABLE",
    "InputCell",
    "Sheet",
    "cell_name",
    "clean_text",
    "column_name",
    "short_name",
]

MAX_TEXT = 32_767
"""The most characters a cell holds."""
NOT_AVAILABLE = "n/a"
"""Shown where a figure does not exist (IRR without a root, ROI without investment)."""

# XML 1.0 cannot hold C0 controls other than tab, LF and CR, lone surrogates or U+FFFE/F.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def column_name(col: int) -> str:
    """The letters of a 0-based column: ``column_name(0) == "A"``, ``column_name(26) == "AA"``.

    >>> column_name(0), column_name(25), column_name(26), column_name(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int, *, absolute: bool = False) -> str:
    """A1-style name of a 0-based cell: ``cell_name(4, 2) == "C5"`` (``$C$5`` if absolute)."""
    dollar = "$" if absolute else ""
    return f"{dollar}{column_name(col)}{dollar}{row + 1}"


def _quoted(sheet: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def clean_text(value: str) -> str:
    r"""``value`` without characters a workbook cannot hold, cut to a cell's 32,767.

    >>> clean_text("a\x00b\x07c\tok")
    'abc\tok'
    """
    cleaned = _UNWRITABLE.sub("", value)
    return cleaned if len(cleaned) <= MAX_TEXT else cleaned[: MAX_TEXT - 1] + "…"


def short_name(name: str, limit: int = 40) -> str:
    """A solution's name as a label: up to its first colon, at most ``limit`` characters.

    >>> short_name("Northwind Ops: condition monitoring and order capture")
    'Northwind Ops'
    """
    head = name.split(":", 1)[0].strip() or name
    return head if len(head) <= limit else head[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class InputCell:
    """One input cell of the report, as recorded in the embedded case.

    ``kind`` is ``driver``, ``calendar``, ``growth``, ``fraction``, ``discount_rate`` or
    ``risk``; ``key`` says which (a driver id, ``weeks_per_year``, ``solution/consequence``,
    a source); ``path`` is where the figure sits in the case data
    (``("drivers", 3, "value")``), ``low``/``high`` the range the cell must stay in and
    ``open_low`` whether ``low`` itself is excluded, ``whole`` whether only whole numbers
    are accepted (a start month, months to full effect). ``value``, ``low`` and ``high`` are
    as the cell holds them: the case's figure times ``scale`` (0.01 for a ``percent``
    driver, whose cell holds 3.2 % as 0.032); ``percent`` says the cell shows a percentage.
    """

    kind: str
    key: str
    name: str
    sheet: str
    cell: str
    value: float
    path: tuple[str | int, ...]
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    scale: float = 1.0
    percent: bool = False
    whole: bool = False

    def as_json(self) -> dict[str, Any]:
        """Plain data for the embedded JSON."""
        data = {
            "kind": self.kind, "key": self.key, "name": self.name, "sheet": self.sheet,
            "cell": self.cell, "value": self.value, "path": list(self.path), "low": self.low,
            "high": self.high, "open_low": self.open_low, "scale": self.scale,
            "percent": self.percent,
        }  # fmt: skip
        if self.whole:
            data["whole"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InputCell:
        """The inverse of `as_json`."""
        return cls(
            kind=str(data["kind"]), key=str(data["key"]), name=str(data["name"]),
            sheet=str(data["sheet"]), cell=str(data["cell"]), value=float(data["value"]),
            path=tuple(data["path"]), low=data.get("low"), high=data.get("high"),
            open_low=bool(data.get("open_low", False)), scale=float(data.get("scale", 1.0)),
            percent=bool(data.get("percent", False)), whole=bool(data.get("whole", False)),
        )  # fmt: skip

    def figure(self, cell_value: float) -> float:
        """The case's figure for what the cell holds (a percent cell's 0.035 is 3.5), to
        the 15 digits a spreadsheet keeps.

        >>> InputCell("driver", "d", "d", "Inputs", "C5", 0.032, (), scale=0.01).figure(0.035)
        3.5
        """
        if self.scale == 1.0:
            return cell_value
        return float(f"{cell_value / self.scale:.15g}")

    def describe_range(self) -> str:
        """``[0, 100]``, ``> -1``, ``[0%, 100%]``, ``a whole number in [0, 600]`` and so on."""

        def shown(bound: float) -> str:
            return f"{bound * 100:g}%" if self.percent else f"{bound:g}"

        left = "(" if self.open_low else "["
        if self.low is not None and self.high is not None:
            text = f"{left}{shown(self.low)}, {shown(self.high)}]"
        elif self.low is not None:
            text = f"{'>' if self.open_low else '>='} {shown(self.low)}"
        else:
            text = f"<= {shown(self.high)}" if self.high is not None else "any number"
        return f"a whole number in {text}" if self.whole else text

    def accepts(self, value: float) -> bool:
        """Whether ``value`` lies in the cell's range (and is whole, where it must be)."""
        if self.whole and not float(value).is_integer():
            return False
        if self.low is not None and (value <= self.low if self.open_low else value < self.low):
            return False
        return self.high is None or value <= self.high


class Sheet:
    """An XlsxWriter worksheet and its name, with costdx's writing rules.

    It remembers the column widths, the last row and column written and the charts
    placed, so that the page set-up (`costdx.report.excel._print`) can measure what
    will be printed.
    """

    def __init__(self, worksheet: Any, name: str) -> None:
        self.ws = worksheet
        self.name = name
        self.widths_set: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.last_row = 0
        self.last_col = 0
        self.charts: list[tuple[int, int, int, int]] = []
        """(row, column, width, height in pixels) of each chart."""
        self.freeze: tuple[int, int] | None = None
        """The first unfrozen row and column, if panes are frozen."""
        self.title_rows: tuple[int, int] | None = None
        """Rows repeated at the top of every printed page."""
        self.title_cols = 0
        """Columns repeated on every page when the sheet prints across pages."""
        self.breaks: list[int] = []
        """Rows that start a new printed page."""
        self._lines: dict[int, int] = {}

    def _used(self, row: int, col: int) -> None:
        self.last_row = max(self.last_row, row)
        self.last_col = max(self.last_col, col)

    def text(self, row: int, col: int, value: object, fmt: Any = None) -> None:
        """Write ``value`` as a string cell, never as a formula or number."""
        shown = clean_text(str(value))
        self._used(row, col)
        if shown:
            self.ws.write_string(row, col, shown, fmt)
        elif fmt is not None:
            self.ws.write_blank(row, col, None, fmt)

    def paragraph(
        self, row: int, col: int, value: object, fmt: Any = None, *, span: int = 1
    ) -> None:
        """Write wrapping text and make its row tall enough to show it (set widths first);
        with ``span`` > 1 the text is merged across that many columns."""
        shown = clean_text(str(value))
        if span > 1:
            self.ws.merge_range(row, col, row, col + span - 1, "", fmt)
            self._used(row, col + span - 1)
        self.text(row, col, shown, fmt)
        # a column of w characters (the default font's digits) holds about 1.2 w characters
        # of 10-point text
        chars = sum(self.widths_set.get(c, 8.43) for c in range(col, col + span))
        width = max(1, int(chars * 1.2))
        if len(shown) <= width and "\n" not in shown:
            return
        lines = sum(len(textwrap.wrap(part, width)) or 1 for part in shown.split("\n"))
        self._lines[row] = max(self._lines.get(row, 1), min(lines, 15))

    def number(self, row: int, col: int, value: float, fmt: Any = None) -> None:
        """Write a number; ``nan`` shows as ``n/a``."""
        self._used(row, col)
        if math.isfinite(value):
            self.ws.write_number(row, col, value, fmt)
        else:
            self.ws.write_string(row, col, NOT_AVAILABLE, fmt)

    def formula(
        self, row: int, col: int, formula: str, value: float | str, fmt: Any = None
    ) -> None:
        """Write ``=formula`` with its cached ``value`` (``nan`` caches as ``n/a``)."""
        if isinstance(value, float) and not math.isfinite(value):
            value = NOT_AVAILABLE
        self._used(row, col)
        self.ws.write_formula(row, col, "=" + formula, fmt, value)

    def chart(self, row: int, col: int, chart: Any, width: int, height: int) -> None:
        """Place ``chart`` at a cell with its size in pixels."""
        chart.set_size({"width": width, "height": height})
        self.ws.insert_chart(row, col, chart)
        self.charts.append((row, col, width, height))

    def height(self, row: int, points: float) -> None:
        """Set a row's height in points."""
        self.heights[row] = points
        self.ws.set_row(row, points)

    def ref(self, row: int, col: int, *, local: bool = False) -> str:
        """An absolute reference to a cell, ``'Sheet name'!$C$5`` (``$C$5`` if ``local``)."""
        cell = cell_name(row, col, absolute=True)
        return cell if local else f"{_quoted(self.name)}!{cell}"

    def span(self, first: int, last: int, col: int, *, local: bool = False) -> str:
        """An absolute reference to rows ``first..last`` of one column."""
        column = column_name(col)
        cells = f"${column}${first + 1}:${column}${last + 1}"
        return cells if local else f"{_quoted(self.name)}!{cells}"

    def across(self, row: int, first: int, last: int, *, local: bool = True) -> str:
        """An absolute reference to columns ``first..last`` of one row: ``$D$9:$G$9``."""
        cells = f"{self.ref(row, first, local=True)}:{self.ref(row, last, local=True)}"
        return cells if local else f"{_quoted(self.name)}!{cells}"

    def address(self, row: int, col: int) -> str:
        """The cell as people write it in messages: ``Inputs!C5``."""
        return f"{self.name}!{cell_name(row, col)}"

    def widths(self, widths: Mapping[int, float]) -> None:
        """Set column widths in characters."""
        for col, width in widths.items():
            self.widths_set[col] = width
            self.ws.set_column(col, col, width)

    def long_table(self, header_row: int, *, columns: int = 0) -> None:
        """Freeze the panes below ``header_row`` (and left of ``columns``) and repeat the
        rows down to it on every printed page."""
        self.freeze = (header_row + 1, columns)
        self.title_rows = (0, header_row)
        self.title_cols = max(self.title_cols, columns)

    def fit_rows(self) -> None:
        """Make the rows of wrapped paragraphs tall enough for their lines."""
        for row, lines in self._lines.items():
            if lines > 1 and row not in self.heights:
                self.height(row, 13.0 * lines)

    def protect(self) -> None:
        """Protect the sheet without a password: inputs stay editable, formulas do not."""
        self.ws.protect("", _PROTECTION)


_PROTECTION = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
    "autofilter": True,
    "sort": False,
    "objects": False,
}
