"""Computation on the compiled plan: quantification, its frames, Monte Carlo, sensitivity.

`quantify` gives the deterministic cost of the problem; `simulate` its distribution over
the estimates; `tornado`, `compare_scenarios` and `stress` how it moves. Results render
themselves through `costdx._display`, never by importing the presentation floor.
"""

from costdx.engine._budget import MAX_SIMULATION_BYTES, simulation_bytes
from costdx.engine._frames import UNASSIGNED, Allocation
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
    "compare_bases",
    "compare_scenarios",
    "derived_error",
    "quantify",
    "simulate",
    "simulation_bytes",
    "stress",
    "stress_scenario",
    "tornado",
]
