"""Presentation of results: the HTML views, the plots and the Excel value report.

Results do not import their renderers; importing this floor registers the HTML views as
their rich display (see `costdx._display`). matplotlib and XlsxWriter load only when a
plot or a workbook is made.
"""

from costdx.report import plot
from costdx.report._html import (
    register,
    render_diagnosis,
    render_evaluation,
    render_quantification,
    render_simulation,
    render_value_case,
    render_verdict,
)
from costdx.report.excel import write_excel

register()

__all__ = [
    "plot",
    "render_diagnosis",
    "render_evaluation",
    "render_quantification",
    "render_simulation",
    "render_value_case",
    "render_verdict",
    "write_excel",
]
