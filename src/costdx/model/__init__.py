"""What a case *is*: the vocabulary, the estimates, the diagnosis, the value case.

Every model is a frozen pydantic model that forbids unknown keys and reports every problem
at once in one `CaseValidationError`. A `Diagnosis` checks itself across the whole case
(ids, references, cycles, units) and compiles itself into a `Plan` when it is built; the
floors above (engine, value, report) read the plan, never the other way round.
"""

from costdx.model._base import Id, Model, attribute_docs, evolve, issues_from_pydantic
from costdx.model._case import SCHEMA_VERSION, Diagnosis
from costdx.model._check import MAX_SUGGESTIONS, RESERVED_IDS, CaseParts, override_issues, suggest
from costdx.model._check import check as compile_case
from costdx.model._criteria import (
    METRICS,
    SCORE_SCALE,
    Criterion,
    Direction,
    Metric,
    Score,
    criteria_issues,
)
from costdx.model._data import AUDIENCES, Audience, case_data, for_audience
from costdx.model._estimates import (
    FIGURES,
    PERT,
    Z95,
    Estimate,
    LogNormal90,
    Normal90,
    Triangular,
    Uniform,
    ValueSpec,
    figure_problem,
    point_of,
)
from costdx.model._origin import Origin, locate, origin_of, tie
from costdx.model._plan import ConsequenceStep, DerivedStep, Kind, Plan
from costdx.model._plausible import CHECKS, Limits, check, correlation_problem
from costdx.model._rates import PERCENT_PATTERN, percent_text, written_as_percent
from costdx.model._scenarios import (
    Basis,
    check_basis,
    driver_spec,
    point_values,
    replaced_drivers,
    resolve_scenario,
)
from costdx.model._terms import (
    Account,
    Bounds,
    Calendar,
    Category,
    Cause,
    Consequence,
    Correlation,
    Driver,
    Problem,
    Scenario,
    Source,
    Stakeholder,
    Symptom,
    Text,
)
from costdx.model._value import (
    DO_NOTHING,
    MIN_DISCOUNT_RATE,
    Address,
    InvestmentItem,
    Solution,
    ValueCase,
)

__all__ = [
    "AUDIENCES",
    "CHECKS",
    "DO_NOTHING",
    "FIGURES",
    "MAX_SUGGESTIONS",
    "METRICS",
    "MIN_DISCOUNT_RATE",
    "PERCENT_PATTERN",
    "PERT",
    "RESERVED_IDS",
    "SCHEMA_VERSION",
    "SCORE_SCALE",
    "Z95",
    "Account",
    "Address",
    "Audience",
    "Basis",
    "Bounds",
    "Calendar",
    "CaseParts",
    "Category",
    "Cause",
    "Consequence",
    "ConsequenceStep",
    "Correlation",
    "Criterion",
    "DerivedStep",
    "Diagnosis",
    "Direction",
    "Driver",
    "Estimate",
    "Id",
    "InvestmentItem",
    "Kind",
    "Limits",
    "LogNormal90",
    "Metric",
    "Model",
    "Normal90",
    "Origin",
    "Plan",
    "Problem",
    "Scenario",
    "Score",
    "Solution",
    "Source",
    "Stakeholder",
    "Symptom",
    "Text",
    "Triangular",
    "Uniform",
    "ValueCase",
    "ValueSpec",
    "attribute_docs",
    "case_data",
    "check",
    "check_basis",
    "compile_case",
    "correlation_problem",
    "criteria_issues",
    "driver_spec",
    "evolve",
    "figure_problem",
    "for_audience",
    "issues_from_pydantic",
    "locate",
    "origin_of",
    "override_issues",
    "percent_text",
    "point_of",
    "point_values",
    "replaced_drivers",
    "resolve_scenario",
    "suggest",
    "tie",
    "written_as_percent",
]
