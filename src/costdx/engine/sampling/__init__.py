r"""Fast, exact-in-distribution samplers for costdx's estimate distributions.

Every sampler is a quantile function (inverse CDF) ``ppf`` applied to uniforms
``u`` in ``(0, 1)``. That one design gives three things at once:

* speed: the quantile functions below cost a few table look-ups or a square root per
  draw, several times cheaper than numpy's own Beta, lognormal and triangular
  generators (see ``benchmarks/bench_samplers.py``);
* Latin hypercube sampling: feed `uniforms` with ``method="lhs"``;
* rank (copula) correlation: reorder the uniforms with `iman_conover` before
  applying ``ppf``. A quantile function is increasing, so ranks, and therefore the
  Spearman correlation, carry over from ``u`` to the samples unchanged.

Distribution conventions (the same as `costdx.model._estimates`):

* ``PERT(low, likely, high)``, λ = 4: ``low + (high − low)·Beta(α, β)`` with
  ``α = 1 + 4(likely − low)/(high − low)``, ``β = 1 + 4(high − likely)/(high − low)``;
  mean ``(low + 4·likely + high)/6`` (as @RISK ``RiskPert`` and squigglepy's ``pert``).
* ``Triangular(low, likely, high)``.
* ``Uniform(low, high)``.
* ``LogNormal90(low, high)``, ``0 < low <= high`` the 5th and 95th percentiles:
  ``μ = (ln low + ln high)/2``, ``σ = (ln high − ln low)/(2·z95)``, ``z95 = Φ⁻¹(0.95)``.
* ``Normal90(low, high)``, the 5th and 95th percentiles:
  ``μ = (low + high)/2``, ``σ = (high − low)/(2·z95)``.

Degenerate estimates (``low == high``) are the constant ``low``.

Accuracy of the tabulated quantile functions
--------------------------------------------
PERT, Normal90 and LogNormal90 evaluate their quantile function from a table of
``TABLE_BINS + 1 = 2**14 + 1`` exact quantiles ``Q(i/M)`` on the uniform grid
``i/M`` with linear interpolation in between; the outermost bins (where the Beta
quantile has infinite slope and the normal quantile is unbounded) are computed exactly.
Because every knot is exact and the interpolant is increasing, the sampled CDF equals
the exact CDF at every knot, so ``sup |F̂ − F| <= 1/M``; measured it is below
``5·10⁻⁶`` (``0.07/M``, reached in the second bin of the most skewed PERT), some 300
times below what a Kolmogorov–Smirnov test on 10⁶ draws can resolve (``D ≈ 1.4·10⁻³``).
Normal90 and LogNormal90 share a single standard-normal table and compute every
``u < 2⁻⁸`` or ``u >= 1 − 2⁻⁸`` (``|z| > 2.66``) exactly, so their tails are exact;
their CDF error in the body is below ``2·10⁻⁷``. Uniform and Triangular use their
closed-form quantile functions.

PERT tables depend only on ``(α, β)``; they are built once (about 20 ms each, with
`scipy.special.betaincinv`, 256 KiB each) and shared through a cache of the last
64 shapes; each marginal also keeps a reference to its own table, so a model with more
shapes never rebuilds one while it samples.
"""

from __future__ import annotations

from costdx.engine.sampling._kernels import Backend, backend, set_backend
from costdx.engine.sampling._marginals import (
    LogNormal90Marginal,
    Marginal,
    Normal90Marginal,
    PertMarginal,
    TriangularMarginal,
    UniformMarginal,
    from_estimate,
    marginal,
)
from costdx.engine.sampling._tables import _BLOCK as _BLOCK  # the tests size arrays by it
from costdx.engine.sampling._tables import TABLE_BINS, normal_scores
from costdx.engine.sampling._uniforms import (
    gaussian_copula,
    iman_conover,
    pearson_factor,
    uniforms,
)

__all__ = [
    "TABLE_BINS",
    "Backend",
    "LogNormal90Marginal",
    "Marginal",
    "Normal90Marginal",
    "PertMarginal",
    "TriangularMarginal",
    "UniformMarginal",
    "backend",
    "from_estimate",
    "gaussian_copula",
    "iman_conover",
    "marginal",
    "normal_scores",
    "pearson_factor",
    "set_backend",
    "uniforms",
]
