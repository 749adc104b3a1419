"""The ``costdx`` command line.

Every error a user can cause ends in one readable line and a non-zero exit; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from costdx import templates
from costdx._fs import atomic_write
from costdx._version import __version__
from costdx.engine import Keep, Quantification, Simulation, quantify, score, simulate
from costdx.errors import CaseFileError, CaseValidationError, CostdxError, Issue, OptionError
from costdx.io import (
    TABLE_SUFFIXES,
    apply_excel,
    load,
    load_any,
    load_tracking,
    read_accounts,
    read_data,
    read_excel,
    read_measurements,
    save,
    schema,
    write_csv,
    write_table,
)
from costdx.model import Diagnosis, Measurement, Tracking, ValueCase, check
from costdx.report.discussion import write_discussion
from costdx.report.excel import write_excel
from costdx.value import Evaluation, SolutionResult, evaluate, qualify, track

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
LISTED = 50
"""The most problems of an invalid case printed; ``costdx check`` says how many more."""

_EXAMPLES = """examples:
  costdx check examples/acme.toml --strict
  costdx quantify examples/acme.toml --format csv
  costdx simulate examples/acme.toml -n 100000 --seed 7
  costdx evaluate examples/acme.toml --simulate 10000
  costdx report examples/acme.toml -o acme-value-report.xlsx --simulate 10000 --seed 7
  costdx apply acme-value-report.xlsx examples/acme.toml
  costdx discuss examples/acme.toml -o acme-discussion.docx --simulate 10000 --seed 7
  costdx track examples/acme.toml examples/acme_tracking.csv --simulate 10000 --seed 7
  costdx new downtime.toml --template unplanned_downtime --currency EUR
  costdx score examples/acme.toml examples/accounts.csv -o scores.csv --top 20 \\
      --probability probability_of_change --carry name --carry industry --carry region
  costdx schema > costdx-case.schema.json
"""


def _money(value: float) -> str:
    text = f"{value:,.0f}"
    # a float's last bit (an NPV of -1e-11 at an IRR) is no loss: -0 is 0
    return "0" if text == "-0" else text


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def render_summary(q: Quantification) -> str:
    """The plain-text summary ``costdx quantify`` prints."""
    c = q.currency
    case = q.case
    lines = [
        f"{case.title or case.id} ({case.account.name})",
        f"basis: {q.basis}" + (f", scenario: {q.scenario.name}" if q.scenario else ""),
        "",
        f"Cost of the problem   {_money(q.annual_cost):>14} {c}/year",
        f"Cost of delay         {_money(q.cost_of_delay('month')):>14} {c}/month",
        f"One-time costs        {_money(q.one_time_cost):>14} {c}",
        f"Confirmed by customer {q.confirmed_share:>14.0%} of the annual cost",
        "",
        "By problem",
    ]
    problems = q.by_problem()
    rows = [["problem", f"{c}/year", "one-time", "share"]] + [
        [str(i), _money(r.annual_cost), _money(r.one_time_cost), f"{r.share:.0%}"]
        for i, r in problems.iterrows()
    ]
    lines += _table(rows, {1, 2, 3})
    lines += ["", "By source (a consequence counts toward its weakest input)"]
    sources = q.by_source()
    rows = [["source", "consequences", f"{c}/year", "share"]] + [
        [str(i), str(int(r.consequences)), _money(r.annual_cost), f"{r.share:.0%}"]
        for i, r in sources.iterrows()
    ]
    lines += _table(rows, {1, 2, 3})
    return "\n".join(lines)


def _read(file: str, err: TextIO) -> Diagnosis | ValueCase:
    """A case file, or a costdx workbook with the customer's edits (listed on ``err``)."""
    suffix = Path(file).suffix.lower()
    if suffix not in (".toml", ".json", ".xlsx"):
        raise CaseFileError(
            f"{file}: costdx reads a case file (.toml or .json) or a costdx workbook (.xlsx), "
            f"not {Path(file).suffix!r}"
        )
    if suffix == ".xlsx":
        edited = read_excel(file)
        for change in edited.changes:
            err.write(f"edited {change}\n")
        return edited.case
    return load_any(file)


def _diagnosis(case: Diagnosis | ValueCase | Tracking) -> Diagnosis:
    if isinstance(case, Tracking):
        return case.value_case.diagnosis
    return case.diagnosis if isinstance(case, ValueCase) else case


