"""Plots of costdx's results (matplotlib, an optional extra): ``import costdx.plot``.

The public home of `costdx.report.plot`; see there for each plot.
"""

from costdx.report.plot import (
    cash_flows,
    histogram,
    realisation,
    tornado,
    value_of_information,
    waterfall,
)

__all__ = [
    "cash_flows",
    "histogram",
    "realisation",
    "tornado",
    "value_of_information",
    "waterfall",
]
