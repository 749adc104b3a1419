"""An account's own case: the template with the account row's figures as its hypothesis.

`case_for` is the step from Discover to Diagnose: the figures `costdx.score` used for one
account become that account's own `Diagnosis`, each value driver holding them as its
``value`` and its Discover-phase ``assumed`` value, so the diagnosis that follows can be
compared with the hypothesis (`costdx.compare_bases`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from costdx.engine._accounts import check_rows, layout, raise_issues
from costdx.errors import OptionError
from costdx.model import (
    Account,
    Basis,
    Diagnosis,
    Driver,
    Scenario,
    Source,
    check_basis,
    driver_spec,
    evolve,
    resolve_scenario,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["case_for"]

_SLUG = re.compile(r"[^a-z0-9_]+")


def _case_id(template: str, account: str) -> str:
    slug = _SLUG.sub("_", f"{template}_{account}".lower()).strip("_")
    slug = slug if slug[:1].isalpha() else f"account_{slug}"
    return slug[:64].rstrip("_") or template


def _template_source(driver: Driver) -> Source:
    # Another customer's measured or stated figure is, for this account, the seller's
    # assumption; a benchmark or an estimate stays what it was.
    source = driver.effective_source
    return Source.ESTIMATE if source in (Source.MEASURED, Source.CUSTOMER) else source


def case_for(
    case: Diagnosis,
    account: pd.Series[Any] | Mapping[str, Any],
    *,
    columns: Mapping[str, str] | None = None,
    id_column: str | None = "account_id",
    probability: str | None = None,
    carry: Sequence[str] = (),
    basis: Basis = "value",
    scenario: str | Scenario | None = None,
    name: str | None = None,
) -> Diagnosis:
    """The account's own case: the template ``case`` with the account row's figures.

    Every value driver holds, as its ``value`` and as its Discover-phase ``assumed``
    value, the figure `costdx.score` used for this account: the row's own figure where it
    gives one (source ``estimate``, the row named in the evidence), else the case's figure
    on ``basis`` under ``scenario`` (confirmation dropped: nobody at this account
    confirmed it; a measured or customer-stated figure becomes an estimate, since it was
    another customer's). So ``quantify(case_for(case, row))`` equals the account's row of
    ``score(case, accounts)``, and the Diagnose phase replaces ``value`` with what it
    finds while ``assumed`` keeps the hypothesis, for `costdx.compare_bases`.

    Parameters
    ----------
    case:
        The template case.
    account:
        One account: a row of the accounts frame (``accounts.loc[label]``) or a mapping of
        column to figure.
    columns, id_column, probability, carry, basis, scenario:
        As for `costdx.score`; pass the same ones.
    name:
        The account's name in its case (default: its id).

    Raises
    ------
    CaseValidationError
        A column that matches no driver, or a figure that is not a number, not finite or
        outside its driver's bounds.

    Examples
    --------
    >>> import costdx as cdx
    >>> import pandas as pd
    >>> acme = cdx.load(cdx.example_path())
    >>> row = pd.Series({"account_id": "ACC-7", "orders_per_week": 600})
    >>> own = cdx.case_for(acme, row)
    >>> own.driver("orders_per_week").assumed, own.account.name
    (600.0, 'ACC-7')
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads when accounts are read

    check_basis(basis)
    chosen = resolve_scenario(case, scenario)
    if isinstance(account, pd.DataFrame):
        raise OptionError(
            "case_for takes one account (a row: accounts.loc[label]), not a frame of them"
        )
    row = account if isinstance(account, pd.Series) else pd.Series(dict(account), dtype=object)
    frame = row.to_frame().T.infer_objects()
    found = layout(
        case,
        {str(column): dtype for column, dtype in frame.dtypes.items()},
        columns=columns,
        id_column=id_column,
        probability=probability,
        carry=carry,
    )
    checked = check_rows(case, frame, found)
    raise_issues(case, checked)
    ident = str(row[id_column]) if id_column is not None else str(row.name)
    given = {
        driver: (column, float(checked.values[driver][0]))
        for column, driver in found.drivers
        if not math.isnan(checked.values[driver][0])
    }
    drivers = []
    for driver in case.drivers:
        if driver.derived:
            drivers.append(driver)
            continue
        if driver.id in given:
            column, figure = given[driver.id]
            spec: Any = figure
            source = Source.ESTIMATE
            evidence = f"Discover: account {ident!r}, column {column!r} of the accounts"
        else:
            spec = driver_spec(driver, basis, chosen)
            source = _template_source(driver)
            evidence = f"The template case {case.id!r}" + (
                f": {driver.evidence}" if driver.evidence else ""
            )
        drivers.append(
            evolve(
                driver,
                value=spec,
                assumed=spec,
                source=source,
                evidence=evidence,
                confirmed_by=None,
                confirmed_on=None,
            )
        )
    # a driver the row pins to a number varies with nothing: its correlations fall away,
    # as they do when the accounts are simulated
    pinned = {d.id for d in drivers if isinstance(d.value, int | float)}
    return evolve(
        case,
        correlations=tuple(c for c in case.correlations if not {c.a, c.b} & pinned),
        id=_case_id(case.id, ident),
        title=f"Discover hypothesis for {ident}, from the template case {case.id!r}",
        account=Account(
            name=(name or ident)[:200] or case.id,
            industry=case.account.industry,
            currency=case.account.currency,
        ),
        drivers=tuple(drivers),
    )
