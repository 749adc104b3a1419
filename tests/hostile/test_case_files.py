"""Hostile case files: each ends in a costdx error naming the file (and the line where
there is one), within the time guard, whatever the OS says about its size."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import costdx as cdx
from hostile.corpus import SMALL_CASE, SMALL_SOLUTIONS, within

HEAD = "schema_version = 1\n"


def _json(data: dict[str, Any]) -> str:
    return json.dumps({"schema_version": 1, **data})


def _value_case(**settings: Any) -> str:
    return _json({**SMALL_CASE, "value_case": {"solutions": SMALL_SOLUTIONS, **settings}})


def _cycle(n: int, dependents: int = 0) -> str:
    drivers = [{"id": f"c{i}", "formula": f"c{(i + 1) % n}"} for i in range(n)]
    drivers += [{"id": f"x{i}", "formula": f"x{i - 1}" if i else "c0"} for i in range(dependents)]
    return _json({**SMALL_CASE, "drivers": SMALL_CASE["drivers"] + drivers})


def _misspelt(n: int) -> str:
    drivers = [{"id": f"driver_{i}", "value": 1} for i in range(n)]
    drivers += [{"id": f"derived_{i}", "formula": f"drivr_{i} + 1"} for i in range(n)]
    return _json({**SMALL_CASE, "drivers": SMALL_CASE["drivers"] + drivers})


# name, file name, content (text, bytes or a function making the path), error, phrases
CASES: list[tuple[str, str, Any, type[cdx.CostdxError], tuple[str, ...]]] = [
    ("a symbolic link to /dev/zero", "zero.toml", lambda p: p.symlink_to("/dev/zero"),
     cdx.CaseFileError, ("is a character device",)),
    ("a named pipe nobody writes", "pipe.toml", os.mkfifo, cdx.CaseFileError, ("named pipe",)),
    ("a folder", "folder.json", Path.mkdir, cdx.CaseFileError, ("is a directory",)),
    ("a /proc file whose size says 0", "status.toml",
     lambda p: p.symlink_to("/proc/self/status"), cdx.CaseFileError, ("not valid TOML",)),
    ("larger than the limit", "big.toml", HEAD + "# " + "x" * 10_000_100 + "\n",
     cdx.CaseFileError, ("larger than 10 MB", "max_bytes=")),
    ("a 16,000-part dotted key (32 KB)", "dotted.toml", HEAD + ".".join(["a"] * 16_000) + " = 1\n",
     cdx.CaseFileError, ("line 2", "16,000 parts")),
    ("a 33-part quoted dotted key", "quoted.toml", HEAD + ".".join(['"a.b"'] * 33) + " = 1\n",
     cdx.CaseFileError, ("line 2", "33 parts")),
    ("a 40-part table header", "header.toml", HEAD + "\n[" + ".".join(["t"] * 40) + "]\nx = 1\n",
     cdx.CaseFileError, ("line 3", "40 parts")),
    ("arrays nested 100,000 deep (TOML)", "deep.toml",
     HEAD + "x = " + "[" * 100_000 + "]" * 100_000 + "\n", cdx.CaseFileError,
     ("line 2", "nested more than 32 levels")),
    ("deep arrays after a comment that opens a multi-line string", "comment.toml",
     HEAD + 'x = 1  # """\ny = ' + "[" * 100_000 + "]" * 100_000 + '\n# """\n',
     cdx.CaseFileError, ("line 3", "nested more than 32 levels")),
    ("inline tables nested 5,000 deep (TOML)", "inline.toml",
     HEAD + "x = " + "{a = " * 5_000 + "1" + "}" * 5_000 + "\n", cdx.CaseFileError,
     ("line 2", "nested more than 32 levels")),
    ("arrays nested 100,000 deep (JSON)", "deep.json",
     '{"schema_version": 1,\n "x": ' + "[" * 100_000 + "]" * 100_000 + "}", cdx.CaseFileError,
     ("line 2", "nested more than 32 levels")),
    ("objects nested 100,000 deep (JSON)", "objects.json",
     '{"schema_version": 1, "x": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}",
     cdx.CaseFileError, ("line 1", "nested more than 32 levels")),
    ("a line of 500,000 escaped quotes (TOML)", "quotes.toml", HEAD + 'x = "' + '\\"' * 500_000,
     cdx.CaseFileError, ("not valid TOML",)),
    ("an unterminated string of 1 MB (JSON)", "open.json", '{"x": "' + "a" * 1_000_000,
     cdx.CaseFileError, ("not valid JSON",)),
    ("an integer of 100,000 digits (TOML)", "int.toml", HEAD + "x = " + "9" * 100_000 + "\n",
     cdx.CaseFileError, ("not valid TOML",)),
    ("an integer of 100,000 digits (JSON)", "int.json", '{"x": ' + "9" * 100_000 + "}",
     cdx.CaseFileError, ("not valid JSON",)),
    ("NaN in JSON", "nan.json", '{"schema_version": 1, "x": NaN}', cdx.CaseFileError, ("NaN",)),
    ("a key twice in JSON", "twice.json", '{"schema_version": 1, "schema_version": 1}',
     cdx.CaseFileError, ("appears twice",)),
    ("bytes that are not UTF-8", "latin.toml", b"schema_version = 1\nx = '\xff'\n",
     cdx.CaseFileError, ("not UTF-8",)),
    ("a list at the top", "list.json", "[1, 2]", cdx.CaseFileError, ("table/object at the top",)),
    ("horizon_years = true", "horizon.json", _value_case(horizon_years=True),
     cdx.CaseValidationError, ("value_case.horizon_years", "got a boolean")),
    ("a fraction that is true", "fraction.json",
     _json({**SMALL_CASE, "value_case": {"solutions": [{**SMALL_SOLUTIONS[0], "addresses": [
         {"consequence": "c", "fraction": True}]}]}}),
     cdx.CaseValidationError, ("value_case.solutions[0].addresses[0] (c).fraction", "boolean")),
    ("a discount rate of -99.99999 %", "rate.json", _value_case(discount_rate=-0.9999999),
     cdx.CaseValidationError, ("value_case.discount_rate", "outside [-50%, 100%]")),
    ("a cycle of 10,000 derived drivers", "cycle.json", _cycle(10_000), cdx.CaseValidationError,
     ("drivers[3] (c0).formula",
      "c0 -> c1 -> c2 -> ... -> c9998 -> c9999 -> c0 (10,000 drivers)")),
    ("a cycle of 100 with 9,900 drivers behind it", "behind.json", _cycle(100, 9_900),
     cdx.CaseValidationError, ("drivers[3] (c0).formula", "(100 drivers)")),
    ("5,000 misspelt driver ids", "misspelt.json", _misspelt(5_000), cdx.CaseValidationError,
     ("5000 problems", "unknown driver 'drivr_4999'")),
]  # fmt: skip


