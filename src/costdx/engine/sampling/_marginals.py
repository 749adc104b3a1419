"""The estimate distributions as quantile functions (``Marginal`` and its subclasses)."""

from __future__ import annotations

import functools
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike

from costdx.engine.sampling._kernels import kernels
from costdx.engine.sampling._tables import (
    _BLOCK,
    FloatArray,
    _as_float_array,
    _beta_ppf,
    _beta_table,
    _interpolate,
    _normal_table,
    _QuantileTable,
    normal_cdf,
    special,
)
from costdx.errors import OptionError
from costdx.model import FIGURES, Z95, Estimate, figure_problem


class Marginal(ABC):
    """A driver's marginal distribution, sampled by its quantile function.

    Subclasses are frozen dataclasses, one per distribution kind; build them with
    `marginal`. All methods are vectorised over numpy arrays.
    """

    kind: ClassVar[str]

    def __post_init__(self) -> None:
        # the figures are checked where the estimates are defined, costdx.model
        problem = figure_problem(self.kind, self.params)
        if problem:
            raise OptionError(f"{self.kind}: {problem}")

    @property
    @abstractmethod
    def params(self) -> tuple[float, ...]:
        """The defining figures in order, e.g. ``(low, likely, high)``."""

    @property
    @abstractmethod
    def constant(self) -> float | None:
        """The value of a degenerate estimate (``low == high``), else ``None``."""

    @abstractmethod
    def _ppf_into(self, u: FloatArray, out: FloatArray) -> None:
        """Fast quantile function on flat contiguous arrays (``out`` may alias ``u``)."""

    @abstractmethod
    def _ppf_exact(self, u: FloatArray) -> FloatArray:
        """Exact quantile function (non-degenerate case)."""

    @abstractmethod
    def _cdf(self, x: FloatArray) -> FloatArray:
        """Exact CDF (non-degenerate case)."""

    @abstractmethod
    def mean(self) -> float:
        """The analytic mean."""

    @abstractmethod
    def var(self) -> float:
        """The analytic variance."""

    def ppf(self, u: ArrayLike, out: FloatArray | None = None) -> FloatArray:
        r"""Fast quantile function: samples of the distribution when ``u ~ U(0, 1)``.

        .. math:: Q(u) = F^{-1}(u) = \inf\{x : F(x) \ge u\}

        Exact for Uniform and Triangular; a table with exact ends for PERT, Normal90 and
        LogNormal90 (sampled CDF within ``5·10⁻⁶`` of the exact one, see the module
        docstring). Works block by block in cache, without large temporaries.

        Parameters
        ----------
        u : array_like
            Probabilities in ``[0, 1]``, normally strictly inside (see `uniforms`).
            NaN gives NaN (PERT, Triangular, Normal90, LogNormal90).
        out : ndarray of float64, optional
            C-contiguous array of ``u``'s shape to write into; may be ``u`` itself.

        Returns
        -------
        ndarray of float64
            ``Q(u)``, in ``out`` when given.

        Examples
        --------
        >>> d = UniformMarginal(10.0, 20.0)
        >>> u = np.array([0.25, 0.5])
        >>> d.ppf(u, out=u) is u, u.tolist()
        (True, [12.5, 15.0])
        """
        ua = _as_float_array(u)
        out = self._output(ua, out, "ppf")
        flat_out = out.reshape(-1)
        c = self.constant
        if c is not None:
            flat_out.fill(c)
        else:
            self._ppf_into(ua.reshape(-1), flat_out)
        return out

    def from_normal(self, z: ArrayLike, out: FloatArray | None = None) -> FloatArray:
        r"""The quantile at ``Φ(z)``: samples of the distribution when ``z ~ N(0, 1)``.

        .. math:: X = Q(\Phi(z))

        This is how a Gaussian copula turns correlated normal scores into draws. Normal90
        and LogNormal90 compute ``μ + σz`` (and its exponential) directly, exactly and
        without ``Φ``; the others apply `ppf` to ``Φ(z)``, itself interpolated in a table
        of exact values (within 2.9e-8 of ``Φ``; exact for ``|z| >= 8``).

        Parameters
        ----------
        z : array_like
            Standard normal scores.
        out : ndarray of float64, optional
            C-contiguous array of ``z``'s shape to write into; may be ``z`` itself.

        Returns
        -------
        ndarray of float64

        Examples
        --------
        >>> UniformMarginal(0.0, 10.0).from_normal(np.array([0.0])).tolist()
        [5.0]
        >>> Normal90Marginal(10.0, 30.0).from_normal(np.array([0.0])).tolist()
        [20.0]
        """
        za = _as_float_array(z)
        out = self._output(za, out, "from_normal")
        c = self.constant
        if c is not None:
            out.fill(c)
            return out
        self._from_normal_into(za.reshape(-1), out.reshape(-1))
        return out

    def _output(self, given: FloatArray, out: FloatArray | None, method: str) -> FloatArray:
        if out is None:
            return np.empty(given.shape, dtype=np.float64)
        if out.shape != given.shape or out.dtype != np.float64 or not out.flags.c_contiguous:
            raise OptionError(
                f"{self.kind}.{method}: out must be a C-contiguous float64 array of shape "
                f"{given.shape}, got {out.dtype} {out.shape}"
            )
        return out

    def _from_normal_into(self, z: FloatArray, out: FloatArray) -> None:
        normal_cdf(z, out)
        self._ppf_into(out, out)

    def ppf_exact(self, u: ArrayLike) -> FloatArray:
        """Exact quantile function ``Q(u) = F⁻¹(u)``; slower than `ppf`.

        Uses `scipy.special.betaincinv` (PERT), `scipy.special.ndtri`
        (Normal90, LogNormal90) or the closed form (Uniform, Triangular).

        Parameters
        ----------
        u : array_like
            Probabilities in ``[0, 1]``.

        Returns
        -------
        ndarray of float64

        Examples
        --------
        >>> Normal90Marginal(-1.0, 1.0).ppf_exact([0.5]).tolist()
        [0.0]
        """
        ua = _as_float_array(u)
        c = self.constant
        if c is not None:
            return np.full(ua.shape, c)
        return np.asarray(self._ppf_exact(ua), dtype=np.float64)

    def cdf(self, x: ArrayLike) -> FloatArray:
        """Exact cumulative distribution function ``F(x) = P(X <= x)``.

        Parameters
        ----------
        x : array_like

        Returns
        -------
        ndarray of float64

        Examples
        --------
        >>> TriangularMarginal(0.0, 1.0, 2.0).cdf([0.0, 1.0, 2.0]).tolist()
        [0.0, 0.5, 1.0]
        """
        xa = _as_float_array(x)
        c = self.constant
        if c is not None:
            return np.where(xa >= c, 1.0, 0.0)
        return np.asarray(self._cdf(xa), dtype=np.float64)

    def percentile(self, q: float) -> float:
        """Exact ``q``-th percentile, ``Q(q/100)``, for ``q`` in ``[0, 100]``.

        Parameters
        ----------
        q : float

        Returns
        -------
        float

        Examples
        --------
        >>> UniformMarginal(0.0, 200.0).percentile(90)
        180.0
        """
        if not 0.0 <= q <= 100.0:
            raise OptionError(f"{self.kind}: percentile must be in [0, 100], got {q}")
        return float(self.ppf_exact(np.array([q / 100.0]))[0])

    def median(self) -> float:
        """Exact median, ``Q(1/2)``.

        Returns
        -------
        float

        Examples
        --------
        >>> LogNormal90Marginal(1.0, 100.0).median()
        10.0
        """
        return self.percentile(50.0)

    def std(self) -> float:
        """Analytic standard deviation, ``√var``.

        Returns
        -------
        float

        Examples
        --------
        >>> UniformMarginal(0.0, 6.0).std() == math.sqrt(3.0)
        True
        """
        return math.sqrt(self.var())