def _warn(findings: Sequence[Issue], err: TextIO) -> None:
    """The plausibility findings, one line each, on ``err`` (beside the results)."""
    for issue in findings:
        err.write(f"costdx: {issue}\n")


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:

    value = ""
    # a [value_case] table is checked too: evaluate and report would refuse it later; and so
    # is a [tracking] table, which track would
    loaded: Diagnosis | ValueCase | Tracking = _read(args.file, out)
    case = _diagnosis(loaded)
    if isinstance(loaded, ValueCase):
        count, years = len(loaded.solutions), loaded.horizon_years
        value = (
            f"; a value case of {count} solution{'s' if count != 1 else ''} over {years} "
            f"year{'s' if years != 1 else ''}"
        )
        if Path(args.file).suffix.lower() != ".xlsx" and "tracking" in read_data(args.file):
            tracked = load_tracking(args.file)
            rows = len(tracked.measurements)
            value += (f"; a tracking of {tracked.bought.id} live from {tracked.go_live}, {rows} "
                      f"measurement{'s' if rows != 1 else ''}")  # fmt: skip
            loaded = tracked
    plan = case.plan
    counts = ", ".join(
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((len(case.problems), "problem"), (len(plan.consequences), "consequence"))
    )
    findings = check(loaded)
    errors = [i for i in findings if i.severity == "error"]
    warnings = [i for i in findings if i.severity == "warning"]
    verdict = "invalid" if errors else "valid"
    out.write(
        f"{args.file}: {verdict}: {len(case.drivers)} drivers ({len(plan.derived)} derived), "
        f"{counts}{value}\n"
    )
    for issue in findings:
        out.write(f"{issue}\n")
    if warnings:
        tally = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        if args.strict:
            out.write(f"{tally}: failed (--strict fails on warnings)\n")
        else:
            out.write(f"{tally}; costdx check --strict fails on them\n")
    return EXIT_INVALID if errors or (args.strict and warnings) else EXIT_OK


def _cmd_quantify(args: argparse.Namespace, out: TextIO) -> int:
    q = quantify(_diagnosis(_read(args.file, sys.stderr)), basis=args.basis,
                 scenario=args.scenario)  # fmt: skip
    if args.format == "table":
        out.write(render_summary(q) + "\n")
    elif args.format == "json":
        payload: dict[str, Any] = {
            **q.summary(),
            "basis": q.basis,
            "scenario": q.scenario.name if q.scenario else None,
            "by_problem": q.by_problem().reset_index().to_dict(orient="records"),
            "by_source": q.by_source().reset_index().to_dict(orient="records"),
            "by_consequence": q.by_consequence().reset_index().to_dict(orient="records"),
        }
        out.write(json.dumps(payload, indent=2) + "\n")
    else:
        write_csv(q.by_consequence(), out)
    _warn(q.warnings, sys.stderr)
    return EXIT_OK


def render_comparison(ev: Evaluation) -> str:
    """The plain-text comparison ``costdx evaluate`` prints."""
    c = ev.currency
    vc = ev.value_case
    years = f"{vc.horizon_years} year{'s' if vc.horizon_years != 1 else ''}"
    lines = [
        f"{vc.diagnosis.title or vc.diagnosis.id}",
        f"horizon {years}, discount rate {vc.discount_rate:.1%}; cost of the "
        f"problem {_money(ev.problem_cost_nominal)} {c} "
        f"({_money(ev.problem_cost_discounted)} {c} discounted)",
        "",
    ]

    def pct(x: float, digits: int = 0) -> str:
        return "n/a" if math.isnan(x) else f"{x:.{digits}%}"

    def months(x: float) -> str:
        return "n/a" if math.isnan(x) else f"{x:.1f}"

    several = {sid: r.irr for sid, r in ev.solutions.items() if r.irr.status == "multiple_roots"}

    def irr(r: SolutionResult) -> str:
        if r.total_investment <= 0 or r.irr.status == "no_root":
            return "n/a"
        if r.irr.status == "not_converged":
            return "not found"
        # one decimal, as the Jupyter view and the workbook show an IRR
        return pct(r.irr.rate, 1) + ("*" if r.id in several else "")

    rows = [["solution", "investment", "benefit", "NPV", "ROI", "IRR", "payback mo",
             "slip/month", "affordable"]]  # fmt: skip
    for sid, r in ev.solutions.items():
        rows.append(
            [sid, _money(r.total_investment), _money(r.total_benefit), _money(r.npv), pct(r.roi),
             irr(r), months(r.payback_months),
             _money(r.slip_cost_per_month), _money(r.affordable_investment)]
        )  # fmt: skip
    lines += _table(rows, set(range(1, 9)))
    for sid, result in several.items():
        roots = ", ".join(f"{root:.1%}" for root in result.roots)
        lines.append(f"* {sid}: the cash flow changes sign more than once and has several IRRs "
                     f"({roots}); shown is the one Excel's IRR returns")  # fmt: skip
    sim = ev.simulation
    if sim is not None:
        lines += ["", f"Monte Carlo: {sim.n:,} samples, seed {sim.seed} (repeat with --seed "
                  f"{sim.seed}); NPV P10, P50 and P90, and the chance NPV < 0"]  # fmt: skip
        rows = [["solution", "NPV P10", "NPV P50", "NPV P90", "P(NPV < 0)"]]
        for sid, r in ev.solutions.items():
            p10, p50, p90 = (float(np.percentile(r.samples["npv"], q)) for q in (10, 50, 90))
            rows.append([sid, _money(p10), _money(p50), _money(p90),
                         f"{r.prob_npv_negative():.1%}"])  # fmt: skip
        lines += _table(rows, {1, 2, 3, 4})
    lines += ["", "Conventions"]
    lines += [f"  {k}: {v}" for k, v in ev.conventions().items()]
    return "\n".join(lines)


