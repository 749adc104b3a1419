r"""Goal seek on a probability: the highest price at which a target still holds.

"What is the most the customer can invest so that the NPV is positive with 80 %
probability?" The investment is scaled by a factor :math:`\lambda` (every item, one-time
and recurring, keeps its share and timing), and only the investment moves: the benefit
samples of the simulation stay as they are. So each step of the search re-weights the
existing samples instead of simulating again:

.. math::

    NPV_s(\lambda) = PV(B)_s - \lambda\,PV(I),\qquad
    ROI_s(\lambda) = \frac{B_s - \lambda I}{\lambda I},

with :math:`PV(B)_s = NPV_s + PV(I)` and :math:`B_s` the nominal benefit of sample
:math:`s`. The share of samples meeting the target falls as :math:`\lambda` grows, and
bisection finds the largest :math:`\lambda` at which it is still at least ``at_least``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from costdx.engine import Simulation, simulate
from costdx.errors import CalculationError, OptionError
from costdx.finance import npv
from costdx.model import DO_NOTHING, ValueCase
from costdx.value._evaluate import Evaluation, evaluate

__all__ = ["PriceSolution", "solve_price"]

_TARGET = re.compile(
    r"""^\s*P\(\s*(NPV|ROI)\s*            # P( and the metric
        (>=|>)\s*                          # at least: what a lower price makes likelier
        ([-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*(%?)  # the threshold, maybe a percentage
        \s*\)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_STEPS = 200
RELATIVE_TOLERANCE = 1e-9
"""The search stops when the bracket on the investment is narrower than this share of it
(or than 0.01 of the currency)."""


@dataclass(frozen=True, slots=True)
class PriceSolution:
    """The highest investment meeting a probability target, and how sure that is.

    Attributes
    ----------
    investment:
        The total investment over the horizon (nominal), the solution's own scaled by
        ``scale``; ``investment_pv`` its present value.
    probability:
        The share of samples meeting the target at that investment (at least
        ``at_least``); ``standard_error`` is ``√(p(1 − p)/n)``, the sampling error of any
        such share: a new simulation would put the answer where the share is within a few
        standard errors of ``at_least``.
    """

    solution: str
    target: str
    at_least: float
    scale: float
    investment: float
    investment_pv: float
    probability: float
    standard_error: float
    n: int
    currency: str

    def __str__(self) -> str:
        return (
            f"{self.solution}: at most {self.investment:,.0f} {self.currency} "
            f"({self.scale:.1%} of the current investment) keeps {self.target} at "
            f"{self.probability:.1%} (target {self.at_least:.0%}, ± {self.standard_error:.1%}"
            f", n = {self.n:,})"
        )


def _parse(target: str) -> tuple[str, str, float]:
    match = _TARGET.match(target) if isinstance(target, str) else None
    if match is None:
        raise OptionError(
            f"target must read like 'P(NPV>0)' or 'P(ROI>=100%)' (NPV in money, ROI a "
            f"fraction or a percentage; > or >=: a bound a lower price makes likelier), "
            f"got {target!r}"
        )
    metric, op, number, percent = match.groups()
    value = float(number) / (100.0 if percent else 1.0)
    return metric.upper(), op, value


def _share(values: NDArray[np.float64], op: str, threshold: float) -> float:
    hits = values > threshold if op == ">" else values >= threshold
    return float(np.count_nonzero(hits)) / values.size


def solve_price(
    value_case: ValueCase,
    *,
    solution: str | None = None,
    target: str = "P(NPV>0)",
    at_least: float = 0.8,
    simulation: Simulation | None = None,
    evaluation: Evaluation | None = None,
    n: int = 20_000,
    seed: int | None = None,
) -> PriceSolution:
    r"""The highest investment in ``solution`` at which ``target`` holds with probability
    at least ``at_least``.

    The solution's investment is scaled by :math:`\lambda` (every item alike) and
    :math:`\lambda` is found by bisection over the simulation's own samples (see
    `costdx.value._price`): no simulation per step. The answer is exact for these
    samples to `RELATIVE_TOLERANCE` of the investment; as an estimate of the true price
    it carries the sampling error of a probability, reported as ``standard_error``.

    Parameters
    ----------
    solution:
        The solution priced (default: the case's own).
    target:
        ``"P(NPV>0)"`` (default), or another lower bound (``>`` or ``>=``) on NPV (money)
        or ROI (a fraction, or with ``%``): ``"P(NPV>=50000)"``, ``"P(ROI>=100%)"``. Only
        lower bounds: they are what a lower price makes likelier, so a highest price exists.
    at_least:
        The probability the target must keep, in ``(0, 1)``.
    simulation:
        A simulation of the diagnosis with ``keep="consequences"``; default: one of ``n``
        samples with ``seed``.
    evaluation:
        `costdx.evaluate` with that simulation, if already computed.

    Examples
    --------
    >>> import costdx as cdx
    >>> vc = cdx.load_value_case(cdx.example_path())
    >>> price = cdx.solve_price(vc, target="P(NPV>0)", at_least=0.8, seed=1)
    >>> price.probability >= 0.8
    True
    """
    metric, op, threshold = _parse(target)
    if not (isinstance(at_least, int | float) and 0.0 < at_least < 1.0):
        raise OptionError(f"at_least must be a probability strictly between 0 and 1, "
                          f"got {at_least!r}")  # fmt: skip
    chosen = solution or (value_case.ours.id if value_case.ours is not None else None)
    if chosen is None or chosen == DO_NOTHING:
        raise OptionError("solve_price needs a solution with an investment to price; "
                          f"got {chosen!r}")  # fmt: skip
    value_case.solution(chosen)  # an unknown id: CaseReferenceError naming the known ones
    if evaluation is not None and evaluation.simulation is not None:
        ev = evaluation
    else:
        sim = simulation or simulate(value_case.diagnosis, n=n, seed=seed, keep="consequences")
        ev = evaluate(value_case, basis=sim.basis, scenario=sim.scenario, simulation=sim)
    assert ev.simulation is not None
    result = ev.solutions[chosen]
    invest_pv = float(npv(value_case.discount_rate, result.investment, t0=True))
    invest_total = result.total_investment
    if invest_pv <= 0 or invest_total <= 0:
        raise OptionError(f"solution {chosen!r} asks no investment, so there is none to scale")
    benefit_pv = result.samples["npv"] + invest_pv
    benefit = result.samples["benefit"]

    def share(scale: float) -> float:
        if metric == "NPV":
            return _share(benefit_pv - scale * invest_pv, op, threshold)
        with np.errstate(divide="ignore", invalid="ignore"):
            roi = (benefit - scale * invest_total) / (scale * invest_total)
        return _share(roi, op, threshold)

    low, high = 0.0, 1.0
    if share(low) < at_least:
        raise CalculationError(
            f"{target} is below {at_least:.0%} even with no investment in {chosen!r} "
            f"({share(low):.1%} of {ev.simulation.n:,} samples): no price meets it"
        )
    for _ in range(_STEPS):  # grow the bracket until the target fails
        if share(high) < at_least:
            break
        low, high = high, high * 2.0
    else:
        raise CalculationError(f"{target} holds at {at_least:.0%} for any investment in "
                               f"{chosen!r}: it does not bound the price")  # fmt: skip
    width = max(RELATIVE_TOLERANCE, 0.01 / invest_total)
    for _ in range(_STEPS):
        if high - low <= width * max(low, 1.0):
            break
        middle = 0.5 * (low + high)
        if share(middle) >= at_least:
            low = middle
        else:
            high = middle
    p = share(low)
    count = ev.simulation.n
    return PriceSolution(
        solution=chosen, target=target.strip(), at_least=float(at_least), scale=low,
        investment=low * invest_total, investment_pv=low * invest_pv, probability=p,
        standard_error=math.sqrt(p * (1.0 - p) / count), n=count, currency=ev.currency,
    )  # fmt: skip
