"""Portfolio scoring: one case as a template over many accounts (Discover's targeting).

`score` evaluates the case's compiled plan with the accounts on the array axis: each
value driver that the accounts frame gives is an array (one figure per account, the
case's own figure where an account gives none), every other driver the case's figure.
One pass over blocks of `BLOCK` accounts gives every account's annual and one-time
cost, its cost per month of inaction and its annual cost by problem; with ``simulate``
each account also gets P10/P50/P90 from draws of its own (`costdx.engine._account_draws`).

A Dask frame is scored partition by partition with ``map_partitions`` and a ``meta``
built from the case, so nothing is computed until the caller asks; the case travels to
the workers by pickle, and each worker process prepares it once (`prepared`), however
many partitions it scores.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from costdx.engine._account_draws import (
    PERCENTILES,
    account_key,
    check_draws,
    correlation,
    draw_block,
    uncertain,
)
from costdx.engine._accounts import (
    Checked,
    Layout,
    OnError,
    check_rows,
    layout,
    raise_issues,
)
from costdx.engine._simulate import Keep
from costdx.errors import CalculationError, OptionError
from costdx.model import (
    Basis,
    Diagnosis,
    Kind,
    Scenario,
    check_basis,
    point_values,
    resolve_scenario,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BLOCK", "SAMPLES", "prepared", "score"]

Array = NDArray[np.float64]

BLOCK = 65_536
"""Accounts evaluated at once: bounds the working memory whatever the frame's length."""
SAMPLES = 1 << 17
"""Account × draw pairs held at once by the per-account Monte Carlo."""
_PREPARED_KEPT = 8
"""Prepared cases a process keeps (the most recently used)."""

TOTALS = ("annual_cost", "one_time_cost", "cost_of_inaction_per_month")


