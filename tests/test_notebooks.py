"""The notebooks run top to bottom, so they never rot; they are committed without outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import costdx

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert {
        "quickstart.ipynb",
        "from_discovery_to_diagnosis.ipynb",
        "discover_targeting.ipynb",
        "deliver_value_realised.ipynb",
    } <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} has outputs committed"
            assert cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel runs in tmp_path: it must import the costdx under test, also when that is
    # found through a relative PYTHONPATH (``PYTHONPATH=src pytest``), not installed.
    package_root = str(Path(costdx.__file__).resolve().parent.parent)
    inherited = [
        str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p
    ]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([package_root, *inherited]))
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
    # the quickstart ends with the Excel report written where the notebook ran
    if path.name == "quickstart.ipynb":
        assert (tmp_path / "acme-value-report.xlsx").stat().st_size > 0
