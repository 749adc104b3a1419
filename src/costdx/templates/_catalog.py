"""The problem templates shipped with costdx.

Rules every template keeps (and ``tests/test_templates.py`` checks):

* no invented figures: a driver's value is the user's, unless a `TypicalRange`
  cites a real public source and says what it says; a ``guidance`` text that holds a
  number names its publication and URL;
* formulas are unit-checked: each consequence reduces to ``{currency}/time``;
* a gap between a current value and a target is taken with ``max(current - target, 0)``,
  so a customer already at target costs nothing; no formula divides by a driver, so a
  starter case full of zeros quantifies to zero;
* every bound includes 0, the placeholder a starter case file holds.
"""

from __future__ import annotations

from costdx.model.case import Category, Cause, Consequence, Problem, Symptom
from costdx.templates._model import Template, TemplateDriver, TypicalRange

__all__ = ["TEMPLATES"]

COST = Category.COST
REVENUE = Category.REVENUE
RISK = Category.RISK
CAPITAL = Category.CAPITAL

# --- cited sources -------------------------------------------------------------------

_DOE_LEAKS_SOURCE = (
    "U.S. Department of Energy, Industrial Technologies Program, Compressed Air Tip Sheet #3 "
    "'Minimize Compressed Air Leaks' (August 2004)"
)
_DOE_LEAKS_URL = "https://www.energy.gov/sites/prod/files/2014/05/f16/compressed_air3.pdf"

DOE_LEAK_SHARE = TypicalRange(
    low=20,
    high=30,
    source=_DOE_LEAKS_SOURCE,
    url=_DOE_LEAKS_URL,
    says=(
        "that leaks are a significant source of wasted energy, often wasting as much as "
        "20%-30% of a compressor's output (a plant without a leak programme)"
    ),
)
DOE_LEAK_TARGET = TypicalRange(
    low=5,
    high=10,
    source=_DOE_LEAKS_SOURCE,
    url=_DOE_LEAKS_URL,
    says=(
        "that a reasonable target for cost-effective leak reduction is 5%-10% of total "
        "system flow, typical for industrial facilities"
    ),
)
SIG_CARRYING_COST = TypicalRange(
    low=20,
    high=40,
    source="Sourcing Industry Group (SIG), glossary entry 'Inventory Holding (Carrying) Cost'",
    url="https://sig.org/inventory-holding-carrying-cost",
    says=(
        "that the holding cost (opportunity cost of the funds, storage and handling, taxes, "
        "insurance, shrinkage, obsolescence) is usually stated as a percentage of the item's "
        "value per year, typically between 20 and 40 percent per year"
    ),
)