@dataclass(frozen=True)
class _ThreePoint(Marginal):
    """A distribution on ``[low, high]`` shaped by a most likely value."""

    low: float
    likely: float
    high: float

    @property
    def params(self) -> tuple[float, ...]:
        return (self.low, self.likely, self.high)

    @property
    def constant(self) -> float | None:
        return self.low if self.low == self.high else None


@dataclass(frozen=True)
class PertMarginal(_ThreePoint):
    r"""Beta-PERT with λ = 4 on ``[low, high]``.

    .. math::

        X = a + (b - a)\,B,\quad B \sim \mathrm{Beta}(\alpha, \beta),\quad
        \alpha = 1 + 4\frac{m - a}{b - a},\quad \beta = 1 + 4\frac{b - m}{b - a},\quad
        \mathrm{E}X = \frac{a + 4m + b}{6},

    with ``a, m, b = low, likely, high`` (as @RISK ``RiskPert``, squigglepy ``pert``).
    `ppf` interpolates a cached table of exact Beta quantiles (see the module
    docstring for the error bound) and computes the outermost bins exactly.

    Examples
    --------
    >>> d = PertMarginal(10.0, 12.0, 20.0)
    >>> d.mean(), (d.alpha, d.beta)
    (13.0, (1.8, 4.2))
    >>> d.ppf(np.array([0.0, 1.0])).tolist()
    [10.0, 20.0]
    """

    kind: ClassVar[str] = "pert"

    @property
    def width(self) -> float:
        """``high − low``."""
        return self.high - self.low

    @property
    def alpha(self) -> float:
        """``α = 1 + 4(likely − low)/(high − low)`` (1 for a degenerate estimate)."""
        if self.low == self.high:
            return 1.0
        return 1.0 + 4.0 * (self.likely - self.low) / self.width

    @property
    def beta(self) -> float:
        """``β = 1 + 4(high − likely)/(high − low)`` (1 for a degenerate estimate)."""
        if self.low == self.high:
            return 1.0
        return 1.0 + 4.0 * (self.high - self.likely) / self.width

    @functools.cached_property
    def _table(self) -> _QuantileTable:
        return _beta_table(self.alpha, self.beta)

    def _ppf_into(self, u: FloatArray, out: FloatArray) -> None:
        _interpolate(
            u,
            out,
            self._table,
            exact=self._ppf_exact,
            shift=self.low,
            scale=self.width,
            upper=self.high,
        )

    def _ppf_exact(self, u: FloatArray) -> FloatArray:
        b = _beta_ppf(self.alpha, self.beta, u)
        return np.minimum(self.low + self.width * b, self.high)

    def _cdf(self, x: FloatArray) -> FloatArray:
        z = np.clip((x - self.low) / self.width, 0.0, 1.0)
        return np.asarray(special().betainc(self.alpha, self.beta, z), dtype=np.float64)

    def mean(self) -> float:
        """``(low + 4·likely + high)/6``."""
        return (self.low + 4.0 * self.likely + self.high) / 6.0

    def var(self) -> float:
        """``αβ (high − low)² / ((α + β)²(α + β + 1)) = αβ (high − low)²/252``."""
        a, b = self.alpha, self.beta
        return a * b * self.width**2 / ((a + b) ** 2 * (a + b + 1.0))


