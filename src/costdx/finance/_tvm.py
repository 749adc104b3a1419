"""Time value of money: NPV, XNPV, PV, FV and PMT, matching Excel.

Every function behaves like a NumPy ufunc: scalar arguments give a Python ``float``,
array arguments broadcast and give an array. A cash-flow argument (``values``) holds
time along its **last axis**, so a 2-D array is one cash flow per row and a Monte Carlo
run of 100,000 cash flows is discounted in one vectorised call.

The private helpers at the bottom (input checks, discounting) are shared with
`costdx.finance._irr` and `costdx.finance._payback`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from costdx.errors import FinanceError

__all__ = ["fv", "npv", "pmt", "pv", "xnpv"]

FloatArray = NDArray[np.float64]
When = Literal["end", "begin"]
DatesLike = Sequence[_dt.date] | Sequence[np.datetime64] | NDArray[np.datetime64]

DAYS_PER_YEAR = 365.0
"""Excel's XNPV and XIRR divide day differences by 365, ignoring leap years."""


# --------------------------------------------------------------------------- NPV, XNPV


@overload
def npv(rate: float, values: Sequence[float], *, t0: bool = False) -> float: ...
@overload
def npv(rate: ArrayLike, values: ArrayLike, *, t0: bool = False) -> float | FloatArray: ...
def npv(rate: ArrayLike, values: ArrayLike, *, t0: bool = False) -> float | FloatArray:
    r"""Net present value of periodic cash flows, like Excel's ``NPV``.

    .. math::

        \text{t0=False (Excel):}\quad NPV = \sum_{i=1}^{n} \frac{v_i}{(1+r)^{i}}
        \qquad
        \text{t0=True:}\quad NPV = v_0 + \sum_{i=1}^{n-1} \frac{v_i}{(1+r)^{i}}

    Parameters
    ----------
    rate:
        Discount rate per period, ``> -1``. A scalar, or an array that broadcasts
        against the cash flows (``values.shape[:-1]``): one rate per row of a 2-D
        ``values``, or many rates for one 1-D cash flow.
    values:
        Cash flows, one per period, time along the last axis. 1-D for one cash flow,
        2-D for one cash flow per row.
    t0:
        Where the first value sits in time.

        * ``False`` (default) is Excel's ``NPV`` convention: the first value is at the
          **end of period 1** and is discounted once, like every other value.
        * ``True`` puts the first value at **t = 0**, undiscounted. This is how a value
          case includes an up-front investment, and equals Excel's idiom
          ``=NPV(rate, B3:B7) + B2``: ``npv(r, v, t0=True) == v[0] + npv(r, v[1:])``.

    Returns
    -------
    float or numpy.ndarray
        A ``float`` when ``rate`` is a scalar and ``values`` is 1-D; otherwise an array
        of shape ``broadcast(rate.shape, values.shape[:-1])``.

    Raises
    ------
    FinanceError
        If ``values`` is empty or not finite, ``rate`` is ``<= -1`` or not finite, or
        the result overflows.

    Examples
    --------
    Microsoft's NPV example 1 (the first value is one year from today):

    >>> round(npv(0.10, [-10_000, 3_000, 4_200, 6_800]), 2)
    1188.44

    Microsoft's NPV example 2, an investment made today (``=NPV(8%, B3:B7) + B2``):

    >>> flows = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]
    >>> round(npv(0.08, flows, t0=True), 2)
    1922.06
    >>> npv(0.08, flows, t0=True) == flows[0] + npv(0.08, flows[1:])
    True

    One NPV per row, and one row at several rates:

    >>> import numpy as np
    >>> npv(0.25, np.array([[-100.0, 125.0], [-100.0, 150.0]]), t0=True)
    array([ 0., 20.])
    >>> npv([0.0, 0.25], [-100.0, 125.0], t0=True)
    array([25.,  0.])
    """
    r = _as_rate(rate)
    v = _as_values(values)
    _check_broadcast(r, v)
    n = v.shape[-1]
    if t0:
        # Computed literally as v[0] + NPV(v[1:]), so the documented identity is exact.
        out = v[..., 0] + _discounted_sum(r, v[..., 1:], np.arange(1, n, dtype=np.float64))
    else:
        out = _discounted_sum(r, v, np.arange(1, n + 1, dtype=np.float64))
    return _finite(out, "npv")


