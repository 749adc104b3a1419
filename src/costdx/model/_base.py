"""The base of every costdx model: frozen, strict about extra keys, finite numbers only,
and raising `CaseValidationError` (never a bare pydantic error)."""

from __future__ import annotations

import ast
import functools
import gc
import inspect
import textwrap
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Annotated, Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from costdx.errors import CaseValidationError, Issue, join_location
from costdx.model._messages import issue_of, shown, with_subjects

__all__ = ["ORIGIN", "Id", "Model", "attribute_docs", "evolve", "issues_from_pydantic"]

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        max_length=64,
        description="An identifier usable in formulas: lower-case letter, then letters, digits, _.",
    ),
]

M = TypeVar("M", bound="Model")

ORIGIN = "_origin"
"""Where a case loaded from a file keeps where it came from (see `costdx.model.Origin`):
its own ``__dict__``, outside pydantic's fields, as the compiled plan is kept."""


def issues_from_pydantic(
    exc: ValidationError,
    prefix: str = "",
    *,
    model: type[BaseModel] | None = None,
    data: Any = None,
) -> list[Issue]:
    """Every error of a pydantic `ValidationError` as costdx issues.

    With the ``model`` that was validated, each location leaves out pydantic's union tags
    and a misspelt key gets a suggestion; with the ``data`` that was validated, each issue
    names the id of the driver, consequence ... it is in.
    """
    issues: list[Issue] = []
    for error in exc.errors():
        issues.extend(issue_of(error, model))
    if data is not None:
        issues = with_subjects(issues, data)
    if prefix:
        issues = [replace(i, location=join_location(prefix, i.location)) for i in issues]
    return issues


@contextmanager
def _validating(model: type[BaseModel], data: Any = None) -> Iterator[None]:
    """Validate inside: pydantic's errors become one `CaseValidationError`, and Python's
    cyclic garbage collector is paused meanwhile.

    Validating a large case allocates tens of thousands of long-lived objects; every full
    collection in between walks all of them, which made validation grow faster than the
    case (13x for a case 10x larger). Validation creates no garbage cycles that need
    collecting meanwhile, and the collector's previous state is restored afterwards.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    except ValidationError as exc:
        issues = issues_from_pydantic(exc, model=model, data=data)
        raise CaseValidationError(issues, title=f"invalid {model.__name__}") from None
    finally:
        if paused:
            gc.enable()


def _misplaced_bool(annotation: Any) -> Callable[[Any], bool] | None:
    """A test for a bool where ``annotation`` wants a number (``None``: nothing to test).

    pydantic's lax mode takes ``true`` for 1, so ``horizon_years = true`` would be a
    one-year horizon; a case file says a number where it means one.
    """
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return _misplaced_bool(args[0])
    if annotation is int or annotation is float:
        return lambda value: isinstance(value, bool)
    if origin is typing.Union or origin is types.UnionType:
        if bool in args:
            return None
        tests = [test for arg in args if (test := _misplaced_bool(arg)) is not None]
        return (lambda value: any(test(value) for test in tests)) if tests else None
    if origin is tuple and args:
        item = _misplaced_bool(args[0])
        if item is not None:
            return lambda value: isinstance(value, list | tuple) and any(map(item, value))
    if origin is dict and len(args) == 2:
        entry = _misplaced_bool(args[1])
        if entry is not None:
            return lambda value: isinstance(value, dict) and any(map(entry, value.values()))
    return None


@functools.cache
def _bool_tests(cls: type[BaseModel]) -> tuple[tuple[str, Callable[[Any], bool]], ...]:
    """The numeric fields of a model and the test of each for a misplaced bool."""
    found = []
    for name, field in cls.model_fields.items():
        test = _misplaced_bool(field.annotation)
        if test is not None:
            found.append((name, test))
    return tuple(found)


class Model(BaseModel):
    """Frozen pydantic model that reports every problem at once as a ``CaseValidationError``."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        validate_default=False,
        revalidate_instances="never",
        defer_build=True,
    )

    def __init__(self, /, **data: Any) -> None:
        with _validating(type(self), data):
            super().__init__(**data)

    # Marks this __init__ as pydantic's own: otherwise pydantic calls it again for every
    # nested model it validates, doubling the work at each level.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, data: Any) -> Any:
        if isinstance(data, dict):
            issues = [
                Issue(name, f"expected a number, got a boolean ({shown(data[name])})", "bool_type")
                for name, misplaced in _bool_tests(cls)
                if name in data and misplaced(data[name])
            ]
            if issues:
                raise CaseValidationError(issues)
        return data

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate ``obj``; raises `CaseValidationError` listing every problem."""
        with _validating(cls, obj):
            return super().model_validate(
                obj,
                strict=strict,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate JSON text; raises `CaseValidationError` listing every problem."""
        with _validating(cls):
            return super().model_validate_json(
                json_data, strict=strict, context=context, by_alias=by_alias, by_name=by_name
            )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with ``update`` applied and **validated** (pydantic's default skips that)."""
        if not update:
            return self
        return evolve(self, **update)


def evolve(instance: M, /, **changes: Any) -> M:
    """A validated copy of ``instance`` with ``changes`` applied, as ``attrs.evolve``.

    >>> from costdx.model._case import Stakeholder
    >>> evolve(Stakeholder(id="cfo", name="Ana"), name="Ana Ruiz").name
    'Ana Ruiz'
    """
    data = {name: getattr(instance, name) for name in type(instance).model_fields}
    data.update(changes)
    copy = type(instance).model_validate(data)
    # a case loaded from a file stays tied to it, so that saving the copy keeps the file
    if ORIGIN in instance.__dict__:
        copy.__dict__[ORIGIN] = instance.__dict__[ORIGIN]
    return copy


@functools.cache
def attribute_docs(cls: type[BaseModel]) -> dict[str, str]:
    """The docstrings written under a model's fields (its own and its bases'), by field.

    They describe the fields in the JSON Schema. Read from the source when first asked
    for, not when the class is built: pydantic's ``use_attribute_docstrings`` reads every
    model's source at import, which cost a third of ``import costdx``.

    >>> from costdx.model import Account
    >>> attribute_docs(Account)["currency"]
    'ISO 4217 code, e.g. ``USD``, ``EUR``.'
    """
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, BaseModel)) or klass is BaseModel:
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):  # no source (a frozen build): no descriptions
            continue
        body = ast.parse(source).body[0]
        assert isinstance(body, ast.ClassDef)
        for field, after in zip(body.body, body.body[1:], strict=False):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs
