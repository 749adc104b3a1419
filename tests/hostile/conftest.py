"""Shared pieces of the hostile corpus: a small workbook written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import costdx as cdx
from hostile.corpus import small_value_case


@pytest.fixture(scope="session")
def workbook_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of the report of a small value case, as costdx writes it."""
    path = tmp_path_factory.mktemp("hostile") / "base.xlsx"
    return cdx.write_excel(small_value_case(), path).read_bytes()


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for files that hypothesis examples overwrite in turn."""
    return tmp_path_factory.mktemp("hostile-scratch")
