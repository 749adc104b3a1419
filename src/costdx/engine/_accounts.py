"""Accounts against a case: which column is which driver, and each figure checked.

A portfolio is a frame of accounts (a CRM export), one row each, whose columns give some
of the case's value drivers in the drivers' own units. `layout` reads the columns (names
and dtypes only, so a Dask frame is checked before anything is computed); `check_rows`
reads the figures: a missing figure falls back to the case's own, a figure that is not a
number, not finite or outside the driver's bounds is an error located by row and column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from costdx.errors import CaseValidationError, Issue, OptionError
from costdx.model import Diagnosis, suggest

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SHOWN_ROWS", "Checked", "Layout", "OnError", "check_rows", "layout", "raise_issues"]

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
OnError = Literal["raise", "report"]

SHOWN_ROWS = 5
"""Offending rows listed per column in an error; the rest are counted."""

_PROBABILITY_HINT = "a probability of change is a fraction: write 0.35 for 35 %"


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column of an accounts frame plays which part.

    Attributes
    ----------
    id_column:
        The column of account ids, or ``None`` when the frame's index holds them.
    drivers:
        ``(column, driver id)`` for every column that gives a driver's figure, in the
        frame's order.
    probability:
        The column holding each account's probability of change, or ``None``.
    carry:
        Columns copied to the result unchanged (a name, a region, an owner).
    """

    id_column: str | None
    drivers: tuple[tuple[str, str], ...]
    probability: str | None
    carry: tuple[str, ...]


def _is_number_dtype(dtype: Any) -> bool:
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are read

    return bool(pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype))


def _is_text_dtype(dtype: Any) -> bool:
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are read

    return bool(pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype))


def layout(
    case: Diagnosis,
    dtypes: Mapping[str, Any],
    *,
    columns: Mapping[str, str] | None = None,
    id_column: str | None = "account_id",
    probability: str | None = None,
    carry: Sequence[str] = (),
    reserved: frozenset[str] = frozenset(),
) -> Layout:
    """Match the columns of an accounts frame (``dtypes``: name → dtype, in order) to the
    case's value drivers, checking every column at once.

    Raises
    ------
    CaseValidationError
        A column that matches no value driver (or a derived one), a column named in
        ``columns``, ``id_column``, ``probability`` or ``carry`` that the frame lacks, two
        columns for one driver, a driver column of a type that cannot hold numbers, or a
        column whose name the result needs for itself (``reserved``).
    """
    mapping = dict(columns or {})
    carried = tuple(carry)
    if isinstance(carry, str):
        raise OptionError(f"carry takes a list of column names, not the string {carry!r}")
    plan = case.plan
    issues: list[Issue] = []
    names = [str(name) for name in dtypes]
    present = set(names)

    def need(column: str | None, option: str) -> None:
        if column is not None and column not in present:
            issues.append(
                Issue(
                    f"accounts[{column!r}]",
                    f"{option} names the column {column!r}, which the accounts do not have"
                    f"{suggest(column, names)}; their columns are {', '.join(names) or 'none'}",
                    "missing_column",
                )
            )

    need(id_column, "id_column")
    need(probability, "probability")
    for column in carried:
        need(column, "carry")
    for column in mapping:
        need(column, "columns")
    roles = {c for c in (id_column, probability, *carried) if c is not None}
    for column in sorted(roles & reserved):
        issues.append(
            Issue(
                f"accounts[{column!r}]",
                f"the result has a column {column!r} of its own; rename this one",
                "reserved_column",
            )
        )
    drivers: list[tuple[str, str]] = []
    claimed: dict[str, str] = {}
    for column in names:
        if column in roles:
            continue
        target = mapping.get(column, column)
        where = f"accounts[{column!r}]"
        driver = plan.drivers.get(target)
        if driver is None:
            mapped = f" (mapped to {target!r} by columns=)" if column in mapping else ""
            issues.append(
                Issue(
                    where,
                    f"matches no driver of the case {case.id!r}{mapped}"
                    f"{suggest(target, plan.inputs)}; map it to a driver with columns= "
                    "(--map), keep it with carry= (--carry), or drop it",
                    "unknown_column",
                )
            )
            continue
        if driver.derived:
            issues.append(
                Issue(
                    where,
                    f"{target!r} is a derived driver ({driver.formula}); an account gives "
                    "figures for value drivers only, and the formula computes this one",
                    "derived_driver",
                )
            )
            continue
        if target in claimed:
            issues.append(
                Issue(
                    where,
                    f"gives the driver {target!r}, which column {claimed[target]!r} gives "
                    "already; keep one of them",
                    "duplicate_driver",
                )
            )
            continue
        claimed[target] = column
        dtype = dtypes[column]
        if not (_is_number_dtype(dtype) or _is_text_dtype(dtype)):
            issues.append(
                Issue(
                    where,
                    f"holds {dtype}, not numbers: the driver {target!r} takes a number in "
                    f"{plan.units[target]}",
                    "wrong_dtype",
                )
            )
            continue
        drivers.append((column, target))
    if probability is not None and probability in present:
        dtype = dtypes[probability]
        if not (_is_number_dtype(dtype) or _is_text_dtype(dtype)):
            issues.append(
                Issue(
                    f"accounts[{probability!r}]",
                    f"holds {dtype}, not numbers; {_PROBABILITY_HINT}",
                    "wrong_dtype",
                )
            )
    if issues:
        raise CaseValidationError(issues, title=f"the accounts do not fit the case {case.id!r}")
    return Layout(id_column, tuple(drivers), probability, carried)


