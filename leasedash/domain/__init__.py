"""The lease domain: money, rent grids, products and the scenario engine.

Pure Python: nothing here imports reflex, sqlmodel or plotly, so every rule is
testable on its own and the CLI, the REST API and the pages share one answer.
"""

from leasedash.domain.errors import GridError, GridProblem, LeaseInputError
from leasedash.domain.grid import GridQuote, RentGrid
from leasedash.domain.grid_parse import parse_grid
from leasedash.domain.money import parse_amount, to_cents
from leasedash.domain.scenario import Scenario, parse_scenario
from leasedash.domain.engine import SimulationResult, simulate, simulate_document

__all__ = [
    "GridError",
    "GridProblem",
    "GridQuote",
    "LeaseInputError",
    "RentGrid",
    "Scenario",
    "SimulationResult",
    "parse_amount",
    "parse_grid",
    "parse_scenario",
    "simulate",
    "simulate_document",
    "to_cents",
]
