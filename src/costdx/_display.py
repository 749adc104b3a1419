"""Rich display without upward imports: results look their renderer up here.

A result (`Diagnosis`, `Quantification`, `Evaluation` ...) lives on a lower floor than
the HTML views that show it, so it cannot import them. Instead `costdx.report` registers
one renderer per result type when ``costdx`` is imported, and a result's ``_repr_html_``
asks this registry. Without a registered renderer the view is the escaped ``repr``.

>>> class Thing:
...     def __repr__(self) -> str:
...         return "<Thing>"
>>> html(Thing())
'<pre>&lt;Thing&gt;</pre>'
>>> register(Thing, lambda thing: "<b>thing</b>")
>>> html(Thing())
'<b>thing</b>'
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

__all__ = ["html", "register"]

_RENDERERS: dict[type, Callable[[Any], str]] = {}


def register(kind: type, renderer: Callable[[Any], str]) -> None:
    """Show instances of ``kind`` (and of its subclasses) with ``renderer``."""
    _RENDERERS[kind] = renderer


def html(obj: object) -> str:
    """The HTML view of ``obj``: its registered renderer, else its escaped ``repr``."""
    for kind in type(obj).__mro__:
        renderer = _RENDERERS.get(kind)
        if renderer is not None:
            return renderer(obj)
    return f"<pre>{escape(repr(obj))}</pre>"
