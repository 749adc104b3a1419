"""Tables: a portfolio's accounts and a tracking's measurements read from CSV or Parquet,
scores written to CSV or Parquet.

A CSV file's rows are labelled as a spreadsheet numbers them (the header is row 1, the
first account row 2), so an error about ``accounts.loc[19, 'defect_rate']`` points at
the row a person opens. Scores are written atomically (nothing half-written over a good
file); in CSV a text cell that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written behind a single quote,
as the OWASP guidance on CSV injection recommends, and every text cell is quoted; numbers
stay numbers. Parquet needs pyarrow (``pip install "costdx[dask]"``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from costdx._fs import atomic_write
from costdx.errors import CaseFileError, MissingExtraError
from costdx.io._csv import write_csv
from costdx.model import MEASUREMENT_COLUMNS, Measurement, as_measurements

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLE_SUFFIXES", "read_accounts", "read_measurements", "write_table"]

TABLE_SUFFIXES = (".csv", ".parquet")
_PARQUET = 'reading and writing Parquet needs pyarrow: pip install "costdx[dask]"'
FIRST_ROW = 2
"""The label of a CSV file's first account row: the row a spreadsheet shows it in."""


def _suffix(path: Path, what: str = "accounts and scores are") -> str:
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise CaseFileError(f"{path}: {what} .csv or .parquet files, not {suffix!r}")
    return suffix


def _pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401, PLC0415 - optional: the dask extra brings it
    except ImportError as exc:
        raise MissingExtraError(_PARQUET) from exc


def _read_frame(file: Path, suffix: str, **csv: object) -> pd.DataFrame:
    """A CSV or Parquet file as a frame; every failure a `CaseFileError` naming the file."""
    import pandas as pd  # noqa: PLC0415 - pandas loads when a table is read

    if not file.is_file():
        raise CaseFileError(f"{file}: no such file")
    try:
        if suffix == ".csv":
            return pd.read_csv(file, **csv)  # type: ignore[call-overload,no-any-return]
        _pyarrow()
        return pd.read_parquet(file)
    except (MissingExtraError, CaseFileError):
        raise
    except pd.errors.EmptyDataError:
        raise CaseFileError(f"{file}: the file is empty; it needs a header row") from None
    except (ValueError, OSError) as exc:  # a parser's error names what it could not read
        raise CaseFileError(f"{file}: cannot read it as {suffix[1:]}: {exc}") from None


def read_measurements(path: str | os.PathLike[str]) -> tuple[Measurement, ...]:
    """Read a tracking's measurements from a CSV or Parquet file: one row per driver and
    month, with the columns ``driver``, ``period`` (``2027-04``), ``value`` and, where
    known, ``unit``, ``source``, ``evidence``, ``confirmed_by`` and ``confirmed_on``.

    Each measurement remembers its row (a CSV's first data row is row 2, as a
    spreadsheet numbers it; a Parquet file's first row is row 1), so every problem with
    it, here or once it meets its value case in `costdx.track`, names the file and row.

    Raises
    ------
    CaseFileError
        The file is missing, unreadable, empty or not CSV or Parquet.
    CaseValidationError
        Listing every row's problems (an unknown or missing column, an empty value, a
        month that is not one), each with its file and row.
    MissingExtraError
        A Parquet file without pyarrow installed.
    """
    file = Path(path)
    suffix = _suffix(file, "measurements are")
    text = dict.fromkeys(set(MEASUREMENT_COLUMNS) - {"value"}, str)  # text stays text
    frame = _read_frame(file, suffix, dtype=text, keep_default_na=False, na_values=[""])
    first = FIRST_ROW if suffix == ".csv" else 1
    return as_measurements(frame, file=str(file), first_row=first)


def read_accounts(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a frame of accounts from a CSV or Parquet file.

    CSV rows are labelled from `FIRST_ROW` (as a spreadsheet numbers them); a Parquet
    file keeps the index it was written with.

    Raises
    ------
    CaseFileError
        The file is missing, unreadable, empty or not CSV or Parquet.
    MissingExtraError
        A Parquet file without pyarrow installed.
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads when a table is read

    file = Path(path)
    suffix = _suffix(file)
    frame = _read_frame(file, suffix)
    if suffix == ".csv":
        frame.index = pd.RangeIndex(FIRST_ROW, FIRST_ROW + len(frame), name="row")
    return frame


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` (without its index) to a CSV or Parquet file, atomically.

    Raises
    ------
    CaseFileError
        Not a .csv or .parquet path, or its folder does not exist.
    MissingExtraError
        A Parquet file without pyarrow installed.
    """

    file = Path(path)
    if _suffix(file) == ".parquet":
        _pyarrow()
        atomic_write(file, lambda handle: frame.to_parquet(handle, index=False))
        return file
    write_csv(frame, file, index=False)
    return file
