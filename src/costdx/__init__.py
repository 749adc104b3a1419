"""costdx: quantify the cost of a customer's problem, and the value of solving it.

The Diagnose phase of a complex sale turns a customer's dissatisfaction into a figure
their CFO believes: the cost of the problem per year and the cost of every month of
delay. costdx models the case (:class:`Diagnosis`), checks its units and references,
quantifies it, and reports it.

>>> import costdx as cdx
>>> q = cdx.quantify(cdx.load(cdx.example_path()))
>>> q.annual_cost > 0
True
"""

from costdx._version import __version__
from costdx.engine.quantify import Quantification, compare_bases, quantify
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
from costdx.io.files import example_path, load, save, schema
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

__all__ = [
    "PERT",
    "Account",
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
    "FinanceError",
    "FormulaError",
    "Issue",
    "LogNormal90",
    "Normal90",
    "Problem",
    "Quantification",
    "Scenario",
    "Source",
    "Stakeholder",
    "Symptom",
    "Triangular",
    "Uniform",
    "UnitError",
    "__version__",
    "compare_bases",
    "evolve",
    "example_path",
    "load",
    "quantify",
    "save",
    "schema",
]
