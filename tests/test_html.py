"""Rich display: the HTML views (costdx.report._html), the short reprs, and escaping.

Expected figures come from the engine objects themselves (the views must show them, not
recompute them differently); the formats are the ones the views promise: thousands
separators and the account's currency.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costdx as cdx
from costdx.report import _html as views

SCRIPT = "<script>alert(1)</script>"
ALLOWED_TAGS = {"div", "span", "strong", "table", "thead", "tbody", "tr", "th", "td"}


class _Reader(HTMLParser):
    """Collects the tags (checking they nest) and the text cells of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: set[str] = set()
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.tags.add(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        opened = self.stack.pop()
        assert opened == tag, f"<{opened}> closed by </{tag}>"

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def read(fragment: str) -> _Reader:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    assert not reader.stack, f"unclosed tags: {reader.stack}"
    assert reader.tags <= ALLOWED_TAGS, f"unexpected tags: {reader.tags - ALLOWED_TAGS}"
    return reader


def text_of(fragment: str) -> str:
    return " ".join(read(fragment).texts)


@pytest.fixture(scope="module")
def acme_vc() -> cdx.ValueCase:
    return cdx.load_value_case(cdx.example_path())


@pytest.fixture(scope="module")
def acme_ev(acme_vc: cdx.ValueCase) -> cdx.Evaluation:
    return cdx.evaluate(acme_vc)


@pytest.fixture(scope="module")
def acme_sim(acme: cdx.Diagnosis) -> cdx.Simulation:
    return cdx.simulate(acme, n=5_000, seed=7)


# -- Diagnosis ------------------------------------------------------------------------


def test_diagnosis_repr_is_one_short_line(acme: cdx.Diagnosis) -> None:
    # pydantic's default repr dumps the whole case (some 17,000 characters for acme)
    assert repr(acme) == (
        "<Diagnosis 'acme_2026' Acme Precision Components: 30 drivers, 4 problems, 10 consequences>"
    )


def test_diagnosis_html_shows_account_counts_and_problems(acme: cdx.Diagnosis) -> None:
    text = text_of(acme._repr_html_())
    assert "Acme Precision Components" in text
    assert "USD" in text
    assert f"30 ({sum(d.estimate is not None for d in acme.drivers)} estimates" in text
    for problem in acme.problems:
        assert problem.title in text
    cells = read(acme._repr_html_()).texts
    # stakeholders 7, problems 4, consequences 10, each in its own cell after its name
    for name, count in (("Stakeholders", "7"), ("Problems", "4"), ("Consequences", "10")):
        assert cells[cells.index(name) + 1] == count


def test_diagnosis_html_names_the_owner(acme: cdx.Diagnosis) -> None:
    people = {s.id: s.name for s in acme.stakeholders}
    text = text_of(acme._repr_html_())
    for problem in acme.problems:
        assert problem.owner is not None
        assert people[problem.owner] in text


# -- Quantification -------------------------------------------------------------------


def test_quantification_html_headline_figures(acme_q: cdx.Quantification) -> None:
    text = text_of(acme_q._repr_html_())
    assert f"{acme_q.annual_cost:,.0f} USD/year" in text  # 1,632,082 USD/year
    assert f"{acme_q.cost_of_delay('month'):,.0f} USD/month" in text
    assert f"{acme_q.one_time_cost:,.0f} USD" in text
    assert f"{acme_q.confirmed_share:.0%} of the annual cost" in text


def test_quantification_html_by_problem_and_source_match_the_frames(
    acme_q: cdx.Quantification,
) -> None:
    cells = read(acme_q._repr_html_()).texts
    for problem, row in acme_q.by_problem().iterrows():
        at = cells.index(str(row["title"]))
        assert cells[at + 1] == f"{row['annual_cost']:,.0f}", problem
        assert cells[at + 2] == f"{row['one_time_cost']:,.0f}", problem
        assert cells[at + 3] == f"{row['share']:.0%}", problem
    for source, row in acme_q.by_source().iterrows():
        if row["consequences"] == 0:
            continue
        at = cells.index(str(source))
        assert cells[at + 1] == f"{int(row['consequences'])}"
        assert cells[at + 2] == f"{row['annual_cost']:,.0f}"


def test_quantification_html_names_basis_and_scenario(acme: cdx.Diagnosis) -> None:
    assert "Discover-phase assumptions" in text_of(
        cdx.quantify(acme, basis="assumed")._repr_html_()
    )
    stressed = cdx.stress(acme)
    assert "scenario stress" in text_of(stressed._repr_html_())


def test_quantification_html_of_a_zero_cost(make_case: Callable[..., cdx.Diagnosis]) -> None:
    case = make_case([{"id": "x", "value": 0, "unit": "USD/year"}], {"c": "x"})
    text = text_of(cdx.quantify(case)._repr_html_())
    assert "0 USD/year" in text
    assert "—" in text  # no share of a zero total


def test_rendering_needs_no_pandas() -> None:
    # the views read the result objects, not their frames: they render with pandas blocked
    code = (
        "import sys, costdx as cdx\n"
        "case = cdx.load(cdx.example_path())\n"
        "q = cdx.quantify(case)\n"
        "vc = cdx.load_value_case(cdx.example_path())\n"
        "ev = cdx.evaluate(vc)\n"
        "sys.modules['pandas'] = None\n"
        "for shown in (case, q, cdx.simulate(case, n=100, seed=1), ev, cdx.qualify(vc)):\n"
        "    shown._repr_html_()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- Simulation -----------------------------------------------------------------------


def test_simulation_html_shows_run_and_percentiles(acme_sim: cdx.Simulation) -> None:
    text = text_of(acme_sim._repr_html_())
    assert "5,000" in text
    assert "7" in read(acme_sim._repr_html_()).texts  # the seed, in its own cell
    assert "random" in text
    for q in (10, 50, 90):
        assert f"P{q} annual cost" in text
        assert f"{acme_sim.percentile(q):,.0f} USD/year" in text


def test_simulation_html_reports_clipping(acme_sim: cdx.Simulation) -> None:
    cells = read(acme_sim._repr_html_()).texts
    clipped = {k: v for k, v in acme_sim.clipped.items() if v}
    assert clipped, "the acme case clips loss_probability to its bounds"
    for driver, count in clipped.items():
        assert cells[cells.index(driver) + 1] == f"{count:,}"


def test_simulation_html_without_clipping(labour_case: cdx.Diagnosis) -> None:
    sim = cdx.simulate(labour_case, n=100, seed=None, method="lhs")
    text = text_of(sim._repr_html_())
    assert "No sample was clipped" in text
    # no seed was given: the one drawn is shown, so the run can be repeated
    assert f"Seed {sim.seed}" in text
    assert "Latin hypercube" in text


# -- Evaluation -----------------------------------------------------------------------


def test_evaluation_html_comparison_matches_the_results(acme_ev: cdx.Evaluation) -> None:
    cells = read(acme_ev._repr_html_()).texts
    for res in acme_ev.solutions.values():
        name = res.name + (f" ({res.vendor})" if res.vendor else "")
        at = cells.index(name) + (1 if res is acme_ev.ours else 0)  # then a cell with the ★
        assert cells[at + 1 : at + 3] == [f"{res.total_investment:,.0f}", f"{res.npv:,.0f}"]
        if res.total_investment:
            assert cells[at + 3] == f"{res.roi:.0%}"
            assert cells[at + 4] == f"{res.irr.rate:.1%}"
            assert cells[at + 5] == f"{res.payback_months:.1f}"
        else:  # do nothing: no ROI, IRR or payback exists
            assert cells[at + 3 : at + 6] == ["—", "—", "—"]
        assert cells[at + 6] == f"{res.slip_cost_per_month:,.0f}"
        assert cells[at + 7] == f"{res.affordable_investment:,.0f}"


def test_evaluation_html_marks_ours_and_states_the_conventions(acme_ev: cdx.Evaluation) -> None:
    fragment = acme_ev._repr_html_()
    assert acme_ev.ours is not None
    full = f"{acme_ev.ours.name} ({acme_ev.ours.vendor})"
    # ours is bold and starred; its whole name is in the cell (cut on screen, in the tooltip)
    assert re.search(
        rf'<strong><span title="{re.escape(full)}"[^>]*>{re.escape(full)}</span></strong> ★',
        fragment,
    )
    text = text_of(fragment)
    for convention in acme_ev.conventions().values():
        assert convention in text
    assert "NPV (USD)" in text
    # the solution's figure by the name it has everywhere else (spec: two delays, two names)
    assert "slip cost per month (USD)" in text
    assert "value lost" not in text
    assert f"{acme_ev.problem_cost_nominal:,.0f} USD" in text


def test_evaluation_html_with_a_simulation_shows_the_risk(acme_vc: cdx.ValueCase) -> None:
    sim = cdx.simulate(acme_vc.diagnosis, n=2_000, seed=3, keep="consequences")
    ev = cdx.evaluate(acme_vc, simulation=sim)
    text = text_of(ev._repr_html_())
    assert "P(NPV < 0)" in text
    ours = ev.ours
    assert ours is not None
    assert f"{ours.prob_npv_negative():.1%}" in text


def test_evaluation_html_marks_an_ambiguous_irr_instead_of_hiding_it() -> None:
    # net −100, 230, −132 (230 a year of benefit; 100 up front and 362 in year 2) has two
    # IRRs, 10 % and 20 %: −100 y² + 230 y − 132 = 0 at y = 1 + r = 1.1 and 1.2
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[cdx.Driver(id="loss", value=230, unit="USD/year")],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="loss")],
            )
        ],
    )
    fix = cdx.Solution(
        id="fix",
        name="Fix",
        addresses=[cdx.Address(consequence="c", fraction=1)],
        investment=[
            cdx.InvestmentItem(label="a", amount=100),
            cdx.InvestmentItem(label="b", amount=362, year=2),
        ],
    )
    vc = cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=2, discount_rate=0.1)
    cells = read(cdx.evaluate(vc)._repr_html_()).texts
    at = cells.index("Fix") + 1  # the ★ cell follows the name of the solution being sold
    assert cells[at + 4] == "10.0%*"
    text = " ".join(cells)
    assert "several IRRs (10.0%, 20.0%)" in text