def _value_case(file: str, command: str) -> ValueCase:
    """The value case a command needs, from a case file or a workbook."""
    case = _read(file, sys.stderr)
    if not isinstance(case, ValueCase):
        raise _needs_value_case(command, file)
    return case


def _needs_value_case(command: str, file: str) -> OptionError:
    return OptionError(
        f"{file}: {command} needs a [value_case] table with solutions, and the case has none; "
        f"add one (see the value case in the docs); costdx quantify {file} gives the cost of "
        "the problem alone"
    )


def _seed_needs_simulate(args: argparse.Namespace) -> int | None:
    if args.seed is not None and args.simulate is None:
        sys.stderr.write(
            f"costdx {args.command}: --seed sets the seed of a simulation; add --simulate N "
            "(or leave out --seed)\n"
        )
        return EXIT_USAGE
    return None


def _cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:

    vc = _value_case(args.file, "evaluate")
    sim = None
    if args.simulate is not None:
        sim = simulate(vc.diagnosis, n=args.simulate, seed=args.seed, keep="consequences",
                       basis=args.basis, scenario=args.scenario)  # fmt: skip
    ev = evaluate(vc, basis=args.basis, scenario=args.scenario, simulation=sim)
    if args.format == "json":
        frame = ev.comparison().reset_index()
        payload = {
            "currency": ev.currency,
            "conventions": ev.conventions(),
            "problem_cost_nominal": ev.problem_cost_nominal,
            "problem_cost_discounted": ev.problem_cost_discounted,
            "solutions": json.loads(frame.to_json(orient="records")),
        }
        if sim is not None:
            payload["simulation"] = {"n": sim.n, "seed": sim.seed, "method": sim.method}
        if vc.ours is not None:
            verdict = qualify(vc, evaluation=ev)
            payload["verdict"] = {
                "outcome": verdict.outcome,
                "solution": verdict.solution,
                "reasons": [dataclasses.asdict(r) for r in verdict.reasons],
            }
        out.write(json.dumps(payload, indent=2) + "\n")
    elif args.format == "csv":
        write_csv(ev.comparison(), out)
    else:
        out.write(render_comparison(ev) + "\n")
        if vc.ours is not None:
            out.write("\n" + str(qualify(vc, evaluation=ev)) + "\n")
    # after the results, and only with results: a run that fails says why, alone
    _warn([i for i in check(vc) if i.severity == "warning"], sys.stderr)
    return EXIT_OK


def _cmd_new(args: argparse.Namespace, out: TextIO) -> int:

    if args.list:
        rows = [["template", "category", "title"]] + [
            [t.name, t.category.value, t.title] for t in templates.list()
        ]
        out.write("\n".join(_table(rows, set())) + "\n")
        return EXIT_OK
    if not args.file or not args.template:
        sys.stderr.write(
            "costdx new: give a FILE and --template NAME (costdx new --list shows the names)\n"
        )
        return EXIT_USAGE
    path = Path(args.file)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise CaseFileError(f"{path}: a case file ends in .toml or .json, not {path.suffix!r}")
    if path.exists() and not args.force:
        raise CaseFileError(f"{path} already exists; use --force to overwrite it")
    name, currency = args.template, args.currency
    options = {"currency": currency, "prefix": args.prefix, "account": args.account}
    case = templates.starter(name, **options)
    if suffix == ".toml":
        text = templates.starter_text(name, **options)
        atomic_write(path, lambda handle: handle.write(text.encode("utf-8")))
    else:
        save(case, path)
    todo = [d.id for d in case.drivers if d.evidence.startswith(templates.TODO)]
    out.write(
        f"wrote {path}: template {name!r} in {currency}; {len(todo)} values to fill in "
        f"(evidence starts with {templates.TODO}): {', '.join(todo)}\n"
        f"next: edit {path}, then costdx check {path} and costdx quantify {path}\n"
    )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:

    case = _read(args.file, out)
    diagnosis = _diagnosis(case)
    sim = None
    if args.simulate is not None:
        # a value case keeps each consequence: its report shows the range of NPV and
        # values the information
        keep: Keep = "consequences" if isinstance(case, ValueCase) else "totals"
        sim = simulate(diagnosis, n=args.simulate, seed=args.seed, basis=args.basis,
                       scenario=args.scenario, keep=keep)  # fmt: skip
    written = write_excel(case, args.output, simulation=sim, scenario=args.scenario,
                          basis=args.basis, audience=args.audience, paper=args.paper,
                          show_assumed=True if args.discover else None)  # fmt: skip
    kind = "value case" if isinstance(case, ValueCase) else "diagnosis"
    seed = f"; simulation seed {sim.seed}" if sim is not None else ""
    out.write(f"wrote {written} ({kind} report{seed})\n")
    _warn([i for i in check(case) if i.severity == "warning"], sys.stderr)
    return EXIT_OK


