"""Looking templates up, adding them to a case, and writing starter case files."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

from costdx.errors import CaseValidationError, CostdxError
from costdx.io import dump_toml
from costdx.lang import CURRENCIES, parse, to_text
from costdx.model import (
    Account,
    Bounds,
    Cause,
    Consequence,
    Diagnosis,
    Driver,
    Estimate,
    Problem,
    Source,
    Stakeholder,
    Symptom,
    Uniform,
    case_data,
    evolve,
)
from costdx.templates._catalog import build
from costdx.templates._model import Template, TemplateDriver

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "TemplateError",
    "ValueInput",
    "get",
    "list_templates",
    "names",
    "starter",
    "starter_text",
    "use",
]

ValueInput: TypeAlias = float | int | Estimate | Mapping[str, Any]
"""A value for a template driver: a number, an estimate (``cdx.PERT(...)``), or a mapping
of driver fields (``{"value": 12, "source": "measured", "evidence": "...", ...}``)."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MAX_ID = 64
_DRIVER_FIELDS = frozenset(
    {"value", "label", "source", "evidence", "confirmed_by", "confirmed_on", "assumed", "growth"}
)
TODO = "TODO"
"""How a starter case marks a value the user must fill in (its evidence starts with it)."""


class TemplateError(CostdxError):
    """A template is unknown, or used with missing, unknown or invalid values."""


@lru_cache(maxsize=1)
def _catalog() -> dict[str, Template]:
    return build()


def names() -> tuple[str, ...]:
    """The names of the shipped templates, sorted."""
    return tuple(_catalog())


def list_templates() -> tuple[Template, ...]:
    """Every shipped template, sorted by name.

    Each has ``name``, ``title``, ``category``, ``description``, ``required`` (the drivers
    the user must supply, each with ``name``, ``label`` and ``unit``), ``benchmarked``
    (drivers with a cited typical range, used when no value is given) and ``indicators``
    (optional symptom metrics and targets).
    """
    return tuple(_catalog().values())


def get(name: str) -> Template:
    """The template called ``name``.

    Raises
    ------
    TemplateError
        For an unknown name, naming the closest ones.
    """
    catalog = _catalog()
    if isinstance(name, str) and name in catalog:
        return catalog[name]
    text = str(name)
    close = difflib.get_close_matches(text, list(catalog), n=3, cutoff=0.5)
    close += [n for n in catalog if text and text in n and n not in close]
    if close:
        hint = f"did you mean {' or '.join(repr(c) for c in close[:3])}?"
    else:
        hint = f"the templates are {', '.join(catalog)}"
    raise TemplateError(f"unknown template {text!r}; {hint}")


def _prefixed(prefix: str | None) -> Callable[[str], str]:
    if prefix is None or prefix == "":
        return lambda ident: ident
    if not isinstance(prefix, str) or not _ID.match(prefix):
        raise TemplateError(
            f"prefix {prefix!r} must be a lower-case letter then letters, digits and _ "
            "(it becomes part of every id)"
        )
    head = prefix if prefix.endswith("_") else prefix + "_"
    return lambda ident: head + ident


def _rename(formula: str, rename: Callable[[str], str]) -> str:
    """``formula`` with every driver name renamed, parsed and rendered back."""
    return to_text(parse(formula), rename)


def _check_currency(currency: str) -> str:
    if currency not in CURRENCIES:
        upper = str(currency).upper()
        hint = f"; did you mean {upper!r}?" if upper in CURRENCIES else ""
        raise TemplateError(f"{currency!r} is not an ISO 4217 currency code{hint}")
    return currency


def _bounds(spec: TemplateDriver) -> Bounds | None:
    if spec.min is None and spec.max is None:
        return None
    return Bounds(min=spec.min, max=spec.max)


def _value_fields(
    spec: TemplateDriver, given: ValueInput, source: Source | str | None
) -> dict[str, Any]:
    if isinstance(given, Mapping):
        unknown = sorted(set(given) - _DRIVER_FIELDS)
        if unknown:
            raise TemplateError(
                f"values[{spec.name!r}]: unknown field {unknown[0]!r}; a value mapping may "
                f"hold {', '.join(sorted(_DRIVER_FIELDS))}"
            )
        if "value" not in given:
            raise TemplateError(f"values[{spec.name!r}]: a value mapping needs 'value'")
        fields = dict(given)
        if source is not None:
            fields.setdefault("source", source)
        return fields
    if isinstance(given, bool) or not isinstance(given, float | int | Estimate):
        raise TemplateError(
            f"values[{spec.name!r}]: give a number, an estimate (PERT, Triangular, Uniform, "
            f"LogNormal90, Normal90) or a mapping of driver fields, not {type(given).__name__}"
        )
    fields = {"value": given}
    if source is not None:
        fields["source"] = source
    return fields