def test_evaluation_html_says_one_year() -> None:
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[cdx.Driver(id="loss", value=1, unit="USD/year")],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="loss")],
            )
        ],
    )
    text = text_of(cdx.evaluate(cdx.ValueCase(diagnosis=case, horizon_years=1))._repr_html_())
    assert "1 years" not in text
    assert "1 year" in text


def test_value_case_and_solution_results_have_short_reprs(
    acme_vc: cdx.ValueCase, acme_ev: cdx.Evaluation
) -> None:
    assert repr(acme_vc) == (
        "<ValueCase 'acme_2026': 3 years at 8.0%; solutions northwind_ops, cmms_upgrade "
        "(and do_nothing)>"
    )
    ours = acme_ev.ours
    assert ours is not None
    assert repr(ours) == (
        f"<SolutionResult 'northwind_ops': investment {ours.total_investment:,.0f}, benefit "
        f"{ours.total_benefit:,.0f}, NPV {ours.npv:,.0f}, ROI {ours.roi:.0%}, IRR "
        f"{ours.irr.rate:.1%}, payback {ours.payback_months:.1f} months>"
    )
    assert "array(" not in repr(acme_ev.solutions["do_nothing"])


def test_value_case_html_shows_the_terms(acme_vc: cdx.ValueCase) -> None:
    fragment = acme_vc._repr_html_()
    cells = read(fragment).texts
    assert "benchmark at 80%, estimate at 70%" in cells
    # northwind_ops: 280,000 up front and 95,000 a year, 9 consequences, start in month 3
    at = cells.index("Northwind Ops: condition monitoring, in-process gauging and order "
                     "capture (Northwind Industrial Software)")  # fmt: skip
    assert cells[at + 2 : at + 6] == ["280,000", "95,000", "9", "3"]
    assert "{" not in text_of(fragment)  # no JSON


