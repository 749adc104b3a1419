"""``track``: value realised against value promised, after go-live.

`track` takes a won value case (or a `Tracking`, which holds one) and the measurements
since go-live, and returns a `Realisation`: realised and promised value by month and
cumulatively, by consequence and by problem (`costdx.value._ledger` gives the
arithmetic), the variance split into rate and timing, a status per consequence, the
outlook of NPV, ROI and payback as they now stand and, with a simulation, the
probability that each promised figure is met (`costdx.value._reforecast`).

**Statuses**, per consequence over its months with data: ``behind`` when it realised
less than ``1 − tolerance`` of what was promised for those months, ``ahead`` above
``1 + tolerance``, ``on_track`` between (tolerance 10 % unless given);
``insufficient_data`` when no input of it has been measured yet (where nothing was
promised for its months with data, half a unit of money either way is ahead or behind). A
month without data is kept apart: neither its realised nor its promised value enters the
share realised.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from costdx import _display
from costdx.engine import Simulation
from costdx.errors import Issue, OptionError
from costdx.model import (
    Measurement,
    Tracking,
    ValueCase,
    as_measurements,
    evolve,
    month_index,
    month_label,
    parse_month,
    point_values,
    tracking_findings,
)
from costdx.value._evaluate import Evaluation, evaluate, needs_value_case
from costdx.value._ledger import CARRIED, MEASURED, NO_DATA, Ledger, ledger
from costdx.value._reforecast import Outlook, Reforecast, outlook, promised, reforecast

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STATUSES", "TOLERANCE", "MeasurementData", "Realisation", "track"]

TOLERANCE = 0.10
"""How far from its promise a consequence may run and still be on track (10 %)."""
AHEAD, ON_TRACK, BEHIND, INSUFFICIENT = "ahead", "on_track", "behind", "insufficient_data"
STATUSES = (AHEAD, ON_TRACK, BEHIND, INSUFFICIENT)
"""A consequence's status, best first."""
_DATA = {NO_DATA: "none", CARRIED: "carried", MEASURED: "measured"}


HALF_UNIT = 0.5
"""Where nothing was promised, a realised value of half a unit of money or more either
way is ahead or behind (less is rounding)."""


def _status(realised: float, promised: float, tolerance: float) -> str:
    """``ahead``, ``on_track`` or ``behind``: realised against promised within the
    tolerance (within `HALF_UNIT` of zero when nothing was promised)."""
    slack = tolerance * promised if promised > 0 else HALF_UNIT
    reference = max(promised, 0.0)
    if realised > reference + slack:
        return AHEAD
    if realised < reference - slack:
        return BEHIND
    return ON_TRACK


def _money(value: float, currency: str) -> str:
    if not math.isfinite(value):
        return "n/a"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.2f} M {currency}"
    return f"{value:,.0f} {currency}"


