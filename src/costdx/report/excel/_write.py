"""``write_excel``: the whole report, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from costdx._fs import atomic_write
from costdx._version import __version__
from costdx.engine import Quantification, Simulation, quantify
from costdx.errors import CaseFileError, OptionError
from costdx.model import Basis, Diagnosis, Scenario, ValueCase, case_data, resolve_scenario
from costdx.report.excel import _embed, _extras, _inputs, _problems, _rollups, _summary, _value
from costdx.report.excel._context import Report
from costdx.report.excel._sheet import clean_text
from costdx.report.excel._styles import make_styles
from costdx.value import Evaluation, Verdict, check_simulation, evaluate, qualify

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
    quantification: Quantification | None = None,
    evaluation: Evaluation | None = None,
    verdict: Verdict | None = None,
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
    quantification, evaluation, verdict:
        Results the caller has already computed for this case, basis and scenario; the
        report uses them rather than computing them again. Any left out is computed.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    CaseFileError
        If the path is not ``.xlsx`` or cannot be written.
    OptionError
        If the simulation or a result passed in is of another case, basis or scenario
        than the report.
    FormulaError
        If a figure cannot be expressed in Excel.

    Examples
    --------
    >>> import costdx as cdx, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cdx.write_excel(cdx.load(cdx.example_path()), folder / "acme.xlsx").name
    'acme.xlsx'
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise CaseFileError(f"{target}: write_excel writes .xlsx files, not {target.suffix!r}")
    value_case = case if isinstance(case, ValueCase) else None
    diagnosis = case.diagnosis if isinstance(case, ValueCase) else case
    if not isinstance(diagnosis, Diagnosis):
        raise OptionError(
            f"write_excel needs a Diagnosis or a ValueCase, not {type(case).__name__}"
        )
    chosen = resolve_scenario(diagnosis, scenario)
    if simulation is not None:
        if simulation.case is not diagnosis and simulation.case != diagnosis:
            raise OptionError("the simulation was run on another diagnosis than the one written")
        check_simulation(simulation, diagnosis, basis=basis, scenario=chosen)
    q = _given(quantification, diagnosis, basis, chosen) or quantify(
        diagnosis, basis=basis, scenario=chosen
    )
    if value_case is not None:
        evaluation = _given(evaluation, value_case, basis, chosen) or evaluate(
            value_case, basis=basis, scenario=chosen
        )
        if verdict is None and value_case.ours is not None:
            verdict = qualify(value_case, evaluation=evaluation)
    elif evaluation is not None or verdict is not None:
        raise OptionError("an evaluation or a verdict needs a ValueCase to write, not a Diagnosis")

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


R = TypeVar("R", Quantification, Evaluation)


def _given(
    result: R | None, case: Diagnosis | ValueCase, basis: Basis, scenario: Scenario | None
) -> R | None:
    """A result passed in, once it is checked to be of this case, basis and scenario."""
    if result is None:
        return None
    own = result.case if isinstance(result, Quantification) else result.value_case
    if own is not case and own != case:
        kind = type(result).__name__.lower()
        raise OptionError(
            f"the {kind} passed to write_excel is of another case than the one written"
        )
    if result.basis != basis or result.scenario != scenario:
        raise OptionError(
            f"the {type(result).__name__.lower()} passed to write_excel is on basis "
            f"{result.basis!r}, scenario {getattr(result.scenario, 'name', None)!r}; the report "
            f"is on {basis!r}, {getattr(scenario, 'name', None)!r}"
        )
    return result