@dataclass(slots=True)
class Checked:
    """The figures of a frame of accounts, read and checked.

    Attributes
    ----------
    values:
        Per driver column (by driver id): the figures as floats, NaN where the row gives
        none or gives a bad one.
    absent:
        Per driver column: where the row gives no figure (the case's stands in).
    probability:
        The probability of change per row (NaN where missing or bad), or ``None``.
    bad:
        Rows with at least one bad figure (or no account id).
    errors:
        Per bad row position, what is wrong with it, one sentence per figure (only when
        asked for: ``per_row=True``).
    issues:
        The first `SHOWN_ROWS` offending rows of every column, as located issues.
    """

    values: dict[str, Array]
    absent: dict[str, Mask]
    probability: Array | None
    bad: Mask
    errors: dict[int, list[str]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def _python(label: Any) -> Any:
    # numpy scalars print as np.int64(3); a location shows the plain value
    return label.item() if isinstance(label, np.generic) else label


def _shown(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    text = repr(_python(value))
    return text if len(text) <= 40 else text[:37] + "..."


def _floats(series: pd.Series[Any]) -> tuple[Array, Mask]:
    """A column as floats (NaN where missing) and where its values are not numbers."""
    if _is_number_dtype(series.dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return values, np.zeros(len(values), dtype=np.bool_)
    raw = series.to_numpy(dtype=object)
    values = np.full(len(raw), np.nan)
    wrong = np.zeros(len(raw), dtype=np.bool_)
    for i, item in enumerate(raw):
        if isinstance(item, bool | np.bool_) or not isinstance(
            item, int | float | np.integer | np.floating
        ):
            wrong[i] = not _missing(item)
        else:
            values[i] = float(item)
    return values, wrong


def _missing(item: Any) -> bool:
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are read

    return (
        item is None
        or item is pd.NA
        or item is pd.NaT
        or (isinstance(item, float) and math.isnan(item))
    )


def check_rows(
    case: Diagnosis, frame: pd.DataFrame, layout: Layout, *, per_row: bool = False
) -> Checked:
    """Read and check every figure of ``frame`` (one account a row) against the case.

    A figure must be a number (not text, not a truth value), finite and within its
    driver's bounds; a probability of change within ``[0, 1]``; every row needs an account
    id. A missing figure (NaN, None, an empty cell) is not an error: the case's own figure
    stands in for it. ``per_row=True`` also says, for every bad row, what is wrong with it.
    """
    plan = case.plan
    n = len(frame)
    labels = frame.index
    ids = frame[layout.id_column] if layout.id_column is not None else None
    checked = Checked(values={}, absent={}, probability=None, bad=np.zeros(n, dtype=np.bool_))

    def flag(column: str, rows: Mask, describe: Any, code: str, values: Any) -> None:
        positions = np.flatnonzero(rows)
        if positions.size == 0:
            return
        checked.bad[positions] = True
        if per_row:
            for position in positions:
                message = describe(values[position])
                checked.errors.setdefault(int(position), []).append(f"{column}: {message}")
        for position in positions[:SHOWN_ROWS]:
            who = (
                ""
                if ids is None or code == "missing_id"
                else f"account {_shown(ids.iloc[position])}: "
            )
            checked.issues.append(
                Issue(
                    f"accounts.loc[{_shown(labels[position])}, {column!r}]",
                    f"{who}{describe(values[position])}",
                    code,
                )
            )
        if positions.size > SHOWN_ROWS:
            more = positions.size - SHOWN_ROWS
            checked.issues.append(
                Issue(
                    f"accounts[{column!r}]",
                    f"and {more:,} more row{'s' if more != 1 else ''} like these",
                    code,
                )
            )

    if ids is not None:
        absent = ids.isna().to_numpy(dtype=np.bool_)
        flag(
            str(layout.id_column), absent, lambda _: "the row has no account id", "missing_id", ids
        )
    for column, ident in layout.drivers:
        series = frame[column]
        values, wrong = _floats(series)
        checked.absent[ident] = np.isnan(values) & ~wrong
        raw = series.to_numpy(dtype=object) if wrong.any() else values
        flag(column, wrong, lambda v: f"{_shown(v)} is not a number", "wrong_dtype", raw)
        infinite = np.isinf(values)
        flag(column, infinite, lambda v: f"{_shown(v)} is not finite", "invalid_value", values)
        bounds = plan.drivers[ident].bounds
        if bounds is not None and (bounds.min is not None or bounds.max is not None):
            lower = -math.inf if bounds.min is None else bounds.min
            upper = math.inf if bounds.max is None else bounds.max
            outside = (values < lower) | (values > upper)
            unit = plan.units[ident]
            limits = bounds.describe()
            flag(
                column,
                outside,
                lambda v, u=unit, b=limits, d=ident: (
                    f"{_shown(v)} {u} is outside the bounds {b} of {d}"
                ),
                "out_of_bounds",
                values,
            )
            wrong |= outside
        checked.values[ident] = _without(values, wrong | infinite)
    if layout.probability is not None:
        column = layout.probability
        values, wrong = _floats(frame[column])
        raw = frame[column].to_numpy(dtype=object) if wrong.any() else values
        flag(column, wrong, lambda v: f"{_shown(v)} is not a number", "wrong_dtype", raw)
        outside = ~np.isnan(values) & ((values < 0) | (values > 1))
        flag(
            column,
            outside,
            lambda v: f"{_shown(v)} is not a probability; {_PROBABILITY_HINT}",
            "out_of_bounds",
            values,
        )
        checked.probability = _without(values, wrong | outside)
    return checked


def _without(values: Array, bad: Mask) -> Array:
    """``values`` with NaN where ``bad``; copied only then (a column's figures are often
    a read-only view of the frame's own)."""
    if not bad.any():
        return values
    values = values.copy()
    values[bad] = np.nan
    return values


def raise_issues(case: Diagnosis, checked: Checked) -> None:
    """Raise the row issues of ``checked`` as one `CaseValidationError`, if there are any."""
    if checked.issues:
        raise CaseValidationError(
            checked.issues, title=f"the accounts do not fit the case {case.id!r}"
        )
