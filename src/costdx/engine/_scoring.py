"""Scoring one pandas frame of accounts: the scorer, its preparation, the blocks, the frame.

A `Scorer` holds what scoring needs (the case with its compiled plan, which columns are
which, the options); it pickles, and a digest of its content names it, so a process
prepares it once (`prepared`: the fallback figures, the samplers, the plan's numpy
functions compiled) however many partitions it scores. `score_frame` reads and checks the
accounts' figures, evaluates the plan on blocks of `BLOCK` accounts (and, with draws, the
accounts' own Monte Carlo), and assembles the result frame; the same assembly gives a Dask
frame its ``meta``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from costdx.engine._account_draws import PERCENTILES, account_key, draw_block, estimates
from costdx.engine._accounts import Checked, Layout, OnError, check_rows, raise_issues
from costdx.engine._simulate import Keep
from costdx.errors import CalculationError
from costdx.model import Basis, Diagnosis, Kind, Scenario, point_values

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BLOCK",
    "BUILDS",
    "SAMPLES",
    "TOTALS",
    "Prepared",
    "Scorer",
    "assemble",
    "empty_numbers",
    "prepared",
    "score_frame",
]

Array = NDArray[np.float64]

BLOCK = 65_536
"""Accounts evaluated at once: bounds the working memory whatever the frame's length."""
SAMPLES = 1 << 17
"""Account × draw pairs held at once by the per-account Monte Carlo."""
_PREPARED_KEPT = 8
"""Prepared cases a process keeps (the most recently used)."""

TOTALS = ("annual_cost", "one_time_cost", "cost_of_delay_per_month")


def _annual_by_problem(case: Diagnosis) -> dict[str, list[str]]:
    """Each problem's recurring consequences: what its annual cost sums."""
    return {
        p.id: [
            c.id for c in case.plan.consequences if c.problem == p.id and c.kind is Kind.RECURRING
        ]
        for p in case.problems
    }


class Scorer:
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
        series = {"annual_cost": [c.id for c in plan.consequences if c.kind is Kind.RECURRING]}
        if self.keep == "problems":
            series.update(_annual_by_problem(self.case))
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

    def __init__(self, scorer: Scorer) -> None:
        import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

        case = scorer.case
        self.case, self.basis, self.scenario = case, scorer.basis, scorer.scenario
        self.plan = case.plan
        self.fallback = point_values(case, basis=scorer.basis, scenario=scorer.scenario)
        self.plan.evaluate_arrays(self.fallback)  # compiles the plan's numpy functions now
        plan = self.plan
        self.recurring = [c.id for c in plan.consequences if c.kind is Kind.RECURRING]
        self.one_time = [c.id for c in plan.consequences if c.kind is Kind.ONE_TIME]
        self.problems = _annual_by_problem(case)
        self.problem_dtype = pd.CategoricalDtype(list(self.problems))
        self.months = plan.calendar["months_per_year"]
        self.estimates = estimates(case, scorer.basis, scorer.scenario)

    def serves(self, scorer: Scorer) -> bool:
        """Whether this is the preparation of ``scorer``'s very case, basis and scenario."""
        return (
            self.case is scorer.case
            and self.basis == scorer.basis
            and self.scenario is scorer.scenario
        )


_PREPARED: OrderedDict[Hashable, Prepared] = OrderedDict()
_LOCK = threading.Lock()
BUILDS: Counter[Hashable] = Counter()
"""How many times this process prepared each scorer, by key: once, however many
partitions it scores (the Dask tests read it on the workers)."""


def prepared(scorer: Scorer, *, shipped: bool) -> Prepared:
    """The scorer prepared in this process: built on first use, then shared by every
    call, partition and thread that scores with it.

    A scorer ``shipped`` to this process (a Dask worker's) is known by its `Scorer.token`;
    one made here by the very objects it holds, which keeps a repeated call cheap
    without digesting the case.
    """
    key: Hashable = (
        scorer.token if shipped else (id(scorer.case), scorer.basis, id(scorer.scenario))
    )
    with _LOCK:
        found = _PREPARED.get(key)
        if found is None or not (shipped or found.serves(scorer)):
            found = _PREPARED[key] = Prepared(scorer)
            BUILDS[key] += 1
            while len(_PREPARED) > _PREPARED_KEPT:
                _PREPARED.popitem(last=False)
        else:
            _PREPARED.move_to_end(key)
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


def _top_problem(numbers: Mapping[str, Array], prep: Prepared) -> Any:
    """For each account, the problem that costs it most a year (missing where no cost is
    known): what to open the conversation with. A categorical of the case's problems, the
    same categories in every partition."""
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    problems = list(prep.problems)
    best = numbers[f"cost.{problems[0]}"].copy()
    which = np.zeros(len(best), dtype=np.int16)
    for j, problem in enumerate(problems[1:], start=1):
        cost = numbers[f"cost.{problem}"]
        larger = cost > best
        np.copyto(which, j, where=larger)
        np.copyto(best, cost, where=larger)
    which[np.isnan(best)] = -1
    return pd.Categorical.from_codes(which, dtype=prep.problem_dtype)


def _not_finite(
    *,
    scorer: Scorer,
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
    scorer: Scorer,
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
    costs["cost_of_delay_per_month"] = costs["annual_cost"] / prep.months
    return costs, broken


def score_frame(
    scorer: Scorer,
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
    numbers["top_problem"] = _top_problem(numbers, prep)
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
    return assemble(scorer, frame, numbers)


def _where(frame: pd.DataFrame, lay: Layout, position: int) -> str:
    label = frame.index[position]
    label = label.item() if isinstance(label, np.generic) else label
    if lay.id_column is None:
        return f"account {label!r}"
    ident = frame[lay.id_column].iloc[position]
    ident = ident.item() if isinstance(ident, np.generic) else ident
    return f"account {ident!r} (accounts.loc[{label!r}])"


def _draw(
    scorer: Scorer,
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
            drivers=prep.estimates,
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


def assemble(scorer: Scorer, frame: pd.DataFrame, numbers: Mapping[str, Any]) -> pd.DataFrame:
    """The result frame, its columns in `Scorer.columns` order; the same code builds
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


def empty_numbers(scorer: Scorer) -> dict[str, Any]:
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are scored

    numbers: dict[str, Any] = {name: np.empty(0) for name in scorer.columns()}
    numbers.update(
        from_account=np.empty(0, dtype=np.int64),
        fell_back=np.empty(0, dtype=np.int64),
        fallbacks=pd.array([], dtype="str"),
    )
    numbers["top_problem"] = pd.Categorical([], categories=[p.id for p in scorer.case.problems])
    if "rank" in numbers:
        numbers["rank"] = pd.array([], dtype="Int64")
    if "error" in numbers:
        numbers["error"] = pd.array([], dtype="str")
    return numbers
