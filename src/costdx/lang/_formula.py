"""The formula language: a small, safe expression language parsed into costdx's own tree.

A formula is numbers, driver ids, ``+ - * / **``, parentheses, unary minus and a closed
list of functions: ``min``, ``max``, ``abs``, ``round`` and ``if_(condition, a, b)`` whose
condition is one comparison (``< <= > >= == !=``). Text is parsed with `ast` and
converted node by node under a whitelist into the frozen dataclasses below; nothing is
ever ``eval``'d or ``exec``'d, and anything outside the whitelist raises
`FormulaError` naming its position.

One tree has three back ends: `evaluate` (Python floats), the vectorised numpy
evaluation in `costdx.model._plan`, and `to_excel` (an Excel formula over named
cells).

>>> tree = parse("hours_per_week * 52 * rate")
>>> sorted(names(tree))
['hours_per_week', 'rate']
>>> evaluate(tree, {"hours_per_week": 8.0, "rate": 80.0})
33280.0
>>> to_excel(parse("-x ** 2 + if_(a >= b, a, b)"))
'-(x^2)+IF(a>=b,a,b)'
"""

from __future__ import annotations

import ast
import math
import operator
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal, TypeAlias

from costdx.errors import FormulaError

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Bin",
    "Call",
    "Compare",
    "Convert",
    "Name",
    "Node",
    "Num",
    "Unary",
    "evaluate",
    "factors",
    "names",
    "parse",
    "to_excel",
    "to_text",
]

MAX_LENGTH = 4000
"""Longest formula accepted, in characters."""
MAX_DEPTH = 120
"""Deepest nesting of operations accepted."""

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

BinOp: TypeAlias = Literal["+", "-", "*", "/", "**"]
CmpOp: TypeAlias = Literal["<", "<=", ">", ">=", "==", "!="]
FuncName: TypeAlias = Literal["min", "max", "abs", "round", "if_"]


@dataclass(frozen=True, slots=True)
class Num:
    """A number literal."""

    value: float


@dataclass(frozen=True, slots=True)
class Name:
    """A reference to a driver by id."""

    id: str


