"""The formula language: parsing under the whitelist, scalar evaluation, Excel and text
rendering, and the agreement of the scalar and vectorised back ends."""

from __future__ import annotations

import builtins
import math
import re
import warnings
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import costdx as cdx
from costdx.errors import FormulaError
from costdx.lang._formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    Bin,
    Call,
    Compare,
    Name,
    Num,
    Unary,
    evaluate,
    names,
    parse,
    round_half_away,
    to_excel,
    to_text,
    walk,
)
from costdx.model._plan import compile_vector

# --- a grammar of random formulas over the names a..e ------------------------------------

NAMES = ("a", "b", "c", "d", "e")


def _wrap(paren: bool, text: str) -> str:
    return f"({text})" if paren else text


_numbers = st.one_of(
    st.integers(0, 20).map(str),
    st.floats(0, 1e3, allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["0", "0.5", "1e-05", "2.5", "1_000"]),
)
_leaves = st.one_of(st.sampled_from(NAMES), _numbers)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.builds(
        lambda left, op, right, pl, pr: f"{_wrap(pl, left)} {op} {_wrap(pr, right)}",
        children,
        st.sampled_from(["+", "-", "*", "/", "**"]),
        children,
        st.booleans(),
        st.booleans(),
    )
    negate = st.builds(lambda x, paren: f"-{_wrap(paren, x)}", children, st.booleans())
    min_max = st.builds(
        lambda func, args: f"{func}({', '.join(args)})",
        st.sampled_from(["min", "max"]),
        st.lists(children, min_size=1, max_size=3),
    )
    absolute = children.map(lambda x: f"abs({x})")
    rounded = st.builds(
        lambda x, k: f"round({x})" if k is None else f"round({x}, {k})",
        children,
        st.one_of(st.none(), st.integers(-3, 4)),
    )
    choice = st.builds(
        lambda left, cmp, right, then, other: f"if_({left} {cmp} {right}, {then}, {other})",
        children,
        st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
        children,
        children,
        children,
    )
    # Powers and negation get extra weight: their precedence is where Excel and Python differ.
    power = st.builds(
        lambda left, right, pl, pr: f"{_wrap(pl, left)} ** {_wrap(pr, right)}",
        children,
        children,
        st.booleans(),
        st.booleans(),
    )
    return st.one_of(binary, power, negate, power, negate, min_max, absolute, rounded, choice)


formulas = st.recursive(_leaves, _extend, max_leaves=12)
# Small trees over small whole numbers keep powers of powers and negated powers finite and
# distinct, which is where Excel's precedence differs from Python's.
small_formulas = st.recursive(
    st.one_of(st.sampled_from(NAMES), st.sampled_from(["2", "3", "0.5"])), _extend, max_leaves=5
)
_values = st.one_of(
    # small magnitudes keep powers of powers finite, so they are compared
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, -2.5, 1.5]),
    st.floats(-10, 10, allow_nan=False, allow_infinity=False),
    st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
)
environments = st.lists(
    st.fixed_dictionaries(dict.fromkeys(NAMES, _values)), min_size=1, max_size=8
)
small_environments = st.lists(
    st.fixed_dictionaries(
        dict.fromkeys(NAMES, st.sampled_from([-3.0, -2.0, -1.5, -1.0, 0.5, 1.0, 2.0, 3.0]))
    ),
    min_size=1,
    max_size=4,
)


# --- parsing --------------------------------------------------------------------------


def test_parse_builds_costdx_tree() -> None:
    assert parse("2 * x") == Bin("*", Num(2.0), Name("x"))
    # unary plus is dropped, a negated literal folds into the number
    assert parse("+x") == Name("x")
    assert parse("-3") == Num(-3.0)
    assert parse("-x") == Unary(Name("x"))
    # Python precedence: ** binds tighter than unary minus, and is right-associative
    assert parse("-x ** 2") == Unary(Bin("**", Name("x"), Num(2.0)))
    assert parse("a ** b ** c") == Bin("**", Name("a"), Bin("**", Name("b"), Name("c")))
    assert parse("if_(a <= b, 1, c)") == Call(
        "if_", (Compare("<=", Name("a"), Name("b")), Num(1.0), Name("c"))
    )


def test_parse_accepts_surrounding_whitespace_and_number_forms() -> None:
    assert parse("  x\n") == Name("x")
    assert parse("1_000") == Num(1000.0)
    assert parse(".5") == Num(0.5)
    assert parse("2e3") == Num(2000.0)


