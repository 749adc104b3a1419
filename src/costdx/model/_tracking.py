"""Deliver: the won value case and what was measured after go-live.

A `Measurement` is one driver's actual value in one calendar month, with its provenance,
in long format (one row per driver and month, as a data platform exports a metric feed).
A `Tracking` holds the value case it follows, the solution that was bought, the month it
went live and the measurements. The promise is the value case's own monthly timeline for
that solution, placed on the calendar so that its first month of benefit (month
``start_month + 1`` after the decision) is the go-live month: the decision month is
``go_live − start_month − 1`` and the horizon ends ``12 × horizon_years`` months after it.

A tracking checks itself when it is built, every problem at once in one
`CaseValidationError`: a measurement of a driver the case does not have, of a derived
driver (its value comes from its formula), in a unit of another dimension, outside the
driver's bounds, confirmed by an unknown stakeholder, or a second one of the same driver
and month. Findings that leave it valid (`tracking_findings`) are warnings: a measurement
before go-live or after the horizon (left out of the tracking), or of a driver that no
consequence the solution addresses uses (it moves nothing that was promised).

In a case file the tracking is two tables beside the value case::

    [tracking]
    solution = "northwind_ops"
    go_live = "2027-04"

    [[measurements]]
    driver = "breakdowns_per_month"
    period = "2027-04"
    value = 7
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any, Self

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from costdx.errors import CaseValidationError, Issue, UnitError
from costdx.lang import calendar_terms, calendar_value, compatible, format_dims, parse_unit
from costdx.model._base import Id, Model
from costdx.model._check import Suggestions
from costdx.model._origin import locate, origin_of, tie
from costdx.model._terms import Source, Text
from costdx.model._value import DO_NOTHING, Solution, ValueCase

__all__ = [
    "MEASUREMENT_COLUMNS",
    "Measurement",
    "Month",
    "RowOrigin",
    "Tracking",
    "as_measurements",
    "month_index",
    "month_label",
    "parse_month",
    "tracking_findings",
]

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")
MONTHS = 12


def parse_month(value: Any) -> str:
    """``"2027-03"`` for a month written ``2027-03`` or ``2027-3``, or a date in it
    (``2027-03-15``, a `datetime.date`, a pandas ``Timestamp`` or ``Period``).

    >>> parse_month("2027-3"), parse_month(dt.date(2027, 3, 15))
    ('2027-03', '2027-03')

    Raises
    ------
    ValueError
        Naming what was given and the format expected.
    """
    if isinstance(value, str):
        found = _MONTH.match(value)
        if found is None:
            raise ValueError(f"{value!r} is not a month; write it as YYYY-MM, e.g. 2027-03")
        year, month = int(found.group(1)), int(found.group(2))
        if found.group(3) is not None:  # a date names the month it falls in, if it exists
            try:
                dt.date(year, month, int(found.group(3)))
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a date ({exc})") from None
    elif isinstance(value, dt.date | dt.datetime) or (
        hasattr(value, "year") and hasattr(value, "month") and not isinstance(value, bool)
    ):
        year, month = int(value.year), int(value.month)
    else:
        raise ValueError(f"expected a month such as 2027-03, got {type(value).__name__}")
    if not 1 <= month <= MONTHS:
        raise ValueError(f"{value!r}: month {month} is not 1 to 12")
    if not 1900 <= year <= 2999:
        raise ValueError(f"{value!r}: year {year} is outside 1900 to 2999")
    return f"{year:04d}-{month:02d}"


Month = Annotated[str, BeforeValidator(parse_month)]
"""A calendar month, written ``YYYY-MM`` (``"2027-03"``); a date stands for its month."""


def month_index(month: str) -> int:
    """A month as a number that counts months: ``12 × year + month − 1``.

    >>> month_index("2027-03") - month_index("2026-12")
    3
    """
    year, number = month.split("-")
    return MONTHS * int(year) + int(number) - 1


def month_label(index: int) -> str:
    """The inverse of `month_index`.

    >>> month_label(month_index("2027-12") + 1)
    '2028-01'
    """
    year, number = divmod(index, MONTHS)
    return f"{year:04d}-{number + 1:02d}"


MEASUREMENT_COLUMNS = (
    "driver", "period", "value", "unit", "source", "evidence", "confirmed_by", "confirmed_on",
)  # fmt: skip
"""The fields of a measurement: the columns of a measurements table (the first three
required)."""


class Measurement(Model):
    """One driver's actual value in one month after go-live.

    ``value`` is in the driver's unit unless ``unit`` says otherwise; a unit of the same
    dimension is converted by the case's calendar (``order/month`` for an ``order/week``
    driver), and a ``percent`` driver's figure can be given as a fraction with
    ``unit = "1"``.
    """

    driver: Id
    """The id of the input driver measured."""
    period: Month
    """The month measured, ``"2027-03"``."""
    value: float
    """The actual value, in the driver's unit unless ``unit`` is given."""
    unit: Annotated[str, Field(max_length=200)] | None = None
    """The value's unit when it is not the driver's."""
    source: Source = Source.MEASURED
    """Where the figure came from; ``measured`` (the customer's own data) unless said."""
    evidence: Text = ""
    confirmed_by: Id | None = None
    """The stakeholder who confirmed the figure."""
    confirmed_on: dt.date | None = None

    @model_validator(mode="after")
    def _confirmation(self) -> Self:
        if self.confirmed_on is not None and self.confirmed_by is None:
            raise ValueError("confirmed_on is set but confirmed_by is not")
        return self

    @property
    def month(self) -> int:
        """The period as a `month_index`."""
        return month_index(self.period)


