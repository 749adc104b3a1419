"""Printing the report: header and footer on every sheet, paper by locale, orientation,
frozen panes and repeated titles, and no page printed below 75 % (LibreOffice prints the
acme report to PDF and the test measures every page).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import costdx as cdx
from costdx.report.discussion import LETTER_CURRENCIES
from costdx.report.excel._print import MIN_SCALE, paper_for
from workbooks import SOFFICE, labour_data

PDFTOTEXT = shutil.which("pdftotext")
if PDFTOTEXT is None and os.environ.get("COSTDX_REQUIRE_LIBREOFFICE"):
    # CI installs poppler-utils beside LibreOffice; there a missing pdftotext is a fault
    raise RuntimeError("COSTDX_REQUIRE_LIBREOFFICE is set but pdftotext is not on PATH")
needs_pdf_tools = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="needs LibreOffice and poppler's pdftotext; CI installs both",
)
FOOTER = "&L&9Page &P of &N&C&9Printed &D&R&9prepared with costdx"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, acme_vc: cdx.ValueCase) -> list[Path]:
    """The acme value report (both editions, with a simulation; the customer's with the
    invented value realised) and its diagnosis report."""
    folder = tmp_path_factory.mktemp("print")
    sim = cdx.simulate(acme_vc.diagnosis, n=1_000, seed=3, keep="consequences")
    rows = cdx.read_measurements(cdx.example_path("acme_tracking.csv"))
    realised = cdx.track(acme_vc, rows, go_live="2027-04")
    return [
        cdx.write_excel(acme_vc, folder / "customer.xlsx", simulation=sim, tracking=realised),
        cdx.write_excel(acme_vc, folder / "internal.xlsx", simulation=sim, audience="internal"),
        cdx.write_excel(acme_vc.diagnosis, folder / "diagnosis.xlsx"),
    ]


def test_every_sheet_has_a_header_and_a_footer(books: list[Path]) -> None:
    for path in books:
        internal = path.stem == "internal"
        for sheet in openpyxl.load_workbook(path).worksheets:
            if sheet.title == "_costdx":
                continue
            header, footer = sheet.oddHeader, sheet.oddFooter
            assert header.left.text == "Acme Precision Components", sheet.title
            assert header.center.text.startswith("Acme Precision Components: cost of"), sheet.title
            assert header.right.text.endswith("&A"), sheet.title  # the sheet's name
            assert ("INTERNAL: not for the customer" in header.right.text) is internal
            assert footer.left.text == "Page &P of &N", sheet.title
            assert "&D" in footer.center.text, sheet.title
            assert footer.right.text == "prepared with costdx", sheet.title


def test_paper_follows_the_currency_unless_given(tmp_path: Path, books: list[Path]) -> None:
    # Letter (1) for USD, CAD and the other Letter countries' currencies, A4 (9) for the rest
    sheets = [s for s in openpyxl.load_workbook(books[0]).worksheets if s.title != "_costdx"]
    assert {s.page_setup.paperSize for s in sheets} == {1}

    def in_currency(code: str) -> cdx.Diagnosis:
        data = labour_data()
        data["account"]["currency"] = code
        data["drivers"][2]["unit"] = f"{code}/hour"
        return cdx.Diagnosis.model_validate(data)

    path = cdx.write_excel(in_currency("EUR"), tmp_path / "eur.xlsx")
    assert openpyxl.load_workbook(path)["Summary"].page_setup.paperSize == 9
    path = cdx.write_excel(in_currency("CAD"), tmp_path / "cad-letter.xlsx")
    assert openpyxl.load_workbook(path)["Summary"].page_setup.paperSize == 1
    cad = in_currency("CAD")
    path = cdx.write_excel(cad, tmp_path / "cad.xlsx", paper="a4")
    assert openpyxl.load_workbook(path)["Summary"].page_setup.paperSize == 9
    with pytest.raises(cdx.OptionError, match="paper must be 'letter' or 'a4'"):
        cdx.write_excel(cad, tmp_path / "x.xlsx", paper="A3")
    # a Mexican account's workbook prints on Letter, as its discussion document does: the
    # two take their paper from one list of currencies
    path = cdx.write_excel(in_currency("MXN"), tmp_path / "mxn.xlsx")
    assert openpyxl.load_workbook(path)["Summary"].page_setup.paperSize == 1
    assert {paper_for(code) for code in LETTER_CURRENCIES} == {"letter"}


def test_wide_sheets_turn_and_long_ones_freeze_and_repeat(books: list[Path]) -> None:
    book = openpyxl.load_workbook(books[0])
    orientation = {s.title: s.page_setup.orientation for s in book.worksheets}
    assert orientation["Summary"] == "portrait"
    assert orientation["Inputs"] == orientation["Problems"] == "landscape"
    assert orientation["Timeline 1"] == "landscape"
    for name in ("Inputs", "Problems", "Value case", "Timeline 1", "Comparison", "Simulation"):
        sheet = book[name]
        assert sheet.freeze_panes is not None, name
        assert sheet.print_title_rows is not None, name
    # the Value case keeps its year header and its labels in view
    assert book["Value case"].freeze_panes == "C5"
    assert book["Value case"].print_title_rows == "$1:$4"


def _page_scales(pdf: Path, reference: Path) -> list[tuple[int, float, str]]:
    """Per page of ``pdf``: its number, its print scale, and its text.

    LibreOffice scales a page's footer with its sheet, so the scale of a page is the
    height of the footer's word "prepared" there over its height on ``reference``, a
    page printed at 100 %.
    """

    def words(path: Path) -> list[list[tuple[float, str]]]:
        html = subprocess.run([str(PDFTOTEXT), "-bbox", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout  # fmt: skip
        pattern = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<'
        return [
            [(float(y1) - float(y0), text) for y0, y1, text in re.findall(pattern, page)]
            for page in html.split("<page ")[1:]
        ]

    def prepared(page: list[tuple[float, str]]) -> float:
        return next(height for height, text in page if text == "prepared")

    full = prepared(words(reference)[0])
    return [
        (number, prepared(page) / full, " ".join(text for _, text in page))
        for number, page in enumerate(words(pdf), start=1)
    ]


@needs_pdf_tools
def test_no_page_prints_below_75_percent(
    tmp_path: Path, books: list[Path], to_pdf: Callable[[list[Path]], list[Path]]
) -> None:
    reference = tmp_path / "reference.xlsx"
    workbook = xlsxwriter.Workbook(str(reference))
    sheet = workbook.add_worksheet()
    sheet.write_string(0, 0, "one cell, printed at full size")
    sheet.set_footer(FOOTER, {"scale_with_doc": False})
    sheet.set_paper(1)
    workbook.close()
    printed = to_pdf([books[0], books[2], reference])
    for pdf in printed[:2]:
        pages = _page_scales(pdf, printed[2])
        assert len(pages) >= 8
        for number, scale, text in pages:
            assert scale * 100 >= MIN_SCALE - 0.5, f"{pdf.name} page {number} at {scale:.0%}"
            assert f"Page {number} of {len(pages)}" in text, f"{pdf.name} page {number}"
            assert "prepared with costdx" in text
            assert "Acme Precision Components" in text
    # page one of the value report: the range and the verdict are on it
    first = _page_scales(printed[0], printed[2])[0][2]
    for words in ("The range: Monte Carlo", "P10", "Slip cost per month", "Verdict on"):
        assert words in first, words
    # the value realised: the figures to date and every line on a page of their own
    realised = [text for _, _, text in _page_scales(printed[0], printed[2])
                if "Value realised: Northwind Ops" in text]  # fmt: skip
    assert len(realised) == 1
    for words in ("Realised to date", "379,280 USD", "Contractual late-delivery penalties",
                  "behind", "no data yet"):  # fmt: skip
        assert words in realised[0], words