def render_simulation(sim: Simulation) -> str:
    """The plain-text summary ``costdx simulate`` prints."""
    case = sim.case
    c = sim.currency
    scenario = f", scenario {sim.scenario.name}" if sim.scenario else ""
    summary = sim.summary()
    lines = [
        f"{case.title or case.id} ({case.account.name})",
        f"Monte Carlo: {sim.n:,} samples, seed {sim.seed}, method {sim.method}, basis "
        f"{sim.basis}{scenario} (repeat with --seed {sim.seed})",
        "",
    ]
    columns = list(summary.columns)
    rows = [["series", *columns]] + [
        [str(name), *(_money(float(row[k])) for k in columns)] for name, row in summary.iterrows()
    ]
    lines += _table(rows, set(range(1, len(columns) + 1)))
    lines += ["", f"figures in {c}; annual_cost is {c}/year, the cost of the problem"]
    clipped = {k: v for k, v in sim.clipped.items() if v}
    if clipped:
        shown = ", ".join(f"{k} {v:,}" for k, v in clipped.items())
        lines.append(f"samples clipped to a driver's bounds: {shown}")
    return "\n".join(lines)


def _cmd_simulate(args: argparse.Namespace, out: TextIO) -> int:

    case = _diagnosis(_read(args.file, sys.stderr))
    sim = simulate(case, n=args.n, seed=args.seed, method=args.method, keep=args.keep,
                   basis=args.basis, scenario=args.scenario)  # fmt: skip
    if args.format == "json":
        summary = sim.summary()
        payload = {
            "n": sim.n, "seed": sim.seed, "method": sim.method, "basis": sim.basis,
            "scenario": sim.scenario.name if sim.scenario else None, "currency": sim.currency,
            "series": {str(k): dict(v) for k, v in summary.to_dict(orient="index").items()},
            "clipped": dict(sim.clipped),
        }  # fmt: skip
        out.write(json.dumps(payload, indent=2) + "\n")
    elif args.format == "csv":
        summary = sim.summary()
        summary.insert(0, "seed", sim.seed)
        summary.insert(0, "n", sim.n)
        write_csv(summary, out)
    else:
        out.write(render_simulation(sim) + "\n")
    return EXIT_OK


def _cmd_apply(args: argparse.Namespace, out: TextIO) -> int:

    changes = apply_excel(args.workbook, args.case, dry_run=args.dry_run)
    if not changes:
        out.write(f"{args.workbook}: no input cell was edited; {args.case} is unchanged\n")
        return EXIT_OK
    for change in changes:
        out.write(f"{change}\n")
    count = len(changes)
    verb = "would change" if args.dry_run else "changed"
    out.write(f"{args.case}: {verb} {count} value{'s' if count != 1 else ''}\n")
    return EXIT_OK


def _cmd_discuss(args: argparse.Namespace, out: TextIO) -> int:
    vc = _value_case(args.file, "discuss")
    sim = None
    if args.simulate is not None:
        sim = simulate(vc.diagnosis, n=args.simulate, seed=args.seed, keep="consequences")
    written = write_discussion(
        vc, args.output, simulation=sim, audience=args.audience,
        discover=True if args.discover else None, prepared_by=args.prepared_by,
        paper=args.paper,
    )  # fmt: skip
    criteria = len(vc.criteria)
    reader = "the customer" if args.audience == "customer" else "the seller (internal)"
    seed = (f", {sim.n:,} simulated years, seed {sim.seed} (repeat with --seed {sim.seed})"
            if sim is not None else "")  # fmt: skip
    out.write(
        f"wrote {written} (discussion document for {reader}; "
        f"{criteria} criteri{'on' if criteria == 1 else 'a'}{seed})\n"
    )
    return EXIT_OK