# -- Verdict --------------------------------------------------------------------------


def test_verdict_html_badge_and_reasons(acme_vc: cdx.ValueCase) -> None:
    verdict = cdx.qualify(acme_vc)
    fragment = verdict._repr_html_()
    text = text_of(fragment)
    assert verdict.outcome.upper() in text
    assert text.count("ok") >= len(verdict.reasons)
    for reason in verdict.reasons:
        assert reason.message in text


def test_verdict_failures_show_fail_and_what_they_cost(acme_vc: cdx.ValueCase) -> None:
    verdict = cdx.qualify(acme_vc, min_roi=10.0, max_payback_months=3)
    assert verdict.outcome == "rework"
    cells = read(verdict._repr_html_()).texts
    assert cells.count("FAIL") == len(verdict.failed) == 2
    assert cells.count("→ rework") == 2
    assert repr(verdict) == (
        "<Verdict rework (northwind_ops): 4 of 6 tests passed; failed roi, payback>"
    )


def test_verdict_repr_when_everything_passes(acme_vc: cdx.ValueCase) -> None:
    assert repr(cdx.qualify(acme_vc)) == "<Verdict pursue (northwind_ops): 6 of 6 tests passed>"


# -- escaping -------------------------------------------------------------------------


def hostile(acme: cdx.Diagnosis) -> cdx.Diagnosis:
    """The acme case with a script in every kind of text the views show."""
    first = acme.problems[0]
    consequence = cdx.evolve(first.consequences[0], label=SCRIPT)
    problem = cdx.evolve(first, title=SCRIPT, consequences=[consequence, *first.consequences[1:]])
    return cdx.evolve(
        acme,
        title=SCRIPT,
        account=cdx.evolve(acme.account, name=SCRIPT, industry=SCRIPT),
        stakeholders=[cdx.evolve(s, name=SCRIPT) for s in acme.stakeholders],
        problems=[problem, *acme.problems[1:]],
    )


