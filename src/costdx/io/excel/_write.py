"""``write_excel``: the whole report, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costdx._version import __version__
from costdx.engine.quantify import Basis, quantify, resolve_scenario
from costdx.errors import CostdxError
from costdx.io.excel import _embed, _extras, _inputs, _problems, _rollups, _summary, _value
from costdx.io.excel._context import Report
from costdx.io.excel._sheet import clean_text
from costdx.io.excel._styles import make_styles
from costdx.io.files import atomic_write, case_data
from costdx.model.case import Diagnosis, Scenario
from costdx.model.value import ValueCase

if TYPE_CHECKING:
    from costdx.engine.simulate import Simulation

__all__ = ["WORKBOOK_OPTIONS", "write_excel"]

WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
"""XlsxWriter options: the workbook is built in memory and no text is ever reinterpreted."""


def _new_workbook(handle: Any) -> Any:
    from xlsxwriter import Workbook  # noqa: PLC0415 - the Excel machinery loads when used

    return Workbook(handle, WORKBOOK_OPTIONS)


def _payload(case: Diagnosis | ValueCase, report: Report) -> dict[str, Any]:
    if isinstance(case, ValueCase):
        data = case.model_dump(mode="json", exclude_none=True, exclude={"diagnosis"})
        data["diagnosis"] = case_data(case.diagnosis)
        kind = "value_case"
    else:
        data, kind = case_data(case), "diagnosis"
    return {
        "marker": _embed.MARKER, "format": _embed.FORMAT, "costdx": __version__, "kind": kind,
        "case": data, "inputs": [cell.as_json() for cell in report.inputs],
    }  # fmt: skip


def _sheet_names(value_case: bool, simulation: bool) -> list[str]:
    names = [_summary.SHEET, _inputs.SHEET, _problems.SHEET, _rollups.STAKEHOLDERS,
             _rollups.DEPARTMENTS, _rollups.SOURCES, _rollups.GAPS]  # fmt: skip
    if value_case:
        names.append(_value.SHEET)
    if simulation:
        names += [_extras.SENSITIVITY, _extras.SIMULATION]
    return [*names, _extras.ABOUT]


def write_excel(
    case: Diagnosis | ValueCase,
    path: str | os.PathLike[str],
    *,
    simulation: Simulation | None = None,
    scenario: str | Scenario | None = None,
    basis: Basis = "value",
) -> Path:
    """Write the Excel value report of a diagnosis or a value case.

    The workbook's figures are live formulas over named input cells, each written with
    its value as costdx computes it; the case itself is embedded so that
    `costdx.read_excel` brings the customer's edits back. The file is written to a
    temporary file beside ``path`` and renamed into place, so a failure never leaves a
    half-written workbook over a good one.

    Parameters
    ----------
    case:
        A `Diagnosis` (diagnosis report) or a `ValueCase`
        (adds the Value case sheet, NPV/ROI/IRR/payback and the verdict to the Summary).
    path:
        Where to write, ending in ``.xlsx``.
    simulation:
        A `Simulation` of the same diagnosis, basis and scenario: adds the
        Sensitivity (tornado) and Simulation sheets, as values labelled with n, seed and
        method.
    scenario, basis:
        As for `costdx.quantify`: the input cells then hold the scenario's (or the
        assumed) values.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    CostdxError
        If the path is not ``.xlsx``, the simulation is of another case, basis or
        scenario than the report, or a figure cannot be expressed in Excel.

    Examples
    --------
    >>> import costdx as cdx, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cdx.write_excel(cdx.load(cdx.example_path()), folder / "acme.xlsx").name
    'acme.xlsx'
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise CostdxError(f"{target}: write_excel writes .xlsx files, not {target.suffix!r}")
    value_case = case if isinstance(case, ValueCase) else None
    diagnosis = case.diagnosis if isinstance(case, ValueCase) else case
    if not isinstance(diagnosis, Diagnosis):
        raise CostdxError(
            f"write_excel needs a Diagnosis or a ValueCase, not {type(case).__name__}"
        )
    chosen = resolve_scenario(diagnosis, scenario)
    if simulation is not None:
        from costdx.value.evaluate import check_simulation  # noqa: PLC0415

        if simulation.case is not diagnosis and simulation.case != diagnosis:
            raise CostdxError("the simulation was run on another diagnosis than the one written")
        check_simulation(simulation, diagnosis, basis=basis, scenario=chosen)
    q = quantify(diagnosis, basis=basis, scenario=chosen)
    evaluation = verdict = None
    if value_case is not None:
        from costdx.value.evaluate import evaluate  # noqa: PLC0415
        from costdx.value.qualify import qualify  # noqa: PLC0415

        evaluation = evaluate(value_case, basis=basis, scenario=chosen)
        if value_case.ours is not None:
            verdict = qualify(value_case, evaluation=evaluation)

    def build(handle: Any) -> None:
        workbook = _new_workbook(handle)
        report = Report(
            workbook=workbook, styles=make_styles(workbook, diagnosis.account.currency),
            case=diagnosis, quantification=q, value_case=value_case, evaluation=evaluation,
            verdict=verdict, simulation=simulation,
            prefix=("diagnosis",) if value_case is not None else (),
        )  # fmt: skip
        for name in _sheet_names(value_case is not None, simulation is not None):
            report.add_sheet(name)
        _inputs.write_inputs(report)
        _problems.write_problems(report)
        _rollups.write_rollups(report)
        _rollups.write_gaps(report)
        if value_case is not None:
            _value.write_value_case(report)
        _summary.write_summary(report)
        if simulation is not None:
            _extras.write_sensitivity(report)
            _extras.write_simulation(report)
        _extras.write_about(report)
        _embed.embed(workbook, _payload(case, report))
        workbook.set_properties({"title": clean_text(diagnosis.title or diagnosis.id),
                                 "author": "costdx",
                                 "comments": f"Written by costdx {__version__}"})  # fmt: skip
        workbook.close()

    atomic_write(target, build)
    return target
