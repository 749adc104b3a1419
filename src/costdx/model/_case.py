"""What a case *is*: the `Diagnosis` — account, stakeholders, drivers and problems.

Building one validates every field (`costdx.model._terms`), then checks the whole case
(ids, references, cycles, units) and compiles it into a `Plan`, once; every problem of a
case is reported at once in one `CaseValidationError`.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, field_validator, model_validator

from costdx import _display
from costdx.model._base import Id, Model
from costdx.model._check import check
from costdx.model._plan import Plan
from costdx.model._terms import (
    Account,
    Calendar,
    Correlation,
    Driver,
    Problem,
    Scenario,
    Stakeholder,
    Text,
)

__all__ = ["SCHEMA_VERSION", "Diagnosis"]

SCHEMA_VERSION = 1
"""The case-file format this costdx reads and writes."""

_PLAN = "_plan"
"""Where a diagnosis keeps its compiled plan: its own ``__dict__``, outside pydantic's
fields (so equality, dumps and copies ignore it) and read without pydantic's
``__getattr__``, which the plan's readers would otherwise pay on every access."""


class Diagnosis(Model):
    """The quantified diagnosis: account, stakeholders, drivers and problems.

    Building one validates the whole case and compiles it; every problem is reported at
    once in a `CaseValidationError`.
    """

    schema_version: int = SCHEMA_VERSION
    id: Id = "case"
    title: Text = ""
    account: Account
    calendar: Calendar = Field(default_factory=Calendar)
    counted_units: tuple[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")], ...] = ()
    """The case's own counted things (``widget``), beyond costdx's built-in ones."""
    stakeholders: tuple[Stakeholder, ...] = ()
    drivers: tuple[Driver, ...] = ()
    problems: Annotated[tuple[Problem, ...], Field(min_length=1)]
    correlations: tuple[Correlation, ...] = ()
    scenarios: tuple[Scenario, ...] = ()

    @field_validator("schema_version")
    @classmethod
    def _version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            newer = "a newer" if value > SCHEMA_VERSION else "an unknown"
            raise ValueError(
                f"schema_version {value} is from {newer} costdx; this costdx reads "
                f"schema_version {SCHEMA_VERSION}"
            )
        return value

    @model_validator(mode="after")
    def _cross_check(self) -> Self:
        self.__dict__[_PLAN] = check(self)
        return self

    @property
    def plan(self) -> Plan:
        """The compiled plan, built once when the case was validated."""
        plan: Plan | None = self.__dict__.get(_PLAN)
        if plan is None:  # a case built without validation (model_construct)
            plan = self.__dict__[_PLAN] = check(self)
        return plan

    def driver(self, driver_id: str) -> Driver:
        """The driver with ``driver_id``; ``KeyError`` naming close ids when there is none."""
        return self.plan.driver(driver_id)

    def __repr__(self) -> str:
        consequences = sum(len(p.consequences) for p in self.problems)
        return (
            f"<Diagnosis {self.id!r} {self.account.name}: {len(self.drivers)} drivers, "
            f"{len(self.problems)} problems, {consequences} consequences>"
        )

    def _repr_html_(self) -> str:
        return _display.html(self)