_TURNOVER_GUIDANCE = (
    "HR's own cost of a leaver (recruiting, onboarding, vacancy, ramp-up) is best. Published "
    "estimates differ widely: Boushey and Glynn, 'There Are Significant Business Costs to "
    "Replacing Employees', Center for American Progress, 16 November 2012 "
    "(https://www.americanprogress.org/article/there-are-significant-business-costs-to-"
    "replacing-employees/) found a typical (median) cost of 21 percent of annual salary "
    "across 27 case studies of positions other than executives and physicians; Gallup, "
    "'This Fixable Problem Costs U.S. Businesses $1 Trillion' (2019, "
    "https://www.gallup.com/workplace/247391/fixable-problem-costs-businesses-trillion.aspx) "
    "puts the cost of replacing an individual employee at one-half to two times the "
    "employee's annual salary."
)
_OVERTIME_GUIDANCE = (
    "Payroll or the labour agreement. In the United States the Fair Labor Standards Act "
    "requires at least time and one-half the regular rate for hours over 40 in a workweek, "
    "a premium of 50 percent (U.S. Department of Labor, "
    "https://www.dol.gov/agencies/whd/overtime); elsewhere the law or agreement differs."
)
_STOCKOUT_GUIDANCE = (
    "Order-cancellation and lost-sales records, or a customer survey. For retail shoppers, "
    "Gruen, Corsten and Bharadwaj, 'Retail Out-of-Stocks: A Worldwide Examination of "
    "Extent, Causes and Consumer Responses' (Grocery Manufacturers of America, FMI and "
    "CIES, 2002) found that the share who buy the item at another store or do not buy it "
    "ranged from 33 percent (paper towels) to 58 percent (cosmetics) across ten categories "
    "(table reproduced by Supermarket News, "
    "http://supermarketnews.com/archive/stock-outs-sales-impact-10-categories); business "
    "buyers may behave differently."
)
_ENERGY_PRICE_GUIDANCE = (
    "The customer's energy bills (all-in price per kWh). Public price statistics: U.S. EIA "
    "Electric Power Monthly, Table 5.6.A (average price by end-use sector, "
    "https://www.eia.gov/electricity/monthly/epm_table_grapher.php?t=epm_table_5_06_a); "
    "Eurostat, electricity prices for non-household consumers (dataset nrg_pc_205)."
)
_CAPITAL_GUIDANCE = (
    "Finance: the customer's weighted average cost of capital, or the interest rate on the "
    "facility that funds its working capital."
)
_PENALTY_GUIDANCE = (
    "Legal or compliance: the fines the regulator has imposed in comparable cases. Some "
    "laws set a ceiling, e.g. the EU GDPR, Article 83(5): up to EUR 20 million or 4 percent "
    "of total worldwide annual turnover, whichever is higher "
    "(https://eur-lex.europa.eu/eli/reg/2016/679/oj)."
)
_BREACH_GUIDANCE = (
    "The customer's incident history and insurance claims. IBM's annual Cost of a Data "
    "Breach Report (with the Ponemon Institute, https://www.ibm.com/reports/data-breach) "
    "publishes average breach costs by country and industry."
)

# --- helpers ---------------------------------------------------------------------------


def _in(
    name: str,
    label: str,
    unit: str = "",
    *,
    lo: float | None = 0.0,
    hi: float | None = None,
    typical: TypicalRange | None = None,
    guidance: str = "",
    indicator: bool = False,
) -> TemplateDriver:
    return TemplateDriver(
        name=name,
        label=label,
        unit=unit,
        min=lo,
        max=hi,
        typical=typical,
        guidance=guidance,
        indicator=indicator,
    )


def _pct(
    name: str,
    label: str,
    *,
    typical: TypicalRange | None = None,
    guidance: str = "",
    indicator: bool = False,
) -> TemplateDriver:
    return _in(
        name,
        label,
        "percent",
        lo=0.0,
        hi=100.0,
        typical=typical,
        guidance=guidance,
        indicator=indicator,
    )


def _calc(name: str, label: str, formula: str, unit: str) -> TemplateDriver:
    return TemplateDriver(name=name, label=label, unit=unit, formula=formula)


def _cons(
    ident: str,
    label: str,
    formula: str,
    category: Category = COST,
    causes: tuple[str, ...] = (),
) -> Consequence:
    return Consequence(id=ident, label=label, formula=formula, category=category, causes=causes)


def _problem(  # noqa: PLR0917 - the parts in order read as the problem's outline
    ident: str,
    title: str,
    description: str,
    symptoms: tuple[Symptom, ...],
    causes: tuple[Cause, ...],
    consequences: tuple[Consequence, ...],
) -> Problem:
    return Problem(
        id=ident,
        title=title,
        description=description,
        symptoms=symptoms,
        causes=causes,
        consequences=consequences,
    )


# --- the templates -----------------------------------------------------------------------


