"""The Simulation sheet: the simulated distributions, labelled as computed at export.

The percentiles of every simulated series (the cost of the problem, one-time costs, the
NPV and ROI of each solution when the evaluation carries samples, and the parts kept)
beside each point estimate and its percentile rank; the histogram of the cost per year,
of our solution's NPV and of its ROI, each with P10, P50 and P90 marked; and the
S-curves (cumulative distributions) of the cost and the NPV with the same markers and
the point estimate. The charts' data follow at the bottom of the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from costdx.report.excel._context import Report
from costdx.report.excel._sheet import Sheet, short_name
from costdx.report.excel._uncertainty import percentile_rank

__all__ = ["HISTOGRAM_BINS", "SHEET", "write_simulation"]

SHEET = "Simulation"
HISTOGRAM_BINS = 30
_PERCENTILES = (5, 10, 50, 90, 95)
_MARKED = (10, 50, 90)
_MARK_COLOURS = {10: "#C55A11", 50: "#000000", 90: "#C55A11"}
_CHART = (440, 270)
"""Width and height of each chart in pixels."""
_CHART_ROWS = 15


@dataclass(frozen=True, slots=True)
class _Series:
    key: str
    label: str
    samples: NDArray[np.float64]
    point: float | None
    fmt: Any
    axis: str


def _series(report: Report) -> list[_Series]:
    sim = report.simulation
    assert sim is not None
    st = report.styles
    c = report.currency
    q = report.quantification
    out = [
        _Series("annual_cost", "Cost of the problem per year", sim.annual, q.annual_cost,
                st.money, f"Cost per year ({c})"),
        _Series("one_time_cost", "One-time costs", sim.one_time, q.one_time_cost, st.money,
                f"One-time costs ({c})"),
    ]  # fmt: skip
    ev = report.evaluation
    if ev is not None:
        for sid, res in ev.solutions.items():
            if "npv" not in res.samples or sid == "do_nothing":
                continue
            name = short_name(res.name)
            out.append(_Series(f"npv:{sid}", f"NPV of {name}", res.samples["npv"], res.npv,
                               st.money, f"NPV over {ev.horizon} years ({c})"))  # fmt: skip
            if res.total_investment > 0:
                out.append(_Series(f"roi:{sid}", f"ROI of {name}", res.samples["roi"], res.roi,
                                   st.percent, f"ROI over {ev.horizon} years"))  # fmt: skip
    labels = {c.id: c.label for p in report.case.problems for c in p.consequences}
    labels |= {p.id: p.title for p in report.case.problems}
    for part, samples in sim.parts.items():
        out.append(_Series(part, labels.get(part) or part, samples, None, st.money,
                           f"{part} ({c})"))  # fmt: skip
    return out


def write_simulation(report: Report) -> None:
    """The simulated percentiles of each series, the histograms and S-curves."""
    sim = report.simulation
    assert sim is not None
    sheet = report.sheets[SHEET]
    st = report.styles
    sheet.widths({0: 20, 1: 26, **dict.fromkeys(range(2, 11), 11.5)})
    sheet.text(0, 0, "Monte Carlo simulation", st.title)
    seed = "none (fresh entropy)" if sim.seed is None else str(sim.seed)
    scenario = f", scenario {sim.scenario.name}" if sim.scenario is not None else ""
    sheet.text(1, 0, f"n = {sim.n:,} samples, seed {seed}, method {sim.method}, basis "
               f"{sim.basis}{scenario}. Computed at export: these values do not move with the "
               "inputs.", st.subtitle)  # fmt: skip
    series = _series(report)
    header = 3
    titles = ("series", "", "mean", "std", *(f"P{p}" for p in _PERCENTILES), "point estimate",
              "its percentile")  # fmt: skip
    for col, title in enumerate(titles):
        sheet.paragraph(header, col, title, st.header_right if col >= 2 else st.header)
    row = header + 1
    for s in series:
        sheet.text(row, 0, s.key, st.text)
        sheet.paragraph(row, 1, s.label, st.wrap)
        std = float(np.std(s.samples, ddof=1)) if s.samples.size > 1 else 0.0
        figures = (float(np.mean(s.samples)), std, *np.percentile(s.samples, _PERCENTILES))
        for col, value in enumerate(figures, start=2):
            sheet.number(row, col, float(value), s.fmt)
        if s.point is not None:
            sheet.number(row, 9, s.point, s.fmt)
            if np.ptp(s.samples) > 0:  # a rank among equal samples says nothing
                sheet.number(row, 10, percentile_rank(s.samples, s.point), st.rank)
        row += 1
    charts = row + 1
    sheet.breaks += [charts, charts + 2 * _CHART_ROWS]
    data = charts + 3 * _CHART_ROWS + 1
    sheet.breaks.append(data)
    sheet.text(data, 0, "The charts' data", st.section)
    data += 1
    drawn = {s.key: s for s in series}
    ours = report.evaluation.ours if report.evaluation is not None else None
    npv = drawn.get(f"npv:{ours.id}") if ours is not None else None
    roi = drawn.get(f"roi:{ours.id}") if ours is not None else None
    grid: list[tuple[_Series, str]] = [(drawn["annual_cost"], "histogram"),
                                       (drawn["annual_cost"], "s-curve")]  # fmt: skip
    if npv is not None:
        grid += [(npv, "histogram"), (npv, "s-curve")]
    if roi is not None:
        grid.append((roi, "histogram"))
    for k, (s, kind) in enumerate(grid):
        draw = _histogram if kind == "histogram" else _s_curve
        chart, data = draw(report, sheet, s, data)
        at_row = charts + (k // 2) * _CHART_ROWS
        at_col = 0 if k % 2 == 0 else 3
        sheet.chart(at_row, at_col, chart, *_CHART)
    sheet.long_table(header, columns=1)
    sheet.title_rows = (0, 1)  # the table's header would float above the charts


def _histogram(report: Report, sheet: Sheet, s: _Series, row: int) -> tuple[Any, int]:
    """The histogram's data from ``row``, P10/P50/P90 in their own columns so that their
    bars stand out; returns the chart and the first row after the data."""
    st = report.styles
    counts, edges = np.histogram(s.samples, bins=HISTOGRAM_BINS)
    shares = counts / s.samples.size
    marks = {p: float(np.percentile(s.samples, p)) for p in _MARKED}
    bins = {p: int(np.clip(np.searchsorted(edges, v, side="right") - 1, 0, HISTOGRAM_BINS - 1))
            for p, v in marks.items()}  # fmt: skip
    titles = (f"{s.label}: bin middle", "share of samples", *(f"P{p}" for p in _MARKED))
    for col, title in enumerate(titles):
        sheet.paragraph(row, col, title, st.header if col == 0 else st.header_right)
    first = row + 1
    for k in range(HISTOGRAM_BINS):
        r = first + k
        sheet.number(r, 0, float((edges[k] + edges[k + 1]) / 2), s.fmt)
        sheet.number(r, 1, float(shares[k]), st.percent)
        for col, p in enumerate(_MARKED, start=2):
            if bins[p] == k:
                sheet.number(r, col, float(shares[k]), st.percent)
    last = first + HISTOGRAM_BINS - 1
    chart = report.workbook.add_chart({"type": "column"})
    chart.add_series({"name": "samples", "categories": [sheet.name, first, 0, last, 0],
                      "values": [sheet.name, first, 1, last, 1], "gap": 15, "overlap": 100,
                      "fill": {"color": "#8EA9DB"}})  # fmt: skip
    for col, p in enumerate(_MARKED, start=2):
        chart.add_series({"name": f"P{p}", "categories": [sheet.name, first, 0, last, 0],
                          "values": [sheet.name, first, col, last, col],
                          "fill": {"color": _MARK_COLOURS[p]},
                          "data_labels": {"series_name": True, "position": "outside_end",
                                          "font": {"size": 8}}})  # fmt: skip
    chart.set_title({"name": f"{s.label}: histogram, P10 / P50 / P90 marked",
                     "name_font": {"size": 10}})  # fmt: skip
    chart.set_legend({"none": True})
    chart.set_x_axis({"name": s.axis, "name_font": {"size": 9, "bold": False},
                      "num_font": {"rotation": -45, "size": 7}, "interval_unit": 5,
                      "num_format": "0%" if s.fmt is st.percent else "#,##0"})  # fmt: skip
    chart.set_y_axis({"name": "Share of samples", "num_format": "0%",
                      "name_font": {"size": 9, "bold": False}})  # fmt: skip
    return chart, last + 2


def _s_curve(report: Report, sheet: Sheet, s: _Series, row: int) -> tuple[Any, int]:
    """The cumulative distribution (every second percentile) with P10/P50/P90 and the
    point estimate marked; returns the chart and the first row after its data."""
    st = report.styles
    steps = np.arange(0, 101, 2)
    values = np.percentile(s.samples, steps)
    for col, title in enumerate((f"{s.label}: value", "share at or below")):
        sheet.paragraph(row, col, title, st.header if col == 0 else st.header_right)
    first = row + 1
    for k, (p, v) in enumerate(zip(steps, values, strict=True)):
        sheet.number(first + k, 0, float(v), s.fmt)
        sheet.number(first + k, 1, float(p) / 100, st.percent)
    last = first + len(steps) - 1
    chart = report.workbook.add_chart({"type": "scatter", "subtype": "straight"})
    chart.add_series({"name": "share at or below", "categories": [sheet.name, first, 0, last, 0],
                      "values": [sheet.name, first, 1, last, 1],
                      "line": {"color": "#2F5597", "width": 2}})  # fmt: skip
    marks = [(f"P{p}", float(np.percentile(s.samples, p)), p / 100) for p in _MARKED]
    if s.point is not None:
        marks.append(("point estimate", s.point, percentile_rank(s.samples, s.point) / 100))
    row = last + 1
    for name, x, y in marks:
        sheet.text(row, 0, name, st.text)
        sheet.number(row, 1, x, s.fmt)
        sheet.number(row, 2, y, st.percent)
        colour = "#C00000" if name == "point estimate" else "#C55A11"
        chart.add_series({"name": name, "categories": [sheet.name, row, 1, row, 1],
                          "values": [sheet.name, row, 2, row, 2],
                          "marker": {"type": "diamond" if name == "point estimate" else "circle",
                                     "size": 7, "fill": {"color": colour},
                                     "border": {"color": colour}},
                          "data_labels": {"series_name": True, "position": "right",
                                          "font": {"size": 8}}})  # fmt: skip
        row += 1
    chart.set_title({"name": f"{s.label}: S-curve (cumulative distribution)",
                     "name_font": {"size": 10}})  # fmt: skip
    chart.set_legend({"none": True})
    chart.set_x_axis({"name": s.axis, "name_font": {"size": 9, "bold": False},
                      "num_font": {"size": 7},
                      "num_format": "0%" if s.fmt is st.percent else "#,##0"})  # fmt: skip
    chart.set_y_axis({"name": "Share of samples at or below", "num_format": "0%", "min": 0,
                      "max": 1, "name_font": {"size": 9, "bold": False}})  # fmt: skip
    return chart, row + 1