@overload
def xnpv(rate: float, values: Sequence[float], dates: DatesLike) -> float: ...
@overload
def xnpv(rate: ArrayLike, values: ArrayLike, dates: DatesLike) -> float | FloatArray: ...
def xnpv(rate: ArrayLike, values: ArrayLike, dates: DatesLike) -> float | FloatArray:
    r"""Net present value of dated cash flows, like Excel's ``XNPV``.

    .. math::

        XNPV = \sum_{i=0}^{n-1} \frac{v_i}{(1+r)^{(d_i - d_0)/365}}

    The first value is at the first date and is not discounted; day differences are
    divided by 365 whatever the calendar, as in Excel.

    Parameters
    ----------
    rate:
        Discount rate per year, ``> -1``; a scalar or an array broadcasting against
        ``values.shape[:-1]`` as in `npv`.
    values:
        Cash flows along the last axis (2-D: one cash flow per row).
    dates:
        One date per value, shared by every row: ``datetime.date`` objects or
        ``numpy.datetime64`` (truncated to whole days, as Excel truncates serial dates).
        As in Excel, every date must be on or after the first date; the others may be
        in any order.

    Returns
    -------
    float or numpy.ndarray
        A ``float`` for a scalar rate and 1-D values, else an array.

    Raises
    ------
    FinanceError
        For empty or non-finite values, an overflowing result, ``rate <= -1``, a
        ``dates`` length that differs from the number of values, missing dates (NaT), or
        a date before the first date.

    Examples
    --------
    Microsoft's XNPV example:

    >>> from datetime import date
    >>> values = [-10_000, 2_750, 4_250, 3_250, 2_750]
    >>> dates = [date(2008, 1, 1), date(2008, 3, 1), date(2008, 10, 30),
    ...          date(2009, 2, 15), date(2009, 4, 1)]
    >>> round(xnpv(0.09, values, dates), 2)
    2086.65
    """
    r = _as_rate(rate)
    v = _as_values(values)
    _check_broadcast(r, v)
    t = _day_offsets(dates, v.shape[-1]) / DAYS_PER_YEAR
    return _finite(_discounted_sum(r, v, t), "xnpv")


# --------------------------------------------------------------------------- PMT, PV, FV


@overload
def pmt(rate: float, nper: float, pv: float, fv: float = 0.0, *, when: When = "end") -> float: ...
@overload
def pmt(
    rate: ArrayLike, nper: ArrayLike, pv: ArrayLike, fv: ArrayLike = 0.0, *, when: When = "end"
) -> float | FloatArray: ...
def pmt(
    rate: ArrayLike, nper: ArrayLike, pv: ArrayLike, fv: ArrayLike = 0.0, *, when: When = "end"
) -> float | FloatArray:
    r"""Payment per period of an annuity, like Excel's ``PMT``.

    Solves Excel's annuity equation for ``pmt``:

    .. math::

        pv\,(1+r)^{n} + pmt\,(1 + r\,w)\,\frac{(1+r)^{n} - 1}{r} + fv = 0,
        \qquad w = 0 \text{ (end) or } 1 \text{ (begin)},

    which for ``r == 0`` is :math:`pv + pmt\,n + fv = 0`.

    Sign convention (Excel's): money received is positive, money paid out negative.
    Borrowing 10,000 (``pv=+10000``) gives a negative payment.

    Parameters
    ----------
    rate:
        Interest rate per period, ``> -1`` (``0`` allowed).
    nper:
        Number of periods, non-zero (it need not be a whole number).
    pv:
        Present value (the loan amount, positive when received).
    fv:
        Future value wanted after the last payment (default 0).
    when:
        ``"end"`` (default): payments at the end of each period, Excel's ``type=0``.
        ``"begin"``: at the start of each period, Excel's ``type=1``.

    Returns
    -------
    float or numpy.ndarray
        A ``float`` when every numeric argument is a scalar, else the broadcast array.

    Raises
    ------
    FinanceError
        For non-finite input, an overflowing result, ``rate <= -1``, ``nper == 0`` or an
        unknown ``when``.

    Examples
    --------
    Microsoft's PMT examples:

    >>> round(pmt(0.08 / 12, 10, 10_000), 2)
    -1037.03
    >>> round(pmt(0.08 / 12, 10, 10_000, 0, when="begin"), 2)
    -1030.16
    >>> round(pmt(0.06 / 12, 18 * 12, 0, 50_000), 2)
    -129.08
    >>> pmt(0, 4, 1_000)
    -250.0
    """
    r = _as_rate(rate)
    n = _as_float_array(nper, "nper")
    present = _as_float_array(pv, "pv")
    future = _as_float_array(fv, "fv")
    w = _when_type(when)
    zero = n == 0
    if np.any(zero):
        where = tuple(int(i) for i in np.argwhere(zero)[0])
        raise FinanceError(
            f"nper must not be 0 (no periods to spread the payment over); "
            f"nper{_index_text(where)} is 0"
        )
    growth, annuity = _growth_and_annuity(r, n)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = -(present * growth + future) / ((1.0 + r * w) * annuity)
    return _finite(out, "pmt")


