"""The HTML rendition of the discussion document (Jinja2, one template), for Jupyter and
e-mail.

The template (``discussion.html.j2``) walks the same blocks as the Word writer; notes
are numbered in the same order (`Discussion.notes`) and listed at the end of each
section. Every piece of text is escaped (autoescape), so a case's ``<script>`` shows as
text. Charts are embedded as ``data:`` URIs for a page or a notebook, or referred to as
``cid:`` parts for an e-mail (`to_email`), since mail clients block ``data:`` images.
"""

from __future__ import annotations

import base64
from email.message import EmailMessage
from importlib import resources
from typing import TYPE_CHECKING, Literal

from costdx.errors import MissingExtraError
from costdx.report.discussion import _format as fmt
from costdx.report.discussion._content import (
    Bullets,
    Discussion,
    Figure,
    Heading,
    Note,
    Paragraph,
    Table,
    clean,
    notes_in,
)

if TYPE_CHECKING:
    from jinja2 import Template

__all__ = ["STYLES", "render", "to_email", "to_html"]

_FONT = "font-family:Calibri,Carlito,'Segoe UI',system-ui,sans-serif"
STYLES = {
    "page": f"{_FONT};font-size:14px;line-height:1.45;color:#1a1a1a;max-width:720px",
    "label": "font-size:11px;font-weight:700;letter-spacing:0.04em;color:#595959;margin:0",
    "title": "font-size:26px;font-weight:600;margin:6px 0 4px 0",
    "subtitle": "font-size:15px;color:#595959;margin:0 0 14px 0",
    "h1": "font-size:19px;font-weight:700;color:#2f5496;margin:28px 0 8px 0",
    "h2": "font-size:15.5px;font-weight:700;color:#2f5496;margin:18px 0 6px 0",
    "body": "margin:0 0 8px 0",
    "lead": "font-size:15.5px;margin:0 0 10px 0",
    "small": "font-size:12px;color:#595959;margin:0 0 8px 0",
    "list": "margin:0 0 10px 0;padding-left:22px",
    "item": "margin:0 0 4px 0",
    "table": "border-collapse:collapse;margin:6px 0 14px 0;width:100%;font-size:13px",
    "caption": "caption-side:top;text-align:left;font-size:12px;font-weight:700;"
    "color:#2f5496;padding:0 0 4px 0",
    "th": "text-align:left;vertical-align:bottom;padding:4px 8px;background:#4472c4;color:#fff;"
    "font-weight:700",
    "td": "text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid #b4c6e7",
    "right": ";text-align:right;font-variant-numeric:tabular-nums",
    "th_right": ";text-align:right",
    "total": ";font-weight:700;border-top:1.5px solid #4472c4",
    "contents": "font-size:12px;font-weight:700;color:#2f5496;margin:14px 0 4px 0",
    "toc": "list-style:none;margin:0 0 10px 0;padding:0",
    "figure": "margin:10px 0 16px 0",
    "image": "width:100%;max-width:650px;height:auto;display:block",
    "notes": "font-size:12px;color:#404040;margin:10px 0 0 0;padding-left:22px;"
    "border-top:1px solid #d0d0d0;padding-top:6px",
    "note": "margin:0 0 3px 0",
    "link": "color:#2f5496;text-decoration:none",
    "footer": "font-size:11px;color:#808080;margin:24px 0 0 0",
}
_INSTALL = 'the HTML discussion document needs Jinja2: pip install "costdx[document]"'


def _finalize(value: object) -> object:
    """Every string the template prints, without what XML cannot hold (as in Word); the
    HTML a macro already built (``Markup``) is printed as it is, not escaped again."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return clean(value)
    return value


def _template() -> Template:
    try:
        import jinja2  # noqa: PLC0415 - Jinja2 is an optional extra
    except ImportError as exc:
        raise MissingExtraError(_INSTALL) from exc
    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    environment.tests.update(
        note=lambda piece: isinstance(piece, Note),
        heading=lambda block: isinstance(block, Heading),
        paragraph=lambda block: isinstance(block, Paragraph),
        bullets=lambda block: isinstance(block, Bullets),
        table=lambda block: isinstance(block, Table),
        figure=lambda block: isinstance(block, Figure),
    )
    source = resources.files(__package__).joinpath("discussion.html.j2").read_text("utf-8")
    return environment.from_string(source)


def to_html(
    document: Discussion, *, images: Literal["embed", "cid"] = "embed", page: bool = True
) -> str:
    """The HTML of ``document``: a whole page (``page``), or a fragment for a notebook;
    charts embedded, or as ``cid:<name>@costdx`` for an e-mail's inline parts."""
    numbers = {id(note): i for i, note in enumerate(document.notes(), start=1)}

    def image(figure: Figure) -> str:
        if images == "cid":
            return f"cid:{_content_id(figure.name)}"
        return "data:image/png;base64," + base64.b64encode(figure.png).decode("ascii")

    kind = (
        "Discussion document: internal, not for the customer"
        if document.audience == "internal"
        else "Discussion document: a draft for discussion, not a proposal"
    )
    prepared = [f"Prepared for {document.account}", fmt.date(document.date)]
    if document.prepared_by:
        prepared.insert(1, f"by {document.prepared_by}")
    rendered = _template().render(
        doc=document,
        s=STYLES,
        page=page,
        kind=kind.upper(),
        prepared=", ".join(prepared),
        footer=f"{document.account}: discussion document, {fmt.date(document.date)}.",
        number=lambda note: numbers[id(note)],
        section_notes=notes_in,
        image=image,
    )
    return rendered.strip() + "\n"


def _content_id(name: str) -> str:
    return f"{name}@costdx"


def to_email(document: Discussion, *, subject: str | None = None) -> EmailMessage:
    """An e-mail of the HTML rendition with its charts as inline parts
    (``multipart/related``): set ``From`` and ``To`` and send it with `smtplib`."""
    message = EmailMessage()
    message["Subject"] = subject or f"{document.title}: discussion document"
    message.set_content(to_html(document, images="cid"), subtype="html")
    for name, png in document.figures().items():
        message.add_related(png, maintype="image", subtype="png", cid=f"<{_content_id(name)}>",
                            filename=f"{name}.png")  # fmt: skip
    return message


def render(document: Discussion) -> str:
    """The notebook view (``_repr_html_``): the HTML fragment."""
    return to_html(document, page=False)
