"""Arguments and figures at the edge: a simulation too large for memory, finance that
overflows, CSV cells that a spreadsheet would run, and the command line's exit codes."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import costdx as cdx
from costdx.cli import main
from costdx.engine import MAX_SIMULATION_BYTES, simulation_bytes
from hostile.corpus import SMALL_CASE, SMALL_SOLUTIONS, within


@pytest.fixture
def small_case() -> cdx.Diagnosis:
    return cdx.Diagnosis.model_validate(SMALL_CASE)


def test_a_simulation_beyond_memory_is_refused_before_any_work(small_case: cdx.Diagnosis) -> None:
    with within(), pytest.raises(cdx.OptionError) as info:
        cdx.simulate(small_case, n=10**12)
    message = str(info.value)
    # 2 series × 10^12 samples × 8 bytes = 1.6e13 bytes = 14.6 TiB, before working space
    assert message.startswith(
        "simulate(n=1,000,000,000,000, keep='totals') would need about 14.6 TiB"
    )
    assert "4.0 GiB allowed" in message
    assert "fits with keep='totals'" in message
    assert "max_bytes=" in message


def test_keep_totals_is_suggested_when_it_fits(small_case: cdx.Diagnosis) -> None:
    # 1 consequence: keep="consequences" stores 3 series, "totals" 2; with a limit
    # between the two estimates only "totals" fits
    n = 1_000_000
    totals = simulation_bytes(small_case, n=n, keep="totals", chunk=32_768, workers=1)
    each = simulation_bytes(small_case, n=n, keep="consequences", chunk=32_768, workers=1)
    assert each - totals == 8 * n  # one more series of n floats
    with pytest.raises(cdx.OptionError, match="keep='totals' fits"):
        cdx.simulate(small_case, n=n, keep="consequences", threads=1, max_bytes=totals)
    assert cdx.simulate(small_case, n=1_000, keep="consequences", threads=1).n == 1_000


def test_max_bytes_raises_the_limit(small_case: cdx.Diagnosis) -> None:
    assert MAX_SIMULATION_BYTES == 4 * 2**30
    with pytest.raises(cdx.OptionError, match="n = "):
        cdx.simulate(small_case, n=10_000, threads=1, max_bytes=100_000)
    assert cdx.simulate(small_case, n=10_000, threads=1, max_bytes=10**9).n == 10_000


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cdx.finance.fv(1e308, 10, 1), "fv"),
        (lambda: cdx.finance.pv(-0.999999, 1e6, 1), "pv"),
        (lambda: cdx.finance.pmt(1e300, 1e10, 1), "pmt"),
        (lambda: cdx.finance.npv(-0.9999999, [1e300] * 60), "npv"),
        (lambda: cdx.finance.npv(0.1, [1.7e308, 1.7e308]), "npv"),
    ],
)
def test_finance_overflow_is_an_error_not_nan(call: object, name: str) -> None:
    with pytest.raises(cdx.FinanceError, match=rf"^{name}: the result.* overflows"):
        call()  # type: ignore[operator]


def test_an_overflowing_derived_driver_is_blamed(tmp_path: Path) -> None:
    data = {**SMALL_CASE, "drivers": [
        {"id": "a", "value": 1e200}, {"id": "big", "formula": "a * a"},
        {"id": "rate", "value": 1, "unit": "USD/year"}],
        "problems": [{"id": "p", "title": "P", "symptoms": [{"id": "s"}],
                      "consequences": [{"id": "c", "formula": "rate * big / big"}]}]}  # fmt: skip
    case = cdx.Diagnosis.model_validate(data)
    with pytest.raises(
        cdx.CalculationError, match=r"^drivers\[1\] \(big\)\.formula: 'a \* a' evaluates"
    ):
        cdx.quantify(case)
    with pytest.raises(
        cdx.CalculationError, match=r"^drivers\[1\] \(big\)\.formula: 'a \* a' is not"
    ):
        cdx.simulate(case, n=100, seed=1)


HOSTILE_TEXT = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid")', "+SUM(1,2)",
                "-2+3", "@SUM(1,2)", "\t=1+2", "\r=1+2"]  # fmt: skip


def _hostile_case_file(tmp_path: Path) -> Path:
    data = json.loads(json.dumps(SMALL_CASE))
    data["problems"][0]["consequences"][0]["label"] = HOSTILE_TEXT[0]
    data["problems"][0]["consequences"].append(
        {"id": "d", "formula": "cost", "label": HOSTILE_TEXT[2]}
    )
    solutions = [
        {**SMALL_SOLUTIONS[0], "id": f"s{i}", "name": text, "vendor": text}
        for i, text in enumerate(HOSTILE_TEXT)
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"schema_version": 1, **data,
                                "value_case": {"solutions": solutions}}))  # fmt: skip
    return path


@pytest.mark.parametrize("command", ["quantify", "evaluate"])
def test_csv_output_neutralises_formula_text(tmp_path: Path, command: str) -> None:
    out = io.StringIO()
    assert main([command, str(_hostile_case_file(tmp_path)), "--format", "csv"], out=out) == 0
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    text = [cell for row in rows for cell in row]
    assert not [cell for cell in text if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    shown = {cell for cell in text if cell.startswith("'")}
    expected = {"'" + t for t in (HOSTILE_TEXT[:1] + HOSTILE_TEXT[2:3])}
    assert expected <= shown if command == "quantify" else {"'" + t for t in HOSTILE_TEXT} <= shown
    # numbers are unquoted, so a spreadsheet reads them as numbers: none is in quotes
    assert re.search(r'"-?[0-9.]+(e[-+]?[0-9]+)?"', out.getvalue()) is None
    if command == "quantify":
        # 2 hour/week (the PERT's likely) × 80 USD/hour × 52 week/year = 8,320 USD/year
        assert ",8320.0," in out.getvalue()


def test_write_csv_keeps_numbers_and_neutralises_labels() -> None:
    frame = pd.DataFrame({"=label": ["-2+3", "ok"], "cost": [-1500.0, 2.5], "n": [1, 2]},
                         index=pd.Index(["@id", "x"], name="+name"))  # fmt: skip
    out = io.StringIO()
    cdx.io.write_csv(frame, out)
    assert out.getvalue().splitlines() == [
        '"\'+name","\'=label","cost","n"',
        '"\'@id","\'-2+3",-1500.0,1',
        '"x","ok",2.5,2',
    ]


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "internal error" not in err
    return err


def test_command_line_on_hostile_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    with within():
        assert main(["check", str(zero)]) == 1
    assert "is a character device" in _one_line(capsys)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert main(["report", str(damaged), "-o", str(tmp_path / "out.xlsx")]) == 1
    assert "not an .xlsx workbook" in _one_line(capsys)
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"schema_version": 1, **SMALL_CASE}))
    assert main(["report", str(case), "-o", str(tmp_path), "--simulate", str(10**12)]) == 1
    assert "would need about" in _one_line(capsys)
    assert main(["report", str(case), "-o", "/proc/x.xlsx"]) == 1
    assert "/proc/x.xlsx: cannot write there" in _one_line(capsys)


def test_command_line_lists_at_most_fifty_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drivers = [{"id": f"d{i}", "formula": f"missing_{i}"} for i in range(200)]
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"schema_version": 1, **SMALL_CASE,
                                "drivers": SMALL_CASE["drivers"] + drivers}))  # fmt: skip
    assert main(["check", str(case)]) == 1
    err = capsys.readouterr().err.splitlines()
    # the heading, 50 problems and the count of the other 150
    assert len(err) == 52
    assert err[0].endswith("invalid case: 200 problems")
    assert err[-1] == "  ... and 150 more"
    assert math.isclose(len([line for line in err if line.startswith("  - ")]), 50)