class Tracking(Model):
    """A won value case, the solution bought, its go-live month and the measurements since.

    The promise is the value case's monthly timeline of ``solution`` (default: the
    value case's own), its first month of benefit placed on ``go_live``.
    """

    value_case: ValueCase
    solution: Id | None = None
    """The solution bought (default: the value case's ``our_solution``)."""
    go_live: Month
    """The month the solution went live: its first month of benefit in the promise."""
    measurements: tuple[Measurement, ...] = ()

    _values: dict[tuple[str, int], float] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _cross_check(self) -> Self:
        issues: list[Issue] = []
        vc = self.value_case
        chosen = self.solution or (vc.ours.id if vc.ours is not None else None)
        known = [s.id for s in vc.solutions]
        if chosen is None or chosen == DO_NOTHING or chosen not in known:
            shown = ", ".join(map(repr, known)) or "none"
            what = "no solution given and the value case has none" if chosen is None else (
                f"{DO_NOTHING!r} is no solution to track" if chosen == DO_NOTHING
                else f"unknown solution {chosen!r}"
            )  # fmt: skip
            message = f"{what}; the solutions are {shown}"
            issues.append(Issue("tracking.solution", message, "unknown_reference"))
        solution = vc.solution(chosen) if not issues and chosen is not None else None
        values, found = _measured(self, solution)
        issues += found
        if issues:
            raise CaseValidationError(issues, title="invalid tracking")
        self._values = values
        return self

    @property
    def bought(self) -> Solution:
        """The solution tracked."""
        vc = self.value_case
        chosen = self.solution or (vc.ours.id if vc.ours is not None else "")
        return vc.solution(chosen)

    @property
    def decided(self) -> int:
        """The month of the decision (month 0 of the timeline), as a `month_index`."""
        return month_index(self.go_live) - self.bought.start_month - 1

    @property
    def horizon_end(self) -> int:
        """The last month of the horizon, as a `month_index`."""
        return self.decided + MONTHS * self.value_case.horizon_years

    def month_of(self, period: str) -> int:
        """The timeline month (0 = the decision) of a calendar month ``"2027-05"``."""
        return month_index(parse_month(period)) - self.decided

    def values(self) -> dict[tuple[str, int], float]:
        """Each measurement within go-live … the horizon's end in its driver's own unit,
        by ``(driver, timeline month)``."""
        return dict(self._values)

    def __repr__(self) -> str:
        count = len(self.measurements)
        drivers = len({m.driver for m in self.measurements})
        return (
            f"<Tracking {self.bought.id!r} live from {self.go_live}: {count} measurement"
            f"{'s' if count != 1 else ''} of {drivers} driver{'s' if drivers != 1 else ''}>"
        )


def _here(index: int, measurement: Measurement, issue: Issue) -> Issue:
    """``issue`` about measurement ``index``, with its driver and, for one read from a
    table, that table's file and row."""
    issue = replace(issue, subject=measurement.driver)
    origin = origin_of(measurement)
    return locate([issue], origin)[0] if origin is not None else issue


