"""Problem templates: the problems value engineers meet again and again, ready to quantify.

Each template is a `Problem` (symptoms, causes, unit-checked
consequences) with named drivers: their labels, units (money in the account's currency)
and bounds. No figure is invented: a driver's value is the user's, unless the template
cites a public source for a typical range (the driver's ``evidence`` then names it, and
its source is ``benchmark``).

Examples
--------
>>> import costdx as cdx
>>> [t.name for t in cdx.templates.list()][:3]
['avoidable_support_contacts', 'compliance_penalty_risk', 'compressed_air_leaks']
>>> case = cdx.templates.use(
...     "unplanned_downtime", prefix="line2", account="Acme", values={
...         "stops_per_month": 12, "hours_lost_per_stop": 3, "margin_per_hour": 900,
...         "crew_idled": 0, "crew_rate": 0, "repair_cost_per_stop": 0})
>>> cdx.quantify(case).annual_cost   # 12 × 3 hour × 900 USD/hour × 12 months
388800.0
>>> case.driver("line2_downtime_hours_per_month").formula
'line2_stops_per_month * line2_hours_lost_per_stop'
"""

from costdx.templates._model import Template, TemplateDriver, TypicalRange
from costdx.templates._use import (
    TODO,
    TemplateError,
    ValueInput,
    get,
    names,
    starter,
    starter_text,
    use,
)
from costdx.templates._use import list_templates as list

__all__ = [
    "TODO",
    "Template",
    "TemplateDriver",
    "TemplateError",
    "TypicalRange",
    "ValueInput",
    "get",
    "list",
    "names",
    "starter",
    "starter_text",
    "use",
]
