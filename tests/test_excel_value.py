"""The value case in the workbook: the deal as inputs, the monthly timeline, every figure
live or labelled, the live verdict, the two audiences, and a price, a start month and a
fraction edited in the workbook and recalculated by LibreOffice.

Expected figures come from costdx's engine (which `test_value` and `test_timeline` check
by hand) or from hand arithmetic in the comments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

import costdx as cdx
from workbooks import (
    REL,
    assert_parity,
    cell_of,
    edit,
    formula_cells,
    labelled,
    labour_data,
    needs_soffice,
)

# ---------------------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, acme_vc: cdx.ValueCase) -> Path:
    """The acme value report, customer edition, with a simulation."""
    sim = cdx.simulate(acme_vc.diagnosis, n=2_000, seed=5, keep="consequences")
    return cdx.write_excel(acme_vc, tmp_path_factory.mktemp("v") / "acme.xlsx", simulation=sim)


def payload(path: Path) -> dict[str, Any]:
    sheet = openpyxl.load_workbook(path)["_costdx"]
    chunks = [sheet.cell(row=4 + i, column=1).value for i in range(int(sheet["A3"].value))]
    return json.loads("".join(chunks))  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------
# the deal is an input
# ---------------------------------------------------------------------------------------


def test_the_deal_is_named_unlocked_and_validated(book: Path) -> None:
    workbook = openpyxl.load_workbook(book)
    expected = {
        "_start_1": 3, "_start_2": 2,  # start months
        "_inv_1_1": 280_000, "_inv_1_2": 95_000, "_inv_2_1": 120_000, "_inv_2_2": 30_000,
        "_frac_1_idle_crew": 0.5, "_mtf_1_idle_crew": 6, "_mtf_1_rekeying_labour": 3,
        "_ramp_1_scrap_material_1": 0.5, "_ramp_1_scrap_material_2": 1.0,
        "_mtf_2_lost_contribution": 9,
    }  # fmt: skip
    sheet = workbook["Value case"]
    validated = {
        str(r): dv for dv in sheet.data_validations.dataValidation for r in dv.sqref.ranges
    }
    for name, value in expected.items():
        cell = cell_of(workbook, name)
        assert cell.parent.title == "Value case", name
        assert cell.value == value, name
        assert cell.protection.locked is False, name
        assert cell.coordinate in validated, name
    # months are whole numbers; an amount is any number from 0
    assert validated[cell_of(workbook, "_start_1").coordinate].type == "whole"
    assert validated[cell_of(workbook, "_inv_1_1").coordinate].type == "decimal"


def test_the_price_start_month_ramp_and_fraction_come_back(tmp_path: Path, book: Path) -> None:
    changes = {"_inv_1_1": 336_000, "_start_1": 6, "_frac_1_idle_crew": 0.3,
               "_mtf_1_idle_crew": 9, "_ramp_1_late_penalties_2": 0.95}  # fmt: skip
    back = cdx.read_excel(edit(book, changes, tmp_path / "edited.xlsx"))
    assert {(c.kind, c.key, c.new) for c in back.changes} == {
        ("investment", "northwind_ops/1", 336_000), ("start_month", "northwind_ops", 6),
        ("fraction", "northwind_ops/idle_crew", 0.3), ("months_to_full", "idle_crew", 9),
        ("ramp", "late_penalties/2", 0.95),
    }  # fmt: skip
    vc = back.case
    assert isinstance(vc, cdx.ValueCase)
    ours = vc.solutions[0]
    assert ours.investment[0].amount == 336_000
    assert ours.start_month == 6
    assert isinstance(ours.start_month, int)
    idle = next(a for a in ours.addresses if a.consequence == "idle_crew")
    assert (idle.fraction, idle.months_to_full) == (0.3, 9)
    late = next(a for a in ours.addresses if a.consequence == "late_penalties")
    assert late.ramp == (0.4, 0.95)


def test_an_immediate_effect_gets_a_months_to_full_input_of_one(tmp_path: Path) -> None:
    # an address without a ramp reaches full effect at once: months to full effect = 1,
    # which reads back as no ramp at all unless edited
    vc = growth_case()
    path = cdx.write_excel(vc, tmp_path / "g.xlsx")
    assert cell_of(openpyxl.load_workbook(path), "_mtf_1_c").value == 1
    assert cdx.read_excel(path).case == vc
    back = cdx.read_excel(edit(path, {"_mtf_1_c": 4}))
    assert isinstance(back.case, cdx.ValueCase)
    assert back.case.solutions[0].addresses[0].months_to_full == 4


def test_a_start_month_must_be_whole(tmp_path: Path, book: Path) -> None:
    path = edit(book, {"_start_1": 6.5}, tmp_path / "half.xlsx")
    with pytest.raises(cdx.WorkbookError, match=r"= 6\.5 is not a whole number in \[0, 600\]"):
        cdx.read_excel(path)


# ---------------------------------------------------------------------------------------
# every figure live or labelled; no constants in formulas
# ---------------------------------------------------------------------------------------


def _numbers(sheet: Any) -> list[Any]:
    """Cells holding a typed-in number (not a formula)."""
    return [c for row in sheet.iter_rows() for c in row
            if isinstance(c.value, int | float) and not isinstance(c.value, bool)]  # fmt: skip


def test_every_figure_on_the_summary_is_live_but_the_labelled_range(book: Path) -> None:
    sheet = openpyxl.load_workbook(book)["Summary"]
    rows = {c.value: c.row for c in sheet["A"] if isinstance(c.value, str)}
    start = next(r for text, r in rows.items() if text.startswith("The range: Monte Carlo"))
    assert "computed at export" in sheet.cell(row=start, column=1).value
    end = next(r for text, r in rows.items() if text.startswith("Value case:"))
    typed = [c.coordinate for c in _numbers(sheet) if not start < c.row < end]
    assert typed == []
    # the verdict and every test's result are formulas
    verdict = labelled(sheet, "Verdict on Northwind Ops")
    assert verdict.startswith("=IF(OR(")
    assert "DISQUALIFY" in verdict
    tests = sheet.cell(row=rows["test"], column=5).offset(row=1)
    assert str(tests.value).startswith("=IF(")


def test_every_figure_on_the_value_case_sheets_is_live_or_an_input(book: Path) -> None:
    workbook = openpyxl.load_workbook(book)
    inputs = {
        (sheet, coordinate.replace("$", ""))
        for name in workbook.defined_names
        for sheet, coordinate in workbook.defined_names[name].destinations
    }
    value = workbook["Value case"]
    for cell in _numbers(value):
        if (value.title, cell.coordinate) in inputs or cell.row == 4:  # inputs; year numbers
            continue
        # constants say so beside them: the horizon, the seller's rule
        note = str(value.cell(row=cell.row, column=2).value)
        assert "fixed at export" in note or "set at export" in note, cell.coordinate
    timeline = workbook["Timeline 1"]
    assert {c.column for c in _numbers(timeline)} <= {1, 2}  # month and year numbers
    comparison = workbook["Comparison"]
    assert {c.column for c in _numbers(comparison)} == {2}  # do nothing's zeros


def test_no_constants_hide_in_formulas(book: Path) -> None:
    long_decimals = re.compile(r"\d\.\d{4,}")
    for sheet, coordinate, formula in formula_cells(book):
        assert not long_decimals.search(formula), f"{sheet}!{coordinate}: {formula}"
        assert "*0.01" not in formula, f"{sheet}!{coordinate}: {formula}"
        if sheet == "Value case":
            # discount and growth exponents read the year from the header row
            assert not re.search(r"\^\d", formula), f"{sheet}!{coordinate}: {formula}"
        assert "*12" not in formula, f"{sheet}!{coordinate}: {formula}"
    rework = labelled(openpyxl.load_workbook(book)["Problems"], "rework_labour", 10)
    assert "rework_minutes/60" in rework  # minutes to hours, readably


def test_the_timeline_sums_into_the_years(book: Path, acme_vc: cdx.ValueCase) -> None:
    ev = cdx.evaluate(acme_vc)
    ours = ev.solutions["northwind_ops"]
    workbook = openpyxl.load_workbook(book, data_only=True)
    timeline = workbook["Timeline 1"]
    benefit = {r[0].value: r[11].value for r in timeline.iter_rows(min_row=10)
               if isinstance(r[0].value, int | float)}  # fmt: skip
    assert len(benefit) == 37  # months 0 … 36
    # the monthly benefits of year 1 add up to the Value case's year 1
    assert sum(benefit[m] for m in range(1, 13)) == pytest.approx(ours.benefit[1], rel=1e-12)
    # months 1 … 3 before the start month 3: nothing
    assert [benefit[m] for m in (1, 2, 3)] == [0, 0, 0]
    summary = workbook["Summary"]
    # payback from the monthly cumulative: 10.8 months, not year 1 spread evenly (9.7)
    assert labelled(summary, "Payback") == pytest.approx(ours.payback_months, rel=1e-12)
    assert 10.7 < ours.payback_months < 10.9


# ---------------------------------------------------------------------------------------
# the range on page one
# ---------------------------------------------------------------------------------------


def test_the_summary_shows_the_simulated_range(book: Path, acme_vc: cdx.ValueCase) -> None:
    sim = cdx.simulate(acme_vc.diagnosis, n=2_000, seed=5, keep="consequences")
    ev = cdx.evaluate(acme_vc, simulation=sim)
    ours = ev.solutions["northwind_ops"]
    summary = openpyxl.load_workbook(book, data_only=True)["Summary"]
    # the range's own row (the headline above has the same label)
    heading = next(c.row for c in summary["A"] if str(c.value).startswith("The range"))
    cost = [summary.cell(row=heading + 2, column=c).value for c in (2, 3, 4, 5, 6)]
    assert summary.cell(row=heading + 2, column=1).value == "Cost of the problem per year"
    assert cost[:3] == pytest.approx([sim.percentile(p) for p in (10, 50, 90)], rel=REL)
    assert cost[3] == pytest.approx(ev.quantification.annual_cost, rel=REL)
    # the point estimate's rank: the share of samples at or below it
    rank = 100 * (sim.annual <= ev.quantification.annual_cost).mean()
    assert cost[4] == f"P{int(rank + 0.5)}"
    npv = [labelled(summary, "NPV over 3 years, Northwind Ops", c) for c in (2, 3, 4)]
    assert npv == pytest.approx(np.percentile(ours.samples["npv"], [10, 50, 90]), rel=REL)
    negative = labelled(summary, "Probability that the NPV is negative, Northwind Ops")
    assert negative == pytest.approx(ours.prob_npv_negative())
    # one sentence says why the point estimate sits below the median
    assert cost[0] < cost[3] < cost[1]
    text = " ".join(str(c.value) for c in summary["A"] if isinstance(c.value, str))
    assert f"sits at P{int(rank + 0.5)} of the simulated cost" in text
    assert "the simulated median lies above the point estimate" in text


# ---------------------------------------------------------------------------------------
# two audiences
# ---------------------------------------------------------------------------------------


def test_the_customer_edition_leaves_the_sellers_notes_out(
    tmp_path: Path, book: Path, acme_vc: cdx.ValueCase
) -> None:
    data = payload(book)
    assert data["audience"] == "customer"
    scenarios = data["case"]["diagnosis"]["scenarios"]
    assert [s["name"] for s in scenarios] == ["conservative"]
    assert "walked in with" not in json.dumps(data)
    # the seller's own working: the internal scenario, and the Discover assumptions
    assert data["omitted"][0] == "scenarios[1] (discover_view)"
    assert len(data["omitted"]) == 1 + 11  # acme: 11 drivers carry an assumed figure
    assert '"assumed"' not in json.dumps(data["case"])
    workbook = openpyxl.load_workbook(book)
    assert workbook["_costdx"].sheet_state == "veryHidden"
    for sheet in workbook.worksheets:
        if sheet.title != "_costdx":
            assert "INTERNAL" not in str(sheet.oddHeader.right.text)
    about = {r[0].value: r[1].value for r in workbook["About"].iter_rows(max_col=2)}
    # what was left out is counted, not named: the scenario's name is the seller's too
    assert about["edition"] == (
        "for the customer: 1 internal scenario and the Discover-phase assumed values of "
        "11 drivers left out"
    )
    shown = [
        str(cell.value)
        for sheet in workbook.worksheets
        if sheet.title != "_costdx"
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert not [text for text in shown if "discover_view" in text]
    internal = cdx.write_excel(acme_vc, tmp_path / "internal.xlsx", audience="internal")
    assert "The figures we walked in with" in json.dumps(payload(internal))
    header = openpyxl.load_workbook(internal)["Summary"].oddHeader.right.text
    assert "INTERNAL: not for the customer" in header


def test_the_customer_edition_shows_the_discover_assumptions_only_when_asked(
    tmp_path: Path, acme_vc: cdx.ValueCase
) -> None:
    asked = cdx.write_excel(acme_vc, tmp_path / "a.xlsx", show_assumed=True)
    assert "assumed (Discover)" in [c.value for c in openpyxl.load_workbook(asked)["Inputs"][4]]
    assert cdx.read_excel(asked).omitted == ("scenarios[1] (discover_view)",)
    path = cdx.write_excel(acme_vc, tmp_path / "c.xlsx")  # the default leaves them out
    assert '"assumed"' not in json.dumps(payload(path))
    headers = [c.value for c in openpyxl.load_workbook(path)["Inputs"][4]]
    assert "assumed (Discover)" not in headers
    back = cdx.read_excel(path)
    assert isinstance(back.case, cdx.ValueCase)
    assert all(d.assumed is None for d in back.case.diagnosis.drivers)
    assert "drivers[0].assumed (breakdowns_per_month)" in back.omitted
    about = {r[0].value: r[1].value for r in openpyxl.load_workbook(path)["About"].iter_rows()}
    # acme: 11 drivers carry an assumed figure
    assert about["edition"] == (
        "for the customer: 1 internal scenario and the Discover-phase assumed values of "
        "11 drivers left out"
    )
    # the internal edition shows everything whatever show_assumed says
    internal = cdx.write_excel(acme_vc, tmp_path / "i.xlsx", show_assumed=False,
                               audience="internal")  # fmt: skip
    assert cdx.read_excel(internal).case == acme_vc


def test_the_customer_edition_refuses_the_sellers_own_scenario(
    tmp_path: Path, acme_vc: cdx.ValueCase
) -> None:
    with pytest.raises(cdx.OptionError, match="'discover_view' is marked internal"):
        cdx.write_excel(acme_vc, tmp_path / "d.xlsx", scenario="discover_view")
    with pytest.raises(cdx.OptionError, match="assumed basis"):
        cdx.write_excel(acme_vc, tmp_path / "a.xlsx", basis="assumed", show_assumed=False)
    with pytest.raises(cdx.OptionError, match="audience"):
        cdx.write_excel(acme_vc, tmp_path / "x.xlsx", audience="everyone")  # type: ignore[arg-type]
    path = cdx.write_excel(acme_vc, tmp_path / "i.xlsx", scenario="discover_view",
                           audience="internal")  # fmt: skip
    assert cdx.read_excel(path).case == acme_vc
    assert not (tmp_path / "d.xlsx").exists()


# ---------------------------------------------------------------------------------------
# blank inputs are flagged
# ---------------------------------------------------------------------------------------


def test_zero_inputs_are_flagged_on_the_summary(tmp_path: Path) -> None:
    data = labour_data()
    data["drivers"][1]["value"] = 0  # hours left at zero, as in a fresh template
    path = cdx.write_excel(cdx.Diagnosis.model_validate(data), tmp_path / "zero.xlsx")
    values = openpyxl.load_workbook(path, data_only=True)["Summary"]
    assert values["A4"].value == "The cost of the problem is 0: fill in the inputs on the " \
        "Inputs sheet before using it."  # fmt: skip
    formula = openpyxl.load_workbook(path)["Summary"]["A4"].value
    assert formula.startswith("=IF(")
    assert "COUNTIF(Inputs!" in formula
    ok = cdx.write_excel(cdx.Diagnosis.model_validate(labour_data()), tmp_path / "ok.xlsx")
    assert openpyxl.load_workbook(ok, data_only=True)["Summary"]["A4"].value in ("", None)


# ---------------------------------------------------------------------------------------
# LibreOffice recalculates the edited deal to costdx's figures for the edited case
# ---------------------------------------------------------------------------------------


def growth_case() -> cdx.ValueCase:
    """1,000 order/year × 5 EUR, orders growing 10 % a year, removed in full at once."""
    case = cdx.Diagnosis.model_validate({
        "account": {"name": "G", "currency": "EUR"},
        "drivers": [{"id": "orders", "value": 1000, "unit": "order/year", "growth": 0.1},
                    {"id": "cost_per_order", "value": 5, "unit": "EUR/order"}],
        "problems": [{"id": "p", "title": "P", "symptoms": [{"id": "s"}],
                      "consequences": [{"id": "c", "formula": "orders * cost_per_order"}]}],
    })  # fmt: skip
    fix = cdx.Solution(
        id="fix", name="Fix", addresses=[cdx.Address(consequence="c", fraction=1.0)],
        investment=[cdx.InvestmentItem(label="licence", amount=10_000)],
    )  # fmt: skip
    return cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=3, discount_rate=0.05)


_SUMMARY = {
    "Investment over 3 years, nominal": lambda r, ev: r.total_investment,
    "NPV over 3 years": lambda r, ev: r.npv,
    "ROI over 3 years, nominal": lambda r, ev: r.roi,
    "IRR": lambda r, ev: r.irr.rate,
    "Payback": lambda r, ev: r.payback_months,
    "Slip cost per month": lambda r, ev: r.slip_cost_per_month,
    "Affordable investment, up front": lambda r, ev: r.affordable_investment,
    "Break-even fraction": lambda r, ev: r.break_even_fraction,
}


@needs_soffice
def test_an_edited_deal_recalculates_to_costdx_figures_for_the_edited_case(
    tmp_path: Path, recalculate: Callable[[list[Path]], list[Path]], acme_vc: cdx.ValueCase
) -> None:
    written = cdx.write_excel(acme_vc, tmp_path / "deal.xlsx", audience="internal")
    # the price 20 % higher, the start in month 6, a fraction cut: three edits in the book
    changes = {"_inv_1_1": 280_000 * 1.2, "_inv_1_2": 95_000 * 1.2, "_start_1": 6,
               "_frac_1_lost_contribution": 0.35}  # fmt: skip
    edited = edit(written, changes, tmp_path / "deal-edited.xlsx")
    untouched = tmp_path / "deal-as-written.xlsx"
    untouched.write_bytes(written.read_bytes())
    fresh, fresh_untouched = recalculate([edited, untouched])
    assert assert_parity(untouched, fresh_untouched) > 1_000  # every formula, as written
    back = cdx.read_excel(edited).case
    assert isinstance(back, cdx.ValueCase)
    ev = cdx.evaluate(back)
    ours = ev.solutions["northwind_ops"]
    verdict = cdx.qualify(back, evaluation=ev)
    before = cdx.evaluate(acme_vc).solutions["northwind_ops"]
    summary = openpyxl.load_workbook(fresh, data_only=True)["Summary"]
    for label, figure in _SUMMARY.items():
        expected = figure(ours, ev)
        assert labelled(summary, label) == pytest.approx(expected, rel=REL), label
        assert expected != pytest.approx(figure(before, ev), rel=1e-6), label  # it moved
    assert labelled(summary, "… discounted to the decision", 3) == pytest.approx(
        ev.problem_cost_discounted, rel=REL
    )
    assert labelled(summary, "Verdict on Northwind Ops") == verdict.outcome.upper()
    # 280,000 × 1.2 + 3 × 95,000 × 1.2 = 336,000 + 342,000 = 678,000
    assert labelled(summary, "Investment over 3 years, nominal") == pytest.approx(678_000)
    value = openpyxl.load_workbook(fresh, data_only=True)["Value case"]
    assert labelled(value, "Total benefit, nominal", 8) == pytest.approx(ours.total_benefit)


@needs_soffice
def test_libreoffice_recalculates_the_timeline_and_the_verdict_of_small_cases(
    tmp_path: Path, recalculate: Callable[[list[Path]], list[Path]]
) -> None:
    # a solution without investment (ROI and payback do not apply), one that never pays
    # back, a one-time consequence avoided in year 2, a yearly ramp, a growing driver
    labour = cdx.Diagnosis.model_validate(labour_data())
    free = cdx.Solution(id="free", name="Free", start_month=14,
                        addresses=[cdx.Address(consequence="labour", fraction=0.5,
                                               ramp=(0.3, 0.6, 1.0))])  # fmt: skip
    dear = cdx.Solution(id="dear", name="Dear", start_month=1,
                        addresses=[cdx.Address(consequence="labour", fraction=0.1)],
                        investment=[cdx.InvestmentItem(label="gold",
                                                       amount=2_000_000)])  # fmt: skip
    books = [
        cdx.write_excel(cdx.ValueCase(diagnosis=labour, solutions=[free, dear], horizon_years=3),
                        tmp_path / "free.xlsx"),
        cdx.write_excel(cdx.ValueCase(diagnosis=labour, solutions=[dear, free]),
                        tmp_path / "dear.xlsx"),
        cdx.write_excel(growth_case(), tmp_path / "growth.xlsx"),
    ]  # fmt: skip
    for written, fresh in zip(books, recalculate(books), strict=True):
        assert assert_parity(written, fresh) > 200
    dear_summary = openpyxl.load_workbook(tmp_path / "dear.xlsx", data_only=True)["Summary"]
    assert labelled(dear_summary, "Verdict on Dear") == "DISQUALIFY"