def test_names_lists_driver_ids_only() -> None:
    tree = parse("max(hours_per_week, 2) * rate + if_(a > b, c, 0) - round(d, 1)")
    assert names(tree) == {"hours_per_week", "rate", "a", "b", "c", "d"}


def test_parse_rejects_non_text() -> None:
    with pytest.raises(FormulaError, match="must be text, not int"):
        parse(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "phrase", "position"),
    [
        ("__import__('os').system('ls')", "only costdx's functions can be called", 0),
        ("__import__('os')", "unknown function '__import__'", 0),
        ("x.real", "attribute access is not allowed", 0),
        ("rate[0]", "indexing is not allowed", 0),
        ("lambda: 1", "lambda is not allowed", 0),
        ("min(a, key=b)", "min() takes no keyword arguments", 0),
        ("foo(a)", "unknown function 'foo'; the functions are abs, if_, max, min, round", 0),
        ("a // b", "operator '//' is not allowed", 0),
        ("a % b", "operator '%' is not allowed", 0),
        ("a and b", "'and'/'or' are not allowed; use if_", 0),
        ("a if b else c", "use if_(c, x, y)", 0),
        ("'text'", "only numbers are allowed", 0),
        ("True", "only numbers are allowed, not True", 0),
        ("1j", "only numbers are allowed", 0),
        ("a < b", "a comparison is only allowed as the condition of if_", 0),
        ("if_(a, 1, 2)", "the first argument of if_ must be a comparison", 4),
        ("if_(a < b < c, 1, 2)", "chained comparisons are not allowed", 4),
        ("if_(a < b, 1)", "if_() takes 3 arguments, got 2", 0),
        ("abs(a, b)", "abs() takes 1 arguments, got 2", 0),
        ("min()", "min() takes 1 to 255 arguments, got 0", 0),
        ("round(a, b)", "round's digits must be a whole number", 9),
        ("round(a, 1.5)", "round's digits must be a whole number", 9),
        ("x + min", "'min' is a function; call it as min(...)", 4),
        ("Rate * 2", "'Rate' is not a driver id", 0),
        ("[a, b]", "lists are not allowed", 0),
        ("(x := 1)", "assignment is not allowed", 1),
        ("min(*a)", "star-arguments are not allowed", 4),
        ("a.b()", "only costdx's functions can be called", 0),
        ("a +", "syntax error", None),
        ("1e400", "number is too large", 0),
        ("1" + "0" * 400, "number is too large", 0),
    ],
)
def test_parse_rejects_outside_the_language(text: str, phrase: str, position: int | None) -> None:
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert phrase in str(info.value)
    assert info.value.formula == text
    if position is not None:
        assert info.value.position == position


def test_error_points_at_the_offending_part() -> None:
    with pytest.raises(FormulaError) as info:
        parse("rate * hours.total")
    # "rate * " is 7 characters: the attribute access starts at offset 7
    assert info.value.position == 7
    assert "rate * hours.total\n         ^" in str(info.value)


def test_limits_length_and_depth() -> None:
    long = "a + " * 1000 + "a"  # 4001 characters
    assert len(long) == MAX_LENGTH + 1
    with pytest.raises(FormulaError, match="4001 characters long; the limit is 4000"):
        parse(long)
    with pytest.raises(FormulaError, match="4000"):
        parse("(" * 100_000 + "a" + ")" * 100_000)
    # 1,000 nested parentheses fit in 4,000 characters but not in the parser
    with pytest.raises(FormulaError, match="too many nested parentheses"):
        parse("(" * 1000 + "a" + ")" * 1000)
    with pytest.raises(FormulaError, match=f"more than {MAX_DEPTH} levels deep"):
        parse("abs(" * (MAX_DEPTH + 5) + "a" + ")" * (MAX_DEPTH + 5))
    with pytest.raises(FormulaError, match="nests too deeply or cannot be read"):
        parse("-" * 3000 + "a")


def test_python_syntax_warnings_do_not_leak() -> None:
    # "1and 2" makes Python warn "invalid decimal literal"; the FormulaError is enough
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FormulaError, match="'and'/'or' are not allowed"):
            parse("1and 2")


