"""Operations templates: downtime, quality, labour, freight, energy, software, support."""

from __future__ import annotations

from costdx.model import Cause, Symptom
from costdx.templates._model import Template
from costdx.templates._parts import (
    _ENERGY_PRICE_GUIDANCE,
    _OVERTIME_GUIDANCE,
    _TURNOVER_GUIDANCE,
    COST,
    DOE_LEAK_SHARE,
    DOE_LEAK_TARGET,
    REVENUE,
    _calc,
    _cons,
    _in,
    _pct,
    _problem,
)


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