@dataclass(frozen=True)
class TriangularMarginal(_ThreePoint):
    r"""Triangular distribution on ``[low, high]`` with mode ``likely``.

    Closed-form quantile function, with ``a, c, b = low, likely, high`` and
    ``F_c = (c − a)/(b − a)``:

    .. math::

        Q(u) = \begin{cases}
            a + \sqrt{u (b - a)(c - a)} & u < F_c \\
            b - \sqrt{(1 - u)(b - a)(b - c)} & u \ge F_c
        \end{cases},\qquad \mathrm{E}X = \frac{a + b + c}{3}.

    Examples
    --------
    >>> d = TriangularMarginal(0.0, 1.0, 4.0)
    >>> d.mean(), d.ppf(np.array([0.25])).tolist()
    (1.6666666666666667, [1.0])
    """

    kind: ClassVar[str] = "triangular"

    def _ppf_into(self, u: FloatArray, out: FloatArray) -> None:
        compiled = kernels(u.size)
        if compiled is not None:
            a, c, b = self.low, self.likely, self.high
            w = b - a
            compiled.triangular(u, out, (c - a) / w, w * (c - a), w * (b - c), a + b - c, a, b)
            return
        with np.errstate(invalid="ignore"):  # u outside [0, 1] gives NaN
            self._ppf_blocks(u, out)

    def _ppf_blocks(self, u: FloatArray, out: FloatArray) -> None:
        # Branch-free form of the two-piece quantile (masked selects are slow in numpy):
        # Q(u) = (a + b − c) + √(K_l·min(u, F_c)) − √(K_r·(1 − max(u, F_c))),
        # since √(K_l·F_c) = c − a and √(K_r·(1 − F_c)) = b − c.
        a, c, b = self.low, self.likely, self.high
        w = b - a
        fc = (c - a) / w
        k_left, k_right = w * (c - a), w * (b - c)
        offset = a + b - c
        n = u.size
        left_buf = np.empty(min(n, _BLOCK))
        for start in range(0, n, _BLOCK):
            stop = min(start + _BLOCK, n)
            ub, ob = u[start:stop], out[start:stop]
            left = left_buf[: stop - start]
            np.minimum(ub, fc, out=left)
            np.multiply(left, k_left, out=left)
            np.sqrt(left, out=left)
            np.maximum(ub, fc, out=ob)  # ub is no longer needed: ob may alias it
            np.subtract(1.0, ob, out=ob)  # exact for u >= 1/2 (Sterbenz)
            np.multiply(ob, k_right, out=ob)
            np.sqrt(ob, out=ob)
            np.subtract(left, ob, out=ob)
            np.add(ob, offset, out=ob)
            np.clip(ob, a, b, out=ob)

    def _ppf_exact(self, u: FloatArray) -> FloatArray:
        out = np.empty(u.shape)
        self._ppf_into(u.reshape(-1), out.reshape(-1))
        return out

    def _cdf(self, x: FloatArray) -> FloatArray:
        # F(x) = (x − a)²/((b − a)(c − a)) on [a, c], 1 − (b − x)²/((b − a)(b − c)) on [c, b]
        a, c, b = self.low, self.likely, self.high
        w = b - a
        left = (np.clip(x, a, c) - a) ** 2 / (w * (c - a)) if c > a else np.zeros(x.shape)
        right = (b - np.clip(x, c, b)) ** 2 / (w * (b - c)) if b > c else np.zeros(x.shape)
        return np.where(np.isnan(x), np.nan, np.where(x <= c, left, 1.0 - right))

    def mean(self) -> float:
        """``(low + likely + high)/3``."""
        return (self.low + self.likely + self.high) / 3.0

    def var(self) -> float:
        """``(a² + b² + c² − ab − ac − bc)/18 = ((b − a)² + (c − a)² + (b − c)²)/36``."""
        a, c, b = self.low, self.likely, self.high
        return ((b - a) ** 2 + (c - a) ** 2 + (b - c) ** 2) / 36.0


