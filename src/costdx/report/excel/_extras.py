"""The Sensitivity, Simulation and About sheets: values, labelled with how they were made."""

from __future__ import annotations

import datetime as dt

from costdx._version import __version__
from costdx.engine import tornado
from costdx.model import check
from costdx.report.excel._context import Report, records
from costdx.report.excel._names import looks_like_reference
from costdx.value import value_of_information

__all__ = [
    "ABOUT",
    "SENSITIVITY",
    "SIMULATION",
    "write_about",
    "write_sensitivity",
    "write_simulation",
]

SENSITIVITY = "Sensitivity"
SIMULATION = "Simulation"
ABOUT = "About"
HISTOGRAM_BINS = 30


def _information(report: Report) -> tuple[dict[str, float], str] | None:
    """Each driver's EVPPI and a line saying what it is, when the report has a value case
    and a simulation with per-consequence samples to value the customer's decision on."""
    sim, vc = report.simulation, report.value_case
    if sim is None or vc is None or any(c.id not in sim.parts for c in report.plan.consequences):
        return None
    voi = value_of_information(vc, sim)
    drivers = voi[voi["kind"] == "driver"]["evppi"]
    c = report.currency
    line = (
        f"Value of information (EVPPI): what confirming the estimate before the customer "
        f"chooses by expected NPV is worth, in {c}; all inputs at once (EVPI): "
        f"{voi.attrs['evpi']:,.0f} {c}; best now: {vc.solution(voi.attrs['best']).name}."
    )
    return {str(k): float(v) for k, v in drivers.items()}, line


def write_sensitivity(report: Report) -> None:
    """The tornado table (one-at-a-time P10/P90 of each estimate) and its chart, with
    each estimate's value of information beside it when the report can value it."""
    q = report.quantification
    frame = tornado(report.case, basis=q.basis, scenario=q.scenario)
    base = float(frame.attrs["base"])
    information = _information(report)
    sheet = report.sheets[SENSITIVITY]
    sheet.widths({0: 26, 1: 40, 2: 16, 3: 11, 4: 11, 5: 15, 6: 15, 7: 14, 8: 14, 9: 14, 10: 16})
    st = report.styles
    sheet.text(0, 0, "Sensitivity: which estimates move the cost of the problem most", st.title)
    sheet.text(1, 0, f"Each estimate in turn at its P{frame.attrs.get('low', 10):g} and "
               f"P{frame.attrs.get('high', 90):g}, every other driver at its point value; base "
               f"{base:,.0f} {report.currency}/year. Values at export, not live.",
               st.subtitle)  # fmt: skip
    titles = ["driver", "label", "unit", "low value", "high value", "cost/year at low",
              "cost/year at high", "swing", "low − base", "high − base"]  # fmt: skip
    if information is not None:
        titles.append("value of information")
        sheet.text(2, 0, information[1], st.subtitle)
    for col, title in enumerate(titles):
        sheet.paragraph(3, col, title, st.header_right if col >= 3 else st.header)
    row = 4
    for driver, figures in records(frame).items():
        sheet.text(row, 0, driver, st.text)
        sheet.paragraph(row, 1, figures["label"], st.wrap)
        sheet.text(row, 2, figures["unit"], st.text)
        scale = report.scale(driver)
        fmt = st.percent_fine if scale != 1.0 else st.decimal
        sheet.number(row, 3, float(figures["low_value"]) * scale, fmt)
        sheet.number(row, 4, float(figures["high_value"]) * scale, fmt)
        for col, key in ((5, "total_at_low"), (6, "total_at_high"), (7, "swing")):
            sheet.number(row, col, float(figures[key]), st.money)
        sheet.number(row, 8, float(figures["total_at_low"]) - base, st.money)
        sheet.number(row, 9, float(figures["total_at_high"]) - base, st.money)
        if information is not None:
            sheet.number(row, 10, information[0].get(driver, 0.0), st.money)
        row += 1
    if row > 4:
        chart = report.workbook.add_chart({"type": "bar", "subtype": "stacked"})
        for col, name, color in ((8, "at low", "#C00000"), (9, "at high", "#2F5597")):
            chart.add_series({"name": name, "categories": [sheet.name, 4, 0, row - 1, 0],
                              "values": [sheet.name, 4, col, row - 1, col],
                              "fill": {"color": color}, "gap": 40, "overlap": 100})  # fmt: skip
        chart.set_title({"name": f"Tornado: change in cost per year ({report.currency})",
                         "name_font": {"size": 11}})  # fmt: skip
        chart.set_y_axis({"reverse": True, "label_position": "low"})
        chart.set_x_axis({"num_format": "#,##0"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 120 + 28 * (row - 4)})
        sheet.ws.insert_chart(row + 1, 0, chart)
    sheet.finish(header_row=3)


