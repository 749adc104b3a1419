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

from costdx import finance, plot, templates, value
from costdx._version import __version__
from costdx.engine.quantify import Quantification, compare_bases, quantify
from costdx.engine.sensitivity import compare_scenarios, stress, stress_scenario, tornado
from costdx.engine.simulate import Simulation, simulate
from costdx.errors import (
    CaseFileError,
    CaseReferenceError,
    CaseValidationError,
    CostdxError,
    FinanceError,
    FormulaError,
    Issue,
    UnitError,
)
from costdx.io.excel import EditedCase, ExcelEdit, WorkbookError, read_excel, write_excel
from costdx.io.files import example_path, load, load_value_case, save, schema
from costdx.model.base import evolve
from costdx.model.case import (
    Account,
    Bounds,
    Calendar,
    Category,
    Cause,
    Consequence,
    Correlation,
    Diagnosis,
    Driver,
    Problem,
    Scenario,
    Source,
    Stakeholder,
    Symptom,
)
from costdx.model.estimates import PERT, LogNormal90, Normal90, Triangular, Uniform
from costdx.model.value import Address, InvestmentItem, Solution, ValueCase
from costdx.value.evaluate import Evaluation, evaluate
from costdx.value.qualify import Verdict, qualify

__all__ = [
    "PERT",
    "Account",
    "Address",
    "Bounds",
    "Calendar",
    "CaseFileError",
    "CaseReferenceError",
    "CaseValidationError",
    "Category",
    "Cause",
    "Consequence",
    "Correlation",
    "CostdxError",
    "Diagnosis",
    "Driver",
    "EditedCase",
    "Evaluation",
    "ExcelEdit",
    "FinanceError",
    "FormulaError",
    "InvestmentItem",
    "Issue",
    "LogNormal90",
    "Normal90",
    "Problem",
    "Quantification",
    "Scenario",
    "Simulation",
    "Solution",
    "Source",
    "Stakeholder",
    "Symptom",
    "Triangular",
    "Uniform",
    "UnitError",
    "ValueCase",
    "Verdict",
    "WorkbookError",
    "__version__",
    "compare_bases",
    "compare_scenarios",
    "evaluate",
    "evolve",
    "example_path",
    "finance",
    "load",
    "load_value_case",
    "plot",
    "qualify",
    "quantify",
    "read_excel",
    "save",
    "schema",
    "simulate",
    "stress",
    "stress_scenario",
    "templates",
    "tornado",
    "value",
    "write_excel",
]
