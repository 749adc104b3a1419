"""The Word rendition of the discussion document, with python-docx (``costdx[document]``).

Footnotes are real Word footnotes. python-docx has no API for them, so this module adds
the footnotes part (``word/footnotes.xml``, with the separator notes Word expects), its
relationship, the footnote styles and ``w:footnotePr`` in the settings, and writes one
``w:footnoteReference`` run where each `Note` stands. Why not numbered notes typed at the
end of each section: the seller edits this document before sending it, and Word renumbers
real footnotes when a paragraph moves or goes, and keeps each at the foot of the page its
figure is on.

Tables use the template's built-in table style (``Light List Accent 1``), with the header
row repeated on every page and rows kept whole; numbers are right-aligned. Numbered
lists each start again at 1 (a numbering instance of their own).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from costdx.errors import MissingExtraError
from costdx.report.discussion import _format as fmt
from costdx.report.discussion._content import (
    Bullets,
    Discussion,
    Figure,
    Heading,
    Inline,
    Note,
    Paragraph,
    Run,
    Table,
    clean,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph as DocxParagraph

__all__ = ["FONT", "TABLE_STYLE", "to_docx"]

TABLE_STYLE = "Light List Accent 1"
FONT = "Calibri"
_INSTALL = 'the Word discussion document needs python-docx: pip install "costdx[document]"'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = f"""<w:footnotes xmlns:w="{_W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>
</w:footnote></w:footnotes>"""
_GREY = (0x59, 0x59, 0x59)
_KEEP_ROWS = 12
"""Tables of at most this many rows are kept on one page."""


def to_docx(document: Discussion) -> bytes:
    """The ``.docx`` file of ``document``."""
    try:
        import docx  # noqa: PLC0415 - python-docx is an optional extra
    except ImportError as exc:
        raise MissingExtraError(_INSTALL) from exc
    word = docx.Document()
    writer = _Writer(word, document)
    writer.write()
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, word: Document, document: Discussion) -> None:
        self.word = word
        self.doc = document
        self.footnotes: Any = None
        self.next_note = 1

    # -- page, styles, title page ------------------------------------------------------

    def write(self) -> None:
        self._page()
        self._styles()
        self._properties()
        self._title_page()
        for section in self.doc.sections:
            self.word.add_heading(clean(section.title), level=1)
            for block in section.blocks:
                self._block(block)

    def _page(self) -> None:
        from docx.shared import Emu, Inches, Mm  # noqa: PLC0415 - python-docx is optional

        section = self.word.sections[0]
        if self.doc.paper == "A4":
            section.page_width, section.page_height = Mm(210), Mm(297)
            side = Emu((Mm(210) - Inches(6.5)) // 2)
        else:
            section.page_width, section.page_height = Inches(8.5), Inches(11)
            side = Emu(Inches(1))
        section.left_margin = section.right_margin = side
        section.top_margin = section.bottom_margin = Inches(0.9)
        section.different_first_page_header_footer = True
        footer = section.footer.paragraphs[0]
        footer.style = self.word.styles["Footer"]
        audience = (
            "internal, not for the customer"
            if self.doc.audience == "internal"
            else ("draft for discussion")
        )
        run = footer.add_run(
            clean(f"{self.doc.account}: discussion document, {audience}, "
                   f"{fmt.date(self.doc.date)}. Page ")
        )  # fmt: skip
        run.font.size = _pt(8)
        page = _element("w:fldSimple", {"w:instr": "PAGE"})
        page.append(_text_run("1", size=16))
        footer._p.append(page)

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415 - python-docx is optional
        from docx.shared import RGBColor  # noqa: PLC0415

        styles = self.word.styles
        normal = styles["Normal"]
        # Calibri by name, not the template's theme font; LibreOffice draws it as Carlito,
        # metric-compatible, so the pages break where Word breaks them
        normal.font.name = FONT
        normal.font.size = _pt(10)
        normal.paragraph_format.space_after = _pt(6)
        caption = styles["Caption"]
        caption.font.size = _pt(9)
        caption.paragraph_format.keep_with_next = True
        text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = normal
        text.font.size = _pt(8)
        text.paragraph_format.space_after = _pt(2)
        reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True
        small = styles.add_style("Small Print", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = normal
        small.font.size = _pt(8.5)
        small.font.color.rgb = RGBColor(*_GREY)
        lead = styles.add_style("Lead", WD_STYLE_TYPE.PARAGRAPH)
        lead.base_style = normal
        lead.font.size = _pt(11.5)

    def _properties(self) -> None:
        props = self.word.core_properties
        props.title = clean(self.doc.title)
        props.subject = "Discussion document"
        props.author = clean(self.doc.prepared_by) or "costdx"
        props.last_modified_by = props.author
        stamp = dt.datetime.combine(self.doc.date, dt.time(), tzinfo=dt.UTC)
        props.created = props.modified = stamp
        props.revision = 1
        props.comments = ""
        props.keywords = ""

    def _title_page(self) -> None:
        from docx.enum.text import WD_BREAK  # noqa: PLC0415 - python-docx is optional
        from docx.shared import RGBColor  # noqa: PLC0415

        label = self.word.add_paragraph()
        kind = (
            "Discussion document: internal, not for the customer"
            if self.doc.audience == "internal"
            else "Discussion document: a draft for discussion, not a proposal"
        )
        run = label.add_run(kind.upper())
        run.font.size, run.bold = _pt(9), True
        run.font.color.rgb = RGBColor(*_GREY)
        self.word.add_paragraph(clean(self.doc.title), style="Title")
        prepared = [f"Prepared for {self.doc.account}", fmt.date(self.doc.date)]
        if self.doc.prepared_by:
            prepared.insert(1, f"by {self.doc.prepared_by}")
        self.word.add_paragraph(clean(", ".join(prepared)), style="Subtitle")
        self._table(self.doc.participants)
        self.word.add_paragraph("Contents", style="Caption")
        for section in self.doc.sections:
            line = self.word.add_paragraph(clean(section.title))
            line.paragraph_format.space_after = _pt(1)
        self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- blocks ------------------------------------------------------------------------

    def _block(self, block: object) -> None:
        if isinstance(block, Heading):
            self.word.add_heading(clean(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            style = {"body": None, "lead": "Lead", "small": "Small Print"}[block.style]
            self._inline(self.word.add_paragraph(style=style), block.content)
        elif isinstance(block, Bullets):
            self._list(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Figure):
            self._figure(block)

    def _inline(self, paragraph: DocxParagraph, inline: Inline) -> None:
        for piece in inline:
            if isinstance(piece, Run):
                run = paragraph.add_run(clean(piece.text))
                run.bold = piece.bold or None
                run.italic = piece.italic or None
            elif isinstance(piece, Note):
                self._footnote(paragraph, piece)

    def _list(self, block: Bullets) -> None:
        style = "List Number" if block.numbered else "List Bullet"
        number = self._restart() if block.numbered else None
        for item in block.items:
            paragraph = self.word.add_paragraph(style=style)
            paragraph.paragraph_format.space_after = _pt(3)
            if number is not None:
                numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                numbering.get_or_add_ilvl().val = 0
                numbering.get_or_add_numId().val = number
            self._inline(paragraph, item)

    def _restart(self) -> int:
        """A numbering instance of List Number's own list that starts at 1."""
        numbering = self.word.part.numbering_part.element
        style = self.word.styles["List Number"].element
        num_id = style.pPr.numPr.numId.val
        (base,) = numbering.xpath(f'./w:num[@w:numId="{int(num_id)}"]')
        fresh = numbering.add_num(base.abstractNumId.val)
        override = fresh.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        return int(fresh.numId)

    def _table(self, block: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: PLC0415 - python-docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
        from docx.shared import Inches  # noqa: PLC0415

        if block.caption:
            self.word.add_paragraph(clean(block.caption), style="Caption")
        table = self.word.add_table(rows=1 + len(block.rows), cols=len(block.columns))
        table.style = self.word.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _plain_first_column(table)
        total = sum(c.width for c in block.columns)
        widths = [Inches(6.5 * c.width / total) for c in block.columns]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid, which LibreOffice lays out by
        header = table.rows[0]
        _repeat_header(header)
        for cell, column, width in zip(header.cells, block.columns, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(clean(column.header)).bold = True
            if column.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # a short table stays on one page: each row's paragraphs keep with the next row
        together = len(block.rows) <= _KEEP_ROWS
        for n, (row, cells) in enumerate(zip(table.rows[1:], block.rows, strict=True)):
            _keep_whole(row)
            keep = together and n < len(block.rows) - 1
            for cell, inline, column, width in zip(
                row.cells, cells, block.columns, widths, strict=True
            ):
                cell.width = width
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = _pt(0)
                paragraph.paragraph_format.keep_with_next = keep or None
                if column.numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._inline(paragraph, inline)
        # a paragraph after the table keeps the next table or heading apart from it
        self.word.add_paragraph().paragraph_format.space_after = _pt(2)

    def _figure(self, block: Figure) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 - python-docx
        from docx.shared import Inches  # noqa: PLC0415

        paragraph = self.word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        picture = paragraph.add_run().add_picture(io.BytesIO(block.png), width=Inches(block.width))
        picture._inline.docPr.set("descr", clean(block.alt))
        self._inline(self.word.add_paragraph(style="Caption"), block.caption)

    # -- footnotes ---------------------------------------------------------------------

    def _footnote(self, paragraph: DocxParagraph, note: Note) -> None:
        if self.footnotes is None:
            self.footnotes = self._footnotes_part()
        ident = str(self.next_note)
        self.next_note += 1
        reference = _element("w:r")
        reference.append(_run_style("FootnoteReference"))
        reference.append(_element("w:footnoteReference", {"w:id": ident}))
        paragraph._p.append(reference)
        footnote = _element("w:footnote", {"w:id": ident})
        body = _element("w:p")
        properties = _element("w:pPr")
        properties.append(_element("w:pStyle", {"w:val": "FootnoteText"}))
        body.append(properties)
        mark = _element("w:r")
        mark.append(_run_style("FootnoteReference"))
        mark.append(_element("w:footnoteRef"))
        body.append(mark)
        body.append(_text_run(" " + clean(note.text)))
        footnote.append(body)
        self.footnotes.element.append(footnote)

    def _footnotes_part(self) -> Any:
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE  # noqa: PLC0415
        from docx.opc.packuri import PackURI  # noqa: PLC0415 - python-docx is optional
        from docx.opc.part import XmlPart  # noqa: PLC0415
        from docx.oxml.parser import parse_xml  # noqa: PLC0415

        main = self.word.part
        part = XmlPart(
            PackURI("/word/footnotes.xml"),
            CONTENT_TYPE.WML_FOOTNOTES,
            parse_xml(_FOOTNOTES.encode("utf-8")),
            main.package,
        )
        main.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        settings = self.word.settings.element
        properties = _element("w:footnotePr")
        for ident in ("-1", "0"):
            properties.append(_element("w:footnote", {"w:id": ident}))
        # CT_Settings puts footnotePr right before compat
        compat = settings.find(f"{{{_W}}}compat")
        if compat is not None:
            compat.addprevious(properties)
        else:
            settings.append(properties)
        return part


def _pt(size: float) -> Any:
    from docx.shared import Pt  # noqa: PLC0415 - python-docx is optional

    return Pt(size)


def _element(tag: str, attributes: dict[str, str] | None = None) -> Any:
    from docx.oxml import OxmlElement  # noqa: PLC0415 - python-docx is optional

    return OxmlElement(tag, attrs=_qualified(attributes or {}))


def _qualified(attributes: dict[str, str]) -> dict[str, str]:
    from docx.oxml.ns import qn  # noqa: PLC0415 - python-docx is optional

    return {qn(k): v for k, v in attributes.items()}


def _run_style(style: str) -> Any:
    properties = _element("w:rPr")
    properties.append(_element("w:rStyle", {"w:val": style}))
    return properties


def _text_run(text: str, *, size: int | None = None) -> Any:
    run = _element("w:r")
    if size is not None:
        properties = _element("w:rPr")
        properties.append(_element("w:sz", {"w:val": str(size)}))
        run.append(properties)
    t = _element("w:t", {"xml:space": "preserve"})
    t.text = text
    run.append(t)
    return run


def _plain_first_column(table: Any) -> None:
    """The style's header row, without its bold first column or banding (0x0620: first
    row; no horizontal or vertical bands)."""
    look = table._tbl.tblPr.find(f"{{{_W}}}tblLook")
    if look is None:
        look = _element("w:tblLook")
        table._tbl.tblPr.append(look)
    for name, value in (("val", "0620"), ("firstRow", "1"), ("lastRow", "0"),
                        ("firstColumn", "0"), ("lastColumn", "0"), ("noHBand", "1"),
                        ("noVBand", "1")):  # fmt: skip
        look.set(f"{{{_W}}}{name}", value)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(_element("w:tblHeader", {"w:val": "true"}))
    _keep_whole(row)


def _keep_whole(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(_element("w:cantSplit", {"w:val": "true"}))