class _Scorer:
    """Everything scoring a frame of accounts needs; it pickles (the case with its plan)
    and is known by a token of its content, so a worker prepares it once."""

    def __init__(
        self,
        *,
        case: Diagnosis,
        layout: Layout,
        basis: Basis,
        scenario: Scenario | None,
        draws: int | None,
        entropy: int | None,
        keep: Keep,
        on_error: OnError,
        rank: bool,
    ) -> None:
        self.case = case
        self.layout = layout
        self.basis = basis
        self.scenario = scenario
        self.draws = draws
        self.entropy = entropy
        self.keep = keep
        self.on_error = on_error
        self.rank = rank

    @functools.cached_property
    def token(self) -> str:
        """A digest of everything the scorer holds: equal tokens, equal scores. Computed
        once, before the scorer is pickled to the workers, and pickled with it."""
        content = {
            "case": self.case.model_dump(mode="json"),
            "layout": repr(self.layout),
            "basis": self.basis,
            "scenario": None if self.scenario is None else self.scenario.model_dump(mode="json"),
            "draws": self.draws,
            "entropy": self.entropy,
            "keep": self.keep,
            "on_error": self.on_error,
            "rank": self.rank,
        }
        text = json.dumps(content, sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(text).hexdigest()

    def __dask_tokenize__(self) -> str:
        return self.token

    @property
    def series(self) -> dict[str, list[str]]:
        """What the per-account percentiles are of: name → the consequences it sums."""
        plan = self.case.plan
        recurring = [c.id for c in plan.consequences if c.kind is Kind.RECURRING]
        series = {"annual_cost": recurring}
        if self.keep == "problems":
            for problem in self.case.problems:
                series[problem.id] = [
                    c.id
                    for c in plan.consequences
                    if c.problem == problem.id and c.kind is Kind.RECURRING
                ]
        elif self.keep == "consequences":
            series.update({c.id: [c.id] for c in plan.consequences})
        return series

    def columns(self) -> list[str]:
        """The result's own columns, in order (without the id and carried columns)."""
        names = list(TOTALS)
        if self.draws is not None:
            names += [f"p{q}" for q in PERCENTILES]
        if self.layout.probability is not None:
            names += [self.layout.probability, "expected_value"]
            if self.rank:
                names.append("rank")
        names += [f"cost.{p.id}" for p in self.case.problems]
        names.append("top_problem")
        if self.keep == "consequences":
            names += [f"cost.{c.id}" for c in self.case.plan.consequences]
        if self.draws is not None:
            names += [f"p{q}.{name}" for name in list(self.series)[1:] for q in PERCENTILES]
        names += ["from_account", "fell_back", "fallbacks"]
        if self.on_error == "report":
            names.append("error")
        return names


class Prepared:
    """A scorer made ready in one process: its compiled plan, fallback figures and
    samplers. Built once per process and case (`prepared`)."""

    def __init__(self, scorer: _Scorer) -> None:
        case = scorer.case
        self.plan = case.plan
        self.fallback = point_values(case, basis=scorer.basis, scenario=scorer.scenario)
        self.plan.evaluate_arrays(self.fallback)  # compiles the plan's numpy functions now
        plan = self.plan
        self.recurring = [c.id for c in plan.consequences if c.kind is Kind.RECURRING]
        self.one_time = [c.id for c in plan.consequences if c.kind is Kind.ONE_TIME]
        self.problems = {
            p.id: [c for c in self.recurring if plan.consequence(c).problem == p.id]
            for p in case.problems
        }
        self.months = plan.calendar["months_per_year"]
        self.drivers = uncertain(case, scorer.basis, scorer.scenario)
        self.corr = correlation(case, self.drivers)


_PREPARED: OrderedDict[str, Prepared] = OrderedDict()
_LOCK = threading.Lock()
BUILDS: Counter[str] = Counter()
"""How many times this process prepared each scorer, by token: once, however many
partitions it scores (the Dask tests read it on the workers)."""


def prepared(scorer: _Scorer) -> Prepared:
    """The scorer prepared in this process: built on first use, then shared by every
    partition (and thread) that scores with it."""
    with _LOCK:
        found = _PREPARED.get(scorer.token)
        if found is None:
            found = _PREPARED[scorer.token] = Prepared(scorer)
            BUILDS[scorer.token] += 1
            while len(_PREPARED) > _PREPARED_KEPT:
                _PREPARED.popitem(last=False)
        else:
            _PREPARED.move_to_end(scorer.token)
    return found


def _sum_into(target: Array, values: Sequence[Any]) -> None:
    target.fill(0.0)
    for value in values:
        np.add(target, value, out=target)


def _fallback_lists(checked: Checked, names: Sequence[str], n: int) -> tuple[Any, NDArray[Any]]:
    """For each row, the driver columns that fell back, as text (``"a, b"``), and their
    count. Rows share few patterns, so each pattern's text is built once."""
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    count = np.zeros(n, dtype=np.int64)
    if len(names) <= 63:
        code = np.zeros(n, dtype=np.int64)
        for j, name in enumerate(names):
            absent = checked.absent[name]
            np.bitwise_or(code, np.int64(1) << j, out=code, where=absent)
            np.add(count, 1, out=count, where=absent)
        inverse, patterns = pd.factorize(code)
        texts = [
            ", ".join(name for j, name in enumerate(names) if (int(p) >> j) & 1) for p in patterns
        ]
    else:
        table = np.stack([checked.absent[name] for name in names], axis=1)
        count += table.sum(axis=1)
        rows, inverse = np.unique(table, axis=0, return_inverse=True)
        texts = [", ".join(np.asarray(names)[row].tolist()) for row in rows]
    return pd.array(texts, dtype="str").take(np.asarray(inverse).ravel()), count


def _top_problem(numbers: Mapping[str, Array], problems: Sequence[str]) -> Any:
    """For each account, the problem that costs it most a year (missing where no cost is
    known): what to open the conversation with. A categorical of the case's problems, the
    same categories in every partition."""
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    best = numbers[f"cost.{problems[0]}"].copy()
    which = np.zeros(len(best), dtype=np.int16)
    for j, problem in enumerate(problems[1:], start=1):
        cost = numbers[f"cost.{problem}"]
        larger = cost > best
        np.copyto(which, j, where=larger)
        np.copyto(best, cost, where=larger)
    which[np.isnan(best)] = -1
    return pd.Categorical.from_codes(which, dtype=_problems_dtype(problems))


def _problems_dtype(problems: Sequence[str]) -> Any:
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    return pd.CategoricalDtype(list(problems))


def _not_finite(
    *,
    scorer: _Scorer,
    env: Mapping[str, Any],
    result: Mapping[str, Any],
    rows: NDArray[np.intp],
    start: int,
) -> dict[int, str]:
    """Why the costs of ``rows`` (positions within the block that starts at ``start``)
    are not finite: the first consequence that is not, with the figures it used."""
    case = scorer.case
    plan = case.plan
    reasons: dict[int, str] = {}

    def at(value: Any, row: int) -> float:
        return float(value if np.ndim(value) == 0 else value[row])

    for row in rows:
        for step in plan.consequences:
            item = at(result[step.id], row)
            if math.isfinite(item):
                continue
            i, j = step.index
            figures = ", ".join(f"{d} = {at(env[d], row):g}" for d in sorted(step.inputs))
            reasons[start + int(row)] = (
                f"problems[{i}].consequences[{j}].formula "
                f"{case.problems[i].consequences[j].formula!r} is {item} with this account's "
                f"figures (a division by zero?): {figures}"
            )
            break
    return reasons


def _costs(
    scorer: _Scorer,
    prep: Prepared,
    checked: Checked,
    progress: Callable[[int], object] | None,
) -> tuple[dict[str, Array], dict[int, str]]:
    """Every account's costs, evaluated in blocks of `BLOCK` accounts; and the accounts
    whose costs are not finite, with the reason."""
    n = len(checked.bad)
    columns = [driver for _, driver in scorer.layout.drivers]
    costs = {"annual_cost": np.empty(n), "one_time_cost": np.empty(n)}
    sums = {"annual_cost": prep.recurring, "one_time_cost": prep.one_time}
    sums.update({f"cost.{p}": members for p, members in prep.problems.items()})
    if scorer.keep == "consequences":
        sums.update({f"cost.{c.id}": [c.id] for c in prep.plan.consequences})
    costs.update({name: np.empty(n) for name in sums})
    broken: dict[int, str] = {}
    for start in range(0, n, BLOCK):
        window = slice(start, min(n, start + BLOCK))
        env: dict[str, Any] = dict(prep.fallback)
        for ident in columns:
            block = checked.values[ident][window]
            env[ident] = np.where(np.isnan(block), prep.fallback[ident], block)
        result = prep.plan.evaluate_arrays(env)
        for name, members in sums.items():
            _sum_into(costs[name][window], [result[c] for c in members])
        finite = np.isfinite(costs["annual_cost"][window]) & np.isfinite(
            costs["one_time_cost"][window]
        )
        if not finite.all():
            rows = np.flatnonzero(~finite & ~checked.bad[window])
            broken.update(
                _not_finite(scorer=scorer, env=env, result=result, rows=rows, start=start)
            )
            if broken and scorer.on_error == "raise":
                break
        if progress is not None and scorer.draws is None:
            progress(window.stop - window.start)
    costs["cost_of_inaction_per_month"] = costs["annual_cost"] / prep.months
    return costs, broken


def _score_frame(
    scorer: _Scorer,
    prep: Prepared,
    frame: pd.DataFrame,
    progress: Callable[[int], object] | None = None,
) -> pd.DataFrame:
    """Score one pandas frame of accounts (a whole portfolio, or one Dask partition)."""
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    case, lay = scorer.case, scorer.layout
    report = scorer.on_error == "report"
    checked = check_rows(case, frame, lay, per_row=report)
    if not report:
        raise_issues(case, checked)
    costs, broken = _costs(scorer, prep, checked, progress)
    numbers: dict[str, Any] = dict(costs)
    if broken and not report:
        position, reason = next(iter(broken.items()))
        raise CalculationError(f"{_where(frame, lay, position)}: {reason}")
    if scorer.draws is not None:
        tables, unstable = _draw(scorer, prep, frame, checked, progress)
        if unstable and not report:
            position, reason = next(iter(unstable.items()))
            raise CalculationError(f"{_where(frame, lay, position)}: {reason}")
        broken = {**unstable, **broken}
        for name, table in tables.items():
            for k, q in enumerate(PERCENTILES):
                numbers[f"p{q}" if name == "annual_cost" else f"p{q}.{name}"] = table[:, k]
    if lay.probability is not None:
        assert checked.probability is not None
        numbers["expected_value"] = numbers["annual_cost"] * checked.probability
    bad = checked.bad.copy()
    bad[list(broken)] = True
    for values in numbers.values():
        values[bad] = np.nan
    if lay.probability is not None:
        numbers[lay.probability] = checked.probability
        if scorer.rank:
            ranks = pd.Series(numbers["expected_value"]).rank(ascending=False, method="min")
            numbers["rank"] = ranks.astype("Int64").array
    numbers["top_problem"] = _top_problem(numbers, list(prep.problems))
    columns = [driver for _, driver in lay.drivers]
    numbers["fallbacks"], numbers["fell_back"] = _fallback_lists(checked, columns, len(frame))
    given = numbers["from_account"] = np.zeros(len(frame), dtype=np.int64)
    for driver in columns:
        given += ~np.isnan(checked.values[driver])
    if report:
        errors = np.full(len(frame), "", dtype=object)
        for position, messages in checked.errors.items():
            errors[position] = "; ".join(messages)
        for position, reason in broken.items():
            errors[position] = reason
        numbers["error"] = pd.array(errors, dtype="str")
    return _assemble(scorer, frame, numbers)


def _where(frame: pd.DataFrame, lay: Layout, position: int) -> str:
    label = frame.index[position]
    label = label.item() if isinstance(label, np.generic) else label
    if lay.id_column is None:
        return f"account {label!r}"
    ident = frame[lay.id_column].iloc[position]
    ident = ident.item() if isinstance(ident, np.generic) else ident
    return f"account {ident!r} (accounts.loc[{label!r}])"


def _draw(
    scorer: _Scorer,
    prep: Prepared,
    frame: pd.DataFrame,
    checked: Checked,
    progress: Callable[[int], object] | None,
) -> tuple[dict[str, Array], dict[int, str]]:
    """Every account's percentiles, drawn in blocks of accounts × draws; and the
    accounts some of whose draws give a cost that is not finite."""
    assert scorer.draws is not None
    assert scorer.entropy is not None  # drawn when the call was made
    lay = scorer.layout
    ids = frame[lay.id_column] if lay.id_column is not None else frame.index.to_series()
    n, draws = len(frame), scorer.draws
    series = scorer.series
    tables = {name: np.empty((n, len(PERCENTILES))) for name in series}
    broken: dict[int, str] = {}
    per_block = max(1, SAMPLES // draws)
    for start in range(0, n, per_block):
        window = slice(start, min(n, start + per_block))
        keys = [account_key(i) for i in ids.iloc[window]]
        found, finite = draw_block(
            evaluate=prep.plan.evaluate_arrays,
            fixed=prep.fallback,
            given={d: checked.values[d][window] for _, d in lay.drivers},
            drivers=prep.drivers,
            corr=prep.corr,
            keys=keys,
            draws=draws,
            entropy=scorer.entropy,
            series=series,
        )
        for name, table in found.items():
            tables[name][window] = table
        for row in np.flatnonzero(~finite & ~checked.bad[window]):
            broken[start + int(row)] = (
                "some of its draws give a cost that is not finite (a division by zero "
                "within an estimate's range?)"
            )
        if progress is not None:
            progress(window.stop - window.start)
    return tables, broken


def _assemble(scorer: _Scorer, frame: pd.DataFrame, numbers: Mapping[str, Any]) -> pd.DataFrame:
    """The result frame, its columns in `_Scorer.columns` order; the same code builds
    the Dask ``meta`` from an empty frame, so the two always agree."""
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    lay = scorer.layout
    data: dict[str, Any] = {}
    if lay.id_column is not None:
        data[lay.id_column] = frame[lay.id_column].array
    for column in lay.carry:
        data[column] = frame[column].array
    for name in scorer.columns():
        data[name] = numbers[name]
    result = pd.DataFrame(data, index=frame.index, copy=False)
    result.attrs.update(
        case=scorer.case.id, currency=scorer.case.account.currency, basis=scorer.basis,
        scenario=None if scorer.scenario is None else scorer.scenario.name,
        simulate=scorer.draws, seed=scorer.entropy,
    )  # fmt: skip
    return result


def _empty_numbers(scorer: _Scorer) -> dict[str, Any]:
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    numbers: dict[str, Any] = {name: np.empty(0) for name in scorer.columns()}
    numbers.update(
        from_account=np.empty(0, dtype=np.int64),
        fell_back=np.empty(0, dtype=np.int64),
        fallbacks=pd.array([], dtype="str"),
    )
    numbers["top_problem"] = pd.Categorical(
        [], dtype=_problems_dtype([p.id for p in scorer.case.problems])
    )
    if "rank" in numbers:
        numbers["rank"] = pd.array([], dtype="Int64")
    if "error" in numbers:
        numbers["error"] = pd.array([], dtype="str")
    return numbers


def _score_partition(frame: pd.DataFrame, scorer: _Scorer) -> pd.DataFrame:
    return _score_frame(scorer, prepared(scorer), frame)


def _reserved(case: Diagnosis) -> frozenset[str]:
    """Every column name a result can have of its own."""
    fixed = [*TOTALS, "expected_value", "rank", "top_problem", "from_account", "fell_back"]
    fixed.append("fallbacks")
    parts = ["annual_cost", *(p.id for p in case.problems), *(c.id for c in case.plan.consequences)]
    return frozenset(
        [*fixed, "error", *(f"p{q}" for q in PERCENTILES)]
        + [f"cost.{part}" for part in parts]
        + [f"p{q}.{part}" for part in parts for q in PERCENTILES]
    )


def _is_dask(accounts: Any) -> bool:
    return type(accounts).__module__.split(".")[0] == "dask" and hasattr(accounts, "map_partitions")


def score(
    case: Diagnosis,
    accounts: Any,
    *,
    columns: Mapping[str, str] | None = None,
    id_column: str | None = "account_id",
    probability: str | None = None,
    carry: Sequence[str] = (),
    basis: Basis = "value",
    scenario: str | Scenario | None = None,
    simulate: int | None = None,
    seed: int | None = None,
    keep: Keep = "totals",
    on_error: OnError = "raise",
    progress: Callable[[int], object] | None = None,
) -> Any:
    """Score every account of a portfolio with one case as the template.

    Each account's figures replace the case's for the drivers its row gives; the case's
    compiled plan then gives, for account ``i``,
    ``annual_cost_i = Σ_c f_c(x_i) × k_c`` over the recurring consequences (``k_c`` the
    calendar factor to a year), ``one_time_cost_i`` the sum of one-time consequences and
    ``cost_of_inaction_per_month_i = annual_cost_i / months_per_year`` — all accounts at
    once, as arrays. With a probability of change ``p_i``,
    ``expected_value_i = annual_cost_i × p_i`` ranks the targets.

    Parameters
    ----------
    case:
        The template: a validated diagnosis.
    accounts:
        A pandas DataFrame, one account a row, whose columns are value-driver ids (or are
        mapped to them by ``columns``) holding figures in the drivers' own units; or a
        Dask DataFrame of the same, which gives a Dask DataFrame back, computed only when
        asked (install ``costdx[dask]``).
    columns:
        ``{column: driver id}`` for columns not named after their driver.
    id_column:
        The column of account ids; ``None`` when the frame's index holds them.
    probability:
        The column holding each account's probability of change (a fraction, 0 to 1):
        adds it, ``expected_value`` and (pandas only) ``rank``, 1 for the largest.
    carry:
        Columns copied to the result unchanged (a name, an industry, an owner).
    basis, scenario:
        Which figures of the case stand in where an account gives none, as for
        `costdx.quantify`. An account's own figure wins over both.
    simulate:
        Draws per account (at most `costdx.engine.MAX_DRAWS`): adds
        ``p10``, ``p50``, ``p90`` of each account's annual cost, from draws seeded by
        ``seed`` and the account's id, so an account keeps its percentiles however the
        accounts are ordered, filtered or partitioned.
    seed:
        The seed of the draws (a whole number >= 0); ``None`` draws fresh entropy, which
        the result's ``attrs["seed"]`` records so the run can be repeated.
    keep:
        ``"totals"``; ``"problems"`` adds each problem's percentiles (``p10.<problem>``
        ...); ``"consequences"`` adds each consequence's cost (``cost.<consequence>``)
        and, when simulating, its percentiles.
    on_error:
        ``"raise"``: a bad figure raises a `CaseValidationError` naming the first
        offending rows of each column. ``"report"``: bad rows get NaN costs and say what
        is wrong in an ``error`` column; the other rows are scored.
    progress:
        Called with the number of accounts scored after each block (pandas only).

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        One row per account in the input's order and index: the id column, the carried
        columns, ``annual_cost``, ``one_time_cost``, ``cost_of_inaction_per_month``, the
        percentiles, the probability, ``expected_value`` and ``rank``, ``cost.<problem>``
        (each problem's annual cost), ``top_problem`` (the problem that costs the account
        most a year), ``from_account`` (how many drivers the row gave),
        ``fell_back`` and ``fallbacks`` (the driver columns the row left empty, so the
        case's figures stood in), and ``error`` when reporting bad rows.

    Raises
    ------
    CaseValidationError
        A column that matches no value driver, a column of the wrong type, or (with
        ``on_error="raise"``) a figure that is not a number, not finite or outside its
        driver's bounds, or a row without an id; each located by row and column.
    CalculationError
        An account whose figures make a cost infinite (a division by zero).

    Examples
    --------
    Two accounts on a one-line case, ``people × hours × rate × 52``:
    3 × 10 × 50 × 52 = 78,000 and 4 × 10 × 50 × 52 = 104,000 USD a year; the second
    leaves ``people`` empty, so the case's 5 stands in (5 × 10 × 50 × 52 = 130,000).

    >>> import costdx as cdx
    >>> import pandas as pd
    >>> case = cdx.Diagnosis(
    ...     account=cdx.Account(name="Template", currency="USD"),
    ...     drivers=[
    ...         cdx.Driver(id="people", value=5, unit="person"),
    ...         cdx.Driver(id="hours", value=10, unit="hour/person/week"),
    ...         cdx.Driver(id="rate", value=50, unit="USD/hour"),
    ...     ],
    ...     problems=[cdx.Problem(
    ...         id="rework", title="Rework", symptoms=[cdx.Symptom(id="late")],
    ...         consequences=[cdx.Consequence(id="labour", formula="people * hours * rate")],
    ...     )],
    ... )
    >>> accounts = pd.DataFrame({"account_id": ["A", "B"], "people": [3, None]})
    >>> scores = cdx.score(case, accounts)
    >>> scores["annual_cost"].tolist(), scores["fallbacks"].tolist()
    ([78000.0, 130000.0], ['', 'people'])
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    check_basis(basis)
    if keep not in ("totals", "problems", "consequences"):
        raise OptionError(f"keep must be 'totals', 'problems' or 'consequences', not {keep!r}")
    if on_error not in ("raise", "report"):
        raise OptionError(f"on_error must be 'raise' or 'report', not {on_error!r}")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0
    ):
        raise OptionError(f"seed must be a whole number >= 0, or None, got {seed!r}")
    draws = None if simulate is None else check_draws(simulate)
    if seed is not None and draws is None:
        raise OptionError("seed= seeds the per-account draws; give simulate= as well")
    dask = _is_dask(accounts)
    if not dask and not isinstance(accounts, pd.DataFrame):
        raise OptionError(
            f"accounts must be a pandas or Dask DataFrame, got {type(accounts).__name__}"
        )
    chosen = resolve_scenario(case, scenario)
    entropy = None
    if draws is not None:
        entropy = int(seed) if seed is not None else int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    meta_frame = accounts._meta if dask else accounts
    found = layout(
        case,
        {str(c): t for c, t in meta_frame.dtypes.items()},
        columns=columns,
        id_column=id_column,
        probability=probability,
        carry=carry,
        reserved=_reserved(case),
    )
    scorer = _Scorer(
        case=case,
        layout=found,
        basis=basis,
        scenario=chosen,
        draws=draws,
        entropy=entropy,
        keep=keep,
        on_error=on_error,
        rank=not dask,
    )
    if dask:
        meta = _assemble(scorer, meta_frame, _empty_numbers(scorer))
        assert scorer.token  # computed here, so it travels with the scorer
        return accounts.map_partitions(_score_partition, scorer, meta=meta)
    return _score_frame(scorer, Prepared(scorer), accounts, progress)
