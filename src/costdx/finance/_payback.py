"""Payback period: how long until the cumulative cash flow is recovered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from costdx.finance._tvm import FloatArray, _as_values, _result

__all__ = ["payback"]

_ZERO_TOL = 1e-12
"""Cumulative sums within this fraction of the running gross flow count as zero."""


@overload
def payback(values: Sequence[float], *, t0: bool = True) -> float: ...
@overload
def payback(values: ArrayLike, *, t0: bool = True) -> float | FloatArray: ...
def payback(values: ArrayLike, *, t0: bool = True) -> float | FloatArray:
    r"""Fractional number of periods until the cumulative cash flow is paid back.

    With cumulative cash flow :math:`C_k = \sum_{i \le k} v_i` at time :math:`t_k`, and
    :math:`k` the first index **after the cumulative has been negative** with
    :math:`C_k \ge 0`, the cash arriving during period :math:`k` is taken to arrive
    evenly (linear interpolation), so

    .. math::

        \text{payback} = t_{k-1} + \frac{-C_{k-1}}{v_k}

    Excel has no payback function; this is the usual spreadsheet construction
    (cumulative sum, then ``last negative period + shortfall / next flow``).

    Conventions:

    * ``t0=True`` (default): ``values[0]`` is at t = 0 (the up-front investment) and
      ``values[k]`` arrives during period k, so :math:`t_k = k`.
    * ``t0=False``: Excel's NPV timing; the cumulative is 0 at t = 0, ``values[0]``
      arrives during period 1, so :math:`t_k = k + 1`.
    * It is the **first** time the cumulative turns from negative to ``>= 0``; a later
      dip below zero does not move it (it need not stay paid back).
    * ``0.0`` if the cumulative is never negative (nothing to pay back).
    * ``nan`` if the cumulative goes negative and never recovers.
    * Cumulative sums within ``1e-12`` of the running total of ``|values|`` count as
      zero, so that rounding in, say, ``-0.3 + 0.1 + 0.1 + 0.1`` does not hide an exact
      payback.

    Parameters
    ----------
    values:
        Cash flows, time along the last axis; 2-D for one cash flow per row.
    t0:
        Whether ``values[0]`` is at t = 0 (default) or at the end of period 1.

    Returns
    -------
    float or numpy.ndarray
        A ``float`` for 1-D ``values``, else an array of shape ``values.shape[:-1]``.

    Raises
    ------
    FinanceError
        If ``values`` is empty or not finite.

    Examples
    --------
    Invest 100, get back 30, 30, 60: after two periods 40 is still owed, and the 60 of
    period 3 covers it two-thirds of the way through:

    >>> round(payback([-100, 30, 30, 60]), 6)
    2.666667
    >>> round(payback([-100, 30, 30, 60], t0=False), 6)
    3.666667
    >>> payback([-100, 30, 30])
    nan
    >>> payback([[-100, 50, 50, 50], [-100, 100, 0, 0]])
    array([2., 1.])
    """
    v = _as_values(values)
    n = v.shape[-1]
    cumulative = np.cumsum(v, axis=-1)
    tol = _ZERO_TOL * np.cumsum(np.abs(v), axis=-1)
    negative = cumulative < -tol
    recovered = ~negative
    index = np.arange(n)
    ever_negative = np.any(negative, axis=-1)
    first_negative = np.argmax(negative, axis=-1)
    after = recovered & (index > first_negative[..., np.newaxis])
    recovers = np.any(after, axis=-1)
    k = np.argmax(after, axis=-1)
    k_prev = np.maximum(k - 1, 0)
    owed = -np.take_along_axis(cumulative, k_prev[..., np.newaxis], axis=-1)[..., 0]
    inflow = np.take_along_axis(v, k[..., np.newaxis], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.clip(owed / inflow, 0.0, 1.0)
    start = 0.0 if t0 else 1.0
    time = start + k_prev + fraction
    out = np.where(ever_negative, np.where(recovers, time, np.nan), 0.0)
    return _result(out)
