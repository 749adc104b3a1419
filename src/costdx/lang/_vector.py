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