def _measured(
    tracking: Tracking, solution: Solution | None
) -> tuple[dict[tuple[str, int], float], list[Issue]]:
    """The measurements converted to their drivers' units, by (driver, timeline month) for
    those within go-live … the horizon's end; and the errors among them (``solution``
    ``None``: it is unknown, and no measurement is placed on its timeline)."""
    vc = tracking.value_case
    case = vc.diagnosis
    plan = case.plan
    stakeholders = {s.id for s in case.stakeholders}
    suggest = Suggestions()
    issues: list[Issue] = []
    values: dict[tuple[str, int], float] = {}
    seen: dict[tuple[str, str], int] = {}
    first = month_index(tracking.go_live)
    decided = first - (solution.start_month if solution is not None else 0) - 1
    last = decided + MONTHS * vc.horizon_years if solution is not None else first - 1
    for i, m in enumerate(tracking.measurements):
        here = f"measurements[{i}]"

        def add(field: str, message: str, code: str, *, at: str = here, m: Measurement = m,
                i: int = i) -> None:  # fmt: skip
            issues.append(_here(i, m, Issue(f"{at}.{field}" if field else at, message, code)))

        if m.driver not in plan.drivers:
            add("driver", f"unknown driver {m.driver!r}{suggest(m.driver, plan.drivers)}",
                "unknown_reference")  # fmt: skip
            continue
        driver = plan.drivers[m.driver]
        if driver.derived:
            inputs = ", ".join(sorted(plan.derived_inputs.get(m.driver, ())))
            add(
                "driver",
                f"{m.driver!r} is derived (its value comes from its formula "
                f"{driver.formula!r}); measure its inputs instead: {inputs}",
                "derived_driver",
            )
            continue
        key = (m.driver, m.period)
        if key in seen:
            other = tracking.measurements[seen[key]]
            where = _where(seen[key], other)
            add("period", f"a second measurement of {m.driver} for {m.period} ({where} has "
                "one); keep one of them", "duplicate_measurement")  # fmt: skip
            continue
        seen[key] = i
        if m.confirmed_by is not None and m.confirmed_by not in stakeholders:
            add("confirmed_by", f"unknown stakeholder {m.confirmed_by!r}"
                f"{suggest(m.confirmed_by, stakeholders)}", "unknown_reference")  # fmt: skip
        try:
            value = _converted(m, plan.units[m.driver], plan.calendar, case.counted_units)
        except UnitError as exc:
            add("unit", str(exc), "unit_mismatch")
            continue
        if driver.bounds is not None and not driver.bounds.contains(value):
            add("value", f"{value:g} {plan.units[m.driver]} is outside the driver's bounds "
                f"{driver.bounds.describe()}", "invalid_value")  # fmt: skip
            continue
        if first <= m.month <= last:
            values[(m.driver, m.month - decided)] = value
    return values, issues


def _where(index: int, measurement: Measurement) -> str:
    origin = origin_of(measurement)
    if origin is None:
        return f"measurements[{index}]"
    line = origin.line(f"measurements[{index}]")
    return f"{origin.file}:{line}" if line is not None else origin.file


def _converted(
    m: Measurement, unit: str, calendar: Mapping[str, float], counted: Iterable[str]
) -> float:
    """The measurement in the driver's ``unit``: ``value × factor_m / factor_d`` times the
    calendar constants between their time units."""
    if m.unit is None or m.unit.strip() == unit.strip():
        return m.value
    own = parse_unit(unit, counted=counted)
    given = parse_unit(m.unit, counted=counted)
    if not compatible(given.dims, own.dims):
        raise UnitError(
            f"{m.unit!r} ({format_dims(given.dims)}) is not a unit of {m.driver}, which is in "
            f"{unit} ({format_dims(own.dims)}); give the value in {unit} or a unit of the "
            "same dimension"
        )
    terms = calendar_terms(given.dims, own.dims)
    value = m.value * given.factor / own.factor * calendar_value(terms, calendar)
    if not math.isfinite(value):
        raise UnitError(f"{m.value:g} {m.unit} is not finite in {unit}")
    return value


@dataclass(frozen=True, slots=True)
class RowOrigin:
    """Where a measurement read from a table came from: the file and the row's line (a
    spreadsheet's row number: the header is row 1)."""

    file: str
    row: int

    def line(self, location: str) -> int | None:
        """The row's line, whatever part of the measurement ``location`` names."""
        return self.row


