"""Quantile tables: exact knots on a uniform grid, interpolated in between, with exact
end bins; the shared constants of the samplers."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from costdx.engine.sampling._kernels import kernels

FloatArray = NDArray[np.float64]


def special() -> Any:
    """`scipy.special`, imported when first needed: it costs about 150 ms, which
    ``import costdx`` should not pay before anything is sampled."""
    from scipy import special as module  # noqa: PLC0415 - heavy, and not needed at import

    return module


TABLE_BITS = 14
TABLE_BINS = 1 << TABLE_BITS
"""Number ``M`` of interpolation bins in a quantile table (a power of two, so ``u·M``
and its fractional part are exact)."""

_BLOCK = 1 << 14
"""Draws processed per inner block: keeps the scratch arrays in L2 cache."""

_BETA_EXACT_BINS = 1
"""PERT: bins at each end computed with the exact Beta quantile."""

_NORMAL_EXACT_BINS = 64
"""Normal90/LogNormal90: bins at each end (``u < 2⁻⁸``, ``|z| > 2.66``) computed exactly."""

_U_MIN = 2.0**-53
_U_MAX = 1.0 - 2.0**-53

_SPEARMAN_EXACT_SCALE = math.pi / 6.0


# ---------------------------------------------------------------------------------------
# Quantile tables
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _QuantileTable:
    """Exact quantiles ``knots[i] = Q(i/M)`` and ``slopes[i] = knots[i+1] − knots[i]``.

    Bins ``i < exact_bins`` and ``i >= M − exact_bins`` are never interpolated, so
    non-finite end knots are replaced by their finite neighbours.
    """

    knots: FloatArray
    slopes: FloatArray
    exact_bins: int
    start: float = 0.0
    """The argument at the first knot: knot ``i`` is at ``start + i/rate``."""
    rate: float = TABLE_BINS
    """Knots per unit of the argument (a power of two, so the bin is exact)."""


def _make_table(
    knots: FloatArray, exact_bins: int, *, start: float = 0.0, rate: float = TABLE_BINS
) -> _QuantileTable:
    finite = np.isfinite(knots)
    if not finite.all():
        good = np.flatnonzero(finite)
        knots = np.interp(np.arange(knots.size), good, knots[good])
    knots = np.maximum.accumulate(knots)  # guard monotonicity against last-ulp noise
    slopes = np.diff(knots)
    knots.setflags(write=False)
    slopes.setflags(write=False)
    return _QuantileTable(knots=knots, slopes=slopes, exact_bins=exact_bins, start=start, rate=rate)


def _grid() -> FloatArray:
    return np.arange(TABLE_BINS + 1, dtype=np.float64) / TABLE_BINS


def _beta_ppf(alpha: float, beta: float, u: FloatArray) -> FloatArray:
    """Exact standard Beta quantile; patches scipy's NaN for ``u`` below about 1e-107.

    There ``x ≈ (u·α·B(α, β))^(1/α)``, the leading term of ``I_x(α, β)``, with relative
    error ``O(x) < 10⁻²⁰`` for PERT shapes (``1 <= α <= 5``).
    """
    x = np.asarray(special().betaincinv(alpha, beta, u), dtype=np.float64)
    bad = np.isnan(x) & (u > 0.0) & (u < 0.5)
    if bad.any():
        x[bad] = (u[bad] * alpha * special().beta(alpha, beta)) ** (1.0 / alpha)
    return x


@functools.lru_cache(maxsize=64)
def _beta_table(alpha: float, beta: float) -> _QuantileTable:
    """Quantile table of the standard Beta(α, β) on [0, 1] (cached per shape)."""
    knots = _beta_ppf(alpha, beta, _grid())
    knots[0], knots[-1] = 0.0, 1.0
    return _make_table(knots, _BETA_EXACT_BINS)


@functools.lru_cache(maxsize=1)
def _normal_table() -> _QuantileTable:
    """Quantile table of the standard normal (shared by Normal90 and LogNormal90)."""
    knots = np.asarray(special().ndtri(_grid()), dtype=np.float64)
    return _make_table(knots, _NORMAL_EXACT_BINS)


_PHI_RANGE = 8.0
"""The normal CDF table spans ``z`` in ``[−8, 8)``; beyond it (about 1e-15 of the
draws) ``Φ`` is computed exactly."""


@functools.lru_cache(maxsize=1)
def _phi_table() -> _QuantileTable:
    """Table of the standard normal CDF ``Φ(z)`` on ``z = −8 + i/1024``.

    Linear interpolation errs by at most ``h²/8·max|Φ''| = 2⁻²⁰/8·φ(1) = 2.9·10⁻⁸``
    (``h = 2⁻¹⁰``), below the quantile tables' own error; every knot is exact and the
    interpolant increasing, so ``Φ̂(Z)`` for ``Z ~ N(0, 1)`` is uniform within 2.9e-8.
    """
    rate = TABLE_BINS / (2 * _PHI_RANGE)
    knots = np.asarray(special().ndtr(-_PHI_RANGE + _grid() * 2 * _PHI_RANGE), np.float64)
    return _make_table(knots, 0, start=-_PHI_RANGE, rate=rate)


def normal_cdf(z: FloatArray, out: FloatArray) -> None:
    """``Φ(z)`` of flat contiguous ``z`` into ``out`` (which may be ``z``): the table of
    `_phi_table` for ``|z| < 8``, exact beyond."""
    _interpolate(
        z, out, _phi_table(), exact=lambda v: np.asarray(special().ndtr(v), np.float64),
        shift=0.0, scale=1.0,
    )  # fmt: skip


def _interpolate(
    u: FloatArray,
    out: FloatArray,
    table: _QuantileTable,
    *,
    exact: Callable[[FloatArray], FloatArray],
    shift: float,
    scale: float,
    post: Callable[..., object] | None = None,
    upper: float | None = None,
) -> None:
    """Write ``min(post(shift + scale·Q̂(u)), upper)`` into ``out``.

    ``u`` and ``out`` are 1-D and contiguous and may be the same array. ``Q̂``
    interpolates the table linearly; draws in the exact end bins (and any ``u`` outside
    ``[0, 1]`` or NaN) get ``exact(u)`` instead, which must return final values.
    """
    compiled = kernels(u.size)
    if compiled is not None:
        ends = np.empty(u.size, dtype=np.int32 if u.size < 2**31 else np.int64)
        count = compiled.interpolate(
            u, out, table.knots, table.slopes, TABLE_BINS, table.start, table.rate,
            table.exact_bins, shift, scale, math.inf if upper is None else upper, ends,
        )  # fmt: skip
        positions = ends[:count]
        values = out[positions]  # the kernel left u there; read it before post
        if post is not None:
            with np.errstate(over="ignore", invalid="ignore"):  # the ends hold u until set
                post(out, out=out)
        if positions.size:
            out[positions] = exact(values)
        return
    n = u.size
    size = min(n, _BLOCK)
    frac = np.empty(size)
    gathered = np.empty(size)
    index = np.empty(size, dtype=np.intp)
    is_end = np.empty(size, dtype=np.bool_)
    cap = None if upper is None else np.full(size, upper)  # array operand: SIMD path
    e = table.exact_bins
    # Interpolated bins are e .. M−e−1; index them from e so one unsigned comparison
    # finds the rest (NaN and u outside [0, 1] cast to out-of-range integers or 0).
    knots, slopes = table.knots[e:], table.slopes[e:]
    n_interpolated = TABLE_BINS - 2 * e
    end_positions: list[NDArray[np.intp]] = []
    end_values: list[FloatArray] = []
    with np.errstate(invalid="ignore"):
        for start in range(0, n, _BLOCK):
            stop = min(start + _BLOCK, n)
            m = stop - start
            ub, ob = u[start:stop], out[start:stop]
            f, g, idx, end = frac[:m], gathered[:m], index[:m], is_end[:m]
            # t = (u − start)·rate (rate is a power of two); bin = floor(t); frac = t − bin.
            if table.start:
                np.subtract(ub, table.start, out=f)
                np.multiply(f, table.rate, out=f)
            else:
                np.multiply(ub, table.rate, out=f)
            np.floor(f, out=g)
            np.copyto(idx, g, casting="unsafe")
            np.subtract(f, g, out=f)
            np.subtract(idx, e, out=idx)
            np.greater_equal(idx.view(np.uint64), n_interpolated, out=end)
            ends = np.flatnonzero(end)
            if ends.size:  # read before ob is written: ob may alias ub
                end_positions.append(ends + start)
                end_values.append(ub[ends])
            np.take(slopes, idx, out=g, mode="clip")
            np.multiply(f, g, out=f)
            np.take(knots, idx, out=ob, mode="clip")
            np.add(ob, f, out=ob)
            if scale != 1.0:
                np.multiply(ob, scale, out=ob)
            if shift != 0.0:
                np.add(ob, shift, out=ob)
            if post is not None:
                post(ob, out=ob)
            if cap is not None:  # low + width·q may round past high by an ulp
                np.minimum(ob, cap[:m], out=ob)
    if end_positions:  # one call: scipy's per-call overhead dwarfs a few draws
        out[np.concatenate(end_positions)] = exact(np.concatenate(end_values))


# ---------------------------------------------------------------------------------------
# Marginals
# ---------------------------------------------------------------------------------------


def _as_float_array(x: ArrayLike) -> FloatArray:
    return np.ascontiguousarray(x, dtype=np.float64)


def normal_scores(u: ArrayLike, out: FloatArray | None = None) -> FloatArray:
    """Standard normal scores ``z = Φ⁻¹(u)``, fast: the Normal90 scheme with μ = 0, σ = 1
    (the shared table in the body, exact beyond ``|z| > 2.66``).

    ``out`` (C-contiguous float64, ``u``'s shape) may be ``u`` itself.

    Examples
    --------
    >>> normal_scores(np.array([0.5, 0.975])).round(6).tolist()
    [0.0, 1.959964]
    """
    ua = _as_float_array(u)
    if out is None:
        out = np.empty(ua.shape)
    _interpolate(
        ua.reshape(-1), out.reshape(-1), _normal_table(),
        exact=lambda v: np.asarray(special().ndtri(v), np.float64), shift=0.0, scale=1.0,
    )  # fmt: skip
    return out
