"""Uniform draws (random or Latin hypercube) and Iman–Conover rank correlation."""

from __future__ import annotations

import functools
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from costdx.engine.sampling._tables import (
    _SPEARMAN_EXACT_SCALE,
    _U_MAX,
    _U_MIN,
    FloatArray,
    normal_cdf,
    normal_scores,
    special,
)
from costdx.errors import OptionError

# ---------------------------------------------------------------------------------------
# Uniforms and correlation
# ---------------------------------------------------------------------------------------


def uniforms(
    rng: np.random.Generator,
    n: int,
    k: int,
    *,
    method: Literal["random", "lhs"] = "random",
) -> FloatArray:
    r"""Draw ``k`` rows of ``n`` uniforms strictly inside ``(0, 1)``.

    ``"random"``: independent draws of ``rng.random`` (multiples of ``2⁻⁵³``); the
    rare exact zero is redrawn, so the values are uniform on
    ``{j·2⁻⁵³ : 1 <= j < 2⁵³}``, symmetric about ½.

    ``"lhs"``: each row is a Latin hypercube sample, one point in every stratum
    ``[j/n, (j+1)/n)``, at a uniform position within it, with the strata visited in an
    independent random order per row:

    .. math:: u_{r,i} = \frac{\pi_r(i) + v_{r,i}}{n},\qquad
              \pi_r \text{ a random permutation of } 0..n-1,\ v_{r,i} \sim U[0, 1),

    clipped to ``[2⁻⁵³, 1 − 2⁻⁵³]``.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
        Draws per row.
    k : int
        Rows (variables).
    method : {"random", "lhs"}

    Returns
    -------
    ndarray of float64, shape (k, n)

    Examples
    --------
    >>> u = uniforms(np.random.default_rng(0), 4, 2, method="lhs")
    >>> np.sort(np.floor(u * 4), axis=1).tolist()
    [[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 3.0]]
    """
    if n < 0 or k < 0:
        raise OptionError(f"uniforms needs n >= 0 and k >= 0, got n = {n}, k = {k}")
    if method == "random":
        u = rng.random((k, n))
        if not u.all():
            zeros = np.flatnonzero(u == 0.0)
            flat = u.reshape(-1)
            while zeros.size:
                flat[zeros] = rng.random(zeros.size)
                zeros = zeros[flat[zeros] == 0.0]
        return u
    if method == "lhs":
        u = np.empty((k, n))
        u[...] = np.arange(n, dtype=np.float64)
        if n:
            rng.permuted(u, axis=1, out=u)
        np.add(u, rng.random((k, n)), out=u)
        np.divide(u, n, out=u)
        np.clip(u, _U_MIN, _U_MAX, out=u)
        return u
    raise OptionError(f"uniforms: method must be 'random' or 'lhs', got {method!r}")


def _check_corr(corr: ArrayLike, k: int) -> FloatArray:
    c = np.array(corr, dtype=np.float64)
    if c.shape != (k, k):
        raise OptionError(f"corr must be a {k}x{k} matrix for {k} variables, got shape {c.shape}")
    if not np.isfinite(c).all():
        raise OptionError("corr contains NaN or infinite entries")
    bad = np.flatnonzero(np.abs(np.diagonal(c) - 1.0) > 1e-12)
    if bad.size:
        i = int(bad[0])
        raise OptionError(f"corr diagonal must be 1, got corr[{i}, {i}] = {c[i, i]}")
    over = np.argwhere(np.abs(c) > 1.0)
    if over.size:
        i, j = (int(v) for v in over[0])
        raise OptionError(f"corr[{i}, {j}] = {c[i, j]} is outside [-1, 1]")
    asym = np.argwhere(np.abs(c - c.T) > 1e-10)
    if asym.size:
        i, j = (int(v) for v in asym[0])
        raise OptionError(
            f"corr is not symmetric: corr[{i}, {j}] = {c[i, j]} but corr[{j}, {i}] = {c[j, i]}"
        )
    c = (c + c.T) / 2.0
    np.fill_diagonal(c, 1.0)
    try:
        np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        smallest = float(np.linalg.eigvalsh(c)[0])
        raise OptionError(
            f"corr is not positive definite (smallest eigenvalue {smallest:.3g})"
        ) from None
    return c


