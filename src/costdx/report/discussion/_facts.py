"""The results the discussion document's sections share, computed once from the value
case: the evaluation, the quantification, the decision matrix and its firmness, the
tornado and the value of information.

The sections word and arrange what costdx's own functions return; none works a figure
out for itself, so every number in the document is one costdx computes (and a test finds
it on the printed pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from costdx.engine import Quantification, Simulation, tornado
from costdx.errors import OptionError
from costdx.model import DO_NOTHING, Criterion, Diagnosis, ValueCase
from costdx.report.discussion._content import Audience
from costdx.report.discussion._format import person, possessive
from costdx.value import (
    Evaluation,
    acceptability,
    decide,
    evaluation_of,
    flip_weights,
    value_of_information,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Facts", "Ranking", "gather"]


@dataclass(frozen=True)
class Ranking:
    """The criteria's decision matrix, its flip weights and its acceptability."""

    matrix: pd.DataFrame
    flips: pd.DataFrame
    acceptance: pd.DataFrame

    @property
    def leader(self) -> str:
        """The alternative ranked first."""
        return str(self.matrix["rank"].idxmin())


@dataclass(frozen=True)
class Facts:
    """The value case, its results and who the document is for."""

    vc: ValueCase
    q: Quantification
    ev: Evaluation
    simulation: Simulation | None
    criteria: tuple[Criterion, ...]
    ranking: Ranking | None
    sensitivity: pd.DataFrame
    information: pd.DataFrame | None
    audience: Audience
    discover: bool

    @property
    def case(self) -> Diagnosis:
        return self.vc.diagnosis

    @property
    def account(self) -> str:
        return self.case.account.name

    @property
    def accounts(self) -> str:
        """The account's name as a possessive: ``Acme Precision Components'``."""
        return possessive(self.account)

    @property
    def currency(self) -> str:
        return self.case.account.currency

    def name(self, alternative: str) -> str:
        """An alternative's name as the document gives it."""
        return self.ev.solutions[alternative].name

    def person(self, stakeholder: str | None) -> str:
        return person(self.case, stakeholder)

    @property
    def best_npv(self) -> str:
        """The alternative with the highest NPV (doing nothing on a tie at 0)."""
        results = self.ev.solutions
        return max(results, key=lambda a: (results[a].npv, a == DO_NOTHING))


def gather(
    vc: ValueCase,
    *,
    criteria: Sequence[Criterion] | None,
    simulation: Simulation | None,
    audience: Audience,
    discover: bool | None,
    seed: int,
) -> Facts:
    """Compute the figures of the document (the criteria's only if there are some)."""
    if audience not in ("customer", "internal"):
        raise OptionError(f"audience must be 'customer' or 'internal', not {audience!r}")
    # a simulation is of the basis and scenario the whole document then speaks of
    ev = evaluation_of(vc, None, simulation)
    chosen = tuple(criteria) if criteria is not None else vc.criteria
    ranking = None
    if chosen:
        ranking = Ranking(
            matrix=decide(vc, chosen, evaluation=ev),
            flips=flip_weights(vc, chosen, evaluation=ev),
            acceptance=acceptability(
                vc, chosen, evaluation=ev, seed=None if simulation is not None else seed
            ),
        )
    information = None
    if simulation is not None:
        information = value_of_information(vc, simulation, evaluation=ev)
    basis, scenario = ev.basis, ev.scenario
    return Facts(
        vc=vc,
        q=ev.quantification,
        ev=ev,
        simulation=simulation,
        criteria=chosen,
        ranking=ranking,
        sensitivity=tornado(vc.diagnosis, basis=basis, scenario=scenario),
        information=information,
        audience=audience,
        discover=audience == "internal" if discover is None else discover,
    )
