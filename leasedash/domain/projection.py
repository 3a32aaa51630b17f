"""Where a contract is heading: the driving pace from the latest odometer reading, the kilometres
projected to the end, what the product's rules would settle then, and what to do about it."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.engine import SimulationResult, simulate_document
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.money import to_cents

DAYS_PER_YEAR = Decimal("365.25")
MIN_DAYS_FOR_PACE = 30


@cache
def portfolio_rules() -> dict[str, Any]:
    """The pace alert threshold and the km step of suggestions (leasedash/data/portfolio_rules.json)."""
    return json.loads(resources.files("leasedash.data").joinpath("portfolio_rules.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Suggestion:
    """What the driver could do now: adapt the mileage (products that allow it) or set money aside."""

    kind: str
    new_annual_km: int | None = None
    new_rent: Decimal | None = None
    settlement_now: Decimal | None = None
    settlement_at_end: Decimal | None = None
    monthly_reserve: Decimal | None = None


@dataclass(frozen=True)
class ContractProjection:
    """A contract as of a date, projected to its end at the pace driven so far."""

    as_of: dt.date
    months_run: int
    months_left: int
    km_driven: int
    allowance_to_date: Decimal
    annual_pace: Decimal
    pace_ratio: Decimal
    off_plan: bool
    projected_km: int
    end_result: SimulationResult | None
    quote_needed: bool
    suggestion: Suggestion | None

    @property
    def end_settlement(self) -> Decimal | None:
        return self.end_result.total_settlement if self.end_result else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def annual_pace(km_driven: int, days: int, annual_km: int) -> Fraction:
    """Km a year at the pace driven so far, exactly (the contracted km before MIN_DAYS_FOR_PACE days)."""
    return Fraction(annual_km) if days < MIN_DAYS_FOR_PACE else Fraction(km_driven) * Fraction(DAYS_PER_YEAR) / days


def allowance_after(annual_km: int, days: int) -> Decimal:
    """The km allowed after `days` days: pro rata of the days, annual km × days / 365.25, to the km (001, 004 "naar rato")."""
    return (Decimal(annual_km) * max(days, 0) / DAYS_PER_YEAR).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def months_between(start: dt.date, day: dt.date) -> int:
    """Whole months from `start` to `day` (a month counts once its day-of-month is reached)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    return months - (1 if day.day < start.day else 0)


def projected_end_km(km_driven: int, days_driven: int, months: int) -> int:
    """km at the end at the pace so far: km / days × 365.25 × months / 12, rounded half-up to the km."""
    if days_driven <= 0:
        raise ValueError("no days driven yet")
    return int((Decimal(km_driven) * DAYS_PER_YEAR * months / (days_driven * 12)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def km_at_month(km_driven: int, days_driven: int, annual_km: int, month: int) -> int:
    """The odometer km (less the km at delivery) at `month` of the contract at the pace driven so far: the latest
    reading projected to that month by projected_end_km, or the contracted pace (annual km × month / 12, to the km
    below) before MIN_DAYS_FOR_PACE days of readings. Home, /fleet, the what-if and `leasedash contract scenario`
    all project with it."""
    return annual_km * month // 12 if days_driven < MIN_DAYS_FOR_PACE else projected_end_km(km_driven, days_driven, month)


def project_contract(document: dict[str, Any], start: dt.date, as_of: dt.date, km_driven: int, reading_date: dt.date,
                     threshold: Decimal | None = None) -> ContractProjection:
    """Project a contract (a scenario document without events) from its latest odometer reading.
    The end settlement is the scenario engine's answer for an `end` event at the projected km; a
    pace more than the threshold (10 % by default, portfolio_rules.json) off plan is flagged."""
    rules = portfolio_rules()
    threshold = Decimal(rules["pace_alert_threshold"]) if threshold is None else threshold
    months, annual_km = int(document["contract"]["months"]), int(document["contract"]["annual_km"])
    months_run = max(0, min(months, months_between(start, as_of)))
    days = (reading_date - start).days
    pace = annual_pace(km_driven, days, annual_km)
    projected = km_at_month(km_driven, days, annual_km, months)
    ratio = pace / annual_km
    allowance = allowance_after(annual_km, days)
    end_result, quote_needed = _end(document, projected)
    off_plan = abs(ratio - 1) > Fraction(threshold)
    pace_km = Decimal(round(pace))
    suggestion = _suggest(document, months_run, months, projected, pace_km, end_result, rules) if off_plan else None
    return ContractProjection(as_of, months_run, months - months_run, km_driven, allowance, pace_km,
                              Decimal(ratio.numerator) / Decimal(ratio.denominator), off_plan, projected, end_result, quote_needed, suggestion)


def _with_events(document: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    doc["events"] = events
    return doc


def _end(document: dict[str, Any], projected: int) -> tuple[SimulationResult | None, bool]:
    try:
        return simulate_document(_with_events(document, [{"type": "end", "total_km": projected}])), False
    except LeaseInputError:
        return None, True


def _suggest(document, months_run, months, projected, pace, end_result, rules) -> Suggestion | None:
    product = document["product"]
    if product.get("changes_allowed", product.get("kind") == "grid") and 0 < months_run < months:
        step = Decimal(rules["suggested_km_step"])
        new_km = int((pace / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)
        grid = product.get("grid")
        if grid:
            new_km = max(min(new_km, int(grid["annual_km"][-1])), int(grid["annual_km"][0]))
        if new_km != int(document["contract"]["annual_km"]):
            try:
                adapted = simulate_document(_with_events(document, [
                    {"type": "mileage_change", "at_month": months_run, "annual_km": new_km},
                    {"type": "end", "total_km": projected},
                ]))
            except LeaseInputError:
                adapted = None
            if adapted is not None:
                now, end = adapted.steps
                return Suggestion("adapt", new_km, now.rent_after, now.settlement, end.settlement)
    if end_result is not None and end_result.total_settlement > 0 and months > months_run:
        return Suggestion("set_aside", monthly_reserve=to_cents(end_result.total_settlement / (months - months_run)))
    return None
