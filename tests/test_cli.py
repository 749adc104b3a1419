"""The ``costdx`` command line: return codes, output of check / quantify / schema, and
errors that end in one line rather than a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import costdx as cdx
from costdx import __version__
from costdx.cli import main

SRC = Path(cdx.__file__).resolve().parent.parent

LABOUR_TOML = """\
schema_version = 1
id = "rework"
title = "Rework at Test Co"

[account]
name = "Test Co"

[[drivers]]
id = "people"
value = 5
assumed = 4
unit = "person"
source = "customer"

[[drivers]]
id = "hours"
value = 8
unit = "hour/person/week"

[[drivers]]
id = "rate"
value = 80
unit = "USD/hour"

[[problems]]
id = "rework"
title = "Rework"
symptoms = [{ id = "late" }]
consequences = [{ id = "labour", formula = "people * hours * rate" }]

[[scenarios]]
name = "small"
overrides = { people = 2 }
"""
# 5 person × 8 hour/(person·week) × 80 USD/hour = 3,200 USD/week × 52 = 166,400 USD/year


@pytest.fixture
def labour_file(tmp_path: Path) -> Path:
    path = tmp_path / "labour.toml"
    path.write_text(LABOUR_TOML, encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_check_valid(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(cdx.example_path())
    code, out = run("check", path)
    assert code == 0
    # examples/acme.toml: 30 drivers of which 2 derived, 4 problems, 10 consequences
    assert out == f"{path}: valid: 30 drivers (2 derived), 4 problems, 10 consequences\n"
    assert capsys.readouterr().err == ""


def test_check_invalid_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        LABOUR_TOML.replace('unit = "USD/hour"', 'unit = "USDD/hour"').replace(
            "people * hours * rate", "people * hours * rate * extra"
        ),
        encoding="utf-8",
    )
    code, out = run("check", str(path))
    assert code == 1
    assert out == ""
    err = capsys.readouterr().err
    assert err.startswith(f"costdx: {path}: invalid case: 2 problems\n")
    assert "  - drivers[2].unit: unknown unit 'USDD' in 'USDD/hour'; did you mean 'USD'?\n" in err
    assert "  - problems[0].consequences[0].formula: unknown driver 'extra'" in err
    assert "Traceback" not in err


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.toml"
    code, out = run("check", str(path))
    assert code == 1
    assert out == ""
    assert capsys.readouterr().err == f"costdx: error: {path}: no such file\n"


def test_debug_shows_the_exception(tmp_path: Path) -> None:
    with pytest.raises(cdx.CaseFileError, match="no such file"):
        run("--debug", "check", str(tmp_path / "missing.toml"))


def test_quantify_table(labour_file: Path) -> None:
    code, out = run("quantify", str(labour_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Rework at Test Co (Test Co)"
    assert lines[1] == "basis: value"
    # 166,400 USD/year; a month of delay 166,400 / 12 = 13,866.67 → "13,867"
    assert "Cost of the problem          166,400 USD/year" in lines
    assert "Cost of delay                 13,867 USD/month" in lines
    assert "One-time costs                     0 USD" in lines
    assert "Confirmed by customer             0% of the annual cost" in lines
    assert "rework    166,400         0   100%" in lines
    # all of it rests on hours, whose source is the seller's estimate
    assert "estimate              1   166,400   100%" in lines


def test_quantify_json(labour_file: Path) -> None:
    code, out = run("quantify", str(labour_file), "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["currency"] == "USD"
    assert payload["basis"] == "value"
    assert payload["scenario"] is None
    # 5 × 8 × 80 × 52 = 166,400 USD/year; 166,400 / 12 = 13,866.67 USD/month
    assert payload["annual_cost"] == pytest.approx(166_400)
    assert payload["one_time_cost"] == 0
    assert payload["cost_of_delay_per_month"] == pytest.approx(166_400 / 12)
    assert payload["by_problem"] == [
        {
            "problem": "rework",
            "title": "Rework",
            "owner": "",
            "annual_cost": pytest.approx(166_400),
            "one_time_cost": 0.0,
            "share": 1.0,
        }
    ]
    assert [row["consequence"] for row in payload["by_consequence"]] == ["labour"]
    assert {row["source"]: row["consequences"] for row in payload["by_source"]} == {
        "measured": 0,
        "customer": 0,
        "benchmark": 0,
        "estimate": 1,
    }


def test_quantify_json_acme() -> None:
    code, out = run("quantify", str(cdx.example_path()), "--format", "json")
    assert code == 0
    payload = json.loads(out)
    # the acme total worked out in test_quantify: 1,632,082.41 USD/year, 35,000 USD once
    assert payload["annual_cost"] == pytest.approx(1_632_082.41, abs=0.01)
    assert payload["one_time_cost"] == 35_000
    assert len(payload["by_consequence"]) == 10


def test_quantify_csv(labour_file: Path) -> None:
    code, out = run("quantify", str(labour_file), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["consequence"] == "labour"
    assert float(rows[0]["annual_cost"]) == pytest.approx(166_400)
    assert rows[0]["kind"] == "recurring"
    assert out.splitlines()[0].split(",")[:6] == [
        "consequence",
        "problem",
        "label",
        "category",
        "kind",
        "annual_cost",
    ]


def test_quantify_basis_and_scenario(labour_file: Path) -> None:
    # assumed: 4 person × 8 × 80 × 52 = 133,120 USD/year
    code, out = run("quantify", str(labour_file), "--format", "json", "--basis", "assumed")
    assert code == 0
    assert json.loads(out)["annual_cost"] == pytest.approx(133_120)
    # scenario small: 2 person × 8 × 80 × 52 = 66,560 USD/year
    code, out = run("quantify", str(labour_file), "--format", "json", "--scenario", "small")
    assert code == 0
    assert json.loads(out)["annual_cost"] == pytest.approx(66_560)
    assert json.loads(out)["scenario"] == "small"
    code, out = run("quantify", str(labour_file), "--scenario", "small")
    assert "basis: value, scenario: small" in out.splitlines()


def test_quantify_unknown_scenario(labour_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("quantify", str(labour_file), "--scenario", "big")
    assert code == 1
    assert out == ""
    assert capsys.readouterr().err == (
        "costdx: error: unknown scenario 'big'; the case's scenarios are 'small'\n"
    )


def test_schema() -> None:
    code, out = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert "properties" in schema
    assert "drivers" in schema["properties"]
    assert schema["title"] == "costdx case file"


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["quantify", "x.toml", "--format", "xml"])
    assert info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"costdx {__version__}\n"


def _python_m_costdx(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "costdx", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_python_m_costdx_missing_file(tmp_path: Path) -> None:
    result = _python_m_costdx("check", "missing.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "costdx: error: missing.toml: no such file\n"
    assert "Traceback" not in result.stderr


def test_python_m_costdx_quantify(labour_file: Path) -> None:
    result = _python_m_costdx(
        "quantify", labour_file.name, "--format", "json", cwd=labour_file.parent
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["annual_cost"] == pytest.approx(166_400)


def test_a_bug_is_one_line_and_exit_70_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import costdx.engine.quantify as engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "quantify", broken)
    code = main(["quantify", str(cdx.example_path())], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 70
    assert err.count("\n") == 1
    assert "internal error (RuntimeError: boom)" in err
    assert "--debug" in err
    with pytest.raises(RuntimeError, match="boom"):
        main(["quantify", str(cdx.example_path()), "--debug"], out=io.StringIO())