@overload
def pv(rate: float, nper: float, pmt: float, fv: float = 0.0, *, when: When = "end") -> float: ...
@overload
def pv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, fv: ArrayLike = 0.0, *, when: When = "end"
) -> float | FloatArray: ...
def pv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, fv: ArrayLike = 0.0, *, when: When = "end"
) -> float | FloatArray:
    r"""Present value of an annuity, like Excel's ``PV``.

    Solves Excel's annuity equation for ``pv``:

    .. math::

        pv\,(1+r)^{n} + pmt\,(1 + r\,w)\,\frac{(1+r)^{n} - 1}{r} + fv = 0,
        \qquad w = 0 \text{ (end) or } 1 \text{ (begin)},

    which for ``r == 0`` is :math:`pv + pmt\,n + fv = 0`.

    Sign convention (Excel's): money received is positive, money paid out negative, so
    receiving payments of +500 is worth a negative amount paid today.

    Parameters
    ----------
    rate:
        Interest rate per period, ``> -1`` (``0`` allowed).
    nper:
        Number of periods.
    pmt:
        Payment made each period.
    fv:
        Future value after the last payment (default 0).
    when:
        ``"end"`` (default, Excel's ``type=0``) or ``"begin"`` (Excel's ``type=1``).

    Returns
    -------
    float or numpy.ndarray
        A ``float`` when every numeric argument is a scalar, else the broadcast array.

    Raises
    ------
    FinanceError
        For non-finite input, an overflowing result, ``rate <= -1`` or an unknown ``when``.

    Examples
    --------
    Microsoft's PV example (an annuity paying 500 a month for 20 years at 8 %):

    >>> round(pv(0.08 / 12, 12 * 20, 500, 0), 2)
    -59777.15
    >>> pv(0, 10, -100)
    1000.0
    """
    r = _as_rate(rate)
    n = _as_float_array(nper, "nper")
    payment = _as_float_array(pmt, "pmt")
    future = _as_float_array(fv, "fv")
    w = _when_type(when)
    growth, annuity = _growth_and_annuity(r, n)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = -(future + payment * (1.0 + r * w) * annuity) / growth
    return _finite(out, "pv")