def _driver(
    spec: TemplateDriver,
    ident: str,
    currency: str,
    fields: Mapping[str, Any],
    rename: Callable[[str], str],
) -> Driver:
    data: dict[str, Any] = {"id": ident, "label": spec.label, "bounds": _bounds(spec)}
    unit = spec.unit_in(currency)
    if unit:
        data["unit"] = unit
    if spec.formula is not None:
        data["formula"] = _rename(spec.formula, rename)
        data.pop("bounds")
    data.update(fields)
    try:
        return Driver.model_validate(data)
    except CaseValidationError as exc:
        messages = "; ".join(issue.message.split(" (got ")[0] for issue in exc.issues)
        raise TemplateError(
            f"values[{spec.name!r}] ({unit or 'dimensionless'}): {messages}"
        ) from None


def _benchmark_fields(spec: TemplateDriver, currency: str) -> dict[str, Any]:
    typical = spec.typical
    if typical is None:  # pragma: no cover - callers pass benchmarked drivers only
        raise TemplateError(f"{spec.name!r} has no typical range")
    return {
        "value": Uniform(low=typical.low, high=typical.high),
        "source": Source.BENCHMARK,
        "evidence": typical.evidence(spec.unit_in(currency)),
    }


def _placeholder_evidence(spec: TemplateDriver, currency: str) -> str:
    unit = spec.unit_in(currency) or "dimensionless"
    text = f"{TODO}: replace the 0 with the customer's figure for {spec.label!r} in {unit}"
    if spec.indicator:
        text += " (optional: a symptom indicator, not used in the cost)"
    text += ", then say where it came from and who confirmed it."
    if spec.guidance:
        text += f" Where to look: {spec.guidance}"
    return text


def _resolve_values(
    template: Template,
    values: Mapping[str, ValueInput],
    *,
    currency: str,
    source: Source | str | None,
    benchmarks: bool,
) -> dict[str, dict[str, Any]]:
    """The driver fields of every input driver that goes into the case, by template name."""
    known = {d.name: d for d in template.drivers}
    problems: list[str] = []
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{key!r} is not a driver of template {template.name!r}{hint}")
        elif known[key].derived:
            problems.append(f"{key!r} is derived ({known[key].formula}); give its inputs instead")
    missing: list[TemplateDriver] = []
    resolved: dict[str, dict[str, Any]] = {}
    for spec in template.inputs:
        if spec.name in values:
            resolved[spec.name] = _value_fields(spec, values[spec.name], source)
        elif spec.typical is not None and benchmarks:
            resolved[spec.name] = _benchmark_fields(spec, currency)
        elif not spec.indicator:
            missing.append(spec)
    for symptom in template.problem.symptoms:
        if symptom.target in resolved and symptom.metric not in resolved:
            problems.append(
                f"{symptom.target!r} is a target for {symptom.metric!r}: give {symptom.metric!r} "
                f"too, or leave {symptom.target!r} out"
            )
    if missing:
        count = f"{len(missing)} driver{'s' if len(missing) != 1 else ''}"
        listed = "".join(
            f"\n      {d.name} ({d.unit_in(currency) or 'dimensionless'}): {d.label}"
            for d in missing
        )
        problems.insert(0, f"missing values for {count}:{listed}")
    if problems:
        listed = "\n  - ".join(problems)
        raise TemplateError(f"template {template.name!r}:\n  - {listed}")
    return resolved


