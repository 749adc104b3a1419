"""Where a case came from: the file it was loaded from, and the line of any path in it.

The case-file reader (`costdx.io`) ties every case it loads to an `Origin`; a copy made
with `costdx.evolve` keeps it. Issues about the case — its errors when it is loaded, the
findings of `costdx.check` — then name the file and line as well as the path
(``acme.toml:213: drivers[9] (housings_per_workday).value: ...``), and saving the case
writes into that file's own text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Protocol

from costdx.errors import Issue
from costdx.model._base import ORIGIN

__all__ = ["Origin", "locate", "origin_of", "tie"]


class Origin(Protocol):
    """What a case knows of the file it came from."""

    @property
    def file(self) -> str:
        """The file's path, as given when it was loaded."""
        ...

    def line(self, location: str) -> int | None:
        """The 1-based line of ``location`` (a path such as ``drivers[3].unit``) in the
        file, or of the nearest enclosing table when the key itself is not written."""
        ...


def origin_of(case: Any) -> Origin | None:
    """The origin of a case loaded from a file, or ``None``."""
    found: Origin | None = getattr(case, "__dict__", {}).get(ORIGIN)
    return found


def tie(case: Any, origin: Origin) -> None:
    """Record that ``case`` came from ``origin``."""
    case.__dict__[ORIGIN] = origin


def locate(issues: Iterable[Issue], origin: Origin | None) -> list[Issue]:
    """``issues`` with the file and line of each, where ``origin`` knows them; their
    locations are paths in the case file (a value case's settings under ``value_case``).
    An issue that already names its file (a row of a measurements table) keeps it."""
    if origin is None:
        return list(issues)
    return [
        i if i.file else replace(i, file=origin.file, line=origin.line(i.location)) for i in issues
    ]
