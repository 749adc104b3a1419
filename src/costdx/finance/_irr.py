"""Internal rate of return: IRR and XIRR, matching Excel, with root diagnostics.

The IRR is a root of the NPV as a function of the rate. Excel finds it by Newton's
method started at ``guess`` and returns ``#NUM!`` when that fails; when the cash flow
changes sign more than once there may be several roots, and Excel silently returns
whichever one its iteration reaches. These functions return the same root Excel returns
for the same guess, and also say when there is no root or more than one.

Method, per cash flow (all steps vectorised over the rows of a 2-D input):

1. Count the sign changes ``s`` of the cash flow (zeros skipped; for XIRR, flows on the
   same date are first added together). By Descartes' rule of signs, extended to real
   exponents by Laguerre, NPV has at most ``s`` roots in ``(-1, inf)``, and exactly one
   when ``s == 1``. ``s == 0`` means no root (Excel: ``#NUM!``).
2. Newton's method on the rate, started at ``guess`` as in Excel (a step that would go to
   ``-1`` or below is halved back towards ``-1``). The root is accepted only if the NPV
   there is below ``1e-8`` of the sum of the absolute discounted flows.
3. If Newton fails and ``s`` is odd (so the NPV has opposite signs near ``-1`` and at
   ``+inf``), bisection on ``ln(1 + rate)`` finds a root in ``(-1 + 2e-16, 1e13)``.
4. If ``s >= 2``, every root in ``(-1, 10]`` is found by Laguerre's derivative
   recursion (see `_laguerre_roots`), which splits the rate axis into pieces on
   which the NPV has at most one root and bisects each piece that changes sign; a point
   where the NPV touches zero without changing sign is found too. Each root is polished
   by Newton's method and kept only if its residual passes the test of step 2. Roots
   closer than ``1e-6`` in ``ln(1 + rate)`` count as one. The search is the same for
   IRR (times 0, 1, 2, ...) and XIRR (times in years of 365 days), and runs on all rows
   with ``s >= 2`` at once, one vectorised pass per recursion level.

The status is ``"multiple_roots"`` when two or more distinct roots were found (those in
``(-1, 10]`` plus the Newton root wherever it is), ``"ok"`` for exactly one,
``"not_converged"`` when a root must exist (``s`` odd) but none was found in range, and
``"no_root"`` otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from costdx.errors import FinanceError
from costdx.finance._tvm import (
    DAYS_PER_YEAR,
    DatesLike,
    FloatArray,
    _as_rate,
    _as_values,
    _day_offsets,
)

__all__ = ["IRRArrayResult", "IRRResult", "IRRStatus", "irr", "xirr"]

IRRStatus = Literal["ok", "no_root", "multiple_roots", "not_converged"]
IntArray = NDArray[np.int64]

_U_LO = -36.0
"""Lowest ``ln(1 + rate)`` searched: 1 + rate = 2.3e-16, about the smallest a float
rate above -1 can express."""
_U_HI = math.log(11.0)
"""Highest ``ln(1 + rate)`` of the multiple-root search: rate = 10 (1000 % per period)."""
_U_BRACKET_HI = 30.0
"""Top of the bisection fallback for an odd number of sign changes: rate = 1.07e13."""
_NEWTON_MAXITER = 100
_NEWTON_STEP_TOL = 1e-10
_RESIDUAL_TOL = 1e-8
_DISTINCT_TOL = 1e-6
_POLISH_STEPS = 8
_CHUNK_ELEMENTS = 4_000_000
_BISECT_MAXITER = 200
_BISECT_WIDTH = 1e-12
"""Bisection stops at this width in u; roots are then polished by Newton's method."""