def test_empty_and_nul_formulas() -> None:
    with pytest.raises(FormulaError, match="formula is empty"):
        parse("   ")
    with pytest.raises(FormulaError, match="NUL character"):
        parse("a\x00b")


def test_import_payload_is_never_run(tmp_path: Path) -> None:
    flag = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {flag}')"
    with pytest.raises(FormulaError):
        parse(payload)
    assert not flag.exists()


_TOKENS = [
    *"abcxyz_.()[]{}'\"0123456789+-*/%<>=!,:;@ \\",
    *("__import__", "lambda", "os", "system", "min", "if_", "**", "__class__", "exec"),
]
_formulaish = st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), st.text(st.characters(), max_size=20), _formulaish))
@example("__import__('os').system('touch X')")
@example("().__class__.__bases__[0].__subclasses__()")
@example("lambda: exec('1')")
@example("\ud800")
def test_random_text_parses_or_raises_formula_error_and_runs_nothing(text: str) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the formula parser reached eval/exec")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "eval", forbidden)
        patch.setattr(builtins, "exec", forbidden)
        try:
            tree = parse(text)
        except FormulaError:
            return
    # What parses is in the language: costdx's own nodes, driver ids, whitelisted calls.
    for node in walk(tree):
        assert isinstance(node, Num | Name | Unary | Bin | Compare | Call)
        if isinstance(node, Name):
            assert re.fullmatch(r"[a-z][a-z0-9_]*", node.id)
        if isinstance(node, Call):
            assert node.func in {"min", "max", "abs", "round", "if_"}


# --- scalar evaluation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        # 2 + 3 × 4² = 2 + 48 = 50
        ("2 + 3 * 4 ** 2", {}, 50.0),
        # -(2²) = -4 (Python: ** binds tighter than unary minus)
        ("-2 ** 2", {}, -4.0),
        ("(-2) ** 2", {}, 4.0),
        # right-associative: 2^(3^2) = 2^9 = 512
        ("2 ** 3 ** 2", {}, 512.0),
        # 10 - 4 - 3 = 3 (left-associative)
        ("a - b - c", {"a": 10.0, "b": 4.0, "c": 3.0}, 3.0),
        # 24 / 4 / 2 = 3
        ("a / b / c", {"a": 24.0, "b": 4.0, "c": 2.0}, 3.0),
        ("min(a, b, 7)", {"a": 9.0, "b": 8.0}, 7.0),
        ("max(a, b, 7)", {"a": 9.0, "b": 8.0}, 9.0),
        ("abs(a - b)", {"a": 3.0, "b": 8.0}, 5.0),
        ("if_(a > b, a, b)", {"a": 3.0, "b": 8.0}, 8.0),
        ("if_(a >= 3, 1, 2)", {"a": 3.0}, 1.0),
        ("if_(a < 3, 1, 2)", {"a": 3.0}, 2.0),
        ("if_(a <= 3, 1, 2)", {"a": 3.0}, 1.0),
        ("if_(a == 3, 1, 2)", {"a": 3.0}, 1.0),
        ("if_(a != 3, 1, 2)", {"a": 3.0}, 2.0),
        # round halves away from zero, as Excel's ROUND does
        ("round(a)", {"a": 2.5}, 3.0),
        ("round(a)", {"a": -2.5}, -3.0),
        ("round(a)", {"a": 0.5}, 1.0),
        ("round(a)", {"a": 1.5}, 2.0),
        ("round(a, 2)", {"a": 1234.5678}, 1234.57),
        ("round(a, -2)", {"a": 1250.0}, 1300.0),
        ("round(a, -2)", {"a": -1249.0}, -1200.0),
        # the largest double below one half rounds down, not up
        # a spreadsheet sees 0.500000000000000 at 15 significant digits, and rounds it up
        ("round(a)", {"a": 0.49999999999999994}, 1.0),
        # 1.9 × 1.5 is 2.8499999999999996 in binary, 2.85 at 15 digits: ROUND(…, 1) = 2.9
        ("round(a * 1.5, 1)", {"a": 1.9}, 2.9),
        # a huge value has no digits left to round
        ("round(a, 10)", {"a": 1e300}, 1e300),
        ("round(a, 400)", {"a": 1.25}, 1.25),
        ("round(a, -400)", {"a": 1.25e300}, 0.0),
    ],
)
def test_evaluate_by_hand(text: str, env: dict[str, float], expected: float) -> None:
    assert evaluate(parse(text), env) == pytest.approx(expected, rel=1e-15)