def _tracked(args: argparse.Namespace) -> tuple[ValueCase | Tracking, tuple[Measurement, ...]]:
    """What ``costdx track`` follows: the case file's tracking (a ``[tracking]`` table,
    or the actuals of a costdx workbook), else its value case; and the measurements of
    the table given."""
    rows = read_measurements(args.measurements) if args.measurements else ()
    followed: ValueCase | Tracking | Diagnosis
    if Path(args.file).suffix.lower() == ".xlsx":
        edited = read_excel(args.file)
        for change in edited.changes:
            sys.stderr.write(f"edited {change}\n")
        followed = edited.tracking or edited.case
    elif Path(args.file).suffix.lower() in (".toml", ".json") and "tracking" in read_data(
        args.file
    ):
        followed = load_tracking(args.file)
    else:
        followed = _read(args.file, sys.stderr)
    if isinstance(followed, Diagnosis):
        raise _needs_value_case("track", args.file)
    return followed, rows


def _cmd_track(args: argparse.Namespace, out: TextIO) -> int:
    followed, rows = _tracked(args)
    given = {"solution": args.solution, "go_live": args.go_live}
    if isinstance(followed, Tracking):
        if any(v is not None for v in given.values()):
            raise OptionError(
                f"{args.file} has a [tracking] table that names the solution and go-live; "
                "leave out --solution and --go-live, or change the table"
            )
        given = {}
    elif args.go_live is None:
        raise OptionError(
            f"{args.file} has no [tracking] table: give the month the solution went live "
            'with --go-live YYYY-MM, or add [tracking] go_live = "YYYY-MM" to the file'
        )
    vc = followed.value_case if isinstance(followed, Tracking) else followed
    sim = None
    if args.simulate is not None:
        sim = simulate(vc.diagnosis, n=args.simulate, seed=args.seed, keep="consequences")
    result = track(followed, rows or None, as_of=args.as_of, simulation=sim, **given)
    if args.format == "csv":
        write_csv(result.by_consequence(), out)
    else:
        out.write(str(result) + "\n")
    if args.output:
        written = write_excel(vc, args.output, simulation=sim, tracking=result,
                              paper=args.paper)  # fmt: skip
        seed = f"; simulation seed {sim.seed}" if sim is not None else ""
        sys.stderr.write(f"wrote {written} (value case report with the Value realised "
                         f"sheet{seed})\n")  # fmt: skip
    return EXIT_OK


def _mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, driver = pair.partition("=")
        if not sep or not column or not driver:
            raise CaseFileError(f"--map takes COLUMN=DRIVER, got {pair!r}")
        mapping[column] = driver
    return mapping


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:

    output = Path(args.output)
    if output.suffix.lower() not in TABLE_SUFFIXES:
        raise CaseFileError(
            f"{output}: scores are written to .csv or .parquet, not {output.suffix!r}"
        )
    case = load(args.case)
    accounts = read_accounts(args.accounts)
    bar: Any = None
    if sys.stderr.isatty() and len(accounts) > 0:
        from tqdm import tqdm  # noqa: PLC0415 - loads only to draw a bar on a terminal

        # delay: a run that ends within a second shows no bar at all
        bar = tqdm(total=len(accounts), unit="account", delay=1.0, file=sys.stderr)
    try:
        scores = score(
            case, accounts, columns=_mapping(args.map), id_column=args.id_column,
            probability=args.probability, carry=args.carry, basis=args.basis,
            scenario=args.scenario, simulate=args.simulate, seed=args.seed, keep=args.keep,
            on_error="report" if args.report_bad_rows else "raise",
            progress=None if bar is None else bar.update,
        )  # fmt: skip
    except CaseValidationError as exc:
        numbered = accounts.index.name == "row"
        how = " (rows numbered as a spreadsheet shows them)" if numbered else ""
        raise CaseValidationError(exc.issues, title=f"{args.accounts}{how}") from None
    finally:
        if bar is not None:
            bar.close()
    by = "expected_value" if args.probability else "annual_cost"
    ranked = scores.sort_values(by, ascending=False, na_position="last", kind="stable")
    written = write_table(scores if args.top is None else ranked.head(args.top), output)
    fell = int((scores["fell_back"] > 0).sum())
    bad = int((scores["error"] != "").sum()) if "error" in scores else 0
    lines = [
        f"scored {len(scores):,} accounts with the case {case.id!r}: {fell:,} with a figure "
        f"from the case where the row had none, {bad:,} bad rows; wrote {written}"
    ]
    if args.simulate is not None:
        lines.append(
            f"percentiles from {args.simulate:,} draws per account, seed {scores.attrs['seed']}"
        )
    c = case.account.currency
    rows = [[args.id_column, f"{c}/year", *(["expected"] if args.probability else [])]]
    for _, row in ranked.head(min(args.top or 10, 10)).iterrows():
        expected = [_money(row["expected_value"])] if args.probability else []
        rows.append([str(row[args.id_column]), _money(row["annual_cost"]), *expected])
    lines += ["", f"Top accounts by {by.replace('_', ' ')}", *_table(rows, {1, 2})]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:

    out.write(json.dumps(schema(), indent=2) + "\n")
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"needs at least 1 sample, got {number}")
    return number


