"""`cdx.score` on Dask: lazy, equal to pandas, the case prepared once per worker.

One ``distributed.LocalCluster`` of two worker processes serves the module, so the case
really crosses a process boundary by pickle.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import costdx as cdx
from costdx.engine import _scoring
from costdx.model import point_values

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def accounts() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    n = 2_000
    frame = pd.DataFrame(
        {
            "account_id": [f"ACC-{i:05d}" for i in range(n)],
            "orders_per_week": rng.uniform(50, 2_000, n),
            "defect_rate": rng.uniform(0.5, 8, n),
            "crew_size": rng.integers(2, 12, n),
            "probability_of_change": rng.random(n),
        }
    )
    frame.loc[rng.random(n) < 0.1, "defect_rate"] = np.nan
    return frame


OPTIONS: dict[str, Any] = {
    "probability": "probability_of_change",
    "simulate": 200,
    "seed": 7,
    "keep": "problems",
}


def test_dask_gives_what_pandas_gives(
    client: Any, acme: cdx.Diagnosis, accounts: pd.DataFrame
) -> None:
    frame = dd.from_pandas(accounts, npartitions=8)
    before = sum(_scoring.BUILDS.values())
    built_before = client.run(lambda: dict(_scoring.BUILDS))
    lazy = cdx.score(acme, frame, **OPTIONS)
    # nothing is scored until asked: this process prepared nothing to build the graph
    assert sum(_scoring.BUILDS.values()) == before
    assert lazy.npartitions == 8
    computed = lazy.compute()
    # the same accounts in pandas (as Dask holds them: its own string type for the ids)
    expected = cdx.score(acme, frame.compute(), **OPTIONS).drop(columns="rank")
    pd.testing.assert_frame_equal(computed, expected, check_exact=True)
    assert lazy._meta.dtypes.equals(expected.dtypes)
    # the workers are other processes, so the case reached them by pickle; each prepared
    # it at most once, however many of the 8 partitions it scored
    builds = client.run(lambda: dict(_scoring.BUILDS))
    (token,) = {t for w, worker in builds.items() for t in worker if t not in built_before[w]}
    counts = [worker.get(token, 0) for worker in builds.values()]
    assert max(counts) == 1
    assert 1 <= sum(counts) <= 2


def test_the_plan_pickles_and_evaluates_after(acme: cdx.Diagnosis) -> None:
    again = pickle.loads(pickle.dumps(acme))
    values = point_values(acme)
    assert again.plan.evaluate(values) == acme.plan.evaluate(values)


def test_read_parquet_then_score(
    client: Any, acme: cdx.Diagnosis, accounts: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "accounts.parquet"
    accounts.to_parquet(path, row_group_size=500)
    frame = dd.read_parquet(path, split_row_groups=True)
    scores = cdx.score(acme, frame, probability="probability_of_change").compute()
    expected = cdx.score(acme, pd.read_parquet(path), probability="probability_of_change")
    pd.testing.assert_frame_equal(
        scores.reset_index(drop=True),
        expected.drop(columns="rank").reset_index(drop=True),
        check_exact=True,
        check_dtype=False,  # Dask and pandas may read the ids as different string types
    )


def test_errors_reach_the_caller_whole(
    client: Any, acme: cdx.Diagnosis, accounts: pd.DataFrame
) -> None:
    frame = dd.from_pandas(accounts.rename(columns={"crew_size": "crew"}), npartitions=2)
    with pytest.raises(cdx.CaseValidationError, match="accounts\\['crew'\\]"):
        cdx.score(acme, frame, probability="probability_of_change")  # before any compute
    bad = accounts.copy()
    bad.loc[1500, "defect_rate"] = 140
    lazy = cdx.score(acme, dd.from_pandas(bad, npartitions=4), probability="probability_of_change")
    with pytest.raises(cdx.CaseValidationError) as excinfo:
        lazy.compute()  # raised on a worker, pickled back with its issues
    assert [i.location for i in excinfo.value.issues] == ["accounts.loc[1500, 'defect_rate']"]
