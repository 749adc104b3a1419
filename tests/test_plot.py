"""Plots (costdx.plot): what is drawn equals the engine's figures, matplotlib stays optional.

Every expected bar, line and marker is read back from the matplotlib artists and compared
with the result object the plot was drawn from.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

import costdx as cdx  # noqa: E402
from costdx import plot  # noqa: E402
from costdx.model._plan import Kind  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def acme_ev() -> cdx.Evaluation:
    return cdx.evaluate(cdx.load_value_case(cdx.example_path()))


@pytest.fixture(scope="module")
def acme_sim(acme: cdx.Diagnosis) -> cdx.Simulation:
    return cdx.simulate(acme, n=20_000, seed=7)


def bars(ax: Axes) -> list[tuple[float, float, float]]:
    """Every rectangle of the axes as (y centre, left, width), top to bottom as drawn."""
    rects = [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]
    return [(r.get_y() + r.get_height() / 2, r.get_x(), r.get_width()) for r in rects]


def by_gid(ax: Axes, gid: str) -> Line2D:
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return line


def saved(ax: Axes, path: Path) -> Path:
    ax.figure.savefig(path)
    assert path.stat().st_size > 1_000
    return path


# -- waterfall ------------------------------------------------------------------------


def test_waterfall_one_step_per_recurring_consequence_then_the_total(
    acme_q: cdx.Quantification, tmp_path: Path
) -> None:
    ax = plot.waterfall(acme_q)
    recurring = [c for c in acme_q.consequences if c.kind is Kind.RECURRING]
    drawn = bars(ax)
    assert len(drawn) == len(recurring) + 1 == 10  # 9 recurring consequences + the total
    running = 0.0
    for (_, left, width), consequence in zip(drawn, recurring, strict=False):
        assert left == pytest.approx(running)
        assert width == pytest.approx(consequence.annual)
        running += consequence.annual
    _, left, width = drawn[-1]
    assert (left, width) == (0.0, pytest.approx(acme_q.annual_cost))
    assert running == pytest.approx(acme_q.annual_cost)
    saved(ax, tmp_path / "waterfall.png")


def test_waterfall_labels_currency_and_one_time(acme_q: cdx.Quantification) -> None:
    ax = plot.waterfall(acme_q)
    assert "USD/year" in ax.get_xlabel()
    assert f"{acme_q.annual_cost:,.0f} USD/year" in ax.get_title(loc="left")
    assert "35,000 USD one-time" in ax.get_title(loc="left")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[-1] == "Cost of the problem"
    assert ticks[0] == acme_q.consequences[0].label
    legend = ax.get_legend()
    assert legend is not None
    assert legend.get_texts()[0].get_text() == acme_q.case.problems[0].title
    # every bar's value is written beside it, with thousands separators
    texts = {t.get_text() for t in ax.texts}
    assert f"{acme_q.annual_cost:,.0f}" in texts
    assert "799,200" in texts


def test_waterfall_draws_on_the_given_axes(acme_q: cdx.Quantification) -> None:
    _, ax = plt.subplots()
    assert plot.waterfall(acme_q, ax=ax) is ax


def test_waterfall_in_another_currency(make_case: Callable[..., cdx.Diagnosis]) -> None:
    case = make_case(
        [
            {"id": "a", "value": 1_000, "unit": "EUR/month"},
            {"id": "b", "value": -200, "unit": "EUR/month"},
        ],
        {"a_cost": "a", "b_saving": "b"},
        account={"name": "Euro Co", "currency": "EUR"},
    )
    ax = plot.waterfall(cdx.quantify(case))
    # 12,000 EUR/year up, then 2,400 EUR/year back down: the step runs leftwards
    assert [(left, width) for _, left, width in bars(ax)] == [
        (0.0, pytest.approx(12_000)),
        (pytest.approx(12_000), pytest.approx(-2_400)),
        (0.0, pytest.approx(9_600)),
    ]
    assert "EUR/year" in ax.get_xlabel()
    assert "one-time" not in ax.get_title(loc="left")


# -- tornado --------------------------------------------------------------------------


def test_tornado_bars_are_centred_on_the_base(acme: cdx.Diagnosis, tmp_path: Path) -> None:
    frame = cdx.tornado(acme)
    base = frame.attrs["base"]
    ax = plot.tornado(acme)
    drawn = bars(ax)
    k = len(frame)
    assert len(drawn) == 2 * k == 16
    lows, highs = drawn[:k], drawn[k:]
    for i, (driver, row) in enumerate(frame.iterrows()):
        assert lows[i][1] == pytest.approx(base), driver
        assert lows[i][2] == pytest.approx(row["total_at_low"] - base), driver
        assert highs[i][1] == pytest.approx(base), driver
        assert highs[i][2] == pytest.approx(row["total_at_high"] - base), driver
        assert lows[i][0] == highs[i][0] == pytest.approx(i)  # largest swing on top (row 0)
    assert by_gid(ax, "base").get_xdata()[0] == pytest.approx(base)
    assert "USD/year" in ax.get_xlabel()
    saved(ax, tmp_path / "tornado.png")


def test_tornado_rows_name_the_driver_values(acme: cdx.Diagnosis) -> None:
    frame = cdx.tornado(acme, low=5, high=95)
    ax = plot.tornado(acme, low=5, high=95)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    first = frame.iloc[0]
    assert ticks[0].startswith(str(first["label"])[:20])
    assert f"P5 {first['low_value']:.3g} {first['unit']}" in ticks[0]
    assert f"P95 {first['high_value']:.3g} {first['unit']}" in ticks[0]
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["driver at its P5", "driver at its P95"]


def test_tornado_from_a_frame_equals_from_the_case(acme: cdx.Diagnosis) -> None:
    from_case = bars(plot.tornado(acme))
    frame = cdx.tornado(acme)
    ax = plot.tornado(frame, currency="USD")
    assert bars(ax) == from_case
    assert "USD/year" in ax.get_xlabel()
    assert "per year" in plot.tornado(frame).get_xlabel()  # a bare frame has no currency


def test_tornado_of_a_frame_keeps_its_percentiles(acme: cdx.Diagnosis) -> None:
    ax = plot.tornado(cdx.tornado(acme, low=20, high=80))  # low/high of the call are defaults
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["driver at its P20", "driver at its P80"]


def test_tornado_rejects_other_input(acme_q: cdx.Quantification) -> None:
    with pytest.raises(cdx.CostdxError, match="Diagnosis or the frame"):
        plot.tornado(acme_q.by_problem())
    with pytest.raises(cdx.CostdxError, match="Quantification"):
        plot.tornado(acme_q)  # type: ignore[arg-type]


def test_tornado_without_estimates_says_so(labour_case: cdx.Diagnosis) -> None:
    assert all(d.estimate is None for d in labour_case.drivers)
    with pytest.raises(cdx.CostdxError, match="no estimate"):
        plot.tornado(labour_case)


# -- histogram ------------------------------------------------------------------------


def test_histogram_marks_p10_p50_p90(acme_sim: cdx.Simulation, tmp_path: Path) -> None:
    ax = plot.histogram(acme_sim, bins=40)
    for q in (10, 50, 90):
        line = by_gid(ax, f"p{q}")
        assert list(line.get_xdata()) == [acme_sim.percentile(q)] * 2
    texts = [t.get_text() for t in ax.texts]
    assert any(f"P50\n {acme_sim.percentile(50):,.0f}" in t for t in texts)
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 40
    assert sum(heights) == acme_sim.n
    assert "USD/year" in ax.get_xlabel()
    assert "20,000 samples" in ax.get_title(loc="left")
    saved(ax, tmp_path / "histogram.png")


def test_histogram_bins_equal_the_simulation_histogram(acme_sim: cdx.Simulation) -> None:
    ax = plot.histogram(acme_sim, bins=25)
    expected = acme_sim.histogram(25)
    assert [p.get_height() for p in ax.patches] == list(expected["count"])
    assert [p.get_x() for p in ax.patches] == pytest.approx(list(expected["bin_left"]))


@pytest.mark.parametrize("bins", [0, -3, 2.5, True])
def test_histogram_rejects_bad_bins(acme_sim: cdx.Simulation, bins: object) -> None:
    with pytest.raises(cdx.CostdxError, match="bins"):
        plot.histogram(acme_sim, bins=bins)  # type: ignore[arg-type]


# -- cash flows -----------------------------------------------------------------------


def test_cash_flows_cumulative_lines_and_payback(acme_ev: cdx.Evaluation, tmp_path: Path) -> None:
    ax = plot.cash_flows(acme_ev)
    drawn = [sid for sid in acme_ev.solutions if sid != "do_nothing"]
    assert drawn == ["northwind_ops", "cmms_upgrade"]
    for sid in drawn:
        res = acme_ev.solutions[sid]
        line = by_gid(ax, sid)
        # the monthly timeline, month m at m/12 years: 37 points over 3 years
        assert list(line.get_xdata()) == pytest.approx([m / 12 for m in range(37)])
        assert list(line.get_ydata()) == pytest.approx(list(res.timeline.cumulative))
        # the year ends are marked on it: month 12y is year y's cumulative
        year_ends = by_gid(ax, f"year-end:{sid}")
        assert list(year_ends.get_ydata()) == pytest.approx(list(res.cumulative))
        marker = by_gid(ax, f"payback:{sid}")
        assert marker.get_xdata()[0] == pytest.approx(res.payback_months / 12)
        assert marker.get_ydata()[0] == 0.0
        # the marker lies on the line: linear interpolation within the month crosses zero
        month = math.floor(res.payback_months)
        cumulative = res.timeline.cumulative
        between = cumulative[month] + (res.payback_months - month) * (
            cumulative[month + 1] - cumulative[month]
        )
        assert between == pytest.approx(0.0, abs=1e-6)
        assert any(f"payback {res.payback_months:.1f} months" == t.get_text() for t in ax.texts)
    assert "USD" in ax.get_ylabel()
    saved(ax, tmp_path / "cash_flows.png")


def test_cash_flows_of_chosen_solutions(acme_ev: cdx.Evaluation) -> None:
    ax = plot.cash_flows(acme_ev, solutions=["cmms_upgrade", "do_nothing"])
    gids = [line.get_gid() for line in ax.get_lines()]
    assert "cmms_upgrade" in gids
    assert "do_nothing" in gids
    assert "northwind_ops" not in gids
    assert "payback:do_nothing" not in gids  # it never pays back: no investment
    assert by_gid(ax, "do_nothing").get_ydata().tolist() == [0.0] * 37


def test_cash_flows_unknown_or_no_solution(acme_ev: cdx.Evaluation) -> None:
    with pytest.raises(cdx.CostdxError, match=r"no solution 'nope'.*northwind_ops"):
        plot.cash_flows(acme_ev, solutions=["nope"])
    with pytest.raises(cdx.CostdxError, match="no solution given"):
        plot.cash_flows(acme_ev, solutions=[])


def test_cash_flows_of_one_solution_by_id(acme_ev: cdx.Evaluation) -> None:
    ax = plot.cash_flows(acme_ev, solutions="northwind_ops")
    gids = [line.get_gid() for line in ax.get_lines() if line.get_gid()]  # not the zero line
    assert gids == ["northwind_ops", "year-end:northwind_ops", "payback:northwind_ops"]


# -- matplotlib is optional -----------------------------------------------------------


@pytest.fixture(scope="module")
def close_call() -> pd.DataFrame:
    """The value of information of a close decision: one consequence x1 + x2 removed for
    150,000 up front over one year at 0 %, with E[x1 + x2] = 140,000."""
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[
            cdx.Driver(id="x1", value=cdx.Normal90(50_000, 150_000), unit="USD/year"),
            cdx.Driver(id="x2", value=cdx.Normal90(20_000, 60_000), unit="USD/year"),
        ],
        problems=[cdx.Problem(id="p", title="P", symptoms=[cdx.Symptom(id="s")],
                              consequences=[cdx.Consequence(id="c", formula="x1 + x2")])],
    )  # fmt: skip
    fix = cdx.Solution(
        id="fix", name="Fix", addresses=[cdx.Address(consequence="c", fraction=1)],
        investment=[cdx.InvestmentItem(label="licence", amount=150_000)],
    )  # fmt: skip
    vc = cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=1, discount_rate=0.0)
    sim = cdx.simulate(case, n=20_000, seed=1, keep="consequences")
    return cdx.value_of_information(vc, sim)


def test_value_of_information_bars_are_the_evppi(close_call: pd.DataFrame, tmp_path: Path) -> None:
    frame = close_call
    ax = plot.value_of_information(frame)
    drawn = bars(ax)
    assert [w for _, _, w in drawn] == pytest.approx(list(frame["evppi"]))
    assert all(left == 0.0 for _, left, _ in drawn)
    assert by_gid(ax, "evpi").get_xdata()[0] == pytest.approx(frame.attrs["evpi"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["x1 *", "x2 *"]  # unconfirmed estimates are starred
    assert "best now: do_nothing" in ax.get_title(loc="left")
    saved(ax, tmp_path / "voi.png")
    assert len(bars(plot.value_of_information(frame, top=1))) == 1


def test_value_of_information_rejects_other_input(close_call: pd.DataFrame) -> None:
    with pytest.raises(cdx.OptionError, match=r"costdx\.value_of_information returns"):
        plot.value_of_information(cdx.tornado(cdx.load(cdx.example_path())))
    with pytest.raises(cdx.OptionError, match="top must be"):
        plot.value_of_information(close_call, top=0)


def test_value_of_information_of_a_decision_no_input_can_change() -> None:
    # acme's own solution has the highest NPV in every sample (in 200,000 samples its
    # lowest NPV is about 458,000 and it beats the rival's by at least 250,000): EVPI = 0
    vc = cdx.load_value_case(cdx.example_path())
    sim = cdx.simulate(vc.diagnosis, n=5_000, seed=2, keep="consequences")
    frame = cdx.value_of_information(vc, sim)
    assert frame.attrs["evpi"] == 0.0
    ax = plot.value_of_information(frame)
    assert "no confirmation can change this decision" in " ".join(t.get_text() for t in ax.texts)


def test_importing_costdx_plot_does_not_import_matplotlib() -> None:
    code = (
        "import sys\n"
        "import costdx\n"
        "import costdx.plot\n"
        "from costdx import plot\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("draw", "result"),
    [("waterfall", "acme_q"), ("tornado", "acme"), ("histogram", "acme_sim"),
     ("cash_flows", "acme_ev")],
)  # fmt: skip
def test_without_matplotlib_a_clear_error(
    draw: str, result: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    argument = request.getfixturevalue(result)
    # a module set to None in sys.modules fails to import, as if it were not installed
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(cdx.CostdxError, match=r'pip install "costdx\[plot\]"'):
        getattr(plot, draw)(argument)


def test_realisation_draws_promised_realised_and_the_band(tmp_path: Path) -> None:
    vc = cdx.load_value_case(cdx.example_path())
    rows = cdx.read_measurements(cdx.example_path("acme_tracking.csv"))
    sim = cdx.simulate(vc.diagnosis, n=2_000, seed=5, keep="consequences")
    result = cdx.track(vc, rows, go_live="2027-04", simulation=sim)
    ax = plot.realisation(result)
    lines = {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}
    frame = result.promise()
    promised = lines["promised"].get_ydata()
    assert list(promised) == pytest.approx(frame["promised_cumulative"].tolist())
    realised = lines["realised"]
    # month 4 (go-live) to month 12 (2027-12), each the cumulative realised to date
    assert list(realised.get_xdata()) == list(range(0, 13))
    assert realised.get_ydata()[-1] == pytest.approx(result.realised_to_date)
    outlook = lines["outlook"]
    assert outlook.get_xdata()[0] == 12
    assert outlook.get_ydata()[-1] == pytest.approx(result.outlook.cumulative[-1])
    (band,) = [c for c in ax.collections if c.get_gid() == "band"]
    assert band.get_paths()
    assert any(c.get_gid() == "no_data" for c in ax.collections)  # account at risk
    title = ax.get_title(loc="left")
    assert f"{result.realised_to_date:,.0f} of {result.promised_with_data:,.0f} USD" in title
    chance = result.reforecast.prob_met()["npv"]  # type: ignore[union-attr]
    assert f"{chance:.0%} chance the promised NPV of 1,274,315 USD is met" in title
    ax.figure.savefig(tmp_path / "realisation.png")
    with pytest.raises(cdx.OptionError, match=r"what costdx\.track returns"):
        plot.realisation(cdx.evaluate(vc))  # type: ignore[arg-type]
