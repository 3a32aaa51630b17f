"""Damages against the wear-and-tear norm, on its boundaries."""

from decimal import Decimal

import pytest

from leasedash.domain.errors import LeaseInputError
from leasedash.domain.inspection import Damage, default_prices, default_rules, judge, judge_all

RULES = default_rules()


@pytest.mark.parametrize(
    "damage, acceptable, rule",
    [
        (Damage("door_front_left", "scratch", 84, 10), True, "renta.scratch"),
        (Damage("door_front_left", "scratch", 85, 10), False, "renta.scratch.size"),
        (Damage("door_front_left", "scratch", 86, 10), False, "renta.scratch.size"),
        (Damage("door_front_left", "scratch", 40, 51), False, "renta.scratch.size"),
        (Damage("door_front_left", "scratch", 40, 5, paint_broken=True), False, "renta.scratch.paint"),
        (Damage("mirror_left", "scratch", 10, 2), False, "renta.scratch.mirror"),
        (Damage("bonnet", "dent", 24, depth_mm=Decimal("1.9")), True, "renta.dent"),
        (Damage("bonnet", "dent", 25, depth_mm=Decimal("1")), False, "renta.dent"),
        (Damage("bonnet", "dent", 10, depth_mm=Decimal("2")), False, "renta.dent"),
        (Damage("bonnet", "chip", 2), True, "renta.chip.not_damage"),
        (Damage("bonnet", "chip", 3), False, "renta.chip"),
        (Damage("windscreen", "chip", 10, zone="driver_view"), True, "bvrla.windscreen.driver_view"),
        (Damage("windscreen", "chip", 11, zone="driver_view"), False, "bvrla.windscreen.driver_view"),
        (Damage("windscreen", "chip", 40), True, "bvrla.windscreen.wiped_area"),
        (Damage("windscreen", "crack", 5), False, "bvrla.windscreen.wiped_area"),
        (Damage("wheel_front_left", "scuff", 50), True, "bvrla.wheel.scuff"),
        (Damage("wheel_front_left", "scuff", 51), False, "bvrla.wheel"),
        (Damage("wheel_front_left", "dent", 5), False, "bvrla.wheel"),
        (Damage("tyre_rear_left", "worn", 0, tread_mm=Decimal("1.6")), True, "bvrla.tyre.tread"),
        (Damage("tyre_rear_left", "worn", 0, tread_mm=Decimal("1.5")), False, "bvrla.tyre"),
        (Damage("seat_front_left", "burn", 8), False, "renta.not_wear.burn"),
    ],
)
def test_the_norm_on_its_boundaries(damage, acceptable, rule):
    verdict = judge(damage, RULES, default_prices())
    assert (verdict.acceptable, verdict.rule) == (acceptable, rule)
    assert (verdict.cost == 0) == acceptable


def test_a_van_may_have_longer_scratches():
    assert judge(Damage("door_front_left", "scratch", 120, 10), RULES, default_prices(), vehicle="van").acceptable
    assert not judge(Damage("door_front_left", "scratch", 170, 10), RULES, default_prices(), vehicle="van").acceptable


def test_prices_come_from_the_price_list():
    verdicts = judge_all([Damage("bumper_front", "scratch", 120, 10), Damage("wheel_front_left", "scuff", 80),
                          Damage("windscreen", "chip", 15, zone="driver_view")], age_months=30)
    assert [(v.method, v.cost) for v in verdicts] == [("polish", Decimal("150")), ("refurbish", Decimal("120")), ("chip_repair", Decimal("110"))]


@pytest.mark.parametrize("age, cap", [(0, 0), (11, 0), (12, 4), (24, 4), (25, 8), (50, 8), (51, 12), (90, 12)])
def test_the_cap_on_acceptable_items_by_age(age, cap):
    assert RULES.acceptable_cap(age) == cap
    small = [Damage("door_front_left", "scratch", 30, 5)] * 14
    charged = [v for v in judge_all(small, age) if not v.acceptable]
    assert len(charged) == 14 - cap
    assert all(v.rule == "renta.age_cap" and v.cost == Decimal("150") for v in charged)


def test_stone_chips_do_not_count_towards_the_cap():
    verdicts = judge_all([Damage("bonnet", "chip", 1)] * 6 + [Damage("door_front_left", "scratch", 30, 5)] * 4, age_months=20)
    assert all(v.acceptable for v in verdicts)


def test_unknown_parts_and_kinds_are_named():
    with pytest.raises(LeaseInputError, match="not a part"):
        judge(Damage("wing_mirror_left", "scratch", 10), RULES, default_prices())
    with pytest.raises(LeaseInputError, match="must be one of"):
        Damage("bonnet", "graffiti", 10)


def test_a_part_may_have_its_own_prices():
    from leasedash.domain.inspection import PriceList

    data = {**default_prices().data, "repairs": {**default_prices().data["repairs"], "bonnet": {"paintless_dent_removal": "210"}}}
    prices = PriceList("bonnet-special", data)
    assert judge(Damage("bonnet", "dent", 40), RULES, prices).cost == Decimal("210")
    assert judge(Damage("roof", "dent", 40), RULES, prices).cost == Decimal("150")
