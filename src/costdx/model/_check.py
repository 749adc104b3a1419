"""Cross-reference checks over a whole case, and compilation into a `Plan`.

Runs after field validation. It collects *every* problem — duplicate ids, unknown ids
(with a suggestion for a misspelt one), cycles among derived drivers, unknown units,
unit mismatches, a consequence that is not money — and raises one
`CaseValidationError`. Every step is linear in the size of the case
(dictionary look-ups, one topological sort), so large cases validate quickly.
"""

from __future__ import annotations

import difflib
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

from pint.util import UnitsContainer

from costdx.errors import CaseValidationError, Issue, UnitError, join_location
from costdx.lang import (
    CURRENCIES,
    DIMENSIONLESS,
    Node,
    ParsedUnit,
    Typed,
    UnitChecker,
    calendar_terms,
    compatible,
    convert_to,
    currencies_in,
    currency_dims,
    ensure_counted,
    format_dims,
    names,
    parse,
    parse_unit,
    per_year_dims,
    time_exponent,
)
from costdx.model._hints import unit_fix
from costdx.model._plan import ConsequenceStep, DerivedStep, Kind, Plan
from costdx.model._terms import (
    Account,
    Calendar,
    Correlation,
    Driver,
    Problem,
    Scenario,
    Source,
    Stakeholder,
)

__all__ = [
    "MAX_SUGGESTIONS",
    "RESERVED_IDS",
    "CaseParts",
    "Suggestions",
    "check",
    "override_issues",
    "suggest",
]


RESERVED_IDS = frozenset({"annual_cost", "one_time_cost"})
"""Ids a problem or consequence cannot take: results use them for the totals."""


class CaseParts(Protocol):
    """What the checker reads of a case: a `Diagnosis`'s fields, before it is one."""

    @property
    def account(self) -> Account: ...
    @property
    def calendar(self) -> Calendar: ...
    @property
    def counted_units(self) -> tuple[str, ...]: ...
    @property
    def stakeholders(self) -> tuple[Stakeholder, ...]: ...
    @property
    def drivers(self) -> tuple[Driver, ...]: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...
    @property
    def correlations(self) -> tuple[Correlation, ...]: ...
    @property
    def scenarios(self) -> tuple[Scenario, ...]: ...


MAX_SUGGESTIONS = 20
"""How many unknown ids of one case get a "did you mean" suggestion. Each compares the id
with every candidate, so a case of thousands of misspelt ids would otherwise take time
that grows with the square of its size; past the first 20 the ids are named alone."""