def _missing(value: Any) -> bool:
    """Whether a table cell is empty: ``None``, NaN, pandas' ``NA`` or ``NaT``."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python number it holds."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    return value


def as_measurements(data: Any, *, file: str = "", first_row: int = 2) -> tuple[Measurement, ...]:
    """Measurements from `Measurement` objects, mappings of their fields, or a DataFrame
    with one row each (columns `MEASUREMENT_COLUMNS`; ``driver``, ``period`` and
    ``value`` required, empty cells of the others left unset).

    With ``file``, the rows came from that table: each measurement remembers its row
    (``first_row`` for the first, as a spreadsheet numbers them), and every problem,
    here or when a tracking is built from them, names the file and row.

    Raises
    ------
    CaseValidationError
        Listing every row's problems (an unknown or missing column, an empty value, a
        month that is not one).

    Examples
    --------
    >>> [m.period for m in as_measurements([{"driver": "scrap", "period": "2027-3",
    ...                                      "value": 2.5}])]
    ['2027-03']
    """
    if isinstance(data, Measurement):
        data = [data]
    issues: list[Issue] = []
    labels: list[Any]
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a DataFrame
        columns = [str(c) for c in data.columns]
        unknown = [c for c in columns if c not in MEASUREMENT_COLUMNS]
        absent = [c for c in MEASUREMENT_COLUMNS[:3] if c not in columns]
        if unknown or absent:
            said = (
                [f"unknown column{'s' if len(unknown) != 1 else ''} "
                 f"{', '.join(map(repr, unknown))}"] if unknown else []
            ) + ([f"no {', '.join(map(repr, absent))} column"] if absent else [])  # fmt: skip
            issue = Issue("measurements", f"{'; '.join(said)}; a measurements table has the "
                          f"columns {', '.join(MEASUREMENT_COLUMNS)} (the first three "
                          "required)", "invalid_columns", file=file,
                          line=first_row - 1 if file else None)  # fmt: skip
            raise CaseValidationError([issue], title="invalid measurements")
        rows: list[Any] = data.to_dict(orient="records")
    elif isinstance(data, Iterable) and not isinstance(data, str | bytes | Mapping):
        rows = list(data)
    else:
        raise CaseValidationError(
            [Issue("measurements", "expected measurements: Measurement objects, mappings or a "
                   f"DataFrame, not {type(data).__name__}", "invalid_type")],
            title="invalid measurements",
        )  # fmt: skip
    labels = list(range(len(rows)))
    found: list[Measurement] = []
    for i, row in zip(labels, rows, strict=True):
        here = f"measurements[{i}]"
        origin = RowOrigin(file, first_row + i) if file else None
        if isinstance(row, Measurement):
            found.append(row)
            continue
        if not isinstance(row, Mapping):
            issues.append(Issue(here, f"expected a mapping of fields, not {type(row).__name__}",
                                "invalid_type"))  # fmt: skip
            continue
        fields = {str(k): _plain(v) for k, v in row.items() if not _missing(v)}
        driver = fields.get("driver") if isinstance(fields.get("driver"), str) else ""
        try:
            measurement = Measurement.model_validate(fields)
        except CaseValidationError as exc:
            for issue in exc.issues:
                problem = replace(issue, location=f"{here}.{issue.location}",
                                  subject=str(driver or ""))  # fmt: skip
                if origin is not None:
                    problem = replace(problem, file=file, line=origin.row)
                issues.append(problem)
            continue
        if origin is not None:
            tie(measurement, origin)
        found.append(measurement)
    if issues:
        raise CaseValidationError(issues, title="invalid measurements")
    return tuple(found)


def tracking_findings(tracking: Tracking) -> list[Issue]:
    """The warnings about a valid tracking: measurements left out (before go-live, after
    the horizon's end) and measurements of a driver that no addressed consequence uses."""
    plan = tracking.value_case.diagnosis.plan
    solution = tracking.bought
    addressed = {a.consequence for a in solution.addresses}
    feeding: set[str] = set()
    for step in plan.consequences:
        if step.id in addressed:
            feeding |= step.inputs
    first = month_index(tracking.go_live)
    issues: list[Issue] = []
    for i, m in enumerate(tracking.measurements):
        here = f"measurements[{i}]"
        if m.month < first:
            message = (
                f"{m.period} is before go-live ({tracking.go_live}): left out of the tracking; "
                "a figure measured before go-live is a baseline, which belongs in the "
                "driver's value"
            )
            issues.append(_here(i, m, Issue(f"{here}.period", message, "before_go_live",
                                            severity="warning")))  # fmt: skip
        elif m.month > tracking.horizon_end:
            message = (
                f"{m.period} is after the horizon's end ({month_label(tracking.horizon_end)}): "
                "left out of the tracking"
            )
            issues.append(_here(i, m, Issue(f"{here}.period", message, "after_horizon",
                                            severity="warning")))  # fmt: skip
        elif m.driver not in feeding:
            message = (
                f"no consequence {solution.id} addresses uses {m.driver}: the measurement "
                "moves nothing that was promised"
            )
            issues.append(_here(i, m, Issue(f"{here}.driver", message, "measurement_unused",
                                            severity="warning")))  # fmt: skip
    return issues
