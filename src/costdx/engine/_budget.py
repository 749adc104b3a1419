"""How much memory a simulation needs, refused before any work when it is too much.

A simulation keeps ``8 × n`` bytes for each series it returns (the annual and one-time
totals, and a series per problem or consequence with ``keep=``), and while it runs each
worker thread holds one chunk of every input, derived driver and consequence. Asking for
``n = 10**12`` used to run for minutes and end in a bare `MemoryError`; now the estimate
is checked against `MAX_SIMULATION_BYTES` first, and the error says how much the run
would need and what would fit.
"""

from __future__ import annotations

import math

from costdx.errors import OptionError
from costdx.model import Diagnosis

__all__ = ["MAX_SIMULATION_BYTES", "check_simulation_size", "simulation_bytes"]

MAX_SIMULATION_BYTES = 4 * 2**30
"""The most memory `costdx.simulate` may plan to use, 4 GiB: about 260 million samples of a
case like the shipped example with ``keep="totals"``, on a machine that leaves room for
the rest. Pass ``max_bytes=`` to `costdx.simulate` for more."""

_FLOAT = 8
_PER_CHUNK = 1_024  # the chunk's random stream (a SeedSequence) and its clipping counts


def _series(case: Diagnosis, keep: str) -> int:
    plan = case.plan
    if keep == "consequences":
        return 2 + len(plan.consequences)
    if keep == "problems":
        return 2 + len(case.problems)
    return 2


def simulation_bytes(case: Diagnosis, *, n: int, keep: str, chunk: int, workers: int) -> int:
    r"""The bytes a simulation of ``n`` samples is expected to hold at its peak.

    .. math::

        B = 8 n s + 8 \min(n, c) (2u + d + k) w + 1024 \lceil n / c \rceil

    with ``s`` the series kept, ``c`` the chunk size, ``u`` the inputs (each drawn as
    uniforms, then turned into values), ``d`` the derived drivers, ``k`` the
    consequences and ``w`` the worker threads.

    >>> import costdx as cdx
    >>> case = cdx.load(cdx.example_path())
    >>> simulation_bytes(case, n=1_000_000, keep="totals", chunk=1, workers=1) > 16_000_000
    True
    """
    plan = case.plan
    stored = _FLOAT * n * _series(case, keep)
    columns = 2 * len(plan.inputs) + len(plan.derived) + len(plan.consequences)
    chunks = math.ceil(n / chunk)
    working = _FLOAT * min(n, chunk) * columns * min(workers, chunks)
    return stored + working + _PER_CHUNK * chunks


def check_simulation_size(
    case: Diagnosis, *, n: int, keep: str, chunk: int, workers: int, max_bytes: int | None
) -> None:
    """Raise `OptionError` when a simulation would need more than ``max_bytes``.

    The message gives the estimate, the limit and what fits: ``keep="totals"`` when that
    is enough, else the largest ``n`` that fits with it.
    """
    limit = MAX_SIMULATION_BYTES if max_bytes is None else max_bytes
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise OptionError(f"max_bytes must be a positive whole number of bytes, got {limit!r}")
    need = simulation_bytes(case, n=n, keep=keep, chunk=chunk, workers=workers)
    if need <= limit:
        return
    totals = simulation_bytes(case, n=n, keep="totals", chunk=chunk, workers=workers)
    if keep != "totals" and totals <= limit:
        instead = f"keep='totals' fits ({_bytes(totals)})"
    else:
        low, high = 1, n  # the largest n that fits with keep="totals"
        while low < high:
            mid = (low + high + 1) // 2
            fits = simulation_bytes(case, n=mid, keep="totals", chunk=chunk, workers=workers)
            low, high = (mid, high) if fits <= limit else (low, mid - 1)
        one = simulation_bytes(case, n=low, keep="totals", chunk=chunk, workers=workers)
        instead = (
            f"n = {low:,} fits with keep='totals'"
            if one <= limit
            else "even n = 1 does not fit (the case is large: try threads=1)"
        )
    raise OptionError(
        f"simulate(n={n:,}, keep={keep!r}) would need about {_bytes(need)} of memory, more "
        f"than the {_bytes(limit)} allowed; {instead}, or pass max_bytes= to allow more"
    )


def _bytes(count: int) -> str:
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if count >= size:
            return f"{count / size:,.1f} {unit}"
    return f"{count:,} bytes"