def suggest(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest candidate, or ``""``."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Suggestions:
    """`suggest` for the first `MAX_SUGGESTIONS` names asked about, ``""`` after."""

    def __init__(self) -> None:
        self.left = MAX_SUGGESTIONS

    def __call__(self, name: str, candidates: Iterable[str]) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        return suggest(name, candidates)


class _Checker:
    def __init__(self, case: CaseParts) -> None:
        self.case = case
        self.issues: list[Issue] = []
        self.calendar = case.calendar.per_year()
        self.currency = case.account.currency
        self.drivers: dict[str, Driver] = {}
        self.driver_loc: dict[str, str] = {}
        self.stakeholders = {s.id for s in case.stakeholders}
        self.units: dict[str, ParsedUnit] = {}
        self.display: dict[str, str] = {}
        self.ref: dict[str, tuple[float, UnitsContainer]] = {}
        self.gaps: list[tuple[str, str, str]] = []
        self.suggest = Suggestions()

    def add(self, location: str, message: str, code: str) -> None:
        self.issues.append(Issue(location, message, code))

    def entities(self) -> Iterator[tuple[str, str, str]]:
        case = self.case
        for i, s in enumerate(case.stakeholders):
            yield s.id, f"stakeholders[{i}]", "stakeholder"
        for i, d in enumerate(case.drivers):
            yield d.id, f"drivers[{i}]", "driver"
        for i, p in enumerate(case.problems):
            yield p.id, f"problems[{i}]", "problem"
            for j, symptom in enumerate(p.symptoms):
                yield symptom.id, f"problems[{i}].symptoms[{j}]", "symptom"
            for j, cause in enumerate(p.causes):
                yield cause.id, f"problems[{i}].causes[{j}]", "cause"
            for j, cons in enumerate(p.consequences):
                yield cons.id, f"problems[{i}].consequences[{j}]", "consequence"

    def check_ids(self) -> None:
        seen: dict[str, str] = {}
        for ident, location, kind in self.entities():
            if ident in seen:
                self.add(
                    f"{location}.id",
                    f"duplicate id {ident!r}: {seen[ident]} already has it "
                    "(ids are unique across the case)",
                    "duplicate_id",
                )
                continue
            seen[ident] = location
            if kind in ("problem", "consequence") and ident in RESERVED_IDS:
                self.add(
                    f"{location}.id",
                    f"{ident!r} names a total in costdx's results; choose another id",
                    "reserved_id",
                )
            if kind == "driver":
                self.drivers[ident] = self.case.drivers[int(location[8:-1])]
                self.driver_loc[ident] = location

    def stakeholder_ref(self, ident: str | None, location: str) -> None:
        if ident is not None and ident not in self.stakeholders:
            self.add(
                location,
                f"unknown stakeholder {ident!r}{self.suggest(ident, self.stakeholders)}",
                "unknown_reference",
            )

    def driver_ref(self, ident: str | None, location: str) -> bool:
        if ident is None:
            return False
        if ident not in self.drivers:
            self.add(
                location,
                f"unknown driver {ident!r}{self.suggest(ident, self.drivers)}",
                "unknown_reference",
            )
            return False
        return True

    def check_references(self) -> None:
        case = self.case
        for i, d in enumerate(case.drivers):
            self.stakeholder_ref(d.confirmed_by, f"drivers[{i}].confirmed_by")
        for i, p in enumerate(case.problems):
            self.stakeholder_ref(p.owner, f"problems[{i}].owner")
            cause_ids = {c.id for c in p.causes}
            for j, s in enumerate(p.symptoms):
                here = f"problems[{i}].symptoms[{j}]"
                metric_ok = self.driver_ref(s.metric, f"{here}.metric")
                target_ok = self.driver_ref(s.target, f"{here}.target")
                if metric_ok and target_ok and s.metric is not None and s.target is not None:
                    self.gaps.append((s.metric, s.target, here))
            for j, c in enumerate(p.consequences):
                here = f"problems[{i}].consequences[{j}]"
                bearers: set[str] = set()
                for k, who in enumerate(c.borne_by):
                    self.stakeholder_ref(who, f"{here}.borne_by[{k}]")
                    if who in bearers:
                        self.add(
                            f"{here}.borne_by[{k}]",
                            f"{who!r} is named twice; a consequence is split evenly among the "
                            "stakeholders who bear it, so each is named once",
                            "duplicate_id",
                        )
                    bearers.add(who)
                for k, cause in enumerate(c.causes):
                    if cause not in cause_ids:
                        self.add(
                            f"{here}.causes[{k}]",
                            f"{cause!r} is not a cause of problem {p.id!r}"
                            f"{self.suggest(cause, cause_ids)}",
                            "unknown_reference",
                        )

    def check_gaps(self) -> None:
        """A gap is ``current − target``: the metric and target need one unit (known for
        derived drivers only once they are compiled)."""
        for metric, target, here in self.gaps:
            a, b = self.ref.get(metric), self.ref.get(target)
            if a is not None and b is not None and a != b:  # else reported already
                self.add(
                    f"{here}.target",
                    f"metric {metric!r} is {self.display[metric]} but target {target!r} is "
                    f"{self.display[target]}; give both in one unit, as the gap is "
                    "current − target",
                    "unit_mismatch",
                )

    def parse_units(self) -> None:
        counted: list[str] = []
        for k, name in enumerate(self.case.counted_units):
            try:
                ensure_counted(name)
            except UnitError as exc:
                self.add(f"counted_units[{k}]", str(exc), "unknown_unit")
            else:
                counted.append(name)
        for ident, driver in self.drivers.items():
            if driver.unit is None:
                continue
            location = f"{self.driver_loc[ident]}.unit"
            try:
                unit = parse_unit(driver.unit, counted=counted)
            except UnitError as exc:
                self.add(location, str(exc), "unknown_unit")
                continue
            foreign = [c for c in currencies_in(unit.dims) if c != self.currency]
            if foreign:
                self.add(
                    location,
                    f"unit {driver.unit!r} is in {foreign[0]} but the account's currency is "
                    f"{self.currency}",
                    "currency_mismatch",
                )
                continue
            self.units[ident] = unit

    def order_derived(self) -> list[str]:
        """Topological order of the derived drivers (Kahn); reports unknown ids and cycles."""
        deps: dict[str, set[str]] = {}
        for ident, driver in self.drivers.items():
            if driver.formula is None:
                continue
            used = names(parse(driver.formula))
            missing = sorted(u for u in used if u not in self.drivers)
            for name in missing:
                self.add(
                    f"{self.driver_loc[ident]}.formula",
                    f"unknown driver {name!r} in formula {driver.formula!r}"
                    f"{self.suggest(name, self.drivers)}",
                    "unknown_reference",
                )
            deps[ident] = {u for u in used if u in self.drivers and self.drivers[u].derived}
        indegree = {ident: len(d) for ident, d in deps.items()}
        users: dict[str, list[str]] = defaultdict(list)
        for ident, d in deps.items():
            for u in d:
                users[u].append(ident)
        queue = deque(ident for ident, n in indegree.items() if n == 0)
        order: list[str] = []
        while queue:
            ident = queue.popleft()
            order.append(ident)
            for user in users[ident]:
                indegree[user] -= 1
                if indegree[user] == 0:
                    queue.append(user)
        if len(order) < len(deps):
            self.report_cycles({i for i, n in indegree.items() if n > 0}, deps)
        return order

    def report_cycles(self, stuck: set[str], deps: dict[str, set[str]]) -> None:
        """One issue per group of derived drivers that depend on each other, naming a
        cycle through it; drivers that merely depend on a cycle are not reported.

        Linear in the drivers and their references: Tarjan's strongly connected
        components, then one walk inside each.
        """
        position = {ident: k for k, ident in enumerate(self.drivers)}.__getitem__
        found: list[list[str]] = []
        for group in _strongly_connected(sorted(stuck, key=position), deps, stuck):
            if len(group) == 1 and group[0] not in deps[group[0]]:
                continue  # behind a cycle, not in one
            inside = set(group)
            node = min(group, key=position)
            path, seen = [node], {node: 0}
            while True:
                node = min((d for d in deps[node] if d in inside), key=position)
                if node in seen:
                    found.append([*path[seen[node] :], node])
                    break
                seen[node] = len(path)
                path.append(node)
        for cycle in sorted(found, key=lambda c: position(c[0])):
            self.add(
                f"{self.driver_loc[cycle[0]]}.formula",
                f"derived drivers form a cycle: {_cycle_text(cycle)}",
                "cycle",
            )

    def compile(self, order: list[str]) -> Plan:
        checker = UnitChecker(self.ref_unit, self.calendar)
        derived: list[DerivedStep] = []
        weakest: dict[str, Source] = {}
        confirmed: dict[str, bool] = {}
        inputs_of: dict[str, frozenset[str]] = {}
        for ident, driver in self.drivers.items():
            if not driver.derived:
                weakest[ident] = driver.effective_source
                confirmed[ident] = driver.confirmed_by is not None
                inputs_of[ident] = frozenset((ident,))
                if ident in self.units:
                    unit = self.units[ident]
                    self.ref[ident] = (unit.factor, unit.dims)
                    self.display[ident] = driver.unit or "1"
                elif driver.unit is None:
                    self.ref[ident] = (1.0, UnitsContainer({}))
                    self.display[ident] = "1"
        broken: set[str] = {
            i for i in self.drivers if i not in self.ref and not self.drivers[i].derived
        }
        # derived drivers left out of the order are in (or behind) a cycle, reported already
        ordered = set(order)
        broken.update(i for i, d in self.drivers.items() if d.derived and i not in ordered)
        for ident in order:
            driver = self.drivers[ident]
            assert driver.formula is not None
            tree = parse(driver.formula)
            used = names(tree)
            if used & broken or any(u not in self.drivers for u in used):
                broken.add(ident)
                continue
            location = f"{self.driver_loc[ident]}.formula"
            try:
                typed = checker.infer(tree)
                node, dims, shown = self.fit_declared(ident, driver, typed)
            except UnitError as exc:
                self.add(location, f"{exc}; {self.hint(tree, checker, ident)}", "unit_mismatch")
                broken.add(ident)
                continue
            derived.append(DerivedStep(ident, node, dims, shown, tree))
            declared = self.units.get(ident)
            self.ref[ident] = (declared.factor, declared.dims) if declared else (1.0, dims)
            self.display[ident] = shown
            weakest[ident] = max(
                (weakest[u] for u in used), key=lambda s: s.strength, default=Source.ESTIMATE
            )
            confirmed[ident] = all(confirmed[u] for u in used)
            inputs_of[ident] = frozenset().union(*(inputs_of[u] for u in used))
        consequences = self.compile_consequences(checker, broken, weakest, confirmed, inputs_of)
        return Plan(
            currency=self.currency,
            calendar=self.calendar,
            drivers=dict(self.drivers),
            units=self.display,
            inputs=tuple(i for i, d in self.drivers.items() if not d.derived),
            derived=tuple(derived),
            consequences=tuple(consequences),
            derived_inputs={s.id: inputs_of[s.id] for s in derived},
        )

    def ref_unit(self, ident: str) -> tuple[float, UnitsContainer]:
        return self.ref[ident]

    def units_of(self, used: Iterable[str]) -> str:
        shown = ", ".join(f"{u} is {self.display.get(u, '?')}" for u in sorted(used))
        return f"units: {shown}" if shown else "no drivers"

    def fit_declared(
        self, ident: str, driver: Driver, typed: Typed
    ) -> tuple[Node, UnitsContainer, str]:
        declared = self.units.get(ident)
        if driver.unit is not None and declared is None:
            raise UnitError("its unit could not be read")
        if declared is None:
            return typed.node, typed.dims, format_dims(typed.dims)
        if not typed.literal and not compatible(typed.dims, declared.dims):
            raise UnitError(
                f"formula {driver.formula!r} gives {format_dims(typed.dims)} but the driver's "
                f"unit is {driver.unit!r} ({format_dims(declared.dims)})"
            )
        if typed.literal and declared.dims != DIMENSIONLESS:
            return typed.node, declared.dims, driver.unit or "1"  # a number in its own unit
        node = convert_to(typed, declared.dims, self.calendar, factor=1.0 / declared.factor)
        return node, declared.dims, driver.unit or "1"

    def compile_consequences(
        self,
        checker: UnitChecker,
        broken: set[str],
        weakest: dict[str, Source],
        confirmed: dict[str, bool],
        inputs_of: dict[str, frozenset[str]],
    ) -> list[ConsequenceStep]:
        steps: list[ConsequenceStep] = []
        money = currency_dims(self.currency)
        annual = per_year_dims(self.currency)
        for i, problem in enumerate(self.case.problems):
            for j, cons in enumerate(problem.consequences):
                location = f"problems[{i}].consequences[{j}].formula"
                tree = parse(cons.formula)
                used = names(tree)
                missing = sorted(u for u in used if u not in self.drivers)
                for name in missing:
                    self.add(
                        location,
                        f"unknown driver {name!r} in formula {cons.formula!r}"
                        f"{self.suggest(name, self.drivers)}",
                        "unknown_reference",
                    )
                if missing or used & broken:
                    continue
                try:
                    typed = checker.infer(tree)
                except UnitError as exc:
                    self.add(location, f"{exc}; {self.units_of(used)}", "unit_mismatch")
                    continue
                dims = typed.dims
                if compatible(dims, annual) and time_exponent(dims) == -1:
                    kind, target = Kind.RECURRING, annual
                elif compatible(dims, money):
                    kind, target = Kind.ONE_TIME, money
                else:
                    target = annual if time_exponent(dims) < 0 else money
                    units = unit_fix(tree, self.dims_of(used), self.display, dims, [target])
                    self.add(location, self.not_money(cons.formula, dims, units), "not_money")
                    continue
                node = convert_to(typed, target, self.calendar)
                terms = calendar_terms(dims, target)
                source = max(
                    (weakest[u] for u in used), key=lambda s: s.strength, default=Source.ESTIMATE
                )
                steps.append(
                    ConsequenceStep(
                        id=cons.id,
                        problem=problem.id,
                        index=(i, j),
                        node=node,
                        raw=typed.node,
                        raw_unit=format_dims(dims),
                        kind=kind,
                        annualise=terms,
                        inputs=frozenset().union(*(inputs_of[u] for u in used)),
                        source=source,
                        confirmed=bool(used) and all(confirmed[u] for u in used),
                        written=tree,
                    )
                )
        return steps

    def dims_of(self, used: Iterable[str]) -> dict[str, UnitsContainer]:
        return {u: self.ref[u][1] for u in used if u in self.ref}

    def hint(self, tree: Node, checker: UnitChecker, ident: str) -> str:
        """The units of a derived driver's inputs, first the one whose unit would give the
        driver its declared unit, if one would."""
        declared, used = self.units.get(ident), names(tree)
        try:
            got = checker.infer(tree).dims
        except UnitError:
            return self.units_of(used)
        targets = [declared.dims] if declared is not None else []
        return unit_fix(tree, self.dims_of(used), self.display, got, targets)

    def not_money(self, formula: str, dims: UnitsContainer, units: str) -> str:
        foreign = [c for c in currencies_in(dims) if c in CURRENCIES and c != self.currency]
        wanted = f"money per time ({self.currency}/year) or money ({self.currency})"
        hint = f"; it uses {foreign[0]}" if foreign else ""
        return (
            f"formula {formula!r} gives {format_dims(dims)}, which is not {wanted}{hint}; {units}"
        )

    def check_correlations(self) -> None:
        seen: dict[frozenset[str], int] = {}
        for k, corr in enumerate(self.case.correlations):
            here = f"correlations[{k}]"
            for side in ("a", "b"):
                ident = getattr(corr, side)
                if (
                    self.driver_ref(ident, f"{here}.{side}")
                    and self.drivers[ident].estimate is None
                ):
                    self.add(
                        f"{here}.{side}",
                        f"driver {ident!r} is not an estimate, so it cannot be correlated",
                        "not_an_estimate",
                    )
            if corr.a == corr.b:
                self.add(
                    here, f"a driver cannot be correlated with itself ({corr.a!r})", "invalid_value"
                )
            pair = frozenset((corr.a, corr.b))
            if pair in seen:
                self.add(
                    here, f"correlations[{seen[pair]}] already pairs these drivers", "duplicate_id"
                )
            seen[pair] = k

    def check_scenarios(self) -> None:
        names_seen: set[str] = set()
        for k, scenario in enumerate(self.case.scenarios):
            here = f"scenarios[{k}]"
            if scenario.name in names_seen:
                self.add(f"{here}.name", f"duplicate scenario {scenario.name!r}", "duplicate_id")
            names_seen.add(scenario.name)
            self.issues.extend(override_issues(scenario, self.drivers, here))


_SHOWN_IN_CYCLE = 6


def _cycle_text(cycle: list[str]) -> str:
    """``a -> b -> a``; a long cycle by its first and last ids and its length."""
    ids = cycle[:-1]
    if len(ids) <= _SHOWN_IN_CYCLE:
        return " -> ".join(cycle)
    shown = [*ids[:3], "...", *ids[-2:], ids[0]]
    return f"{' -> '.join(shown)} ({len(ids):,} drivers)"


def _strongly_connected(
    nodes: list[str], deps: Mapping[str, set[str]], within: set[str]
) -> list[list[str]]:
    """Tarjan's strongly connected components of the graph ``node -> deps[node]`` (edges
    to nodes outside ``within`` left out), without recursion, so depth cannot overflow."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> Iterator[str]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return iter(sorted(d for d in deps[node] if d in within))

    for root in nodes:
        if root in index:
            continue
        work = [(root, visit(root))]
        while work:
            node, pending = work[-1]
            for successor in pending:
                if successor not in index:
                    work.append((successor, visit(successor)))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups


def override_issues(
    scenario: Scenario, drivers: Mapping[str, Driver], here: str = ""
) -> list[Issue]:
    """What is wrong with a scenario's overrides against a case's drivers: every override
    must be an input (not derived) driver's, within its bounds."""
    issues: list[Issue] = []
    hint = Suggestions()
    for ident, spec in scenario.overrides.items():
        location = join_location(here, f"overrides.{ident}")
        driver = drivers.get(ident)
        if driver is None:
            message = f"override {ident!r} is not a driver of the case{hint(ident, drivers)}"
            issues.append(Issue(location, message, "unknown_reference"))
        elif driver.derived:
            message = f"{ident!r} is derived; override its inputs"
            issues.append(Issue(location, message, "invalid_value"))
        elif driver.bounds is not None and (message := driver.bounds.outside(spec)):  # type: ignore[assignment]
            issues.append(Issue(location, message, "out_of_bounds"))
    return issues


def check(case: CaseParts) -> Plan:
    """Check every cross-reference and unit of ``case`` and compile it.

    Raises
    ------
    CaseValidationError
        Listing every problem found, each with its location.
    """
    checker = _Checker(case)
    checker.check_ids()
    checker.parse_units()
    checker.check_references()
    order = checker.order_derived()
    plan = checker.compile(order)
    checker.check_gaps()
    checker.check_correlations()
    checker.check_scenarios()
    if checker.issues:
        raise CaseValidationError(checker.issues)
    return plan
