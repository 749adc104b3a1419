"""Capital and risk templates: working capital, inventory, compliance, security."""

from __future__ import annotations

from costdx.model import Cause, Symptom
from costdx.templates._model import Template
from costdx.templates._parts import (
    _BREACH_GUIDANCE,
    _CAPITAL_GUIDANCE,
    _PENALTY_GUIDANCE,
    CAPITAL,
    RISK,
    SIG_CARRYING_COST,
    _calc,
    _cons,
    _in,
    _problem,
)


def _days_sales_outstanding() -> Template:
    name = "days_sales_outstanding"
    title = "Slow collections (days sales outstanding)"
    return Template(
        name=name,
        title=title,
        category=CAPITAL,
        drivers=(
            _in("annual_revenue", "Annual sales on credit", "{currency}/year"),
            _in("dso", "Days sales outstanding, current", "day"),
            _in("dso_target", "DSO achievable (payment terms, peers)", "day"),
            _in(
                "cost_of_capital",
                "Cost of capital (WACC or borrowing rate)",
                "percent/year",
                guidance=_CAPITAL_GUIDANCE,
            ),
            _calc(
                "excess_receivables",
                "Receivables above target: capital tied up",
                "annual_revenue * max(dso - dso_target, 0)",
                "{currency}",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Customers pay later than they should. The receivables above target are capital "
            "tied up, which costs the cost of capital every year.",
            (
                Symptom(
                    id="dso_gap",
                    description="DSO above payment terms and peers",
                    metric="dso",
                    target="dso_target",
                ),
            ),
            (
                Cause(
                    id="invoice_errors",
                    description="Invoices go out late or wrong, and disputes hold payment",
                ),
                Cause(id="late_dunning", description="Overdue accounts are chased late"),
            ),
            (
                _cons(
                    "receivables_financing",
                    "Financing the excess receivables",
                    "excess_receivables * cost_of_capital",
                    CAPITAL,
                    ("invoice_errors", "late_dunning"),
                ),
            ),
        ),
    )


def _excess_inventory() -> Template:
    name = "excess_inventory"
    title = "Excess inventory"
    return Template(
        name=name,
        title=title,
        category=CAPITAL,
        drivers=(
            _in("inventory_value", "Average inventory value", "{currency}"),
            _in(
                "inventory_target", "Inventory needed for the service level (target)", "{currency}"
            ),
            _in(
                "carrying_cost_rate",
                "Annual carrying cost, share of inventory value",
                "percent/year",
                hi=100.0,
                typical=SIG_CARRYING_COST,
            ),
            _calc(
                "excess_inventory_value",
                "Inventory above target: capital tied up",
                "max(inventory_value - inventory_target, 0)",
                "{currency}",
            ),
        ),
        problem=_problem(
            name,
            title,
            "More stock is held than the service level needs. It ties up capital and costs "
            "storage, insurance, shrinkage and obsolescence every year.",
            (
                Symptom(
                    id="inventory_gap",
                    description="Inventory above what the service level needs",
                    metric="inventory_value",
                    target="inventory_target",
                ),
            ),
            (
                Cause(id="rule_of_thumb_stock", description="Safety stocks set by rule of thumb"),
                Cause(
                    id="slow_movers", description="Slow-moving and obsolete stock is not cleared"
                ),
            ),
            (
                _cons(
                    "inventory_carrying_cost",
                    "Carrying the excess inventory",
                    "excess_inventory_value * carrying_cost_rate",
                    CAPITAL,
                    ("rule_of_thumb_stock", "slow_movers"),
                ),
            ),
        ),
    )


def _compliance_penalty_risk() -> Template:
    name = "compliance_penalty_risk"
    title = "Compliance penalty risk"
    return Template(
        name=name,
        title=title,
        category=RISK,
        drivers=(
            _in(
                "penalty_probability",
                "Probability of a penalty in a year",
                "percent/year",
                hi=100.0,
            ),
            _in(
                "penalty_amount",
                "Penalty if it happens",
                "{currency}",
                guidance=_PENALTY_GUIDANCE,
            ),
            _in(
                "remediation_cost",
                "Remediation after a finding (legal, audits, fixes)",
                "{currency}",
            ),
        ),
        problem=_problem(
            name,
            title,
            "A control gap exposes the customer to a regulatory penalty. The exposure is the "
            "probability of a penalty in a year times what it would cost.",
            (Symptom(id="control_gaps", description="Open audit findings or known control gaps"),),
            (
                Cause(id="manual_controls", description="Controls are manual and undocumented"),
                Cause(id="regulation_change", description="Rules changed; processes did not"),
            ),
            (
                _cons(
                    "penalty_exposure",
                    "Expected penalties",
                    "penalty_probability * penalty_amount",
                    RISK,
                    ("manual_controls", "regulation_change"),
                ),
                _cons(
                    "remediation_exposure",
                    "Expected remediation",
                    "penalty_probability * remediation_cost",
                    RISK,
                    ("manual_controls", "regulation_change"),
                ),
            ),
        ),
    )


def _security_incident_risk() -> Template:
    name = "security_incident_risk"
    title = "Security incident risk"
    return Template(
        name=name,
        title=title,
        category=RISK,
        drivers=(
            _in(
                "incidents_per_year",
                "Expected material incidents per year (once in five years is 0.2)",
                "incident/year",
            ),
            _in(
                "cost_per_incident",
                "Direct cost of one incident (response, recovery, notification, legal, fines)",
                "{currency}/incident",
                guidance=_BREACH_GUIDANCE,
            ),
            _in(
                "outage_hours_per_incident",
                "Business hours disrupted per incident",
                "hour/incident",
            ),
            _in("outage_cost_per_hour", "Cost of an hour of disruption", "{currency}/hour"),
        ),
        problem=_problem(
            name,
            title,
            "A security incident would cost response, recovery and disruption. The annualised "
            "loss expectancy is the expected incidents per year times the cost of one.",
            (
                Symptom(
                    id="security_exposure",
                    description="Unpatched systems, audit or pen-test findings, near misses",
                ),
            ),
            (
                Cause(id="unpatched_systems", description="Known vulnerabilities stay open"),
                Cause(id="late_detection", description="Intrusions are detected late"),
            ),
            (
                _cons(
                    "incident_cost_exposure",
                    "Expected incident costs",
                    "incidents_per_year * cost_per_incident",
                    RISK,
                    ("unpatched_systems", "late_detection"),
                ),
                _cons(
                    "incident_outage_exposure",
                    "Expected disruption",
                    "incidents_per_year * outage_hours_per_incident * outage_cost_per_hour",
                    RISK,
                    ("unpatched_systems", "late_detection"),
                ),
            ),
        ),
    )