def _unplanned_downtime() -> Template:
    name = "unplanned_downtime"
    title = "Unplanned downtime"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("stops_per_month", "Unplanned stops", "incident/month"),
            _in(
                "hours_lost_per_stop",
                "Production hours lost per stop (repair, restart, first-off checks)",
                "hour/incident",
            ),
            _in(
                "margin_per_hour",
                "Contribution margin lost per hour down (0 if the output is made up later)",
                "{currency}/hour",
            ),
            _in("crew_idled", "People idled by a stop", "person"),
            _in("crew_rate", "Loaded labour cost of an idled person", "{currency}/(person*hour)"),
            _in(
                "repair_cost_per_stop",
                "Repair cost per stop (parts, contractors, expedited spares)",
                "{currency}/incident",
            ),
            _pct("availability", "Availability of the equipment, current", indicator=True),
            _pct("availability_target", "Availability achievable (target)", indicator=True),
            _calc(
                "downtime_hours_per_month",
                "Hours of unplanned downtime",
                "stops_per_month * hours_lost_per_stop",
                "hour/month",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Equipment stops without warning. Each stop loses output that cannot be made up, "
            "idles the crew and costs repairs.",
            (
                Symptom(
                    id="frequent_stops",
                    description="Frequent unplanned stops; availability below target",
                    metric="availability",
                    target="availability_target",
                ),
            ),
            (
                Cause(id="reactive_maintenance", description="Maintenance waits for failures"),
                Cause(
                    id="no_condition_data",
                    description="No condition monitoring warns of a failure ahead",
                ),
            ),
            (
                _cons(
                    "downtime_lost_margin",
                    "Contribution margin lost while down",
                    "downtime_hours_per_month * margin_per_hour",
                    REVENUE,
                    ("reactive_maintenance", "no_condition_data"),
                ),
                _cons(
                    "downtime_idle_crew",
                    "Crew paid while idle",
                    "downtime_hours_per_month * crew_idled * crew_rate",
                    COST,
                    ("reactive_maintenance",),
                ),
                _cons(
                    "downtime_repairs",
                    "Repairs after stops",
                    "stops_per_month * repair_cost_per_stop",
                    COST,
                    ("reactive_maintenance",),
                ),
            ),
        ),
    )


def _scrap_and_rework() -> Template:
    name = "scrap_and_rework"
    title = "Scrap and rework"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("units_per_month", "Units produced", "unit/month"),
            _pct("defect_rate", "Share of units defective, current"),
            _pct("defect_rate_target", "Defect rate achievable (target)"),
            _pct("rework_share", "Share of defective units that are reworked (the rest scrapped)"),
            _in(
                "scrap_cost_per_unit",
                "Cost of a scrapped unit (material and processing lost)",
                "{currency}/unit",
            ),
            _in("rework_hours_per_unit", "Labour to rework one unit", "hour/unit"),
            _in("rework_rate", "Loaded labour cost of rework", "{currency}/hour"),
            _calc(
                "excess_defects_per_month",
                "Defective units above target",
                "units_per_month * max(defect_rate - defect_rate_target, 0)",
                "unit/month",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Units fail inspection: some are scrapped, some reworked. Both cost material, "
            "labour and capacity.",
            (
                Symptom(
                    id="defect_rate_gap",
                    description="Defect rate above what the process can achieve",
                    metric="defect_rate",
                    target="defect_rate_target",
                ),
            ),
            (
                Cause(
                    id="process_variation",
                    description="Process drift is not detected while the unit is being made",
                ),
                Cause(
                    id="late_inspection",
                    description="Defects are found at the end of the line, after value is added",
                ),
            ),
            (
                _cons(
                    "scrap_cost",
                    "Scrapped units",
                    "excess_defects_per_month * (1 - rework_share) * scrap_cost_per_unit",
                    COST,
                    ("process_variation", "late_inspection"),
                ),
                _cons(
                    "rework_labour",
                    "Rework labour",
                    "excess_defects_per_month * rework_share * rework_hours_per_unit * rework_rate",
                    COST,
                    ("process_variation", "late_inspection"),
                ),
            ),
        ),
    )