@pytest.mark.parametrize(("file", "content", "error", "phrases"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_hostile_case_file_is_refused(
    tmp_path: Path,
    file: str,
    content: str | bytes | Callable[[Path], object],
    error: type[cdx.CostdxError],
    phrases: tuple[str, ...],
) -> None:
    path = tmp_path / file
    if callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with within(), pytest.raises(error) as info:
        cdx.io.load_any(path)
    message = str(info.value)
    assert type(info.value) is error, message[:300]
    assert message.startswith(str(path)), message[:300]
    for phrase in phrases:
        assert phrase in message, message[:300]


def test_a_cycle_is_named_once_in_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "cycle.json"
    path.write_text(_cycle(10_000))
    with pytest.raises(cdx.CaseValidationError) as info:
        cdx.load(path)
    assert info.value.codes() == ["cycle"]
    assert len(str(info.value)) < 300  # it was 89 KB: every id of the cycle


@pytest.mark.parametrize(
    "text",
    [
        HEAD + 'title = "' + "[" * 200 + '"\n',  # brackets inside a string do not nest
        HEAD + "# " + "{" * 200 + "\n",  # nor inside a comment
        HEAD + 'title = """\n' + "[" * 200 + '\n"""\n',  # nor in a multi-line string
        HEAD + 'title = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g"\n',
        HEAD + "values = [" + ", ".join(["1.5"] * 100) + "]\n",  # many floats on one line
    ],
)
def test_no_false_refusal(tmp_path: Path, text: str) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(text)
    assert cdx.io.read_data(path)["schema_version"] == 1


def test_max_bytes_raises_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(_json(SMALL_CASE))
    size = path.stat().st_size
    with pytest.raises(cdx.CaseFileError, match=f"larger than {size - 1:,} bytes"):
        cdx.load(path, max_bytes=size - 1)
    assert cdx.load(path, max_bytes=size).account.name == "Test Co"
