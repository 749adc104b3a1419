"""The discussion document: its figures on the printed pages are costdx's own, its notes
name the sources, the customer's copy carries nothing internal, and the Word and HTML
renditions say the same."""

from __future__ import annotations

import datetime as dt
import html as html_module
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import costdx as cdx
from costdx.cli import main
from costdx.report.discussion import Discussion, Note, discussion, to_docx, to_email, to_html, write

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
if (SOFFICE is None or PDFTOTEXT is None) and os.environ.get("COSTDX_REQUIRE_LIBREOFFICE"):
    raise RuntimeError("COSTDX_REQUIRE_LIBREOFFICE is set but soffice or pdftotext is missing")
needs_pdf = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice and pdftotext are not installed here; CI installs them",
)
DAY = dt.date(2026, 11, 2)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SCENARIO_NOTES = (
    "The low end of every range the plant's team gave",
    "The figures we walked in with",
)


@pytest.fixture(scope="module")
def vc() -> cdx.ValueCase:
    return cdx.load_value_case(cdx.example_path())


@pytest.fixture(scope="module")
def doc(vc: cdx.ValueCase) -> Discussion:
    """The customer's document of acme, built once for the tests that only read it."""
    return discussion(vc, date=DAY)


@pytest.fixture(scope="module")
def sim(vc: cdx.ValueCase) -> cdx.Simulation:
    return cdx.simulate(vc.diagnosis, n=4_000, seed=7, keep="consequences")


