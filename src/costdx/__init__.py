"""costdx: quantify the cost of a customer's problem, and the value of solving it.

The Diagnose phase of a complex sale turns a customer's dissatisfaction into a figure
their CFO believes: the cost of the problem per year and the cost of every month of
delay. costdx models the case (`Diagnosis`), checks its units and references,
quantifies it, and reports it.

>>> import costdx as cdx
>>> q = cdx.quantify(cdx.load(cdx.example_path()))
>>> q.annual_cost > 0
True
"""

import importlib
from typing import TYPE_CHECKING, Any

from costdx import finance, plot, report, value  # report registers the results' HTML views
from costdx._version import __version__
from costdx.engine import (
    Quantification,
    Simulation,
    case_for,
    compare_bases,
    compare_scenarios,
    quantify,
    score,
    simulate,
    stress,
    stress_scenario,
    tornado,
)
from costdx.errors import (
    CalculationError,
    CaseFileError,
    CaseReferenceError,
    CaseValidationError,
    CostdxError,
    FinanceError,
    FormulaError,
    Issue,
    MissingExtraError,
    OptionError,
    UnitError,
    WorkbookError,
)
from costdx.io import (
    example_path,
    load,
    load_tracking,
    load_value_case,
    read_measurements,
    save,
    schema,
)
from costdx.model import (
    PERT,
    Account,
    Address,
    Bounds,
    Calendar,
    Category,
    Cause,
    Consequence,
    Correlation,
    Criterion,
    Diagnosis,
    Driver,
    InvestmentItem,
    LogNormal90,
    Measurement,
    Normal90,
    Problem,
    Scenario,
    Score,
    Solution,
    Source,
    Stakeholder,
    Symptom,
    Tracking,
    Triangular,
    Uniform,
    ValueCase,
    check,
    evolve,
    for_audience,
)
from costdx.value import (
    Evaluation,
    PriceSolution,
    Realisation,
    Timeline,
    Verdict,
    acceptability,
    decide,
    evaluate,
    flip_weights,
    qualify,
    solve_price,
    track,
    value_of_information,
)

if TYPE_CHECKING:
    from costdx import templates
    from costdx.io import EditedCase, ExcelEdit, apply_excel, read_excel
    from costdx.report.discussion import Discussion, discussion, write_discussion
    from costdx.report.excel import write_excel

# Loaded on first use, not with costdx: the template catalogue, the Excel writer and
# reader and the discussion document (which `benchmarks/bench_import.py` keeps out of the
# cost of ``import costdx``).
_LAZY = {
    "templates": ("costdx", "templates"),
    "write_excel": ("costdx.report.excel", "write_excel"),
    "Discussion": ("costdx.report.discussion", "Discussion"),
    "discussion": ("costdx.report.discussion", "discussion"),
    "write_discussion": ("costdx.report.discussion", "write_discussion"),
    "read_excel": ("costdx.io", "read_excel"),
    "apply_excel": ("costdx.io", "apply_excel"),
    "EditedCase": ("costdx.io", "EditedCase"),
    "ExcelEdit": ("costdx.io", "ExcelEdit"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'costdx' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = (
        importlib.import_module(f"costdx.{attribute}")
        if module == "costdx"
        else getattr(importlib.import_module(module), attribute)
    )
    globals()[name] = value
    return value


__all__ = [
    "PERT",
    "Account",
    "Address",
    "Bounds",
    "CalculationError",
    "Calendar",
    "CaseFileError",
    "CaseReferenceError",
    "CaseValidationError",
    "Category",
    "Cause",
    "Consequence",
    "Correlation",
    "CostdxError",
    "Criterion",
    "Diagnosis",
    "Discussion",
    "Driver",
    "EditedCase",
    "Evaluation",
    "ExcelEdit",
    "FinanceError",
    "FormulaError",
    "InvestmentItem",
    "Issue",
    "LogNormal90",
    "Measurement",
    "MissingExtraError",
    "Normal90",
    "OptionError",
    "PriceSolution",
    "Problem",
    "Quantification",
    "Realisation",
    "Scenario",
    "Score",
    "Simulation",
    "Solution",
    "Source",
    "Stakeholder",
    "Symptom",
    "Timeline",
    "Tracking",
    "Triangular",
    "Uniform",
    "UnitError",
    "ValueCase",
    "Verdict",
    "WorkbookError",
    "__version__",
    "acceptability",
    "apply_excel",
    "case_for",
    "check",
    "compare_bases",
    "compare_scenarios",
    "decide",
    "discussion",
    "evaluate",
    "evolve",
    "example_path",
    "finance",
    "flip_weights",
    "for_audience",
    "load",
    "load_tracking",
    "load_value_case",
    "plot",
    "qualify",
    "quantify",
    "read_excel",
    "read_measurements",
    "report",
    "save",
    "schema",
    "score",
    "simulate",
    "solve_price",
    "stress",
    "stress_scenario",
    "templates",
    "tornado",
    "track",
    "value",
    "value_of_information",
    "write_discussion",
    "write_excel",
]
