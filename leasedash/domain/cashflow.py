"""What a contract costs month by month: the rents paid and the settlements, cumulated."""

from __future__ import annotations

from decimal import Decimal

from leasedash.domain.engine import SimulationResult


def cumulative_cost(result: SimulationResult) -> list[Decimal]:
    """Cumulative amount paid after each month (index 0 = before the first rent): each month's rent
    in force, plus every step's settlement in the month it falls. The last value is the scenario's
    whole cost: rents paid plus settlements."""
    contract = result.scenario.contract
    rent, months = contract.monthly_rent, contract.months
    changes: dict[int, list] = {}
    end_month = None
    for step in result.steps:
        at = step.event.at_month if step.event.type != "end" else None
        if step.event.type in ("end", "early_return"):
            end_month = at if at is not None else None
        changes.setdefault(at if at is not None else -1, []).append(step)
    for step in result.steps:
        if step.event.type == "duration_change":
            months = step.event.months
    last = end_month or months
    total, series = Decimal("0.00"), [Decimal("0.00")]
    for month in range(1, last + 1):
        total += rent
        for step in changes.get(month, []):
            total += step.settlement
            if step.event.type in ("mileage_change", "duration_change"):
                rent = step.rent_after
        series.append(total)
    for step in changes.get(-1, []):
        series[-1] += step.settlement
    return series
