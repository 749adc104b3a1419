"""The Excel value report: live formulas over named inputs, the case embedded for read-back.

`write_excel` writes the report of a diagnosis or a value case (XlsxWriter). What the
reader in `costdx.io` needs to find its way back (the embedded sheet's layout, the record
of each input cell) is public here. See ``docs/excel.md`` for the sheets, names and
conventions.
"""

from costdx.report.excel._embed import FORMAT, MARKER, SHEET
from costdx.report.excel._sheet import InputCell
from costdx.report.excel._write import WORKBOOK_OPTIONS, write_excel

__all__ = ["FORMAT", "MARKER", "SHEET", "WORKBOOK_OPTIONS", "InputCell", "write_excel"]