@pytest.fixture(scope="module")
def printed(
    vc: cdx.ValueCase, sim: cdx.Simulation, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The text of the customer's document (with and without a simulation) and the
    internal one, as LibreOffice prints them to PDF and pdftotext reads them back."""
    if SOFFICE is None or PDFTOTEXT is None:
        pytest.skip("LibreOffice and pdftotext are not installed here")
    folder = tmp_path_factory.mktemp("discussion")
    docs = {
        "plain": cdx.write_discussion(vc, folder / "plain.docx", date=DAY),
        "simulated": cdx.write_discussion(vc, folder / "simulated.docx", simulation=sim, date=DAY),
        "internal": cdx.write_discussion(vc, folder / "internal.docx", audience="internal"),
    }
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, docs.values())],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = {}
    for name in docs:
        out = subprocess.run(
            [PDFTOTEXT, "-enc", "UTF-8", str(folder / f"{name}.pdf"), "-"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        text[name] = " ".join(out.stdout.decode("utf-8").split())  # one space, no breaks
    return text


def money(x: float) -> str:
    return f"{x:,.0f}"


def key_figures(vc: cdx.ValueCase) -> list[str]:
    """Every figure the document must show, formatted as costdx formats it."""
    ev = cdx.evaluate(vc)
    q = ev.quantification
    figures = [
        f"{money(q.annual_cost)} USD",
        f"{money(q.cost_of_delay('month'))} USD",
        f"{money(q.one_time_cost)} USD",
        f"{q.confirmed_share:.0%}",
    ]
    figures += [money(c.annual or c.one_time) for c in q.consequences]
    figures += [money(v) for v in q.by_problem()["annual_cost"]]
    figures += [money(v) for v in q.by_source()["annual_cost"]]
    for sid, r in ev.solutions.items():
        figures += [money(r.total_investment), money(r.npv), money(r.affordable_investment)]
        if sid != "do_nothing":
            figures += [f"{r.roi:.0%}", f"{r.payback_months:.1f}"]
            figures += [money(ev.slip_cost(sid, months=k)) for k in (1, 3, 6)]
    figures.append(f"{money(ev.solutions['do_nothing'].remaining_cost_pv)} USD")
    matrix = cdx.decide(vc, evaluation=ev)
    figures += [f"{t:.2f}" for t in matrix["total"]]
    figures += [f"{w:.0%}" for w in matrix.attrs["weights"].values()]
    flips = cdx.flip_weights(vc, evaluation=ev)
    figures += [f"{w:.0%}" for w in flips["holds_from"]] + [f"{w:.0%}" for w in flips["holds_to"]]
    first = cdx.acceptability(vc, evaluation=ev, seed=0)["rank_1"]
    figures += [f"{p:.0%}" for p in first]
    swings = cdx.tornado(vc.diagnosis)
    unconfirmed = [i for i in swings.index if vc.diagnosis.driver(i).confirmed_by is None]
    figures += [money(swings.loc[i, "swing"]) for i in unconfirmed]
    return figures


@needs_pdf
def test_every_key_figure_is_printed_as_costdx_computes_it(
    vc: cdx.ValueCase, printed: dict[str, str]
) -> None:
    text = printed["plain"]
    missing = [f for f in key_figures(vc) if f not in text]
    assert not missing, f"not on the pages: {missing}"


@needs_pdf
def test_the_simulated_figures_are_printed(
    vc: cdx.ValueCase, sim: cdx.Simulation, printed: dict[str, str]
) -> None:
    text = printed["simulated"]
    ev = cdx.evaluate(vc, simulation=sim)
    figures = [f"{money(sim.percentile(p))} USD" for p in (10, 50, 90)]
    figures.append(f"{sim.n:,} simulated years")
    for sid, r in ev.solutions.items():
        if sid != "do_nothing":
            figures += [money(v) for v in np.percentile(r.samples["npv"], [10, 50, 90])]
            figures.append(f"{r.prob_npv_negative():.0%}")
    voi = cdx.value_of_information(vc, sim, evaluation=ev)
    figures.append(f"{money(voi.attrs['evpi'])} USD")
    first = cdx.acceptability(vc, evaluation=ev)["rank_1"]  # from the simulation's stream
    figures += [f"{p:.0%}" for p in first]
    missing = [f for f in figures if f not in text]
    assert not missing, f"not on the pages: {missing}"


@needs_pdf
def test_no_amount_of_money_comes_from_anywhere_but_costdx_or_the_case(
    vc: cdx.ValueCase, printed: dict[str, str]
) -> None:
    # every "<number> USD" printed is a figure costdx computed or one the case states in
    # its own words (evidence, descriptions): the document invents none
    ev = cdx.evaluate(vc)
    q = ev.quantification
    known = {money(q.annual_cost), money(q.cost_of_delay("month")), money(q.one_time_cost)}
    known |= {money(v) for v in q.values.values()}  # every driver and consequence
    for r in ev.solutions.values():
        known |= {money(r.total_investment), money(r.npv), money(r.affordable_investment),
                  money(r.remaining_cost_pv), money(r.npv)}  # fmt: skip
        known |= {money(item.amount) for item in vc.solution(r.id).investment}
    case_text = cdx.example_path().read_text(encoding="utf-8")
    found = re.findall(r"(?<![\d,.])(-?\d[\d,]*) USD(?![/\w])", printed["plain"])
    strays = sorted({f for f in found if f not in known and f"{f} USD" not in case_text})
    assert not strays, f"amounts from nowhere: {strays}"


@needs_pdf
def test_the_printed_notes_name_each_inputs_source_and_confirmer(
    vc: cdx.ValueCase, printed: dict[str, str]
) -> None:
    text = printed["plain"]
    for driver in vc.diagnosis.drivers:
        if driver.derived:
            continue
        assert " ".join(driver.evidence.split()).rstrip(".") in text, driver.id
    confirmers = {d.confirmed_by for d in vc.diagnosis.drivers if d.confirmed_by}
    for person in vc.diagnosis.stakeholders:
        if person.id in confirmers:
            assert f"confirmed by {person.name}" in text
    assert "not yet confirmed" in text


@needs_pdf
def test_the_customers_pages_carry_nothing_internal(printed: dict[str, str]) -> None:
    for name in ("plain", "simulated"):
        text = printed[name]
        for note in SCENARIO_NOTES:
            assert note not in text
        assert "For the seller only" not in text
        assert "What we assumed" not in text
        assert "internal" not in text.lower()
    internal = printed["internal"]
    assert all(note in internal for note in SCENARIO_NOTES)
    assert "For the seller only" in internal
    assert "Qualification: pursue" in internal
    assert "assumed 2,400 USD/hour, diagnosed 1,850 USD/hour" in internal
    assert "INTERNAL, NOT FOR THE CUSTOMER" in internal


def footnotes(docx: bytes) -> list[str]:
    """The text of every real footnote of a .docx, in order (separators left out)."""
    from lxml import etree  # python-docx's own XML library

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
        rels = archive.read("word/_rels/document.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    assert "wordprocessingml.footnotes+xml" in types
    notes = []
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") is None:
            notes.append("".join(t.text or "" for t in note.iter(f"{W}t")).strip())
    assert body.count("<w:footnoteReference ") == len(notes)  # each referenced once
    return notes


def test_word_has_real_footnotes_in_the_order_the_html_numbers_them(
    doc: Discussion,
) -> None:
    in_word = footnotes(to_docx(doc))
    ordered = [n.text for n in doc.notes()]
    assert in_word == ordered
    html = to_html(doc)
    for number, _note in enumerate(doc.notes(), start=1):
        assert f'id="note-{number}"' in html
        assert f'href="#note-{number}"' in html
    assert len(re.findall(r'<li id="note-\d+"', html)) == len(ordered)


def test_word_and_html_carry_the_same_text(doc: Discussion) -> None:
    html = to_html(doc)
    visible = re.sub(r"<[^>]+>", " ", html)
    visible = " ".join(html_module.unescape(visible).split())
    for _, block in doc.blocks():
        for text in _texts(block):
            assert " ".join(text.split()) in visible, text


def _texts(block: Any) -> list[str]:
    from costdx.report.discussion import Bullets, Figure, Heading, Paragraph, Table

    pieces: list[Any] = []
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Paragraph):
        pieces = list(block.content)
    elif isinstance(block, Bullets):
        pieces = [p for item in block.items for p in item]
    elif isinstance(block, Table):
        pieces = [p for row in block.rows for cell in row for p in cell]
        return [c.header for c in block.columns] + [
            p.text for p in pieces if not isinstance(p, Note) and p.text
        ]
    elif isinstance(block, Figure):
        pieces = list(block.caption)
    return [p.text for p in pieces if not isinstance(p, Note) and p.text.strip()]


def test_the_sections_of_the_document(
    vc: cdx.ValueCase, doc: Discussion, sim: cdx.Simulation
) -> None:
    plain = [s.key for s in doc.sections]
    assert plain == [
        "summary", "problem", "cost", "sketch", "criteria", "timing", "questions", "next",
    ]  # fmt: skip
    internal = [s.key for s in discussion(vc, audience="internal", date=DAY).sections]
    assert internal == [
        "summary", "problem", "cost", "discover", "sketch", "criteria", "timing",
        "questions", "seller", "next",
    ]  # fmt: skip
    asked = [s.key for s in discussion(vc, discover=True, date=DAY).sections]
    assert "discover" in asked
    assert "seller" not in asked
    none = [s.key for s in discussion(vc, criteria=[], date=DAY).sections]
    assert "criteria" not in none
    simulated = discussion(vc, simulation=sim, date=DAY)
    assert set(simulated.figures()) == {"cost_by_consequence", "range", "cash_flows",
                                        "sensitivity"}  # fmt: skip
    assert next(s.title for s in simulated.sections) == "1. Summary"


def test_charts_are_print_resolution_pngs(doc: Discussion) -> None:
    for name, png in doc.figures().items():
        assert png[:8] == b"\x89PNG\r\n\x1a\n", name
        width = int.from_bytes(png[16:20], "big")
        assert width == 6.5 * 300, name  # 6.5 inches at 300 dpi


def test_the_questions_to_every_supplier_are_listed(vc: cdx.ValueCase, doc: Discussion) -> None:
    text = html_module.unescape(to_html(doc))
    for criterion in vc.criteria:
        assert criterion.question in text


@pytest.mark.filterwarnings("ignore:Glyph 1")
def test_paper_follows_the_currency_unless_given(vc: cdx.ValueCase) -> None:
    assert discussion(vc, criteria=[], date=DAY).paper == "letter"  # USD
    assert discussion(small_case("EUR"), date=DAY).paper == "A4"
    assert discussion(vc, paper="A4", date=DAY).paper == "A4"


def small_case(currency: str = "USD") -> cdx.ValueCase:
    """One loss of 1,000 a month, one fix; its text as hostile as a case can be."""
    case = cdx.Diagnosis(
        title="<script>alert(1)</script> & co",
        account=cdx.Account(name="Bell\x07 & <Co>", currency=currency),
        stakeholders=[cdx.Stakeholder(id="cfo", name="=cmd|' /C calc'!A0")],
        drivers=[
            cdx.Driver(
                id="loss", value=1_000, unit=f"{currency}/month", evidence="<b>ledger</b>\x0b"
            )
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P\x01roblem",
                description="<img src=x onerror=alert(1)>",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="loss")],
            )
        ],
    )
    fix = cdx.Solution(
        id="fix",
        name="Fix <now>",
        investment=[cdx.InvestmentItem(label="x", amount=5_000)],
        addresses=[cdx.Address(consequence="c", fraction=1)],
    )
    return cdx.ValueCase(diagnosis=case, solutions=[fix])


# the chart's labels keep the control character; matplotlib has no glyph for it
@pytest.mark.filterwarnings("ignore:Glyph 1")
def test_hostile_text_is_text(tmp_path: Path) -> None:
    doc = discussion(small_case(), date=DAY)
    html = to_html(doc)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert "\x07" not in html
    assert "\x01" not in html
    assert "Bell &amp; &lt;Co&gt;" in html
    written = write(doc, tmp_path / "hostile.docx")
    with zipfile.ZipFile(written) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "\x07" not in body
    assert "\x01" not in body
    assert "&lt;script&gt;" in body


def test_to_email_carries_the_charts_as_inline_parts(doc: Discussion) -> None:
    message = to_email(doc)
    assert message["Subject"].endswith("discussion document")
    parts = list(message.walk())
    assert parts[0].get_content_type() == "multipart/related"
    html = parts[1].get_content()
    images = [p for p in parts if p.get_content_type() == "image/png"]
    assert len(images) == len(doc.figures())
    for part in images:
        cid = part["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html
    assert "data:image/png" not in html


def test_the_notebook_view_is_the_html_fragment(doc: Discussion) -> None:
    view = doc._repr_html_()
    assert view.startswith("<div")
    assert "<html" not in view
    assert "data:image/png;base64," in view


def test_write_refuses_other_suffixes_and_keeps_an_old_file(
    vc: cdx.ValueCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(cdx.CaseFileError, match=r"\.docx \(Word\) or \.html, not '\.pdf'"):
        cdx.write_discussion(vc, tmp_path / "x.pdf")
    target = tmp_path / "acme.docx"
    target.write_bytes(b"the seller's edited copy")
    from costdx.report.discussion import _write

    def broken(_: object) -> bytes:
        raise cdx.CalculationError("boom")

    monkeypatch.setattr(_write, "to_docx", broken)
    with pytest.raises(cdx.CalculationError):
        cdx.write_discussion(vc, target, date=DAY)
    assert target.read_bytes() == b"the seller's edited copy"


def test_without_python_docx_the_error_names_the_extra(
    doc: Discussion, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(cdx.MissingExtraError, match=r"costdx\[document\]"):
        to_docx(doc)


def test_a_bad_audience_is_refused(vc: cdx.ValueCase) -> None:
    with pytest.raises(cdx.OptionError, match="'customer' or 'internal'"):
        discussion(vc, audience="board")  # type: ignore[arg-type]


def test_the_same_case_gives_the_same_document(vc: cdx.ValueCase, doc: Discussion) -> None:
    one, two = to_docx(doc), to_docx(discussion(vc, date=DAY))
    with zipfile.ZipFile(io.BytesIO(one)) as a, zipfile.ZipFile(io.BytesIO(two)) as b:
        for name in ("word/document.xml", "word/footnotes.xml", "docProps/core.xml"):
            assert a.read(name) == b.read(name), name


def test_cli_discuss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "acme.docx"
    code = main(["discuss", str(cdx.example_path()), "-o", str(out), "--simulate", "500",
                 "--seed", "3"])  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out} (discussion document for the customer; 5 criteria")
    assert "500 simulated years" in said
    assert footnotes(out.read_bytes())
    html = tmp_path / "acme.html"
    assert main(["discuss", str(cdx.example_path()), "-o", str(html), "--audience",
                 "internal"]) == 0  # fmt: skip
    assert "For the seller only" in html.read_text(encoding="utf-8")
    assert main(["discuss", str(cdx.example_path()), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "a discussion document is written as" in capsys.readouterr().err


def test_value_realised_so_far_follows_the_summary(vc: cdx.ValueCase, sim: cdx.Simulation) -> None:
    rows = cdx.read_measurements(cdx.example_path("acme_tracking.csv"))
    realised = cdx.track(vc, rows, go_live="2027-04", simulation=sim)
    document = discussion(vc, date=DAY, tracking=realised)
    assert [s.key for s in document.sections][:3] == ["summary", "realised", "problem"]
    section = document.sections[1]
    assert section.title == "2. Value realised so far"
    text = " ".join(t for block in section.blocks for t in _texts(block))
    # the figures are the realisation's own, as the document formats money
    assert money(realised.realised_to_date) in text
    assert money(realised.promised_with_data) in text
    assert "Behind: Contractual late-delivery penalties, 69% of its promise; its ramp runs 3 " \
        "months late." in text.replace("  ", " ")  # fmt: skip
    assert "No data yet:" in text
    chance = realised.reforecast.prob_met()["npv"]  # type: ignore[union-attr]
    assert f"it is met in {chance:.0%} of the draws" in text
    other = cdx.evolve(vc, discount_rate=0.12)
    with pytest.raises(cdx.OptionError, match="another value case"):
        discussion(other, date=DAY, tracking=realised)


def test_cli_discuss_names_its_reader_and_seed_and_takes_the_reports_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `costdx report --paper a4` and `costdx discuss --paper A4` named one paper two ways;
    # a drawn seed was not shown, so the run could not be repeated; and the internal
    # edition was "for the internal"
    out = tmp_path / "acme.docx"
    code = main(["discuss", str(cdx.example_path()), "-o", str(out), "--paper", "a4",
                 "--simulate", "200", "--audience", "internal"])  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    seed = re.search(r"seed (\d+)", said)
    assert seed is not None, said
    assert f"repeat with --seed {seed[1]}" in said
    assert "for the seller (internal)" in said
    with zipfile.ZipFile(out) as book:
        page = re.search(rb'<w:pgSz w:w="(\d+)" w:h="(\d+)"', book.read("word/document.xml"))
    assert page is not None
    # A4 is 210 mm × 297 mm; a twip is 1/1440 inch: 210/25.4 × 1440 = 11,906 (and 16,838)
    assert (int(page[1]), int(page[2])) == (11_906, 16_838)
