"""The document's charts: the plot module's figures, drawn at the size they print.

Each chart is drawn on a figure as wide as the page's text (6.5 inches), so its fonts
print at the point sizes the plot module gives them, and saved as PNG at 300 dpi (print
resolution). The charts' own titles give way to the document's captions, and their
legends move below the plot, where at this width they hide no bar. matplotlib's object
API is used without pyplot: no global figure state, nothing left open.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from costdx.engine import Quantification, Simulation
from costdx.errors import MissingExtraError
from costdx.model import DO_NOTHING, Kind
from costdx.report import plot
from costdx.value import Evaluation

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["DPI", "TEXT_WIDTH", "cash_flows", "histogram", "tornado", "waterfall"]

DPI = 300
"""Print resolution."""
TEXT_WIDTH = 6.5
"""Inches between the margins of an A4 or Letter page as the document sets them."""
_LEGEND_CHARS = 48


def _png(draw: Callable[[Axes], object], *, height: float) -> bytes:
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib is optional
    except ImportError as exc:
        raise MissingExtraError(
            "the discussion document draws its charts with matplotlib: pip install "
            '"costdx[document]"'
        ) from exc
    figure = Figure(figsize=(TEXT_WIDTH, height), layout="constrained")
    draw(figure.add_subplot())
    buffer = io.BytesIO()
    # no software version in the file: the same case gives the same bytes
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _legend_below(ax: Axes, labels: Sequence[str] | None = None) -> None:
    """The axes' legend moved below the plot, in the figure's margin (which constrained
    layout then makes room for), with ``labels`` (whole, wrapped) if given."""
    legend = ax.get_legend()
    if legend is None:
        return
    handles = [h for h in legend.legend_handles if h is not None]
    texts = [t.get_text() for t in legend.get_texts()] if labels is None else list(labels)
    title = legend.get_title().get_text()
    legend.remove()
    wrapped = ["\n".join(textwrap.wrap(t, _LEGEND_CHARS)) or t for t in texts]
    ax.figure.legend(handles, wrapped, loc="outside lower center", ncols=2, fontsize=8,
                     frameon=False, title=title or None, title_fontsize=8)  # fmt: skip


def _untitled(ax: Axes) -> None:
    """No title on the chart: the document's caption says what it shows."""
    for where in ("left", "center", "right"):
        ax.set_title("", loc=where)


def waterfall(q: Quantification) -> bytes:
    """The yearly cost built up consequence by consequence, coloured by problem."""
    recurring = [c for c in q.consequences if c.kind is Kind.RECURRING]
    shown = {c.problem for c in recurring}
    titles = [p.title for p in q.case.problems if p.id in shown]

    def draw(ax: Axes) -> None:
        plot.waterfall(q, ax=ax)
        _untitled(ax)
        _legend_below(ax, titles)

    return _png(draw, height=2.2 + 0.32 * (len(recurring) + 1) + 0.2 * len(titles))


def tornado(frame: pd.DataFrame, currency: str) -> bytes:
    """How far the yearly cost moves with each estimate."""

    def draw(ax: Axes) -> None:
        plot.tornado(frame, currency=currency, ax=ax)
        _untitled(ax)
        # the labels take half the width; fewer ticks keep the last one on the page
        ax.locator_params(axis="x", nbins=5)
        _legend_below(ax)

    return _png(draw, height=1.5 + 0.48 * len(frame))


def cash_flows(ev: Evaluation) -> bytes:
    """Cumulative net cash flow of every solution."""
    names = [r.name for sid, r in ev.solutions.items() if sid != DO_NOTHING]

    def draw(ax: Axes) -> None:
        plot.cash_flows(ev, ax=ax)
        _untitled(ax)
        _legend_below(ax, names or None)

    return _png(draw, height=3.6)


def histogram(sim: Simulation) -> bytes:
    """The simulated yearly cost with its P10, median and P90."""

    def draw(ax: Axes) -> None:
        plot.histogram(sim, ax=ax)
        _untitled(ax)

    return _png(draw, height=3.0)
