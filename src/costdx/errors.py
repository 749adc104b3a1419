"""The exceptions costdx raises.

Every error is a `CostdxError`, which subclasses `ValueError` so callers
that already catch bad input generically keep working. Each message names where the
problem is (``problems[1].consequences[0].formula``) and what was found.

Validation of a whole case collects every problem before raising, in the manner of
pandera's ``lazy=True``: `CaseValidationError` carries the list of
`Issue` objects, each with a stable reason ``code``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

__all__ = [
    "CalculationError",
    "CaseFileError",
    "CaseReferenceError",
    "CaseValidationError",
    "CostdxError",
    "FinanceError",
    "FormulaError",
    "Issue",
    "MissingExtraError",
    "OptionError",
    "Severity",
    "UnitError",
    "WorkbookError",
    "format_location",
    "join_location",
    "parse_location",
]


def _rebuild(cls: type[CostdxError], args: tuple[Any, ...], state: Mapping[str, Any]) -> Any:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class CostdxError(ValueError):
    """Base class of every error costdx raises on bad input.

    Every costdx error pickles with its message and attributes (it crosses process
    boundaries when costdx runs in worker processes), whatever its constructor takes.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class FormulaError(CostdxError):
    """A formula is not in costdx's formula language (syntax, forbidden construct, limits).

    Attributes
    ----------
    formula:
        The formula text.
    position:
        0-based character offset of the offending construct, or ``None``.
    """

    def __init__(self, message: str, *, formula: str = "", position: int | None = None) -> None:
        self.formula = formula
        self.position = position
        detail = message
        if formula and position is not None:
            shown = formula if len(formula) <= 120 else formula[:117] + "..."
            if position < len(shown):
                detail = f"{message} at position {position}:\n  {shown}\n  {' ' * position}^"
            else:
                detail = f"{message} at position {position} of {shown!r}"
        elif formula:
            detail = f"{message} in formula {formula[:120]!r}"
        super().__init__(detail)


class UnitError(CostdxError):
    """Units do not fit together (a sum of hours and orders, a consequence that is not money)."""


