"""A car offer under a mobility plan (seed 000): the catalogue the plan allows, options and packs, the
employer's standard discount, promotions, the dealer's extra discount, the rent from the pricing model
and the one-time contribution when the rent is over budget."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.errors import LeaseInputError
from leasedash.domain.mobility_plan import (
    Contribution,
    MobilityPlan,
    OfferedCar,
    check_choice,
    contribution_needed,
    policy_refusals,
    rent_per_euro_contributed,
)
from leasedash.domain.money import CENT, to_cents
from leasedash.domain.pricing import CarToPrice, monthly_rent_excl_vat, pricing_parameters


@dataclass(frozen=True)
class CatalogueCar:
    """A model of the catalogue with the options and packs complementary to it (000: "KBC MoveSmart
    n'affiche que les options et les packs qui sont complémentaires à un modèle donné")."""

    make: str
    model: str
    segment: str
    fuel: str
    co2: int
    price: Decimal | None
    options: dict[str, Decimal]
    promotions: dict[str, Decimal]

    @property
    def has_data(self) -> bool:
        """False for a very recent model whose data is not complete yet (000 gives it as the second reason)."""
        return self.price is not None

    def offered(self) -> OfferedCar:
        return OfferedCar(self.make, self.segment, self.fuel, self.co2, self.price or Decimal(0))


@cache
def _options_data() -> dict[str, Any]:
    return json.loads(resources.files("leasedash.data").joinpath("car_options.json").read_text(encoding="utf-8"))


def option_kind(code: str) -> str:
    """"option" or "pack"."""
    return _options_data()["kinds"][code]


@cache
def car_catalogue() -> tuple[CatalogueCar, ...]:
    """The lessor's models (vehicle_models.json) with their options, packs and promotions (car_options.json),
    then the newest models without complete data."""
    data = _options_data()
    models = json.loads(resources.files("leasedash.data").joinpath("vehicle_models.json").read_text(encoding="utf-8"))["models"]
    cars = []
    for m in models:
        promos = {p["code"] or "model": Decimal(p["amount"]) for p in data["promotions"] if p["model"] == m["model"]}
        options = {code: Decimal(price) for code, price in data["by_model"].get(m["model"], {}).items()}
        cars.append(CatalogueCar(m["make"], m["model"], m["segment"], m["fuel"], int(m["co2"]), Decimal(m["price"]), options, promos))
    cars += [CatalogueCar(m["make"], m["model"], m["segment"], m["fuel"], int(m["co2"]), None, {}, {}) for m in data["models_without_data"]]
    return tuple(cars)


def find_car(model: str) -> CatalogueCar:
    car = next((c for c in car_catalogue() if c.model == model), None)
    if car is None:
        raise LeaseInputError("model", f"{model!r} is not in the catalogue", code="offer_unknown_model")
    return car


def why_not_offered(plan: MobilityPlan, car: CatalogueCar) -> list[str]:
    """Why a model is not offered (empty: it is): outside the car policy (make, segment, fuel, CO2 cap), or too
    recent to have the data of a complete offer (000)."""
    return policy_refusals(plan, car.offered()) if car.has_data else ["no_data"]


def rent_after_contribution(rent: Decimal, contribution: Decimal, months: int, params: dict[str, Any] | None = None) -> Decimal:
    """The rent once the one-time contribution C is paid: rent − C × a (a: what one euro up front saves a month)."""
    return rent - to_cents(contribution * rent_per_euro_contributed(months, params)) if contribution else rent


@dataclass(frozen=True)
class OfferPrice:
    """Every figure of an offer, in euros; prices incl. VAT unless named excl_vat, rents excl. VAT as the
    employer's budget reads them."""

    list_price: Decimal
    options_price: Decimal
    standard_discount: Decimal
    promotion: Decimal
    dealer_discount: Decimal
    net_price: Decimal
    net_price_excl_vat: Decimal
    monthly_rent: Decimal
    contribution: Contribution
    rent_after_contribution: Decimal
    months: int

    @property
    def total_cost(self) -> Decimal:
        """What the offer costs over its term: the rent after the contribution times the months, plus the contribution
        (none when the plan refuses it: the rent then stays over budget)."""
        paid = Decimal(0) if self.contribution.refusal else self.contribution.amount
        return self.rent_after_contribution * self.months + paid


def price_offer(plan: MobilityPlan, car: CatalogueCar, options: list[str], dealer_discount: Decimal, months: int, annual_km: int,
                country: str, params: dict[str, Any] | None = None) -> OfferPrice:
    """The offer's figures. Net price = (list price + options) × (1 − standard discount) − promotions − dealer discount
    (000: the standard discount "automatiquement", promotions to check, an extra dealer discount); the rent is the
    pricing model's for the net price, duration and km; over budget, the contribution C = B / a."""
    p = params or pricing_parameters()
    refusals = why_not_offered(plan, car)
    if refusals:
        raise LeaseInputError("model", f"{car.model} is outside your employer's plan ({', '.join(refusals)})", code="offer_outside_plan")
    check_choice(plan, months, annual_km)
    unknown = sorted(set(options) - set(car.options))
    if unknown:
        raise LeaseInputError("options", f"{unknown[0]!r} is not offered with the {car.model}", code="offer_unknown_option")
    if dealer_discount < 0:
        raise LeaseInputError("dealer_discount", "a discount cannot be negative", code="offer_negative_discount")
    options_price = sum((car.options[o] for o in options), Decimal(0))
    gross = car.price + options_price
    standard = (gross * plan.standard_discount).quantize(CENT)  # shown as its own line, so the net price adds up to the cent
    promotion = car.promotions.get("model", Decimal(0)) + sum((car.promotions.get(o, Decimal(0)) for o in options), Decimal(0))
    net = gross - standard - promotion - dealer_discount
    if net <= 0:
        raise LeaseInputError("dealer_discount", "the discounts are larger than the price", code="offer_discount_too_large")
    vat = Decimal(p["vat_rate"][country])
    rent = monthly_rent_excl_vat(CarToPrice(gross, car.fuel, country, gross - net), months, annual_km, p)
    contribution = contribution_needed(plan, rent, months, p)
    after = rent_after_contribution(rent, contribution.amount if not contribution.refusal else Decimal(0), months, p)
    return OfferPrice(car.price, options_price, standard, promotion, dealer_discount, net.quantize(CENT), to_cents(net / (1 + vat)),
                      rent, contribution, after, months)
