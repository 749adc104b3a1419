"""The Value realised sheet: actuals typed in, live formulas checked by hand and by
LibreOffice, the actuals read back as measurements and applied to the case file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import costdx as cdx
from costdx.errors import OptionError, WorkbookError
from costdx.report.excel._styles import INPUT_FILL, INPUT_FONT
from workbooks import (
    SMALL_ACTUALS,
    assert_parity,
    cell_of,
    edit,
    labelled,
    needs_soffice,
    small_value_case,
)

SHEET = "Value realised"

# The small case of tests/test_track.py, January to March 2027: rework realised 1,000,
# 2,000, 2,000 and lost sales 0, 300, 300 (5,600) against 7,150 promised for the lines
# with data; scrap, never measured, 600 promised without data.
ACTUALS = SMALL_ACTUALS


@pytest.fixture(scope="module")
def small() -> cdx.ValueCase:
    return small_value_case()


@pytest.fixture(scope="module")
def realised(small: cdx.ValueCase) -> cdx.Realisation:
    return cdx.track(small, ACTUALS, go_live="2027-01")


@pytest.fixture
def book(tmp_path: Path, small: cdx.ValueCase, realised: cdx.Realisation) -> Path:
    return cdx.write_excel(small, tmp_path / "small.xlsx", tracking=realised)


def address(path: Path, name: str) -> str:
    """Where a named cell is, as messages give it: ``Value realised!C45``."""
    return f"{SHEET}!{cell_of(openpyxl.load_workbook(path), name).coordinate}"


def test_the_sheet_holds_the_figures_to_date(book: Path) -> None:
    cached = openpyxl.load_workbook(book, data_only=True)
    sheet = cached[SHEET]
    assert labelled(sheet, "Realised to date", 6) == pytest.approx(5_600)
    assert labelled(sheet, "Promised to date, lines with data", 6) == pytest.approx(7_150)
    assert labelled(sheet, "Share of the promise realised", 6) == pytest.approx(5_600 / 7_150)
    assert labelled(sheet, "Promised to date, lines without data (not counted)", 6) == (
        pytest.approx(600)
    )
    assert cell_of(cached, "_track_as_of").value == 3
    assert labelled(sheet, "As of: the last month with an actual", 6) == "2027-03"
    statuses = {
        row[0].value: row[8].value
        for row in sheet.iter_rows(min_row=16, max_row=18)  # the lines, to date
    }
    # rework 5,000 / 6,250 and lost sales 600 / 900 are below 90 %: behind; scrap has none
    assert statuses == {"rework": "behind", "lost_sales": "behind", "scrap": "no data yet"}


def test_actuals_are_named_inputs_blank_where_not_measured(book: Path) -> None:
    workbook = openpyxl.load_workbook(book)
    january = cell_of(workbook, "_act_defects_2027_01")
    assert january.value == 80
    assert january.font.color.rgb.endswith(INPUT_FONT[1:])
    assert january.fill.fgColor.rgb.endswith(INPUT_FILL[1:])
    assert january.protection.locked is False
    march = cell_of(workbook, "_act_defects_2027_03")
    assert march.value is None  # not measured: February's 60 carries forward
    assert march.protection.locked is False
    share = cell_of(workbook, "_act_lost_share_2027_02")
    assert share.value == pytest.approx(0.05)  # a percentage cell holds the fraction
    assert "%" in share.number_format
    # every month of the horizon has a cell to type into, December 2027 the last
    assert cell_of(workbook, "_act_defects_2027_12").value is None
    assert "_act_defects_2028_01" not in workbook.defined_names
    validated = {str(v.sqref) for v in workbook[SHEET].data_validations.dataValidation}
    assert january.coordinate in validated


def test_an_unchanged_report_reads_back_its_measurements(
    book: Path, realised: cdx.Realisation
) -> None:
    back = cdx.read_excel(book)
    assert back.changes == ()
    assert back.tracking is not None
    assert back.tracking.measurements == realised.tracking.measurements
    assert back.tracking.go_live == "2027-01"


def test_typed_actuals_come_back_as_measurements(book: Path) -> None:
    # April measured: 50 defects (rework 5,000 − 2,500 = 2,500) and 4 % lost share
    # (600 − 200 × 4 % × 30 = 360); February's defects cleared, so January's 80 carries
    # into February and March (rework 1,000 each)
    edit(book, {"_act_defects_2027_04": 50, "_act_lost_share_2027_04": 0.04,
                "_act_defects_2027_02": None})  # fmt: skip
    back = cdx.read_excel(book)
    changes = {(c.key, str(c)) for c in back.changes}
    assert {c.kind for c in back.changes} == {"measurement"}
    where = address(book, "_act_defects_2027_04")
    assert ("defects/2027-04", f"{where}: measurement defects/2027-04 blank -> 50 "
            "(a month newly measured)") in changes  # fmt: skip
    assert any(key == "defects/2027-02" and "60 -> blank" in text for key, text in changes)
    assert back.tracking is not None
    april = [m for m in back.tracking.measurements if m.period == "2027-04"]
    assert [(m.driver, m.value, m.source) for m in april] == [
        ("defects", 50.0, cdx.Source.CUSTOMER), ("lost_share", 4.0, cdx.Source.CUSTOMER),
    ]  # fmt: skip
    assert april[0].evidence == f"typed into {where}"
    result = cdx.track(back.tracking)
    # rework 1,000 + 1,000 + 1,000 + 2,500; lost sales 0 + 300 + 300 + 360
    assert result.as_of == "2027-04"
    assert result.realised_to_date == pytest.approx(5_500 + 960)


@pytest.mark.parametrize(
    ("value", "message"),
    [("about 70", "holds 'about 70', not a number"), ("=1+1", "holds a formula")],
)
def test_a_bad_actual_is_named(book: Path, value: Any, message: str) -> None:
    edit(book, {"_act_defects_2027_05": value})
    with pytest.raises(WorkbookError, match=message) as caught:
        cdx.read_excel(book)
    assert caught.value.cells == (address(book, "_act_defects_2027_05"),)


def test_an_actual_outside_the_bounds_is_named(tmp_path: Path, acme_vc: cdx.ValueCase) -> None:
    rows = [{"driver": "defect_rate", "period": "2027-04", "value": 2.8}]
    result = cdx.track(acme_vc, rows, go_live="2027-04")
    path = cdx.write_excel(acme_vc, tmp_path / "acme.xlsx", tracking=result)
    edit(path, {"_act_defect_rate_2027_05": -0.01})
    with pytest.raises(WorkbookError, match=r"defect_rate in 2027-05\) = -0.01 is outside"):
        cdx.read_excel(path)


def test_apply_writes_the_actuals_into_the_case_file(tmp_path: Path, small: cdx.ValueCase) -> None:
    case_file = tmp_path / "won.toml"
    cdx.save(small, case_file)
    vc = cdx.load_value_case(case_file)
    path = cdx.write_excel(vc, tmp_path / "won.xlsx",
                           tracking=cdx.track(vc, ACTUALS[:1], go_live="2027-01"))  # fmt: skip
    edit(path, {"_act_defects_2027_02": 60})
    (change,) = cdx.apply_excel(path, case_file)
    assert (change.kind, change.key, change.new) == ("measurement", "defects/2027-02", 60.0)
    tracking = cdx.load_tracking(case_file)  # a [tracking] table, as the report had it
    assert (tracking.bought.id, tracking.go_live) == ("fix", "2027-01")
    assert [(m.period, m.value) for m in tracking.measurements] == [("2027-02", 60.0)]
    assert cdx.load_value_case(case_file) == vc  # the value case itself is untouched


def test_the_report_takes_its_own_tracking_on_diagnosed_values(
    tmp_path: Path, small: cdx.ValueCase, realised: cdx.Realisation, acme_vc: cdx.ValueCase
) -> None:
    with pytest.raises(OptionError, match="another value case"):
        cdx.write_excel(acme_vc, tmp_path / "x.xlsx", tracking=realised)
    with pytest.raises(OptionError, match=r"takes what costdx\.track returns"):
        cdx.write_excel(small, tmp_path / "x.xlsx", tracking=small)  # type: ignore[arg-type]
    rows = [{"driver": "defect_rate", "period": "2027-04", "value": 2.8}]
    acme = cdx.track(acme_vc, rows, go_live="2027-04")
    with pytest.raises(OptionError, match="without a scenario"):
        cdx.write_excel(acme_vc, tmp_path / "x.xlsx", tracking=acme, scenario="conservative")


@needs_soffice
def test_libreoffice_recalculates_the_sheet_to_costdx_values(
    tmp_path: Path, recalculate: Callable[[list[Path]], list[Path]], book: Path,
    acme_vc: cdx.ValueCase,
) -> None:  # fmt: skip
    rows = cdx.read_measurements(cdx.example_path("acme_tracking.csv"))
    acme = cdx.write_excel(acme_vc, tmp_path / "acme.xlsx",
                           tracking=cdx.track(acme_vc, rows, go_live="2027-04"))  # fmt: skip
    typed = tmp_path / "typed.xlsx"
    shutil.copy(book, typed)
    edit(typed, {"_act_defects_2027_04": 50, "_act_lost_share_2027_04": 0.04})
    copies = [tmp_path / "small-copy.xlsx", tmp_path / "acme-copy.xlsx", typed]
    for source, copy in zip((book, acme), copies[:2], strict=True):
        shutil.copy(source, copy)
    fresh = recalculate(copies)
    for written, recalculated in zip(copies[:2], fresh[:2], strict=True):
        assert assert_parity(written, recalculated) > 100
    sheet = openpyxl.load_workbook(fresh[2], data_only=True)[SHEET]
    # April typed: rework 2,500 of 2,500 promised, lost sales 360 of 300 (carried 5 % → 4 %)
    assert labelled(sheet, "Realised to date", 6) == pytest.approx(5_600 + 2_500 + 360)
    assert labelled(sheet, "Promised to date, lines with data", 6) == pytest.approx(
        7_150 + 2_500 + 300
    )
    assert labelled(sheet, "As of: the last month with an actual", 6) == "2027-04"
    back = cdx.read_excel(fresh[2])
    assert back.tracking is not None
    assert cdx.track(back.tracking).realised_to_date == pytest.approx(8_460)
