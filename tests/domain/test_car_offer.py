"""Offers under a mobility plan (seed 000) on hand-computed cases: car policy, CO2 cap, discounts, budget, contribution."""

from decimal import Decimal

import pytest

from leasedash.domain import LeaseInputError
from leasedash.domain.car_offer import car_catalogue, find_car, price_offer, why_not_offered
from leasedash.domain.mobility_plan import MobilityPlan, check_choice, check_plan
from leasedash.domain.pricing import CarToPrice, monthly_rent_excl_vat

PLAN = MobilityPlan(monthly_budget=Decimal(650), durations=(36, 48), annual_km=(15000, 20000), default_months=48, default_annual_km=20000,
                    contribution_allowed=True, contribution_cap=Decimal(3000), segments=("B", "C", "D", "SUV"), fuels=("ev", "hybrid"),
                    co2_cap=50, standard_discount=Decimal("0.05"))


def test_car_policy_and_co2_cap_say_why_a_car_is_not_offered():
    assert why_not_offered(PLAN, find_car("Model 3 RWD")) == []
    assert why_not_offered(PLAN, find_car("320d Touring")) == ["fuel", "co2"]          # diesel, 131 g/km > 50
    assert why_not_offered(PLAN, find_car("500e")) == ["segment"]                      # segment A
    assert why_not_offered(PLAN, find_car("Corolla Touring Sports Hybrid")) == ["co2"]  # a hybrid at 102 g/km > 50
    assert why_not_offered(PLAN, find_car("5 E-Tech")) == ["no_data"]                  # too recent (000's second reason)
    with pytest.raises(LeaseInputError) as refused:
        price_offer(PLAN, find_car("320d Touring"), [], Decimal(0), 48, 20000, "BE")
    assert refused.value.field == "model"


def test_net_price_standard_discount_and_dealer_discount():
    offer = price_offer(PLAN, find_car("Model 3 RWD"), ["metallic_paint"], Decimal(250), 48, 20000, "BE")
    # 42,990 + 980 = 43,970; 5 % standard discount = 2,198.50; less 250 = 41,521.50 incl. VAT; / 1.21 = 34,315.29
    assert (offer.options_price, offer.standard_discount, offer.net_price, offer.net_price_excl_vat) == (
        Decimal(980), Decimal("2198.50"), Decimal("41521.50"), Decimal("34315.29"))
    car = CarToPrice(Decimal(43970), "ev", "BE", Decimal("2448.50"))
    assert offer.monthly_rent == monthly_rent_excl_vat(car, 48, 20000)


def test_promotions_are_counted_and_kept_apart():
    enyaq = find_car("Enyaq 85")
    offer = price_offer(PLAN, enyaq, ["tech_pack"], Decimal(0), 48, 20000, "BE")
    # 48,900 + 2,310 = 51,210; 5 % = 2,560.50; promotion on the tech pack 800 -> 47,849.50
    assert (enyaq.options["tech_pack"], offer.promotion, offer.net_price) == (Decimal(2310), Decimal(800), Decimal("47849.50"))


def test_over_budget_the_contribution_brings_the_rent_within_it():
    offer = price_offer(PLAN, find_car("Model 3 RWD"), ["metallic_paint"], Decimal(250), 48, 20000, "BE")
    over = offer.monthly_rent - Decimal(650)
    assert offer.contribution.over_budget == over > 0
    factor = offer.contribution.factor   # r (1+r)^47 / ((1+r)^48 - 1), r = 0.045 / 12
    r = Decimal("0.00375")
    assert abs(factor - r * (1 + r) ** 47 / ((1 + r) ** 48 - 1)) < Decimal("1e-20")
    assert offer.contribution.amount == (over / factor).quantize(Decimal("0.01"), rounding="ROUND_CEILING")
    assert offer.rent_after_contribution <= Decimal(650) and offer.contribution.refusal is None
    assert offer.total_cost == offer.rent_after_contribution * 48 + offer.contribution.amount


def test_contribution_refused_above_the_cap_or_when_forbidden():
    i4 = price_offer(PLAN, find_car("i4 eDrive40"), ["comfort_pack"], Decimal(0), 48, 20000, "BE")
    assert i4.contribution.amount > PLAN.contribution_cap and i4.contribution.refusal == "above_cap"
    assert i4.rent_after_contribution == i4.monthly_rent and i4.total_cost == i4.monthly_rent * 48
    forbidden = MobilityPlan(**{**PLAN.__dict__, "contribution_allowed": False})
    assert price_offer(forbidden, find_car("Model 3 RWD"), [], Decimal(0), 48, 20000, "BE").contribution.refusal == "not_allowed"
    within = price_offer(PLAN, find_car("e-208"), [], Decimal(0), 48, 15000, "BE")
    assert within.monthly_rent <= Decimal(650) and within.contribution.amount == 0


def test_choices_the_plan_allows():
    check_choice(PLAN, 36, 15000)
    with pytest.raises(LeaseInputError) as refused:
        check_choice(PLAN, 60, 15000)
    assert refused.value.field == "months"
    fixed = MobilityPlan(**{**PLAN.__dict__, "driver_may_adapt": False})
    check_choice(fixed, 48, 20000)
    with pytest.raises(LeaseInputError, match="fixes"):
        check_choice(fixed, 36, 15000)
    with pytest.raises(LeaseInputError) as unknown:
        price_offer(PLAN, find_car("Model 3 RWD"), ["heat_pump"], Decimal(0), 48, 20000, "BE")
    assert unknown.value.field == "options"


@pytest.mark.parametrize("change, field", [
    ({"monthly_budget": Decimal(0)}, "monthly_budget"), ({"durations": (6,)}, "durations"), ({"annual_km": (100000,)}, "annual_km"),
    ({"default_months": 24}, "default"), ({"contribution_cap": Decimal(-1)}, "contribution_cap"), ({"co2_cap": -5}, "co2_cap"),
    ({"standard_discount": Decimal("0.9")}, "standard_discount"),
])
def test_a_plan_out_of_bounds_is_refused_naming_the_field(change, field):
    check_plan(PLAN)
    with pytest.raises(LeaseInputError) as refused:
        check_plan(MobilityPlan(**{**PLAN.__dict__, **change}))
    assert refused.value.field == field


def test_every_model_has_its_options_and_every_option_a_kind():
    for car in car_catalogue():
        assert car.has_data == bool(car.options), car.model
