"""Pricing an operational lease (spec/pricing.md): an annuity on the price less the residual value,
plus per-km services with step terms, insurance, road tax and fees, then VAT. Every parameter is
data (leasedash/data/pricing.json)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.grid import RentGrid
from leasedash.domain.money import to_cents


@dataclass(frozen=True)
class CarToPrice:
    """The car a rent is priced for: list price incl. VAT, discount, fuel, and the country of the lease."""

    price: Decimal
    fuel: str
    country: str
    discount: Decimal = Decimal(0)


@cache
def pricing_parameters() -> dict[str, Any]:
    """The pricing model's parameters, as shipped."""
    return json.loads(resources.files("leasedash.data").joinpath("pricing.json").read_text(encoding="utf-8"))


def residual_value(car: CarToPrice, months: int, annual_km: int, params: dict[str, Any] | None = None) -> Decimal:
    """Residual value: the age curve of pricing.md (68/58/50/42/34 % at 12-60 months, interpolated),
    less about 5 ct a km driven above the average mileage, never below the floor."""
    p = params or pricing_parameters()
    curve = sorted((int(m), Decimal(v)) for m, v in p["residual_value_by_months"].items())
    share = _interpolate(curve, months)
    extra_km = Decimal(annual_km - p["average_annual_km"]) * months / 12
    value = car.price * share - extra_km * Decimal(p["value_loss_per_extra_km"])
    return max(value, car.price * Decimal(p["residual_value_floor"]))


def _interpolate(curve: list[tuple[int, Decimal]], x: int) -> Decimal:
    if x <= curve[0][0]:
        (x0, y0), (x1, y1) = curve[0], curve[1]
    elif x >= curve[-1][0]:
        (x0, y0), (x1, y1) = curve[-2], curve[-1]
    else:
        (x0, y0), (x1, y1) = next((a, b) for a, b in zip(curve, curve[1:]) if a[0] <= x <= b[0])
    return y0 + (y1 - y0) * Decimal(x - x0) / Decimal(x1 - x0)


def _monthly_cost_excl_vat(car: CarToPrice, months: int, annual_km: int, p: dict[str, Any]) -> Decimal:
    vat = Decimal(p["vat_rate"][car.country])
    price_excl = (car.price - car.discount) / (1 + vat)
    rv_excl = residual_value(car, months, annual_km, p) / (1 + vat)
    r = Decimal(p["annual_interest_rate"]) / 12
    growth = (1 + r) ** months
    annuity = (price_excl * growth - rv_excl) * r / (growth - 1) / (1 + r)
    total_km = Decimal(max(annual_km, p["priced_annual_km_floor"])) * months / 12
    services = max(math.ceil(total_km / p["service_interval_km"]), math.ceil(months / p["service_interval_months"]))
    per_km = Decimal(p["maintenance_per_km"][car.fuel]) + Decimal(p["tyres_per_km"])
    running = (per_km * total_km + services * Decimal(p["service_cost"][car.fuel])) / months
    fixed = (
        price_excl * Decimal(p["insurance_per_year_of_price"]) / 12
        + Decimal(p["road_tax_per_month"][car.country][car.fuel])
        + Decimal(p["management_fee_per_month"])
        + Decimal(p["replacement_car_per_month"])
    )
    return annuity + running + fixed


def monthly_rent(car: CarToPrice, months: int, annual_km: int, params: dict[str, Any] | None = None) -> Decimal:
    """The monthly rent incl. VAT: PMT = (PV·(1+r)^n − RV)·r / ((1+r)^n − 1) / (1+r), paid in advance,
    plus maintenance and tyres per km, a service at every interval in km or months (the steps of
    the real grid), insurance, road tax, replacement car and management fee."""
    p = params or pricing_parameters()
    return to_cents(_monthly_cost_excl_vat(car, months, annual_km, p) * (1 + Decimal(p["vat_rate"][car.country])))


def monthly_rent_excl_vat(car: CarToPrice, months: int, annual_km: int, params: dict[str, Any] | None = None) -> Decimal:
    """The same rent excl. VAT, as an employer's budget reads it."""
    return to_cents(_monthly_cost_excl_vat(car, months, annual_km, params or pricing_parameters()))


def price_grid(car: CarToPrice, months: list[int], annual_km: list[int], params: dict[str, Any] | None = None) -> RentGrid:
    """A whole rent grid for one car, one rent per (duration, mileage)."""
    rents = [[monthly_rent(car, m, k, params) for m in months] for k in annual_km]
    return RentGrid.build(months, annual_km, rents, min_axis_values=1)