class Realisation:
    """Value realised against value promised. Built by `track`.

    Figures are in the account's currency; months are calendar months (``"2027-05"``),
    each also given as its month on the value case's timeline (``month``, 0 = the
    decision).
    """

    def __init__(
        self,
        book: Ledger,
        *,
        tolerance: float,
        outlook: Outlook,
        reforecast: Reforecast | None,
        issues: Iterable[Issue],
    ) -> None:
        self._book = book
        self.tolerance = tolerance
        self.outlook = outlook
        """NPV, ROI, payback and benefit as they now stand, on the point values."""
        self.reforecast = reforecast
        """With a simulation: the distribution of each figure and P(promise met)."""
        self.issues: tuple[Issue, ...] = tuple(issues)
        """Warnings about the measurements (left out, or moving nothing promised)."""

    # -- what is tracked ------------------------------------------------------------

    @property
    def tracking(self) -> Tracking:
        """The tracking: value case, solution, go-live and measurements."""
        return self._book.tracking

    @property
    def evaluation(self) -> Evaluation:
        """The value case evaluated: the promise."""
        return self._book.evaluation

    @property
    def currency(self) -> str:
        """The account's currency."""
        return self.evaluation.currency

    @property
    def solution(self) -> str:
        """The id of the solution tracked."""
        return self._book.solution.id

    @property
    def go_live(self) -> str:
        """The go-live month."""
        return self.tracking.go_live

    @property
    def as_of(self) -> str:
        """The last month tracked (the month before go-live when none is yet)."""
        return month_label(self.tracking.decided + self._book.as_of)

    @property
    def months_tracked(self) -> int:
        """Months from go-live to the as-of month."""
        return int(self._book.months.size)

    def _label(self, month: int) -> str:
        return month_label(self.tracking.decided + month)

    # -- totals to date ----------------------------------------------------------------

    def _with_data(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        return self._book.data > NO_DATA

    @property
    def realised_to_date(self) -> float:
        """Value realised over the months with data."""
        return float(np.nansum(self._book.realised))

    @property
    def promised_to_date(self) -> float:
        """Value promised from go-live to the as-of month, with data or not."""
        return float(self._book.promised.sum())

    @property
    def promised_with_data(self) -> float:
        """Value promised over the months with data: what `realised_to_date` is
        measured against."""
        return float(self._book.promised[self._with_data()].sum())

    @property
    def share_realised(self) -> float:
        """``realised_to_date / promised_with_data`` (``nan`` when nothing is comparable)."""
        promised_ = self.promised_with_data
        return self.realised_to_date / promised_ if promised_ > 0 else math.nan

    @property
    def status(self) -> dict[str, str]:
        """Per consequence: ``ahead``, ``on_track``, ``behind`` or ``insufficient_data``."""
        book = self._book
        seen = self._with_data()
        out = {}
        for i, c in enumerate(book.consequences):
            if not seen[i].any():
                out[c] = INSUFFICIENT
                continue
            out[c] = _status(float(np.nansum(book.realised[i])),
                             float(book.promised[i, seen[i]].sum()), self.tolerance)  # fmt: skip
        return out

    # -- frames ------------------------------------------------------------------------

    def _parts(self) -> dict[str, np.ndarray[Any, Any]]:
        """Realised, variance, rate and timing per consequence and month (``nan`` where
        there is no data)."""
        book = self._book
        seen = self._with_data()
        nan = np.full(book.promised.shape, np.nan)
        return {
            "variance": np.where(seen, book.realised - book.promised, nan),
            "rate": np.where(seen, book.realised - book.slipped, nan),
            "timing": np.where(seen, book.slipped - book.promised, nan),
        }

    def monthly(self) -> pd.DataFrame:
        """One row per month and consequence: ``baseline``, ``actual``, ``promised``,
        ``realised``, ``variance``, ``rate``, ``timing`` and what the month rests on
        (``data``: ``measured``, ``carried`` forward, or ``none``)."""
        import pandas as pd  # noqa: PLC0415

        book = self._book
        parts = self._parts()
        rows = []
        for j, m in enumerate(book.months.tolist()):
            for i, c in enumerate(book.consequences):
                rows.append({
                    "period": self._label(m), "consequence": c, "month": m,
                    "baseline": book.baseline[i, j], "actual": book.actual[i, j],
                    "promised": book.promised[i, j], "realised": book.realised[i, j],
                    **{k: v[i, j] for k, v in parts.items()},
                    "data": _DATA[int(book.data[i, j])],
                })  # fmt: skip
        columns = ["period", "consequence", "month", "baseline", "actual", "promised",
                   "realised", "variance", "rate", "timing", "data"]  # fmt: skip
        frame = pd.DataFrame(rows, columns=columns).set_index(["period", "consequence"])
        frame.attrs.update(self.conventions())
        return frame

    def by_month(self) -> pd.DataFrame:
        """Per month from go-live: ``promised`` (every consequence), ``promised_with_data``
        and ``realised`` (the consequences with data), ``variance`` = realised −
        promised with data, its ``rate`` and ``timing`` parts, ``no_data`` (promised
        where nothing is measured yet), and the cumulative sums."""
        import pandas as pd  # noqa: PLC0415

        book = self._book
        seen = self._with_data()
        parts = self._parts()
        frame = pd.DataFrame(
            {
                "month": book.months,
                "promised": book.promised.sum(axis=0),
                "promised_with_data": np.where(seen, book.promised, 0.0).sum(axis=0),
                "realised": np.nansum(book.realised, axis=0),
                "variance": np.nansum(parts["variance"], axis=0),
                "rate": np.nansum(parts["rate"], axis=0),
                "timing": np.nansum(parts["timing"], axis=0),
            },
            index=pd.Index([self._label(m) for m in book.months.tolist()], name="period"),
        )
        frame["no_data"] = frame["promised"] - frame["promised_with_data"]
        for column in ("promised", "promised_with_data", "realised", "variance"):
            frame[f"{column}_cumulative"] = frame[column].cumsum()
        frame.attrs.update(self.conventions())
        return frame

    def by_consequence(self) -> pd.DataFrame:
        """Per consequence addressed, to date: promised (all months and with data),
        realised, variance, rate, timing, share realised, the months with and without
        data, the ramp's lateness in months, the share removed at full effect promised
        and achieved, the status, and the inputs measured and never measured."""
        import pandas as pd  # noqa: PLC0415

        book = self._book
        seen = self._with_data()
        parts = self._parts()
        plan = self.tracking.value_case.diagnosis.plan
        case = self.tracking.value_case.diagnosis
        status = self.status
        measured = book.measured
        addresses = {a.consequence: a for a in book.solution.addresses}
        rows = []
        for i, c in enumerate(book.consequences):
            step = plan.consequence(c)
            written = case.problems[step.index[0]].consequences[step.index[1]]
            share = addresses[c].point * self.tracking.value_case.risk_adjustment.get(
                step.source, 1.0
            )
            with_data = float(book.promised[i, seen[i]].sum())
            realised = float(np.nansum(book.realised[i]))
            expected = book.promised[i] != 0
            rows.append({
                "consequence": c, "problem": step.problem, "label": written.label or c,
                "category": written.category.value,
                "promised": float(book.promised[i].sum()), "promised_with_data": with_data,
                "realised": realised,
                **{k: float(np.nansum(v[i])) for k, v in parts.items()},
                "share_realised": realised / with_data if with_data > 0 else math.nan,
                "months_with_data": int(seen[i].sum()),
                "months_without_data": int((~seen[i] & expected).sum()),
                "months_late": book.slip[c],
                "promised_share": share,
                "achieved_share": book.scale[c] * share,
                "status": status[c],
                "measured_inputs": ", ".join(sorted(step.inputs & measured)),
                "unmeasured_inputs": ", ".join(sorted(step.inputs - measured)),
            })  # fmt: skip
        frame = pd.DataFrame(rows).set_index("consequence")
        frame.attrs.update(self.conventions())
        return frame

    def by_problem(self) -> pd.DataFrame:
        """Per problem: the sums of its consequences' figures to date, its share
        realised and status (by the same rule, over its consequences with data)."""
        import pandas as pd  # noqa: PLC0415

        case = self.tracking.value_case.diagnosis
        per = self.by_consequence()
        book = self._book
        seen = self._with_data()
        rows = []
        for problem in case.problems:
            mine = per[per["problem"] == problem.id]
            if mine.empty:
                continue
            rows_ = [book.row(c) for c in mine.index]
            with_data = float(mine["promised_with_data"].sum())
            realised = float(mine["realised"].sum())
            rows.append({
                "problem": problem.id, "title": problem.title,
                **{k: float(mine[k].sum()) for k in ("promised", "promised_with_data",
                                                      "realised", "variance", "rate",
                                                      "timing")},
                "share_realised": realised / with_data if with_data > 0 else math.nan,
                "status": _status(realised, with_data, self.tolerance)
                if seen[rows_].any() else INSUFFICIENT,
            })  # fmt: skip
        frame = pd.DataFrame(rows).set_index("problem")
        frame.attrs.update(self.conventions())
        return frame

    def drivers(self) -> pd.DataFrame:
        """Per input driver of the consequences addressed: its unit, diagnosed value,
        measurements to date (count, first and last month, latest value and its change
        against the diagnosed value), the consequences it feeds, and whether it was ever
        measured (a driver never measured keeps its diagnosed value)."""
        import pandas as pd  # noqa: PLC0415

        book = self._book
        plan = self.tracking.value_case.diagnosis.plan
        point = point_values(self.tracking.value_case.diagnosis)
        values = {k: v for k, v in self.tracking.values().items() if k[1] <= book.as_of}
        feeds: dict[str, list[str]] = {}
        for c in book.consequences:
            for d in sorted(plan.consequence(c).inputs):
                feeds.setdefault(d, []).append(c)
        rows = []
        for d in [i for i in plan.inputs if i in feeds]:
            months = sorted(m for (driver, m) in values if driver == d)
            latest = values[(d, months[-1])] if months else math.nan
            rows.append({
                "driver": d, "label": plan.drivers[d].label or d, "unit": plan.units[d],
                "diagnosed": point[d], "measurements": len(months),
                "first": self._label(months[0]) if months else "",
                "last": self._label(months[-1]) if months else "", "latest": latest,
                "change": latest / point[d] - 1 if months and point[d] != 0 else math.nan,
                "feeds": ", ".join(feeds[d]), "measured": bool(months),
            })  # fmt: skip
        return pd.DataFrame(rows).set_index("driver")

    def promise(self) -> pd.DataFrame:
        """Every month of the horizon from the decision: the promised benefit and its
        cumulative sum, the realised cumulative to date (consequences with data), the
        outlook's cumulative (point re-forecast) and, with a simulation, its P10, P50
        and P90."""
        import pandas as pd  # noqa: PLC0415

        book = self._book
        timeline = book.timeline
        months = timeline.months
        realised = np.full(months.size, np.nan)
        if book.months.size:
            realised[: book.as_of + 1] = 0.0
            realised[book.months] = np.nansum(book.realised, axis=0)
            realised[: book.as_of + 1] = np.cumsum(realised[: book.as_of + 1])
        frame = pd.DataFrame(
            {
                "month": months,
                "promised": timeline.benefit,
                "promised_cumulative": np.cumsum(timeline.benefit),
                "realised_cumulative": realised,
                "outlook_cumulative": self.outlook.cumulative,
            },
            index=pd.Index([self._label(int(m)) for m in months], name="period"),
        )
        if self.reforecast is not None:
            for q, band in zip((10, 50, 90), self.reforecast.cumulative, strict=True):
                frame[f"p{q}_cumulative"] = band
        return frame

    def conventions(self) -> dict[str, str]:
        """The rules behind every figure, for reports."""
        t = self.tracking
        return {
            "promise": f"the value case's monthly timeline of {self.solution}, its first month "
            f"of benefit on the go-live month {t.go_live} (decision {month_label(t.decided)}, "
            f"horizon to {month_label(t.horizon_end)})",
            "realised": "baseline − actual: the consequence's diagnosed cost less its cost on "
            "the measured drivers, one sign rule for costs, lost revenue and risks",
            "carry_forward": "a measured value carries forward until a new one arrives; "
            "drivers never measured keep their diagnosed value",
            "no_data": "a month in which no input of a consequence is measured yet has no "
            "data: it is kept apart, not counted as a shortfall",
            "variance": "realised − promised = rate + timing: timing is the promise slipped by "
            "the ramp's fitted lateness less the promise; rate the rest",
            "status": f"behind below {1 - self.tolerance:.0%} of the promise for the months "
            f"with data, ahead above {1 + self.tolerance:.0%}, on track between",
            "reforecast": "to date as realised, measured lines carried on up their (late) "
            "ramp, the rest as promised; a figure is met within the same tolerance",
        }

    # -- text --------------------------------------------------------------------------

    def summary(self) -> str:
        """The QBR summary: what was realised against the promise, what runs behind or
        ahead and why, what lacks data, and how likely the promise is to be met."""
        return _summary(self)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        if not self.months_tracked:
            return f"<Realisation {self.solution!r} live from {self.go_live}: nothing tracked yet>"
        share = self.share_realised
        shown = "n/a" if math.isnan(share) else f"{share:.0%}"
        return (
            f"<Realisation {self.solution!r} {self.go_live}…{self.as_of}: realised "
            f"{self.realised_to_date:,.0f} of {self.promised_with_data:,.0f} {self.currency} "
            f"promised ({shown})>"
        )

    def _repr_html_(self) -> str:
        return _display.html(self)


def _names(book: Ledger, ids: Iterable[str]) -> str:
    case = book.tracking.value_case.diagnosis
    plan = case.plan
    out = []
    for c in ids:
        step = plan.consequence(c)
        out.append(case.problems[step.index[0]].consequences[step.index[1]].label or c)
    return "; ".join(out)


def _summary(result: Realisation) -> str:
    book = result._book
    c = result.currency
    solution = book.solution
    account = result.tracking.value_case.diagnosis.account.name
    months = result.months_tracked
    name = f"{solution.name.split(':', 1)[0]} at {account}"
    if months:
        head = (f"{name}: value realised {result.go_live} to {result.as_of} ({months} "
                f"month{'s' if months != 1 else ''} since go-live)")  # fmt: skip
    else:
        head = f"{name}: nothing tracked yet (go-live {result.go_live})"
    lines = [head]
    if months and not (book.data > NO_DATA).any():
        lines.append("No line has a measurement yet.")
    elif months:
        share = result.share_realised
        shown = "" if math.isnan(share) else f" ({share:.0%})"
        lines.append(
            f"Realised {_money(result.realised_to_date, c)} of "
            f"{_money(result.promised_with_data, c)} promised to date{shown}."
        )
    per = result.by_consequence() if months else None
    if per is not None:
        for status, word in ((BEHIND, "Behind"), (AHEAD, "Ahead")):
            rows = per[per["status"] == status]
            parts = []
            for _, row in rows.iterrows():
                late = int(row["months_late"])
                why = f"; the ramp runs {late} month{'s' if late != 1 else ''} late" if late else ""
                parts.append(f"{row['label']} ({row['share_realised']:.0%} of its promise{why})")
            if parts:
                lines.append(f"{word}: " + "; ".join(parts) + ".")
        on_track = int((per["status"] == ON_TRACK).sum())
        if on_track:
            lines.append(f"On track: {on_track} of {len(per)} lines.")
        missing = per[per["status"] == INSUFFICIENT]
        if not missing.empty:
            lines.append(
                f"No data yet (no input measured): {_names(book, missing.index)}; "
                f"{_money(float(missing['promised'].sum()), c)} promised to date is not counted."
            )
        carried = int((book.data == CARRIED).sum())
        if carried:
            lines.append(
                f"{carried} consequence-month{'s' if carried != 1 else ''} rest on values "
                "carried forward from an earlier measurement."
            )
    goal = promised(book)
    years = result.tracking.value_case.horizon_years
    view = result.outlook
    lines.append(
        f"Outlook: {years}-year NPV {_money(view.npv, c)} against the {_money(goal['npv'], c)} "
        "promised" + (f"; payback {view.payback_months:.1f} months against "
                      f"{goal['payback_months']:.1f}" if math.isfinite(goal["payback_months"])
                      and math.isfinite(view.payback_months) else "") + "."
    )  # fmt: skip
    if result.reforecast is not None:
        rf = result.reforecast
        chances = rf.prob_met()
        said = [f"{chances['npv']:.0%} chance the {years}-year NPV of {_money(goal['npv'], c)} "
                f"is met ({rf.at_signing['npv']:.0%} at signing)"]  # fmt: skip
        if "roi" in chances:
            said.append(f"{chances['roi']:.0%} the ROI of {goal['roi']:.0%}")
        if "payback_months" in chances:
            said.append(f"{chances['payback_months']:.0%} the payback of "
                        f"{goal['payback_months']:.1f} months")  # fmt: skip
        lines.append(
            "; ".join(said) + f" (re-forecast of {rf.n:,} draws, seed {rf.seed}; met within "
            f"{rf.tolerance:.0%})."
        )
    if result.issues:
        lines.append(f"{len(result.issues)} warning{'s' if len(result.issues) != 1 else ''}:")
        lines += [f"  {issue}" for issue in result.issues]
    return "\n".join(lines)


MeasurementData = Iterable[Measurement | Mapping[str, Any]] | Any
"""Measurements: `Measurement` objects, mappings with their fields, or a DataFrame with
one row each (columns `costdx.model.MEASUREMENT_COLUMNS`)."""


def track(
    tracked: ValueCase | Tracking,
    measurements: MeasurementData | None = None,
    *,
    solution: str | None = None,
    go_live: str | dt.date | None = None,
    as_of: str | dt.date | None = None,
    simulation: Simulation | None = None,
    tolerance: float = TOLERANCE,
) -> Realisation:
    """Value realised against value promised, from the measurements since go-live.

    Realised value in month ``m`` is ``baseline − actual`` per consequence (the
    diagnosed cost less the cost on the measured drivers); promised value is the value
    case's timeline; variance ``= realised − promised = rate + timing``.

    Parameters
    ----------
    tracked:
        The won `ValueCase` (give ``go_live``), or a `Tracking` (`costdx.load_tracking`
        reads one from a case file's ``[tracking]`` table), whose measurements the
        ``measurements`` given are added to.
    measurements:
        `Measurement` objects, mappings or a DataFrame (`costdx.read_measurements`
        reads a CSV or Parquet file).
    solution, go_live:
        The solution bought (default: the value case's own) and the month it went live
        (``"2027-04"``), for a value case.
    as_of:
        The last month tracked (default: the last month measured); measurements after
        it are left out, as they then stood.
    simulation:
        A `Simulation` of the value case's diagnosis with ``keep="consequences"``: adds
        the re-forecast (`Realisation.reforecast`) over its draws.
    tolerance:
        How far from the promise still counts as on track, and as meeting a promised
        figure (0.10).

    Examples
    --------
    One line of 10,000 USD a month, half of it removed from the start: promised 5,000
    a month. Measured at 4,000 a month in the first month, realised 6,000.

    >>> import costdx as cdx
    >>> case = cdx.Diagnosis(
    ...     account=cdx.Account(name="A"),
    ...     drivers=[cdx.Driver(id="loss", value=10_000, unit="USD/month")],
    ...     problems=[cdx.Problem(id="p", title="P", symptoms=[cdx.Symptom(id="s")],
    ...               consequences=[cdx.Consequence(id="c", formula="loss")])])
    >>> fix = cdx.Solution(id="fix", name="Fix",
    ...                    addresses=[cdx.Address(consequence="c", fraction=0.5)])
    >>> vc = cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=1)
    >>> result = cdx.track(vc, [{"driver": "loss", "period": "2027-01", "value": 4_000}],
    ...                    go_live="2027-01")
    >>> round(result.realised_to_date), round(result.promised_to_date), result.status
    (6000, 5000, {'c': 'ahead'})
    """
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, int | float)
        or not (0 <= tolerance < 1)
    ):
        raise OptionError(f"tolerance must be a fraction from 0 to below 1, got {tolerance!r}")
    added = as_measurements(measurements) if measurements is not None else ()
    if isinstance(tracked, Tracking):
        if solution is not None or go_live is not None:
            raise OptionError(
                "the tracking names its own solution and go-live month; leave solution= and "
                "go_live= out, or track its value case with them"
            )
        tracking = evolve(tracked, measurements=(*tracked.measurements, *added)) if added \
            else tracked  # fmt: skip
    elif isinstance(tracked, ValueCase):
        if go_live is None:
            raise OptionError(
                "track needs the month the solution went live: pass go_live='2027-04', or "
                "load a case file with a [tracking] table with cdx.load_tracking(path)"
            )
        tracking = Tracking(value_case=tracked, solution=solution, go_live=go_live,
                            measurements=added)  # fmt: skip
    else:
        raise OptionError(needs_value_case("track", tracked))
    last = _as_of(tracking, as_of)
    ev = evaluate(tracking.value_case)
    book = ledger(tracking, ev, last)
    chances = None
    if simulation is not None:
        chances = reforecast(book, simulation, float(tolerance))
    return Realisation(book, tolerance=float(tolerance), outlook=outlook(book),
                       reforecast=chances, issues=tracking_findings(tracking))  # fmt: skip


def _as_of(tracking: Tracking, as_of: str | dt.date | None) -> int | None:
    """The as-of month on the timeline, checked to lie within the horizon."""
    if as_of is None:
        return None
    try:
        shown = parse_month(as_of)
    except ValueError as exc:
        raise OptionError(f"as_of: {exc}") from None
    end = tracking.horizon_end
    if month_index(shown) > end:
        raise OptionError(
            f"as_of {shown} is after the horizon's end ({month_label(end)}); the promise ends there"
        )
    return month_index(shown) - tracking.decided
