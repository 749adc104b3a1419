"""What every sheet writer shares: the case, its results, the formats and the names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from costdx.report.excel._print import PageSetup
from costdx.report.excel._sheet import InputCell, Sheet
from costdx.report.excel._styles import Styles

if TYPE_CHECKING:
    from costdx.engine import Quantification, Simulation
    from costdx.model import Audience, Diagnosis, Plan, ValueCase
    from costdx.value import Evaluation, Verdict

__all__ = ["Report", "records"]


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
    prefix: tuple[str | int, ...] = ()
    """Path of the diagnosis in the case data: ``("diagnosis",)`` in a value case."""
    sheets: dict[str, Sheet] = field(default_factory=dict)
    inputs: list[InputCell] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

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
    ) -> None:
        """Write an input cell: named, unlocked, validated, styled, and recorded."""
        if fmt is None:
            fmt = self.styles.input_percent if percent else self.styles.input_for(value)
        sheet.number(row, col, value, fmt)
        self.define(name, sheet, row, col)
        cell = InputCell(
            kind=kind, key=key, name=name, sheet=sheet.name, cell=sheet.address(row, col),
            value=value, path=path, low=low, high=high, open_low=open_low, whole=whole,
        )  # fmt: skip
        self.inputs.append(cell)
        sheet.ws.data_validation(row, col, row, col, _validation(cell))


def _validation(cell: InputCell) -> dict[str, Any]:
    message = (
        f"{cell.key}: {cell.describe_range()}"
        if cell.whole
        else (f"{cell.key}: a number, {cell.describe_range()}")
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
