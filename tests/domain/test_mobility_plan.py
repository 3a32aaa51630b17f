"""Mobility plans (seed 000) and request deadlines (seed 002) on hand-computed cases."""

import datetime as dt
from decimal import Decimal

import pytest

from leasedash.domain.mobility_plan import (
    MobilityPlan,
    OfferedCar,
    contribution_needed,
    offer_expired,
    offer_expires_on,
    policy_refusals,
    rent_per_euro_contributed,
    working_hours_deadline,
)

PLAN = MobilityPlan(monthly_budget=Decimal("650"), durations=(36, 48), annual_km=(15000, 20000, 25000), contribution_allowed=True,
                    contribution_cap=Decimal("3000"), makes=("Volkswagen", "Skoda", "Tesla"), fuels=("ev", "hybrid"), co2_cap=50,
                    standard_discount=Decimal("0.08"))
UTC = dt.timezone.utc


def test_car_policy():
    assert policy_refusals(PLAN, OfferedCar("Tesla", "D", "ev", 0, Decimal("42990"))) == []
    assert policy_refusals(PLAN, OfferedCar("BMW", "D", "diesel", 131, Decimal("52800"))) == ["make", "fuel", "co2"]


def test_contribution_brings_the_rent_within_budget():
    # r = 0.045 / 12 = 0.00375; a = r (1+r)^47 / ((1+r)^48 - 1) = 0.022718...; 50 over budget / a = 2,200.88
    factor = rent_per_euro_contributed(48)
    assert factor.quantize(Decimal("0.000001")) == Decimal("0.022718")
    c = contribution_needed(PLAN, Decimal("700.00"), 48)
    assert (c.over_budget, c.amount, c.refusal) == (Decimal("50.00"), Decimal("2200.87"), None)
    assert c.amount * factor >= Decimal("50.00") > (c.amount - Decimal("0.01")) * factor
    assert contribution_needed(PLAN, Decimal("720.00"), 48).refusal == "above_cap"
    no = MobilityPlan(monthly_budget=Decimal("650"), durations=(48,), annual_km=(15000,))
    assert contribution_needed(no, Decimal("700.00"), 48).refusal == "not_allowed"
    assert contribution_needed(no, Decimal("600.00"), 48).amount == Decimal("0.00")


def test_offers_expire_after_30_days():
    created = dt.date(2026, 11, 1)
    assert offer_expires_on(created) == dt.date(2026, 12, 1)
    assert not offer_expired(created, dt.date(2026, 12, 1))
    assert offer_expired(created, dt.date(2026, 12, 2))


@pytest.mark.parametrize(
    "submitted, holidays, deadline",
    [
        (dt.datetime(2026, 11, 18, 10, 0, tzinfo=UTC), frozenset(), dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC)),   # Wednesday -> Friday
        (dt.datetime(2026, 11, 19, 10, 0, tzinfo=UTC), frozenset(), dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC)),   # Thursday -> over the weekend -> Monday
        (dt.datetime(2026, 11, 21, 15, 0, tzinfo=UTC), frozenset(), dt.datetime(2026, 11, 25, 0, 0, tzinfo=UTC)),    # Saturday: counting starts Monday 00:00
        (dt.datetime(2026, 12, 24, 9, 0, tzinfo=UTC), frozenset({dt.date(2026, 12, 25)}), dt.datetime(2026, 12, 29, 9, 0, tzinfo=UTC)),  # Christmas and a weekend
    ],
)
def test_48_working_hours_skip_weekends_and_holidays(submitted, holidays, deadline):
    assert working_hours_deadline(submitted, 48, holidays) == deadline
