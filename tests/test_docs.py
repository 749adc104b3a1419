"""Every Python code block in the README and the docs runs.

Blocks of one page run in order in one namespace, in a scratch folder that has the
repository's ``examples/`` in it, so a page reads as a session and writes nothing into
the repository. A block that should not run is fenced as ``text`` instead.
"""

from __future__ import annotations

import re
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
