"""``write_excel``: the whole report, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from costdx._fs import atomic_write
from costdx._version import __version__
from costdx.engine import Quantification, Simulation, quantify
from costdx.errors import CaseFileError, OptionError
from costdx.model import (
    AUDIENCES,
    Audience,
    Basis,
    Diagnosis,
    Scenario,
    ValueCase,
    case_data,
    for_audience,
    resolve_scenario,
)
from costdx.report.excel import (
    _embed,
    _extras,
    _inputs,
    _problems,
    _rollups,
    _simulation,
    _summary,
    _timeline,
    _tracking,
    _value,
)
from costdx.report.excel._context import Report
from costdx.report.excel._print import PageSetup, paper_for, set_up
from costdx.report.excel._sheet import clean_text
from costdx.report.excel._styles import make_styles
from costdx.value import (
    Evaluation,
    Realisation,
    Verdict,
    check_simulation,
    evaluate,
    qualify,
)

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
    payload = {
        "marker": _embed.MARKER, "format": _embed.FORMAT, "costdx": __version__, "kind": kind,
        "audience": report.audience, "omitted": list(report.omitted),
        "case": data, "inputs": [cell.as_json() for cell in report.inputs],
    }  # fmt: skip
    if report.tracking is not None:
        tracking = report.tracking.tracking
        payload["tracking"] = {
            "solution": tracking.bought.id, "go_live": tracking.go_live,
            "measurements": [m.model_dump(mode="json", exclude_defaults=True)
                             for m in tracking.measurements],
            "actuals": report.actuals,
        }  # fmt: skip
    return payload


def _sheet_names(value_case: ValueCase | None, simulation: bool, tracking: bool) -> list[str]:
    names = [_summary.SHEET, _inputs.SHEET, _problems.SHEET, _rollups.STAKEHOLDERS,
             _rollups.DEPARTMENTS, _rollups.SOURCES, _rollups.GAPS]  # fmt: skip
    if value_case is not None:
        names += [_value.SHEET, _value.COMPARISON]
        names += [_timeline.sheet_name(k) for k in range(1, len(value_case.solutions) + 1)]
    if tracking:
        names.append(_tracking.SHEET)
    if simulation:
        names += [_extras.SENSITIVITY, _simulation.SHEET]
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
    audience: Audience = "customer",
    show_assumed: bool | None = None,
    paper: str | None = None,
    tracking: Realisation | None = None,
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
    audience:
        ``"customer"`` (default): the seller's own working stays out, the scenarios marked
        ``internal`` (and, with ``show_assumed=False``, the Discover-phase assumed values)
        are left out of the sheets and of the embedded case alike; the About sheet lists
        what was left out. ``"internal"``: everything, and every page's header says the
        edition is not for the customer. `costdx.read_excel` reads both.
    show_assumed:
        Whether the customer edition shows the Discover-phase assumed values (the
        seller's hypothesis before the diagnosis). By default it does not — what the
        seller wrote for itself stays out of what is marked for the customer — unless the
        report is on the assumed basis; the internal edition always does.
    paper:
        ``"letter"`` or ``"a4"``; by default Letter where the currency is that of a Letter
        country (``costdx.report.discussion.LETTER_CURRENCIES``), A4 elsewhere.
    tracking:
        Value realised of this value case (`costdx.track`): adds the Value realised
        sheet, where the customer types each month's actuals (read back by
        `costdx.read_excel` as measurements) and live formulas set realised against
        promised value. The report is then on the diagnosed values (no scenario, basis
        ``"value"``), which the tracking's baseline is.

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
        than the report; if the customer edition is asked for on an internal scenario or
        on the assumed basis without the assumed values; if the evaluation and the
        verdict were computed against different targets.
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
    if audience not in AUDIENCES:
        raise OptionError(f"audience must be 'customer' or 'internal', not {audience!r}")
    page_paper = paper_for(diagnosis.account.currency, paper)
    chosen = resolve_scenario(diagnosis, scenario)
    if show_assumed is None:
        show_assumed = basis == "assumed"
    _check_audience(audience, chosen, basis, show_assumed)
    if simulation is not None:
        if simulation.case is not diagnosis and simulation.case != diagnosis:
            raise OptionError("the simulation was run on another diagnosis than the one written")
        check_simulation(simulation, diagnosis, basis=basis, scenario=chosen)
    q = _given(quantification, diagnosis, basis, chosen) or quantify(
        diagnosis, basis=basis, scenario=chosen
    )
    if value_case is not None:
        evaluation = _given(evaluation, value_case, basis, chosen)
        evaluation = _with_samples(evaluation, value_case, basis, chosen, simulation)
        if verdict is None and value_case.ours is not None:
            verdict = qualify(value_case, evaluation=evaluation)
        _check_targets(evaluation, verdict)
    elif evaluation is not None or verdict is not None:
        raise OptionError("an evaluation or a verdict needs a ValueCase to write, not a Diagnosis")
    _check_tracking(tracking, value_case, basis, chosen)
    shown, omitted = for_audience(case, audience, show_assumed=show_assumed)
    shown_diagnosis = shown.diagnosis if isinstance(shown, ValueCase) else shown

    def build(handle: Any) -> None:
        workbook = _new_workbook(handle)
        report = Report(
            workbook=workbook, styles=make_styles(workbook, diagnosis.account.currency),
            page=PageSetup(paper=page_paper, account=diagnosis.account.name,
                           title=clean_text(diagnosis.title or diagnosis.id),
                           internal=audience == "internal"),
            case=shown_diagnosis, quantification=q, audience=audience, omitted=omitted,
            show_assumed=show_assumed or audience == "internal",
            value_case=shown if isinstance(shown, ValueCase) else None, evaluation=evaluation,
            verdict=verdict, simulation=simulation, tracking=tracking,
            prefix=("diagnosis",) if value_case is not None else (),
        )  # fmt: skip
        for name in _sheet_names(value_case, simulation is not None, tracking is not None):
            report.add_sheet(name)
        _write_sheets(report)
        for sheet in report.sheets.values():
            set_up(sheet, report.page)
        _embed.embed(workbook, _payload(shown, report))
        workbook.set_properties({"title": clean_text(diagnosis.title or diagnosis.id),
                                 "author": "costdx",
                                 "comments": f"Written by costdx {__version__}"})  # fmt: skip
        workbook.close()

    atomic_write(target, build)
    return target


def _write_sheets(report: Report) -> None:
    """Every sheet, each after those it points at."""
    _inputs.write_inputs(report)
    _problems.write_problems(report)
    _rollups.write_rollups(report)
    _rollups.write_gaps(report)
    if report.value_case is not None:
        _value.write_value_case(report)
        for number, solution in enumerate(report.value_case.solutions, start=1):
            _timeline.write_timeline(report, number, solution)
        _value.write_comparison(report)
        if report.tracking is not None:
            _tracking.write_tracking(report)
    _summary.write_summary(report)
    if report.simulation is not None:
        _extras.write_sensitivity(report)
        _simulation.write_simulation(report)
    _extras.write_about(report)


def _check_tracking(
    tracking: Realisation | None, value_case: ValueCase | None, basis: Basis,
    scenario: Scenario | None,
) -> None:  # fmt: skip
    """Value realised goes with its own value case, on the diagnosed values."""
    if tracking is None:
        return
    if not isinstance(tracking, Realisation):
        kind = type(tracking).__name__
        raise OptionError(f"tracking= takes what costdx.track returns, not {kind}")
    own = tracking.tracking.value_case
    if value_case is None or (own is not value_case and own != value_case):
        raise OptionError("the tracking follows another value case than the one written")
    if basis != "value" or scenario is not None:
        raise OptionError(
            "value realised is measured against the diagnosed values: write the report "
            "without a scenario, on basis='value'"
        )


def _check_audience(
    audience: Audience, scenario: Scenario | None, basis: Basis, show_assumed: bool
) -> None:
    if audience != "customer":
        return
    if scenario is not None and scenario.internal:
        raise OptionError(
            f"scenario {scenario.name!r} is marked internal: write it with "
            "audience='internal', or choose a scenario for the customer"
        )
    if basis == "assumed" and not show_assumed:
        raise OptionError(
            "a report on the assumed basis shows the Discover-phase assumptions: drop "
            "show_assumed=False, or write it on basis='value'"
        )


def _with_samples(
    evaluation: Evaluation | None,
    vc: ValueCase,
    basis: Basis,
    scenario: Scenario | None,
    simulation: Simulation | None,
) -> Evaluation:
    """The evaluation given, or one computed; with a simulation that kept every
    consequence, one whose solutions carry NPV and ROI samples for the range."""
    if simulation is None or not all(step.id in simulation.parts for step in
                                     vc.diagnosis.plan.consequences):  # fmt: skip
        return evaluation or evaluate(vc, basis=basis, scenario=scenario)
    if evaluation is not None and evaluation.simulation is simulation:
        return evaluation
    targets = evaluation.targets if evaluation is not None else {}
    return evaluate(
        vc, basis=basis, scenario=scenario, simulation=simulation,
        target_roi=targets.get("roi"), target_payback_months=targets.get("payback_months"),
    )  # fmt: skip


def _check_targets(evaluation: Evaluation, verdict: Verdict | None) -> None:
    """The affordable investment and the verdict read the same target cells."""
    if verdict is None or not verdict.thresholds:
        return
    pairs = (("roi", "min_roi"), ("payback_months", "max_payback_months"))
    for own, theirs in pairs:
        used = evaluation.targets.get(own)
        if used is not None and used != verdict.thresholds.get(theirs):
            raise OptionError(
                f"the evaluation's {own} target ({used:g}) is not the verdict's "
                f"({verdict.thresholds.get(theirs)!r}); compute both with the same targets"
            )


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