def _manual_data_reentry() -> Template:
    name = "manual_data_reentry"
    title = "Manual data re-entry"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in(
                "documents_per_week",
                "Documents (orders, invoices, forms) keyed in again",
                "document/week",
            ),
            _in("minutes_per_document", "Time to key one document", "minute/document"),
            _in("clerk_rate", "Loaded labour cost of the people keying", "{currency}/hour"),
            _pct("error_rate", "Share of documents keyed with an error"),
            _in(
                "cost_per_error",
                "Cost to find and correct one keying error (credit notes, re-shipments)",
                "{currency}/document",
            ),
            _pct("error_rate_target", "Error rate achievable (target)", indicator=True),
        ),
        problem=_problem(
            name,
            title,
            "Data that already exists in one system is typed by hand into another, which "
            "takes time and introduces errors.",
            (
                Symptom(
                    id="keying_errors",
                    description="Documents re-keyed by hand; errors found downstream",
                    metric="error_rate",
                    target="error_rate_target",
                ),
            ),
            (
                Cause(
                    id="no_integration",
                    description="Systems are not integrated: no EDI or API between them",
                ),
            ),
            (
                _cons(
                    "rekeying_labour",
                    "Time spent re-keying",
                    "documents_per_week * minutes_per_document * clerk_rate",
                    COST,
                    ("no_integration",),
                ),
                _cons(
                    "keying_error_cost",
                    "Correcting keying errors",
                    "documents_per_week * error_rate * cost_per_error",
                    COST,
                    ("no_integration",),
                ),
            ),
        ),
    )


def _overtime() -> Template:
    name = "overtime"
    title = "Avoidable overtime"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("people", "People working overtime", "person"),
            _in("overtime_hours", "Overtime hours per person, current", "hour/(person*week)"),
            _in(
                "overtime_target",
                "Overtime per person that is planned or unavoidable",
                "hour/(person*week)",
            ),
            _in("base_rate", "Regular pay per hour worked", "{currency}/hour"),
            _in(
                "overtime_premium",
                "Overtime premium over the regular rate",
                "percent",
                guidance=_OVERTIME_GUIDANCE,
            ),
            _calc(
                "excess_overtime_hours",
                "Overtime hours above target",
                "people * max(overtime_hours - overtime_target, 0)",
                "hour/week",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Work that could be done in regular hours is done in overtime, at a premium. The "
            "template counts the premium only: the work itself would be paid anyway.",
            (
                Symptom(
                    id="overtime_gap",
                    description="Overtime well above plan, week after week",
                    metric="overtime_hours",
                    target="overtime_target",
                ),
            ),
            (
                Cause(
                    id="unplanned_work",
                    description="Unplanned work (breakdowns, rush orders, rework) lands late",
                ),
                Cause(id="capacity_mismatch", description="Shifts are not planned to demand"),
            ),
            (
                _cons(
                    "overtime_premium_cost",
                    "Overtime premium paid",
                    "excess_overtime_hours * base_rate * overtime_premium",
                    COST,
                    ("unplanned_work", "capacity_mismatch"),
                ),
            ),
        ),
    )


def _employee_turnover() -> Template:
    name = "employee_turnover"
    title = "Employee turnover"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("headcount", "Employees in the roles concerned", "employee"),
            _in(
                "turnover_rate",
                "Annual turnover: leavers in a year over average headcount",
                "percent/year",
            ),
            _in(
                "turnover_target",
                "Turnover achievable (comparable employers, target)",
                "percent/year",
            ),
            _in(
                "annual_salary",
                "Average annual salary of the roles (one year's pay)",
                "{currency}/employee",
            ),
            _in(
                "replacement_cost_share",
                "Cost of replacing a leaver, as a share of annual salary",
                "percent",
                guidance=_TURNOVER_GUIDANCE,
            ),
            _calc(
                "avoidable_leavers",
                "Leavers above target",
                "headcount * max(turnover_rate - turnover_target, 0)",
                "employee/year",
            ),
        ),
        problem=_problem(
            name,
            title,
            "People leave faster than they should. Every leaver costs recruiting, onboarding, "
            "the vacancy and the months until the replacement is fully productive.",
            (
                Symptom(
                    id="turnover_gap",
                    description="Turnover above comparable employers",
                    metric="turnover_rate",
                    target="turnover_target",
                ),
            ),
            (
                Cause(id="work_conditions", description="Pay, workload or management drive exits"),
                Cause(id="poor_onboarding", description="New hires leave in their first year"),
            ),
            (
                _cons(
                    "replacement_cost",
                    "Cost of replacing avoidable leavers",
                    "avoidable_leavers * annual_salary * replacement_cost_share",
                    COST,
                    ("work_conditions", "poor_onboarding"),
                ),
            ),
        ),
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


