"""The customer's decision criteria: how the alternatives of a value case are judged.

A `Criterion` belongs to a stakeholder who owns it and carries a weight (relative: the
weights are shares of their sum) and, optionally, the range the weight may take when the
customer's people disagree. Each alternative — every solution and ``do_nothing`` — is
measured on it either by a figure of the value case (``metric``: NPV, ROI, payback ...)
or by the customer's own `Score` of it, with the evidence for the score: a 1–5 score
when the criterion has no ``unit``, any number in that unit when it has one. A criterion
can also carry the question the customer should put to every supplier.

The criteria live in a value case (``[[value_case.criteria]]`` in a case file), which
checks that their owners are stakeholders and that every alternative is scored once;
`costdx.decide` turns them into the decision matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from costdx.errors import CaseValidationError, Issue
from costdx.model._base import Id, Model
from costdx.model._check import Suggestions
from costdx.model._terms import Text

__all__ = [
    "METRICS",
    "SCORE_SCALE",
    "Criterion",
    "Direction",
    "Metric",
    "Score",
    "criteria_issues",
]

Metric = Literal[
    "npv", "roi", "payback_months", "investment", "prob_npv_negative", "months_to_full_effect"
]
"""A figure of the evaluated value case a criterion can be linked to."""

Direction = Literal["more", "less"]
"""Whether more or less of a criterion's value is better."""

METRICS: dict[str, tuple[str, Direction]] = {
    "npv": ("NPV over the horizon", "more"),
    "roi": ("ROI over the horizon", "more"),
    "payback_months": ("payback in months", "less"),
    "investment": ("total investment over the horizon", "less"),
    "prob_npv_negative": ("probability that NPV < 0", "less"),
    "months_to_full_effect": ("months from the decision to full effect", "less"),
}
"""Each metric's description and the direction that is better."""

SCORE_SCALE = (1.0, 5.0)
"""The customer's scores of a criterion without a unit run from 1 (worst) to 5 (best)."""

Share = Annotated[float, Field(ge=0, le=1e6)]


class Score(Model):
    """The customer's score of one alternative on a criterion, and what it rests on."""

    alternative: Id
    """A solution's id, or ``do_nothing``."""
    value: float
    """1 to 5 when the criterion has no unit; else a number in its unit."""
    evidence: Text = ""
    """What the score rests on: a demo, a reference call, a trial, a quote."""


