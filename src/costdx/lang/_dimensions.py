"""Unit inference over formula trees.

`UnitChecker` walks a parsed formula bottom-up, works out the unit of every
sub-expression and returns a *typed* tree: the same tree with `Convert` nodes
inserted wherever a value must change unit (``minute`` to ``hour``, ``percent`` to a
fraction, ``hour/month`` added to ``hour/week``). The numeric back ends and the Excel
renderer then need no unit logic of their own.

Rules:

* ``+``, ``-``, comparisons, ``min``, ``max`` and the branches of ``if_`` need operands
  of one dimension; calendar units convert by the case's calendar. A bare number takes
  the unit of the other operand as that is written (``hours + 5`` adds 5 hours,
  ``minutes > 60`` compares with 60 minutes); beside a dimensionless operand it is a
  plain number, so ``1 - share`` with ``share`` in ``percent`` is a fraction.
* ``*`` and ``/`` combine units; ``**`` needs a dimensionless exponent, and a number
  literal when the base has a unit.
* ``abs`` and ``round`` keep their argument's unit; ``round`` rounds in the unit as
  written (whole minutes, not whole hours).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pint.util import UnitsContainer

from costdx.errors import UnitError
from costdx.lang._formula import Bin, Call, Compare, Convert, Name, Node, Num, Unary, to_text
from costdx.lang._units import (
    DIMENSIONLESS,
    calendar_terms,
    calendar_value,
    compatible,
    format_dims,
)

__all__ = ["Typed", "UnitChecker", "convert_to"]


@dataclass(frozen=True, slots=True)
class Typed:
    """A typed sub-tree and its unit; ``literal`` marks a bare number (adapts its unit).

    ``node`` yields base units (``dims``); ``scale`` is the base-unit value of one unit as
    the sub-expression is written (1/60 for ``minute/ticket``; 1 when dimensionless).
    """

    node: Node
    dims: UnitsContainer
    literal: bool = False
    scale: float = 1.0


def _typed(node: Node, dims: UnitsContainer, literal: bool = False, scale: float = 1.0) -> Typed:
    return Typed(node, dims, literal, 1.0 if dims == DIMENSIONLESS else scale)


def convert_to(
    typed: Typed, target: UnitsContainer, calendar: Mapping[str, float], *, factor: float = 1.0
) -> Node:
    """``typed``'s node converted to ``target`` (already checked compatible), times ``factor``."""
    if typed.literal and factor == 1.0:
        return typed.node
    terms = () if typed.literal else calendar_terms(typed.dims, target)
    if not terms and factor == 1.0:
        return typed.node
    return Convert(typed.node, factor, terms, calendar_value(terms, calendar))