def test_round_half_away_is_symmetric() -> None:
    assert round_half_away(2.5) == 3.0
    assert round_half_away(-2.5) == -3.0
    assert round_half_away(-0.4) == 0.0
    assert math.isnan(round_half_away(math.nan))
    assert round_half_away(-math.inf) == -math.inf
    # 2**52 + 1 is already whole; adding 0.5 would round it to the even 2**52 + 2
    assert round_half_away(4503599627370497.0) == 4503599627370497.0


def test_division_by_zero_follows_ieee_instead_of_raising() -> None:
    assert evaluate(parse("a / b"), {"a": 1.0, "b": 0.0}) == math.inf
    assert evaluate(parse("a / b"), {"a": -1.0, "b": 0.0}) == -math.inf
    assert math.isnan(evaluate(parse("a / b"), {"a": 0.0, "b": 0.0}))
    assert evaluate(parse("b ** -1"), {"b": 0.0}) == math.inf
    assert math.isnan(evaluate(parse("a ** 0.5"), {"a": -4.0}))
    assert evaluate(parse("10 ** a"), {"a": 400.0}) == math.inf


def test_min_max_propagate_nan_whatever_the_order() -> None:
    for text in ("min(a, b)", "min(b, a)", "max(a, b)", "max(b, a)"):
        assert math.isnan(evaluate(parse(text), {"a": math.nan, "b": 1.0}))


# --- text and Excel rendering ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excel"),
    [
        ("a ** b", "a^b"),
        ("-x ** 2", "-(x^2)"),
        ("(-x) ** 2", "(-x)^2"),
        ("(-2) ** 2", "(-2)^2"),
        ("2 ** -x", "2^(-x)"),
        ("a ** b ** c", "a^(b^c)"),
        ("(a ** b) ** c", "(a^b)^c"),
        ("a - (b - c)", "a-(b-c)"),
        ("a - b - c", "a-b-c"),
        ("a / (b * c)", "a/(b*c)"),
        ("a - -b", "a-(-b)"),
        ("--a", "-(-a)"),
        ("-a * b", "-a*b"),
        ("(a + b) ** 2", "(a+b)^2"),
        ("if_(a != b, 1, 0)", "IF(a<>b,1,0)"),
        ("if_(a == b, c, d)", "IF(a=b,c,d)"),
        ("round(x)", "ROUND(x,0)"),
        ("round(x, -2)", "ROUND(x,-2)"),
        ("min(a, abs(b))", "MIN(a,ABS(b))"),
        ("0.1 * a", "0.1*a"),
        ("1e-07 * a", "1E-07*a"),
    ],
)
def test_to_excel(text: str, excel: str) -> None:
    assert to_excel(parse(text)) == excel


def test_to_excel_maps_names_to_cells() -> None:
    cells = {"hours": "Inputs!$C$4", "rate": "Inputs!$C$5"}
    assert to_excel(parse("hours * rate * 52"), cells.__getitem__) == "Inputs!$C$4*Inputs!$C$5*52"


def test_to_text_round_trips_through_parse() -> None:
    for text in ("(a + b) * c ** 2", "-(x ** 2) + if_(a >= b, a, b)", "a - (b - c)"):
        tree = parse(text)
        assert parse(to_text(tree)) == tree
    assert to_text(parse("(a+b)*c ** 2")) == "(a + b) * c ** 2"


# --- an independent evaluator of Excel formula text -----------------------------------

_TOKEN = re.compile(
    r"\s*(?:(\d+(?:\.\d*)?(?:E[+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|<>|[-+*/^(),<>=]))"
)
_EXCEL_CMP = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_EXCEL_LEVEL = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 3}