@overload
def fv(rate: float, nper: float, pmt: float, pv: float = 0.0, *, when: When = "end") -> float: ...
@overload
def fv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, pv: ArrayLike = 0.0, *, when: When = "end"
) -> float | FloatArray: ...
def fv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, pv: ArrayLike = 0.0, *, when: When = "end"
) -> float | FloatArray:
    r"""Future value of an annuity, like Excel's ``FV``.

    Solves Excel's annuity equation for ``fv``:

    .. math::

        fv = -\left(pv\,(1+r)^{n} + pmt\,(1 + r\,w)\,\frac{(1+r)^{n} - 1}{r}\right),
        \qquad w = 0 \text{ (end) or } 1 \text{ (begin)},

    which for ``r == 0`` is :math:`fv = -(pv + pmt\,n)`.

    Sign convention (Excel's): money received is positive, money paid out negative, so
    depositing (``pmt < 0``) builds a positive future value.

    Parameters
    ----------
    rate:
        Interest rate per period, ``> -1`` (``0`` allowed).
    nper:
        Number of periods.
    pmt:
        Payment made each period.
    pv:
        Present value, the lump sum at the start (default 0).
    when:
        ``"end"`` (default, Excel's ``type=0``) or ``"begin"`` (Excel's ``type=1``).

    Returns
    -------
    float or numpy.ndarray
        A ``float`` when every numeric argument is a scalar, else the broadcast array.

    Raises
    ------
    FinanceError
        For non-finite input, an overflowing result, ``rate <= -1`` or an unknown ``when``.

    Examples
    --------
    Microsoft's FV examples:

    >>> round(fv(0.06 / 12, 10, -200, -500, when="begin"), 2)
    2581.4
    >>> round(fv(0.12 / 12, 12, -1_000), 2)
    12682.5
    >>> round(fv(0.11 / 12, 35, -2_000, 0, when="begin"), 2)
    82846.25

    Arrays broadcast like ufuncs:

    >>> fv([0.0, 0.1], 2, -100).round(6)
    array([200., 210.])
    """
    r = _as_rate(rate)
    n = _as_float_array(nper, "nper")
    payment = _as_float_array(pmt, "pmt")
    present = _as_float_array(pv, "pv")
    w = _when_type(when)
    growth, annuity = _growth_and_annuity(r, n)
    with np.errstate(over="ignore", invalid="ignore"):
        out = -(present * growth + payment * (1.0 + r * w) * annuity)
    return _finite(out, "fv")


# --------------------------------------------------------------------------- shared helpers


