"""Case files in and out, costdx workbooks read back, portfolio tables.

`load`, `load_value_case` and `load_any` read TOML or JSON case files and validate them
(every issue with its line in the file); `save` writes one atomically, into the file's
own text when the case came from a TOML file; `read_excel` brings a customer's edits to
a costdx workbook back as a validated case, and `apply_excel` writes them into the case
file; `write_csv` writes a frame as CSV from which no spreadsheet reads a formula. What
is read is bounded by the limits named here (`MAX_CASE_BYTES`, `MAX_DEPTH`,
`MAX_KEY_PARTS`, `MAX_CELLS`, `MAX_ROWS`, `MAX_PARTS`, `MAX_WORKBOOK_BYTES`).
`read_accounts` and `write_table` read a portfolio's accounts and write its scores
(CSV or Parquet); `load_tracking` reads a won case's tracking from its case file and
`read_measurements` its measurements from CSV or Parquet.
"""

import importlib
from typing import TYPE_CHECKING, Any

from costdx.io._csv import FORMULA_STARTS, neutralise, write_csv
from costdx.io._files import (
    check_version,
    example_path,
    load,
    load_any,
    load_tracking,
    load_value_case,
    read_data,
    save,
    schema,
)
from costdx.io._limits import MAX_CASE_BYTES, MAX_DEPTH, MAX_KEY_PARTS
from costdx.io._package import MAX_CELLS, MAX_PARTS, MAX_ROWS, MAX_WORKBOOK_BYTES
from costdx.io._tables import TABLE_SUFFIXES, read_accounts, read_measurements, write_table
from costdx.io._toml import dump_toml

if TYPE_CHECKING:
    from costdx.io._apply import apply_excel
    from costdx.io._workbook import EditedCase, ExcelEdit, read_excel

_WORKBOOK = {
    "EditedCase": "_workbook",
    "ExcelEdit": "_workbook",
    "read_excel": "_workbook",
    "apply_excel": "_apply",
}


def __getattr__(name: str) -> Any:
    # The workbook reader loads the Excel report's layout, and with it the writer; both
    # load on first use, not with costdx.
    if name in _WORKBOOK:
        value = getattr(importlib.import_module(f"costdx.io.{_WORKBOOK[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'costdx.io' has no attribute {name!r}")


__all__ = [
    "FORMULA_STARTS",
    "MAX_CASE_BYTES",
    "MAX_CELLS",
    "MAX_DEPTH",
    "MAX_KEY_PARTS",
    "MAX_PARTS",
    "MAX_ROWS",
    "MAX_WORKBOOK_BYTES",
    "TABLE_SUFFIXES",
    "EditedCase",
    "ExcelEdit",
    "apply_excel",
    "check_version",
    "dump_toml",
    "example_path",
    "load",
    "load_any",
    "load_tracking",
    "load_value_case",
    "neutralise",
    "read_accounts",
    "read_data",
    "read_excel",
    "read_measurements",
    "save",
    "schema",
    "write_csv",
    "write_table",
]
