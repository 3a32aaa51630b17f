"""Return inspections: each damage judged against the wear-and-tear norm (Renta 2026, BVRLA where
Renta is silent), with the rule that decided it, the repair method and its price. Rules and prices
are data (leasedash/data/return_rules.json, price_list.json); an inspection keeps the versions it used."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.errors import LeaseInputError

KINDS = ("scratch", "dent", "chip", "scuff", "crack", "tear", "burn", "stain", "worn", "missing")


@dataclass(frozen=True)
class RuleSet:
    """A version of the wear-and-tear rules."""

    version: str
    data: dict[str, Any]

    def category(self, part: str) -> str:
        try:
            return self.data["parts"][part]
        except KeyError:
            raise LeaseInputError("part", f"{part!r} is not a part of the car outline") from None

    def acceptable_cap(self, age_months: int) -> int:
        """How many acceptable items count as wear at this age (Renta 2026: 0 / 4 / 8 / 12)."""
        for upper, cap in self.data["renta"]["acceptable_cap_by_age_months"]:
            if upper is None or age_months <= upper:
                return cap
        return 0


@dataclass(frozen=True)
class PriceList:
    """A version of the repair and missing-item prices, EUR excl. VAT."""

    version: str
    data: dict[str, Any]

    def methods(self, part: str, category: str) -> dict[str, str]:
        """The repair prices of a part: its own line of the price list when it has one, else its kind of part's."""
        repairs = self.data["repairs"]
        return repairs.get(part) or repairs[category]

    def item(self, name: str) -> Decimal:
        try:
            return Decimal(self.data["missing_items"][name])
        except KeyError:
            raise LeaseInputError("item", f"{name!r} is not an item of the return checklist") from None


def _load(name: str) -> dict[str, Any]:
    return json.loads(resources.files("leasedash.data").joinpath(name).read_text(encoding="utf-8"))


@cache
def default_rules() -> RuleSet:
    data = _load("return_rules.json")
    return RuleSet(data["version"], data)


@cache
def default_prices() -> PriceList:
    data = _load("price_list.json")
    return PriceList(data["version"], data)


@dataclass(frozen=True)
class Damage:
    """What the inspector (or the driver, in a self-check) saw on one part."""

    part: str
    kind: str
    length_mm: int
    width_mm: int = 0
    depth_mm: Decimal = Decimal(0)
    paint_broken: bool = False
    zone: str = ""
    tread_mm: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise LeaseInputError("kind", f"must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.length_mm < 0 or self.width_mm < 0 or self.depth_mm < 0:
            raise LeaseInputError("size", "sizes cannot be negative")


@dataclass(frozen=True)
class Verdict:
    """Acceptable or chargeable, the rule that decided it, and (chargeable) the repair and its price excl. VAT."""

    damage: Damage
    acceptable: bool
    rule: str
    counts_as_wear: bool = False
    method: str | None = None
    cost: Decimal = Decimal("0.00")


def _charge(damage: Damage, rule: str, method: str, rules: RuleSet, prices: PriceList) -> Verdict:
    methods = prices.methods(damage.part, rules.category(damage.part))
    chosen = method if method in methods else max(methods, key=lambda m: Decimal(methods[m]))
    return Verdict(damage, False, rule, method=chosen, cost=Decimal(methods[chosen]))


def judge(damage: Damage, rules: RuleSet, prices: PriceList, vehicle: str = "car") -> Verdict:
    """One damage against the norm, before the cap on acceptable items by age."""
    renta, bvrla = rules.data["renta"], rules.data["bvrla"]
    category = rules.category(damage.part)
    ok = Verdict(damage, True, "", counts_as_wear=True)
    if damage.kind == "chip" and damage.length_mm < renta["chip"]["not_damage_below_mm"] and category != "glass":
        return Verdict(damage, True, "renta.chip.not_damage")
    if category == "glass":
        zone = "driver_view" if damage.zone == "driver_view" else "wiped_area"
        rule = f"bvrla.windscreen.{zone}"
        if damage.kind in ("chip", "scratch") and damage.length_mm <= bvrla["windscreen"][f"{zone}_max_mm"]:
            return replace(ok, rule=rule)
        return _charge(damage, rule, "chip_repair" if damage.kind == "chip" and damage.length_mm <= 25 else "replace", rules, prices)
    if category == "wheel":
        if damage.kind == "scuff" and damage.length_mm <= bvrla["wheel"]["scuff_total_max_mm"]:
            return replace(ok, rule="bvrla.wheel.scuff")
        return _charge(damage, "bvrla.wheel", "refurbish" if damage.kind == "scuff" else "replace", rules, prices)
    if category == "tyre":
        if damage.tread_mm is not None and damage.tread_mm >= Decimal(bvrla["tyre"]["min_tread_mm"]) and damage.kind == "worn":
            return Verdict(damage, True, "bvrla.tyre.tread")
        return _charge(damage, "bvrla.tyre", "replace", rules, prices)
    if damage.kind == "scratch":
        if damage.part in renta["scratch"]["never_on"]:
            return _charge(damage, "renta.scratch.mirror", "smart_repair", rules, prices)
        if damage.paint_broken:
            return _charge(damage, "renta.scratch.paint", "repair_and_paint", rules, prices)
        if damage.length_mm >= renta["scratch"]["max_length_mm"][vehicle] or damage.width_mm > renta["scratch"]["max_width_mm"]:
            return _charge(damage, "renta.scratch.size", "polish", rules, prices)
        return replace(ok, rule="renta.scratch")
    if damage.kind == "dent":
        limits = renta["dent"]
        if damage.paint_broken or damage.length_mm >= limits["max_diameter_mm"] or damage.depth_mm >= Decimal(limits["max_depth_mm"]):
            method = "repair_and_paint" if damage.paint_broken else "paintless_dent_removal" if category == "panel" else "smart_repair"
            return _charge(damage, "renta.dent", method, rules, prices)
        return replace(ok, rule="renta.dent")
    if damage.kind == "chip":
        return _charge(damage, "renta.chip", "polish" if category != "bumper" else "smart_repair", rules, prices)
    method = {"stain": "clean", "missing": "replace", "crack": "replace"}.get(damage.kind, "repair" if category == "interior" else "repair_and_paint")
    return _charge(damage, f"renta.not_wear.{damage.kind}", method, rules, prices)


def judge_all(damages: list[Damage], age_months: int, rules: RuleSet | None = None, prices: PriceList | None = None,
              vehicle: str = "car") -> list[Verdict]:
    """Every damage judged; acceptable items beyond the cap for the car's age are charged in the
    order they were recorded (Renta 2026: none under 12 months, 4 to 24, 8 to 50, 12 beyond)."""
    rules, prices = rules or default_rules(), prices or default_prices()
    cap = rules.acceptable_cap(age_months)
    verdicts, counted = [], 0
    for damage in damages:
        verdict = judge(damage, rules, prices, vehicle)
        if verdict.acceptable and verdict.counts_as_wear:
            counted += 1
            if counted > cap:
                method = "paintless_dent_removal" if damage.kind == "dent" else "polish"
                verdict = replace(_charge(damage, "renta.age_cap", method, rules, prices), counts_as_wear=True)
        verdicts.append(verdict)
    return verdicts
