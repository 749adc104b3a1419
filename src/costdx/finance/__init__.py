"""Excel-compatible, vectorised finance functions: NPV, XNPV, IRR, XIRR, PMT, PV, FV, payback.

Each function is named after its spreadsheet counterpart and behaves like a NumPy ufunc:
scalars in give a Python ``float`` out, arrays broadcast, and a 2-D cash-flow array is one
cash flow per row (time along the last axis), so a Monte Carlo run is valued in one call.
Bad input raises `costdx.errors.FinanceError`.
"""

from costdx.finance._irr import IRRArrayResult, IRRResult, IRRStatus, irr, xirr
from costdx.finance._payback import payback
from costdx.finance._tvm import fv, npv, pmt, pv, xnpv

__all__ = [
    "IRRArrayResult",
    "IRRResult",
    "IRRStatus",
    "fv",
    "irr",
    "npv",
    "payback",
    "pmt",
    "pv",
    "xirr",
    "xnpv",
]