def _customer_churn() -> Template:
    name = "customer_churn"
    title = "Customer churn"
    return Template(
        name=name,
        title=title,
        category=REVENUE,
        drivers=(
            _in("customers", "Active customers", "customer"),
            _in("churn_rate", "Customers lost per year, share of the base", "percent/year"),
            _in("churn_target", "Churn achievable (target, peers)", "percent/year"),
            _in(
                "revenue_per_customer",
                "Annual revenue from an average customer (one year)",
                "{currency}/customer",
            ),
            _pct("contribution_margin", "Contribution margin on that revenue"),
            _calc(
                "avoidable_churned",
                "Customers lost above target",
                "customers * max(churn_rate - churn_target, 0)",
                "customer/year",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Customers leave faster than they should. The template counts one year of lost "
            "margin per avoidable leaver, not the customer's lifetime value.",
            (
                Symptom(
                    id="churn_gap",
                    description="Churn above target",
                    metric="churn_rate",
                    target="churn_target",
                ),
            ),
            (
                Cause(id="service_failures", description="Service failures and slow support"),
                Cause(id="no_early_warning", description="At-risk customers are not spotted"),
            ),
            (
                _cons(
                    "churn_lost_margin",
                    "Margin lost with avoidable churn",
                    "avoidable_churned * revenue_per_customer * contribution_margin",
                    REVENUE,
                    ("service_failures", "no_early_warning"),
                ),
            ),
        ),
    )


def _stockouts_lost_sales() -> Template:
    name = "stockouts_lost_sales"
    title = "Stockouts and lost sales"
    return Template(
        name=name,
        title=title,
        category=REVENUE,
        drivers=(
            _in("orders_per_month", "Orders (or order lines) demanded", "order/month"),
            _pct("stockout_rate", "Share of orders that meet a stockout"),
            _pct("stockout_target", "Stockout rate achievable (target)"),
            _pct(
                "lost_share",
                "Share of stockout orders lost (cancelled or bought elsewhere)",
                guidance=_STOCKOUT_GUIDANCE,
            ),
            _in("order_value", "Average order value", "{currency}/order"),
            _pct("contribution_margin", "Contribution margin on sales"),
            _calc(
                "avoidable_stockouts",
                "Orders meeting a stockout above target",
                "orders_per_month * max(stockout_rate - stockout_target, 0)",
                "order/month",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Items are out of stock when customers want them; some of those sales are lost "
            "for good.",
            (
                Symptom(
                    id="stockout_gap",
                    description="Fill rate below target; frequent out-of-stocks",
                    metric="stockout_rate",
                    target="stockout_target",
                ),
            ),
            (
                Cause(id="poor_forecast", description="Forecasts miss demand"),
                Cause(id="slow_replenishment", description="Replenishment is triggered late"),
            ),
            (
                _cons(
                    "stockout_lost_margin",
                    "Margin on sales lost to stockouts",
                    "avoidable_stockouts * lost_share * order_value * contribution_margin",
                    REVENUE,
                    ("poor_forecast", "slow_replenishment"),
                ),
            ),
        ),
    )


def _expedited_freight() -> Template:
    name = "expedited_freight"
    title = "Expedited freight"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("shipments_per_month", "Shipments", "shipment/month"),
            _pct("expedited_share", "Share of shipments expedited, current"),
            _pct("expedited_target", "Share of shipments expedited that is planned (target)"),
            _in(
                "premium_per_shipment",
                "Extra cost of an expedited over a standard shipment",
                "{currency}/shipment",
            ),
            _calc(
                "avoidable_expedites",
                "Expedited shipments above target",
                "shipments_per_month * max(expedited_share - expedited_target, 0)",
                "shipment/month",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Late production and short-notice orders are recovered with premium freight.",
            (
                Symptom(
                    id="expedite_gap",
                    description="Premium freight used routinely",
                    metric="expedited_share",
                    target="expedited_target",
                ),
            ),
            (
                Cause(id="late_production", description="Production or suppliers run late"),
                Cause(id="poor_planning", description="Orders are planned too close to due date"),
            ),
            (
                _cons(
                    "expedite_premium",
                    "Premium paid for expedited freight",
                    "avoidable_expedites * premium_per_shipment",
                    COST,
                    ("late_production", "poor_planning"),
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


def _energy_waste() -> Template:
    name = "energy_waste"
    title = "Energy waste"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("energy_use", "Electricity used by the site or process", "kWh/year"),
            _pct(
                "waste_share",
                "Share of it that is avoidable (idle running, poor controls, leaks)",
            ),
            _in(
                "energy_price",
                "All-in price of electricity",
                "{currency}/kWh",
                guidance=_ENERGY_PRICE_GUIDANCE,
            ),
        ),
        problem=_problem(
            name,
            title,
            "Equipment uses energy that produces nothing: it runs idle, is poorly "
            "controlled, or loses what it makes.",
            (
                Symptom(
                    id="energy_not_following_output",
                    description="Energy use does not fall when output does",
                ),
            ),
            (
                Cause(id="idle_running", description="Equipment runs when nothing is produced"),
                Cause(id="poor_controls", description="Set-points and schedules are not managed"),
            ),
            (
                _cons(
                    "wasted_energy_cost",
                    "Cost of avoidable energy",
                    "energy_use * waste_share * energy_price",
                    COST,
                    ("idle_running", "poor_controls"),
                ),
            ),
        ),
    )


def _compressed_air_leaks() -> Template:
    name = "compressed_air_leaks"
    title = "Compressed air leaks"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("compressor_energy", "Electricity used by the air compressors", "kWh/year"),
            _pct(
                "leak_share",
                "Share of compressor output lost to leaks, current",
                typical=DOE_LEAK_SHARE,
            ),
            _pct(
                "leak_target",
                "Leak share achievable with a leak programme (target)",
                typical=DOE_LEAK_TARGET,
            ),
            _in(
                "energy_price",
                "All-in price of electricity",
                "{currency}/kWh",
                guidance=_ENERGY_PRICE_GUIDANCE,
            ),
            _calc(
                "excess_leak_energy",
                "Compressor energy lost to leaks above target",
                "compressor_energy * max(leak_share - leak_target, 0)",
                "kWh/year",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Leaks in the compressed air network make the compressors run to produce air "
            "that escapes.",
            (
                Symptom(
                    id="leak_gap",
                    description="Compressors run with no production; audible leaks",
                    metric="leak_share",
                    target="leak_target",
                ),
            ),
            (
                Cause(
                    id="no_leak_programme",
                    description="No regular leak detection and repair programme",
                ),
            ),
            (
                _cons(
                    "leak_energy_cost",
                    "Electricity lost to leaks",
                    "excess_leak_energy * energy_price",
                    COST,
                    ("no_leak_programme",),
                ),
            ),
        ),
    )


def _slow_quote_to_cash() -> Template:
    name = "slow_quote_to_cash"
    title = "Slow quote-to-cash"
    return Template(
        name=name,
        title=title,
        category=REVENUE,
        drivers=(
            _in("quotes_per_month", "Quotes issued", "quote/month"),
            _pct("lost_quote_share", "Share of quotes lost because the answer came too late"),
            _in("quote_value", "Average value of a quote", "{currency}/quote"),
            _pct("contribution_margin", "Contribution margin on sales"),
            _in("annual_revenue", "Annual revenue", "{currency}/year"),
            _in("order_to_cash_days", "Days from order to cash, current", "day"),
            _in("order_to_cash_target", "Days from order to cash achievable (target)", "day"),
            _in(
                "cost_of_capital",
                "Cost of capital (WACC or borrowing rate)",
                "percent/year",
                guidance=_CAPITAL_GUIDANCE,
            ),
            _in(
                "quote_turnaround", "Days to answer a quote request, current", "day", indicator=True
            ),
            _in(
                "quote_turnaround_target",
                "Days to answer a quote request, target",
                "day",
                indicator=True,
            ),
            _calc(
                "delayed_cash",
                "Cash tied up by the slow order-to-cash cycle",
                "annual_revenue * max(order_to_cash_days - order_to_cash_target, 0)",
                "{currency}",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Quotes take too long, so some deals are lost; orders take too long to turn into "
            "cash, which ties up capital.",
            (
                Symptom(
                    id="slow_quotes",
                    description="Customers wait days for a quote",
                    metric="quote_turnaround",
                    target="quote_turnaround_target",
                ),
                Symptom(
                    id="slow_cash",
                    description="Order-to-cash cycle above target",
                    metric="order_to_cash_days",
                    target="order_to_cash_target",
                ),
            ),
            (
                Cause(id="manual_quoting", description="Quotes are built by hand from price lists"),
                Cause(id="approval_loops", description="Approvals and hand-offs wait in inboxes"),
                Cause(id="billing_lag", description="Invoicing waits for manual confirmation"),
            ),
            (
                _cons(
                    "lost_deal_margin",
                    "Margin on deals lost to slow quotes",
                    "quotes_per_month * lost_quote_share * quote_value * contribution_margin",
                    REVENUE,
                    ("manual_quoting", "approval_loops"),
                ),
                _cons(
                    "cash_cycle_financing",
                    "Financing the slow order-to-cash cycle",
                    "delayed_cash * cost_of_capital",
                    CAPITAL,
                    ("approval_loops", "billing_lag"),
                ),
            ),
        ),
    )


def _warranty_claims() -> Template:
    name = "warranty_claims"
    title = "Warranty claims"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("units_sold_per_year", "Units sold", "unit/year"),
            _pct("claim_rate", "Share of units sold that come back under warranty, current"),
            _pct("claim_rate_target", "Claim rate achievable (target)"),
            _in(
                "cost_per_claim",
                "Cost of one claimed unit (repair or replacement, labour, logistics, handling)",
                "{currency}/unit",
            ),
            _calc(
                "avoidable_claims",
                "Claimed units above target",
                "units_sold_per_year * max(claim_rate - claim_rate_target, 0)",
                "unit/year",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Products fail in the field under warranty; each claim costs repair or "
            "replacement, logistics and handling.",
            (
                Symptom(
                    id="claim_rate_gap",
                    description="Warranty claim rate above target",
                    metric="claim_rate",
                    target="claim_rate_target",
                ),
            ),
            (
                Cause(id="design_weakness", description="Known failure modes are not designed out"),
                Cause(id="escaped_defects", description="Defects escape final inspection"),
            ),
            (
                _cons(
                    "warranty_cost",
                    "Cost of avoidable warranty claims",
                    "avoidable_claims * cost_per_claim",
                    COST,
                    ("design_weakness", "escaped_defects"),
                ),
            ),
        ),
    )


def _unused_licenses() -> Template:
    name = "unused_licenses"
    title = "Unused software licences"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("licenses", "Paid licences (seats)", "license"),
            _pct("utilisation", "Share of licences actively used, current"),
            _pct("utilisation_target", "Utilisation to aim for, leaving a buffer (target)"),
            _in("price_per_license", "Annual price of one licence", "{currency}/(license*year)"),
            _calc(
                "idle_licenses",
                "Licences paid for but not needed",
                "licenses * max(utilisation_target - utilisation, 0)",
                "license",
            ),
        ),
        problem=_problem(
            name,
            title,
            "The customer pays for software seats nobody uses.",
            (
                Symptom(
                    id="utilisation_gap",
                    description="Many seats inactive for months",
                    metric="utilisation",
                    target="utilisation_target",
                ),
            ),
            (
                Cause(id="no_reharvest", description="Seats of leavers and inactive users stay"),
                Cause(id="renewal_by_habit", description="Renewals repeat last year's count"),
            ),
            (
                _cons(
                    "idle_license_cost",
                    "Paying for idle licences",
                    "idle_licenses * price_per_license",
                    COST,
                    ("no_reharvest", "renewal_by_habit"),
                ),
            ),
        ),
    )


