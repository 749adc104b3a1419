"""Portfolio scoring: one case as a template over many accounts (Discover's targeting).

`score` evaluates the case's compiled plan with the accounts on the array axis: each
value driver that the accounts frame gives is an array (one figure per account, the
case's own figure where an account gives none), every other driver the case's figure.
One pass over blocks of accounts gives every account's annual and one-time cost, its
cost of delay (what a month of inaction costs) and its annual cost by problem; with
``simulate`` each account also gets P10/P50/P90 from draws of its own
(`costdx.engine._account_draws`).

A Dask frame is scored partition by partition with ``map_partitions`` and a ``meta``
built from the case, so nothing is computed until the caller asks; the case travels to
the workers by pickle, and each worker process prepares it once (`prepared`), however
many partitions it scores.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np

from costdx.engine._account_draws import PERCENTILES, check_draws
from costdx.engine._accounts import OnError, layout
from costdx.engine._scoring import (
    TOTALS,
    Scorer,
    assemble,
    empty_numbers,
    prepared,
    score_frame,
)
from costdx.engine._simulate import Keep
from costdx.errors import OptionError
from costdx.model import Basis, Diagnosis, Scenario, check_basis, resolve_scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["score"]


def _score_partition(frame: pd.DataFrame, scorer: Scorer) -> pd.DataFrame:
    return score_frame(scorer, prepared(scorer, shipped=True), frame)


def _reserved(case: Diagnosis) -> frozenset[str]:
    """Every column name a result can have of its own."""
    own = ["expected_value", "rank", "top_problem", "from_account", "fell_back", "fallbacks"]
    parts = ["annual_cost", *(p.id for p in case.problems), *(c.id for c in case.plan.consequences)]
    return frozenset(
        [*TOTALS, *own, "error", *(f"p{q}" for q in PERCENTILES)]
        + [f"cost.{part}" for part in parts]
        + [f"p{q}.{part}" for part in parts for q in PERCENTILES]
    )


def _is_dask(accounts: Any) -> bool:
    return type(accounts).__module__.split(".")[0] == "dask" and hasattr(accounts, "map_partitions")


Frame = TypeVar("Frame")
"""A pandas or a Dask DataFrame: ``score`` gives back a frame of the kind it is given."""


def score(
    case: Diagnosis,
    accounts: Frame,
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
) -> Frame:
    """Score every account of a portfolio with one case as the template.

    Each account's figures replace the case's for the drivers its row gives; the case's
    compiled plan then gives, for account ``i``,
    ``annual_cost_i = Σ_c f_c(x_i) × k_c`` over the recurring consequences (``k_c`` the
    calendar factor to a year), ``one_time_cost_i`` the sum of one-time consequences and
    ``cost_of_delay_per_month_i = annual_cost_i / months_per_year`` — all accounts at
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
        columns, ``annual_cost``, ``one_time_cost``, ``cost_of_delay_per_month``, the
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
    frame: Any = accounts  # a pandas or a Dask frame, told apart above
    meta_frame = frame._meta if dask else frame
    found = layout(
        case,
        {str(c): t for c, t in meta_frame.dtypes.items()},
        columns=columns,
        id_column=id_column,
        probability=probability,
        carry=carry,
        reserved=_reserved(case),
    )
    scorer = Scorer(
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
        meta = assemble(scorer, meta_frame, empty_numbers(scorer))
        assert scorer.token  # computed here, so it travels with the scorer
        return cast(Frame, frame.map_partitions(_score_partition, scorer, meta=meta))
    return cast(Frame, score_frame(scorer, prepared(scorer, shipped=False), frame, progress))
