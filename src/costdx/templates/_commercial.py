"""Commercial templates: churn, lost sales, slow quote-to-cash, late-delivery penalties."""

from __future__ import annotations

from costdx.model import Cause, Symptom
from costdx.templates._model import Template
from costdx.templates._parts import (
    _CAPITAL_GUIDANCE,
    _STOCKOUT_GUIDANCE,
    CAPITAL,
    COST,
    REVENUE,
    _calc,
    _cons,
    _in,
    _pct,
    _problem,
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
