"""The compiled plan of a case: one typed, ordered program for the whole model.

`costdx.engine.check.check` builds a `Plan` when a diagnosis is validated.
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
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
from numpy.typing import NDArray
from pint.util import UnitsContainer

from costdx.engine.formula import (
    Bin,
    Call,
    Compare,
    Convert,
    Name,
    Node,
    Num,
    Unary,
    evaluate,
    round_half_away,
)

if TYPE_CHECKING:
    from costdx.model.case import Driver, Source

__all__ = ["ConsequenceStep", "DerivedStep", "Kind", "Plan"]

Array: TypeAlias = NDArray[np.float64]
Value: TypeAlias = "float | Array"
VectorFn: TypeAlias = Callable[[Mapping[str, Any]], Any]


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


@dataclass(frozen=True, slots=True)
class ConsequenceStep:
    """A consequence: ``node`` gives money per year (recurring) or money (one-time).

    ``raw`` is the typed formula before normalisation, in ``raw_unit``; ``annualise`` the
    calendar terms that normalise it.
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


@dataclass(slots=True)
class Plan:
    """A case compiled for evaluation. Built by `costdx.engine.check.check`."""

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

    def driver(self, driver_id: str) -> Driver:
        """The driver with this id; ``KeyError`` naming close ids otherwise."""
        try:
            return self.drivers[driver_id]
        except KeyError:
            close = difflib.get_close_matches(driver_id, list(self.drivers), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise KeyError(f"no driver {driver_id!r}{hint}") from None

    def consequence(self, consequence_id: str) -> ConsequenceStep:
        """The compiled consequence with this id; ``KeyError`` naming close ids otherwise."""
        for step in self.consequences:
            if step.id == consequence_id:
                return step
        close = difflib.get_close_matches(consequence_id, [c.id for c in self.consequences], n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"no consequence {consequence_id!r}{hint}")

    def evaluate(self, values: Mapping[str, float]) -> dict[str, float]:
        """Evaluate on scalars: ``values`` holds every input driver; the result adds every
        derived driver and every consequence (annual money, or one-time money)."""
        env: dict[str, float] = dict(values)
        for step in self.derived:
            env[step.id] = evaluate(step.node, env)
        for cons in self.consequences:
            env[cons.id] = evaluate(cons.node, env)
        return env

    def evaluate_arrays(self, values: Mapping[str, Value]) -> dict[str, Value]:
        """Evaluate vectorised: every input a float or an array (all arrays of one length).

        Returns the inputs, derived drivers and consequences, by id.
        """
        if self._vector is None:
            self._vector = [(s.id, compile_vector(s.node)) for s in self.derived] + [
                (c.id, compile_vector(c.node)) for c in self.consequences
            ]
        env: dict[str, Any] = dict(values)
        with np.errstate(all="ignore"):
            for ident, fn in self._vector:
                env[ident] = fn(env)
        return env


def _round(value: Any, digits: int) -> Any:
    # Exactly costdx.engine.formula.round_half_away, elementwise: ROUND is rare in cost
    # formulas, and agreeing with the scalar back end (and Excel) to the bit matters more.
    result = np.vectorize(round_half_away, otypes=[np.float64])(value, digits)
    return float(result) if result.ndim == 0 else result


_VECTOR_BIN: dict[str, Callable[[Any, Any], Any]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.true_divide,
    "**": np.power,
}
_VECTOR_CMP: dict[str, Callable[[Any, Any], Any]] = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


def compile_vector(node: Node) -> VectorFn:
    """Compile a typed tree into a function of an environment of floats or arrays.

    The functions call numpy ufuncs, so one call evaluates every sample at once.
    """
    match node:
        case Num(value=value):
            return lambda env: value
        case Name(id=ident):
            return lambda env: env[ident]
        case Unary(operand=operand):
            inner = compile_vector(operand)
            return lambda env: np.negative(inner(env))
        case Convert(operand=operand):
            inner, total = compile_vector(operand), node.total
            return lambda env: np.multiply(inner(env), total)
        case Bin(op=op, left=left, right=right):
            fn, lhs, rhs = _VECTOR_BIN[op], compile_vector(left), compile_vector(right)
            return lambda env: fn(lhs(env), rhs(env))
        case Compare(op=op, left=left, right=right):
            fn, lhs, rhs = _VECTOR_CMP[op], compile_vector(left), compile_vector(right)
            return lambda env: fn(lhs(env), rhs(env))
        case Call(func="if_", args=(test, then, other)):
            cond, a, b = compile_vector(test), compile_vector(then), compile_vector(other)
            return lambda env: _where(cond(env), a(env), b(env))
        case Call(func="min" | "max" as func, args=args):
            fns = [compile_vector(arg) for arg in args]
            pick = np.minimum if func == "min" else np.maximum

            def reduce(env: Mapping[str, Any]) -> Any:
                result = fns[0](env)
                for fn_ in fns[1:]:
                    result = pick(result, fn_(env))
                return result

            return reduce
        case Call(func="abs", args=(arg,)):
            inner = compile_vector(arg)
            return lambda env: np.abs(inner(env))
        case Call(func="round", args=args):
            inner = compile_vector(args[0])
            digits = int(args[1].value) if len(args) == 2 and isinstance(args[1], Num) else 0
            return lambda env: _round(inner(env), digits)
    raise TypeError(f"cannot compile {node!r}")  # pragma: no cover - the tree is closed


def _where(cond: Any, a: Any, b: Any) -> Any:
    result = np.where(cond, a, b)
    return float(result) if result.ndim == 0 else result
