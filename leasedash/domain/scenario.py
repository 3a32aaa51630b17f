"""The scenario document of spec/scenario.md: a contract, its product's rules, and what happens to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from leasedash.domain.errors import LeaseInputError
from leasedash.domain.grid import RentGrid
from leasedash.domain.grid_parse import grid_from_json
from leasedash.domain.limits import input_limits
from leasedash.domain.money import parse_amount, parse_decimal, parse_whole
from leasedash.domain.text import bounded_text

GRID, FIXED = "grid", "fixed"
TERMINATIONS = {
    GRID: ("grid",),
    FIXED: ("remaining_rents", "half_remaining_rents", "keurmerk"),
}
LANGUAGES = ("en", "fr", "nl")
DATES = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))
EVENT_FIELDS = {
    "mileage_change": ({"at_month", "annual_km"}, set()),
    "duration_change": ({"at_month", "months"}, set()),
    "early_return": ({"at_month"}, {"total_km", "replacement_km"}),
    "end": (set(), {"total_km", "replacement_km"}),
}
_PRODUCT_FIELDS = {
    "name", "kind", "grid", "min_billed_months", "eco_premium", "eco_premium_before_month",
    "excess_km_rate", "under_km_rate", "changes_allowed", "termination", "keurmerk_percentage",
    "earliest_termination_month", "first_invoice_cutoff_day",
}
_CONTRACT_FIELDS = {"months", "annual_km", "monthly_rent", "start_date"}
_TOP_FIELDS = {"product", "contract", "events", "language", "name"}


@dataclass(frozen=True)
class Product:
    """The rule set a contract was signed under (scenario.md, "product")."""

    name: str
    kind: str
    grid: RentGrid | None = None
    min_billed_months: int = 0
    eco_premium: Decimal = Decimal("0.00")
    eco_premium_before_month: int | None = None
    excess_km_rate: Decimal = Decimal(0)
    under_km_rate: Decimal = Decimal(0)
    changes_allowed: bool = True
    termination: str | None = None
    keurmerk_percentage: Decimal | None = None
    earliest_termination_month: int | None = None
    first_invoice_cutoff_day: int | None = None


@dataclass(frozen=True)
class Contract:
    """The contract as signed: duration, annual mileage, monthly rent, delivery date."""

    months: int
    annual_km: int
    monthly_rent: Decimal
    start_date: dt.date | None = None


@dataclass(frozen=True)
class Event:
    """One thing that happens to the contract, applied in order."""

    type: str
    source: dict[str, Any]
    at_month: int | None = None
    annual_km: int | None = None
    months: int | None = None
    total_km: int | None = None
    replacement_km: int = 0


@dataclass(frozen=True)
class Scenario:
    """A parsed, validated scenario document."""

    product: Product
    contract: Contract
    events: tuple[Event, ...] = field(default_factory=tuple)
    language: str = "en"


def _object(value: Any, name: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LeaseInputError(name, "expected an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise LeaseInputError(f"{name}.{unknown[0]}" if name else unknown[0], "is not a field of the scenario document")
    return value


def _opt(data: dict, key: str, name: str, parse, default=None, **kw):
    if data.get(key) is None:
        return default
    return parse(data[key], f"{name}.{key}", **kw)


def _rate(value: Any, field_name: str) -> Decimal:
    rate = parse_decimal(value, field_name)
    if rate < 0:
        raise LeaseInputError(field_name, f"a rate cannot be negative, got {rate}")
    return rate


def _bool(value: Any, field_name: str) -> bool:
    if not isinstance(value, bool):
        raise LeaseInputError(field_name, f"expected true or false, got {value!r}")
    return value


def parse_product(data: Any, name: str = "product") -> Product:
    """Validate a product's rule set; each field's meaning is in scenario.md."""
    data = _object(data, name, _PRODUCT_FIELDS)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in TERMINATIONS:
        raise LeaseInputError(f"{name}.kind", f"must be \"grid\" or \"fixed\", got {kind!r}")
    if kind == GRID and data.get("grid") is None:
        raise LeaseInputError(f"{name}.grid", "is required for a product of kind \"grid\"")
    grid = None
    if data.get("grid") is not None:
        grid = grid_from_json(data["grid"], f"{name}.grid", min_axis_values=2 if kind == GRID else 1)
    termination = data.get("termination", "grid" if kind == GRID else None)
    if termination is not None and termination not in TERMINATIONS[kind]:
        allowed = ", ".join(f'"{t}"' for t in TERMINATIONS[kind])
        raise LeaseInputError(f"{name}.termination", f"a {kind} product ends by {allowed}, got {termination!r}")
    percentage = _opt(data, "keurmerk_percentage", name, _rate)
    if termination == "keurmerk":
        if percentage is None or percentage > 1:
            raise LeaseInputError(f"{name}.keurmerk_percentage", "a fraction between 0 and 1 is required for the keurmerk termination")
        if grid is None:
            raise LeaseInputError(f"{name}.grid", "the price list at signing is required for the keurmerk termination")
    cutoff = _opt(data, "first_invoice_cutoff_day", name, parse_whole, minimum=1)
    if cutoff is not None and cutoff > 31:
        raise LeaseInputError(f"{name}.first_invoice_cutoff_day", f"a day of the month is 1 to 31, got {cutoff}")
    label = _name(data.get("name", ""), f"{name}.name")
    eco = _opt(data, "eco_premium", name, parse_amount, Decimal("0.00"))
    if eco < 0:
        raise LeaseInputError(f"{name}.eco_premium", f"cannot be negative, got {eco}")
    return Product(
        name=label,
        kind=kind,
        grid=grid,
        min_billed_months=_opt(data, "min_billed_months", name, parse_whole, 0),
        eco_premium=eco,
        eco_premium_before_month=_opt(data, "eco_premium_before_month", name, parse_whole),
        excess_km_rate=_opt(data, "excess_km_rate", name, _rate, Decimal(0)),
        under_km_rate=_opt(data, "under_km_rate", name, _rate, Decimal(0)),
        changes_allowed=_opt(data, "changes_allowed", name, _bool, kind == GRID),
        termination=termination,
        keurmerk_percentage=percentage,
        earliest_termination_month=_opt(data, "earliest_termination_month", name, parse_whole),
        first_invoice_cutoff_day=cutoff,
    )


def _name(value: Any, field_name: str) -> str:
    """A name of at most seed_products.json "limits" name_length characters."""
    return bounded_text(value, field_name, input_limits().name_length)


def _date(value: Any, field_name: str) -> dt.date:
    """A date as YYYY-MM-DD within 1900-2199: a contract's calendar never reaches the ends of the calendar."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise LeaseInputError(field_name, f"expected a date as YYYY-MM-DD, got {str(value)[:40]!r}") from None
    if not DATES[0] <= day <= DATES[1]:
        raise LeaseInputError(field_name, f"{day} is outside {DATES[0].year}-{DATES[1].year}")
    return day


