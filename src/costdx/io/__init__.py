"""Case files in and out, and costdx workbooks read back.

`load`, `load_value_case` and `load_any` read TOML or JSON case files and validate them;
`save` writes one atomically; `read_excel` brings a customer's edits to a costdx workbook
back as a validated case.
"""

from costdx.io._files import (
    check_version,
    example_path,
    load,
    load_any,
    load_value_case,
    read_data,
    save,
    schema,
)
from costdx.io._toml import dump_toml
from costdx.io._workbook import EditedCase, ExcelEdit, read_excel

__all__ = [
    "EditedCase",
    "ExcelEdit",
    "check_version",
    "dump_toml",
    "example_path",
    "load",
    "load_any",
    "load_value_case",
    "read_data",
    "read_excel",
    "save",
    "schema",
]