def _avoidable_support_contacts() -> Template:
    name = "avoidable_support_contacts"
    title = "Avoidable support contacts"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("contacts_per_month", "Support contacts (calls, chats, e-mails)", "ticket/month"),
            _pct(
                "avoidable_share",
                "Share that is avoidable (repeat contacts, 'where is my order', failures)",
            ),
            _in("handle_minutes", "Handling time per contact", "minute/ticket"),
            _in("agent_rate", "Loaded labour cost of an agent", "{currency}/hour"),
            _pct("first_contact_resolution", "First-contact resolution, current", indicator=True),
            _pct(
                "first_contact_resolution_target",
                "First-contact resolution, target",
                indicator=True,
            ),
        ),
        problem=_problem(
            name,
            title,
            "Customers contact support because something failed elsewhere or was not solved "
            "the first time; handling those contacts is avoidable work.",
            (
                Symptom(
                    id="repeat_contacts",
                    description="Many repeat contacts; first-contact resolution below target",
                    metric="first_contact_resolution",
                    target="first_contact_resolution_target",
                ),
            ),
            (
                Cause(id="failure_demand", description="Failures elsewhere create contacts"),
                Cause(id="no_self_service", description="Customers cannot check status themselves"),
            ),
            (
                _cons(
                    "avoidable_contact_handling",
                    "Handling avoidable contacts",
                    "contacts_per_month * avoidable_share * handle_minutes * agent_rate",
                    COST,
                    ("failure_demand", "no_self_service"),
                ),
            ),
        ),
    )


