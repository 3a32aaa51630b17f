"""The month-by-month cost of the seed's Lease Plus examples: rents paid plus settlements."""

from decimal import Decimal

import pytest

from leasedash.domain import simulate_document
from leasedash.domain.cashflow import cumulative_cost
from leasedash.domain.catalogue import seed_products


@pytest.mark.parametrize(
    "index, months, whole, at_12",
    [
        (0, 48, "25307.52", "6435.84"),    # 527.24 x 48: the refund comes at the end
        (1, 48, "27510.72", "6877.68"),    # 573.14 x 48: the catch-up invoice comes at month 12
        (2, 60, "29248.20", "6435.84"),    # 487.47 x 60: the refund comes at month 48
        (3, 42, "23586.36", "6435.84"),    # 561.58 x 42
        (4, 6, "16198.56", None),          # 1,349.88 x 12 billed after 6 months
    ],
)
def test_lease_plus_examples_cost_what_the_grid_says(index, months, whole, at_12):
    series = cumulative_cost(simulate_document(seed_products()["leaseplus-sur-mesure"].example_scenario(index)))
    assert len(series) == months + 1 and series[0] == 0
    assert series[-1] == Decimal(whole)
    if at_12:
        assert series[12] == Decimal(at_12)
    assert all(b >= a for a, b in zip(series, series[1:])) or index in (0, 2)