def _instance(
    template: Template,
    resolved: Mapping[str, Mapping[str, Any]],
    *,
    prefix: str | None,
    currency: str,
    owner: str | None,
    title: str | None,
) -> tuple[list[Driver], Problem]:
    rename = _prefixed(prefix)
    ids = [rename(d.name) for d in template.drivers]
    problem = template.problem
    ids += [rename(problem.id)]
    ids += [rename(s.id) for s in problem.symptoms]
    ids += [rename(c.id) for c in problem.causes]
    ids += [rename(c.id) for c in problem.consequences]
    too_long = [i for i in ids if len(i) > _MAX_ID]
    if too_long:
        raise TemplateError(
            f"prefix {prefix!r} makes ids longer than {_MAX_ID} characters, e.g. {too_long[0]!r}"
        )
    drivers: list[Driver] = []
    for spec in template.drivers:
        if spec.derived:
            drivers.append(_driver(spec, rename(spec.name), currency, {}, rename))
        elif spec.name in resolved:
            drivers.append(_driver(spec, rename(spec.name), currency, resolved[spec.name], rename))
    symptoms = []
    for s in problem.symptoms:
        metric = s.metric if s.metric in resolved else None
        target = s.target if metric is not None and s.target in resolved else None
        symptoms.append(
            Symptom(
                id=rename(s.id),
                description=s.description,
                metric=rename(metric) if metric else None,
                target=rename(target) if target else None,
            )
        )
    instance = Problem(
        id=rename(problem.id),
        title=title if title is not None else _title(problem.title, prefix),
        description=problem.description,
        owner=owner,
        symptoms=tuple(symptoms),
        causes=tuple(Cause(id=rename(c.id), description=c.description) for c in problem.causes),
        consequences=tuple(
            Consequence(
                id=rename(c.id),
                label=c.label,
                formula=_rename(c.formula, rename),
                category=c.category,
                causes=tuple(rename(k) for k in c.causes),
                description=c.description,
            )
            for c in problem.consequences
        ),
    )
    return drivers, instance


def _title(title: str, prefix: str | None) -> str:
    """The template's title, with the prefix to tell instances apart."""
    return f"{title} ({prefix.rstrip('_')})" if prefix else title


def _owner(owner: str | Stakeholder | None) -> tuple[str | None, Stakeholder | None]:
    if owner is None:
        return None, None
    if isinstance(owner, Stakeholder):
        return owner.id, owner
    if isinstance(owner, str):
        return owner, None
    raise TemplateError(f"owner must be a stakeholder id or a Stakeholder, not {owner!r}")


def use(
    name: str,
    *,
    prefix: str | None = None,
    values: Mapping[str, ValueInput] | None = None,
    into: Diagnosis | None = None,
    currency: str | None = None,
    account: str | Account = "Customer",
    owner: str | Stakeholder | None = None,
    source: Source | str | None = None,
    benchmarks: bool = True,
    title: str | None = None,
) -> Diagnosis:
    """Add one instance of template ``name`` to a case; returns a new validated case.

    Parameters
    ----------
    name:
        The template, e.g. ``"unplanned_downtime"`` (see `list_templates`).
    prefix:
        Put before every id of the instance: ``prefix="line2"`` turns the driver
        ``stops_per_month`` into ``line2_stops_per_month`` (formulas are rewritten to
        match). Without it the template's own ids are used.
    values:
        By the template's own driver names: a number, an estimate (``cdx.PERT(...)``) or a
        mapping of driver fields (``value``, ``source``, ``evidence``, ``confirmed_by``,
        ``confirmed_on``, ``assumed``, ``growth``, ``label``).
    into:
        The case to add to. ``None``: a new case with ``account`` and ``currency``.
    currency:
        Fills ``{currency}`` in the template's units. With ``into`` it must be the
        case's currency (the default); without, the default is ``USD``.
    account:
        The new case's account (a name or an `Account`) when ``into`` is ``None``.
    owner:
        The problem's owner: a stakeholder id of the case, or a `Stakeholder`
        (added to the case if it is not there).
    source:
        The source of the values given as plain numbers or estimates (default: none,
        which counts as ``estimate``).
    benchmarks:
        Whether drivers with a cited typical range may be left out (their range is then
        used, as a ``benchmark``-sourced ``Uniform`` estimate citing the source). With
        ``False`` every input must be given.
    title:
        The problem's title (default: the template's, with the prefix in brackets).

    Raises
    ------
    TemplateError
        For an unknown template (naming the closest), missing values (listing every
        missing driver with its unit), unknown value names, or a value out of bounds.
    CaseValidationError
        If the instance does not fit the case, e.g. an id the case already has.

    >>> import costdx as cdx
    >>> case = cdx.templates.use("energy_waste", values={
    ...     "energy_use": 2_000_000, "waste_share": 10, "energy_price": 0.15})
    >>> round(cdx.quantify(case).annual_cost)
    30000
    """
    template = get(name)
    if into is not None and not isinstance(into, Diagnosis):
        raise TemplateError(f"into must be a Diagnosis, not {type(into).__name__}")
    if into is not None:
        case_currency = into.account.currency
        if currency is not None and currency != case_currency:
            raise TemplateError(
                f"currency {currency!r} differs from the case's currency {case_currency!r}; "
                "a case has one currency"
            )
        currency = case_currency
    else:
        currency = _check_currency(currency if currency is not None else "USD")
    if values is not None and not isinstance(values, Mapping):
        raise TemplateError(f"values must be a mapping of driver name to value, not {values!r}")
    resolved = _resolve_values(
        template, values or {}, currency=currency, source=source, benchmarks=benchmarks
    )
    owner_id, new_stakeholder = _owner(owner)
    drivers, problem = _instance(
        template, resolved, prefix=prefix, currency=currency, owner=owner_id, title=title
    )
    return _combine(
        template,
        into,
        (drivers, problem, new_stakeholder),
        account=account,
        currency=currency,
    )