@dataclass(frozen=True)
class UniformMarginal(Marginal):
    r"""Uniform distribution on ``[low, high]``.

    .. math:: Q(u) = a + (b - a)\,u,\qquad \mathrm{E}X = \frac{a + b}{2}.

    Examples
    --------
    >>> UniformMarginal(2.0, 6.0).ppf(np.array([0.25, 0.5])).tolist()
    [3.0, 4.0]
    """

    low: float
    high: float
    kind: ClassVar[str] = "uniform"

    @property
    def params(self) -> tuple[float, ...]:
        return (self.low, self.high)

    @property
    def constant(self) -> float | None:
        return self.low if self.low == self.high else None

    def _ppf_into(self, u: FloatArray, out: FloatArray) -> None:
        np.multiply(u, self.high - self.low, out=out)
        np.add(out, self.low, out=out)
        np.minimum(out, self.high, out=out)

    def _ppf_exact(self, u: FloatArray) -> FloatArray:
        return np.minimum(self.low + (self.high - self.low) * u, self.high)

    def _cdf(self, x: FloatArray) -> FloatArray:
        return np.clip((x - self.low) / (self.high - self.low), 0.0, 1.0)

    def mean(self) -> float:
        """``(low + high)/2``."""
        return (self.low + self.high) / 2.0

    def var(self) -> float:
        """``(high − low)²/12``."""
        return (self.high - self.low) ** 2 / 12.0


@dataclass(frozen=True)
class Normal90Marginal(Marginal):
    r"""Normal distribution whose 5th and 95th percentiles are ``low`` and ``high``.

    .. math::

        \mu = \frac{a + b}{2},\quad \sigma = \frac{b - a}{2 z_{95}},\quad
        Q(u) = \mu + \sigma\,\Phi^{-1}(u),\quad z_{95} = \Phi^{-1}(0.95).

    `ppf` interpolates a shared table of ``Φ⁻¹`` in the body and evaluates
    ``Φ⁻¹`` exactly for ``u < 2⁻⁸`` and ``u >= 1 − 2⁻⁸`` (the tails beyond 2.66 σ).

    Examples
    --------
    >>> d = Normal90Marginal(10.0, 30.0)
    >>> d.mean(), round(d.percentile(5), 12), round(d.percentile(95), 12)
    (20.0, 10.0, 30.0)
    """

    low: float
    high: float
    kind: ClassVar[str] = "normal90"

    @property
    def params(self) -> tuple[float, ...]:
        return (self.low, self.high)

    @property
    def constant(self) -> float | None:
        return self.low if self.low == self.high else None

    @property
    def mu(self) -> float:
        """``(low + high)/2``."""
        return (self.low + self.high) / 2.0

    @property
    def sigma(self) -> float:
        """``(high − low)/(2·z95)``."""
        return (self.high - self.low) / (2.0 * Z95)

    def _ppf_into(self, u: FloatArray, out: FloatArray) -> None:
        _interpolate(
            u,
            out,
            _normal_table(),
            exact=self._ppf_exact,
            shift=self.mu,
            scale=self.sigma,
            post=None,
        )

    def _ppf_exact(self, u: FloatArray) -> FloatArray:
        return self.mu + self.sigma * np.asarray(special().ndtri(u), dtype=np.float64)

    def _from_normal_into(self, z: FloatArray, out: FloatArray) -> None:
        np.multiply(z, self.sigma, out=out)
        np.add(out, self.mu, out=out)

    def _cdf(self, x: FloatArray) -> FloatArray:
        return np.asarray(special().ndtr((x - self.mu) / self.sigma), dtype=np.float64)

    def mean(self) -> float:
        """``μ = (low + high)/2``."""
        return self.mu

    def median(self) -> float:
        """``μ = (low + high)/2``."""
        return self.mu

    def var(self) -> float:
        """``σ²``."""
        return self.sigma**2


@dataclass(frozen=True)
class LogNormal90Marginal(Marginal):
    r"""Lognormal distribution whose 5th and 95th percentiles are ``low`` and ``high``.

    .. math::

        \mu = \frac{\ln a + \ln b}{2},\quad \sigma = \frac{\ln b - \ln a}{2 z_{95}},\quad
        Q(u) = e^{\mu + \sigma\,\Phi^{-1}(u)},\quad
        \mathrm{E}X = e^{\mu + \sigma^2/2},\quad \text{median } \sqrt{ab}.

    `ppf` exponentiates the Normal90 scheme: the shared ``Φ⁻¹`` table in the
    body, exact ``Φ⁻¹`` in the tails beyond 2.66 σ.

    Examples
    --------
    >>> d = LogNormal90Marginal(100.0, 400.0)
    >>> round(d.median(), 9), round(d.percentile(95), 9)
    (200.0, 400.0)
    """

    low: float
    high: float
    kind: ClassVar[str] = "lognormal90"

    @property
    def params(self) -> tuple[float, ...]:
        return (self.low, self.high)

    @property
    def constant(self) -> float | None:
        return self.low if self.low == self.high else None

    @property
    def mu(self) -> float:
        """``(ln low + ln high)/2``."""
        return (math.log(self.low) + math.log(self.high)) / 2.0

    @property
    def sigma(self) -> float:
        """``(ln high − ln low)/(2·z95)``."""
        return (math.log(self.high) - math.log(self.low)) / (2.0 * Z95)

    def _ppf_into(self, u: FloatArray, out: FloatArray) -> None:
        _interpolate(
            u,
            out,
            _normal_table(),
            exact=self._ppf_exact,
            shift=self.mu,
            scale=self.sigma,
            post=np.exp,
        )

    def _ppf_exact(self, u: FloatArray) -> FloatArray:
        z = np.asarray(special().ndtri(u), dtype=np.float64)
        return np.exp(self.mu + self.sigma * z)

    def _from_normal_into(self, z: FloatArray, out: FloatArray) -> None:
        np.multiply(z, self.sigma, out=out)
        np.add(out, self.mu, out=out)
        np.exp(out, out=out)

    def _cdf(self, x: FloatArray) -> FloatArray:
        positive = x > 0.0
        logs = np.log(np.where(positive, x, 1.0))
        p = np.asarray(special().ndtr((logs - self.mu) / self.sigma), dtype=np.float64)
        return np.where(positive, p, np.where(np.isnan(x), np.nan, 0.0))

    def mean(self) -> float:
        """``exp(μ + σ²/2)``."""
        return math.exp(self.mu + self.sigma**2 / 2.0)

    def median(self) -> float:
        """``exp(μ) = √(low·high)``."""
        return math.sqrt(self.low * self.high)

    def var(self) -> float:
        """``(exp(σ²) − 1)·exp(2μ + σ²)``."""
        s2 = self.sigma**2
        return math.expm1(s2) * math.exp(2.0 * self.mu + s2)


_KINDS: dict[str, type[Marginal]] = {
    "pert": PertMarginal,
    "triangular": TriangularMarginal,
    "uniform": UniformMarginal,
    "lognormal90": LogNormal90Marginal,
    "normal90": Normal90Marginal,
}


def marginal(kind: str, params: tuple[float, ...]) -> Marginal:
    """Build the marginal distribution of an estimate.

    Parameters
    ----------
    kind : str
        ``"pert"``, ``"triangular"``, ``"uniform"``, ``"lognormal90"`` or ``"normal90"``
        (the ``dist`` tag of `costdx.model._estimates`; case-insensitive).
    params : tuple of float
        ``(low, likely, high)`` for PERT and Triangular, ``(low, high)`` otherwise.

    Returns
    -------
    Marginal

    Raises
    ------
    OptionError
        Unknown kind, wrong number of parameters, or parameters out of order.

    Examples
    --------
    >>> d = marginal("pert", (10, 12, 20))
    >>> type(d).__name__, d.mean()
    ('PertMarginal', 13.0)
    >>> marginal("uniform", (5, 5)).ppf(np.array([0.3])).tolist()  # degenerate
    [5.0]
    """
    cls = _KINDS.get(kind.lower())
    if cls is None:
        raise OptionError(f"unknown distribution kind {kind!r}; expected one of {sorted(_KINDS)}")
    names = FIGURES[cls.kind]
    if len(params) != len(names):
        raise OptionError(
            f"{kind} takes {len(names)} parameters ({', '.join(names)}), got {len(params)}"
        )
    return cls(*(float(p) for p in params))


def from_estimate(estimate: Estimate) -> Marginal:
    """The marginal distribution of a validated estimate (its figures already checked).

    Examples
    --------
    >>> from costdx.model import PERT
    >>> from_estimate(PERT(10, 12, 20)).mean()
    13.0
    """
    return marginal(estimate.dist, estimate.params)
