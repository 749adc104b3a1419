"""Page set-up: a print a CFO can hand on.

Every sheet gets a header (the account, the report's title, the sheet, and on the
internal edition a warning that it is not for the customer) and a footer (page X of Y,
the date printed, "prepared with costdx"); paper by the account's locale (Letter where the
currency is that of a Letter country, as for the discussion document, A4 elsewhere,
overridable); portrait where the sheet fits, else
landscape; scaled to the page's width (an explicit scale, so that the manual page breaks
hold in Excel too), but never below `MIN_SCALE` per cent: a sheet too wide for that
prints across pages at `WIDE_SCALE` per cent with its label columns repeated. Long
sheets repeat their title rows on every page and freeze their panes.

The width is measured as Excel lays the columns out (a column of ``w`` characters is
``7w + 5`` pixels in the default font, 0.75 points a pixel), charts included, and then
taken `LAYOUT_MARGIN` wider: LibreOffice lays the same columns out about that much wider,
and a sheet must print at 75 % or more in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from costdx.report._paper import Paper, paper_for
from costdx.report.excel._sheet import Sheet

__all__ = [
    "MIN_SCALE",
    "PAPERS",
    "WIDE_SCALE",
    "PageSetup",
    "Paper",
    "paper_for",
    "print_scale",
    "set_up",
]

PAPERS: dict[str, tuple[int, float, float]] = {"letter": (1, 8.5, 11.0), "a4": (9, 8.27, 11.69)}
"""XlsxWriter's paper code and the paper's width and height in inches."""
MIN_SCALE = 75
"""The smallest print scale, in per cent: 10 pt text prints at 7.5 pt or larger."""
WIDE_SCALE = 85
"""The scale of a sheet too wide for one page at `MIN_SCALE`: it prints across pages."""
LAYOUT_MARGIN = 1.1
"""How much wider than Excel's layout a sheet is taken to print (LibreOffice's, measured)."""
_PORTRAIT_SCALE = 0.8
"""A sheet that fits portrait at this scale or more is printed portrait."""
_SIDE = 0.4
_TOP = 0.6
_HEADER = 0.3
_DEFAULT_WIDTH = 8.43


def _pixels(width: float) -> int:
    """Pixels of a column ``width`` characters wide (Calibri 11, as Excel lays it out)."""
    return int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5


def content_width(sheet: Sheet) -> float:
    """The printed width of the sheet's columns and charts, in points."""
    columns = [_pixels(sheet.widths_set.get(c, _DEFAULT_WIDTH)) for c in range(sheet.last_col + 1)]
    right = sum(columns)
    for _, col, width, _ in sheet.charts:
        left = sum(_pixels(sheet.widths_set.get(c, _DEFAULT_WIDTH)) for c in range(col))
        right = max(right, left + width)
    return right * 0.75 * LAYOUT_MARGIN


def print_scale(width: float, paper: Paper, *, landscape: bool) -> float:
    """The fraction of full size at which ``width`` points fit the paper's width.

    >>> round(print_scale(1000.0, "letter", landscape=True), 3)  # 11 in − 0.8 in margins
    0.734
    """
    _, short, long = PAPERS[paper]
    printable = ((long if landscape else short) - 2 * _SIDE) * 72
    return min(1.0, printable / width)


@dataclass(frozen=True, slots=True)
class PageSetup:
    """What every printed page of the report carries."""

    paper: Paper
    account: str
    title: str
    internal: bool

    def header(self, *, landscape: bool) -> str:
        """The header: account left, title centre (shortened to fit between the others on
        the page's width), sheet and edition right."""
        edition = "INTERNAL: not for the customer · " if self.internal else ""
        room = 80 if landscape else 48
        return (
            f'&L&"Calibri,Bold"&9{_escape(self.account, 40)}&C&9{_escape(self.title, room)}'
            f"&R&9{edition}&A"
        )

    @staticmethod
    def footer() -> str:
        """The footer: page X of Y, the date printed, and who prepared it."""
        return "&L&9Page &P of &N&C&9Printed &D&R&9prepared with costdx"


def _escape(text: str, limit: int) -> str:
    """Text for a header: ``&`` doubled (a single one starts a code), cut to ``limit``."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return short.replace("&", "&&")


def set_up(sheet: Sheet, page: PageSetup) -> None:
    """Apply the page set-up, the sheet's frozen panes and print titles, and protection."""
    ws = sheet.ws
    sheet.fit_rows()
    if sheet.freeze is not None:
        ws.freeze_panes(*sheet.freeze)
    if sheet.title_rows is not None:
        ws.repeat_rows(*sheet.title_rows)
    ws.hide_gridlines(2)
    code = PAPERS[page.paper][0]
    ws.set_paper(code)
    ws.set_margins(left=_SIDE, right=_SIDE, top=_TOP, bottom=_TOP)
    width = content_width(sheet)
    portrait = print_scale(width, page.paper, landscape=False)
    landscape = print_scale(width, page.paper, landscape=True)
    upright = portrait >= _PORTRAIT_SCALE
    ws.set_header(page.header(landscape=not upright), {"margin": _HEADER, "scale_with_doc": False})
    ws.set_footer(page.footer(), {"margin": _HEADER, "scale_with_doc": False})
    if upright:
        ws.set_portrait()
    else:
        ws.set_landscape()
    # An explicit scale rather than "fit to 1 page wide": Excel ignores manual page breaks
    # under fit-to, and the breaks start each solution's block and the charts on a page. A
    # sheet that fits at full size stays at 100 % (fitting it would let some spreadsheets
    # enlarge it).
    fits = portrait if upright else landscape
    if fits * 100 < MIN_SCALE:
        ws.set_print_scale(WIDE_SCALE)
        if sheet.title_cols:
            ws.repeat_columns(0, sheet.title_cols - 1)
    elif fits < 1.0:
        ws.set_print_scale(math.floor(fits * 100))
    if sheet.breaks:
        ws.set_h_pagebreaks(sheet.breaks)
    bottom, right = _chart_extent(sheet)
    ws.print_area(0, 0, max(sheet.last_row, bottom), max(sheet.last_col, right))
    sheet.protect()


def _chart_extent(sheet: Sheet) -> tuple[int, int]:
    """The last row and column the sheet's charts reach (rows of 20 pixels unless set)."""
    bottom = right = 0
    for row, col, width, height in sheet.charts:
        covered, r = 0.0, row
        while covered < height:
            covered += sheet.heights.get(r, 15.0) / 0.75
            r += 1
        covered, c = 0.0, col
        while covered < width:
            covered += _pixels(sheet.widths_set.get(c, _DEFAULT_WIDTH))
            c += 1
        bottom, right = max(bottom, r), max(right, c - 1)
    return bottom, right