class UnitChecker:
    """Infers units over formula trees for one case.

    Parameters
    ----------
    unit_of:
        For a driver id, ``(factor, dims)``: the driver's stored value times ``factor`` is
        its value in the base units ``dims``.
    calendar:
        The case's calendar figures by constant name (``weeks_per_year`` ...).
    """

    def __init__(
        self,
        unit_of: Callable[[str], tuple[float, UnitsContainer]],
        calendar: Mapping[str, float],
    ) -> None:
        self.unit_of = unit_of
        self.calendar = calendar

    def infer(self, node: Node) -> Typed:
        """The typed tree of ``node`` and its unit; `UnitError` when units clash."""
        match node:
            case Num():
                return Typed(node, DIMENSIONLESS, literal=True)
            case Name(id=ident):
                factor, dims = self.unit_of(ident)
                if factor == 1.0:
                    return _typed(node, dims)
                return _typed(Convert(node, factor, (), 1.0), dims, scale=factor)
            case Unary(operand=operand):
                inner = self.infer(operand)
                return Typed(Unary(inner.node), inner.dims, inner.literal, inner.scale)
            case Bin(op="+" | "-" as op, left=left, right=right):
                lhs, rhs = self.infer(left), self.infer(right)
                verb = "add" if op == "+" else "subtract"
                anchor, (a, b) = self._unify([lhs, rhs], node, verb)
                return Typed(Bin(op, a, b), anchor.dims, lhs.literal and rhs.literal, anchor.scale)
            case Bin(op="*" | "/" as op, left=left, right=right):
                lhs, rhs = self.infer(left), self.infer(right)
                if op == "*":
                    dims, scale = lhs.dims * rhs.dims, lhs.scale * rhs.scale
                else:
                    dims, scale = lhs.dims / rhs.dims, lhs.scale / rhs.scale
                literal = lhs.literal and rhs.literal
                return _typed(Bin(op, lhs.node, rhs.node), dims, literal, scale)
            case Bin(op="**", left=left, right=right):
                return self._power(node, left, right)
            case Compare(op=op, left=left, right=right):
                lhs, rhs = self.infer(left), self.infer(right)
                _, (a, b) = self._unify([lhs, rhs], node, "compare")
                return Typed(Compare(op, a, b), DIMENSIONLESS)
            case Call(func="if_", args=(test, then, other)):
                condition = self.infer(test)
                branches = [self.infer(then), self.infer(other)]
                anchor, (a, b) = self._unify(branches, node, "choose between")
                chosen = Call("if_", (condition.node, a, b))
                return Typed(chosen, anchor.dims, all(t.literal for t in branches), anchor.scale)
            case Call(func="min" | "max" as func, args=args):
                typed = [self.infer(arg) for arg in args]
                anchor, nodes = self._unify(typed, node, f"take the {func} of")
                literal = all(t.literal for t in typed)
                return Typed(Call(func, tuple(nodes)), anchor.dims, literal, anchor.scale)
            case Call(func="abs", args=(arg,)):
                inner = self.infer(arg)
                return Typed(Call("abs", (inner.node,)), inner.dims, inner.literal, inner.scale)
            case Call(func="round", args=args):
                return self._round(self.infer(args[0]), args[1:])
            case Convert():
                raise UnitError("a formula is typed twice")  # pragma: no cover - internal
        raise UnitError(f"cannot type {node!r}")  # pragma: no cover - the tree is closed

    def _unify(self, typed: list[Typed], node: Node, verb: str) -> tuple[Typed, list[Node]]:
        """The operand whose unit the others take (the first that is not a bare number),
        and every operand converted to it; a bare number is read in its written unit."""
        anchor = next((t for t in typed if not t.literal), typed[0])
        for other in typed:
            if not other.literal and not compatible(other.dims, anchor.dims):
                raise UnitError(
                    f"cannot {verb} {format_dims(anchor.dims)} ({to_text(anchor.node)}) and "
                    f"{format_dims(other.dims)} ({to_text(other.node)}) in {to_text(node)}"
                )
        nodes = [
            convert_to(t, anchor.dims, self.calendar, factor=anchor.scale if t.literal else 1.0)
            for t in typed
        ]
        return anchor, nodes

    def _round(self, inner: Typed, digits: tuple[Node, ...]) -> Typed:
        if inner.scale == 1.0:
            return Typed(Call("round", (inner.node, *digits)), inner.dims, inner.literal)
        # round in the written unit: back from base units, round, and to base units again
        written = Convert(inner.node, 1.0 / inner.scale, (), 1.0)
        rounded = Convert(Call("round", (written, *digits)), inner.scale, (), 1.0)
        return Typed(rounded, inner.dims, inner.literal, inner.scale)

    def _power(self, node: Node, left: Node, right: Node) -> Typed:
        base, exponent = self.infer(left), self.infer(right)
        if exponent.dims != DIMENSIONLESS:
            raise UnitError(
                f"an exponent must be dimensionless, {to_text(right)} is "
                f"{format_dims(exponent.dims)} in {to_text(node)}"
            )
        if base.dims == DIMENSIONLESS:
            return Typed(Bin("**", base.node, exponent.node), DIMENSIONLESS, base.literal)
        if not isinstance(exponent.node, Num):
            raise UnitError(
                f"{to_text(left)} has unit {format_dims(base.dims)}, so its exponent must be a "
                f"number, not {to_text(right)}"
            )
        power = exponent.node.value
        powered = Bin("**", base.node, exponent.node)
        return _typed(powered, base.dims**power, scale=base.scale**power)
