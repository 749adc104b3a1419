"""The numpy back end of the formula tree: one compiled function per typed tree.

`compile_vector` turns a tree into a function of an environment of floats or numpy
arrays; every operation is a numpy ufunc, so one call evaluates every sample (or every
account) at once, and the result agrees with the scalar back end
(`costdx.lang.evaluate`) element by element.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

import numpy as np

from costdx.lang._formula import (
    Bin,
    Call,
    Compare,
    Convert,
    Name,
    Node,
    Num,
    Unary,
    round_half_away,
)

__all__ = ["VectorFn", "compile_vector"]

VectorFn: TypeAlias = Callable[[Mapping[str, Any]], Any]


def _round(value: Any, digits: int) -> Any:
    # Exactly round_half_away, elementwise: ROUND is rare in cost
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

    The functions call numpy ufuncs, so one call evaluates every sample at once. An
    operation whose operand is an array the function itself just made (not one of the
    environment's) writes its result over that operand instead of a new array, so
    ``a * b * c * 12`` makes one array, not three; the values are the same.
    """
    return _compile(node)[0]


def _fresh(node: Node) -> bool:
    """Whether the node's value, when it is an array, is one its function just made."""
    match node:
        case Num() | Name():
            return False
        case Call(func="min" | "max", args=(only,)):
            return _fresh(only)
    return True


def _writable(value: Any, other: Any) -> bool:
    """Whether ``value`` (a fresh array) can take the result of an operation with
    ``other``: float64, and already of the broadcast shape."""
    return (
        isinstance(value, np.ndarray)
        and value.dtype == np.float64
        and np.ndim(other) <= value.ndim
        and value.shape == np.broadcast_shapes(value.shape, np.shape(other))
    )


def _binary(fn: Any, lhs: VectorFn, rhs: VectorFn, *, into: str | None) -> VectorFn:
    """``fn(lhs, rhs)``, written over the fresh operand ``into`` when it can take it."""
    if into == "left":

        def left(env: Mapping[str, Any]) -> Any:
            a, b = lhs(env), rhs(env)
            return fn(a, b, out=a) if _writable(a, b) else fn(a, b)

        return left
    if into == "right":

        def right(env: Mapping[str, Any]) -> Any:
            a, b = lhs(env), rhs(env)
            return fn(a, b, out=b) if _writable(b, a) else fn(a, b)

        return right
    return lambda env: fn(lhs(env), rhs(env))


def _compile(node: Node) -> tuple[VectorFn, bool]:
    fresh = _fresh(node)
    match node:
        case Num(value=value):
            return (lambda env: value), False
        case Name(id=ident):
            return (lambda env: env[ident]), False
        case Unary(operand=operand):
            inner, owned = _compile(operand)
            if owned:
                return (lambda env: _negate_fresh(inner(env))), fresh
            return (lambda env: np.negative(inner(env))), fresh
        case Convert(operand=operand):
            inner, owned = _compile(operand)
            total = node.total
            return _binary(
                np.multiply, inner, lambda env: total, into="left" if owned else None
            ), fresh
        case Bin(op=op, left=left, right=right):
            (lhs, lown), (rhs, rown) = _compile(left), _compile(right)
            into = "left" if lown else ("right" if rown else None)
            return _binary(_VECTOR_BIN[op], lhs, rhs, into=into), fresh
        case Compare(op=op, left=left, right=right):
            fn, lhs, rhs = _VECTOR_CMP[op], compile_vector(left), compile_vector(right)
            return (lambda env: fn(lhs(env), rhs(env))), fresh
        case Call(func="if_", args=(test, then, other)):
            cond, a, b = compile_vector(test), compile_vector(then), compile_vector(other)
            return (lambda env: _where(cond(env), a(env), b(env))), fresh
        case Call(func="min" | "max" as func, args=args):
            fns = [compile_vector(arg) for arg in args]
            pick = np.minimum if func == "min" else np.maximum

            def reduce(env: Mapping[str, Any]) -> Any:
                result = fns[0](env)
                for fn_ in fns[1:]:
                    result = pick(result, fn_(env))
                return result

            return reduce, fresh
        case Call(func="abs", args=(arg,)):
            inner = compile_vector(arg)
            return (lambda env: np.abs(inner(env))), fresh
        case Call(func="round", args=args):
            inner = compile_vector(args[0])
            digits = int(args[1].value) if len(args) == 2 and isinstance(args[1], Num) else 0
            return (lambda env: _round(inner(env), digits)), fresh
    raise TypeError(f"cannot compile {node!r}")  # pragma: no cover - the tree is closed


def _negate_fresh(value: Any) -> Any:
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        return np.negative(value, out=value)
    return np.negative(value)


def _where(cond: Any, a: Any, b: Any) -> Any:
    result = np.where(cond, a, b)
    return float(result) if result.ndim == 0 else result