class Criterion(Model):
    """A decision criterion the customer owns, with its weight and how each alternative
    is measured on it (a figure of the value case, or the customer's own scores)."""

    id: Id
    label: Annotated[str, Field(min_length=1, max_length=200)]
    owner: Id | None = None
    """The stakeholder who owns the criterion."""
    weight: Annotated[float, Field(gt=0, le=1e6)] = 1.0
    """Relative weight: each criterion counts its share of the sum of the weights."""
    weight_range: tuple[Share, Share] | None = None
    """The lowest and highest weight the customer's people would give it (on the scale of
    ``weight``); `costdx.acceptability` draws weights within these ranges."""
    metric: Metric | None = None
    """The figure of the value case that measures each alternative (``npv``, ``roi``,
    ``payback_months``, ``investment``, ``prob_npv_negative``, ``months_to_full_effect``);
    leave out to score the alternatives in ``scores``."""
    scores: tuple[Score, ...] = ()
    """The customer's score of every alternative, ``do_nothing`` included."""
    unit: Annotated[str, Field(max_length=60)] = ""
    """The unit of the scores (``hour``, ``month``, ``USD/year``); none for 1–5 scores."""
    direction: Direction | None = None
    """``more`` or ``less`` is better; a metric knows its own."""
    scale: tuple[float, float] | None = None
    """The values that score 0 and 1, lowest first; values beyond them score 0 or 1.
    Without it a 1–5 score uses 1 to 5, and the other criteria run from the worst to the
    best alternative."""
    evidence: Text = ""
    """Why the criterion matters and where its weight comes from."""
    question: Text = ""
    """The question the customer should put to every supplier on this criterion."""

    @model_validator(mode="after")
    def _shape(self) -> Self:
        issues: list[Issue] = []
        if (self.metric is None) == (not self.scores):
            issues.append(
                Issue(
                    "metric",
                    "give either metric (a figure of the value case: "
                    f"{', '.join(METRICS)}) or scores (the customer's score of every "
                    "alternative), not both or neither",
                    "invalid_value",
                )
            )
        if self.metric is not None:
            natural = METRICS[self.metric][1]
            if self.direction is not None and self.direction != natural:
                issues.append(
                    Issue(
                        "direction",
                        f"{self.metric}: {natural} is better; leave direction out",
                        "invalid_value",
                    )
                )
            if self.unit:
                issues.append(
                    Issue(
                        "unit", f"{self.metric} has its own unit; leave unit out", "invalid_value"
                    )
                )
        elif self.scores and self.direction is None:
            issues.append(
                Issue(
                    "direction",
                    'say whether more or less is better: direction = "more" or "less"',
                    "missing",
                )
            )
        if self.weight_range is not None:
            low, high = self.weight_range
            if not low <= self.weight <= high:
                issues.append(
                    Issue(
                        "weight_range",
                        f"the range [{low:g}, {high:g}] must hold the weight {self.weight:g}",
                        "invalid_value",
                    )
                )
        if self.scale is not None and not self.scale[0] < self.scale[1]:
            issues.append(
                Issue(
                    "scale",
                    f"give the lower value first: [{self.scale[1]:g}, {self.scale[0]:g}]",
                    "invalid_value",
                )
            )
        issues.extend(self._score_issues())
        if issues:
            raise CaseValidationError(issues)
        return self

    def _score_issues(self) -> list[Issue]:
        issues = []
        seen: dict[str, int] = {}
        low, high = SCORE_SCALE
        for i, score in enumerate(self.scores):
            if score.alternative in seen:
                issues.append(
                    Issue(
                        f"scores[{i}].alternative",
                        f"{score.alternative!r} is scored twice: scores[{seen[score.alternative]}]"
                        " has it",
                        "duplicate_id",
                    )
                )
            seen.setdefault(score.alternative, i)
            if not self.unit and not low <= score.value <= high:
                issues.append(
                    Issue(
                        f"scores[{i}].value",
                        f"a score without a unit runs from {low:g} to {high:g}, got "
                        f"{score.value:g}; give the criterion a unit for other numbers",
                        "invalid_value",
                    )
                )
        return issues

    @property
    def better(self) -> Direction:
        """The direction that is better (a metric's own when none is given)."""
        if self.metric is not None:
            return METRICS[self.metric][1]
        assert self.direction is not None  # checked when built
        return self.direction

    @property
    def fixed_scale(self) -> tuple[float, float] | None:
        """The values scoring 0 and 1 whatever the alternatives (``scale``, or 1 to 5 for
        a score without a unit); ``None``: from the worst to the best alternative."""
        if self.scale is not None:
            return self.scale
        return SCORE_SCALE if self.metric is None and not self.unit else None


def criteria_issues(
    criteria: Sequence[Criterion],
    *,
    alternatives: Sequence[str],
    stakeholders: Iterable[str],
    where: str = "criteria",
) -> list[Issue]:
    """What is wrong with ``criteria`` across a value case: duplicate ids, owners who are
    not stakeholders, and scores that name an unknown alternative or leave one out."""
    issues: list[Issue] = []
    people = set(stakeholders)
    suggest = Suggestions()
    seen: dict[str, int] = {}
    for i, criterion in enumerate(criteria):
        here = f"{where}[{i}]"
        if criterion.id in seen:
            issues.append(
                Issue(
                    f"{here}.id",
                    f"duplicate criterion id {criterion.id!r}: "
                    f"{where}[{seen[criterion.id]}] has it",
                    "duplicate_id",
                )
            )
        seen.setdefault(criterion.id, i)
        if criterion.owner is not None and criterion.owner not in people:
            issues.append(
                Issue(
                    f"{here}.owner",
                    f"unknown stakeholder {criterion.owner!r}{suggest(criterion.owner, people)}",
                    "unknown_reference",
                )
            )
        if criterion.metric is not None:
            continue
        scored = set()
        for j, score in enumerate(criterion.scores):
            scored.add(score.alternative)
            if score.alternative not in alternatives:
                issues.append(
                    Issue(
                        f"{here}.scores[{j}].alternative",
                        f"unknown alternative {score.alternative!r}"
                        f"{suggest(score.alternative, alternatives)}; the alternatives are "
                        f"{', '.join(alternatives)}",
                        "unknown_reference",
                    )
                )
        missing = [a for a in alternatives if a not in scored]
        if missing:
            issues.append(
                Issue(
                    f"{here}.scores",
                    f"no score for {', '.join(map(repr, missing))}; score every alternative, "
                    "doing nothing included",
                    "missing",
                )
            )
    return issues