def _combine(
    template: Template,
    into: Diagnosis | None,
    parts: tuple[list[Driver], Problem, Stakeholder | None],
    *,
    account: str | Account,
    currency: str,
) -> Diagnosis:
    drivers, problem, stakeholder = parts
    if into is None:
        if isinstance(account, Account):
            if account.currency != currency:
                account = evolve(account, currency=currency)
        else:
            account = Account(name=account, currency=currency)
        return Diagnosis.model_validate(
            {
                "id": "case",
                "title": template.title,
                "account": account,
                "counted_units": template.counted_units,
                "stakeholders": (stakeholder,) if stakeholder is not None else (),
                "drivers": tuple(drivers),
                "problems": (problem,),
            }
        )
    stakeholders = into.stakeholders
    if stakeholder is not None and stakeholder not in stakeholders:
        stakeholders = (*stakeholders, stakeholder)
    counted = into.counted_units + tuple(
        u for u in template.counted_units if u not in into.counted_units
    )
    return evolve(
        into,
        counted_units=counted,
        stakeholders=stakeholders,
        drivers=(*into.drivers, *drivers),
        problems=(*into.problems, problem),
    )


def starter(
    name: str,
    *,
    currency: str = "USD",
    prefix: str | None = None,
    account: str | Account = "Customer",
) -> Diagnosis:
    """A starter case of template ``name``: every value the user must give is 0, marked
    ``TODO`` in its evidence; drivers with a cited range hold the range (a benchmark).

    The case validates and quantifies (to 0 until the values are filled in).
    """
    template = get(name)
    currency = _check_currency(currency)
    values: dict[str, ValueInput] = {}
    for spec in template.inputs:
        if spec.typical is None:
            values[spec.name] = {"value": 0, "evidence": _placeholder_evidence(spec, currency)}
    case = use(name, values=values, currency=currency, prefix=prefix, account=account)
    return evolve(case, id=template.name, title=f"{template.title}: starter case")


def starter_text(
    name: str,
    *,
    currency: str = "USD",
    prefix: str | None = None,
    account: str | Account = "Customer",
) -> str:
    """The starter case of template ``name`` as a commented TOML case file.

    The text is checked before it is returned: read back, it validates and equals
    `starter`.
    """
    template = get(name)
    case = starter(name, currency=currency, prefix=prefix, account=account)
    data = case_data(case, mode="python")
    drivers = data.pop("drivers")
    problems = data.pop("problems")
    todo = sum(1 for d in drivers if str(d.get("evidence", "")).startswith(TODO))
    header = [
        f"# costdx starter case: {template.title} (template {template.name!r}).",
        f"# Written by `costdx new --template {template.name}`.",
        "#",
        f"# {todo} driver{'s' if todo != 1 else ''} below hold a placeholder 0 with evidence "
        f'starting "{TODO}":',
        "# replace each 0 with the customer's figure (a number, or an estimate such as",
        '# value = { dist = "pert", low = 6, likely = 8, high = 12 }), set source',
        "# (measured, customer, benchmark, estimate), evidence and confirmed_by.",
        "# Drivers with source = benchmark hold a cited typical range: keep or replace them.",
        "# Then: costdx check FILE, costdx quantify FILE.",
        "",
    ]
    parts = ["\n".join(header), dump_toml(data).rstrip("\n"), "", "# --- drivers ---"]
    for driver in drivers:
        evidence = str(driver.get("evidence", ""))
        if evidence.startswith(TODO):
            parts.append(f"\n# {TODO}: fill in {driver['id']} ({driver.get('unit', '1')})")
        elif driver.get("source") == Source.BENCHMARK:
            parts.append(f"\n# benchmark: {driver['id']} holds a cited typical range")
        elif "formula" in driver:
            parts.append(f"\n# derived: {driver['id']} is computed; do not fill in")
        parts.append(dump_toml({"drivers": [driver]}).strip("\n"))
    parts += ["", "# --- the problem ---", dump_toml({"problems": problems}).strip("\n")]
    text = "\n".join(parts) + "\n"
    again = Diagnosis.model_validate(tomllib.loads(text))
    if again != case:  # pragma: no cover - a bug in the writer, not in the user's input
        raise TemplateError(f"the starter text of {name!r} does not read back as written")
    return text
