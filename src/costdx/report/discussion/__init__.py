"""The discussion document: Design's conclusion, as Word (python-docx) and HTML (Jinja2).

`discussion` builds the content once (`Discussion`: sections of paragraphs, tables,
charts and notes); `to_docx` and `to_html` render that same content, so the Word file
and the HTML for Jupyter and e-mail never drift apart; `write_discussion` builds and
writes in one call. python-docx, Jinja2 and matplotlib are the ``costdx[document]``
extra, imported when a document is rendered.
"""

from costdx import _display
from costdx.report._paper import LETTER_CURRENCIES
from costdx.report.discussion._build import discussion
from costdx.report.discussion._content import (
    Block,
    Bullets,
    Column,
    Discussion,
    Figure,
    Heading,
    Note,
    Paragraph,
    Run,
    Section,
    Table,
)
from costdx.report.discussion._docx import TABLE_STYLE, to_docx
from costdx.report.discussion._html import STYLES, render, to_email, to_html
from costdx.report.discussion._write import SUFFIXES, write, write_discussion

_display.register(Discussion, render)

__all__ = [
    "LETTER_CURRENCIES",
    "STYLES",
    "SUFFIXES",
    "TABLE_STYLE",
    "Block",
    "Bullets",
    "Column",
    "Discussion",
    "Figure",
    "Heading",
    "Note",
    "Paragraph",
    "Run",
    "Section",
    "Table",
    "discussion",
    "to_docx",
    "to_email",
    "to_html",
    "write",
    "write_discussion",
]
