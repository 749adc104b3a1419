"""The floors: what ``import costdx`` loads, and that results render without importing up.

The import contract itself (no import runs up a floor, no circle of imports) is checked by
``lint-imports`` in CI, configured in ``pyproject.toml``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import costdx as cdx

HEAVY = (
    "pandas", "scipy.stats", "scipy.special", "openpyxl", "xlsxwriter", "matplotlib", "numba",
    "tomlkit",
)  # fmt: skip


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pandas','scipy','openpyxl','xlsxwriter','matplotlib','numba','tomlkit','costdx'})))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    loaded: list[str] = json.loads(out.stdout)
    return loaded


def test_import_costdx_loads_no_heavy_library_and_no_catalogue() -> None:
    loaded = _loaded_after("import costdx")
    assert [m for m in loaded if m.startswith(HEAVY)] == []
    assert "costdx.templates" not in loaded
    assert "costdx.report.excel" not in loaded
    assert "costdx.io._workbook" not in loaded


def test_the_lazy_names_load_on_first_use() -> None:
    loaded = _loaded_after("import costdx\ncostdx.write_excel\ncostdx.templates.names()")
    assert "costdx.report.excel" in loaded
    assert "costdx.templates._catalog" in loaded
    assert "xlsxwriter" not in loaded  # the writer loads XlsxWriter when it writes


def test_results_find_their_views_through_the_registry() -> None:
    case = cdx.load(cdx.example_path())
    html = cdx.quantify(case)._repr_html_()
    assert "<table" in html
    assert f"{cdx.quantify(case).annual_cost:,.0f}" in html  # the headline it was given
    assert "<table" in case._repr_html_()