@dataclass(frozen=True, slots=True)
class IRRResult:
    """The IRR of one cash flow, and whether it is the only one.

    Attributes
    ----------
    rate:
        The root Excel returns for the same guess (``nan`` when there is none). When
        Newton's method from the guess fails but roots exist, the root closest to the
        guess.
    status:
        ``"ok"`` (exactly one root found), ``"no_root"`` (the NPV never reaches zero,
        e.g. the cash flow never changes sign), ``"multiple_roots"`` (the cash flow
        changes sign more than once and two or more roots exist, so the IRR is
        ambiguous), or ``"not_converged"`` (a root must exist but was not found in
        ``(-1 + 2e-16, 1e13)``).
    roots:
        Every distinct root found, ascending: those in ``(-1, 10]`` plus ``rate``
        itself. Empty when there is none.

    ``float(result)`` is ``result.rate``.
    """

    rate: float
    status: IRRStatus
    roots: tuple[float, ...] = ()

    def __float__(self) -> float:
        return self.rate


@dataclass(frozen=True, slots=True, eq=False)
class IRRArrayResult:
    """The IRRs of many cash flows (one per row of the input).

    Attributes
    ----------
    rate:
        Float array of shape ``values.shape[:-1]``: each row's rate as in
        `IRRResult.rate` (``nan`` where there is none).
    status:
        String array of the same shape holding each row's `IRRResult.status`.

    Both arrays are read-only.
    """

    rate: FloatArray
    status: NDArray[np.str_]

    def __len__(self) -> int:
        return len(self.rate)


@overload
def irr(values: Sequence[float], *, guess: float = 0.1) -> IRRResult: ...
@overload
def irr(values: Sequence[Sequence[float]], *, guess: float = 0.1) -> IRRArrayResult: ...
@overload
def irr(values: ArrayLike, *, guess: float = 0.1) -> IRRResult | IRRArrayResult: ...
def irr(values: ArrayLike, *, guess: float = 0.1) -> IRRResult | IRRArrayResult:
    r"""Internal rate of return of periodic cash flows, like Excel's ``IRR``.

    The rate :math:`r > -1` at which the net present value is zero, with the first value
    at t = 0 (undiscounted), as in Excel:

    .. math::

        \sum_{i=0}^{n-1} \frac{v_i}{(1+r)^{i}} = 0
        \quad\Longleftrightarrow\quad
        \texttt{npv(r, values, t0=True)} = 0

    Parameters
    ----------
    values:
        Cash flows, one per period, time along the last axis; 2-D for one cash flow
        per row.
    guess:
        Where Newton's method starts, as Excel's ``guess`` (default 10 %). Only matters
        when there are several roots: it picks the one Excel would return.

    Returns
    -------
    IRRResult or IRRArrayResult
        For 1-D ``values``, an `IRRResult` (``rate``, ``status``, ``roots``).
        For 2-D (or higher) ``values``, an `IRRArrayResult` with ``rate`` and
        ``status`` arrays of shape ``values.shape[:-1]``.

    Raises
    ------
    FinanceError
        If ``values`` is empty or not finite, or ``guess`` is not a finite number > -1.

    Notes
    -----
    See the module docstring of `costdx.finance._irr` for the method. Everything is
    vectorised over rows. The multiple-root search runs only for rows whose cash flow
    changes sign more than once and costs roughly 0.05-0.4 ms per such row for 10-30
    periods (more for long, noisy cash flows).

    Examples
    --------
    Microsoft's IRR examples:

    >>> flows = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]
    >>> result = irr(flows)
    >>> round(result.rate, 4), result.status
    (0.0866, 'ok')
    >>> round(float(irr(flows[:5])), 4)
    -0.0212
    >>> round(irr(flows[:3], guess=-0.10).rate, 4)
    -0.4435

    A cash flow that changes sign twice can have two IRRs (here 10 % and 20 %):

    >>> two = irr([-100, 230, -132])
    >>> two.status, [round(r, 6) for r in two.roots], round(two.rate, 6)
    ('multiple_roots', [0.1, 0.2], 0.1)
    >>> irr([100, 50]).status
    'no_root'

    One IRR per row:

    >>> many = irr([[-100, 110, 0], [-100, 0, 121], [100, 50, 0]])
    >>> many.rate.round(6)
    array([0.1, 0.1, nan])
    >>> many.status.tolist()
    ['ok', 'ok', 'no_root']
    """
    v = _as_values(values)
    g = _as_guess(guess)
    n = v.shape[-1]
    rows = v.reshape(-1, n)
    times = np.arange(n, dtype=np.float64)
    solved = _solve(rows, times, g)
    if v.ndim == 1:
        return solved.single()
    return solved.array(v.shape[:-1])