@dataclass(frozen=True, slots=True)
class Unary:
    """Unary minus (unary plus is dropped by the parser)."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Bin:
    """A binary arithmetic operation."""

    op: BinOp
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare:
    """One comparison; only valid as the condition of ``if_``."""

    op: CmpOp
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    """A call of one of the whitelisted functions."""

    func: FuncName
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Convert:
    """A unit conversion inserted by the unit checker: ``operand × factor × Π calendar^exp``.

    ``calendar`` holds ``(constant_name, exponent)`` pairs naming calendar figures such as
    ``weeks_per_year``; ``calendar_value`` is their product for the case's calendar, so
    the numeric back ends need not look them up.
    """

    operand: Node
    factor: float
    calendar: tuple[tuple[str, int], ...]
    calendar_value: float

    @property
    def total(self) -> float:
        """The whole multiplier, ``factor × calendar_value``."""
        return self.factor * self.calendar_value


Node: TypeAlias = Num | Name | Unary | Bin | Compare | Call | Convert

_BINOPS: dict[type[ast.operator], BinOp] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_CMPOPS: dict[type[ast.cmpop], CmpOp] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_ARITY: dict[str, tuple[int, int]] = {
    "min": (1, 255),
    "max": (1, 255),
    "abs": (1, 1),
    "round": (1, 2),
    "if_": (3, 3),
}
_FORBIDDEN_HINTS: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "indexing is not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.BoolOp: "'and'/'or' are not allowed; use if_",
    ast.IfExp: "'x if c else y' is not allowed; use if_(c, x, y)",
    ast.Dict: "dictionaries are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Set: "sets are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.NamedExpr: "assignment is not allowed",
    ast.Starred: "star-arguments are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Await: "await is not allowed",
}


def parse(text: str) -> Node:
    """Parse a formula into costdx's tree.

    Parameters
    ----------
    text:
        The formula, e.g. ``"incidents_per_month * hours_per_incident * rate"``.

    Raises
    ------
    FormulaError
        For anything outside the language, with the position of the offending part.

    Examples
    --------
    >>> parse("2 * x")
    Bin(op='*', left=Num(value=2.0), right=Name(id='x'))
    """
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, not {type(text).__name__}")
    return _parse_cached(text)


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> Node:
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"formula is {len(text)} characters long; the limit is {MAX_LENGTH}",
            formula=text[:80] + "...",
        )
    if not text.strip():
        raise FormulaError("formula is empty", formula=text)
    if "\x00" in text:
        raise FormulaError("formula contains a NUL character", formula=text.replace("\x00", "?"))
    foreign = next((i for i, ch in enumerate(text) if not ch.isascii()), None)
    if foreign is not None:
        # Python folds look-alikes such as a full-width "ｘ" into "x"; a formula must say
        # exactly which driver it means, so anything outside ASCII is refused.
        raise FormulaError(
            f"character {text[foreign]!r} is not allowed (formulas are plain ASCII)",
            formula=text,
            position=foreign,
        )
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    try:
        with warnings.catch_warnings():
            # Python warns about text such as "1and"; the FormulaError says what is wrong.
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        position = offset + max((exc.offset or 1) - 1, 0)
        reason = exc.msg or "invalid syntax"
        raise FormulaError(f"syntax error: {reason}", formula=text, position=position) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula nests too deeply or cannot be read", formula=text) from None
    return _Converter(text, offset).convert(tree.body, 0)


class _Converter:
    """Turns a Python AST into costdx nodes under the whitelist."""

    def __init__(self, text: str, offset: int) -> None:
        self.text = text
        self.offset = offset

    def fail(self, message: str, node: ast.AST) -> FormulaError:
        col = getattr(node, "col_offset", None)
        position = None if col is None else self.offset + col
        return FormulaError(message, formula=self.text, position=position)

    def convert(self, node: ast.expr, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(f"formula nests more than {MAX_DEPTH} levels deep", node)
        match node:
            case ast.Constant(value=value):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise self.fail(f"only numbers are allowed, not {value!r}", node)
                try:
                    number = float(value)
                except OverflowError:  # an int literal beyond the float range
                    number = math.inf
                if not math.isfinite(number):
                    raise self.fail("number is too large", node)
                return Num(number)
            case ast.Name(id=ident):
                if ident in _ARITY:
                    raise self.fail(f"{ident!r} is a function; call it as {ident}(...)", node)
                if not ID_PATTERN.match(ident):
                    raise self.fail(
                        f"{ident!r} is not a driver id (lower-case letters, digits, _)", node
                    )
                return Name(ident)
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                inner = self.convert(operand, depth + 1)
                if isinstance(inner, Num):
                    return Num(-inner.value)
                return Unary(inner)
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return self.convert(operand, depth + 1)
            case ast.BinOp(op=op, left=left, right=right):
                symbol = _BINOPS.get(type(op))
                if symbol is None:
                    raise self.fail(f"operator {_op_text(op)!r} is not allowed", node)
                return Bin(symbol, self.convert(left, depth + 1), self.convert(right, depth + 1))
            case ast.Call(func=ast.Name(id=func), args=args, keywords=keywords):
                return self.call(node, func, args, keywords, depth)
            case ast.Call():
                raise self.fail("only costdx's functions can be called", node)
            case ast.Compare():
                raise self.fail("a comparison is only allowed as the condition of if_", node)
        hint = next(
            (text for kind, text in _FORBIDDEN_HINTS.items() if isinstance(node, kind)),
            f"{type(node).__name__} is not part of the formula language",
        )
        raise self.fail(hint, node)

    def call(
        self,
        node: ast.Call,
        func: str,
        args: list[ast.expr],
        keywords: list[ast.keyword],
        depth: int,
    ) -> Node:
        if func not in _ARITY:
            allowed = ", ".join(sorted(_ARITY))
            raise self.fail(f"unknown function {func!r}; the functions are {allowed}", node)
        if keywords:
            raise self.fail(f"{func}() takes no keyword arguments", node)
        low, high = _ARITY[func]
        if not low <= len(args) <= high:
            expected = str(low) if low == high else f"{low} to {high}"
            raise self.fail(f"{func}() takes {expected} arguments, got {len(args)}", node)
        if func == "if_":
            condition = args[0]
            if not isinstance(condition, ast.Compare):
                raise self.fail("the first argument of if_ must be a comparison", condition)
            if len(condition.ops) != 1:
                raise self.fail("chained comparisons are not allowed", condition)
            cmp = _CMPOPS.get(type(condition.ops[0]))
            if cmp is None:
                raise self.fail("only < <= > >= == != comparisons are allowed", condition)
            test = Compare(
                cmp,
                self.convert(condition.left, depth + 2),
                self.convert(condition.comparators[0], depth + 2),
            )
            return Call(
                "if_",
                (test, self.convert(args[1], depth + 1), self.convert(args[2], depth + 1)),
            )
        converted = tuple(self.convert(arg, depth + 1) for arg in args)
        if func == "round" and len(converted) == 2:
            digits = converted[1]
            if not (isinstance(digits, Num) and digits.value.is_integer()):
                raise self.fail("round's digits must be a whole number", args[1])
        name: FuncName = func  # type: ignore[assignment]  # membership checked above
        return Call(name, converted)


def _op_text(op: ast.operator) -> str:
    return {
        ast.FloorDiv: "//",
        ast.Mod: "%",
        ast.MatMult: "@",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.BitXor: "^",
        ast.LShift: "<<",
        ast.RShift: ">>",
    }.get(type(op), type(op).__name__)


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        match current:
            case Unary(operand=operand) | Convert(operand=operand):
                stack.append(operand)
            case Bin(left=left, right=right) | Compare(left=left, right=right):
                stack.extend((right, left))
            case Call(args=args):
                stack.extend(reversed(args))


def names(node: Node) -> set[str]:
    """The driver ids a formula refers to."""
    return {n.id for n in walk(node) if isinstance(n, Name)}


def factors(node: Node) -> dict[str, int]:
    """The drivers a formula multiplies together, with their powers: the names at the top
    of its product (``a * b / c`` → ``{a: 1, b: 1, c: -1}``). Numbers, signs and unit
    conversions are looked through; a sum, call or power inside the product is a factor
    of its own and is not listed.

    >>> factors(parse("2 * hours * rate / -staff"))
    {'hours': 1, 'rate': 1, 'staff': -1}
    """
    found: dict[str, int] = {}

    def visit(current: Node, power: int) -> None:
        match current:
            case Name(id=ident):
                found[ident] = found.get(ident, 0) + power
            case Bin(op="*" | "/" as op, left=left, right=right):
                visit(left, power)
                visit(right, power if op == "*" else -power)
            case Unary(operand=operand) | Convert(operand=operand):
                visit(operand, power)

    visit(node, 1)
    return {ident: power for ident, power in found.items() if power}


# --- scalar evaluation -------------------------------------------------------------------


SIGNIFICANT_DIGITS = 15
"""Spreadsheets compute on doubles but round what they show: 15 significant digits."""


def round_half_away(value: float, digits: int = 0) -> float:
    """Round as Excel's ROUND does: halves away from zero, on the 15 significant digits a
    spreadsheet shows (Python's ``round`` rounds halves to even, on the binary value).

    ``1.9 * 1.5`` is 2.8499999999999996 in binary but 2.85 to 15 digits, so Excel,
    LibreOffice and costdx all round it to 2.9.

    >>> round_half_away(2.5), round_half_away(-2.5), round_half_away(1.005 * 1000, -1)
    (3.0, -3.0, 1010.0)
    >>> round_half_away(1.9 * 1.5, 1), round_half_away(0.49999999999999994)
    (2.9, 1.0)
    >>> round_half_away(1e300, 10), round_half_away(4503599627370497.0)
    (1e+300, 4503599627370497.0)
    """
    if not math.isfinite(value) or value == 0.0:
        return value
    shown = Decimal(f"{value:.15g}")
    leading = shown.adjusted()  # the power of ten of the leading digit
    if digits >= SIGNIFICANT_DIGITS - 1 - leading:  # no shown digit to round away
        return value
    if -digits > leading + 1:  # rounding to a power of ten above the value's magnitude
        return math.copysign(0.0, value)
    rounded = shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return math.copysign(float(rounded), value)


def _div(a: float, b: float) -> float:
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _pow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        return math.inf if a > 0 or (b.is_integer() and int(b) % 2 == 0) else -math.inf
    except ValueError:
        if a == 0.0 and b < 0:
            return math.inf
        return math.nan


_SCALAR_BIN: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _div,
    "**": _pow,
}
_SCALAR_CMP: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def evaluate(node: Node, env: Mapping[str, float]) -> float:
    """Evaluate a tree on scalars.

    Division by zero gives ``inf`` or ``nan`` as IEEE 754 (and numpy) do, rather than
    raising, so the scalar and vectorised back ends agree; callers check finiteness.

    >>> evaluate(parse("max(a, 2) / 4"), {"a": 10.0})
    2.5
    """
    match node:
        case Num(value=value):
            return value
        case Name(id=ident):
            return float(env[ident])
        case Unary(operand=operand):
            return -evaluate(operand, env)
        case Convert(operand=operand):
            return evaluate(operand, env) * node.total
        case Bin(op=op, left=left, right=right):
            return _SCALAR_BIN[op](evaluate(left, env), evaluate(right, env))
        case Compare(op=op, left=left, right=right):
            return 1.0 if _SCALAR_CMP[op](evaluate(left, env), evaluate(right, env)) else 0.0
        case Call(func="if_", args=(test, then, other)):
            return evaluate(then, env) if evaluate(test, env) else evaluate(other, env)
        case Call(func="min", args=args):
            return _nan_or(operator.lt, [evaluate(a, env) for a in args])
        case Call(func="max", args=args):
            return _nan_or(operator.gt, [evaluate(a, env) for a in args])
        case Call(func="abs", args=(arg,)):
            return abs(evaluate(arg, env))
        case Call(func="round", args=args):
            digits = int(evaluate(args[1], env)) if len(args) == 2 else 0
            return round_half_away(evaluate(args[0], env), digits)
    raise FormulaError(f"cannot evaluate {node!r}")  # pragma: no cover - the tree is closed


def _nan_or(before: Callable[[float, float], bool], values: list[float]) -> float:
    """min (``before`` is ``<``) or max (``>``) as numpy's minimum and maximum reduce: NaN
    if any value is NaN, and of two equal values the later — which tells 0.0 from -0.0,
    and so the sign of ``1 / min(b, c)`` (Python's min keeps the earlier)."""
    if any(math.isnan(v) for v in values):
        return math.nan
    result = values[0]
    for value in values[1:]:
        result = result if before(result, value) else value
    return result


# --- Excel rendering ---------------------------------------------------------------------

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 3}
_EXCEL_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}
_EXCEL_FUNC = {"min": "MIN", "max": "MAX", "abs": "ABS", "round": "ROUND", "if_": "IF"}


