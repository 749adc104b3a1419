"""Estimates: a driver's value as a range rather than one number.

Conventions (the same as the Monte Carlo sampler's):

* ``PERT(low, likely, high)``: Beta-PERT with λ = 4, mean ``(low + 4·likely + high)/6``
  (as @RISK ``RiskPert`` and squigglepy's ``pert``).
* ``Triangular(low, likely, high)``.
* ``Uniform(low, high)``.
* ``LogNormal90(low, high)``: lognormal whose 5th and 95th percentiles are ``low`` and
  ``high`` (as Guesstimate and squigglepy's ``to``); median ``√(low·high)``.
* ``Normal90(low, high)``: normal whose 5th and 95th percentiles are ``low`` and ``high``;
  median ``(low + high)/2``.

Deterministic quantification uses each estimate's `point`: the ``likely`` value of
PERT and Triangular, the median of the others.

>>> PERT(10, 12, 20).point, LogNormal90(100, 400).point
(12.0, 200.0)
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal, Self, TypeAlias

from pydantic import Discriminator, Field, Tag, model_validator

from costdx.model._base import Model

__all__ = [
    "FIGURES",
    "PERT",
    "Z95",
    "Estimate",
    "LogNormal90",
    "Normal90",
    "Triangular",
    "Uniform",
    "ValueSpec",
    "figure_problem",
    "point_of",
]

Z95 = 1.6448536269514722
"""The standard normal's 95th percentile: ``low``/``high`` sit ``Z95`` σ from the median."""

FIGURES: dict[str, tuple[str, ...]] = {
    "pert": ("low", "likely", "high"),
    "triangular": ("low", "likely", "high"),
    "uniform": ("low", "high"),
    "lognormal90": ("low", "high"),
    "normal90": ("low", "high"),
}
"""Each distribution's defining figures, in order (its ``dist`` tag → names)."""


def figure_problem(dist: str, params: tuple[float, ...]) -> str | None:
    """What is wrong with an estimate's figures, or ``None``: the one place that checks
    them, for the models here and for the samplers alike.

    >>> figure_problem("pert", (10.0, 25.0, 20.0))
    'needs low <= likely <= high, got 10.0, 25.0, 20.0'
    >>> figure_problem("lognormal90", (100.0, 400.0)) is None
    True
    """
    names = FIGURES[dist]
    if len(params) != len(names):
        return f"{dist} takes {len(names)} parameters ({', '.join(names)}), got {len(params)}"
    bad = [f"{n} = {v}" for n, v in zip(names, params, strict=True) if not math.isfinite(v)]
    if bad:
        return f"{dist} needs finite figures, got {', '.join(bad)}"
    if len(params) == 3 and not params[0] <= params[1] <= params[2]:
        return f"needs low <= likely <= high, got {params[0]}, {params[1]}, {params[2]}"
    low, high = params[0], params[-1]
    if not low <= high:
        return f"needs low <= high, got {low}, {high}"
    if dist == "lognormal90" and low <= 0:
        return f"a LogNormal90 needs 0 < low, got low = {low}"
    return None


class _Estimate(Model):
    dist: str
    low: float
    high: float

    @model_validator(mode="after")
    def _figures(self) -> Self:
        problem = figure_problem(self.dist, self.params)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def point(self) -> float:
        """The value deterministic quantification uses."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    @property
    def params(self) -> tuple[float, ...]:
        """The defining figures in order, e.g. ``(low, likely, high)``."""
        return tuple(getattr(self, name) for name in FIGURES[self.dist])

    @property
    def bounded(self) -> bool:
        """Whether every sample lies in ``[low, high]``."""
        return True

    def scaled(self, factor: float) -> Self:
        """The same estimate with every figure multiplied by ``factor`` (> 0)."""
        fields = {name: getattr(self, name) * factor for name in FIGURES[self.dist]}
        return type(self).model_validate(fields)


class _ThreePoint(_Estimate):
    FIGURE_NAMES: ClassVar[tuple[str, ...]] = FIGURES["pert"]
    likely: float

    def __init__(
        self,
        low: float | None = None,
        likely: float | None = None,
        high: float | None = None,
        /,
        **data: Any,
    ) -> None:
        positional = {"low": low, "likely": likely, "high": high}
        super().__init__(**{k: v for k, v in positional.items() if v is not None}, **data)

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @property
    def point(self) -> float:
        return self.likely


class _TwoPoint(_Estimate):
    FIGURE_NAMES: ClassVar[tuple[str, ...]] = FIGURES["uniform"]

    def __init__(self, low: float | None = None, high: float | None = None, /, **data: Any) -> None:
        positional = {"low": low, "high": high}
        super().__init__(**{k: v for k, v in positional.items() if v is not None}, **data)

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


class PERT(_ThreePoint):
    """Beta-PERT estimate (λ = 4): ``PERT(low, likely, high)``; mean ``(low+4·likely+high)/6``."""

    dist: Literal["pert"] = "pert"


class Triangular(_ThreePoint):
    """Triangular estimate: ``Triangular(low, likely, high)``; mean ``(low+likely+high)/3``."""

    dist: Literal["triangular"] = "triangular"


class Uniform(_TwoPoint):
    """Uniform estimate on ``[low, high]``; point value the median ``(low+high)/2``."""

    dist: Literal["uniform"] = "uniform"

    @property
    def point(self) -> float:
        return (self.low + self.high) / 2


class LogNormal90(_TwoPoint):
    """Lognormal with ``low``/``high`` as its 5th/95th percentiles; point value ``√(low·high)``.

    ``μ = (ln low + ln high)/2``, ``σ = (ln high − ln low)/(2·1.6449)``.
    """

    dist: Literal["lognormal90"] = "lognormal90"

    @property
    def point(self) -> float:
        return math.sqrt(self.low * self.high)

    @property
    def bounded(self) -> bool:
        return False


class Normal90(_TwoPoint):
    """Normal with ``low``/``high`` as its 5th/95th percentiles; point value ``(low+high)/2``.

    ``μ = (low + high)/2``, ``σ = (high − low)/(2·1.6449)``.
    """

    dist: Literal["normal90"] = "normal90"

    @property
    def point(self) -> float:
        return (self.low + self.high) / 2

    @property
    def bounded(self) -> bool:
        return False


Estimate: TypeAlias = PERT | Triangular | Uniform | LogNormal90 | Normal90


def _tag(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return "point"
    if isinstance(value, dict):
        dist = value.get("dist")
        return dist if isinstance(dist, str) else None
    return getattr(value, "dist", None)


ValueSpec = Annotated[
    Annotated[float, Tag("point")]
    | Annotated[PERT, Tag("pert")]
    | Annotated[Triangular, Tag("triangular")]
    | Annotated[Uniform, Tag("uniform")]
    | Annotated[LogNormal90, Tag("lognormal90")]
    | Annotated[Normal90, Tag("normal90")],
    Discriminator(
        _tag,
        custom_error_type="invalid_value",
        custom_error_message=(
            "expected a number or an estimate table with dist = 'pert', 'triangular', "
            "'uniform', 'lognormal90' or 'normal90'"
        ),
    ),
    Field(description="A number, or an estimate: {dist = 'pert', low, likely, high} etc."),
]
"""A driver value: a number or an estimate."""


def point_of(value: float | Estimate) -> float:
    """The deterministic value of a number or estimate.

    >>> point_of(3.0), point_of(Triangular(1, 2, 6))
    (3.0, 2.0)
    """
    return float(value) if isinstance(value, int | float) else value.point