def _growth_and_annuity(rate: FloatArray, nper: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(1+r)^n`` and ``((1+r)^n - 1) / r`` (``n`` when ``r == 0``), accurate near r = 0."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        grown = np.expm1(nper * np.log1p(rate))
        safe_rate = np.where(rate == 0, 1.0, rate)
        annuity = np.where(rate == 0, nper, grown / safe_rate)
    return np.asarray(grown + 1.0, dtype=np.float64), np.asarray(annuity, dtype=np.float64)


def _when_type(when: object) -> float:
    """Excel's ``type`` argument: 0.0 for ``"end"``, 1.0 for ``"begin"``."""
    if when == "end":
        return 0.0
    if when == "begin":
        return 1.0
    raise FinanceError(f"when must be 'end' or 'begin' (Excel's type 0 or 1); got {when!r}")


def _discounted_sum(rate: FloatArray, values: FloatArray, times: FloatArray) -> FloatArray:
    """``sum_i values[..., i] / (1 + rate)**times[i]`` over the last axis, broadcasting.

    A single rate has one discount vector ``(1 + rate)^−t``, shared by every row: one
    matrix-vector product, instead of a power and a division per element.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        if rate.ndim == 0:
            discount = (1.0 + rate) ** -times
            if np.all(np.isfinite(discount)):  # else a zero flow times inf: the general way
                return np.asarray(values @ discount, dtype=np.float64)
        factors = (1.0 + rate)[..., np.newaxis] ** times
        terms = np.where(values == 0.0, 0.0, values / factors)
        return np.asarray(np.sum(terms, axis=-1), dtype=np.float64)


def _result(out: Any) -> float | FloatArray:
    """A Python float for a 0-d result, else a float64 array."""
    arr = np.asarray(out, dtype=np.float64)
    if arr.ndim == 0:
        return float(arr)
    return arr


def _finite(out: Any, function: str) -> float | FloatArray:
    """`_result`, or a `FinanceError` where finite inputs overflowed to inf or nan."""
    arr = np.asarray(out, dtype=np.float64)
    bad = ~np.isfinite(arr)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise FinanceError(
            f"{function}: the result{_index_text(where)} overflows: it is beyond the largest "
            "number a float holds (about 1.8e308); check the rate, the number of periods "
            "and the amounts"
        )
    return _result(arr)


def _short(x: object) -> str:
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _index_text(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _as_float_array(x: object, name: str) -> FloatArray:
    """``x`` as a finite float64 array, or a FinanceError naming ``name``."""
    try:
        raw = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise FinanceError(f"{name} must be numeric; cannot read {_short(x)}: {exc}") from exc
    if raw.dtype.kind not in "biufO":
        raise FinanceError(f"{name} must be numeric; got {raw.dtype} data {_short(x)}")
    try:
        arr = raw.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise FinanceError(f"{name} must be numeric; got {_short(x)}") from exc
    bad = ~np.isfinite(arr)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise FinanceError(
            f"{name} must be finite; {name}{_index_text(where)} is {float(arr[where])!r}"
        )
    return arr


def _as_rate(rate: object, name: str = "rate") -> FloatArray:
    """``rate`` as a float64 array, finite and ``> -1`` everywhere."""
    arr = _as_float_array(rate, name)
    bad = arr <= -1.0
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise FinanceError(
            f"{name} must be greater than -1 (a rate of -100 % or less has no discount "
            f"factor); {name}{_index_text(where)} is {float(arr[where])!r}"
        )
    return arr


def _as_values(values: object, name: str = "values") -> FloatArray:
    """Cash flows as a finite float64 array of at least one dimension, none empty."""
    arr = _as_float_array(values, name)
    if arr.ndim == 0:
        raise FinanceError(
            f"{name} must be a sequence of cash flows (time along the last axis); "
            f"got the single number {float(arr)!r}"
        )
    if arr.size == 0:
        raise FinanceError(f"{name} is empty (shape {arr.shape}); give at least one cash flow")
    return arr


def _check_broadcast(rate: FloatArray, values: FloatArray) -> None:
    try:
        np.broadcast_shapes(rate.shape, values.shape[:-1])
    except ValueError as exc:
        raise FinanceError(
            f"rate with shape {rate.shape} does not broadcast against values with "
            f"shape {values.shape} (one rate per cash flow is shape {values.shape[:-1]})"
        ) from exc


def _day_offsets(dates: object, n: int, name: str = "dates") -> FloatArray:
    """Whole days from the first date to each date, checked the way Excel checks them."""
    try:
        raw = np.asarray(dates)
    except (TypeError, ValueError) as exc:
        raise FinanceError(f"{name} must be a sequence of dates; got {_short(dates)}") from exc
    if raw.dtype.kind in "biufc":
        raise FinanceError(
            f"{name} must be datetime.date or numpy.datetime64 values, not numbers "
            f"(Excel serial dates are not accepted); got {_short(dates)}"
        )
    try:
        days = raw.astype("datetime64[D]")
    except (TypeError, ValueError) as exc:
        raise FinanceError(f"{name} must be a sequence of dates; got {_short(dates)}") from exc
    if days.ndim != 1:
        raise FinanceError(
            f"{name} must be one-dimensional (one date per value, shared by every row); "
            f"got shape {days.shape}"
        )
    if days.shape[0] != n:
        raise FinanceError(
            f"{name} has {days.shape[0]} entries but values has {n} per cash flow; "
            "give one date per value"
        )
    missing = np.isnat(days)
    if np.any(missing):
        raise FinanceError(f"{name}[{int(np.argmax(missing))}] is missing (NaT)")
    offsets = (days - days[0]).astype(np.int64)
    early = offsets < 0
    if np.any(early):
        i = int(np.argmax(early))
        raise FinanceError(
            f"{name}[{i}] ({days[i]}) is before the first date {name}[0] ({days[0]}); "
            "as in Excel, every date must be on or after the first"
        )
    return np.asarray(offsets, dtype=np.float64)
