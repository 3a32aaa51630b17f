"""An employer's mobility plan (seed 000, KBC MoveSmart): the budget, the car policy, the standard
discount, and the one-time contribution that brings an offer over budget back within it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.errors import LeaseInputError
from leasedash.domain.money import CENT
from leasedash.domain.pricing import pricing_parameters


@cache
def mobility_settings() -> dict[str, Any]:
    """Offer validity, answer time, upload cap, the bounds of a plan and the plan a new company starts with
    (leasedash/data/mobility.json)."""
    return json.loads(resources.files("leasedash.data").joinpath("mobility.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MobilityPlan:
    """What a company's drivers may choose: "le plan de mobilité de votre employeur détermine le budget
    auquel vous avez droit et si vous pouvez verser une contribution unique" (000)."""

    monthly_budget: Decimal
    durations: tuple[int, ...]
    annual_km: tuple[int, ...]
    default_months: int | None = None
    default_annual_km: int | None = None
    driver_may_adapt: bool = True
    contribution_allowed: bool = False
    contribution_cap: Decimal | None = None
    makes: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    fuels: tuple[str, ...] = ()
    co2_cap: int | None = None
    standard_discount: Decimal = Decimal(0)


    @property
    def months(self) -> int:
        """The duration an offer gets when the driver may not adapt it (the plan's default, else its first)."""
        return self.default_months or self.durations[0]

    @property
    def km(self) -> int:
        return self.default_annual_km or self.annual_km[0]


def check_plan(plan: MobilityPlan) -> None:
    """Refuse a plan a driver could not build an offer with, within the lessor's bounds (mobility.json
    "offer_limits"). Raises LeaseInputError naming the field."""
    limits = mobility_settings()["offer_limits"]
    if plan.monthly_budget <= 0:
        raise LeaseInputError("monthly_budget", "the budget must be above zero", code="plan_budget")
    if not plan.durations or any(not limits["min_months"] <= m <= limits["max_months"] for m in plan.durations):
        raise LeaseInputError("durations", f"durations between {limits['min_months']} and {limits['max_months']} months", code="plan_durations")
    if not plan.annual_km or any(not limits["min_annual_km"] <= k <= limits["max_annual_km"] for k in plan.annual_km):
        raise LeaseInputError("annual_km", f"km a year between {limits['min_annual_km']} and {limits['max_annual_km']}", code="plan_km")
    if plan.months not in plan.durations or plan.km not in plan.annual_km:
        raise LeaseInputError("default", "the default duration and km must be among those allowed", code="plan_default")
    if plan.contribution_cap is not None and plan.contribution_cap < 0:
        raise LeaseInputError("contribution_cap", "the cap cannot be negative", code="plan_cap")
    if plan.co2_cap is not None and plan.co2_cap < 0:
        raise LeaseInputError("co2_cap", "the CO2 cap cannot be negative", code="plan_co2")
    if not Decimal(0) <= plan.standard_discount <= Decimal(limits["max_standard_discount"]):
        raise LeaseInputError("standard_discount", f"a share between 0 and {limits['max_standard_discount']}", code="plan_discount")


def check_choice(plan: MobilityPlan, months: int, annual_km: int) -> None:
    """The driver picks among the plan's durations and km bands, and only when the plan lets them adapt (000:
    "adaptez la durée ou le kilométrage si votre employeur le permet")."""
    if not plan.driver_may_adapt and (months, annual_km) != (plan.months, plan.km):
        raise LeaseInputError("months", "your employer's plan fixes the duration and the km", code="plan_fixed")
    if months not in plan.durations:
        raise LeaseInputError("months", "a duration your employer's plan allows", code="plan_months_not_allowed")
    if annual_km not in plan.annual_km:
        raise LeaseInputError("annual_km", "a km band your employer's plan allows", code="plan_km_not_allowed")


@dataclass(frozen=True)
class OfferedCar:
    make: str
    segment: str
    fuel: str
    co2: int
    price: Decimal


def policy_refusals(plan: MobilityPlan, car: OfferedCar) -> list[str]:
    """Why the car is outside the plan's car policy (empty: it may be offered): make, segment, fuel, CO2 cap."""
    reasons = []
    if plan.makes and car.make not in plan.makes:
        reasons.append("make")
    if plan.segments and car.segment not in plan.segments:
        reasons.append("segment")
    if plan.fuels and car.fuel not in plan.fuels:
        reasons.append("fuel")
    if plan.co2_cap is not None and car.co2 > plan.co2_cap:
        reasons.append("co2")
    return reasons


def rent_per_euro_contributed(months: int, params: dict[str, Any] | None = None) -> Decimal:
    """How much a euro paid up front lowers the monthly rent: the annuity factor of the pricing model,
    a = r(1+r)^(n-1) / ((1+r)^n - 1), r the monthly rate (rents paid in advance)."""
    p = params or pricing_parameters()
    r = Decimal(p["annual_interest_rate"]) / 12
    growth = (1 + r) ** months
    return r * growth / (1 + r) / (growth - 1)


@dataclass(frozen=True)
class Contribution:
    """The one-time contribution an offer needs, and whether the plan lets the driver pay it."""

    amount: Decimal
    factor: Decimal
    over_budget: Decimal
    refusal: str | None


def contribution_needed(plan: MobilityPlan, monthly_rent: Decimal, months: int, params: dict[str, Any] | None = None) -> Contribution:
    """Over budget by B a month, the contribution C = B / a (rounded up to the cent) brings the rent within
    the budget; refused when the plan forbids a contribution or caps it lower (000)."""
    over = max(Decimal(0), monthly_rent - plan.monthly_budget)
    factor = rent_per_euro_contributed(months, params)
    amount = (over / factor).quantize(CENT, rounding=ROUND_CEILING) if over else Decimal("0.00")
    refusal = None
    if amount and not plan.contribution_allowed:
        refusal = "not_allowed"
    elif amount and plan.contribution_cap is not None and amount > plan.contribution_cap:
        refusal = "above_cap"
    return Contribution(amount, factor, over, refusal)


def offer_expires_on(created: dt.date) -> dt.date:
    """Offers stay visible 30 days (000: "vos offres sont visibles ici pendant 30 jours")."""
    return created + dt.timedelta(days=mobility_settings()["offer_validity_days"])


def offer_expired(created: dt.date, today: dt.date) -> bool:
    return today > offer_expires_on(created)


def working_hours_deadline(submitted: dt.datetime, hours: int, holidays: frozenset[dt.date] = frozenset()) -> dt.datetime:
    """The answer deadline of a request (002: "binnen een maximumtermijn van 48 werkuren"): the hours are
    counted on working days only, weekends and the given public holidays excluded (choice: a working day
    counts its 24 hours)."""
    left = dt.timedelta(hours=hours)
    moment = submitted
    while True:
        if moment.weekday() < 5 and moment.date() not in holidays:
            midnight = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time(), tzinfo=moment.tzinfo)
            step = midnight - moment
            if left <= step:
                return moment + left
            left -= step
            moment = midnight
        else:
            moment = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time(), tzinfo=moment.tzinfo)
