"""Plots of a case's results with matplotlib, an optional extra: ``pip install "costdx[plot]"``.

matplotlib is imported only when a plot is drawn, so ``import costdx.plot`` stays cheap.
Every function draws on the ``ax`` it is given (or on a new figure's axes) and returns
those `Axes`, for the caller to restyle, save or show.

>>> import costdx as cdx
>>> from costdx import plot
>>> ax = plot.waterfall(cdx.quantify(cdx.load(cdx.example_path())))  # doctest: +SKIP
>>> ax.figure.savefig("waterfall.png")  # doctest: +SKIP
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from costdx.engine import Quantification, Simulation
from costdx.engine import tornado as sensitivity
from costdx.errors import MissingExtraError, OptionError
from costdx.model import DO_NOTHING, Diagnosis, Kind, month_label
from costdx.value import MONTHS_PER_YEAR, Evaluation, Realisation

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "cash_flows",
    "histogram",
    "realisation",
    "tornado",
    "value_of_information",
    "waterfall",
]

_INSTALL = 'costdx plots need matplotlib, an optional extra: pip install "costdx[plot]"'
_LABEL_CHARS = 42
_TOTAL_COLOUR = "0.35"
_BASE_COLOUR = "0.3"


def _require() -> None:
    try:
        import matplotlib  # noqa: F401, PLC0415
    except ImportError as exc:
        raise MissingExtraError(_INSTALL) from exc


def _axes(ax: Axes | None, *, size: tuple[float, float]) -> Axes:
    """``ax``, or the axes of a new figure of ``size`` inches."""
    _require()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # noqa: PLC0415

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _compact(value: float, _position: object = None) -> str:
    """A tick label: ``1.5M``, ``250k``, ``900``."""
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:.4g}B"
    if size >= 1e6:
        return f"{value / 1e6:.4g}M"
    if size >= 1e3:
        return f"{value / 1e3:.4g}k"
    return f"{value:.4g}"


def _money_axis(ax: Axes, axis: str) -> None:
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(FuncFormatter(_compact))


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"


def waterfall(q: Quantification, *, ax: Axes | None = None) -> Axes:
    """The annual cost of the problem built up consequence by consequence.

    One horizontal bar per recurring consequence, in case order, each starting where the
    one before ended (``left_i = Σ_{j<i} annual_j``, ``width_i = annual_i``) and coloured
    by its problem; a last bar from 0 to the total. One-time consequences do not recur,
    so they are not part of the annual total: the title states their sum.

    Examples
    --------
    >>> import costdx as cdx
    >>> from costdx import plot
    >>> ax = plot.waterfall(cdx.quantify(cdx.load(cdx.example_path())))  # doctest: +SKIP
    """
    _require()
    from matplotlib.patches import Patch  # noqa: PLC0415 - matplotlib is optional

    rows = [r for r in q.consequences if r.kind is Kind.RECURRING]
    ax = _axes(ax, size=(9.0, 1.6 + 0.42 * (len(rows) + 1)))
    c = q.currency
    problems = {p.id: (i, p.title) for i, p in enumerate(q.case.problems)}
    colours = [f"C{problems[r.problem][0] % 10}" for r in rows]
    widths = [r.annual for r in rows]
    lefts = [math.fsum(widths[:i]) for i in range(len(widths))]
    total = q.annual_cost
    steps = ax.barh(range(len(rows)), widths, left=lefts, color=colours, height=0.6)
    ax.bar_label(steps, labels=[f"{w:,.0f}" for w in widths], padding=3, fontsize=8)
    end = ax.barh([len(rows)], [total], left=[0.0], color=_TOTAL_COLOUR, height=0.6)
    ax.bar_label(end, labels=[f"{total:,.0f}"], padding=3, fontsize=8, fontweight="bold")
    if rows:
        ends = [left + width for left, width in zip(lefts, widths, strict=True)]
        ax.vlines(ends, [i + 0.3 for i in range(len(rows))], [i + 0.7 for i in range(len(rows))],
                  colors=_BASE_COLOUR, linewidth=0.6, linestyles=":")  # fmt: skip
    ax.set_yticks(range(len(rows) + 1), [_short(r.label) for r in rows] + ["Cost of the problem"])
    ax.invert_yaxis()
    ax.margins(x=0.14)
    _money_axis(ax, "x")
    ax.set_xlabel(f"Cost of the problem ({c}/year)")
    title = f"Cost of the problem: {total:,.0f} {c}/year"
    if q.one_time_cost:
        title += f"\n+ {q.one_time_cost:,.0f} {c} one-time (not in the annual total)"
    ax.set_title(title, loc="left", fontsize=11)
    shown = sorted({r.problem for r in rows}, key=lambda p: problems[p][0])
    handles = [Patch(color=f"C{problems[p][0] % 10}", label=_short(problems[p][1])) for p in shown]
    # a waterfall leaves the corners beside its staircase empty; "best" finds one of them
    ax.legend(handles=handles, loc="best", fontsize=8, title="Problem", title_fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def _value_text(value: float, unit: str) -> str:
    """A driver's value with its unit: ``11,574 USD/month``, ``6.68 hour/incident``, ``48%``."""
    number = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    if unit == "percent":
        return f"{number}%"
    return number if unit in ("", "1") else f"{number} {unit}"


