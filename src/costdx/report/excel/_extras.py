"""The Sensitivity and About sheets: values, labelled with how they were made."""

from __future__ import annotations

import datetime as dt

from costdx._version import __version__
from costdx.engine import tornado
from costdx.model import check
from costdx.report.excel._context import Report, records
from costdx.report.excel._names import looks_like_reference
from costdx.value import value_of_information

__all__ = ["ABOUT", "SENSITIVITY", "write_about", "write_sensitivity"]

SENSITIVITY = "Sensitivity"
ABOUT = "About"


def _information(report: Report) -> tuple[dict[str, float], str] | None:
    """Each driver's EVPPI and a line saying what it is, when the report has a value case
    and a simulation with per-consequence samples to value the customer's decision on."""
    # the case the simulation ran on: the customer edition shows a redacted copy of it
    sim, ev = report.simulation, report.evaluation
    vc = ev.value_case if ev is not None else None
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
    sheet.widths({0: 23, 1: 24, 2: 11, 3: 9.5, 4: 9.5, 5: 12.5, 6: 12.5, 7: 12, 8: 12, 9: 12,
                  10: 13})  # fmt: skip
    st = report.styles
    sheet.text(0, 0, "Sensitivity: which estimates move the cost of the problem most", st.title)
    sheet.text(1, 0, f"Each estimate in turn at its P{frame.attrs.get('low', 10):g} and "
               f"P{frame.attrs.get('high', 90):g}, every other driver at its point value; base "
               f"{base:,.0f} {report.currency}/year. Computed at export: values do not move "
               "with the inputs.",
               st.subtitle)  # fmt: skip
    titles = ["driver", "label", "unit", "low value", "high value", "cost/year at low",
              "cost/year at high", "swing", "low − base", "high − base"]  # fmt: skip
    if information is not None:
        titles.append("value of information")
        sheet.paragraph(2, 0, information[1], st.note, span=len(titles))
    for col, title in enumerate(titles):
        sheet.paragraph(3, col, title, st.header_right if col >= 3 else st.header)
    row = 4
    for driver, figures in records(frame).items():
        sheet.text(row, 0, driver, st.text)
        sheet.paragraph(row, 1, figures["label"], st.wrap)
        sheet.text(row, 2, figures["unit"], st.text)
        scale = report.scale(driver)
        low = float(figures["low_value"]) * scale
        high = float(figures["high_value"]) * scale
        sheet.number(row, 3, low, st.percent_fine if scale != 1.0 else st.number_for(low))
        sheet.number(row, 4, high, st.percent_fine if scale != 1.0 else st.number_for(high))
        for col, key in ((5, "total_at_low"), (6, "total_at_high"), (7, "swing")):
            sheet.number(row, col, float(figures[key]), st.money)
        sheet.number(row, 8, float(figures["total_at_low"]) - base, st.money)
        sheet.number(row, 9, float(figures["total_at_high"]) - base, st.money)
        if information is not None:
            sheet.number(row, 10, information[0].get(driver, 0.0), st.money)
        row += 1
    if row > 4:
        chart = report.workbook.add_chart({"type": "bar", "subtype": "stacked"})
        # as costdx.plot.tornado and the discussion document: P10 blue, P90 (more cost) red
        ends = ((8, "driver at its P10", "#2F5597"), (9, "driver at its P90", "#C00000"))
        for col, name, color in ends:
            chart.add_series({"name": name, "categories": [sheet.name, 4, 1, row - 1, 1],
                              "values": [sheet.name, 4, col, row - 1, col],
                              "fill": {"color": color}, "gap": 40, "overlap": 100})  # fmt: skip
        chart.set_title({"name": f"Tornado: change in cost per year ({report.currency})",
                         "name_font": {"size": 11}})  # fmt: skip
        chart.set_y_axis({"reverse": True, "label_position": "low", "name": "Estimate",
                          "name_font": {"size": 9, "bold": False},
                          "num_font": {"size": 8}})  # fmt: skip
        axis = f"Change in the cost per year from the base ({report.currency})"
        chart.set_x_axis({"num_format": "#,##0", "name_font": {"size": 9, "bold": False},
                          "name": axis})  # fmt: skip
        chart.set_legend({"position": "bottom"})
        sheet.chart(row + 1, 0, chart, 760, 120 + 28 * (row - 4))
    sheet.long_table(3, columns=1)


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
        ("edition", _edition(report)),
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
            ("cost of delay per month", "the problem's cost per year ÷ the months of the "
                                           "business calendar: what each month of staying the "
                                           "same costs"),
            ("slip cost per month", "the present value of the benefit a solution loses "
                                             "if its start slips one month; not the same figure"),
            ("live and computed at export", "every figure on the Summary, Value case, "
                                            "Comparison and Timeline sheets is a live formula; "
                                            "the simulation and the sensitivity are computed at "
                                            "export and sit under headings that say so"),
        ]  # fmt: skip
    rows += [
        ("inputs", "blue on yellow cells are inputs, each a defined name: a driver's id, "
                   "_cal_<figure>, _g_<driver> (growth), _vc_discount_rate, _risk_<source>, "
                   "_vc_target_roi and _vc_target_payback_months (where the case sets them); "
                   "per solution k: _start_k, _frac_k_<consequence>, _mtf_k_<consequence> "
                   "(months to full effect), _ramp_k_<consequence>_<year of operation>, "
                   "_inv_k_<item>"),
        ("reading edits back", "costdx.read_excel(path) returns the case with the input cells' "
                               "values; an edited estimate becomes that number"),
    ]  # fmt: skip
    scenarios = [
        f"{s.name}{' (internal)' if s.internal else ''}: {s.description or 'no description'}"
        for s in case.scenarios
    ]
    if scenarios:
        rows.append(("scenarios", "; ".join(scenarios)))
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


def _edition(report: Report) -> str:
    if report.audience == "internal":
        return "internal: the seller's own edition, with its notes; not for the customer"
    # counted, not named: an internal scenario's name is the seller's working too (the
    # embedded case keeps the locations for read_excel)
    scenarios = sum(o.startswith("scenarios[") for o in report.omitted)
    assumed = sum(".assumed" in o for o in report.omitted)
    left = [
        f"{scenarios} internal scenario{'s' if scenarios != 1 else ''}" if scenarios else "",
        f"the Discover-phase assumed values of {assumed} driver{'s' if assumed != 1 else ''}"
        if assumed
        else "",
    ]
    shown = " and ".join(part for part in left if part)
    return "for the customer" + (f": {shown} left out" if shown else "")


def write_about(report: Report) -> None:
    """Version, creation time, the case's id, and every convention behind the figures."""
    sheet = report.sheets[ABOUT]
    sheet.widths({0: 26, 1: 84})
    st = report.styles
    sheet.text(0, 0, "About this report", st.title)
    row = 2
    for key, value in _rows(report):
        sheet.text(row, 0, key, st.key)
        sheet.paragraph(row, 1, value, st.wrap)
        row += 1
