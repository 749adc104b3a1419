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

from costdx.model import Category, Cause, Consequence, Problem, Symptom
from costdx.templates._model import TemplateDriver, TypicalRange

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
