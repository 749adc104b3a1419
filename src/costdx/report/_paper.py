"""Which paper a customer prints on: one list for every document costdx writes."""

from __future__ import annotations

__all__ = ["LETTER_CURRENCIES"]

LETTER_CURRENCIES = frozenset({"USD", "CAD", "MXN", "PHP", "CLP", "COP", "VES", "GTQ", "CRC"})
"""Accounts in these currencies get US Letter paper by default, the rest A4: the
currency is the one hint of the customer's country a case carries."""
