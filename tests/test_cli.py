"""The ``costdx`` command line: return codes, output of check / quantify / schema, and
errors that end in one line rather than a traceback."""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
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
    # examples/acme.toml: 30 drivers of which 2 derived, 4 problems, 10 consequences, a
    # [value_case] table with northwind_ops and cmms_upgrade over 3 years, and a [tracking]
    # table (its measurements are in acme_tracking.csv)
    assert out == (
        f"{path}: valid: 30 drivers (2 derived), 4 problems, 10 consequences; "
        "a value case of 2 solutions over 3 years; a tracking of northwind_ops live from "
        "2027-04, 0 measurements\n"
    )
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
    # each problem names the file and line, the path and the id of what it is in (the unit
    # is on line 23 of LABOUR_TOML, the consequence on line 29)
    assert (
        f"  - {path}:23: drivers[2] (rate).unit: unknown unit 'USDD' in 'USDD/hour'; "
        "did you mean 'USD'?\n"
    ) in err
    assert (
        f"  - {path}:29: problems[0].consequences[0] (labour).formula: unknown driver 'extra'"
    ) in err
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
    assert next(csv.reader(io.StringIO(out)))[:6] == [
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
    import costdx.cli as engine

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


# -- evaluate ----------------------------------------------------------------------------

VALUE_TOML = (
    LABOUR_TOML
    + """
[value_case]
horizon_years = 2
discount_rate = 0.10

[[value_case.solutions]]
id = "fix"
name = "Fix"
investment = [{ label = "licence", amount = 100000, year = 0 }]
addresses = [{ consequence = "labour", fraction = 0.5 }]
"""
)
# half of 166,400 = 83,200 USD a year removed in years 1 and 2, 100,000 paid up front:
# NPV = −100,000 + 83,200/1.1 + 83,200/1.21 = −100,000 + 75,636.36 + 68,760.33 = 44,396.69
# ROI = (166,400 − 100,000)/100,000 = 66 %; payback 100,000/83,200 = 1.2019 years = 14.4 months
# IRR: 83,200 v² + 83,200 v − 100,000 = 0 → v = 0.704958 → 1/v − 1 = 41.85 %
# cost of delay: a month's benefit of year 1, 83,200/12 = 6,933.33, at t = 1: /1.1 = 6,303.03
# affordable (NPV = 0): 83,200/1.1 + 83,200/1.21 = 144,396.69
# cost of the problem: 2 × 166,400 = 332,800; discounted 151,272.73 + 137,520.66 = 288,793.39


@pytest.fixture
def value_file(tmp_path: Path) -> Path:
    path = tmp_path / "value.toml"
    path.write_text(VALUE_TOML, encoding="utf-8")
    return path


def test_evaluate_table(value_file: Path) -> None:
    code, out = run("evaluate", str(value_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == (
        "horizon 2 years, discount rate 10.0%; cost of the problem 332,800 USD "
        "(288,793 USD discounted)"
    )
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:7]}
    assert rows["do_nothing"] == ["0", "0", "0", "n/a", "n/a", "n/a", "0", "0"]
    # IRR with one decimal, as the Jupyter view and the workbook show it: 41.85 % → 41.9%
    assert rows["fix"] == [
        "100,000", "166,400", "44,397", "66%", "41.9%", "14.4", "6,303", "144,397",
    ]  # fmt: skip
    # 288,793 / 100,000 = 2.9x the price, short of the 3x needed: walk away
    assert "DISQUALIFY (fix)" in lines
    assert any("is 2.9x the investment" in line for line in lines)


def test_evaluate_json_and_csv(value_file: Path) -> None:
    code, out = run("evaluate", str(value_file), "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["problem_cost_nominal"] == pytest.approx(332_800)
    fix = next(s for s in payload["solutions"] if s["solution"] == "fix")
    assert fix["npv"] == pytest.approx(44_396.694, abs=1e-3)
    assert fix["irr_status"] == "ok"
    # the verdict the table prints is in the JSON too: 288,793 / 100,000 = 2.9x < 3x
    verdict = payload["verdict"]
    assert (verdict["outcome"], verdict["solution"]) == ("disqualify", "fix")
    first = verdict["reasons"][0]
    assert (first["code"], first["passed"], first["severity"]) == (
        "cost_to_price",
        False,
        "disqualify",
    )
    assert "is 2.9x the investment" in first["message"]
    code, out = run("evaluate", str(value_file), "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["solution"] for r in table] == ["do_nothing", "fix"]
    assert float(table[1]["roi"]) == pytest.approx(0.664)


def test_evaluate_needs_a_value_case(labour_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("evaluate", str(labour_file))
    assert code == 1
    assert out == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    # in the command's terms, not the library's (no cdx.load_value_case, no ValueCase)
    assert f"{labour_file}: evaluate needs a [value_case] table with solutions" in err
    assert f"costdx quantify {labour_file} gives the cost of the problem alone" in err
    assert "cdx." not in err


def test_evaluate_marks_an_ambiguous_irr() -> None:
    # −100 up front, 230 of benefit in each year, a further 362 in year 2: net −100, 230,
    # −132, whose IRRs are 10 % and 20 % (−100 y² + 230 y − 132 = 0 at y = 1.1 and 1.2)
    case = cdx.Diagnosis(
        account=cdx.Account(name="A"),
        drivers=[cdx.Driver(id="loss", value=230, unit="USD/year")],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="c", formula="loss")],
            )
        ],
    )
    fix = cdx.Solution(
        id="fix",
        name="Fix",
        addresses=[cdx.Address(consequence="c", fraction=1)],
        investment=[
            cdx.InvestmentItem(label="a", amount=100),
            cdx.InvestmentItem(label="b", amount=362, year=2),
        ],
    )
    from costdx.cli import render_comparison

    vc = cdx.ValueCase(diagnosis=case, solutions=[fix], horizon_years=2, discount_rate=0.1)
    text = render_comparison(cdx.evaluate(vc))
    fix_row = next(line for line in text.splitlines() if line.startswith("fix "))
    assert " 10.0%* " in fix_row
    # NPV at an IRR is 0: −100 + 230/1.1 − 132/1.21 = 0, whatever the float's last bit says
    assert fix_row.split()[3] == "0"
    assert "* fix: the cash flow changes sign more than once and has several IRRs " in text
    assert "(10.0%, 20.0%)" in text