@overload
def xirr(values: Sequence[float], dates: DatesLike, *, guess: float = 0.1) -> IRRResult: ...
@overload
def xirr(
    values: Sequence[Sequence[float]], dates: DatesLike, *, guess: float = 0.1
) -> IRRArrayResult: ...
@overload
def xirr(
    values: ArrayLike, dates: DatesLike, *, guess: float = 0.1
) -> IRRResult | IRRArrayResult: ...
def xirr(values: ArrayLike, dates: DatesLike, *, guess: float = 0.1) -> IRRResult | IRRArrayResult:
    r"""Internal rate of return of dated cash flows, like Excel's ``XIRR``.

    The annual rate :math:`r > -1` at which Excel's XNPV is zero:

    .. math::

        \sum_{i=0}^{n-1} \frac{v_i}{(1+r)^{(d_i - d_0)/365}} = 0
        \quad\Longleftrightarrow\quad
        \texttt{xnpv(r, values, dates)} = 0

    Parameters
    ----------
    values:
        Cash flows along the last axis; 2-D for one cash flow per row.
    dates:
        One date per value, shared by every row (``datetime.date`` or
        ``numpy.datetime64``); every date must be on or after the first, as in Excel.
    guess:
        Where Newton's method starts, as Excel's ``guess`` (default 10 %).

    Returns
    -------
    IRRResult or IRRArrayResult
        As for `irr`.

    Raises
    ------
    FinanceError
        For empty or non-finite values, a bad ``guess``, a ``dates`` length that differs
        from the number of values, missing dates, or a date before the first date.

    Notes
    -----
    Flows on the same date are added together first. The method is that of `irr`
    with times ``(d_i - d_0) / 365``, vectorised over rows in the same way.

    Examples
    --------
    Microsoft's XIRR example:

    >>> from datetime import date
    >>> values = [-10_000, 2_750, 4_250, 3_250, 2_750]
    >>> dates = [date(2008, 1, 1), date(2008, 3, 1), date(2008, 10, 30),
    ...          date(2009, 2, 15), date(2009, 4, 1)]
    >>> result = xirr(values, dates)
    >>> round(result.rate, 6), result.status
    (0.373363, 'ok')

    (Microsoft shows 0.373362535; the exact root is 0.3733625335..., Excel stopping
    within its stated 0.000001 % accuracy.)
    """
    v = _as_values(values)
    g = _as_guess(guess)
    n = v.shape[-1]
    days = _day_offsets(dates, n)
    flat = v.reshape(-1, n)
    if np.all(np.diff(days) > 0):  # dates in order, none repeated: nothing to merge
        rows, times = flat, days / DAYS_PER_YEAR
    else:
        order = np.argsort(days, kind="stable")
        unique_days, starts = np.unique(days[order], return_index=True)
        rows = np.add.reduceat(flat[:, order], starts, axis=1)
        times = unique_days / DAYS_PER_YEAR
    solved = _solve(rows, times, g)
    if v.ndim == 1:
        return solved.single()
    return solved.array(v.shape[:-1])


# --------------------------------------------------------------------------- the solver


def _as_guess(guess: object) -> float:
    arr = _as_rate(guess, "guess")
    if arr.ndim != 0:
        raise FinanceError(f"guess must be a single number; got an array of shape {arr.shape}")
    return float(arr)


@dataclass(frozen=True, slots=True)
class _Solved:
    rate: FloatArray
    status: NDArray[np.str_]
    root_rows: IntArray
    root_rates: FloatArray

    def single(self) -> IRRResult:
        roots = tuple(float(r) for r in np.sort(self.root_rates[self.root_rows == 0]))
        status = cast(IRRStatus, str(self.status[0]))
        return IRRResult(rate=float(self.rate[0]), status=status, roots=roots)

    def array(self, shape: tuple[int, ...]) -> IRRArrayResult:
        rate = self.rate.reshape(shape)
        status = self.status.reshape(shape)
        rate.setflags(write=False)
        status.setflags(write=False)
        return IRRArrayResult(rate=rate, status=status)


