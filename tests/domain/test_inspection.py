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


def test_an_item_charged_only_by_the_age_cap_costs_the_cheapest_repair_of_that_damage_on_that_part():
    # 11 months: Renta accepts no item as wear, so each of these small items is charged, each at the cheapest method of
    # its part's price line that repairs its kind of damage (price_list.json): a bumper dent by smart repair (250, not
    # polish 150, which does not repair a dent, nor replace 780), a windscreen chip by chip repair (110, not 750), a
    # wheel scuff by refurbishing (120, not 450), a door scratch by polishing (150).
    small = [Damage("bumper_front", "dent", 20, depth_mm=Decimal("1")), Damage("windscreen", "chip", 5),
             Damage("wheel_front_left", "scuff", 30), Damage("door_front_left", "scratch", 30, 5)]
    verdicts = judge_all(small, age_months=11)
    assert [(v.rule, v.method, v.cost) for v in verdicts] == [
        ("renta.age_cap", "smart_repair", Decimal("250")), ("renta.age_cap", "chip_repair", Decimal("110")),
        ("renta.age_cap", "refurbish", Decimal("120")), ("renta.age_cap", "polish", Decimal("150"))]
    assert sum(v.cost for v in verdicts) == Decimal("630")
    assert [v.figures["position"] for v in verdicts] == ["1", "2", "3", "4"] and {v.figures["cap"] for v in verdicts} == {"0"}


def test_which_method_repairs_which_damage_is_data_beside_the_price_list():
    from leasedash.domain.inspection import PriceList

    data = {**default_prices().data, "repairs_by_damage": {**default_prices().data["repairs_by_damage"], "dent": ["repair_and_paint", "replace"]}}
    verdict = judge_all([Damage("bumper_front", "dent", 20, depth_mm=Decimal("1"))], age_months=11, prices=PriceList("no-smart-repair", data))[0]
    assert (verdict.method, verdict.cost) == ("repair_and_paint", Decimal("420"))
    older = {k: v for k, v in default_prices().data.items() if k != "repairs_by_damage"}
    verdict = judge_all([Damage("bumper_front", "dent", 20, depth_mm=Decimal("1"))], age_months=11, prices=PriceList("before-the-table", older))[0]
    assert (verdict.method, verdict.cost) == ("smart_repair", Decimal("250")), "a version saved before the table reads the shipped one"


@pytest.mark.parametrize("damage, exceeded, figures", [
    (Damage("bonnet", "dent", 40, 40, Decimal("5")), ("diameter", "depth"),
     {"diameter": "40", "diameter_limit": "25", "depth": "5", "depth_limit": "2"}),
    (Damage("bonnet", "dent", 24, 24, Decimal("5")), ("depth",), {"depth": "5", "depth_limit": "2"}),
    (Damage("bonnet", "dent", 24, depth_mm=Decimal("1"), paint_broken=True), ("paint",), {}),
    (Damage("door_front_left", "scratch", 120, 10), ("length",), {"length": "120", "length_limit": "85"}),
    (Damage("door_front_left", "scratch", 40, 51), ("width",), {"width": "51", "width_limit": "50"}),
    (Damage("windscreen", "chip", 11, zone="driver_view"), ("size",), {"size": "11", "size_limit": "10"}),
    (Damage("windscreen", "crack", 5), ("kind",), {}),
    (Damage("wheel_front_left", "scuff", 51), ("size",), {"size": "51", "size_limit": "50"}),
    (Damage("tyre_rear_left", "worn", 0, tread_mm=Decimal("1.2")), ("tread",), {"tread": "1.2", "tread_limit": "1.6"}),
    (Damage("tyre_rear_left", "worn", 0), ("tread_unknown",), {"tread_limit": "1.6"}),
    (Damage("bonnet", "chip", 4), ("size",), {"size": "4", "size_limit": "3"}),
])
def test_a_charged_damage_names_each_limit_it_exceeded_with_the_figure_measured(damage, exceeded, figures):
    verdict = judge(damage, RULES, default_prices())
    assert not verdict.acceptable and verdict.exceeded == exceeded
    assert {k: verdict.figures[k] for k in figures} == figures


def test_the_limits_named_come_from_the_rule_set():
    from leasedash.domain.inspection import RuleSet

    data = {**RULES.data, "renta": {**RULES.data["renta"], "dent": {"max_diameter_mm": 30, "max_depth_mm": "3"}}}
    verdict = judge(Damage("bonnet", "dent", 24, 24, Decimal("3")), RuleSet("deeper", data), default_prices())
    assert (verdict.exceeded, verdict.figures["depth_limit"], verdict.figures["diameter_limit"]) == (("depth",), "3", "30")
    assert judge(Damage("bonnet", "dent", 24, 24, Decimal("2.9")), RuleSet("deeper", data), default_prices()).acceptable
