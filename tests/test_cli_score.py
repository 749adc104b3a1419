"""``costdx score``: a portfolio of accounts in, its scores out (CSV or Parquet)."""

from __future__ import annotations

import argparse
import csv
import io
import shlex
import sys
from pathlib import Path

import pandas as pd
import pytest

import costdx as cdx
from costdx.cli import build_parser, main
from costdx.io import read_accounts, write_table

ACME = str(cdx.example_path())
ACCOUNTS = str(cdx.example_path("accounts.csv"))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_top_targets_to_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "top.csv"
    code, out = run(
        "score", ACME, ACCOUNTS, "-o", str(target), "--probability", "probability_of_change",
        "--carry", "name", "--carry", "industry", "--carry", "region", "--top", "20",
    )  # fmt: skip
    assert code == 0
    top = pd.read_csv(target)
    assert len(top) == 20
    assert top["rank"].tolist() == list(range(1, 21))  # no ties among invented figures
    assert top["expected_value"].is_monotonic_decreasing
    everything = cdx.score(
        cdx.load(ACME), pd.read_csv(ACCOUNTS), probability="probability_of_change",
        carry=["name", "industry", "region"],
    )  # fmt: skip
    best = everything.sort_values("expected_value", ascending=False).head(20)
    assert top["account_id"].tolist() == best["account_id"].tolist()
    assert top["annual_cost"].tolist() == pytest.approx(best["annual_cost"].tolist(), rel=1e-15)
    assert "scored 300 accounts" in out
    assert f"{best['account_id'].iloc[0]}" in out.split("Top accounts by expected value")[1]
    assert capsys.readouterr().err == ""  # no progress bar when stderr is not a terminal


def test_parquet_in_and_out_with_percentiles(tmp_path: Path) -> None:
    source = tmp_path / "accounts.parquet"
    pd.read_csv(ACCOUNTS).head(30).to_parquet(source)
    target = tmp_path / "scores.parquet"
    code, out = run(
        "score", ACME, str(source), "-o", str(target), "--simulate", "100", "--seed", "3",
        "--carry", "name", "--carry", "industry", "--carry", "region",
        "--probability", "probability_of_change",
    )  # fmt: skip
    assert code == 0
    assert "percentiles from 100 draws per account, seed 3" in out
    scores = pd.read_parquet(target)
    assert len(scores) == 30
    assert (scores["p10"] <= scores["p50"]).all()
    assert (scores["p50"] <= scores["p90"]).all()


def test_bad_rows_fail_with_their_spreadsheet_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "accounts.csv"
    source.write_text("account_id,defect_rate\nA,3\nB,140\n", encoding="utf-8")
    target = tmp_path / "scores.csv"
    code, _ = run("score", ACME, str(source), "-o", str(target))
    assert code == 1
    err = capsys.readouterr().err
    # B is on line 3 of the file, row 3 of a spreadsheet
    assert "(rows numbered as a spreadsheet shows them)" in err
    assert "accounts.loc[3, 'defect_rate']: account 'B': 140 percent is outside" in err
    assert not target.exists()
    code, _ = run("score", ACME, str(source), "-o", str(target), "--report-bad-rows")
    assert code == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["error"] for r in rows] == [
        "",
        "defect_rate: 140 percent is outside the bounds [0, 100] of defect_rate",
    ]


def test_text_that_a_spreadsheet_would_run_is_neutralised(tmp_path: Path) -> None:
    source = tmp_path / "accounts.csv"
    source.write_text(
        'account_id,name,orders_per_week\n"=HYPERLINK(""http://x"")",-2+3,420\nB,@SUM(1),-0\n',
        encoding="utf-8",
    )
    target = tmp_path / "scores.csv"
    code, _ = run("score", ACME, str(source), "-o", str(target), "--carry", "name")
    assert code == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["account_id"] for r in rows] == ['\'=HYPERLINK("http://x")', "B"]
    assert [r["name"] for r in rows] == ["'-2+3", "'@SUM(1)"]
    assert float(rows[0]["annual_cost"]) > 0  # numbers stay numbers


def test_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("score", ACME, str(tmp_path / "none.csv"), "-o", str(tmp_path / "o.csv"))[0] == 1
    assert "no such file" in capsys.readouterr().err
    assert run("score", ACME, ACCOUNTS, "-o", str(tmp_path / "o.xlsx"))[0] == 1
    assert ".csv or .parquet" in capsys.readouterr().err
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert run("score", ACME, str(empty), "-o", str(tmp_path / "o.csv"))[0] == 1
    assert "needs a header row" in capsys.readouterr().err
    assert run("score", ACME, ACCOUNTS, "-o", str(tmp_path / "o.csv"), "--map", "x")[0] == 1
    assert "COLUMN=DRIVER" in capsys.readouterr().err


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    with pytest.raises(cdx.MissingExtraError, match=r'pip install "costdx\[dask\]"'):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()  # nothing written
    (tmp_path / "in.parquet").write_bytes(b"PAR1")
    with pytest.raises(cdx.MissingExtraError):
        read_accounts(tmp_path / "in.parquet")


def _shown_score_examples() -> list[str]:
    """Every ``costdx score`` command on the shipped examples that a user is shown: the
    help texts' examples and the docs' command lines (a trailing backslash continues)."""
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    texts = [parser.epilog or "", subparsers.choices["score"].epilog or ""]
    root = Path(__file__).parents[1]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "docs").rglob("*.md"))]
    lines = "\n".join(texts).replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip().startswith("costdx score examples/")]


def test_the_score_examples_users_are_shown_run(tmp_path: Path) -> None:
    # `costdx --help` and the portfolio page showed commands that stopped at the accounts'
    # other columns (name, industry, region, probability_of_change): a user's first try
    # failed. Every one shown must run as written.
    examples = _shown_score_examples()
    assert len(examples) >= 3  # the main help, score's help and the portfolio page
    for example in examples:
        argv = shlex.split(example)[1:]
        argv = [str(cdx.example_path(Path(a).name)) if a.startswith("examples/") else a
                for a in argv]  # fmt: skip
        output = argv.index("-o") + 1
        argv[output] = str(tmp_path / Path(argv[output]).name)
        code, _ = run(*argv)
        assert code == 0, example
        assert len(pd.read_csv(argv[output])) == 20  # --top 20
