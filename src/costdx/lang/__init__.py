"""The formula language and its units: parse, type-check, evaluate, vectorise, render.

One typed tree per formula (`parse`), three back ends: scalars (`evaluate`), numpy
arrays (`compile_vector`) and Excel (`to_excel`). Units and the business calendar
(`parse_unit`, `UnitChecker`) make the conversions explicit nodes of the tree. This floor
knows nothing of cases: it imports only `costdx.errors`.

>>> from costdx.lang import evaluate, parse, to_excel
>>> tree = parse("hours * rate * 52")
>>> evaluate(tree, {"hours": 10.0, "rate": 80.0}), to_excel(tree)
(41600.0, 'hours*rate*52')
"""

from costdx.lang._dimensions import Typed, UnitChecker, convert_to
from costdx.lang._formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    Bin,
    Call,
    Compare,
    Convert,
    Name,
    Node,
    Num,
    Unary,
    evaluate,
    excel_number,
    factors,
    names,
    parse,
    round_half_away,
    to_excel,
    to_text,
)
from costdx.lang._units import (
    CALENDAR_CONSTANTS,
    CALENDAR_UNITS,
    COUNTED_UNITS,
    CURRENCIES,
    DIMENSIONLESS,
    ParsedUnit,
    calendar_terms,
    calendar_value,
    compatible,
    currencies_in,
    currency_dims,
    ensure_counted,
    format_dims,
    parse_unit,
    per_year_dims,
    power_of,
    time_exponent,
)
from costdx.lang._vector import VectorFn, compile_vector

__all__ = [
    "CALENDAR_CONSTANTS",
    "CALENDAR_UNITS",
    "COUNTED_UNITS",
    "CURRENCIES",
    "DIMENSIONLESS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Bin",
    "Call",
    "Compare",
    "Convert",
    "Name",
    "Node",
    "Num",
    "ParsedUnit",
    "Typed",
    "Unary",
    "UnitChecker",
    "VectorFn",
    "calendar_terms",
    "calendar_value",
    "compatible",
    "compile_vector",
    "convert_to",
    "currencies_in",
    "currency_dims",
    "ensure_counted",
    "evaluate",
    "excel_number",
    "factors",
    "format_dims",
    "names",
    "parse",
    "parse_unit",
    "per_year_dims",
    "power_of",
    "round_half_away",
    "time_exponent",
    "to_excel",
    "to_text",
]
