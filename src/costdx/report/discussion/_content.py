"""The discussion document as data: one content model that the Word and HTML writers render.

The document is built once, as sections of blocks (paragraphs, tables, figures, lists)
whose text is made of runs and notes. Both renditions walk the same blocks in the same
order, so they cannot drift apart: the Word writer turns each `Note` into a real footnote
(Word numbers them in order of reference), the HTML writer numbers them in the same order
(`Discussion.notes`) and lists them at the end of each section.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from costdx import _display

__all__ = [
    "Audience",
    "Block",
    "Bullets",
    "Column",
    "Discussion",
    "Figure",
    "Heading",
    "Inline",
    "Note",
    "Paragraph",
    "Piece",
    "Run",
    "Section",
    "Table",
    "clean",
    "notes_in",
]

Audience = Literal["customer", "internal"]


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text, optionally bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Note:
    """A footnote: referenced once, where it stands; its number comes from its place."""

    text: str


Piece = Run | Note
Inline = tuple[Piece, ...]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold: a case's text may
    carry them, neither rendition shows them."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside a section (level 2 and below)."""

    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text; ``lead`` for the larger text of a summary, ``small`` for
    a remark under a table or figure."""

    content: Inline
    style: Literal["body", "lead", "small"] = "body"


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted (or numbered) list."""

    items: tuple[Inline, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header, whether it holds numbers (right-aligned), and its
    share of the table's width."""

    header: str
    numeric: bool = False
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Table:
    """A table: columns, rows of cells; the last row is a total when ``total`` is set."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Inline, ...], ...]
    caption: str = ""
    total: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart as a PNG (print resolution), its width on the page and its caption."""

    name: str
    png: bytes
    width: float
    """Inches on the page."""
    caption: Inline
    alt: str


Block = Heading | Paragraph | Bullets | Table | Figure


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of the document."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Discussion:
    """The discussion document: a summary of the diagnosis with a pencil sketch of the
    solution, for the customer (or, ``audience="internal"``, for the seller's team).

    Built by `costdx.discussion`; `costdx.report.discussion.write` saves it as Word
    (``.docx``) or HTML, `costdx.report.discussion.to_html` and ``to_email`` give the
    HTML rendition for e-mail, and a notebook shows it as that HTML.
    """

    title: str
    account: str
    date: dt.date
    audience: Audience
    prepared_by: str
    participants: Table
    sections: tuple[Section, ...]
    paper: Literal["A4", "letter"] = "A4"

    def blocks(self) -> Iterator[tuple[Section | None, Block]]:
        """Every block in reading order, title page first (section ``None``)."""
        yield None, self.participants
        for section in self.sections:
            for block in section.blocks:
                yield section, block

    def notes(self) -> list[Note]:
        """Every note in order of reference: the footnote numbers, from 1."""
        found: list[Note] = []
        for _, block in self.blocks():
            for inline in _inlines(block):
                found.extend(p for p in inline if isinstance(p, Note))
        return found

    def figures(self) -> dict[str, bytes]:
        """The charts by name, as PNG."""
        return {b.name: b.png for _, b in self.blocks() if isinstance(b, Figure)}

    def _repr_html_(self) -> str:
        return _display.html(self)


def notes_in(section: Section) -> list[Note]:
    """The notes of one section, in order of reference."""
    return [p for block in section.blocks for inline in _inlines(block) for p in inline
            if isinstance(p, Note)]  # fmt: skip


def _inlines(block: Block) -> Iterator[Inline]:
    if isinstance(block, Paragraph):
        yield block.content
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Table):
        for row in block.rows:
            yield from row
    elif isinstance(block, Figure):
        yield block.caption