def _solve(
    rows: FloatArray,
    times: FloatArray,
    guess: float,
) -> _Solved:
    """IRR of each row of ``rows`` (m, n) with cash-flow times ``times`` (n,), ascending."""
    m = rows.shape[0]
    changes = _sign_changes(rows)
    live = np.flatnonzero(changes >= 1)

    # 2. Newton from the guess, all live rows at once.
    newton = np.full(m, np.nan)
    newton[live] = _newton(rows[live], times, guess)
    newton_ok = np.isfinite(newton)

    # 3. Bisection where Newton failed but the sign changes guarantee a root.
    fallback = newton.copy()
    need = np.flatnonzero(~newton_ok & (changes % 2 == 1))
    if need.size:
        fallback[need] = _bisect(rows[need], times)

    # 4. All roots in (-1, 10] where there may be several.
    multi = np.flatnonzero(changes >= 2)
    if multi.size:
        local_rows, found = _laguerre_roots(rows[multi], times)
        found_rows = multi[local_rows]
    else:
        found_rows, found = np.empty(0, np.int64), np.empty(0)

    has_fb = np.flatnonzero(np.isfinite(fallback))
    cand_rows = np.concatenate([has_fb, found_rows])
    cand_rates = np.concatenate([fallback[has_fb], found])
    preferred = np.concatenate([np.ones(has_fb.size, bool), np.zeros(found_rows.size, bool)])
    root_rows, root_rates = _distinct(cand_rows, cand_rates, preferred)

    count = np.bincount(root_rows, minlength=m)
    rate = np.where(newton_ok, newton, np.nan)
    pick = ~newton_ok & (count > 0)
    if np.any(pick):
        rate[pick] = _closest(root_rows, root_rates, guess, m)[pick]

    status = np.full(m, "no_root", dtype="<U14")
    status[count == 1] = "ok"
    status[count >= 2] = "multiple_roots"
    status[(count == 0) & (changes % 2 == 1)] = "not_converged"
    return _Solved(rate=rate, status=status, root_rows=root_rows, root_rates=root_rates)


def _sign_changes(rows: FloatArray) -> IntArray:
    """Number of sign changes along each row, zeros skipped."""
    n = rows.shape[1]
    signs = np.sign(rows)
    if signs.all():  # no zero to skip: neighbours' signs decide
        return np.asarray(np.sum(signs[:, 1:] != signs[:, :-1], axis=1), dtype=np.int64)
    last_nonzero = np.maximum.accumulate(np.where(signs != 0, np.arange(n), 0), axis=1)
    filled = np.take_along_axis(signs, last_nonzero, axis=1)
    return np.asarray(np.sum(filled[:, 1:] * filled[:, :-1] < 0, axis=1), dtype=np.int64)


