"""Presentation of results: the HTML views, the plots and the Excel value report.

Results do not import their renderers; importing this floor registers the HTML views as
their rich display (see `costdx._display`). matplotlib loads when a plot is drawn; the
Excel writer (`costdx.report.excel`) when it is first imported, which ``costdx.write_excel``
does on first use.
"""

from costdx.report import _html_tracking, plot
from costdx.report._html import (
    register,
    render_diagnosis,
    render_evaluation,
    render_quantification,
    render_simulation,
    render_value_case,
    render_verdict,
)
from costdx.report._html_tracking import render_realisation

register()
_html_tracking.register()

__all__ = [
    "plot",
    "render_diagnosis",
    "render_evaluation",
    "render_quantification",
    "render_realisation",
    "render_simulation",
    "render_value_case",
    "render_verdict",
]