def test_text_from_the_case_is_escaped(acme: cdx.Diagnosis, acme_vc: cdx.ValueCase) -> None:
    case = hostile(acme)
    solutions = [cdx.evolve(s, name=SCRIPT, vendor=SCRIPT) for s in acme_vc.solutions]
    vc = cdx.evolve(acme_vc, diagnosis=case, solutions=solutions)
    ev = cdx.evaluate(vc)
    fragments: list[Any] = [
        case._repr_html_(),
        cdx.quantify(case)._repr_html_(),
        ev._repr_html_(),
    ]
    for fragment in fragments:
        assert "<script>" not in fragment
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment
        read(fragment)  # only costdx's own tags, all closed
    # the verdict shows no case text but its own messages, and escapes those too
    verdict = cdx.qualify(vc, evaluation=ev)
    hacked = type(verdict)(verdict.outcome, SCRIPT, verdict.reasons)
    fragment = hacked._repr_html_()
    assert "<script>" not in fragment
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment


@settings(max_examples=40, deadline=None)
@given(title=st.text(min_size=1, max_size=60))
def test_any_title_shows_as_itself(title: str) -> None:
    case = cdx.Diagnosis(
        account=cdx.Account(name=title),
        drivers=[cdx.Driver(id="x", value=1_234.5, unit="USD/month")],
        problems=[
            cdx.Problem(
                id="p",
                title=title,
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="x", label=title)],
            )
        ],
    )
    for fragment in (case._repr_html_(), cdx.quantify(case)._repr_html_()):
        cells = read(fragment).texts
        assert title in cells


# -- Value realised ---------------------------------------------------------------------


def test_realisation_html_shows_the_lines_and_their_status(acme_vc: cdx.ValueCase) -> None:
    rows = cdx.read_measurements(cdx.example_path("acme_tracking.csv"))
    sim = cdx.simulate(acme_vc.diagnosis, n=2_000, seed=3, keep="consequences")
    result = cdx.track(acme_vc, rows, go_live="2027-04", simulation=sim)
    html = result._repr_html_()
    from costdx.report import render_realisation

    assert html == render_realisation(result)
    text = text_of(html)
    assert f"{result.realised_to_date:,.0f} USD" in text
    assert f"{result.promised_with_data:,.0f} USD" in text
    assert "2027-04 to 2027-12 (9 months)" in text
    per = result.by_consequence()
    for _, row in per.iterrows():
        assert row["label"] in text
    assert html.count(">on track</span>") == int((per["status"] == "on_track").sum())
    assert "behind" in text
    assert "no data yet" in text  # insufficient_data, as the badge says it
    chance = result.reforecast.prob_met()["npv"]  # type: ignore[union-attr]
    assert f"{chance:.0%} (at signing" in text
    assert repr(result).startswith("<Realisation 'northwind_ops' 2027-04…2027-12: realised ")


def test_realisation_html_escapes_the_case_text(acme_vc: cdx.ValueCase) -> None:
    data = acme_vc.diagnosis.model_dump()
    data["problems"][0]["consequences"][0]["label"] = SCRIPT
    vc = cdx.evolve(acme_vc, diagnosis=cdx.Diagnosis.model_validate(data))
    rows = [{"driver": "breakdowns_per_month", "period": "2027-05", "value": 6}]
    html = cdx.track(vc, rows, go_live="2027-04")._repr_html_()
    assert SCRIPT not in html
    assert SCRIPT in text_of(html)


# -- plumbing -------------------------------------------------------------------------


def test_the_views_are_the_renderers(
    acme: cdx.Diagnosis, acme_q: cdx.Quantification, acme_sim: cdx.Simulation
) -> None:
    assert acme._repr_html_() == views.render_diagnosis(acme)
    assert acme_q._repr_html_() == views.render_quantification(acme_q)
    assert acme_sim._repr_html_() == views.render_simulation(acme_sim)


def test_ipython_displays_the_html(acme: cdx.Diagnosis, acme_q: cdx.Quantification) -> None:
    formatters = pytest.importorskip("IPython.core.formatters")
    html = formatters.HTMLFormatter()
    assert html(acme) == acme._repr_html_()
    assert html(acme_q) == acme_q._repr_html_()
