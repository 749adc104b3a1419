"""Defined names of the report's input and derived cells.

Every driver's cell is a workbook-level defined name equal to the driver id, so an
Excel formula reads like the costdx formula it came from. Excel (and LibreOffice) refuse
a name that could be read as a cell reference, in A1 style (``abc1``, ``xfd1048576``)
or R1C1 style (``r``, ``c``, ``rc``, ``r2``, ``r1c1``); such an id gets an underscore in
front (``_abc1``). Case ids never start with ``_``, so the fallback cannot clash with
another id, and the report's own names all start with ``_`` and a word followed by a
second ``_`` (``_cal_weeks_per_year``), which no fallback name contains.

>>> excel_name("rate"), excel_name("abc1"), excel_name("r2c3"), excel_name("rc_share")
('rate', '_abc1', '_r2c3', 'rc_share')
>>> calendar_name("weeks_per_year")
'_cal_weeks_per_year'
"""

from __future__ import annotations

import re

__all__ = [
    "DISCOUNT_RATE",
    "MIN_CONFIRMED_SHARE",
    "MIN_COST_TO_PRICE",
    "TARGET_PAYBACK",
    "TARGET_ROI",
    "calendar_name",
    "excel_name",
    "fraction_name",
    "growth_name",
    "investment_name",
    "looks_like_reference",
    "months_to_full_name",
    "ramp_name",
    "risk_name",
    "start_name",
]

_A1 = re.compile(r"^[a-z]{1,3}[0-9]+$")
"""Column letters then a row number: conservatively any 1-3 letters, whatever the size."""
_R1C1 = re.compile(r"^(r[0-9]*(c[0-9]*)?|c[0-9]*)$")
_RESERVED = frozenset({"true", "false"})

DISCOUNT_RATE = "_vc_discount_rate"
"""The name of the value case's discount-rate cell."""
TARGET_ROI = "_vc_target_roi"
"""The ROI the customer requires (the verdict's and the affordable investment's)."""
TARGET_PAYBACK = "_vc_target_payback_months"
"""The payback the customer requires, in months."""
MIN_COST_TO_PRICE = "_vc_min_cost_to_price"
"""The seller's rule: the discounted cost of the problem over the discounted investment."""
MIN_CONFIRMED_SHARE = "_vc_min_confirmed_share"
"""The seller's rule: the least share of the cost resting on confirmed inputs."""


def looks_like_reference(ident: str) -> bool:
    """Whether Excel would read ``ident`` as a cell reference (or a reserved word).

    >>> [looks_like_reference(i) for i in ("a1", "xfd1048576", "r", "rc", "c12", "abcd1")]
    [True, True, True, True, True, False]
    """
    return bool(_A1.match(ident) or _R1C1.match(ident)) or ident in _RESERVED


def excel_name(ident: str) -> str:
    """The defined name of driver ``ident``: the id itself, or ``_`` + id (see above)."""
    return f"_{ident}" if looks_like_reference(ident) else ident


def calendar_name(constant: str) -> str:
    """The defined name of a calendar figure, e.g. ``_cal_weeks_per_year``."""
    return f"_cal_{constant}"


def growth_name(ident: str) -> str:
    """The defined name of driver ``ident``'s annual growth rate, e.g. ``_g_volume``."""
    return f"_g_{ident}"


def fraction_name(solution_number: int, consequence: str) -> str:
    """The defined name of the fraction solution number ``k`` (1-based) removes of a
    consequence, e.g. ``_frac_1_rework``; numbers keep names unique whatever the ids."""
    return f"_frac_{solution_number}_{consequence}"


def risk_name(source: str) -> str:
    """The defined name of the risk adjustment of a source, e.g. ``_risk_benchmark``."""
    return f"_risk_{source}"


def start_name(solution_number: int) -> str:
    """The defined name of solution ``k``'s start month, e.g. ``_start_1``."""
    return f"_start_{solution_number}"


def months_to_full_name(solution_number: int, consequence: str) -> str:
    """The defined name of the months solution ``k`` takes to reach full effect on a
    consequence, e.g. ``_mtf_1_rework``."""
    return f"_mtf_{solution_number}_{consequence}"


def ramp_name(solution_number: int, consequence: str, year: int) -> str:
    """The defined name of the share of full effect solution ``k`` reaches on a
    consequence in its ``year``-th year of operation (1-based), e.g. ``_ramp_1_rework_2``."""
    return f"_ramp_{solution_number}_{consequence}_{year}"


def investment_name(solution_number: int, item: int) -> str:
    """The defined name of the amount of solution ``k``'s ``item``-th investment (1-based),
    e.g. ``_inv_1_2``."""
    return f"_inv_{solution_number}_{item}"
