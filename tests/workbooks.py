"""What the workbook tests share: finding cells, editing inputs, small cases, and LibreOffice.

LibreOffice (``soffice``) recalculates written workbooks with recalculation on load forced
(`PROFILE`), and converts them to PDF for the print tests; CI installs it, and there a
missing ``soffice`` fails the run rather than skipping the tests.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import costdx as cdx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("COSTDX_REQUIRE_LIBREOFFICE"):
    # CI installs LibreOffice; there a missing soffice is a broken set-up, not a reason to skip
    raise RuntimeError("COSTDX_REQUIRE_LIBREOFFICE is set but soffice is not on PATH")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed here; CI installs libreoffice-calc-nogui",
)
REL = 1e-9


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------


def cell_of(workbook: Any, name: str) -> Any:
    """The cell a workbook-level defined name points at."""
    ((sheet, coordinate),) = list(workbook.defined_names[name].destinations)
    return workbook[sheet][coordinate.replace("$", "")]


def labelled(sheet: Any, label: str, col: int = 3) -> Any:
    """The value in column ``col`` (1-based) of the row whose column A is ``label``."""
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return sheet.cell(row=row[0].row, column=col).value
    raise KeyError(label)


def close(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=REL, abs_tol=REL)
    return (a in ("", None) and b in ("", None)) or a == b


def formula_cells(path: Path) -> Iterator[tuple[str, str, str]]:
    """(sheet, coordinate, formula) of every formula cell."""
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield sheet.title, cell.coordinate, str(cell.value)


def edit(path: Path, changes: dict[str, Any], out: Path | None = None) -> Path:
    """Set input cells by defined name with openpyxl (as a customer's spreadsheet would)."""
    workbook = openpyxl.load_workbook(path)
    for name, value in changes.items():
        cell_of(workbook, name).value = value
    target = out or path
    workbook.save(target)
    return target


def labour_data(**extra: Any) -> dict[str, Any]:
    """The README case: 5 person × 8 hour/(person·week) × 80 USD/hour × 52 = 166,400 USD/year."""
    data: dict[str, Any] = {
        "account": {"name": "Test Co", "currency": "USD"},
        "stakeholders": [
            {"id": "ops", "name": "Olga", "department": "Operations"},
            {"id": "fin", "name": "Finn", "department": "Finance"},
        ],
        "drivers": [
            {"id": "people", "value": 5, "unit": "person", "source": "customer",
             "confirmed_by": "ops", "bounds": {"min": 0, "max": 100}},
            {"id": "hours", "value": 8, "unit": "hour/person/week"},
            {"id": "rate", "value": 80, "unit": "USD/hour", "source": "measured",
             "confirmed_by": "fin"},
        ],
        "problems": [{"id": "p", "title": "The problem", "symptoms": [{"id": "s"}],
                      "consequences": [{"id": "labour", "formula": "people * hours * rate",
                                        "borne_by": ["ops", "fin"]}]}],
    }  # fmt: skip
    data.update(extra)
    return data


def growth_value_case(growth: float = 0.10) -> cdx.ValueCase:
    """1,000 order/year × 5 USD/order, orders growing 10 % a year; all of it removed."""
    case = cdx.Diagnosis.model_validate(
        {
            "account": {"name": "G", "currency": "EUR"},
            "drivers": [
                {"id": "orders", "value": 1000, "unit": "order/year", "growth": growth},
                {"id": "cost_per_order", "value": 5, "unit": "EUR/order"},
                {"id": "spend", "formula": "orders * cost_per_order", "unit": "EUR/year"},
            ],
            "problems": [
                {
                    "id": "p",
                    "title": "P",
                    "symptoms": [{"id": "s"}],
                    "consequences": [{"id": "c", "formula": "spend"}],
                }
            ],
        }
    )
    fix = cdx.Solution(
        id="fix", name="Fix", addresses=[cdx.Address(consequence="c", fraction=1.0)],
        investment=[cdx.InvestmentItem(label="licence", amount=10_000)],
    )  # fmt: skip
    return cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=3, discount_rate=0.0)