def pearson_factor(corr: ArrayLike) -> FloatArray:
    r"""The lower Cholesky factor ``P`` (``PPᵀ = T``) of the Pearson correlation ``T`` of
    normal scores whose Spearman rank correlation is ``corr``.

    For a bivariate normal with Pearson correlation ``r`` the Spearman correlation is
    ``ρ = (6/π)·arcsin(r/2)`` (Pearson 1907), so ``T_ij = 2·sin(π·ρ_ij/6)``. Should that
    ``T`` not be positive definite (possible only for extreme matrices), ``T = corr``.

    Examples
    --------
    >>> p = pearson_factor([[1.0, 0.5], [0.5, 1.0]])
    >>> round(float((p @ p.T)[0, 1]), 6)  # 2 sin(π/12)
    0.517638
    """
    c = np.asarray(corr, dtype=np.float64)
    return _pearson_factor(_check_corr(c, c.shape[0] if c.ndim == 2 else 0))


def _pearson_factor(c: FloatArray) -> FloatArray:
    target = 2.0 * np.sin(_SPEARMAN_EXACT_SCALE * c)
    np.fill_diagonal(target, 1.0)
    try:
        return np.asarray(np.linalg.cholesky(target), dtype=np.float64)
    except np.linalg.LinAlgError:
        return np.asarray(np.linalg.cholesky(c), dtype=np.float64)


def gaussian_copula(u: ArrayLike, corr: ArrayLike) -> FloatArray:
    r"""Correlated uniforms from independent ones by a Gaussian copula: no sorting.

    Each row of ``u`` becomes a normal score ``z = Φ⁻¹(u)``; the scores are mixed by the
    Cholesky factor `pearson_factor` of the Pearson target ``T = 2 sin(π·corr/6)``, and
    mapped back, ``v = Φ(P z)``:

    .. math:: v = \Phi(P\,\Phi^{-1}(u)),\qquad PP^\top = T,\quad
              T_{ij} = 2\sin(\pi\rho_{ij}/6).

    Every ``P z`` row is exactly standard normal (its row of ``P`` has unit length), so
    every row of ``v`` is uniform (``Φ⁻¹`` and ``Φ`` are tables of exact values: within
    5·10⁻⁶ and 2.9·10⁻⁸ in probability, like the samplers): the marginals applied
    afterwards keep their exactness. The
    Spearman correlation of the rows is ``corr`` in the population; a sample of ``n`` draws
    deviates by about ``(1 − ρ²)/√n`` (0.01 at n = 10,000), where Iman–Conover, which
    rearranges the draws, corrects the sample's own correlation but needs a sort per row.
    Cost: ``O(k²n)``, against ``O(k·n log n)``.

    Parameters
    ----------
    u : array_like, shape (k, n)
        Independent uniforms (rows are variables), e.g. from `uniforms`.
    corr : array_like, shape (k, k)
        Target Spearman rank correlation (checked as for `iman_conover`).

    Returns
    -------
    ndarray of float64, shape (k, n)

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> v = gaussian_copula(uniforms(rng, 10_000, 2), [[1.0, 0.6], [0.6, 1.0]])
    >>> from scipy.stats import spearmanr
    >>> bool(abs(spearmanr(v[0], v[1]).statistic - 0.6) < 0.03)
    True
    """
    ua = np.array(u, dtype=np.float64, order="C")
    if ua.ndim != 2:
        raise OptionError(f"gaussian_copula needs a 2-D array (variables x draws), got {ua.ndim}-D")
    factor = _pearson_factor(_check_corr(corr, ua.shape[0]))
    for row in ua:
        normal_scores(row, row)
    mixed = np.ascontiguousarray(factor @ ua)
    for row in mixed:
        normal_cdf(row, row)
    return mixed


