"""Tests of the line locator: every path written in a TOML or JSON case file, to its line."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings

import costdx as cdx
from costdx.errors import format_location
from costdx.io import dump_toml
from costdx.io._locate import FileOrigin, json_lines, toml_lines
from costdx.model import case_data
from test_model import valid_cases


def keyed_paths(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str]]:
    """(path, key) of every value that sits under a key."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield format_location((*path, key)), key
            yield from keyed_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from keyed_paths(value, (*path, index))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_cases())
def test_every_key_of_a_written_case_is_on_its_line(data: dict[str, Any]) -> None:
    case = cdx.Diagnosis.model_validate(data)
    toml = dump_toml(case_data(case, mode="python"))
    plain = json.dumps(case_data(case), indent=2, ensure_ascii=False)
    for text, found in ((toml, toml_lines(toml)), (plain, json_lines(plain))):
        rows = text.split("\n")  # TOML and JSON end lines at \n only (not at U+2028 ...)
        parsed = tomllib.loads(text) if text is toml else json.loads(text)
        for path, key in keyed_paths(parsed):
            assert path in found, (path, text)
            assert key in rows[found[path] - 1], (path, found[path])


TRICKY = """\
# a comment with [brackets] and key = "value"
schema_version = 1
title = \"\"\"A title over
two lines, with [[drivers]] and x = 1 inside\"\"\"
'quoted key' = 'literal # not a comment'
dotted.inner = 2

[account]  # the customer
name = "Acme \\"Quoted\\" Ltd"

[[drivers]]
id = "a"
value = { dist = "pert", low = 1, likely = 2, high = 3 }

[[drivers]]
id = "b"
tags = [
  "one",  # first
  "two",
]

[[problems]]
id = "p"
symptoms = [
  { id = "s1", metric = "a" },
  { id = "s2" },
]

[[problems.consequences]]
id = "c1"

[[problems]]
id = "q"

[[problems.consequences]]
id = "c2"

[[problems.consequences]]
id = "c3"
"""


def test_tricky_toml() -> None:
    found = toml_lines(TRICKY)
    assert found["title"] == 3
    assert found["quoted key"] == 5
    assert found["dotted"] == found["dotted.inner"] == 6
    assert found["account"] == 8
    assert found["account.name"] == 9
    assert found["drivers[0]"] == 11
    assert found["drivers[0].value.likely"] == 13
    assert found["drivers[1].tags[1]"] == 19
    assert found["problems[0].symptoms[1].id"] == 26
    assert found["problems[0].consequences[0].id"] == 30
    assert found["problems"] == found["problems[0]"] == 22
    assert found["problems[1]"] == 32
    assert found["problems[1].consequences"] == 35
    assert found["problems[1].consequences[1].id"] == 39
    assert "drivers[2]" not in found  # the [[drivers]] inside the title is text


def test_crlf_lines_count_the_same() -> None:
    found = toml_lines(TRICKY.replace("\n", "\r\n"))
    assert found == toml_lines(TRICKY)


def test_an_unwritten_key_is_placed_at_its_table() -> None:
    origin = FileOrigin("t.toml", TRICKY, "toml")
    # drivers[1] has no unit: the line of its [[drivers]] header
    assert origin.line("drivers[1].unit") == 15
    assert origin.line("drivers[0].value.dist") == 13
    assert origin.line("nowhere.at.all") is None
