"""Computation on the compiled plan: quantification, its frames, Monte Carlo, sensitivity,
portfolios.

`quantify` gives the deterministic cost of the problem; `simulate` its distribution over
the estimates; `tornado`, `compare_scenarios` and `stress` how it moves; `score` the cost
for every account of a portfolio with the case as a template, and `case_for` one
account's own case. Results render themselves through `costdx._display`, never by
importing the presentation floor.
"""

from costdx.engine._account_case import case_for
from costdx.engine._account_draws import MAX_DRAWS, account_key
from costdx.engine._budget import MAX_SIMULATION_BYTES, simulation_bytes
from costdx.engine._frames import UNASSIGNED, Allocation
from costdx.engine._portfolio import score
from costdx.engine._quantify import (
    ConsequenceResult,
    Explanation,
    Period,
    Quantification,
    compare_bases,
    derived_error,
    quantify,
)
from costdx.engine._sensitivity import compare_scenarios, stress, stress_scenario, tornado
from costdx.engine._simulate import CHUNK, INPUT_SAMPLE, Keep, Method, Simulation, simulate

__all__ = [
    "CHUNK",
    "INPUT_SAMPLE",
    "MAX_DRAWS",
    "MAX_SIMULATION_BYTES",
    "UNASSIGNED",
    "Allocation",
    "ConsequenceResult",
    "Explanation",
    "Keep",
    "Method",
    "Period",
    "Quantification",
    "Simulation",
    "account_key",
    "case_for",
    "compare_bases",
    "compare_scenarios",
    "derived_error",
    "quantify",
    "score",
    "simulate",
    "simulation_bytes",
    "stress",
    "stress_scenario",
    "tornado",
]
