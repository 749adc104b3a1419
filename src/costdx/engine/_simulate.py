"""Monte Carlo over a case's estimates, vectorised on the compiled plan.

Sampling is by inverse transform: each estimate driver's quantile function applied to
uniforms (``method="random"``) or to a Latin hypercube (``method="lhs"``), with rank
correlations imposed by a Gaussian copula or by Iman–Conover (``correlation_method``).
Draws are made in fixed-size chunks of `CHUNK` samples, each with its own random stream
spawned from one `numpy.random.SeedSequence`, so a seed gives the same result bit for bit whatever
the number of threads; chunks run in a thread pool (numpy releases the GIL).
"""

from __future__ import annotations

import math
import os
import secrets
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
from numpy.typing import NDArray

from costdx import _display
from costdx.engine._budget import check_simulation_size
from costdx.engine._quantify import Period, derived_error, periods_per_year
from costdx.engine.sampling import (
    Marginal,
    iman_conover,
    marginal,
    normal_scores,
    pearson_factor,
    uniforms,
)
from costdx.errors import (
    CalculationError,
    CaseReferenceError,
    CaseValidationError,
    Issue,
    OptionError,
)
from costdx.model import (
    Basis,
    Diagnosis,
    Kind,
    Scenario,
    check_basis,
    correlation_problem,
    driver_spec,
    point_of,
    resolve_scenario,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHUNK", "INPUT_SAMPLE", "Simulation", "simulate"]

CHUNK = 32_768
"""Samples per chunk; each chunk has its own random stream."""
INPUT_SAMPLE = 65_536
"""Draws of each input `Simulation.contributions` uses (the first ones, re-drawn
from their chunks' streams rather than stored)."""

EXTRA_STREAMS = 1 << 40
"""Spawn keys from here on belong to :meth:`Simulation.stream`, not to chunks."""

Method = Literal["random", "lhs"]
CorrelationMethod = Literal["gaussian", "iman-conover"]
Keep = Literal["totals", "problems", "consequences"]
_PERCENTILES = (5, 10, 50, 90, 95)
Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Uncertain:
    id: str
    dist: str
    params: tuple[float, ...]
    lower: float
    upper: float


def _specs(
    case: Diagnosis, basis: Basis, scenario: Scenario | None
) -> tuple[dict[str, float], list[_Uncertain]]:
    plan = case.plan
    fixed: dict[str, float] = {}
    uncertain: list[_Uncertain] = []
    for ident in plan.inputs:
        driver = plan.drivers[ident]
        spec = driver_spec(driver, basis, scenario)
        assert spec is not None  # an input driver
        if isinstance(spec, int | float):
            fixed[ident] = point_of(spec)
            continue
        bounds = driver.bounds
        lower = bounds.min if bounds is not None and bounds.min is not None else -math.inf
        upper = bounds.max if bounds is not None and bounds.max is not None else math.inf
        uncertain.append(_Uncertain(ident, spec.dist, spec.params, lower, upper))
    return fixed, uncertain


def _correlation(
    case: Diagnosis, uncertain: list[_Uncertain]
) -> tuple[NDArray[np.intp], Array] | None:
    """The rows of the correlated drivers and their target rank-correlation matrix.

    Only drivers named in a correlation are reordered: Iman–Conover sorts every row it is
    given, and independent drivers need none of it.
    """
    position = {u.id: i for i, u in enumerate(uncertain)}
    # A driver that the basis or scenario pins to one number varies with nothing, so its
    # correlations fall away; the others are imposed as given.
    active = [c for c in case.correlations if c.a in position and c.b in position]
    if not active:
        return None
    rows = sorted({position[c.a] for c in active} | {position[c.b] for c in active})
    index = {row: k for k, row in enumerate(rows)}
    matrix = np.eye(len(rows))
    for corr in active:
        i, j = index[position[corr.a]], index[position[corr.b]]
        matrix[i, j] = matrix[j, i] = corr.rho
    problem = correlation_problem(case, position)
    if problem:
        raise CaseValidationError([Issue("correlations", problem, "not_positive_definite")])
    return np.asarray(rows, dtype=np.intp), matrix


class _Sampler:
    """Draws the inputs of one chunk; the same chunk index always gives the same draws."""

    def __init__(
        self,
        *,
        n: int,
        seed: int | None,
        method: Method,
        fixed: dict[str, float],
        uncertain: list[_Uncertain],
        corr: tuple[NDArray[np.intp], Array] | None,
        correlation_method: CorrelationMethod,
    ) -> None:
        self.n = n
        self.method = method
        self.correlation_method = correlation_method
        self.factor = pearson_factor(corr[1]) if corr is not None else np.eye(0)
        self.fixed = fixed
        self.uncertain = uncertain
        self.corr = corr
        self.marginals = [marginal(u.dist, u.params) for u in uncertain]
        self.chunks = math.ceil(n / CHUNK)
        root = np.random.SeedSequence(seed)
        self.entropy = root.entropy
        self.streams = root.spawn(self.chunks)

    def size(self, index: int) -> int:
        return min(CHUNK, self.n - index * CHUNK)

    def draw(self, index: int, clipped: NDArray[np.int64] | None = None) -> dict[str, Any]:
        """The environment of chunk ``index``: fixed values and sampled arrays."""
        size = self.size(index)
        env: dict[str, Any] = dict(self.fixed)
        if not self.uncertain:
            return env
        rng = np.random.Generator(np.random.PCG64(self.streams[index]))
        u = uniforms(rng, size, len(self.uncertain), method=self.method)
        outside = to_draws(
            u,
            uncertain=self.uncertain,
            marginals=self.marginals,
            corr=self.corr,
            factor=self.factor,
            correlation_method=self.correlation_method,
        )
        if clipped is not None:
            clipped[index] = outside
        for k, spec in enumerate(self.uncertain):
            env[spec.id] = u[k]
        return env


def to_draws(
    u: Array,
    *,
    uncertain: Sequence[_Uncertain],
    marginals: Sequence[Marginal],
    corr: tuple[NDArray[np.intp], Array] | None,
    factor: Array,
    correlation_method: CorrelationMethod,
) -> NDArray[np.int64]:
    """Turn independent uniforms into the inputs' draws, in place: one row of ``u`` per
    estimate driver. The case's correlations are imposed (Gaussian copula or
    Iman–Conover), each row goes through its driver's quantile function and is clipped
    to the driver's bounds. Returns how many draws of each row were clipped.

    `simulate` draws its chunks through this, and so does a portfolio's per-account
    Monte Carlo, so both sample alike.
    """
    done: frozenset[int] = frozenset()
    if corr is not None:
        rows, matrix = corr
        if correlation_method == "iman-conover":
            u[rows] = iman_conover(u[rows], matrix)
        else:  # Gaussian copula: each correlated draw from its mixed normal score
            _copula(u, rows, factor, marginals)
            done = frozenset(int(k) for k in rows)
    outside = np.zeros(len(uncertain), dtype=np.int64)
    for k, (spec, dist) in enumerate(zip(uncertain, marginals, strict=True)):
        draws = u[k] if k in done else dist.ppf(u[k], out=u[k])
        if spec.lower > -math.inf or spec.upper < math.inf:
            count = np.count_nonzero((draws < spec.lower) | (draws > spec.upper))
            if count:
                np.clip(draws, spec.lower, spec.upper, out=draws)
                outside[k] = count
    return outside


def _copula(u: Array, rows: NDArray[np.intp], factor: Array, marginals: Sequence[Marginal]) -> None:
    """Replace the correlated rows of ``u`` by their draws, in place: normal scores
    ``z = Φ⁻¹(u)``, mixed ``z' = P z`` by the lower-triangular factor (last row first,
    so each row still finds the scores above it unmixed), then ``Q(Φ(z'))``."""
    for k in rows:
        normal_scores(u[k], u[k])
    scratch = np.empty(u.shape[1])
    for i in range(len(rows) - 1, 0, -1):
        target = u[rows[i]]
        np.multiply(target, factor[i, i], out=target)
        for j in range(i):
            if factor[i, j] != 0.0:
                np.multiply(u[rows[j]], factor[i, j], out=scratch)
                np.add(target, scratch, out=target)
    for k in rows:
        marginals[k].from_normal(u[k], out=u[k])


class Simulation:
    """The result of `simulate`: sampled annual and one-time costs.

    Attributes
    ----------
    annual, one_time:
        Arrays of ``n`` samples of the annual cost of the problem and the one-time cost
        (read-only zeros that take no memory when the case has no one-time consequence).
    correlation_method:
        How the case's correlations were imposed: ``"gaussian"`` or ``"iman-conover"``.
    parts:
        Arrays per problem id (its annual cost) or per consequence id (its annual or
        one-time cost), as ``keep`` asked.
    clipped:
        Per driver with bounds, how many samples were clipped to them.
    """

    def __init__(
        self,
        *,
        case: Diagnosis,
        n: int,
        seed: int | None,
        method: Method,
        keep: Keep,
        basis: Basis,
        scenario: Scenario | None,
        annual: Array,
        one_time: Array,
        parts: dict[str, Array],
        sampler: _Sampler,
        clipped: dict[str, int],
    ) -> None:
        self.case = case
        self.n = n
        self.seed = seed
        self.method = method
        self.correlation_method = sampler.correlation_method
        self.keep = keep
        self.basis = basis
        self.scenario = scenario
        self.annual = annual
        self.one_time = one_time
        self.parts = parts
        self._sampler = sampler
        self.clipped = clipped

    @property
    def currency(self) -> str:
        """The account's currency."""
        return self.case.account.currency

    def stream(self, key: int) -> np.random.Generator:
        """An independent random stream derived from this simulation's seed, for drawing
        further quantities alongside its samples (the value case's estimated fractions).

        The same simulation and ``key`` always give the same stream; streams never overlap
        the chunks' own.
        """
        sequence = np.random.SeedSequence(self._sampler.entropy, spawn_key=(EXTRA_STREAMS + key,))
        return np.random.Generator(np.random.PCG64(sequence))

    def _series(self, of: str) -> Array:
        if of in ("annual_cost", "annual"):
            return self.annual
        if of in ("one_time_cost", "one_time"):
            return self.one_time
        if of in self.parts:
            return self.parts[of]
        kept = ", ".join(["annual_cost", "one_time_cost", *self.parts])
        raise CaseReferenceError(f"no simulated series {of!r}; kept: {kept} (see keep=)")

    @overload
    def percentile(self, q: float, *, of: str = ...) -> float: ...
    @overload
    def percentile(self, q: Sequence[float], *, of: str = ...) -> list[float]: ...

    def percentile(self, q: float | Sequence[float], *, of: str = "annual_cost") -> Any:
        """The ``q``-th percentile (0–100) of a simulated series (linear interpolation);
        for several (``[10, 50, 90]``), a list of them in that order."""
        several = isinstance(q, Sequence)
        wanted = [float(x) for x in q] if isinstance(q, Sequence) else [float(q)]
        for x in wanted:
            if not 0 <= x <= 100:
                raise OptionError(f"percentile q must be in [0, 100], got {x:g}")
        found = [float(v) for v in np.percentile(self._series(of), wanted)]
        return found if several else found[0]

    def prob_exceeds(self, amount: float, *, of: str = "annual_cost") -> float:
        """The share of samples in which the series exceeds ``amount`` (``P(X > amount)``)."""
        return float(np.count_nonzero(self._series(of) > amount)) / self.n

    def mean(self, *, of: str = "annual_cost") -> float:
        """The sample mean of a series."""
        return float(np.mean(self._series(of)))

    def cost_of_delay(self, period: Period = "month") -> Array:
        """The distribution of the recurring cost of one ``period`` of delay."""
        return self.annual / periods_per_year(self.case.plan.calendar, period)

    def summary(self) -> pd.DataFrame:
        """Mean, standard deviation and P5/P10/P50/P90/P95 of each series.

        ``DataFrame.attrs`` carries ``n``, ``seed``, ``method``, ``correlation_method`` and
        ``clipped`` (samples clipped to each driver's bounds).
        """
        import pandas as pd  # noqa: PLC0415

        names = ["annual_cost", "one_time_cost", *self.parts]
        rows = []
        for name in names:
            data = self._series(name)
            pct = np.percentile(data, _PERCENTILES)
            std = float(np.std(data, ddof=1)) if self.n > 1 else 0.0
            row = {"series": name, "mean": float(np.mean(data)), "std": std}
            row.update({f"p{q}": float(v) for q, v in zip(_PERCENTILES, pct, strict=True)})
            rows.append(row)
        frame = pd.DataFrame(rows).set_index("series")
        frame.attrs.update(
            n=self.n, seed=self.seed, method=self.method,
            correlation_method=self.correlation_method, clipped=dict(self.clipped),
        )  # fmt: skip
        return frame

    def clipping(self) -> pd.DataFrame:
        """Per driver with bounds: samples clipped and their share of ``n``."""
        import pandas as pd  # noqa: PLC0415

        rows = [{"driver": k, "clipped": v, "share": v / self.n} for k, v in self.clipped.items()]
        return pd.DataFrame(rows, columns=["driver", "clipped", "share"]).set_index("driver")

    def samples(self) -> pd.DataFrame:
        """Every sample of every kept series, one column each."""
        import pandas as pd  # noqa: PLC0415

        return pd.DataFrame(
            {"annual_cost": self.annual, "one_time_cost": self.one_time, **self.parts}
        )

    def histogram(self, bins: int = 50, *, of: str = "annual_cost") -> pd.DataFrame:
        """Histogram data: ``bin_left``, ``bin_right``, ``count``, ``share``."""
        import pandas as pd  # noqa: PLC0415

        if bins < 1:
            raise OptionError(f"bins must be at least 1, got {bins}")
        counts, edges = np.histogram(self._series(of), bins=bins)
        return pd.DataFrame(
            {"bin_left": edges[:-1], "bin_right": edges[1:], "count": counts,
             "share": counts / self.n}
        )  # fmt: skip

    @property
    def uncertain(self) -> tuple[str, ...]:
        """The ids of the input drivers that vary in this simulation (an estimate under
        its basis and scenario), in case order."""
        return tuple(u.id for u in self._sampler.uncertain)

    def inputs(self) -> dict[str, Array]:
        """Every draw of each uncertain input driver, in sample order (after clipping to
        its bounds): ``inputs()[d][i]`` is the value of driver ``d`` behind
        ``annual[i]``.

        The draws are not stored by `simulate`; they are drawn again from each chunk's
        own stream, so this costs about as much as sampling them did, and memory for
        ``n`` floats per driver.
        """
        sampler = self._sampler
        out = {u.id: np.empty(self.n) for u in sampler.uncertain}
        for index in range(sampler.chunks):
            env = sampler.draw(index)
            start = index * CHUNK
            for ident, array in out.items():
                array[start : start + sampler.size(index)] = env[ident]
        return out

    def contributions(self) -> pd.DataFrame:
        """Each uncertain driver's share of the variance of the annual cost.

        Rank-correlation based: ``share_i = ρ_i² / Σ_j ρ_j²`` with ``ρ_i`` the Spearman
        correlation between driver ``i`` and the annual cost, over the first
        `INPUT_SAMPLE` draws. Sorted, largest first: the estimates most worth
        confirming with the customer come first.
        """
        import pandas as pd  # noqa: PLC0415
        from scipy.stats import rankdata  # noqa: PLC0415

        sampler = self._sampler
        chunks = [sampler.draw(i) for i in range(min(sampler.chunks, -(-INPUT_SAMPLE // CHUNK)))]
        m = sum(sampler.size(i) for i in range(len(chunks)))
        total = rankdata(self.annual[:m])
        rows = []
        for spec in sampler.uncertain:
            ranks = rankdata(np.concatenate([chunk[spec.id] for chunk in chunks]))
            ident = spec.id
            rho = float(np.corrcoef(ranks, total)[0, 1]) if np.ptp(ranks) > 0 else 0.0
            rows.append({"driver": ident, "spearman": 0.0 if math.isnan(rho) else rho})
        frame = pd.DataFrame(rows, columns=["driver", "spearman"])
        squares = frame["spearman"] ** 2
        denominator = float(squares.sum())
        frame["share"] = squares / denominator if denominator > 0 else 0.0
        plan = self.case.plan
        frame.insert(1, "label", [plan.drivers[i].label or i for i in frame["driver"]])
        return frame.sort_values("share", ascending=False).set_index("driver")

    def __repr__(self) -> str:
        c = self.currency
        clipped = sum(self.clipped.values())
        return (
            f"<Simulation n={self.n:,} seed={self.seed} method={self.method}: annual cost "
            f"P10 {self.percentile(10):,.0f} / P50 {self.percentile(50):,.0f} / "
            f"P90 {self.percentile(90):,.0f} {c}/year"
            f"{f', {clipped:,} samples clipped to bounds' if clipped else ''}>"
        )

    def _repr_html_(self) -> str:
        return _display.html(self)


def _threads(threads: int | None) -> int:
    if threads is None:
        return max(1, min(os.cpu_count() or 1, 8))
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise OptionError(f"threads must be a positive whole number, got {threads!r}")
    return threads


def simulate(
    case: Diagnosis,
    *,
    n: int = 10_000,
    seed: int | None = None,
    method: Method = "random",
    keep: Keep = "totals",
    basis: Basis = "value",
    scenario: str | Scenario | None = None,
    threads: int | None = None,
    max_bytes: int | None = None,
    correlation_method: CorrelationMethod | None = None,
) -> Simulation:
    """Monte Carlo simulation of the cost of the problem.

    Every estimate driver is sampled from its distribution (conventions in
    `costdx.model._estimates`: PERT with λ = 4; LogNormal90 and Normal90 with low/high
    as the 5th and 95th percentiles), clipped to its ``bounds``, with the case's rank
    correlations imposed (marginals kept exactly; see ``correlation_method``). The whole
    case is then evaluated vectorised: ``annual_i = Σ_c f_c(x_i) × k_c`` for each sample ``i``.

    Parameters
    ----------
    n:
        Number of samples (> 0).
    seed:
        Seed of the `numpy.random.SeedSequence`; the same seed gives the same
        samples bit for bit whatever ``threads`` is. ``None`` draws a seed, which the
        result records (``sim.seed``, its repr, the workbook) so the run can be repeated.
    method:
        ``"random"``, or ``"lhs"`` for Latin hypercube sampling (stratified within each
        chunk of `CHUNK` samples).
    keep:
        ``"totals"``, or also per ``"problems"`` (each problem's annual cost) or per
        ``"consequences"`` (each consequence's annual or one-time cost).
    basis, scenario:
        As for `costdx.quantify`.
    threads:
        Worker threads (default: the number of cores, at most 8).
    max_bytes:
        The most memory the run may need, estimated before it starts from ``n``,
        ``keep`` and the case (`costdx.engine.simulation_bytes`); default
        `costdx.engine.MAX_SIMULATION_BYTES` (4 GiB). A larger run is refused with an
        `OptionError` that says how much it would need and what fits.
    correlation_method:
        How the case's rank correlations are imposed. ``"gaussian"``, the default for
        ``method="random"``: a Gaussian copula (`costdx.engine.sampling.gaussian_copula`),
        no sorting, Spearman correlation exact in the population and within about
        ``(1 − ρ²)/√n`` in a sample. ``"iman-conover"``, the default for ``method="lhs"``:
        Iman–Conover rearranges each chunk's draws (a sort per correlated driver), hits
        the target in every chunk more closely and keeps every driver's Latin hypercube
        strata, which the copula's mixing would undo. Both keep every marginal exact.

    Examples
    --------
    >>> import costdx as cdx
    >>> sim = cdx.simulate(cdx.load(cdx.example_path()), n=20_000, seed=7)
    >>> sim.percentile(10) < sim.percentile(50) < sim.percentile(90)
    True
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n <= 0:
        raise OptionError(f"n must be a positive whole number of samples, got {n!r}")
    n = int(n)
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0
    ):
        raise OptionError(f"seed must be a whole number >= 0, or None, got {seed!r}")
    if seed is None:  # drawn here and recorded, so that every run can be repeated
        seed = secrets.randbits(32)
    if method not in ("random", "lhs"):
        raise OptionError(f"method must be 'random' or 'lhs', not {method!r}")
    if keep not in ("totals", "problems", "consequences"):
        raise OptionError(f"keep must be 'totals', 'problems' or 'consequences', not {keep!r}")
    if correlation_method is None:
        correlation_method = "iman-conover" if method == "lhs" else "gaussian"
    if correlation_method not in ("gaussian", "iman-conover"):
        raise OptionError(
            f"correlation_method must be 'gaussian' or 'iman-conover', not {correlation_method!r}"
        )
    check_basis(basis)
    workers = _threads(threads)
    check_simulation_size(case, n=n, keep=keep, chunk=CHUNK, workers=workers, max_bytes=max_bytes)
    chosen = resolve_scenario(case, scenario)
    fixed, uncertain = _specs(case, basis, chosen)
    corr = _correlation(case, uncertain)
    plan = case.plan
    sampler = _Sampler(
        n=n, seed=seed, method=method, fixed=fixed, uncertain=uncertain, corr=corr,
        correlation_method=correlation_method,
    )  # fmt: skip

    recurring = [c.id for c in plan.consequences if c.kind is Kind.RECURRING]
    one_off = [c.id for c in plan.consequences if c.kind is Kind.ONE_TIME]
    # Each consequence adds into the totals and the kept series it belongs to.
    sinks: dict[str, list[str]] = {
        c.id: ["annual" if c.kind is Kind.RECURRING else "one_time"] for c in plan.consequences
    }
    if keep == "consequences":
        names = [c.id for c in plan.consequences]
        for cid in names:
            sinks[cid].append(cid)
    elif keep == "problems":  # a problem's annual cost: its one-time costs are apart
        names = [p.id for p in case.problems]
        for step in plan.consequences:
            if step.kind is Kind.RECURRING:
                sinks[step.id].append(step.problem)
    else:
        names = []
    series = {"annual": np.empty(n), "one_time": np.empty(n) if one_off else _zeros(n)}
    parts = {name: np.empty(n) for name in names}
    series.update(parts)
    clipped = np.zeros((sampler.chunks, len(uncertain)), dtype=np.int64)
    bad: list[tuple[str, int]] = []
    bad_derived: list[tuple[int, str, int]] = []
    order = {step.id: k for k, step in enumerate(plan.derived)}

    def run(index: int) -> None:
        start, size = index * CHUNK, sampler.size(index)
        window = slice(start, start + size)
        views = {name: array[window] for name, array in series.items() if array.flags.writeable}
        started: set[str] = set()

        def add(cid: str, value: Any) -> None:
            for name in sinks[cid]:
                view = views[name]
                if name in started:
                    np.add(view, value, out=view)
                else:
                    view[...] = value
                    started.add(name)

        plan.evaluate_arrays(sampler.draw(index, clipped), consequences=add)
        for name, view in views.items():
            if name not in started:  # nothing adds into it: a problem without recurring costs
                view.fill(0.0)
        # A non-finite consequence makes its total non-finite (inf - inf is nan), and so
        # their sum: one pass finds every case; only then look for the culprit, on the
        # chunk drawn again (a sum can also overflow with every sample finite).
        if math.isfinite(
            float(np.sum(views["annual"])) + float(np.sum(series["one_time"][window]))
        ):
            return
        result = plan.evaluate_arrays(sampler.draw(index))
        culprit = plan.first_not_finite(result)
        if culprit is not None:  # blame the derived driver where it began
            count = np.count_nonzero(~np.isfinite(np.asarray(result[culprit.id])))
            bad_derived.append((order[culprit.id], culprit.id, int(count) or size))
            return
        for cid in (*recurring, *one_off):
            values = np.asarray(result[cid])
            if not np.all(np.isfinite(values)):
                bad.append((cid, int(np.count_nonzero(~np.isfinite(values))) or size))

    chunks = sampler.chunks
    if workers == 1 or chunks == 1:
        for index in range(chunks):
            run(index)
    else:
        with ThreadPoolExecutor(max_workers=min(workers, chunks)) as pool:
            list(pool.map(run, range(chunks)))
    if bad_derived:
        _, ident, count = min(bad_derived)
        raise derived_error(case, ident, f"is not finite in {count} sample(s)")
    if bad:
        cid, count = sorted(bad)[0]
        step = plan.consequence(cid)
        formula = case.problems[step.index[0]].consequences[step.index[1]].formula
        raise CalculationError(
            f"problems[{step.index[0]}].consequences[{step.index[1]}].formula: {formula!r} "
            f"is not finite in {count} sample(s) (a division by zero, or a figure too large?)"
        )
    counts = clipped.sum(axis=0)
    clip_report = {
        u.id: int(counts[k])
        for k, u in enumerate(uncertain)
        if u.lower > -math.inf or u.upper < math.inf
    }
    return Simulation(
        case=case, n=n, seed=seed, method=method, keep=keep, basis=basis, scenario=chosen,
        annual=series["annual"], one_time=series["one_time"], parts=parts, sampler=sampler,
        clipped=clip_report,
    )  # fmt: skip


def _zeros(n: int) -> Array:
    """``n`` zeros that take no memory (read-only): the one-time cost of a case without
    one-time consequences."""
    return np.broadcast_to(np.float64(0.0), (n,))
