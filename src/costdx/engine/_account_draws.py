"""Monte Carlo per account: each account's draws from a stream of its own.

An account's stream is seeded by the run's seed and a hash of the account's id
(``SeedSequence(seed, spawn_key=(TAG, key(id)))``), never by its row or partition, so
an account's percentiles stay the same when the accounts are re-ordered, filtered or
split into partitions. Each account draws ``draws`` uniforms for every estimate driver of
the case (`costdx.engine.sampling.uniforms`), has the case's rank correlations imposed
(`costdx.engine.sampling.iman_conover`) and its quantile functions applied; a figure the
account row gives replaces that driver's draws. Everything after the uniforms runs on
blocks of accounts × draws at once.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from costdx.engine.sampling import Marginal, from_estimate, iman_conover, uniforms
from costdx.errors import CaseValidationError, Issue, OptionError
from costdx.model import Basis, Diagnosis, Estimate, Scenario, driver_spec

__all__ = ["MAX_DRAWS", "PERCENTILES", "Uncertain", "account_key", "correlation", "draw_block"]

Array = NDArray[np.float64]

MAX_DRAWS = 100_000
"""Draws per account at most: every draw of an account is held at once for its
percentiles (for more, simulate that account's own case with `costdx.simulate`)."""

PERCENTILES = (10, 50, 90)
"""The percentiles reported per account (``p10``, ``p50``, ``p90``)."""

TAG = 0x706F7274666F6C69
"""First spawn key of every account's stream ("portfoli"): apart from `simulate`'s chunks."""


@dataclass(frozen=True, slots=True)
class Uncertain:
    """An estimate driver of the case as the accounts' draws see it."""

    id: str
    marginal: Marginal
    lower: float
    upper: float


def uncertain(case: Diagnosis, basis: Basis, scenario: Scenario | None) -> list[Uncertain]:
    """The case's input drivers that hold an estimate on ``basis`` under ``scenario``."""
    plan = case.plan
    found = []
    for ident in plan.inputs:
        driver = plan.drivers[ident]
        spec = driver_spec(driver, basis, scenario)
        if isinstance(spec, int | float) or spec is None:
            continue
        estimate: Estimate = spec
        bounds = driver.bounds
        lower = bounds.min if bounds is not None and bounds.min is not None else -math.inf
        upper = bounds.max if bounds is not None and bounds.max is not None else math.inf
        found.append(Uncertain(ident, from_estimate(estimate), lower, upper))
    return found


def correlation(
    case: Diagnosis, drivers: Sequence[Uncertain]
) -> tuple[NDArray[np.intp], Array] | None:
    """The rows of ``drivers`` that the case correlates, and their rank-correlation
    matrix; ``None`` when none are (a correlation with a driver pinned to a number falls
    away, as in `costdx.simulate`)."""
    position = {u.id: i for i, u in enumerate(drivers)}
    active = [c for c in case.correlations if c.a in position and c.b in position]
    if not active:
        return None
    rows = sorted({position[c.a] for c in active} | {position[c.b] for c in active})
    index = {row: k for k, row in enumerate(rows)}
    matrix = np.eye(len(rows))
    for corr in active:
        i, j = index[position[corr.a]], index[position[corr.b]]
        matrix[i, j] = matrix[j, i] = corr.rho
    if np.linalg.eigvalsh(matrix)[0] <= 0:
        pairs = ", ".join(f"{c.a}~{c.b} = {c.rho:g}" for c in active)
        raise CaseValidationError(
            [
                Issue(
                    "correlations",
                    f"the matrix ({pairs}) is not positive definite, so no set of drivers "
                    "can have these correlations together; weaken some of them",
                    "not_positive_definite",
                )
            ]
        )
    return np.asarray(rows, dtype=np.intp), matrix


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
    drivers: Sequence[Uncertain],
    corr: tuple[NDArray[np.intp], Array] | None,
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
    drivers, corr:
        The case's estimate drivers and their correlation (`uncertain`, `correlation`).
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
    k = len(drivers)
    u = np.empty((k, size, draws))
    for a, key in enumerate(keys if k else ()):
        own = uniforms(_stream(entropy, key), draws, k)
        if corr is not None:
            rows, matrix = corr
            own[rows] = iman_conover(own[rows], matrix)
        u[:, a, :] = own
    env: dict[str, Any] = dict(fixed)
    for ident, values in given.items():
        env[ident] = np.where(np.isnan(values), fixed[ident], values)[:, None]
    for j, spec in enumerate(drivers):
        sample = spec.marginal.ppf(u[j], out=u[j])
        if spec.lower > -math.inf or spec.upper < math.inf:
            np.clip(sample, spec.lower, spec.upper, out=sample)
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