class ExcelEvaluator:
    """Excel's grammar, written from its documented precedence: negation binds tighter
    than ``^``; ``^``, ``* /`` and ``+ -`` are all left-associative; comparisons last.
    Arithmetic is IEEE (numpy) so only the structure of the formula is under test."""

    def __init__(self, text: str, env: dict[str, float]) -> None:
        self.tokens: list[tuple[str, Any]] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            assert match is not None
            assert match.end() > pos, text[pos:]
            number, name, op = match.groups()
            if number:
                self.tokens.append(("num", float(number)))
            else:
                self.tokens.append(("name", name) if name else ("op", op))
            pos = match.end()
        self.i = 0
        self.env = env

    def peek(self) -> tuple[str, Any]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", None)

    def take(self) -> tuple[str, Any]:
        token = self.peek()
        self.i += 1
        return token

    def run(self) -> float:
        value = self.comparison()
        assert self.peek() == ("end", None)
        return value

    def comparison(self) -> float:
        left = self.binary(1)
        kind, op = self.peek()
        if kind == "op" and op in _EXCEL_CMP:
            self.take()
            return 1.0 if _EXCEL_CMP[op](left, self.binary(1)) else 0.0
        return left

    def binary(self, level: int) -> float:
        left = self.negation()
        while True:
            kind, op = self.peek()
            if kind != "op" or op not in _EXCEL_LEVEL or _EXCEL_LEVEL[op] < level:
                return left
            self.take()
            right = self.binary(_EXCEL_LEVEL[op] + 1)  # left-associative, ^ included
            with np.errstate(all="ignore"):
                a, b = np.float64(left), np.float64(right)
                result = {"+": a + b, "-": a - b, "*": a * b, "/": a / b}.get(op)
                left = float(np.power(a, b) if result is None else result)

    def negation(self) -> float:
        if self.peek() == ("op", "-"):
            self.take()
            return -self.negation()
        return self.atom()

    def atom(self) -> float:
        kind, value = self.take()
        if kind == "num":
            return float(value)
        if (kind, value) == ("op", "("):
            inner = self.comparison()
            assert self.take() == ("op", ")")
            return inner
        assert kind == "name"
        if self.peek() != ("op", "("):
            return float(self.env[value])
        self.take()
        args = [self.comparison()]
        while self.peek() == ("op", ","):
            self.take()
            args.append(self.comparison())
        assert self.take() == ("op", ")")
        return self.call(value, args)

    @staticmethod
    def call(func: str, args: list[float]) -> float:
        if func == "IF":
            return args[1] if args[0] else args[2]
        if func in ("MIN", "MAX"):
            if any(math.isnan(a) for a in args):
                return math.nan
            return min(args) if func == "MIN" else max(args)
        if func == "ABS":
            return abs(args[0])
        assert func == "ROUND"
        x, digits = args
        if not math.isfinite(x):
            return x
        scale = 10.0 ** int(digits)
        whole = Decimal(abs(x) * scale).to_integral_value(ROUND_HALF_UP)
        return math.copysign(float(whole) / scale, x)


def test_excel_evaluator_follows_excel_precedence() -> None:
    # Excel: -3^2 = (-3)^2 = 9; 2^3^2 = (2^3)^2 = 64; 1-2-3 = -4; 2*3^2 = 18
    assert ExcelEvaluator("-a^2", {"a": 3.0}).run() == 9.0
    assert ExcelEvaluator("2^3^2", {}).run() == 64.0
    assert ExcelEvaluator("1-2-3", {}).run() == -4.0
    assert ExcelEvaluator("2*3^2", {}).run() == 18.0
    assert ExcelEvaluator("IF(1+1=2,ROUND(2.5,0),0)", {}).run() == 3.0


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_formulas, formulas), st.one_of(small_environments, environments))
@example("-a ** 2", [dict.fromkeys(NAMES, 3.0)])
@example("a ** b ** c", [{"a": 2.0, "b": 3.0, "c": 2.0, "d": 0.0, "e": 0.0}])
@example("-(a - b) ** -c", [{"a": 1.0, "b": 3.0, "c": 2.0, "d": 0.0, "e": 0.0}])
def test_excel_rendering_evaluates_like_the_tree(text: str, rows: list[dict[str, float]]) -> None:
    tree = parse(text)
    excel = to_excel(tree)
    for env in rows:
        want = evaluate(tree, env)
        if not math.isfinite(want):
            continue
        got = ExcelEvaluator(excel, env).run()
        assert got == pytest.approx(want, rel=1e-12, abs=1e-300), (text, excel, env)


def _small_trees() -> list[str]:
    leaves = ["a", "b", "c", "2"]
    ops = ["+", "-", "*", "/", "**"]
    one = [f"({x}) {op} ({y})" for op in ops for x in leaves for y in leaves]
    one += [f"-({x})" for x in leaves]
    two = [f"({x}) {op} ({y})" for op in ops for x in one for y in leaves]
    two += [f"({x}) {op} ({y})" for op in ops for x in leaves for y in one]
    two += [f"-({x})" for x in one]
    return one + two


