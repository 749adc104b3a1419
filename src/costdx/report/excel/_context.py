"""What every sheet writer shares: the case, its results, the formats and the names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from costdx.errors import UnitError
from costdx.lang import Convert, Node, parse_unit, to_excel
from costdx.report.excel._names import calendar_name, excel_name
from costdx.report.excel._print import PageSetup
from costdx.report.excel._sheet import InputCell, Sheet
from costdx.report.excel._styles import Styles

if TYPE_CHECKING:
    from costdx.engine import Quantification, Simulation
    from costdx.model import Audience, DerivedStep, Diagnosis, Plan, ValueCase
    from costdx.value import Evaluation, Realisation, Verdict

__all__ = ["PERCENT", "Report", "records"]

PERCENT = 0.01
"""What a percentage cell holds per unit of a ``percent`` driver: 3.2 % is 0.032."""


def records(frame: Any) -> dict[str, dict[str, Any]]:
    """A results frame as ``{index: {column: value}}``, in the frame's order."""
    return {str(key): dict(row) for key, row in frame.to_dict(orient="index").items()}


@dataclass
class Report:
    """The state of one export: inputs, results, formats, and where things were written.

    ``refs`` maps a key (``problems.annual_total``, ``cons.<id>``, ``cost.<id>.<year>``,
    ``solution.<id>.npv`` ...) to a cell reference that later sheets point their formulas
    at; ``rows`` holds row numbers the same way.
    """

    workbook: Any
    styles: Styles
    page: PageSetup
    case: Diagnosis
    quantification: Quantification
    audience: Audience = "customer"
    omitted: tuple[str, ...] = ()
    """What the customer edition leaves out of the case (`costdx.model.for_audience`)."""
    show_assumed: bool = True
    """Whether the Discover-phase assumed values are shown."""
    value_case: ValueCase | None = None
    evaluation: Evaluation | None = None
    verdict: Verdict | None = None
    simulation: Simulation | None = None
    tracking: Realisation | None = None
    """Value realised, for the Value realised sheet."""
    prefix: tuple[str | int, ...] = ()
    """Path of the diagnosis in the case data: ``("diagnosis",)`` in a value case."""
    sheets: dict[str, Sheet] = field(default_factory=dict)
    inputs: list[InputCell] = field(default_factory=list)
    actuals: list[dict[str, Any]] = field(default_factory=list)
    """The record of each cell of actuals on the Value realised sheet (blank ones too)."""
    refs: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    percent: frozenset[str] = field(init=False)
    """The drivers in ``percent``, whose cells hold the fraction formatted as a percentage
    (3.2 % as 0.032): a customer who types ``3.2%`` means what the case means."""

    def __post_init__(self) -> None:
        plan = self.case.plan
        found = set()
        for ident, unit in plan.units.items():
            try:
                parsed = parse_unit(unit, counted=self.case.counted_units)
            except UnitError:  # pragma: no cover - the case validated its units
                continue
            if not parsed.dims and parsed.factor == PERCENT:
                found.add(ident)
        self.percent = frozenset(found)

    def scale(self, ident: str) -> float:
        """What driver ``ident``'s cell holds per unit of its value (0.01 for percent)."""
        return PERCENT if ident in self.percent else 1.0

    def to_excel(self, node: Node, name_of: Callable[[str], str] = excel_name) -> str:
        """A compiled tree as an Excel formula over the report's named cells."""
        return to_excel(node, name_of, calendar_name=calendar_name, cell_scale=self.scale)

    def derived_formula(self, step: DerivedStep, name_of: Callable[[str], str] = excel_name) -> str:
        """The formula of a derived driver's cell, which holds its value as its cell
        holds it (a percent driver's as the fraction)."""
        scale = self.scale(step.id)
        node = step.node if scale == 1.0 else Convert(step.node, scale, (), 1.0)
        return self.to_excel(node, name_of)

    @property
    def plan(self) -> Plan:
        """The compiled plan of the diagnosis."""
        plan: Plan = self.case.plan
        return plan

    @property
    def currency(self) -> str:
        """The account's currency."""
        return self.case.account.currency

    def add_sheet(self, name: str) -> Sheet:
        """Add a worksheet (in display order) and remember it by name."""
        sheet = Sheet(self.workbook.add_worksheet(name), name)
        self.sheets[name] = sheet
        return sheet

    def define(self, name: str, sheet: Sheet, row: int, col: int) -> None:
        """Make ``name`` a workbook-level defined name of one cell."""
        self.workbook.define_name(name, "=" + sheet.ref(row, col))

    def add_input(
        self,
        sheet: Sheet,
        row: int,
        col: int,
        *,
        kind: str,
        key: str,
        name: str,
        value: float,
        path: tuple[str | int, ...],
        low: float | None = None,
        high: float | None = None,
        open_low: bool = False,
        percent: bool = False,
        whole: bool = False,
        fmt: Any = None,
        scale: float = 1.0,
    ) -> None:
        """Write an input cell: named, unlocked, validated, styled, and recorded.

        ``value``, ``low`` and ``high`` are in the case's terms; the cell holds them times
        ``scale`` (a percent driver's 3.2 as 0.032), and so does its validation. ``whole``
        cells take whole numbers only; ``fmt`` overrides the input format.
        """
        shown = _in_cell(value, scale)
        if fmt is None:
            fmt = self.styles.input_percent if percent else self.styles.input_for(shown)
        sheet.number(row, col, shown, fmt)
        self.define(name, sheet, row, col)
        cell = InputCell(
            kind=kind, key=key, name=name, sheet=sheet.name, cell=sheet.address(row, col),
            value=shown, path=path, low=None if low is None else _in_cell(low, scale),
            high=None if high is None else _in_cell(high, scale), open_low=open_low,
            scale=scale, percent=percent, whole=whole,
        )  # fmt: skip
        self.inputs.append(cell)
        sheet.ws.data_validation(row, col, row, col, _validation(cell))


def _in_cell(value: float, scale: float) -> float:
    """``value × scale`` to the 15 digits a spreadsheet keeps: 3.2 % is the 0.032 a
    customer typing ``3.2%`` stores, not 0.032000000000000001."""
    return value if scale == 1.0 else float(f"{value * scale:.15g}")


def _validation(cell: InputCell) -> dict[str, Any]:
    message = (
        f"{cell.key}: {cell.describe_range()}"
        if cell.whole
        else f"{cell.key}: {'a percentage' if cell.percent else 'a number'}, "
        f"{cell.describe_range()}"
    )
    options: dict[str, Any] = {"validate": "integer" if cell.whole else "decimal",
                               "error_title": "costdx input",
                               "error_message": message[:255]}  # fmt: skip
    if cell.low is not None and cell.high is not None:
        options.update(criteria="between", minimum=cell.low, maximum=cell.high)
    elif cell.low is not None:
        options.update(criteria=">" if cell.open_low else ">=", value=cell.low)
    elif cell.high is not None:
        options.update(criteria="<=", value=cell.high)
    else:
        options.update(criteria="between", minimum=-1e300, maximum=1e300)
    return options
