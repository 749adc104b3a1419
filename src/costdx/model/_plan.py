"""The compiled plan of a case: one typed, ordered program for the whole model.

`costdx.model._check.check` builds a `Plan` when a diagnosis is validated.
The plan holds every derived driver in dependency order and every consequence, each as a
typed tree whose unit conversions (calendar, ``percent``, ``minute``) are explicit
`Convert` nodes; a consequence's tree already yields money
per year (recurring) or money (one-time). It evaluates on scalars
(`Plan.evaluate`) and vectorised on numpy arrays (`Plan.evaluate_arrays`),
from the same trees.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray
from pint.util import UnitsContainer

from costdx.errors import CaseReferenceError
from costdx.lang import Node, VectorFn, compile_vector, evaluate
from costdx.model._terms import Driver, Source

__all__ = ["ConsequenceStep", "DerivedStep", "Kind", "Plan"]

Array: TypeAlias = NDArray[np.float64]
Value: TypeAlias = "float | Array"


class Kind(StrEnum):
    """Whether a consequence recurs (money per time) or happens once (money)."""

    RECURRING = "recurring"
    ONE_TIME = "one-time"


@dataclass(frozen=True, slots=True)
class DerivedStep:
    """A derived driver: its typed tree gives the value in the driver's own unit."""

    id: str
    node: Node
    dims: UnitsContainer
    unit: str
    written: Node
    """The formula's tree as written (no conversions), for audit trails."""


@dataclass(frozen=True, slots=True)
class ConsequenceStep:
    """A consequence: ``node`` gives money per year (recurring) or money (one-time).

    ``raw`` is the typed formula before normalisation, in ``raw_unit``; ``annualise`` the
    calendar terms that normalise it; ``written`` the formula's tree as written.
    """

    id: str
    problem: str
    index: tuple[int, int]
    node: Node
    raw: Node
    raw_unit: str
    kind: Kind
    annualise: tuple[tuple[str, int], ...]
    inputs: frozenset[str]
    source: Source
    confirmed: bool
    written: Node


@dataclass(slots=True, eq=False)
class Plan:
    """A case compiled for evaluation. Built by `costdx.model._check.check`.

    Plans compare by identity (one per validated case). A plan pickles without its
    compiled numpy functions, which a worker process rebuilds on first use.
    """

    currency: str
    calendar: dict[str, float]
    drivers: dict[str, Driver]
    units: dict[str, str]
    """Each driver's unit as displayed (derived drivers: declared or inferred)."""
    inputs: tuple[str, ...]
    """Value (non-derived) drivers, in case order."""
    derived: tuple[DerivedStep, ...]
    consequences: tuple[ConsequenceStep, ...]
    derived_inputs: dict[str, frozenset[str]] = field(default_factory=dict)
    _vector: list[tuple[str, VectorFn]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _PICKLED}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._vector = None

    def driver(self, driver_id: str) -> Driver:
        """The driver with this id; ``KeyError`` naming close ids otherwise."""
        try:
            return self.drivers[driver_id]
        except KeyError:
            close = difflib.get_close_matches(driver_id, list(self.drivers), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise CaseReferenceError(f"no driver {driver_id!r}{hint}") from None

    def consequence(self, consequence_id: str) -> ConsequenceStep:
        """The compiled consequence with this id; ``KeyError`` naming close ids otherwise."""
        for step in self.consequences:
            if step.id == consequence_id:
                return step
        close = difflib.get_close_matches(consequence_id, [c.id for c in self.consequences], n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise CaseReferenceError(f"no consequence {consequence_id!r}{hint}")

    def evaluate(self, values: Mapping[str, float]) -> dict[str, float]:
        """Evaluate on scalars: ``values`` holds every input driver; the result adds every
        derived driver and every consequence (annual money, or one-time money)."""
        env: dict[str, float] = dict(values)
        for step in self.derived:
            env[step.id] = evaluate(step.node, env)
        for cons in self.consequences:
            env[cons.id] = evaluate(cons.node, env)
        return env

    def first_not_finite(self, env: Mapping[str, Any]) -> DerivedStep | None:
        """The first derived driver, in the order they are computed, whose value in
        ``env`` (a number or an array) is not finite: where an overflow or a division by
        zero began, before the consequences that use it."""
        for step in self.derived:
            if not np.all(np.isfinite(env[step.id])):
                return step
        return None

    def evaluate_arrays(
        self,
        values: Mapping[str, Value],
        *,
        consequences: Callable[[str, Value], None] | None = None,
    ) -> dict[str, Value]:
        """Evaluate vectorised: every input a float or an array (all arrays of one length).

        Returns the inputs, derived drivers and consequences, by id. With
        ``consequences``, each consequence's value is handed to it as soon as it is
        computed and left out of the result, so a caller that sums them holds one at a
        time (the value may be a fresh array the caller can overwrite, an input's own
        array, or a float).
        """
        if self._vector is None:
            self._vector = [(s.id, compile_vector(s.node)) for s in self.derived] + [
                (c.id, compile_vector(c.node)) for c in self.consequences
            ]
        env: dict[str, Any] = dict(values)
        derived = len(self.derived)
        with np.errstate(all="ignore"):
            for position, (ident, fn) in enumerate(self._vector):
                if consequences is not None and position >= derived:
                    consequences(ident, fn(env))
                else:
                    env[ident] = fn(env)
        return env


_PICKLED = (
    "currency", "calendar", "drivers", "units", "inputs", "derived", "consequences",
    "derived_inputs",
)  # fmt: skip