def test_excel_rendering_of_every_tree_of_two_operations() -> None:
    # Every tree with up to two operations (+ - * / ** and negation) over a, b, c and 2,
    # written fully parenthesised; the rendering drops the parentheses Excel does not need.
    envs = [
        {"a": 2.0, "b": 3.0, "c": 2.0},
        {"a": -2.0, "b": 3.0, "c": -1.5},
        {"a": 0.5, "b": -3.0, "c": 4.0},
    ]
    trees = _small_trees()
    # one operation: 5 × 4 × 4 + 4 = 84; two: 5 × 84 × 4 × 2 + 84 = 3,444
    assert len(trees) == 84 + 3444
    for text in trees:
        tree = parse(text)
        excel = to_excel(tree)
        for env in envs:
            want = evaluate(tree, env)
            if math.isfinite(want):
                got = ExcelEvaluator(excel, env).run()
                assert got == pytest.approx(want, rel=1e-12), (text, excel, env)


# --- the scalar and vectorised back ends agree ----------------------------------------


def _assert_agree(scalar: np.ndarray, vector: np.ndarray) -> None:
    both = np.isfinite(scalar) & np.isfinite(vector)
    np.testing.assert_allclose(vector[both], scalar[both], rtol=1e-12)
    # and they are non-finite in the same places, with the same infinities
    np.testing.assert_array_equal(np.isnan(scalar), np.isnan(vector))
    np.testing.assert_array_equal(np.isinf(scalar), np.isinf(vector))
    infinite = np.isinf(scalar)
    np.testing.assert_array_equal(scalar[infinite], vector[infinite])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formulas, environments)
@example("round(a, 2) + round(-b)", [dict.fromkeys(NAMES, 2.675), dict.fromkeys(NAMES, -2.5)])
@example("a / b", [dict.fromkeys(NAMES, 0.0), {**dict.fromkeys(NAMES, -1.0), "b": 0.0}])
# 0.0 and -0.0 are equal; both back ends keep the later, so 1 / min(0.0, -0.0) is -inf
@example("min(a / min(b, c))", [{**dict.fromkeys(NAMES, 0.0), "a": 1.0, "c": -0.0}])
def test_vectorised_and_scalar_back_ends_agree(text: str, rows: list[dict[str, float]]) -> None:
    tree = parse(text)
    scalar = np.array([evaluate(tree, env) for env in rows])
    arrays = {n: np.array([env[n] for env in rows]) for n in NAMES}
    with np.errstate(all="ignore"):
        result = compile_vector(tree)(arrays)
    vector = np.broadcast_to(np.asarray(result, dtype=float), scalar.shape)
    _assert_agree(scalar, vector)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formulas, environments)
def test_plan_back_ends_agree_on_a_case(text: str, rows: list[dict[str, float]]) -> None:
    # The formula as a derived driver in percent over the drivers a..e (a in percent, so
    # the plan holds unit conversions), times money per month (annualised by 12).
    case = cdx.Diagnosis(
        account=cdx.Account(name="T"),
        drivers=[
            cdx.Driver(id="a", value=1.0, unit="percent"),
            *(cdx.Driver(id=n, value=1.0) for n in NAMES[1:]),
            cdx.Driver(id="k", formula=text, unit="percent"),
            cdx.Driver(id="money", value=1.0, unit="USD/month"),
        ],
        problems=[
            cdx.Problem(
                id="p",
                title="P",
                symptoms=[cdx.Symptom(id="s")],
                consequences=[cdx.Consequence(id="cost", formula="k * money")],
            )
        ],
    )
    plan = case.plan
    scalar = np.array([plan.evaluate({**env, "money": 1.0})["cost"] for env in rows])
    arrays = {n: np.array([env[n] for env in rows]) for n in NAMES}
    vector = np.broadcast_to(
        np.asarray(plan.evaluate_arrays({**arrays, "money": 1.0})["cost"], dtype=float),
        scalar.shape,
    )
    _assert_agree(scalar, vector)


def test_non_ascii_look_alikes_are_refused_not_folded() -> None:
    # Python's parser would fold the full-width "ｘ" (U+FF58) into the driver id "x"
    with pytest.raises(FormulaError) as info:
        parse("2 * \uff58")
    assert info.value.position == 4
    assert "plain ASCII" in str(info.value)
