"""Monte Carlo per account: each account's draws from a stream of its own.

An account's stream is seeded by the run's seed and a hash of the account's id
(``SeedSequence(seed, spawn_key=(TAG, key(id)))``), never by its row or partition, so
an account's percentiles stay the same when the accounts are re-ordered, filtered or
split into partitions. Each account draws ``draws`` uniforms for every estimate driver of
the case (`costdx.engine.sampling.uniforms`), has the case's rank correlations imposed by
the Gaussian copula (`costdx.engine.sampling.gaussian_copula`, as `costdx.simulate` does
by default: it acts on each draw alone, so it runs on the whole block at once) and its
quantile functions applied; a figure the account row gives replaces that driver's draws.
Everything after the uniforms runs on blocks of accounts × draws at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from costdx.engine._simulate import _correlation, _specs, _Uncertain, to_draws
from costdx.engine.sampling import Marginal, marginal, pearson_factor, uniforms
from costdx.errors import OptionError
from costdx.model import Basis, Diagnosis, Scenario

__all__ = ["MAX_DRAWS", "PERCENTILES", "Estimates", "account_key", "draw_block", "estimates"]

Array = NDArray[np.float64]

MAX_DRAWS = 100_000
"""Draws per account at most: every draw of an account is held at once for its
percentiles (for more, simulate that account's own case with `costdx.simulate`)."""

PERCENTILES = (10, 50, 90)
"""The percentiles reported per account (``p10``, ``p50``, ``p90``)."""

TAG = 0x706F7274666F6C69
"""First spawn key of every account's stream ("portfoli"): apart from `simulate`'s chunks."""


@dataclass(frozen=True, slots=True)
class Estimates:
    """The case's estimate drivers as the accounts' draws see them: their figures and
    bounds, their quantile functions and the rows that the case correlates (as
    `costdx.simulate` finds them: a driver the basis or scenario pins to a number is no
    estimate, and its correlations fall away)."""

    specs: tuple[_Uncertain, ...]
    marginals: tuple[Marginal, ...]
    corr: tuple[NDArray[np.intp], Array] | None
    factor: Array
    """The copula's Cholesky factor of the correlated drivers (empty without any)."""


def estimates(case: Diagnosis, basis: Basis, scenario: Scenario | None) -> Estimates:
    """The case's estimate drivers on ``basis`` under ``scenario``.

    Raises
    ------
    CaseValidationError
        The case's correlations cannot hold together (not positive definite).
    """
    _, specs = _specs(case, basis, scenario)
    marginals = tuple(marginal(u.dist, u.params) for u in specs)
    corr = _correlation(case, specs)
    factor = pearson_factor(corr[1]) if corr is not None else np.eye(0)
    return Estimates(tuple(specs), marginals, corr, factor)


def account_key(ident: Any) -> int:
    """A stable 64-bit key of an account id: the same in every process and every run.

    The key hashes the id's text, with a whole number written without a decimal point,
    so an id read as ``17`` from one file and as ``"17"`` or ``17.0`` from another keeps
    its draws.

    >>> account_key("17") == account_key(17) == account_key(17.0)
    True
    """
    if isinstance(ident, np.generic):
        ident = ident.item()
    if isinstance(ident, float) and ident.is_integer():
        ident = int(ident)
    digest = hashlib.blake2b(str(ident).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _stream(entropy: int, key: int) -> np.random.Generator:
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(entropy, spawn_key=(TAG, key)))
    )


def draw_block(
    *,
    evaluate: Callable[[Mapping[str, Any]], Mapping[str, Any]],
    fixed: Mapping[str, float],
    given: Mapping[str, Array],
    drivers: Estimates,
    keys: Sequence[int],
    draws: int,
    entropy: int,
    series: Mapping[str, Sequence[str]],
) -> tuple[dict[str, Array], NDArray[np.bool_]]:
    """Percentiles of each series for one block of accounts.

    Parameters
    ----------
    evaluate:
        The plan's vectorised evaluation.
    fixed:
        The case's point figure of every input driver (the fallbacks).
    given:
        Per driver column: the block's figures, NaN where the account gives none.
    drivers:
        The case's estimate drivers (`estimates`).
    keys:
        Each account's `account_key`.
    draws:
        Draws per account.
    entropy:
        The run's seed.
    series:
        Name → the consequence ids it sums (``annual_cost``: every recurring one).

    Returns
    -------
    percentiles, finite
        Per series an array of shape ``(len(keys), 3)``: `PERCENTILES` of each account;
        and which accounts had every draw finite.
    """
    size = len(keys)
    k = len(drivers.specs)
    u = np.empty((k, size, draws))
    for a, key in enumerate(keys if k else ()):
        u[:, a, :] = uniforms(_stream(entropy, key), draws, k)
    if k and size:
        to_draws(
            u.reshape(k, size * draws),
            uncertain=drivers.specs,
            marginals=drivers.marginals,
            corr=drivers.corr,
            factor=drivers.factor,
            correlation_method="gaussian",
        )
    env: dict[str, Any] = dict(fixed)
    for ident, values in given.items():
        env[ident] = np.where(np.isnan(values), fixed[ident], values)[:, None]
    for j, spec in enumerate(drivers.specs):
        sample = u[j]
        if spec.id in given:
            own_figure = ~np.isnan(given[spec.id])
            sample[own_figure] = given[spec.id][own_figure, None]
        env[spec.id] = sample
    result = evaluate(env)
    out: dict[str, Array] = {}
    finite = np.ones(size, dtype=np.bool_)
    total = np.empty((size, draws))
    for name, members in series.items():
        total.fill(0.0)
        for member in members:
            np.add(total, result[member], out=total)
        finite &= np.isfinite(total).all(axis=1)
        out[name] = np.percentile(total, PERCENTILES, axis=1).T
    return out, finite


def check_draws(draws: Any) -> int:
    """Refuse a number of draws per account that is not a whole number in 1..`MAX_DRAWS`."""
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise OptionError(f"simulate must be a positive whole number of draws, got {draws!r}")
    if draws > MAX_DRAWS:
        raise OptionError(
            f"simulate={draws:,} draws per account is more than {MAX_DRAWS:,}, which this "
            "holds in memory per account; simulate one account's own case with "
            "cdx.simulate(cdx.case_for(case, row), n=...) for more"
        )
    return int(draws)
