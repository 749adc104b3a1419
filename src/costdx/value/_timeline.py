"""The monthly value timeline: a solution's benefits, investments and net cash, month by month.

Month 0 is the decision; month ``m = 1 … 12·H`` is the ``m``-th month after it, and year
``y = 1 … H`` holds months ``12(y − 1) + 1 … 12y``. Start month, ramp and months to full
effect are monthly things, so the value case is computed month by month and every yearly
figure is the sum of its months:

* ``effect_c(m) = Address.effect(m − 1 − start)``: the fraction of full effect reached in
  month ``m``, zero up to and including month ``start`` (benefits begin the month after);
* a recurring consequence's benefit in month ``m`` is
  ``cost_c(y) / 12 × fraction × risk × effect_c(m)``; a one-time consequence is avoided
  once, in full, in the month benefits begin (``m = start + 1``), if that is within the
  horizon;
* a one-time investment item of year 0 is paid in month 0 (at the decision), one of year
  ``y ≥ 1`` in the first month of year ``y``; a recurring item's yearly amount is spread
  evenly over the twelve months of each of its years;
* payback is the month in which cumulative net cash first reaches zero, interpolated
  linearly within that month.

Discounting is yearly: each year's sum is discounted as at the year's end,
``CF_y / (1 + r)^y`` (Excel's ``NPV`` over the yearly sums); months are not discounted
apart within their year. Twelve months make a year here whatever the case calendar's
``months_per_year``, which converts units (``USD/month``) and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from costdx.finance import payback
from costdx.model import InvestmentItem, Kind, Solution

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MONTHS_PER_YEAR",
    "Timeline",
    "effect_by_month",
    "investment_by_month",
    "monthly_timeline",
    "year_of_month",
]

Array = NDArray[np.float64]

MONTHS_PER_YEAR = 12
"""Months in each year of the timeline."""


def year_of_month(month: int) -> int:
    """The year a month belongs to: 0 for month 0 (the decision), else ``⌈m / 12⌉``.

    >>> [year_of_month(m) for m in (0, 1, 12, 13, 24)]
    [0, 1, 1, 2, 2]
    """
    return -(-month // MONTHS_PER_YEAR)


def effect_by_month(
    solution: Solution, horizon: int, *, slip: int = 0, one_time: Collection[str] = ()
) -> dict[str, Array]:
    """Per addressed consequence, the share of its full benefit reached in months ``0 … 12H``.

    ``effect[m] = Address.effect(m − 1 − start)`` with ``start`` the solution's
    ``start_month`` plus ``slip``; month 0 (the decision) is always 0. A consequence in
    ``one_time`` is avoided once: 1 in month ``start + 1``, 0 elsewhere.

    >>> from costdx.model import Address, Solution
    >>> s = Solution(id="s", name="S", start_month=2,
    ...              addresses=[Address(consequence="c", fraction=1.0, months_to_full=3)])
    >>> effect = effect_by_month(s, 1)["c"]
    >>> effect[:7].round(3).tolist()
    [0.0, 0.0, 0.0, 0.333, 0.667, 1.0, 1.0]
    """
    start = solution.start_month + slip
    months = MONTHS_PER_YEAR * horizon
    result = {}
    for address in solution.addresses:
        effect = np.zeros(months + 1)
        if address.consequence in one_time:
            if start + 1 <= months:
                effect[start + 1] = 1.0
        else:
            for m in range(start + 1, months + 1):
                effect[m] = address.effect(m - 1 - start)
        result[address.consequence] = effect
    return result


def _item_by_month(item: InvestmentItem, horizon: int) -> Array:
    flows = np.zeros(MONTHS_PER_YEAR * horizon + 1)
    yearly = item.payments(horizon)
    for year, amount in enumerate(yearly):
        if amount == 0:
            continue
        if year == 0:
            flows[0] += amount
        elif item.kind == "one_time":
            flows[MONTHS_PER_YEAR * (year - 1) + 1] += amount
        else:
            first = MONTHS_PER_YEAR * (year - 1) + 1
            flows[first : first + MONTHS_PER_YEAR] += amount / MONTHS_PER_YEAR
    return flows


def investment_by_month(solution: Solution, horizon: int) -> Array:
    """The solution's investment in months ``0 … 12H``; each year's months sum to
    `InvestmentItem.payments` of that year.

    >>> from costdx.model import InvestmentItem, Solution
    >>> s = Solution(id="s", name="S", investment=[
    ...     InvestmentItem(label="set-up", amount=100.0),
    ...     InvestmentItem(label="fee", amount=120.0, kind="recurring")])
    >>> investment_by_month(s, 1).tolist()
    [100.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0]
    """
    flows = np.zeros(MONTHS_PER_YEAR * horizon + 1)
    for item in solution.investment:
        flows += _item_by_month(item, horizon)
    return flows


@dataclass(frozen=True, slots=True)
class Timeline:
    """One solution's value month by month; index ``m = 0 … 12·H``, 0 being the decision.

    Attributes
    ----------
    solution:
        The solution's id.
    horizon:
        Years in the horizon.
    effect:
        Per addressed consequence, the share of its full benefit reached in each month.
    benefit_by_consequence:
        Per addressed consequence, its benefit in each month.
    benefit, investment:
        The totals in each month.
    """

    solution: str
    horizon: int
    effect: dict[str, Array]
    benefit_by_consequence: dict[str, Array]
    benefit: Array
    investment: Array

    @property
    def months(self) -> NDArray[np.int64]:
        """The month numbers ``0 … 12H``."""
        return np.arange(MONTHS_PER_YEAR * self.horizon + 1)

    @property
    def net(self) -> Array:
        """Benefit − investment, each month."""
        return self.benefit - self.investment

    @property
    def cumulative(self) -> Array:
        """Cumulative net cash at the end of each month."""
        return np.cumsum(self.net)

    def by_year(self, monthly: Array) -> Array:
        """Sum a monthly series into years ``0 … H`` (year 0 is month 0).

        >>> t = Timeline("s", 1, {}, {}, np.arange(13.0), np.zeros(13))
        >>> t.by_year(t.benefit).tolist()
        [0.0, 78.0]
        """
        years = np.empty(self.horizon + 1)
        years[0] = monthly[0]
        years[1:] = monthly[1:].reshape(self.horizon, MONTHS_PER_YEAR).sum(axis=1)
        return years

    @property
    def payback_months(self) -> float:
        """Months until cumulative net cash first reaches zero, interpolated within the
        month: ``(m − 1) + owed / net_m``; ``nan`` without investment or if never."""
        if not np.any(self.investment > 0):
            return math.nan
        return float(payback(self.net))

    def cumulative_benefit_at(self, months: float) -> float:
        """Benefit received by ``months`` after the decision, the last month pro rata:
        ``Σ_{m ≤ ⌊T⌋} B_m + (T − ⌊T⌋) B_{⌊T⌋+1}``; the whole benefit beyond the horizon."""
        last = self.benefit.size - 1
        if months >= last:
            return float(self.benefit.sum())
        whole = math.floor(months)
        return float(self.benefit[: whole + 1].sum() + (months - whole) * self.benefit[whole + 1])

    def frame(self) -> pd.DataFrame:
        """The timeline as a DataFrame indexed by month: year, ``effect:<id>``,
        ``benefit:<id>``, benefit, investment, net and cumulative."""
        import pandas as pd  # noqa: PLC0415

        columns: dict[str, Array | NDArray[np.int64]] = {
            "year": np.array([year_of_month(m) for m in self.months])
        }
        columns.update({f"effect:{cid}": e for cid, e in self.effect.items()})
        columns.update({f"benefit:{cid}": b for cid, b in self.benefit_by_consequence.items()})
        columns.update(benefit=self.benefit, investment=self.investment, net=self.net,
                       cumulative=self.cumulative)  # fmt: skip
        frame = pd.DataFrame(columns, index=pd.Index(self.months, name="month"))
        return frame


def monthly_timeline(
    solution: Solution,
    horizon: int,
    *,
    costs: Mapping[str, Array],
    kinds: Mapping[str, Kind],
    risk: Mapping[str, float],
    slip: int = 0,
) -> Timeline:
    """The solution's timeline from the yearly cost of each consequence (``costs[c][y − 1]``
    for years ``1 … H``), the kind of each, and the risk adjustment of each.

    Examples
    --------
    10,000 a month removed in full from month 3, 60,000 up front: the benefit runs from
    month 4, and payback falls at the end of month 9 (six months of 10,000).

    >>> from costdx.model import Address, InvestmentItem, Kind, Solution
    >>> s = Solution(id="s", name="S", start_month=3,
    ...              addresses=[Address(consequence="c", fraction=1.0)],
    ...              investment=[InvestmentItem(label="licence", amount=60_000)])
    >>> t = monthly_timeline(s, 1, costs={"c": np.array([120_000.0])},
    ...                      kinds={"c": Kind.RECURRING}, risk={"c": 1.0})
    >>> t.benefit[:5].tolist(), t.payback_months
    ([0.0, 0.0, 0.0, 0.0, 10000.0], 9.0)
    """
    one_time = {a.consequence for a in solution.addresses if kinds[a.consequence] is Kind.ONE_TIME}
    effects = effect_by_month(solution, horizon, slip=slip, one_time=one_time)
    months = MONTHS_PER_YEAR * horizon
    # cost_c(y) for each month: month 0 has no benefit; one-time costs sit in year 1
    year_index = np.concatenate([[0], np.repeat(np.arange(horizon), MONTHS_PER_YEAR)])
    by_consequence: dict[str, Array] = {}
    benefit = np.zeros(months + 1)
    for address in solution.addresses:
        cid = address.consequence
        scale = address.point * risk[cid]
        if cid in one_time:
            flows = costs[cid][0] * scale * effects[cid]
        else:
            flows = costs[cid][year_index] / MONTHS_PER_YEAR * scale * effects[cid]
        by_consequence[cid] = flows
        benefit += flows
    return Timeline(
        solution=solution.id, horizon=horizon, effect=effects,
        benefit_by_consequence=by_consequence, benefit=benefit,
        investment=investment_by_month(solution, horizon),
    )  # fmt: skip
