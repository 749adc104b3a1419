"""CSV that a spreadsheet opens as data: no text cell becomes a formula.

A spreadsheet opening a CSV file runs any cell that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula: a label such as
``=HYPERLINK("http://…")`` in a case would become a live link in the customer's sheet.
`write_csv` follows the OWASP guidance on CSV injection: every text cell (values, row
labels and column names) that starts with one of those characters gets a single quote
in front, which spreadsheets show as text, and every text cell is wrapped in double
quotes (a double quote inside doubled), so that no separator inside it can start a cell
of its own. Numbers are written as they are, unquoted: they stay numbers.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from costdx._fs import atomic_write

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise", "write_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a CSV cell as a formula (OWASP)."""


def neutralise(value: Any) -> Any:
    """``value`` with a ``'`` in front if it is text a spreadsheet would run as a formula.

    >>> neutralise("=1+2"), neutralise("-2+3"), neutralise("net cost"), neutralise(-2.5)
    ("'=1+2", "'-2+3", 'net cost', -2.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    frame: pd.DataFrame, target: TextIO | str | os.PathLike[str], *, index: bool = True
) -> None:
    """Write ``frame`` (with its index, unless ``index=False``) as CSV that no spreadsheet
    reads a formula from.

    Text cells, row labels and column names that start with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return get a ``'`` in front; all text is quoted; numbers are
    written unquoted, as numbers. A path is written atomically.

    Examples
    --------
    >>> import io, pandas as pd
    >>> out = io.StringIO()
    >>> frame = pd.DataFrame({"label": ["=cmd|' /C calc'!A0", "rework"], "cost": [-1.5, 2.0]})
    >>> write_csv(frame, out)
    >>> print(out.getvalue(), end="")
    "","label","cost"
    0,"'=cmd|' /C calc'!A0",-1.5
    1,"rework",2.0
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads when a frame is written

    safe = frame.rename(index=neutralise, columns=neutralise)
    safe.index.names = [neutralise(name) for name in safe.index.names]
    safe.columns.names = [neutralise(name) for name in safe.columns.names]
    for position in range(safe.shape[1]):  # by position: column names may repeat
        series = safe.iloc[:, position]
        if not (
            pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
        ):
            safe.isetitem(position, series.map(neutralise).to_numpy())
    if isinstance(target, str | os.PathLike):
        buffer = io.StringIO()
        safe.to_csv(buffer, index=index, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        text = buffer.getvalue()
        atomic_write(Path(target), lambda handle: handle.write(text.encode("utf-8")))
    else:
        safe.to_csv(target, index=index, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
