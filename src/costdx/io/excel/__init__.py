"""The Excel value report: live formulas over named inputs, and the customer's edits back.

`write_excel` writes the report of a diagnosis or a value case (XlsxWriter);
`read_excel` reads a report back into a case with the input cells' values
(openpyxl). See ``docs/excel.md`` for the sheets, names and conventions.
"""

from costdx.io.excel._embed import WorkbookError
from costdx.io.excel._read import EditedCase, ExcelEdit, read_excel
from costdx.io.excel._write import write_excel

__all__ = ["EditedCase", "ExcelEdit", "WorkbookError", "read_excel", "write_excel"]