def small_drivers() -> list[dict[str, Any]]:
    return [
        {"id": "defects", "value": 100, "unit": "defect/month", "source": "measured"},
        {"id": "cost_per_defect", "value": 50, "unit": "USD/defect", "source": "measured"},
        {"id": "orders", "value": 200, "unit": "order/month", "source": "measured"},
        {"id": "lost_share", "value": 10, "unit": "percent", "source": "measured"},
        {"id": "margin", "value": 30, "unit": "USD/order", "source": "measured"},
        {"id": "scrap_units", "value": 10, "unit": "unit/month", "source": "measured"},
        {"id": "unit_cost", "value": 100, "unit": "USD/unit", "source": "measured"},
    ]


def small_value_case() -> cdx.ValueCase:
    """Rework 5,000 USD/month (half removed over two months), lost sales 600 USD/month (a
    revenue line, half removed at once), scrap 1,000 USD/month (a fifth removed, never
    measured); 10,000 USD up front, one year at 10 %, from 2026-12 (see tests/test_track.py)."""
    case = cdx.Diagnosis.model_validate(
        {
            "account": {"name": "Small Co", "currency": "USD"},
            "drivers": small_drivers(),
            "problems": [
                {
                    "id": "quality", "title": "Quality", "symptoms": [{"id": "s1"}],
                    "consequences": [
                        {"id": "rework", "formula": "defects * cost_per_defect"},
                        {"id": "scrap", "formula": "scrap_units * unit_cost"},
                    ],
                },
                {
                    "id": "sales", "title": "Sales", "symptoms": [{"id": "s2"}],
                    "consequences": [
                        {"id": "lost_sales", "formula": "orders * lost_share * margin",
                         "category": "revenue"},
                    ],
                },
            ],
        }
    )  # fmt: skip
    fix = cdx.Solution(
        id="fix", name="Fix", start_month=0,
        addresses=[
            cdx.Address(consequence="rework", fraction=0.5, months_to_full=2),
            cdx.Address(consequence="lost_sales", fraction=0.5),
            cdx.Address(consequence="scrap", fraction=0.2),
        ],
        investment=[cdx.InvestmentItem(label="licence", amount=10_000)],
    )  # fmt: skip
    return cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=1, discount_rate=0.10)


SMALL_ACTUALS = [
    {"driver": "defects", "period": "2027-01", "value": 80},
    {"driver": "defects", "period": "2027-02", "value": 60},
    {"driver": "lost_share", "period": "2027-01", "value": 10},
    {"driver": "lost_share", "period": "2027-02", "value": 5},
    {"driver": "lost_share", "period": "2027-03", "value": 5},
]
"""Three months of the small value case: defects 80 then 60 (March carries 60 forward);
the lost share unchanged in January, then halved to 5 %."""


PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


LOST_IRR = -0.9
"""Below this IRR (an investment all but lost), LibreOffice's IRR may find no root from
any start the workbook gives it, where costdx's bracketing search does: such a cell may
read n/a after LibreOffice recalculates (docs/excel.md says so)."""


def assert_parity(written: Path, recalculated: Path) -> int:
    """Every formula cell of ``written`` recalculated by LibreOffice equals costdx's value
    (an IRR below `LOST_IRR` may read n/a in LibreOffice, and nothing else may differ)."""
    cached = openpyxl.load_workbook(written, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)
    cells = list(formula_cells(written))
    irr = {f"{sheet}!{coordinate}" for sheet, coordinate, f in cells if "IRR(" in f}
    count = 0
    wrong = []
    for sheet, coordinate, formula in cells:
        count += 1
        ours, theirs = cached[sheet][coordinate].value, fresh[sheet][coordinate].value
        if close(ours, theirs):
            continue
        lost = "IRR(" in formula or formula.lstrip("=").replace("$", "").replace("'", "") in irr
        if lost and isinstance(ours, float) and ours < LOST_IRR and theirs == "n/a":
            continue
        wrong.append(f"{sheet}!{coordinate} {formula[:80]}: costdx {ours!r}, LO {theirs!r}")
    assert not wrong, f"{written.name}: {len(wrong)} of {count} differ:\n" + "\n".join(wrong[:20])
    return count


def run_soffice(profile: Path, out: Path, paths: list[Path], target: str) -> list[Path]:
    """Convert ``paths`` to ``target`` (``xlsx`` recalculates, ``pdf`` prints) in one call."""
    assert SOFFICE is not None
    names = [p.name for p in paths]
    assert len(set(names)) == len(names), "LibreOffice writes by file name"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(out), *map(str, paths)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return [out / f"{Path(name).stem}.{target}" for name in names]