def _late_delivery_penalties() -> Template:
    name = "late_delivery_penalties"
    title = "Late delivery penalties"
    return Template(
        name=name,
        title=title,
        category=COST,
        drivers=(
            _in("deliveries_per_month", "Deliveries under contract", "shipment/month"),
            _pct("on_time_rate", "Share of deliveries on time, current"),
            _pct("on_time_target", "On-time rate the contract requires (target)"),
            _in(
                "penalty_per_late_delivery",
                "Penalty or chargeback per late delivery",
                "{currency}/shipment",
            ),
            _calc(
                "avoidable_late_deliveries",
                "Late deliveries above target",
                "deliveries_per_month * max(on_time_target - on_time_rate, 0)",
                "shipment/month",
            ),
        ),
        problem=_problem(
            name,
            title,
            "Deliveries arrive late and customers charge contractual penalties.",
            (
                Symptom(
                    id="on_time_gap",
                    description="On-time delivery below the contractual level",
                    metric="on_time_rate",
                    target="on_time_target",
                ),
            ),
            (
                Cause(id="schedule_disruption", description="Disruptions push shipments late"),
                Cause(id="no_early_warning", description="Late orders are spotted too late"),
            ),
            (
                _cons(
                    "late_delivery_penalty_cost",
                    "Penalties for late deliveries",
                    "avoidable_late_deliveries * penalty_per_late_delivery",
                    COST,
                    ("schedule_disruption", "no_early_warning"),
                ),
            ),
        ),
    )


