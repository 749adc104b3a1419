"""Compiled sampling kernels (numba, the optional ``fast`` extra) and the switch to them.

A tabulated quantile function in numpy makes about thirteen passes over every block of
draws (scale, floor, cast, subtract, two gathers, multiply, add ...); the kernels here make
one, element by element, with the same floating-point operations in the same order, so
the two paths agree to the last bit wherever numpy and LLVM round alike (they are tested
to agree within 1e-12). Without numba, or with ``COSTDX_KERNELS=numpy`` in the
environment, or after ``set_backend("numpy")``, costdx samples with numpy alone.

numba is imported, and the kernels compiled (cached on disk), on the first draw that
uses them, never at ``import costdx``; under the default ``"auto"`` backend only once the
process has drawn enough to pay the load back (`AUTO_DRAWS`).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from costdx.errors import MissingExtraError, OptionError

__all__ = ["AUTO_DRAWS", "Backend", "Kernels", "backend", "kernels", "set_backend"]

Backend = Literal["auto", "numba", "numpy"]
_ENVIRONMENT = "COSTDX_KERNELS"
_INSTALL = 'the compiled sampling kernels need numba, an optional extra: pip install "costdx[fast]"'


def _interpolate_kernel(  # noqa: PLR0917 - numba kernels take their arguments in order
    u: Any,
    out: Any,
    knots: Any,
    slopes: Any,
    bins: int,
    start: float,
    rate: float,
    exact_bins: int,
    shift: float,
    scale: float,
    upper: float,
    end_positions: Any,
) -> int:
    """``out = min(shift + scale·Q̂(u), upper)`` in one pass, the table's bin of ``u`` at
    ``t = (u − start)·rate``; the draws in the exact end
    bins (and NaN or ``u`` outside ``[0, 1]``) are listed for the caller, their ``out``
    holding ``u`` itself.

    ``out`` may alias ``u``: each ``u`` is read before its ``out`` is written.
    """
    low = float(exact_bins)
    high = float(bins - exact_bins)
    count = 0
    for j in range(u.size):
        value = u[j]
        t = (value - start) * rate
        if low <= t < high:  # NaN fails both comparisons
            k = int(t)  # t >= 0: truncation is the floor, and cheaper
            x = knots[k] + (t - k) * slopes[k]
            x = x * scale + shift
            out[j] = upper if x > upper else x
        else:
            end_positions[count] = j
            count += 1
            out[j] = value
    return count


def _triangular_kernel(  # noqa: PLR0917 - numba kernels take their arguments in order
    u: Any,
    out: Any,
    mode_share: float,
    k_left: float,
    k_right: float,
    offset: float,
    low: float,
    high: float,
) -> None:
    """The branch-free triangular quantile of `TriangularMarginal`, in one pass.

    The draws go through a small block buffer: with ``out`` aliasing ``u`` (as the engine
    calls it) LLVM would otherwise not vectorise the loop, 4x slower. The selects pass
    NaN on, as ``np.minimum`` and ``np.maximum`` do.
    """
    block = np.empty(_TRIANGULAR_BLOCK)
    n = u.size
    for start in range(0, n, _TRIANGULAR_BLOCK):
        m = min(_TRIANGULAR_BLOCK, n - start)
        for j in range(m):
            block[j] = u[start + j]
        for j in range(m):
            value = block[j]
            below = value if not value >= mode_share else mode_share  # min(u, F_c), NaN on
            above = value if not value <= mode_share else mode_share  # max(u, F_c), NaN on
            x = (np.sqrt(below * k_left) - np.sqrt((1.0 - above) * k_right)) + offset
            out[start + j] = low if x < low else (high if x > high else x)


_TRIANGULAR_BLOCK = 256


@dataclass(frozen=True, slots=True)
class Kernels:
    """The compiled kernels (numba dispatchers)."""

    interpolate: Any
    triangular: Any


_state: dict[str, Backend] = {"backend": "auto"}
_drawn = [0]
AUTO_DRAWS = 100_000_000
"""Under ``"auto"``, draws made with numpy before the kernels are loaded: loading numba
and its cached kernels costs about 0.8 s once per process, which the kernels pay back
after a few hundred million draws (about 2.6 ns a draw saved), so a short script never
waits for it and a long session soon uses it."""


def set_backend(name: Backend) -> None:
    """Choose how the samplers compute: ``"numba"`` (the compiled kernels, loaded now; an
    error when numba is not installed), ``"numpy"``, or ``"auto"``, the default: numpy
    until the process has made `AUTO_DRAWS` draws or the kernels are loaded, then numba
    when it imports (``COSTDX_KERNELS=numpy`` in the environment keeps numpy).

    Both give the same draws to within 1e-12 (relative); only the speed differs.

    Examples
    --------
    >>> set_backend("numpy"); backend()
    'numpy'
    >>> set_backend("auto")
    """
    if name not in ("auto", "numba", "numpy"):
        raise OptionError(f"backend must be 'auto', 'numba' or 'numpy', not {name!r}")
    if name == "numba" and _compile() is None:
        raise MissingExtraError(_INSTALL)
    _state["backend"] = name


def backend() -> Literal["numba", "numpy"]:
    """The backend the samplers use now: ``"numba"`` or ``"numpy"``."""
    return "numba" if kernels(0) is not None else "numpy"


def kernels(draws: int = 0) -> Kernels | None:
    """The compiled kernels for a call making ``draws`` draws, or ``None`` when it runs on
    numpy alone."""
    chosen = _state["backend"]
    if chosen == "numpy":
        return None
    if chosen == "auto":
        if os.environ.get(_ENVIRONMENT, "").lower() == "numpy":
            return None
        _drawn[0] += draws  # a race between threads only delays the switch a little
        if _drawn[0] < AUTO_DRAWS and _compile.cache_info().currsize == 0:
            return None
    return _compile()


@functools.cache
def _compile() -> Kernels | None:
    try:
        import numba  # noqa: PLC0415 - optional and heavy (half a second to import)
    except ImportError:
        return None
    # nogil: chunks sample on several threads at once; cache: compile once per machine
    jit = numba.njit(cache=True, nogil=True, boundscheck=False, error_model="numpy")
    return Kernels(interpolate=jit(_interpolate_kernel), triangular=jit(_triangular_kernel))