def tornado(
    case_or_frame: Diagnosis | pd.DataFrame,
    *,
    low: float = 10,
    high: float = 90,
    currency: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The tornado: how far the annual cost moves as each estimate goes to its extremes.

    For each uncertain driver (largest swing on top), one bar from the base total to the
    total with the driver at its ``low``-th percentile and one to the total at its
    ``high``-th (``left = base``, ``width = total_at_low − base`` and
    ``total_at_high − base``); each row names the driver and its value at both
    percentiles, and a vertical line marks the base total (every driver at its point value).

    Parameters
    ----------
    case_or_frame:
        A `Diagnosis` (then `costdx.tornado` is run with ``low``
        and ``high``), or a frame `costdx.tornado` returned (for a scenario or the
        assumed basis); its ``attrs`` give the base and the percentiles.
    currency:
        For a frame: the currency the axis is labelled in (a case gives its own).

    Examples
    --------
    >>> import costdx as cdx
    >>> from costdx import plot
    >>> ax = plot.tornado(cdx.load(cdx.example_path()))  # doctest: +SKIP
    """
    _require()
    if isinstance(case_or_frame, Diagnosis):
        frame = sensitivity(case_or_frame, low=low, high=high)
        currency = case_or_frame.account.currency
    else:
        frame = case_or_frame
        needed = {"label", "unit", "low_value", "high_value", "total_at_low", "total_at_high"}
        columns = set(getattr(frame, "columns", ()))
        if not needed <= columns or "base" not in getattr(frame, "attrs", {}):
            raise OptionError(
                "tornado() plots a Diagnosis or the frame costdx.tornado(case) returns, "
                f"not {type(case_or_frame).__name__}"
            )
        low, high = frame.attrs.get("low", low), frame.attrs.get("high", high)
    if frame.empty:
        raise OptionError("the case has no estimate to vary, so there is no tornado to draw")
    base = float(frame.attrs["base"])
    at_low = [float(v) - base for v in frame["total_at_low"]]
    at_high = [float(v) - base for v in frame["total_at_high"]]
    k = len(frame)
    ax = _axes(ax, size=(9.0, 1.6 + 0.6 * k))
    y = range(k)
    ax.barh(y, at_low, left=base, color="C0", height=0.6, label=f"driver at its P{low:g}")
    ax.barh(y, at_high, left=base, color="C3", height=0.6, label=f"driver at its P{high:g}")
    ax.axvline(base, color=_BASE_COLOUR, linewidth=1, gid="base")
    ticks = [
        f"{_short(str(label))}\nP{low:g} {_value_text(float(lo), str(unit))} → "
        f"P{high:g} {_value_text(float(hi), str(unit))}"
        for label, lo, hi, unit in zip(
            frame["label"], frame["low_value"], frame["high_value"], frame["unit"], strict=True
        )
    ]
    ax.set_yticks(list(y), ticks, fontsize=9)
    ax.invert_yaxis()
    ax.margins(x=0.08)
    _money_axis(ax, "x")
    per = f"{currency}/year" if currency else "per year"
    ax.set_xlabel(f"Annual cost of the problem ({per})")
    ax.set_title(
        f"Sensitivity around the base of {base:,.0f}{f' {currency}' if currency else ''}/year",
        loc="left", fontsize=11,
    )  # fmt: skip
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def histogram(sim: Simulation, *, bins: int = 50, ax: Axes | None = None) -> Axes:
    """The distribution of the simulated annual cost, with its P10, P50 and P90 marked.

    Each percentile is a vertical line at ``sim.percentile(q)`` (dashed for the median;
    ``gid`` ``"p10"``, ``"p50"``, ``"p90"``) labelled with its value.

    Examples
    --------
    >>> import costdx as cdx
    >>> from costdx import plot
    >>> sim = cdx.simulate(cdx.load(cdx.example_path()), n=20_000, seed=7)
    >>> ax = plot.histogram(sim)  # doctest: +SKIP
    """
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise OptionError(f"bins must be a whole number of at least 1, got {bins!r}")
    ax = _axes(ax, size=(9.0, 4.5))
    from matplotlib.transforms import blended_transform_factory  # noqa: PLC0415

    c = sim.currency
    ax.hist(sim.annual, bins=bins, color="C0", alpha=0.75)
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for q, style in ((10, ":"), (50, "--"), (90, ":")):
        x = sim.percentile(q)
        ax.axvline(x, color="C3", linestyle=style, linewidth=1.4, gid=f"p{q}")
        ax.text(x, 0.98, f" P{q}\n {x:,.0f}", transform=top, va="top", ha="left", fontsize=8)
    _money_axis(ax, "x")
    ax.set_xlabel(f"Annual cost of the problem ({c}/year)")
    ax.set_ylabel("Samples")
    seed = "fresh entropy" if sim.seed is None else f"seed {sim.seed}"
    ax.set_title(
        f"Simulated annual cost: {sim.n:,} samples ({sim.method}, {seed})", loc="left", fontsize=11
    )
    ax.margins(y=0.12)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def cash_flows(
    evaluation: Evaluation, *, solutions: Sequence[str] | None = None, ax: Axes | None = None
) -> Axes:
    """Cumulative net cash flow of each solution, month by month over years ``0 … H``,
    payback marked.

    The line joins the month-end cumulative net cash flows of the monthly timeline
    (x in years: month ``m`` at ``m / 12``), so it crosses zero where the payback
    convention (linear within a month) puts it: a diamond at ``x = payback_months / 12``
    (``gid`` ``"payback:<solution id>"``).

    Parameters
    ----------
    solutions:
        Solution ids to draw (default: every solution but ``do_nothing``; a single id
        may be given as a string).

    Examples
    --------
    >>> import costdx as cdx
    >>> from costdx import plot
    >>> ev = cdx.evaluate(cdx.load_value_case(cdx.example_path()))
    >>> ax = plot.cash_flows(ev)  # doctest: +SKIP
    """
    known = list(evaluation.solutions)
    if isinstance(solutions, str):
        solutions = [solutions]
    if solutions is None:
        chosen = [s for s in known if s != DO_NOTHING] or known
    else:
        chosen = list(solutions)
    unknown = [s for s in chosen if s not in evaluation.solutions]
    if unknown or not chosen:
        what = f"no solution {unknown[0]!r}" if unknown else "no solution given"
        raise OptionError(f"{what}; the solutions are {', '.join(known)}")
    ax = _axes(ax, size=(9.0, 4.5))
    c = evaluation.currency
    years = list(range(evaluation.horizon + 1))
    for k, sid in enumerate(chosen):
        res = evaluation.solutions[sid]
        timeline = res.timeline
        (line,) = ax.plot(timeline.months / MONTHS_PER_YEAR, timeline.cumulative,
                          label=_short(res.name), gid=sid)  # fmt: skip
        ax.plot(years, res.cumulative, marker="o", linestyle="none", color=line.get_color(),
                gid=f"year-end:{sid}")  # fmt: skip
        if math.isnan(res.payback_months):
            continue
        x = res.payback_months / 12
        ax.plot([x], [0.0], marker="D", markersize=8, linestyle="none", color=line.get_color(),
                markeredgecolor="white", zorder=3, gid=f"payback:{sid}")  # fmt: skip
        ax.annotate(
            f"payback {res.payback_months:.1f} months",
            (x, 0.0), xytext=(8, -14 - 13 * k), textcoords="offset points",
            color=line.get_color(), fontsize=8,
        )  # fmt: skip
    ax.axhline(0.0, color=_BASE_COLOUR, linewidth=0.8)
    ax.set_xticks(years)
    _money_axis(ax, "y")
    ax.set_xlabel("Year (0 = the decision)")
    ax.set_ylabel(f"Cumulative net cash flow ({c})")
    ax.set_title(
        f"Cumulative net cash flow, undiscounted, over {evaluation.horizon} "
        f"year{'s' if evaluation.horizon != 1 else ''}",
        loc="left", fontsize=11,
    )  # fmt: skip
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    ax.set_axisbelow(True)
    return ax


_VOI_COLUMNS = {"kind", "label", "evppi", "confirmed"}


def value_of_information(
    frame: pd.DataFrame, *, top: int | None = None, ax: Axes | None = None
) -> Axes:
    """What confirming each estimate first is worth: the EVPPI of every uncertain input.

    One horizontal bar per input (largest on top; ``top`` keeps the first few), its length
    the input's EVPPI (``width_i = evppi_i``), labelled with the amount and its share of
    the EVPI; estimates not yet confirmed by the customer are marked, a solution's
    estimated fractions drawn in another colour; a dashed line at the EVPI (``gid``
    ``"evpi"``), the most any information is worth, and a shaded band up to the noise
    floor, below which an EVPPI cannot be told from zero.

    Parameters
    ----------
    frame:
        What `costdx.value_of_information` returns (its ``attrs`` give the EVPI, the noise
        floor, the decision and the currency).
    top:
        Draw only the ``top`` inputs worth most.

    Examples
    --------
    >>> import costdx as cdx
    >>> from costdx import plot
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> sim = cdx.simulate(vc.diagnosis, n=20_000, seed=7, keep="consequences")
    >>> ax = plot.value_of_information(cdx.value_of_information(vc, sim))  # doctest: +SKIP
    """
    _require()
    columns = set(getattr(frame, "columns", ()))
    attrs = getattr(frame, "attrs", {})
    if not columns >= _VOI_COLUMNS or "evpi" not in attrs:
        raise OptionError(
            "value_of_information() plots the frame costdx.value_of_information returns, "
            f"not {type(frame).__name__}"
        )
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise OptionError(f"top must be a whole number of at least 1, got {top!r}")
    shown = frame.head(top) if top is not None else frame
    if shown.empty:
        raise OptionError("the simulation has no uncertain input, so nothing to value")
    total, floor = float(attrs["evpi"]), float(attrs.get("noise_floor", 0.0))
    currency = str(attrs.get("currency", ""))
    k = len(shown)
    ax = _axes(ax, size=(9.0, 1.9 + 0.5 * k))
    values = [float(v) for v in shown["evppi"]]
    colours = ["C2" if kind == "fraction" else "C0" for kind in shown["kind"]]
    bars = ax.barh(range(k), values, color=colours, height=0.6)
    shares = [v / total if total > 0 else 0.0 for v in values]
    ax.bar_label(bars, labels=[f"{v:,.0f} ({s:.0%})" for v, s in zip(values, shares, strict=True)],
                 padding=3, fontsize=8)  # fmt: skip
    ticks = [
        "\n".join(textwrap.wrap(str(label), _LABEL_CHARS, max_lines=2, placeholder="…"))
        + ("" if confirmed else " *")
        for label, confirmed in zip(shown["label"], shown["confirmed"], strict=True)
    ]
    ax.set_yticks(range(k), ticks, fontsize=9)
    ax.invert_yaxis()
    if floor > 0:
        ax.axvspan(0.0, floor, color="0.85", zorder=0, label="noise floor")
    ax.axvline(total, color="C3", linestyle="--", linewidth=1.2, gid="evpi",
               label=f"EVPI {total:,.0f}")  # fmt: skip
    ax.set_xlim(0.0, max(total, *values, 1.0) * 1.25)
    _money_axis(ax, "x")
    ax.set_xlabel(f"Expected value of confirming it first ({currency})")
    if attrs.get("decision") == "pursue":
        decision = "the seller's decision to pursue or walk away (the qualify rule)"
    else:
        decision = "the customer's choice among the alternatives by expected NPV"
    best = attrs.get("best", "")
    ax.set_title(f"Which estimate is worth confirming first\nfor {decision}\nbest now: {best}",
                 loc="left", fontsize=10)  # fmt: skip
    if total <= 0:
        ax.set_xticks([])
        ax.text(0.5, 0.5, f"EVPI = 0: no confirmation can change this decision;\n{best} is "
                "best at every sampled value of every input", transform=ax.transAxes,
                ha="center", va="center", fontsize=10, color="C3")  # fmt: skip
    handles, labels = ax.get_legend_handles_labels()
    if "fraction" in set(shown["kind"]):
        from matplotlib.patches import Patch  # noqa: PLC0415 - matplotlib is optional

        handles += [Patch(color="C0"), Patch(color="C2")]
        labels += ["driver", "fraction a solution removes"]
    ax.legend(handles, labels, loc="lower right", fontsize=8,
              title="* not confirmed by the customer", title_fontsize=7)  # fmt: skip
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def realisation(result: Realisation, *, ax: Axes | None = None) -> Axes:
    """Promised against realised value, cumulative month by month, with the re-forecast.

    Over the horizon's months (the decision is month 0): the promised benefit's
    cumulative sum (dashed, ``gid`` ``"promised"``); the realised value to the as-of
    month (``"realised"``), counting the lines with data; from the as-of month on, the
    benefit as it now stands (``"outlook"``) and, with a simulation, its P10–P90 band
    (``"band"``). Lines without data are counted in the outlook at their promise, which
    the dotted step at the as-of month shows (``"no_data"``).

    Examples
    --------
    >>> import costdx as cdx
    >>> from costdx import plot
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> rows = cdx.read_measurements(cdx.example_path("acme_tracking.csv"))
    >>> ax = plot.realisation(cdx.track(vc, rows, go_live="2027-04"))  # doctest: +SKIP
    """
    if not isinstance(result, Realisation):
        raise OptionError(f"realisation() plots what costdx.track returns, not "
                          f"{type(result).__name__}")  # fmt: skip
    ax = _axes(ax, size=(9.0, 4.8))
    c = result.currency
    frame = result.promise()
    months = frame["month"].to_numpy()
    ax.plot(months, frame["promised_cumulative"], linestyle="--", color="0.45",
            linewidth=1.4, label="promised", gid="promised")  # fmt: skip
    known = frame["realised_cumulative"].notna().to_numpy()
    decided = result.tracking.decided
    as_of = result.tracking.month_of(result.as_of)
    ahead = months >= as_of
    rf = result.reforecast
    if rf is not None:
        ax.fill_between(months[ahead], frame["p10_cumulative"][ahead],
                        frame["p90_cumulative"][ahead], color="C0", alpha=0.18, linewidth=0,
                        label=f"re-forecast P10–P90 ({rf.n:,} draws)", gid="band")  # fmt: skip
    ax.plot(months[ahead], frame["outlook_cumulative"][ahead], color="C0", linestyle=":",
            linewidth=1.6, label="as it now stands", gid="outlook")  # fmt: skip
    if known.any():
        ax.plot(months[known], frame["realised_cumulative"][known], color="C0", linewidth=2.2,
                marker="o", markersize=3, label="realised (lines with data)",
                gid="realised")  # fmt: skip
        realised = float(frame["realised_cumulative"].to_numpy()[known][-1])
        standing = float(frame["outlook_cumulative"].iloc[as_of])
        gap = result.promised_to_date - result.promised_with_data
        if gap > 0:
            ax.vlines([as_of], realised, standing, colors="C1", linestyles=":", linewidth=1.4,
                      gid="no_data")  # fmt: skip
            leader = {"arrowstyle": "-", "color": "C1", "linewidth": 0.6}
            middle = (realised + standing) / 2
            # below the lines, out of the band's way, unless that is below the axes
            low = middle < 0.15 * float(frame["promised_cumulative"].max())
            ax.annotate(f"lines without data,\ncounted at their promise: {gap:,.0f}",
                        (as_of, middle), xytext=(8, 26 if low else -26),
                        textcoords="offset points", fontsize=7, color="C1",
                        va="bottom" if low else "top", arrowprops=leader)  # fmt: skip
    go = result.tracking.month_of(result.go_live)
    for x, text in ((go, f"go-live {result.go_live}"), (as_of, f"as of {result.as_of}")):
        if 0 <= x <= months[-1]:
            ax.axvline(x, color=_BASE_COLOUR, linewidth=0.7, alpha=0.6)
            ax.annotate(text, (x, 0.97), xycoords=("data", "axes fraction"), xytext=(3, 0),
                        textcoords="offset points", fontsize=7, color=_BASE_COLOUR,
                        rotation=90, va="top")  # fmt: skip
    step = 3 if months[-1] <= 3 * MONTHS_PER_YEAR else 6
    ticks = [int(m) for m in months if (m - go) % step == 0]
    ax.set_xticks(ticks, [month_label(decided + m) for m in ticks], rotation=45, ha="right",
                  fontsize=8)  # fmt: skip
    ax.set_xlim(months[0], months[-1])
    _money_axis(ax, "y")
    ax.set_ylabel(f"Cumulative value ({c})")
    share = result.share_realised
    name = result.evaluation.solutions[result.solution].name
    title = f"Value realised: {_short(name.split(':', 1)[0].strip() or name)}"
    if result.months_tracked and result.promised_with_data > 0:
        title += (
            f"\n{result.realised_to_date:,.0f} of {result.promised_with_data:,.0f} {c} "
            f"promised to date" + (f" ({share:.0%})" if math.isfinite(share) else "")
        )
    elif result.months_tracked:
        title += "\nno line has a measurement yet"
    if rf is not None and "npv" in rf.prob_met():
        title += (f"; {rf.prob_met()['npv']:.0%} chance the promised NPV of "
                  f"{rf.promised['npv']:,.0f} {c} is met")  # fmt: skip
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)
    ax.set_axisbelow(True)
    return ax