def build() -> dict[str, Template]:
    """Every shipped template by name, in alphabetical order."""
    made = [
        _avoidable_support_contacts(),
        _compliance_penalty_risk(),
        _compressed_air_leaks(),
        _customer_churn(),
        _days_sales_outstanding(),
        _employee_turnover(),
        _energy_waste(),
        _excess_inventory(),
        _expedited_freight(),
        _late_delivery_penalties(),
        _manual_data_reentry(),
        _overtime(),
        _scrap_and_rework(),
        _security_incident_risk(),
        _slow_quote_to_cash(),
        _stockouts_lost_sales(),
        _unplanned_downtime(),
        _unused_licenses(),
        _warranty_claims(),
    ]
    return {t.name: t for t in sorted(made, key=lambda t: t.name)}


TEMPLATES: tuple[str, ...] = (
    "avoidable_support_contacts",
    "compliance_penalty_risk",
    "compressed_air_leaks",
    "customer_churn",
    "days_sales_outstanding",
    "employee_turnover",
    "energy_waste",
    "excess_inventory",
    "expedited_freight",
    "late_delivery_penalties",
    "manual_data_reentry",
    "overtime",
    "scrap_and_rework",
    "security_incident_risk",
    "slow_quote_to_cash",
    "stockouts_lost_sales",
    "unplanned_downtime",
    "unused_licenses",
    "warranty_claims",
)
"""The names of the shipped templates, sorted."""