def excel_number(value: float) -> str:
    """A number as Excel formula text, exactly round-tripping the float.

    >>> excel_number(52.0), excel_number(0.1), excel_number(1e-07)
    ('52', '0.1', '1E-07')
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value).upper()


def to_text(node: Node, name_of: Callable[[str], str] = str) -> str:
    """Render a tree back as formula text, unit conversions shown as ``×`` factors.

    >>> to_text(parse("(a+b)*c ** 2"))
    '(a + b) * c ** 2'
    """
    return _render(node, name_of, str, text=True)


def to_excel(
    node: Node,
    name_of: Callable[[str], str] = str,
    *,
    calendar_name: Callable[[str], str] = str,
    cell_scale: Callable[[str], float] | None = None,
) -> str:
    """Render a tree as an Excel formula (without the leading ``=``).

    ``**`` becomes ``^``, ``if_`` becomes ``IF``, comparisons use ``=`` and ``<>``, and a
    `Convert` becomes a product with named calendar constants. Operands are
    parenthesised wherever Excel's rules differ from Python's: Excel's unary minus binds
    tighter than ``^`` and its ``^`` is left-associative.

    Parameters
    ----------
    name_of:
        Maps a driver id to the defined name of its cell.
    calendar_name:
        Maps a calendar figure (``weeks_per_year``) to the defined name of its cell.
    cell_scale:
        Maps a driver id to what its cell holds per unit of its value: 0.01 for a
        ``percent`` driver whose cell holds the fraction (3.2 % as 0.032). A conversion
        of such a driver divides by it, so the ``*0.01`` that turns a percentage into a
        fraction is left out where the cell already holds the fraction.

    >>> to_excel(parse("a ** b ** 2 / (c - d)"))
    'a^(b^2)/(c-d)'
    >>> to_excel(Convert(Name("share"), 0.01, (), 1.0), cell_scale=lambda _: 0.01)
    'share'
    """
    return _render(_scaled(node, cell_scale) if cell_scale else node, name_of, calendar_name,
                   text=False)  # fmt: skip


def _scaled(node: Node, cell_scale: Callable[[str], float]) -> Node:
    """``node`` reading each named cell as it holds its driver (``cell_scale``), with
    back-to-back conversions folded into one and conversions by 1 left out."""
    match node:
        case Name(id=ident):
            scale = cell_scale(ident)
            return node if scale == 1.0 else Convert(node, 1.0 / scale, (), 1.0)
        case Convert(
            operand=Name(id=ident) as name, factor=factor, calendar=calendar, calendar_value=value
        ):
            folded = factor / cell_scale(ident)
            if folded == 1.0 and not calendar:
                return name
            return Convert(name, folded, calendar, value)
        case Convert(operand=operand, factor=factor, calendar=calendar, calendar_value=value):
            inner = _scaled(operand, cell_scale)
            if isinstance(inner, Convert) and not calendar and not inner.calendar:
                factor *= inner.factor
                inner = inner.operand
            if factor == 1.0 and not calendar:
                return inner
            return Convert(inner, factor, calendar, value)
        case Unary(operand=operand):
            return Unary(_scaled(operand, cell_scale))
        case Bin(op=op, left=left, right=right):
            return Bin(op, _scaled(left, cell_scale), _scaled(right, cell_scale))
        case Compare(op=op, left=left, right=right):
            return Compare(op, _scaled(left, cell_scale), _scaled(right, cell_scale))
        case Call(func=func, args=args):
            return Call(func, tuple(_scaled(a, cell_scale) for a in args))
    return node


def _render(
    node: Node, name_of: Callable[[str], str], cal: Callable[[str], str], *, text: bool
) -> str:
    match node:
        case Num(value=value):
            digits = excel_number(abs(value))
            return f"-{digits}" if math.copysign(1.0, value) < 0 else digits
        case Name(id=ident):
            return name_of(ident)
        case Unary(operand=operand):
            inner = _render(operand, name_of, cal, text=text)
            return f"-{inner}" if _atomic(operand) else f"-({inner})"
        case Convert(operand=operand, factor=factor, calendar=calendar):
            parts = [_wrap(operand, 2, name_of, cal, right=False, text=text)]
            divisor = _divisor(factor)
            if factor != 1.0 and divisor is None:
                parts.append(excel_number(factor) if factor > 0 else f"({excel_number(factor)})")
            numerator = [cal(c) if e == 1 else f"{cal(c)}^{e}" for c, e in calendar if e > 0]
            denominator = [cal(c) if e == -1 else f"{cal(c)}^{-e}" for c, e in calendar if e < 0]
            if text:
                numerator = [c if e == 1 else f"{c} ** {e}" for c, e in calendar if e > 0]
                denominator = [c if e == -1 else f"{c} ** {-e}" for c, e in calendar if e < 0]
            if divisor is not None:
                denominator.insert(0, str(divisor))
            if text:
                joined = " × ".join(parts + numerator)
                return joined + "".join(f" / {d}" for d in denominator)
            joined = "*".join(parts + numerator)
            return joined + "".join(f"/{d}" for d in denominator)
        case Bin(op=op, left=left, right=right):
            level = _PRECEDENCE[op]
            lhs = _wrap(left, level, name_of, cal, right=False, power=op == "**", text=text)
            rhs = _wrap(right, level, name_of, cal, right=True, power=op == "**", text=text)
            if text:
                return f"{lhs} {op} {rhs}"
            return f"{lhs}{'^' if op == '**' else op}{rhs}"
        case Compare(op=op, left=left, right=right):
            lhs = _render(left, name_of, cal, text=text)
            rhs = _render(right, name_of, cal, text=text)
            return f"{lhs} {op} {rhs}" if text else f"{lhs}{_EXCEL_CMP[op]}{rhs}"
        case Call(func=func, args=args):
            rendered = [_render(a, name_of, cal, text=text) for a in args]
            if text:
                return f"{func}({', '.join(rendered)})"
            if func == "round" and len(rendered) == 1:
                rendered.append("0")
            return f"{_EXCEL_FUNC[func]}({','.join(rendered)})"
    raise FormulaError(f"cannot render {node!r}")  # pragma: no cover - the tree is closed


def _divisor(factor: float) -> int | None:
    """``n`` when ``factor`` is ``1/n`` for a whole ``n`` ≥ 2 (minutes to hours: 60), so
    the conversion reads ``/60`` rather than ``*0.016666666666666666``.

    >>> _divisor(1 / 60), _divisor(0.01), _divisor(0.3), _divisor(100.0)
    (60, 100, None, None)
    """
    if not 0 < factor < 1:
        return None
    n = round(1 / factor)
    return n if n >= 2 and math.isclose(n * factor, 1.0, rel_tol=1e-12) else None


def _atomic(node: Node) -> bool:
    return isinstance(node, Name | Call) or (isinstance(node, Num) and node.value >= 0)


def _wrap(
    node: Node,
    level: int,
    name_of: Callable[[str], str],
    cal: Callable[[str], str],
    *,
    right: bool,
    power: bool = False,
    text: bool,
) -> str:
    rendered = _render(node, name_of, cal, text=text)
    if _atomic(node):
        return rendered
    if isinstance(node, Unary | Num):
        # A leading minus may open a sum or product as it is; anywhere else it gets brackets.
        return f"({rendered})" if right or power or level > 2 else rendered
    child = 2 if isinstance(node, Convert) else _PRECEDENCE[node.op] if isinstance(node, Bin) else 0
    if child < level or (child == level and (right or power)):
        return f"({rendered})"
    return rendered
