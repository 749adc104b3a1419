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

from costdx.templates import _capital_risk, _commercial, _operations
from costdx.templates._model import Template

__all__ = ["TEMPLATES", "build"]


def build() -> dict[str, Template]:
    """Every shipped template by name, in alphabetical order."""
    made = [
        _operations._avoidable_support_contacts(),
        _capital_risk._compliance_penalty_risk(),
        _operations._compressed_air_leaks(),
        _commercial._customer_churn(),
        _capital_risk._days_sales_outstanding(),
        _operations._employee_turnover(),
        _operations._energy_waste(),
        _capital_risk._excess_inventory(),
        _operations._expedited_freight(),
        _commercial._late_delivery_penalties(),
        _operations._manual_data_reentry(),
        _operations._overtime(),
        _operations._scrap_and_rework(),
        _capital_risk._security_incident_risk(),
        _commercial._slow_quote_to_cash(),
        _commercial._stockouts_lost_sales(),
        _operations._unplanned_downtime(),
        _operations._unused_licenses(),
        _operations._warranty_claims(),
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