def _seed(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"a seed is a whole number >= 0, got {number}")
    return number


def _basis_and_scenario(parser: argparse.ArgumentParser) -> None:
    """The options that choose which figures a command runs on."""
    parser.add_argument(
        "--basis", choices=("value", "assumed"), default="value",
        help="diagnosed values (default) or the Discover-phase assumptions",
    )  # fmt: skip
    parser.add_argument("--scenario", default=None, help="a scenario named in the case")


_CASE = "case file (.toml or .json), or a costdx workbook (.xlsx) with the customer's edits"
_SEED = "seed of the simulation (drawn and shown when left out, so a run can be repeated)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``costdx`` command."""
    parser = argparse.ArgumentParser(
        prog="costdx",
        description="Quantify the cost of a customer's problem from a case file.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"costdx {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # --debug is accepted after the command too (costdx check x.toml --debug)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
    )

    check = sub.add_parser(
        "check",
        parents=[common],
        help="validate a case file, listing every problem and plausibility warning",
        epilog="example:\n  costdx check examples/acme.toml --strict\n\nWarnings (placeholders, "
        "percentages without their unit, effort per calendar day, implied people ...)\n"
        "are printed but pass unless --strict.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("file", help=_CASE)
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    check.set_defaults(run=_cmd_check)

    quantify = sub.add_parser(
        "quantify",
        parents=[common],
        help="the cost of the problem, by problem and by source",
        epilog="example:\n  costdx quantify examples/acme.toml --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    quantify.add_argument("file", help=_CASE)
    quantify.add_argument("--format", choices=("table", "json", "csv"), default="table")
    quantify.add_argument(
        "--basis", choices=("value", "assumed"), default="value",
        help="diagnosed values (default) or the Discover-phase assumptions",
    )  # fmt: skip
    quantify.add_argument("--scenario", default=None, help="a scenario named in the case")
    quantify.set_defaults(run=_cmd_quantify)

    evaluate = sub.add_parser(
        "evaluate",
        parents=[common],
        help="the value case: NPV, ROI, IRR, payback per solution, and the verdict",
        epilog="example:\n  costdx evaluate examples/acme.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("file", help="case file with a [value_case] table, or a costdx "
                          "value-case workbook (.xlsx)")  # fmt: skip
    evaluate.add_argument("--format", choices=("table", "json", "csv"), default="table")
    _basis_and_scenario(evaluate)
    evaluate.add_argument(
        "--simulate", type=_positive, default=None, metavar="N",
        help="add Monte Carlo (N samples): NPV P10/P50/P90, P(NPV < 0)",
    )  # fmt: skip
    evaluate.add_argument("--seed", type=_seed, default=None, help=_SEED)
    evaluate.set_defaults(run=_cmd_evaluate)

    simulation = sub.add_parser(
        "simulate",
        parents=[common],
        help="Monte Carlo over the estimates: the cost of the problem's P5 ... P95",
        epilog="example:\n  costdx simulate examples/acme.toml -n 100000 --seed 7\n\nWithout "
        "--seed a seed is drawn and shown, so the run can be repeated.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    simulation.add_argument("file", help=_CASE)
    simulation.add_argument("-n", type=_positive, default=10_000, metavar="N",
                            help="samples (default 10,000)")  # fmt: skip
    simulation.add_argument("--seed", type=_seed, default=None, help=_SEED)
    _basis_and_scenario(simulation)
    simulation.add_argument("--method", choices=("random", "lhs"), default="random",
                            help="random sampling or Latin hypercube")  # fmt: skip
    simulation.add_argument(
        "--keep", choices=("totals", "problems", "consequences"), default="totals",
        help="also per problem or per consequence",
    )  # fmt: skip
    simulation.add_argument("--format", choices=("text", "json", "csv"), default="text")
    simulation.set_defaults(run=_cmd_simulate)

    new = sub.add_parser(
        "new",
        parents=[common],
        help="write a starter case file from a problem template",
        epilog="examples:\n  costdx new --list\n"
        "  costdx new downtime.toml --template unplanned_downtime --currency EUR",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("file", nargs="?", help="case file to write (.toml or .json)")
    new.add_argument("--template", "-t", help="template name (see --list)")
    new.add_argument("--currency", default="USD", help="ISO 4217 code (default USD)")
    new.add_argument("--account", default="Customer", help="the customer's name")
    new.add_argument("--prefix", default=None, help="put before every id of the template")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.add_argument("--list", action="store_true", help="list the templates and exit")
    new.set_defaults(run=_cmd_new)

    report = sub.add_parser(
        "report",
        parents=[common],
        help="write the Excel value report (a value case report if FILE has [value_case])",
        epilog="examples:\n  costdx report examples/acme.toml -o acme.xlsx --simulate 10000 "
        "--seed 7\n  costdx report acme-edited.xlsx -o acme-updated.xlsx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("file", help=_CASE)
    report.add_argument("-o", "--output", required=True, help="the workbook to write (.xlsx)")
    report.add_argument("--simulate", type=_positive, default=None, metavar="N",
                        help="add Monte Carlo (N samples) and sensitivity sheets")  # fmt: skip
    report.add_argument("--seed", type=_seed, default=None, help=_SEED)
    _basis_and_scenario(report)
    report.add_argument("--audience", choices=("customer", "internal"), default="customer",
                        help="customer (default): the seller's internal scenarios stay out; "
                        "internal: everything, marked not for the customer")  # fmt: skip
    report.add_argument("--discover", action="store_true",
                        help="show the Discover-phase assumptions beside the diagnosed "
                        "figures (the internal edition always does)")  # fmt: skip
    report.add_argument("--paper", type=str.lower, choices=("letter", "a4"), default=None,
                        help="paper size (default: by the account's currency)")  # fmt: skip
    report.set_defaults(run=_cmd_report)

    apply = sub.add_parser(
        "apply",
        parents=[common],
        help="write the customer's edits in a costdx workbook into the case file",
        epilog="example:\n  costdx apply acme-value-report.xlsx acme.toml\n\nOnly the edited "
        "input cells are written, each on its own line of the case file;\nits comments and "
        "layout stay as they are.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    apply.add_argument("workbook", help="the report the customer edited (.xlsx)")
    apply.add_argument("case", help="the case file the report was written from (.toml/.json)")
    apply.add_argument("--dry-run", action="store_true", help="show the edits; write nothing")
    apply.set_defaults(run=_cmd_apply)
    discuss = sub.add_parser(
        "discuss",
        parents=[common],
        help="write the discussion document (Word, or HTML) of a value case",
        epilog="examples:\n  costdx discuss examples/acme.toml -o acme-discussion.docx\n"
        "  costdx discuss examples/acme.toml -o acme.html --simulate 10000 --seed 7",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    discuss.add_argument("file", help="case file with a [value_case] table")
    discuss.add_argument("-o", "--output", required=True,
                         help="the document to write (.docx, or .html)")  # fmt: skip
    discuss.add_argument("--simulate", type=_positive, default=None, metavar="N",
                         help="add the ranges: N simulated years")  # fmt: skip
    discuss.add_argument("--seed", type=_seed, default=None, help=_SEED)
    discuss.add_argument(
        "--audience", choices=("customer", "internal"), default="customer",
        help="customer (default): without what the seller wrote for itself",
    )  # fmt: skip
    discuss.add_argument("--discover", action="store_true",
                         help="show what Discover assumed against what was diagnosed")  # fmt: skip
    discuss.add_argument("--prepared-by", default="", metavar="TEXT",
                         help="who prepared the document, for the title page")  # fmt: skip
    discuss.add_argument("--paper", type=str.lower, choices=("letter", "a4"), default=None,
                         help="paper size (default: by the account's currency)")  # fmt: skip
    discuss.set_defaults(run=_cmd_discuss)

    tracking = sub.add_parser(
        "track",
        parents=[common],
        help="value realised after go-live against the value case's promise",
        epilog="examples:\n  costdx track examples/acme.toml examples/acme_tracking.csv "
        "--simulate 10000 --seed 7\n  costdx track won.toml actuals.csv --as-of 2027-09 -o "
        "realised.xlsx\n\nThe case file's [tracking] table names the solution and go-live "
        "month; without one,\ngive --go-live. Measurements: one row per driver and month "
        "(driver, period, value,\nand optionally unit, source, evidence, confirmed_by, "
        "confirmed_on).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tracking.add_argument("file", help="case file with a [value_case] (and a [tracking]) "
                          "table, or a costdx workbook")  # fmt: skip
    tracking.add_argument("measurements", nargs="?", default=None,
                          help="the measurements, CSV or Parquet (added to the case "
                          "file's own)")  # fmt: skip
    tracking.add_argument("--go-live", default=None, metavar="YYYY-MM",
                          help="the month the solution went live (a case file without "
                          "[tracking])")  # fmt: skip
    tracking.add_argument(
        "--solution", default=None, help="the solution bought (default: the value case's own)"
    )
    tracking.add_argument(
        "--as-of",
        default=None,
        metavar="YYYY-MM",
        help="the last month to track (default: the last one measured)",
    )
    tracking.add_argument(
        "--simulate",
        type=_positive,
        default=None,
        metavar="N",
        help="re-forecast the promise over N simulated draws",
    )
    tracking.add_argument("--seed", type=_seed, default=None, help=_SEED)
    tracking.add_argument(
        "--format",
        choices=("text", "csv"),
        default="text",
        help="text: the summary (default); csv: the lines, to date",
    )
    tracking.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="REPORT.xlsx",
        help="also write the value report with the Value realised sheet",
    )
    tracking.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default=None,
        help="paper size of the report (default: by the currency)",
    )
    tracking.set_defaults(run=_cmd_track)

    scoring = sub.add_parser(
        "score",
        parents=[common],
        help="score a portfolio of accounts (CSV or Parquet) with a case as the template",
        epilog="examples:\n  costdx score examples/acme.toml examples/accounts.csv -o scores.csv "
        "--top 20 \\\n      --probability probability_of_change --carry name --carry industry "
        "--carry region\n"
        "  costdx score case.toml crm.parquet -o scores.parquet --simulate 1000 --seed 7",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scoring.add_argument("case", help="the template case file (.toml or .json)")
    scoring.add_argument("accounts", help="one account a row (.csv or .parquet)")
    scoring.add_argument("-o", "--output", required=True, help="the scores (.csv or .parquet)")
    scoring.add_argument("--id-column", default="account_id", help="column of account ids")
    scoring.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=DRIVER",
        help="read a column as a driver of another name (repeatable)",
    )
    scoring.add_argument(
        "--carry",
        action="append",
        default=[],
        metavar="COLUMN",
        help="copy a column to the scores unchanged (repeatable)",
    )
    scoring.add_argument(
        "--probability",
        default=None,
        metavar="COLUMN",
        help="column of probabilities of change: ranks by expected value",
    )
    scoring.add_argument(
        "--top",
        type=_positive,
        default=None,
        metavar="K",
        help="write only the K accounts ranked highest",
    )
    scoring.add_argument(
        "--simulate",
        type=_positive,
        default=None,
        metavar="N",
        help="N draws per account: adds P10/P50/P90",
    )
    scoring.add_argument("--seed", type=_seed, default=None, help="seed of the draws")
    scoring.add_argument(
        "--keep",
        choices=("totals", "problems", "consequences"),
        default="totals",
        help="percentiles per problem or consequence too",
    )
    scoring.add_argument(
        "--basis",
        choices=("value", "assumed"),
        default="value",
        help="the case's figures that stand in for missing ones",
    )
    scoring.add_argument("--scenario", default=None, help="a scenario named in the case")
    scoring.add_argument(
        "--report-bad-rows",
        action="store_true",
        help="score the other rows and say what is wrong in an error column",
    )
    scoring.set_defaults(run=_cmd_score)

    schema = sub.add_parser(
        "schema",
        parents=[common],
        help="print the JSON Schema of case files",
        epilog="example:\n  costdx schema > costdx-case.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    stdout = out if out is not None else sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    if hasattr(args, "simulate"):  # the commands that simulate on request take its seed
        refused = _seed_needs_simulate(args)
        if refused is not None:
            return refused
    try:
        return run(args, stdout)
    except CaseValidationError as exc:
        if args.debug:
            raise
        text = str(exc)
        if len(exc.issues) > LISTED:  # thousands of lines would bury the first
            head = text.split("\n", 1)[0]
            shown = [f"  - {issue}" for issue in exc.issues[:LISTED]]
            text = "\n".join([head, *shown, f"  ... and {len(exc.issues) - LISTED:,} more"])
        sys.stderr.write(f"costdx: {text}\n")
        return EXIT_INVALID
    except CostdxError as exc:
        if args.debug:
            raise
        sys.stderr.write(f"costdx: error: {exc}\n")
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("costdx: interrupted\n")
        return EXIT_INTERRUPTED
    except OSError as exc:
        if args.debug:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"costdx: error:{where}: {exc.strerror or exc}\n")
        return EXIT_INVALID
    except Exception as exc:  # a bug in costdx: say so in one line, not a traceback
        if args.debug:
            raise
        sys.stderr.write(
            f"costdx: internal error ({type(exc).__name__}: {exc}); "
            "run again with --debug for the traceback and report it\n"
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