def parse_contract(data: Any, product: Product, name: str = "contract") -> Contract:
    """Validate the contract; without a monthly rent it is read from the product's grid."""
    data = _object(data, name, _CONTRACT_FIELDS)
    for key in ("months", "annual_km"):
        if data.get(key) is None:
            raise LeaseInputError(f"{name}.{key}", "is required")
    months = parse_whole(data["months"], f"{name}.months", minimum=1)
    annual_km = parse_whole(data["annual_km"], f"{name}.annual_km", minimum=1)
    rent = _opt(data, "monthly_rent", name, parse_amount)
    if rent is not None and rent <= 0:
        raise LeaseInputError(f"{name}.monthly_rent", f"must be more than zero, got {rent}")
    if product.grid is not None:
        grid_rent = product.grid.quote(months, annual_km, (f"{name}.months", f"{name}.annual_km")).monthly_rent
        if rent is not None and rent != grid_rent:
            raise LeaseInputError(
                f"{name}.monthly_rent",
                f"{rent} differs from the grid's rent for {months} months at {annual_km} km a year ({grid_rent})",
            )
        rent = grid_rent
    if rent is None:
        raise LeaseInputError(f"{name}.monthly_rent", "is required when the product has no grid")
    start = _opt(data, "start_date", name, _date)
    return Contract(months, annual_km, rent, start)


def parse_event(data: Any, name: str) -> Event:
    """Validate one event's fields; whether it fits the contract is the engine's check."""
    if not isinstance(data, dict):
        raise LeaseInputError(name, "expected an object")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in EVENT_FIELDS:
        allowed = ", ".join(EVENT_FIELDS)
        raise LeaseInputError(f"{name}.type", f"must be one of {allowed}, got {kind!r}")
    required, optional = EVENT_FIELDS[kind]
    _object(data, name, required | optional | {"type"})
    for key in sorted(required):
        if data.get(key) is None:
            raise LeaseInputError(f"{name}.{key}", f"is required for a {kind} event")
    return Event(
        type=kind,
        source=dict(data),
        at_month=_opt(data, "at_month", name, parse_whole, minimum=1),
        annual_km=_opt(data, "annual_km", name, parse_whole, minimum=1),
        months=_opt(data, "months", name, parse_whole, minimum=1),
        total_km=_opt(data, "total_km", name, parse_whole),
        replacement_km=_opt(data, "replacement_km", name, parse_whole, 0),
    )


def parse_scenario(document: Any) -> Scenario:
    """Validate a whole scenario document; raises LeaseInputError naming the field at fault."""
    document = _object(document, "", _TOP_FIELDS)
    for key in ("product", "contract"):
        if key not in document:
            raise LeaseInputError(key, "is required")
    product = parse_product(document["product"])
    contract = parse_contract(document["contract"], product)
    _name(document.get("name", ""), "name")
    events = document.get("events") or []
    if not isinstance(events, list):
        raise LeaseInputError("events", "expected a list of events")
    limit = input_limits().scenario_events
    if len(events) > limit:
        raise LeaseInputError("events", f"{len(events)} events; a scenario has at most {limit}", code="too_many_events",
                              params={"count": len(events), "maximum": limit})
    language = document.get("language", "en")
    if language not in LANGUAGES:
        raise LeaseInputError("language", f"must be one of {', '.join(LANGUAGES)}, got {language!r}")
    parsed = tuple(parse_event(e, f"events[{i}]") for i, e in enumerate(events))
    return Scenario(product, contract, parsed, language)
