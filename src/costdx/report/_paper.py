"""Which paper a customer prints on: one list and one rule for every document costdx writes."""

from __future__ import annotations

from typing import Literal

from costdx.errors import OptionError

__all__ = ["LETTER_CURRENCIES", "Paper", "paper_for"]

Paper = Literal["letter", "a4"]

LETTER_CURRENCIES = frozenset({"USD", "CAD", "MXN", "PHP", "CLP", "COP", "VES", "GTQ", "CRC"})
"""Accounts in these currencies get US Letter paper by default, the rest A4: the
currency is the one hint of the customer's country a case carries."""


def paper_for(currency: str, paper: str | None = None) -> Paper:
    """``paper`` if given (``"letter"`` or ``"a4"``, in any case), else Letter for the
    currencies of Letter countries (`LETTER_CURRENCIES`: USD, CAD, MXN ...) and A4 for
    every other currency.

    >>> paper_for("USD"), paper_for("EUR"), paper_for("EUR", "Letter"), paper_for("USD", "A4")
    ('letter', 'a4', 'letter', 'a4')
    """
    if paper is None:
        return "letter" if currency in LETTER_CURRENCIES else "a4"
    chosen = paper.lower() if isinstance(paper, str) else paper
    if chosen not in ("letter", "a4"):
        raise OptionError(f"paper must be 'letter' or 'a4', not {paper!r}")
    return "letter" if chosen == "letter" else "a4"