def write_simulation(report: Report) -> None:
    """The simulated percentiles of each series and the histogram of the annual cost."""
    sim = report.simulation
    assert sim is not None
    sheet = report.sheets[SIMULATION]
    st = report.styles
    summary = sim.summary()
    sheet.text(0, 0, "Monte Carlo simulation", st.title)
    seed = "none (fresh entropy)" if sim.seed is None else str(sim.seed)
    scenario = f", scenario {sim.scenario.name}" if sim.scenario is not None else ""
    sheet.text(1, 0, f"n = {sim.n:,} samples, seed {seed}, method {sim.method}, basis "
               f"{sim.basis}{scenario}. Values at export, not live.", st.subtitle)  # fmt: skip
    columns = list(summary.columns)
    sheet.widths({0: 16, **dict.fromkeys(range(1, len(columns) + 1), 14)})
    sheet.text(3, 0, "series", st.header)
    for col, title in enumerate(columns, start=1):
        sheet.paragraph(3, col, title, st.header_right)
    row = 4
    for series, figures in records(summary).items():
        sheet.text(row, 0, series, st.text)
        for col, key in enumerate(columns, start=1):
            sheet.number(row, col, float(figures[key]), st.money)
        row += 1
    row += 1
    sheet.text(row, 0, f"Histogram of the cost per year ({HISTOGRAM_BINS} bins)", st.section)
    hist = sim.histogram(HISTOGRAM_BINS)
    row += 1
    for col, title in enumerate(("bin", "from", "to", "samples", "share")):
        sheet.paragraph(row, col, title, st.header_right if col else st.header)
    first = row + 1
    for left, right, count, share in hist.itertuples(index=False):
        row += 1
        sheet.text(row, 0, f"{(left + right) / 2:,.0f}", st.text)
        sheet.number(row, 1, float(left), st.money)
        sheet.number(row, 2, float(right), st.money)
        sheet.number(row, 3, float(count), st.number)
        sheet.number(row, 4, float(share), st.percent)
    chart = report.workbook.add_chart({"type": "column"})
    chart.add_series({"name": "samples", "categories": [sheet.name, first, 0, row, 0],
                      "values": [sheet.name, first, 3, row, 3], "gap": 10,
                      "fill": {"color": "#2F5597"}})  # fmt: skip
    chart.set_title({"name": f"Simulated cost per year ({report.currency}), n = {sim.n:,}",
                     "name_font": {"size": 11}})  # fmt: skip
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
    chart.set_size({"width": 760, "height": 320})
    sheet.ws.insert_chart(3, len(columns) + 2, chart)
    sheet.finish(header_row=3)


def _rows(report: Report) -> list[tuple[str, str]]:
    case = report.case
    q = report.quantification
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    rows = [
        ("costdx version", __version__),
        ("created (UTC)", now),
        ("case id", case.id),
        ("title", case.title),
        ("account", case.account.name),
        ("currency", case.account.currency),
        ("report", "value case" if report.value_case is not None else "diagnosis"),
        ("basis", q.basis + (f", scenario {q.scenario.name}" if q.scenario else "")),
    ]
    calendar = ", ".join(f"{k} = {v:g}" for k, v in case.calendar.per_year().items())
    rows += [
        ("calendar", f"1 year = {calendar}; hour and minute are effort time and convert only "
                     "through drivers"),
        ("recurring costs", "normalised to a year by the business calendar"),
        ("point values", "a number as given; PERT and Triangular: likely; Uniform, LogNormal90, "
                         "Normal90: median"),
        ("distributions", "PERT with λ = 4; LogNormal90 and Normal90 with low/high as the 5th "
                          "and 95th percentiles"),
        ("split", "a consequence borne by several stakeholders is split evenly among them"),
        ("source", "a consequence counts toward the weakest source among its inputs"),
    ]  # fmt: skip
    if report.evaluation is not None:
        rows += [(f"value case: {k}", v) for k, v in report.evaluation.conventions().items()]
    rows += [
        ("inputs", "blue on yellow cells are inputs, each a defined name: a driver's id, "
                   "_cal_<figure>, _g_<driver> (growth), _frac_<k>_<consequence>, "
                   "_risk_<source>, _vc_discount_rate"),
        ("reading edits back", "costdx.read_excel(path) returns the case with the input cells' "
                               "values; an edited estimate becomes that number"),
    ]  # fmt: skip
    fallbacks = [d.id for d in case.drivers if looks_like_reference(d.id)]
    if fallbacks:
        rows.append(
            ("names", "; ".join(f"{i} is named _{i} (a cell reference)" for i in fallbacks))
        )
    return rows + _warnings(report)


def _warnings(report: Report) -> list[tuple[str, str]]:
    """The plausibility findings about the case as written (`costdx.check`)."""
    found = [i for i in check(report.value_case or report.case) if i.severity == "warning"]
    if not found:
        return [("plausibility checks", "no warnings (costdx.check)")]
    return [(f"warning: {i.code}", f"{i.where}: {i.message}") for i in found]


def write_about(report: Report) -> None:
    """Version, creation time, the case's id, and every convention behind the figures."""
    sheet = report.sheets[ABOUT]
    sheet.widths({0: 30, 1: 100})
    st = report.styles
    sheet.text(0, 0, "About this report", st.title)
    row = 2
    for key, value in _rows(report):
        sheet.text(row, 0, key, st.bold)
        sheet.paragraph(row, 1, value, st.wrap)
        row += 1
    sheet.finish(header_row=None, landscape=False)
