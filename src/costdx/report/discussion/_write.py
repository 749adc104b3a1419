"""Write the discussion document to a file: Word (``.docx``) or HTML (``.html``)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from costdx._fs import atomic_write
from costdx.engine import Simulation
from costdx.errors import CaseFileError
from costdx.model import Criterion, ValueCase
from costdx.report.discussion._build import discussion
from costdx.report.discussion._content import Audience, Discussion
from costdx.report.discussion._docx import to_docx
from costdx.report.discussion._html import to_html
from costdx.value import Realisation

__all__ = ["SUFFIXES", "write", "write_discussion"]

SUFFIXES = (".docx", ".html", ".htm")


def _check_suffix(file: Path) -> str:
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise CaseFileError(
            f"{file}: a discussion document is written as .docx (Word) or .html, not "
            f"{file.suffix or 'a file without a suffix'!r}"
        )
    return suffix


def write(document: Discussion, path: str | os.PathLike[str]) -> Path:
    """Write ``document`` as Word (``.docx``) or a whole HTML page (``.html``), through a
    temporary file renamed into place: a failure leaves any earlier file as it was."""
    file = Path(path)
    suffix = _check_suffix(file)
    # render before opening the file: an error leaves nothing behind
    data = to_docx(document) if suffix == ".docx" else to_html(document).encode("utf-8")
    atomic_write(file, lambda handle: handle.write(data))
    return file


def write_discussion(
    value_case: ValueCase,
    path: str | os.PathLike[str],
    *,
    criteria: Sequence[Criterion] | None = None,
    simulation: Simulation | None = None,
    audience: Audience = "customer",
    discover: bool | None = None,
    date: dt.date | None = None,
    prepared_by: str = "",
    paper: str | None = None,
    seed: int = 0,
    tracking: Realisation | None = None,
) -> Path:
    """Write the discussion document of ``value_case`` to ``path``: Word (``.docx``), for
    the seller to edit before sending, or HTML (``.html``), the same content.

    The options are those of `costdx.discussion`, which builds the content: the title page
    (account, date, who took part); a summary; the problem in the customer's words; what it
    costs a year and a month, how much rests on confirmed numbers, each cost footnoted to
    its inputs' sources and confirmers; what Discover assumed (internal unless asked for);
    the range when simulated; the pencil sketch of the alternatives; the decision
    criteria, their matrix and how firm it is; the timing; the open questions and the
    questions for every supplier; next steps. With ``tracking`` (`costdx.track` of this
    value case), a short "Value realised so far" follows the summary. Needs
    ``pip install "costdx[document]"``.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import costdx as cdx
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> cdx.write_discussion(vc, "acme-discussion.docx")  # doctest: +SKIP
    PosixPath('acme-discussion.docx')
    """
    _check_suffix(Path(path))  # before the work of building the document
    document = discussion(
        value_case, criteria=criteria, simulation=simulation, audience=audience,
        discover=discover, date=date, prepared_by=prepared_by, paper=paper, seed=seed,
        tracking=tracking,
    )  # fmt: skip
    return write(document, path)
