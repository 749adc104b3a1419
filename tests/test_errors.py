"""The exceptions: one base, narrow subclasses, and every one survives pickling.

costdx runs in worker processes (multiprocessing, Dask), where an exception crosses the
process boundary by pickle; it must come back with its message and attributes.
"""

from __future__ import annotations

import pickle

import pytest

import costdx as cdx
from costdx import errors


def _round_trip(error: BaseException) -> BaseException:
    return pickle.loads(pickle.dumps(error))


def test_every_error_class_is_a_costdx_error_and_a_value_error() -> None:
    classes = [
        getattr(errors, name)
        for name in errors.__all__
        if isinstance(getattr(errors, name), type) and name.endswith("Error")
    ]
    assert len(classes) == 11
    for cls in classes:
        assert issubclass(cls, cdx.CostdxError)
        assert issubclass(cls, ValueError)


def test_case_validation_error_pickles_with_its_issues_and_title() -> None:
    issues = [
        cdx.Issue("drivers[0].unit", "unknown unit 'hr'", "unknown_unit"),
        cdx.Issue("problems[1].owner", "unknown stakeholder 'cfo'", "unknown_reference"),
    ]
    error = cdx.CaseValidationError(issues, title="acme.toml: invalid case")
    back = _round_trip(error)
    assert type(back) is cdx.CaseValidationError
    assert str(back) == str(error)
    assert str(back).startswith("acme.toml: invalid case: 2 problems\n")
    assert back.issues == error.issues  # type: ignore[attr-defined]
    assert back.codes() == ["unknown_unit", "unknown_reference"]  # type: ignore[attr-defined]


def test_formula_error_keeps_its_caret_message_and_attributes() -> None:
    raw = cdx.FormulaError("unexpected token", formula="a +* b", position=3)
    back = _round_trip(raw)
    assert str(back) == str(raw)
    assert "^" in str(back)
    assert (back.formula, back.position) == ("a +* b", 3)  # type: ignore[attr-defined]


def test_workbook_error_keeps_its_cells() -> None:
    error = cdx.WorkbookError("Inputs!C7 holds text", cells=("Inputs!C7",))
    back = _round_trip(error)
    assert str(back) == "Inputs!C7 holds text"
    assert back.cells == ("Inputs!C7",)  # type: ignore[attr-defined]
    assert isinstance(back, cdx.CaseFileError)


def test_reference_error_is_a_key_error_that_reads_plainly() -> None:
    case = cdx.load(cdx.example_path())
    with pytest.raises(cdx.CaseReferenceError) as info:
        case.driver("crew_sise")
    error = info.value
    assert isinstance(error, KeyError)
    # a KeyError shows its message quoted; costdx's shows it as written
    assert str(error) == "no driver 'crew_sise'; did you mean 'crew_size'?"
    assert str(_round_trip(error)) == str(error)


@pytest.mark.parametrize(
    "error",
    [
        cdx.UnitError("hour/week + order"),
        cdx.FinanceError("rate must be > -1"),
        cdx.OptionError("n must be a positive whole number"),
        cdx.CalculationError("division by zero"),
        cdx.MissingExtraError('pip install "costdx[plot]"'),
        cdx.CaseFileError("acme.toml: no such file"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_plain_errors_pickle(error: cdx.CostdxError) -> None:
    back = _round_trip(error)
    assert type(back) is type(error)
    assert str(back) == str(error)


def test_an_unknown_scenario_is_a_reference_error() -> None:
    with pytest.raises(cdx.CaseReferenceError, match="unknown scenario 'huge'"):
        cdx.quantify(cdx.load(cdx.example_path()), scenario="huge")


def test_a_bad_option_is_an_option_error() -> None:
    case = cdx.load(cdx.example_path())
    with pytest.raises(cdx.OptionError, match="basis must be 'value' or 'assumed'"):
        cdx.simulate(case, n=10, basis="guess")  # type: ignore[arg-type]
    with pytest.raises(cdx.OptionError, match="period must be one of"):
        cdx.quantify(case).cost_of_delay("fortnight")  # type: ignore[arg-type]
