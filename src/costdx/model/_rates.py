"""Rates, shares and fractions of a value case: a fraction (``0.08``) or a percentage
string (``"8%"``), never a bare number that is really a percentage.

One file mixes two conventions: a ``percent`` driver's 5 means 5 %, while the value case's
discount rate, fractions, ramps, risk adjustments and targets are fractions. A bare
number above 1 in such a field is almost always a percentage written without its sign,
so it is refused with the fix in the message (``discount_rate = 9: write 0.09 or
"9%"``); a percentage string says what it means and is read as written.

>>> percent_text("8%"), percent_text("12.5 %"), percent_text("0.08")
(0.08, 0.125, None)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "CODES",
    "DISCOUNT_RATE",
    "GROWTH",
    "MIN_DISCOUNT_RATE",
    "PERCENT_PATTERN",
    "SHARE",
    "TARGET_ROI",
    "percent_figures",
    "percent_text",
    "written_as_percent",
]

PERCENT_PATTERN = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*%\s*$"
"""A percentage string: a number followed by ``%`` (``"8%"``, ``"12.5 %"``, ``"-3%"``)."""
_PERCENT = re.compile(PERCENT_PATTERN)
CODES = frozenset({"not_a_fraction", "out_of_range"})
"""The reason codes of these fields' errors."""
MIN_DISCOUNT_RATE = -0.5
"""The lowest discount rate a value case takes. Negative rates happen (a few percent
below zero); near -100 % the discount factor ``1 / (1 + r)^t`` explodes (at -99.99999 %
a year-3 benefit counts 10^21 times), which is no finance team's rate but a typing slip."""


def percent_text(value: Any) -> float | None:
    """The fraction a percentage string stands for (``"8%"`` → 0.08), else ``None``."""
    if not isinstance(value, str) or not _PERCENT.match(value):
        return None
    return float(value.strip()[:-1].strip()) / 100


def written_as_percent(fraction: float) -> str | None:
    """``fraction`` as a percentage string that reads back exactly, or ``None``.

    >>> written_as_percent(0.095), written_as_percent(0.08), written_as_percent(1 / 3)
    ('9.5%', '8%', None)
    """
    number = float(f"{fraction * 100:.12g}")
    text = f"{int(number)}%" if number.is_integer() else f"{number!r}%"
    return text if percent_text(text) == fraction else None


def _pct(value: float) -> str:
    return f"{value * 100:,.10g}%"


def _fix(value: float) -> str:
    return f'for {value:.10g}% write {value / 100:.10g} or "{value:.10g}%"'


def _rate(
    *,
    low: float,
    high: float | None,
    low_open: bool = False,
    bare_max: float | None = None,
    what: str,
) -> Callable[[Any], Any]:
    """A before-validator: percentage strings become fractions; a bare number above
    ``bare_max`` is refused with the fix; the result must lie in ``low`` … ``high``."""

    def check(value: Any) -> Any:
        fraction = percent_text(value)
        if fraction is None:
            if isinstance(value, bool):
                raise PydanticCustomError("float_type", "must be a number")
            if not isinstance(value, int | float):
                return value  # pydantic's own number check words the error
            if bare_max is not None and value > bare_max:
                raise PydanticCustomError(
                    "not_a_fraction",
                    "{value} would be {shown}; {fix} ({what} is a fraction, or a percentage "
                    "in quotes)",
                    {"value": f"{value:g}", "shown": _pct(value), "fix": _fix(value), "what": what},
                )
            fraction = float(value)
        too_low = fraction <= low if low_open else fraction < low
        if too_low or (high is not None and fraction > high):
            if high is None:
                span = f"{'>' if low_open else '>='} {low * 100:g}%"
            else:
                span = f"{'(' if low_open else '['}{low * 100:g}%, {high * 100:g}%]"
            raise PydanticCustomError(
                "out_of_range",
                "{given} is outside {span}",
                {"given": value if isinstance(value, str) else _pct(fraction), "span": span},
            )
        return fraction

    return check


def _percent_or_number(description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": PERCENT_PATTERN}],
            "description": description,
        }
    )


SHARE = Annotated[
    float,
    BeforeValidator(_rate(low=0.0, high=1.0, bare_max=1.0, what="a share")),
    _percent_or_number('A share from 0 to 1, or a percentage such as "80%".'),
]
"""A share of the whole: 0 to 1, or ``"0%"`` to ``"100%"``."""

DISCOUNT_RATE = Annotated[
    float,
    BeforeValidator(_rate(low=MIN_DISCOUNT_RATE, high=1.0, bare_max=1.0, what="the discount rate")),
    _percent_or_number('The yearly discount rate, 0.08 or "8%".'),
]
"""The discount rate a year: from `MIN_DISCOUNT_RATE` (-50 %) to 100 %."""

TARGET_ROI = Annotated[
    float,
    BeforeValidator(_rate(low=-1.0, high=None, low_open=True, bare_max=10.0, what="the ROI")),
    _percent_or_number('The ROI the customer requires: 1.0 or "100%"; above 10 only as "1500%".'),
]
"""A target ROI: above -100 %; a bare number at most 10 (1,000 %), larger only as a
percentage string."""

GROWTH = Annotated[
    float,
    BeforeValidator(_rate(low=-1.0, high=10.0, low_open=True, what="growth")),
    _percent_or_number('Annual growth: 0.03 or "3%".'),
]
"""Annual growth: above -100 %, at most 1,000 %."""


def percent_figures(value: Any) -> Any:
    """A fraction field's number or estimate with percentage strings read as fractions
    (``"60%"``, ``{dist = "pert", low = "30%", ...}``); anything else as it is."""
    fraction = percent_text(value)
    if fraction is not None:
        return fraction
    if isinstance(value, dict):
        return {k: f if (f := percent_text(v)) is not None else v for k, v in value.items()}
    return value