class CaseReferenceError(CostdxError, KeyError):
    """An id refers to nothing: no driver, consequence, solution or scenario of that name.

    Also a `KeyError`, as for any failed look-up, but shown as its plain message.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class CaseFileError(CostdxError):
    """A case file or workbook cannot be read or written: missing, unreadable, wrong version."""


class WorkbookError(CaseFileError):
    """A workbook cannot be read back: not costdx's, damaged, or an input cell is invalid.

    Attributes
    ----------
    cells:
        The cells at fault, as ``Sheet!C5`` (or the sheet alone when it is missing).
    """

    def __init__(self, message: str, *, cells: tuple[str, ...] = ()) -> None:
        self.cells = cells
        super().__init__(message)

    @classmethod
    def unreadable(
        cls, where: str, problems: Sequence[str], cells: Sequence[str], *, noun: str = "cell"
    ) -> WorkbookError:
        """One error listing every cell that cannot be read: ``book.xlsx: 2 input cells
        cannot be read:`` and a line each (``noun`` names them: ``input cell``)."""
        count = len(problems)
        head = f"{where}: {count} {noun if count == 1 else noun.replace('cell', 'cells')} "
        listed = "\n".join(f"  - {p}" for p in problems)
        return cls(f"{head}cannot be read:\n{listed}", cells=tuple(cells))


class FinanceError(CostdxError):
    """A finance function received inputs it cannot work with."""


class OptionError(CostdxError):
    """An argument is out of range or does not fit the rest of the call: an unknown basis
    or period, a sample size below 1, a simulation of another case than the figures."""


class CalculationError(CostdxError):
    """A figure cannot be computed from the inputs: a division by zero, an overflow, a
    value that is not finite in some year of the horizon."""


class MissingExtraError(CostdxError):
    """An optional dependency is not installed; the message names the extra to install."""


Severity = Literal["error", "warning"]
"""An error makes a case invalid; a warning is a finding about a valid case."""

ID_LISTS = frozenset(
    {"stakeholders", "drivers", "problems", "symptoms", "causes", "consequences", "solutions",
     "scenarios", "addresses", "measurements"}
)  # fmt: skip
"""The lists of a case whose items carry an id (an address: its consequence's; a
scenario: its name; a measurement: its driver's); an issue's ``subject`` is shown beside
the innermost of them."""

_ITEM = re.compile(r"(?:^|\.)(\w+)\[\d+\]")


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem or finding in a case.

    Attributes
    ----------
    location:
        Where it is, as a path into the case: ``drivers[3].unit``.
    message:
        What is wrong, naming the value found and, where it helps, a fix.
    code:
        A stable reason code (``unknown_reference``, ``duplicate_id``, ``cycle``,
        ``unit_mismatch``, ``formula_syntax``, ``invalid_value``, and the plausibility
        findings' codes such as ``implied_people``).
    severity:
        ``"error"`` (the case is invalid) or ``"warning"`` (a finding about a valid case).
    subject:
        The id of the driver, consequence, problem ... the location is in, when known;
        shown beside the list position: ``drivers[9] (housings_per_workday).value``.
    file, line:
        The case file and its 1-based line, when the case came from a file.
    """

    location: str
    message: str
    code: str
    severity: Severity = "error"
    subject: str = ""
    file: str = ""
    line: int | None = None

    @property
    def where(self) -> str:
        """The location with the subject's id beside its list position.

        >>> Issue("drivers[9].value", "must be finite", "finite_number",
        ...       subject="housings").where
        'drivers[9] (housings).value'
        """
        if not self.subject:
            return self.location
        items = [m for m in _ITEM.finditer(self.location) if m.group(1) in ID_LISTS]
        if not items:
            return f"{self.location} ({self.subject})" if self.location else self.subject
        end = items[-1].end()
        return f"{self.location[:end]} ({self.subject}){self.location[end:]}"

    def __str__(self) -> str:
        where = self.where
        text = f"{where}: {self.message}" if where else self.message
        if self.severity == "warning":
            text = f"warning: {text} [{self.code}]"
        if self.file:
            at = f"{self.file}:{self.line}" if self.line is not None else self.file
            text = f"{at}: {text}"
        return text


class CaseValidationError(CostdxError):
    """A case has one or more problems; all of them are listed in `issues`."""

    def __init__(self, issues: Sequence[Issue], *, title: str = "invalid case") -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        count = len(self.issues)
        head = f"{title}: {count} problem{'s' if count != 1 else ''}"
        super().__init__("\n".join([head, *(f"  - {issue}" for issue in self.issues)]))

    def codes(self) -> list[str]:
        """The reason codes of all issues, in order."""
        return [issue.code for issue in self.issues]

    def locations(self) -> list[str]:
        """The locations of all issues, in order."""
        return [issue.location for issue in self.issues]

    def prefixed(self, prefix: str) -> CaseValidationError:
        """The same issues with ``prefix`` put in front of every location."""
        return CaseValidationError(
            [
                replace(issue, location=join_location(prefix, issue.location))
                for issue in self.issues
            ]
        )


def join_location(prefix: str, location: str) -> str:
    """Join two location paths: ``join_location("diagnosis", "drivers[0]")``."""
    if not prefix:
        return location
    if not location:
        return prefix
    if location.startswith("["):
        return prefix + location
    return f"{prefix}.{location}"


def format_location(parts: Iterable[str | int]) -> str:
    """Render a location tuple as a path.

    >>> format_location(("problems", 1, "consequences", 0, "formula"))
    'problems[1].consequences[0].formula'
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_location(location: str) -> list[str | int]:
    """The parts of a location path, the inverse of `format_location`.

    >>> parse_location("problems[1].consequences[0].formula")
    ['problems', 1, 'consequences', 0, 'formula']
    """
    return [int(index) if index else name for name, index in _PART.findall(location)]