def _scaled(
    rows: FloatArray, times: FloatArray, u: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """NPV, its u-derivative and the sum of absolute terms at ``1 + rate = exp(u)``.

    All three are multiplied by the same positive factor (chosen so that the largest
    term is 1), so ratios and signs are exact and nothing overflows however close the
    rate is to -1 or however large it is.
    """
    expo = -u[:, np.newaxis] * times
    expo = np.where(rows != 0.0, expo, -np.inf)
    top = np.max(expo, axis=1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    weights = np.exp(expo - top)
    terms = rows * weights
    value = np.sum(terms, axis=1)
    slope = -np.sum(terms * times, axis=1)
    size = np.sum(np.abs(terms), axis=1)
    return value, slope, size


def _sign_at(rows: FloatArray, times: FloatArray, u: FloatArray) -> FloatArray:
    """The sign of each row's NPV at ``1 + rate = exp(u)`` (the first output of _scaled)."""
    expo = -u[:, np.newaxis] * times
    expo[rows == 0.0] = -np.inf
    top = np.max(expo, axis=1, keepdims=True)
    expo -= np.where(np.isfinite(top), top, 0.0)
    np.exp(expo, out=expo)
    expo *= rows
    return np.asarray(np.sign(np.sum(expo, axis=1)), dtype=np.float64)


def _newton(rows: FloatArray, times: FloatArray, guess: float) -> FloatArray:
    """Newton's method on the rate from ``guess``, as Excel; nan where it fails.

    Rows run first on plain discount factors ``(1 + r)^−t`` (a few passes over the rows
    per step); a row whose factors overflow (a rate near −1, or very long cash flows)
    runs again on the scaled form of `_scaled`, which cannot overflow.
    """
    result, overflowed = _newton_plain(rows, times, guess)
    if overflowed.size:
        result[overflowed] = _newton_scaled(rows[overflowed], times, guess)
    return result


def _newton_plain(
    rows: FloatArray, times: FloatArray, guess: float
) -> tuple[FloatArray, NDArray[np.intp]]:
    """`_newton_scaled`'s iteration and tests on unscaled factors; the rows it could not
    decide because a factor or a sum overflowed are returned apart.

    Every live row steps at once; the working set is compacted only when it has halved,
    so a few slow rows never make every step copy the whole array.
    """
    k = rows.shape[0]
    result = np.full(k, np.nan)
    overflow: list[NDArray[np.intp]] = []
    index = np.arange(k)  # the working rows' places in the result
    # A row scaled to a largest flow of 1 has the same roots and no subnormal sums.
    top = np.max(np.abs(rows), axis=1, keepdims=True)
    work = rows / np.where(top > 0.0, top, 1.0)
    weighted, magnitude = work * times, np.abs(work)
    rate = np.full(k, guess)
    live = np.ones(k, dtype=bool)
    scratch = np.empty(rows.shape)  # the factors, written in place: no page faults per step
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for _ in range(_NEWTON_MAXITER):
            count = int(np.count_nonzero(live))
            if count == 0:
                break
            if count <= live.size // 2:
                index, work, weighted, magnitude, rate = (
                    index[live],
                    work[live],
                    weighted[live],
                    magnitude[live],
                    rate[live],
                )
                live = np.ones(count, dtype=bool)
            growth = 1.0 + rate
            factors = _factors(-np.log(growth), times, scratch)
            value = np.einsum("ij,ij->i", work, factors)
            slope = -np.einsum("ij,ij->i", weighted, factors)
            bad = live & ~(np.isfinite(value) & np.isfinite(slope) & (slope != 0.0))
            new = rate - value * growth / slope
            new = np.where(new <= -1.0, (rate - 1.0) / 2.0, new)
            exact = value == 0.0
            new = np.where(exact, rate, new)
            failed = live & (~np.isfinite(new) | (new > 1e12))
            done = exact | (np.abs(new - rate) <= _NEWTON_STEP_TOL * np.maximum(1.0, np.abs(rate)))
            done &= live & ~failed & ~bad
            rate = np.where(live & ~bad, new, rate)
            if np.any(done):
                at = _factors(-np.log1p(rate[done]), times, scratch)
                value = np.einsum("ij,ij->i", work[done], at)
                size = np.einsum("ij,ij->i", magnitude[done], at)
                sure = np.isfinite(value) & np.isfinite(size) & (size > 0.0)
                good = sure & (np.abs(value) <= _RESIDUAL_TOL * size)
                finished = index[done]
                result[finished[good]] = rate[done][good]
                overflow.append(finished[~sure])
            overflow.append(index[bad])
            live &= ~(done | failed | bad)
    lost = np.concatenate(overflow) if overflow else np.empty(0, np.intp)
    return result, lost.astype(np.intp)


def _factors(log_discount: FloatArray, times: FloatArray, scratch: FloatArray) -> FloatArray:
    """``exp(log_discount ⊗ times)``, the discount factors of each row, in ``scratch``."""
    out = scratch[: log_discount.size]
    np.multiply.outer(log_discount, times, out=out)
    return np.exp(out, out=out)


def _newton_scaled(rows: FloatArray, times: FloatArray, guess: float) -> FloatArray:
    """Newton's method on the rate from ``guess`` on the scaled NPV; nan where it fails."""
    k = rows.shape[0]
    rate = np.full(k, guess)
    result = np.full(k, np.nan)
    active = np.arange(k)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for _ in range(_NEWTON_MAXITER):
            if active.size == 0:
                break
            r = rate[active]
            growth = 1.0 + r
            value, slope, size = _scaled(rows[active], times, np.log(growth))
            # d/d(rate) = d/du / (1 + rate), with u = ln(1 + rate).
            step = -value * growth / slope
            new = r + step
            new = np.where(new <= -1.0, (r - 1.0) / 2.0, new)
            exact = value == 0.0
            new = np.where(exact, r, new)
            failed = ~np.isfinite(new) | (new > 1e12)
            done = exact | (np.abs(new - r) <= _NEWTON_STEP_TOL * np.maximum(1.0, np.abs(r)))
            done &= ~failed
            rate[active] = new
            if np.any(done):
                finished = active[done]
                value, _, size = _scaled(rows[finished], times, np.log1p(rate[finished]))
                good = np.abs(value) <= _RESIDUAL_TOL * size
                result[finished[good]] = rate[finished[good]]
            active = active[~(done | failed)]
    return result


def _bisect(rows: FloatArray, times: FloatArray) -> FloatArray:
    """A root by bisection on u = ln(1 + rate) in [_U_LO, _U_BRACKET_HI]; nan if none there."""
    k = rows.shape[0]
    lo = np.full(k, _U_LO)
    hi = np.full(k, _U_BRACKET_HI)
    sign_lo = _sign_at(rows, times, lo)
    sign_hi = _sign_at(rows, times, hi)
    out = np.where(sign_lo == 0, lo, np.where(sign_hi == 0, hi, np.nan))
    bracketed = np.flatnonzero(sign_lo * sign_hi < 0)
    found = _bisect_pieces(rows[bracketed], times, lo[bracketed], hi[bracketed], sign_lo[bracketed])
    polished, residual = _polish_u(rows[bracketed], times, found)
    out[bracketed] = np.where(residual <= _RESIDUAL_TOL, polished, found)
    return np.asarray(np.expm1(out), dtype=np.float64)


def _polish(
    rows: FloatArray, times: FloatArray, row_of: IntArray, u: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Newton-polish candidate roots u = ln(1 + rate); keep the verified ones in range."""
    u, residual = _polish_u(rows[row_of], times, u)
    good = (residual <= _RESIDUAL_TOL) & (u >= _U_LO) & (u <= _U_HI)
    return row_of[good], np.asarray(np.expm1(u[good]), dtype=np.float64)


def _polish_u(flows: FloatArray, times: FloatArray, u: FloatArray) -> tuple[FloatArray, FloatArray]:
    """A few guarded Newton steps in u on each row of ``flows``; (u, relative residual).

    A step is taken only where it lowers the residual |NPV| / sum |terms|, so a root that
    is already as good as floating point allows (or a double root) is not thrown off.
    """
    if u.size == 0:
        return u, u.copy()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        value, slope, size = _scaled(flows, times, u)
        residual = np.abs(value) / size
        for _ in range(_POLISH_STEPS):
            trial = u - value / slope
            trial = np.where(np.isfinite(trial), trial, u)
            t_value, t_slope, t_size = _scaled(flows, times, trial)
            t_residual = np.abs(t_value) / t_size
            better = t_residual < residual
            if not np.any(better):
                break
            u = np.where(better, trial, u)
            value = np.where(better, t_value, value)
            slope = np.where(better, t_slope, slope)
            residual = np.where(better, t_residual, residual)
    return u, residual


def _laguerre_roots(rows: FloatArray, times: FloatArray) -> tuple[IntArray, FloatArray]:
    """Every root in (-1, 10] of each row's NPV, by Laguerre's recursion, vectorised.

    In u = ln(1 + rate) the NPV is F(u) = sum_i v_i exp(-t_i u). If the v_i change sign
    s times, F has at most s roots (Descartes' rule, extended to real exponents by
    Laguerre), exactly one if s == 1. Multiplying F by exp(p u), with p between the times
    of the first sign change, and differentiating gives G(u) = sum_i v_i (p - t_i)
    exp(-t_i u) times a positive factor: the same form with one sign change fewer. The
    roots of G split the line into pieces on which exp(p u) F is monotone, so each piece
    holds at most one root of F, found by bisection when F changes sign over it; a
    critical point where F touches zero without changing sign is a (double) root too.

    Starting from the level with one sign change, each level's roots are the next level's
    critical points. Each level is one vectorised pass over all rows (rows are processed
    in chunks to bound memory).
    """
    k, n = rows.shape
    changes = _sign_changes(rows)
    top = max(1, int(changes.max()))
    chunk = max(1, _CHUNK_ELEMENTS // (n * top))
    out_rows: list[IntArray] = []
    out_u: list[FloatArray] = []
    for start in range(0, k, chunk):
        part = slice(start, start + chunk)
        r_idx, u = _laguerre_chunk(rows[part], times, changes[part])
        out_rows.append(r_idx + start)
        out_u.append(u)
    row_of = np.concatenate(out_rows)
    return _polish(rows, times, row_of, np.concatenate(out_u))


def _laguerre_chunk(
    rows: FloatArray, times: FloatArray, changes: IntArray
) -> tuple[IntArray, FloatArray]:
    k = rows.shape[0]
    top = max(1, int(changes.max()))
    coefs = [rows]
    for _ in range(1, top):
        coefs.append(coefs[-1] * _first_flip_factor(coefs[-1], times))
    roots = np.full((k, 0), np.nan)
    for level in range(top - 1, -1, -1):
        part = np.flatnonzero(changes > level)
        found_rows, found_u = _laguerre_level(coefs[level][part], times, roots[part])
        roots = _pad_by_row(part[found_rows], found_u, k)
    r_idx, c_idx = np.nonzero(np.isfinite(roots))
    return r_idx.astype(np.int64), roots[r_idx, c_idx]


def _first_flip_factor(coef: FloatArray, times: FloatArray) -> FloatArray:
    """(p - t_i) per row, p halfway between the times of the row's first sign change.

    Rows without a sign change get a factor of 1 (they are not used at that level).
    """
    n = coef.shape[1]
    signs = np.sign(coef)
    last = np.maximum.accumulate(np.where(signs != 0, np.arange(n), 0), axis=1)
    filled = np.take_along_axis(signs, last, axis=1)
    flip = filled[:, 1:] * filled[:, :-1] < 0
    has = np.any(flip, axis=1)
    after = np.argmax(flip, axis=1) + 1
    before = last[np.arange(coef.shape[0]), after - 1]
    pivot = 0.5 * (times[before] + times[after])
    factor = pivot[:, np.newaxis] - times
    return np.where(has[:, np.newaxis], factor, 1.0)


def _laguerre_level(
    coef: FloatArray, times: FloatArray, critical: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Roots in [_U_LO, _U_HI] of each row's F, given the critical points of exp(p u) F."""
    k = coef.shape[0]
    inner = critical.shape[1]
    points = np.concatenate(
        [
            np.full((k, 1), _U_LO),
            np.where(np.isnan(critical), _U_HI, critical),
            np.full((k, 1), _U_HI),
        ],
        axis=1,
    )
    points.sort(axis=1)
    count = np.sum(np.isfinite(critical), axis=1)
    width = inner + 2
    flat_rows = np.repeat(np.arange(k), width)
    value, _, size = _scaled(coef[flat_rows], times, points.ravel())
    sign = np.sign(value).reshape(k, width)
    residual = (np.abs(value) / size).reshape(k, width)

    # Pieces over which F changes sign hold exactly one root each.
    change = sign[:, :-1] * sign[:, 1:] < 0
    i_row, i_col = np.nonzero(change)
    bisected = _bisect_pieces(
        coef[i_row], times, points[i_row, i_col], points[i_row, i_col + 1], sign[i_row, i_col]
    )

    # Critical points where F touches zero, and exact zeros anywhere.
    col = np.arange(width)
    is_inner = (col >= 1) & (col[np.newaxis, :] <= count[:, np.newaxis])
    left = np.ones((k, width))
    left[:, 1:] = sign[:, :-1] * sign[:, 1:]
    right = np.ones((k, width))
    right[:, :-1] = sign[:, :-1] * sign[:, 1:]
    touching = is_inner & (residual <= _RESIDUAL_TOL) & (left > 0) & (right > 0)
    valid = is_inner | (col == 0) | (col[np.newaxis, :] == count[:, np.newaxis] + 1)
    t_row, t_col = np.nonzero(touching | ((sign == 0) & valid))
    rows_out = np.concatenate([i_row, t_row]).astype(np.int64)
    u_out = np.concatenate([bisected, points[t_row, t_col]])
    return rows_out, u_out


def _bisect_pieces(
    coef: FloatArray, times: FloatArray, lo: FloatArray, hi: FloatArray, sign_lo: FloatArray
) -> FloatArray:
    """One root of each row's F in (lo, hi), where F(lo) has sign ``sign_lo`` != sign F(hi).

    Bisection in u to a width of ``_BISECT_WIDTH`` (callers polish the result).
    """
    lo, hi = lo.copy(), hi.copy()
    active = np.arange(lo.size)
    for _ in range(_BISECT_MAXITER):
        a_lo, a_hi = lo[active], hi[active]
        mid = 0.5 * (a_lo + a_hi)
        moving = (a_lo < mid) & (mid < a_hi) & (a_hi - a_lo > _BISECT_WIDTH)
        active, a_lo, a_hi, mid = active[moving], a_lo[moving], a_hi[moving], mid[moving]
        if active.size == 0:
            break
        sign_mid = _sign_at(coef[active], times, mid)
        lo[active] = np.where((sign_mid == sign_lo[active]) | (sign_mid == 0), mid, a_lo)
        hi[active] = np.where(sign_mid != sign_lo[active], mid, a_hi)
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)


def _pad_by_row(rows: IntArray, values: FloatArray, k: int) -> FloatArray:
    """Scatter (row, value) pairs into a (k, width) array, sorted per row, nan-padded."""
    if rows.size == 0:
        return np.full((k, 0), np.nan)
    order = np.lexsort((values, rows))
    rows, values = rows[order], values[order]
    starts = np.searchsorted(rows, rows, side="left")
    column = np.arange(rows.size) - starts
    out = np.full((k, int(column.max()) + 1), np.nan)
    out[rows, column] = values
    return out


def _distinct(
    rows: IntArray, rates: FloatArray, preferred: NDArray[np.bool_]
) -> tuple[IntArray, FloatArray]:
    """Merge candidate roots of the same row closer than _DISTINCT_TOL in ln(1 + rate).

    A cluster is represented by its preferred member (the Newton/bisection root) if it
    has one, else by its first member.
    """
    if rows.size == 0 or bool(np.all(np.diff(rows) > 0)):
        return rows.astype(np.int64), rates.astype(np.float64)  # one candidate a row
    u = np.log1p(rates)
    order = np.lexsort((u, rows))
    rows, rates, u, preferred = rows[order], rates[order], u[order], preferred[order]
    new = np.ones(rows.size, bool)
    new[1:] = (rows[1:] != rows[:-1]) | (np.diff(u) > _DISTINCT_TOL)
    cluster = np.cumsum(new) - 1
    rep_rows = rows[new]
    rep_rates = rates[new].copy()
    rep_rates[cluster[preferred]] = rates[preferred]
    return rep_rows.astype(np.int64), rep_rates


def _closest(rows: IntArray, rates: FloatArray, guess: float, m: int) -> FloatArray:
    """Per row, the root closest to ``guess`` (nan for rows without roots)."""
    out = np.full(m, np.nan)
    if rows.size == 0:
        return out
    order = np.lexsort((np.abs(rates - guess), rows))
    rows, rates = rows[order], rates[order]
    first = np.ones(rows.size, bool)
    first[1:] = rows[1:] != rows[:-1]
    out[rows[first]] = rates[first]
    return out
