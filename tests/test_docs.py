"""Every Python code block in the README and the docs runs.

Blocks of one page run in order in one namespace, in a scratch folder that has the
repository's ``examples/`` in it, so a page reads as a session and writes nothing into
the repository. A block that should not run is fenced as ``text`` instead.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "page", [p for p in PAGES if blocks(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_code_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # run where the reader would (examples/ beside them), but write files to a scratch folder
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}", "TMP": tmp_path}
    for number, code in enumerate(blocks(page), start=1):
        compiled = compile(code, f"{page.relative_to(ROOT)} block {number}", "exec")
        exec(compiled, namespace)


def test_docs_pages_have_examples() -> None:
    # the how-to pages exist to show code; a page without a block has lost its examples
    for page in (ROOT / "docs" / "howto").glob("*.md"):
        assert blocks(page), f"{page.name} has no python example"


TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.S | re.M)
FIELD_ROW = re.compile(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", re.M)
TABLE_HEADING = re.compile(r"^### `\[+([a-z_]+)\]+`", re.M)  # a table of its own


def test_the_case_file_page_documents_every_field() -> None:
    import costdx as cdx

    page = (ROOT / "docs" / "howto" / "case-files.md").read_text(encoding="utf-8")
    documented = {name for row in FIELD_ROW.findall(page) for name in row if name}
    documented |= set(TABLE_HEADING.findall(page))
    models = (
        cdx.Diagnosis, cdx.Account, cdx.Calendar, cdx.Stakeholder, cdx.Driver, cdx.Problem,
        cdx.Symptom, cdx.Cause, cdx.Consequence, cdx.Correlation, cdx.Scenario, cdx.ValueCase,
        cdx.Solution, cdx.InvestmentItem, cdx.Address, cdx.Criterion, cdx.Score,
        cdx.Tracking, cdx.Measurement,
    )  # fmt: skip
    missing = [
        f"{model.__name__}.{field}"
        for model in models
        for field in model.model_fields
        # a value case's diagnosis is the file, and so is a tracking's value case
        if field not in documented and field not in ("diagnosis", "value_case")
    ]
    assert not missing, f"fields without a row in docs/howto/case-files.md: {missing}"
    for dist, figures in cdx.model.FIGURES.items():
        assert f"| `{dist}` | {', '.join(f'`{f}`' for f in figures)}" in page


def test_toml_examples_are_toml() -> None:
    for page in PAGES:
        for number, block in enumerate(TOML_BLOCK.findall(page.read_text(encoding="utf-8")), 1):
            try:
                tomllib.loads(block)
            except tomllib.TOMLDecodeError as exc:
                pytest.fail(f"{page.relative_to(ROOT)} TOML block {number}: {exc}")


def test_the_checks_page_explains_every_code() -> None:
    from costdx.model import CHECKS

    page = (ROOT / "docs" / "howto" / "checks.md").read_text(encoding="utf-8")
    rows = set(FIELD_ROW.findall(page))
    assert {row[0] for row in rows} >= set(CHECKS)
