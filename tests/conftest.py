"""Shared fixtures: the shipped acme case and a factory for small hand-built cases.

The factory takes the parts a test cares about and fills in the rest with the smallest
valid case: an account in USD, one problem ``p`` with one symptom ``s``, and one
consequence per formula given. Tests that expect an error build the raw data with
``case_data`` and validate it themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import costdx as cdx
from workbooks import PROFILE, run_soffice

# Timing is not what these tests check: a loaded CI machine must not turn a slow example
# into a failure. On CI the examples are also derandomised, so a run can be reproduced.
settings.register_profile("costdx", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("costdx"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "costdx")


def build_case_data(
    drivers: Iterable[Mapping[str, Any]] = (),
    consequences: Iterable[Mapping[str, Any]] | Mapping[str, str] = (),
    **extra: Any,
) -> dict[str, Any]:
    """Plain data of a small case.

    ``consequences`` is either a mapping ``{id: formula}`` or a list of consequence
    tables; they all go into one problem ``p`` unless ``problems`` is given in ``extra``.
    Any other top-level key (``stakeholders``, ``calendar``, ``account`` ...) goes in as is.
    """
    if isinstance(consequences, Mapping):
        rows = [{"id": k, "formula": v} for k, v in consequences.items()]
    else:
        rows = [dict(c) for c in consequences]
    data: dict[str, Any] = {
        "account": {"name": "Test Co", "currency": "USD"},
        "drivers": [dict(d) for d in drivers],
        "problems": [
            {"id": "p", "title": "The problem", "symptoms": [{"id": "s"}], "consequences": rows}
        ],
    }
    data.update(extra)
    return data


@pytest.fixture(scope="session")
def case_data() -> Callable[..., dict[str, Any]]:
    """Factory of plain case data (see :func:`build_case_data`)."""
    return build_case_data


@pytest.fixture(scope="session")
def make_case() -> Callable[..., cdx.Diagnosis]:
    """Factory of a validated :class:`costdx.Diagnosis` (see :func:`build_case_data`)."""

    def make(
        drivers: Iterable[Mapping[str, Any]] = (),
        consequences: Iterable[Mapping[str, Any]] | Mapping[str, str] = (),
        **extra: Any,
    ) -> cdx.Diagnosis:
        return cdx.Diagnosis.model_validate(build_case_data(drivers, consequences, **extra))

    return make


@pytest.fixture(scope="session")
def acme() -> cdx.Diagnosis:
    """The shipped acme example (validated once per session; models are frozen)."""
    return cdx.load(cdx.example_path())


@pytest.fixture(scope="session")
def acme_vc() -> cdx.ValueCase:
    """The shipped acme example with its value case."""
    return cdx.load_value_case(cdx.example_path())


@pytest.fixture(scope="session")
def acme_q(acme: cdx.Diagnosis) -> cdx.Quantification:
    """The deterministic quantification of the acme example."""
    return cdx.quantify(acme)


@pytest.fixture
def labour_case(make_case: Callable[..., cdx.Diagnosis]) -> cdx.Diagnosis:
    """The README case: 5 person × 8 hour/(person·week) × 80 USD/hour = 3,200 USD/week."""
    return make_case(
        [
            {"id": "people", "value": 5, "unit": "person", "source": "customer"},
            {"id": "hours", "value": 8, "unit": "hour/person/week"},
            {"id": "rate", "value": 80, "unit": "USD/hour", "source": "measured"},
        ],
        {"labour": "people * hours * rate"},
    )


@pytest.fixture(scope="session")
def soffice_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice user profile that recalculates every workbook it loads."""
    profile = tmp_path_factory.mktemp("lo-profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE)
    return profile


def _converter(
    tmp_path_factory: pytest.TempPathFactory, profile: Path, target: str
) -> Callable[[list[Path]], list[Path]]:
    out = tmp_path_factory.mktemp(f"lo-{target}")
    return lambda paths: run_soffice(profile, out, paths, target)


@pytest.fixture(scope="session")
def recalculate(
    tmp_path_factory: pytest.TempPathFactory, soffice_profile: Path
) -> Callable[[list[Path]], list[Path]]:
    """Recalculate workbooks in LibreOffice (recalculation on load forced), in one call."""
    return _converter(tmp_path_factory, soffice_profile, "xlsx")


@pytest.fixture(scope="session")
def to_pdf(
    tmp_path_factory: pytest.TempPathFactory, soffice_profile: Path
) -> Callable[[list[Path]], list[Path]]:
    """Print workbooks to PDF with LibreOffice, in one call."""
    return _converter(tmp_path_factory, soffice_profile, "pdf")
