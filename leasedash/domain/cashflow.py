"""What a contract costs month by month: the rents paid and the settlements, cumulated."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from leasedash.domain.engine import SimulationResult


def cumulative_cost(result: SimulationResult) -> list[Decimal]:
    """Cumulative amount paid after each month (index 0: nothing yet): each month's rent in force, plus
    each step's settlement in the month it falls (an `end` in the last month). The last value is the
    scenario's whole cost: rents paid plus settlements."""
    contract = result.scenario.contract
    months = contract.months
    settles_at: dict[int | None, list] = defaultdict(list)
    last = None
    for step in result.steps:
        event = step.event
        if event.type == "duration_change":
            months = event.months
        if event.type == "early_return":
            last = event.at_month
        settles_at[event.at_month if event.type != "end" else None].append(step)
    last = last or months
    settles_at[last] += settles_at.pop(None, [])
    rent, total, series = contract.monthly_rent, Decimal("0.00"), [Decimal("0.00")]
    for month in range(1, last + 1):
        total += rent
        for step in settles_at.get(month, []):
            total += step.settlement
            if step.event.type in ("mileage_change", "duration_change"):
                rent = step.rent_after
        series.append(total)
    return series