def iman_conover(u: ArrayLike, corr: ArrayLike) -> FloatArray:
    r"""Reorder each row of ``u`` so that the rows' Spearman correlation is ``corr``.

    Iman & Conover (1982), "A distribution-free approach to inducing rank correlation
    among input variables", with van der Waerden scores and the Cholesky correction
    for the scores' own sample correlation:

    1. scores ``s_i = Φ⁻¹(i/(n+1))``, ``i = 1..n``, arranged in each row in the rank
       order of that row of ``u`` (the rows of ``u`` are independent, so this is a
       random permutation per row): matrix ``S`` (``k × n``);
    2. ``E = corr(S) = QQᵀ`` and ``T = PPᵀ`` (Cholesky factors), where
       ``T_ij = 2 sin(π ρ_ij / 6)`` is the Pearson correlation of normal scores whose
       Spearman correlation is the target ``ρ_ij`` (if that ``T`` is not positive
       definite, ``T = corr`` itself);
    3. ``S* = P Q⁻¹ S`` has sample Pearson correlation exactly ``T``; when ``E`` is
       singular (always for ``n <= k`` draws, by chance for a handful more) there is
       nothing to correct and ``S* = P S``, whose correlation is ``T`` only on average;
    4. each row of the result is that row of ``u`` rearranged to the ranks of ``S*``.

    Only permutations are applied, so each row keeps exactly its multiset of values,
    and any increasing quantile function applied afterwards keeps the ranks.

    Parameters
    ----------
    u : array_like, shape (k, n)
        Rows are variables; rows should be independent (e.g. from `uniforms`).
    corr : array_like, shape (k, k)
        Target Spearman rank correlation: symmetric, unit diagonal, entries in
        ``[-1, 1]``, positive definite.

    Returns
    -------
    ndarray of float64, shape (k, n)
        A new array; ``u`` is not modified.

    Raises
    ------
    OptionError
        ``corr`` has the wrong shape, non-finite entries, a diagonal other than 1,
        entries outside ``[-1, 1]``, is not symmetric or not positive definite.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> u = uniforms(rng, 10_000, 2)
    >>> v = iman_conover(u, [[1.0, 0.6], [0.6, 1.0]])
    >>> from scipy.stats import spearmanr
    >>> bool(abs(spearmanr(v[0], v[1]).statistic - 0.6) < 0.03)
    True
    >>> bool((np.sort(v, axis=1) == np.sort(u, axis=1)).all())
    True
    """
    ua = np.asarray(u, dtype=np.float64)
    if ua.ndim != 2:
        raise OptionError(f"iman_conover needs a 2-D array (variables x draws), got {ua.ndim}-D")
    k, n = ua.shape
    c = _check_corr(corr, k)
    if k <= 1 or n <= 1:  # one variable, or one draw: no ranks to rearrange
        return ua.copy()
    p = _pearson_factor(c)
    scores = _van_der_waerden_scores(n)
    ranks = _lhs_ranks(ua)
    if ranks is not None:  # Latin hypercube rows: the stratum index is the rank, O(n)
        s = np.take(scores, ranks)
        sorted_u = np.empty((k, n))
        np.put_along_axis(sorted_u, ranks, ua, axis=1)
    else:
        order = np.argsort(ua, axis=1, kind="stable")
        s = np.empty((k, n))
        np.put_along_axis(s, order, np.broadcast_to(scores, (k, n)), axis=1)
        sorted_u = np.take_along_axis(ua, order, axis=1)
    try:
        q = np.linalg.cholesky(np.corrcoef(s))
    except np.linalg.LinAlgError:
        adjusted = p @ s  # too few draws for the scores' correlation to be corrected
    else:
        adjusted = (p @ np.linalg.inv(q)) @ s  # k×k factor first: one k×k by k×n product
    out = np.empty((k, n))
    np.put_along_axis(out, np.argsort(adjusted, axis=1, kind="stable"), sorted_u, axis=1)
    return out


@functools.lru_cache(maxsize=8)
def _van_der_waerden_scores(n: int) -> FloatArray:
    """``Φ⁻¹(i/(n+1))`` for ``i = 1..n`` (read-only, cached per ``n``)."""
    scores = np.asarray(special().ndtri(np.arange(1, n + 1) / (n + 1.0)), dtype=np.float64)
    scores.setflags(write=False)
    return scores


def _lhs_ranks(u: FloatArray) -> NDArray[np.intp] | None:
    """Ranks of each row when every row has one point per stratum ``[j/n, (j+1)/n)``.

    Then the stratum index ``floor(u·n)`` is the rank; returns ``None`` otherwise.
    """
    n = u.shape[1]
    strata = np.multiply(u, n)
    np.floor(strata, out=strata)
    if not ((strata >= 0.0).all() and (strata < n).all()):
        return None
    ranks = strata.astype(np.intp)
    for row in ranks:
        if np.bincount(row, minlength=n).max(initial=0) != 1:
            return None
    return ranks
