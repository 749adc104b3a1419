"""The examples in docstrings run and give what they show.

Every module of costdx is covered except ``costdx.finance*`` and
``costdx.engine.sampling`` (tested with their own suites) and ``costdx.__main__``
(importing it runs the command line).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import costdx

EXCLUDED_PREFIXES = ("costdx.finance", "costdx.engine.sampling", "costdx.__main__")


def _modules() -> list[str]:
    found = ["costdx"]
    for info in pkgutil.walk_packages(costdx.__path__, prefix="costdx."):
        if not info.name.startswith(EXCLUDED_PREFIXES):
            found.append(info.name)
    return sorted(found)


MODULES = _modules()


def test_the_foundation_is_covered() -> None:
    expected = {
        "costdx",
        "costdx.cli",
        "costdx.errors",
        "costdx.model._check",
        "costdx.lang._dimensions",
        "costdx.lang._formula",
        "costdx.model._plan",
        "costdx.engine._quantify",
        "costdx.lang._units",
        "costdx.io._files",
        "costdx.engine._frames",
        "costdx.model._base",
        "costdx.model._case",
        "costdx.model._estimates",
    }
    assert expected <= set(MODULES)
    assert not any(name.startswith(EXCLUDED_PREFIXES) for name in MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