def test_a_simulated_value_case_report_shows_the_value_of_information(
    tmp_path: Path,
) -> None:
    target = tmp_path / "acme.xlsx"
    code, out = run("report", str(cdx.example_path()), "-o", str(target), "--simulate", "2000",
                    "--seed", "1")  # fmt: skip
    assert (code, out) == (0, f"wrote {target} (value case report; simulation seed 1)\n")

    sheet = openpyxl.load_workbook(target)["Sensitivity"]
    assert sheet["K4"].value == "value of information"
    assert "EVPI" in sheet["A3"].value


def test_report_refuses_a_negative_seed(
    labour_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["report", str(labour_file), "-o", str(tmp_path / "r.xlsx"), "--simulate", "10",
              "--seed", "-1"])  # fmt: skip
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        "costdx report: error: argument --seed: a seed is a whole number >= 0, got -1"
    )
    assert "Traceback" not in err
    assert not (tmp_path / "r.xlsx").exists()


def test_check_validates_the_value_case_too(
    value_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = value_file.read_text(encoding="utf-8").replace("fraction = 0.5", "fraction = 1.5")
    value_file.write_text(bad, encoding="utf-8")
    code, out = run("check", str(value_file))
    # `evaluate` and `report` would refuse this file, so `check` must not call it valid
    assert code == 1
    assert out == ""
    err = capsys.readouterr().err
    assert "value_case.solutions[0].addresses[0] (labour).fraction" in err
    assert "1.5 would remove 150% of a cost consequence" in err


# --- check --strict, simulate, evaluate --simulate, apply, workbooks as input ------------


def test_check_strict_passes_the_shipped_example(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(cdx.example_path())
    code, out = run("check", path, "--strict")
    assert code == 0
    assert out.count("\n") == 1  # the one line saying it is valid: no warnings
    assert capsys.readouterr().err == ""


def test_check_prints_warnings_and_fails_on_them_only_when_strict(labour_file: Path) -> None:
    # LABOUR_TOML: hours and rate have no source
    code, out = run("check", str(labour_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{labour_file}: valid: 3 drivers (0 derived), 1 problem, 1 consequence"
    assert lines[1] == (
        f"{labour_file}:15: warning: drivers[1] (hours).source: no source given, so it counts "
        "as 'estimate' (the seller's, the weakest); say where it came from: measured, "
        "customer, benchmark or estimate [source_missing]"
    )
    assert lines[-1] == "2 warnings; costdx check --strict fails on them"
    code, out = run("check", str(labour_file), "--strict")
    assert code == 1
    # under --strict the last line says it failed, rather than advising --strict
    assert out.splitlines()[-1] == "2 warnings: failed (--strict fails on warnings)"


def test_check_fails_on_correlations_that_cannot_hold(tmp_path: Path) -> None:
    path = tmp_path / "corr.toml"
    estimate = '{ dist = "uniform", low = 1, high = 2 }'
    drivers = "".join(
        f'\n[[drivers]]\nid = "{i}"\nvalue = {estimate}\nunit = "USD/year"\nsource = "measured"\n'
        for i in "abd"
    )
    pairs = (("a", "b", 0.9), ("a", "d", 0.9), ("b", "d", -0.9))
    correlations = "".join(f'\n[[correlations]]\na = "{a}"\nb = "{b}"\nrho = {r}\n'
                           for a, b, r in pairs)  # fmt: skip
    path.write_text(
        'schema_version = 1\n\n[account]\nname = "A"\n' + drivers
        + '\n[[problems]]\nid = "p"\ntitle = "P"\nsymptoms = [{ id = "s" }]\n'
        'consequences = [{ id = "c", formula = "a + b + d" }]\n' + correlations,
        encoding="utf-8",
    )  # fmt: skip
    code, out = run("check", str(path))
    assert code == 1
    assert out.startswith(f"{path}: invalid: ")
    assert "the correlations (a~b = 0.9, a~d = 0.9, b~d = -0.9) cannot hold together" in out


def test_simulate_text_json_and_csv(labour_file: Path) -> None:
    code, out = run("simulate", str(labour_file), "-n", "500", "--seed", "7")
    assert code == 0
    assert "Monte Carlo: 500 samples, seed 7, method random, basis value" in out
    # the labour case has no estimate: every sample is 166,400
    assert "annual_cost    166,400" in out
    code, out = run("simulate", str(labour_file), "-n", "500", "--seed", "7", "--format", "json")
    payload = json.loads(out)
    assert (payload["n"], payload["seed"]) == (500, 7)
    assert payload["series"]["annual_cost"]["p90"] == pytest.approx(166_400)
    code, out = run("simulate", str(labour_file), "-n", "500", "--seed", "7", "--format", "csv",
                    "--scenario", "small")  # fmt: skip
    header, annual, _ = csv.reader(io.StringIO(out))
    assert header[:4] == ["series", "n", "seed", "mean"]
    # scenario small: 2 people × 8 × 80 × 52 = 66,560
    assert annual[:4] == ["annual_cost", "500", "7", "66560.0"]


def test_a_drawn_seed_is_shown_and_repeats_the_run() -> None:
    path = str(cdx.example_path())
    code, first = run("simulate", path, "-n", "2000")
    assert code == 0
    seed = re.search(r"seed (\d+),", first)
    assert seed is not None
    code, again = run("simulate", path, "-n", "2000", "--seed", seed.group(1))
    assert again == first


def test_evaluate_with_a_simulation(value_file: Path) -> None:
    code, out = run("evaluate", str(value_file), "--simulate", "400", "--seed", "3")
    assert code == 0
    assert "Monte Carlo: 400 samples, seed 3 (repeat with --seed 3)" in out
    # the table shows P10, P50 and P90; its heading said only P10 and P90
    assert "NPV P10, P50 and P90, and the chance NPV < 0" in out
    assert "P(NPV < 0)" in out
    code, out = run("evaluate", str(value_file), "--simulate", "400", "--seed", "3",
                    "--format", "json")  # fmt: skip
    payload = json.loads(out)
    assert payload["simulation"] == {"n": 400, "seed": 3, "method": "random"}
    assert "npv_p10" in payload["solutions"][1]


@pytest.mark.parametrize("command", ["evaluate", "report"])
def test_seed_without_simulate_is_a_usage_error(
    command: str, value_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["-o", str(tmp_path / "r.xlsx")] if command == "report" else []
    code, out = run(command, str(value_file), "--seed", "4", *extra)
    assert (code, out) == (2, "")
    assert "--seed sets the seed of a simulation; add --simulate N" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_commands_read_a_workbook_with_the_customers_edits(
    value_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "report.xlsx"
    assert run("report", str(value_file), "-o", str(book))[0] == 0
    workbook = openpyxl.load_workbook(book)
    ((sheet, cell),) = list(workbook.defined_names["people"].destinations)
    workbook[sheet][cell.replace("$", "")].value = 6
    workbook.save(book)
    capsys.readouterr()
    code, out = run("quantify", str(book), "--format", "json")
    assert code == 0
    # 6 × 8 × 80 × 52 = 199,680
    assert json.loads(out)["annual_cost"] == pytest.approx(199_680)
    assert "edited Inputs!C5: driver people 5 -> 6" in capsys.readouterr().err
    assert run("check", str(book))[0] == 0
    code, out = run("evaluate", str(book))
    assert code == 0
    assert "cost of the problem 399,360 USD" in out  # 199,680 × 2 years


def test_a_file_of_another_kind_is_refused_naming_what_every_command_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # every command that reads a case reads a costdx workbook too: the refusal says so
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id\nA\n", encoding="utf-8")
    for command in ("check", "quantify", "simulate", "evaluate"):
        assert run(command, str(accounts)) == (1, "")
        assert capsys.readouterr().err == (
            f"costdx: error: {accounts}: costdx reads a case file (.toml or .json) or a costdx "
            "workbook (.xlsx), not '.csv'\n"
        )


def test_apply_writes_the_edits_into_the_case_file(value_file: Path, tmp_path: Path) -> None:
    book = tmp_path / "report.xlsx"
    assert run("report", str(value_file), "-o", str(book))[0] == 0
    before = value_file.read_text(encoding="utf-8")
    code, out = run("apply", str(book), str(value_file))
    assert (code, out) == (0, f"{book}: no input cell was edited; {value_file} is unchanged\n")
    workbook = openpyxl.load_workbook(book)
    for name, value in (("people", 6), ("_vc_discount_rate", 0.12)):
        ((sheet, cell),) = list(workbook.defined_names[name].destinations)
        workbook[sheet][cell.replace("$", "")].value = value
    workbook.save(book)
    code, out = run("apply", str(book), str(value_file), "--dry-run")
    assert out.endswith(f"{value_file}: would change 2 values\n")
    assert value_file.read_text(encoding="utf-8") == before
    code, out = run("apply", str(book), str(value_file))
    assert code == 0
    assert out.splitlines() == [
        "Inputs!C5: driver people 5 -> 6",
        "Value case!C6: discount_rate 0.1 -> 0.12",
        f"{value_file}: changed 2 values",
    ]
    after = value_file.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line[:1] in "+-"]  # fmt: skip
    assert changed == ["- value = 5", "+ value = 6", "- discount_rate = 0.10",
                       "+ discount_rate = 0.12"]  # fmt: skip


# --- costdx track ----------------------------------------------------------------------


def test_track_prints_the_qbr_summary(capsys: pytest.CaptureFixture[str]) -> None:
    case, rows = str(cdx.example_path()), str(cdx.example_path("acme_tracking.csv"))
    code, out = run("track", case, rows, "--simulate", "2000", "--seed", "7")
    assert code == 0
    vc = cdx.load_tracking(case)
    sim = cdx.simulate(vc.value_case.diagnosis, n=2_000, seed=7, keep="consequences")
    expected = cdx.track(vc, cdx.read_measurements(rows), simulation=sim)
    assert out == str(expected) + "\n"
    assert out.startswith("Northwind Ops at Acme Precision Components: value realised "
                          "2027-04 to 2027-12 (9 months since go-live)\n")  # fmt: skip
    assert "Behind: Contractual late-delivery penalties" in out
    assert capsys.readouterr().err == ""


def test_track_writes_the_report_and_the_lines(tmp_path: Path) -> None:
    case, rows = str(cdx.example_path()), str(cdx.example_path("acme_tracking.csv"))
    report = tmp_path / "realised.xlsx"
    code, out = run("track", case, rows, "--as-of", "2027-09", "--format", "csv",
                    "-o", str(report))  # fmt: skip
    assert code == 0
    lines = pd.read_csv(io.StringIO(out), index_col=0)
    expected = cdx.track(cdx.load_tracking(case), cdx.read_measurements(rows), as_of="2027-09")
    assert lines["realised"].tolist() == pytest.approx(
        expected.by_consequence()["realised"].tolist()
    )
    back = cdx.read_excel(report)
    assert back.tracking is not None
    assert len(back.tracking.measurements) == 63


def test_track_needs_a_go_live(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vc.json"
    cdx.save(cdx.load_value_case(cdx.example_path()), path)  # without the [tracking] table
    rows = str(cdx.example_path("acme_tracking.csv"))
    code, _ = run("track", str(path), rows)
    assert code == 1
    assert "--go-live YYYY-MM" in capsys.readouterr().err
    code, out = run("track", str(path), rows, "--go-live", "2027-04")
    assert code == 0
    assert "Realised 379,280 USD of 405,176 USD promised to date (94%)." in out
    code, _ = run("track", str(cdx.example_path()), rows, "--go-live", "2027-05")
    assert code == 1
    assert "leave out --solution and --go-live" in capsys.readouterr().err
    code, _ = run("track", str(path), rows, "--go-live", "2027-04", "--seed", "3")
    assert code == 2
