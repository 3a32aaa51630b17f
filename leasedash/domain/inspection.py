"""Return inspections: each damage judged against the wear-and-tear norm (Renta 2026, BVRLA where
Renta is silent), with the rule that decided it, the limits it exceeded and the figures measured, the
repair method and its price. Rules and prices are data (leasedash/data/return_rules.json,
price_list.json); an inspection keeps the versions it used."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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
            raise LeaseInputError("part", f"{part!r} is not a part of the car outline", "choice") from None

    def acceptable_cap(self, age_months: int) -> int:
        """How many acceptable items count as wear at this age (Renta 2026: 0 / 4 / 8 / 12)."""
        for upper, cap in self.data["renta"]["acceptable_cap_by_age_months"]:
            if upper is None or age_months <= upper:
                return cap
        return 0

    def windscreen(self, key: str) -> Any:
        """A windscreen limit; a version saved before the limit existed reads the shipped default's."""
        own = self.data["bvrla"]["windscreen"]
        return own[key] if key in own else default_rules().data["bvrla"]["windscreen"][key]


@dataclass(frozen=True)
class PriceList:
    """A version of the repair and missing-item prices, EUR excl. VAT."""

    version: str
    data: dict[str, Any]

    def methods(self, part: str, category: str) -> dict[str, str]:
        """The repair prices of a part: its own line of the price list when it has one, else its kind of part's."""
        repairs = self.data["repairs"]
        return repairs.get(part) or repairs[category]

    def cheapest_repair(self, kind: str, methods: dict[str, str]) -> str:
        """The cheapest of a part's methods that repairs this kind of damage (price list, repairs_by_damage; a
        version saved before that table existed reads the shipped default's); the dearest when none does."""
        table = self.data.get("repairs_by_damage") or default_prices().data["repairs_by_damage"]
        fitting = [m for m in methods if m in table.get(kind, ())]
        if fitting:
            return min(fitting, key=lambda m: Decimal(methods[m]))
        return max(methods, key=lambda m: Decimal(methods[m]))

    def item(self, name: str) -> Decimal:
        try:
            return Decimal(self.data["missing_items"][name])
        except KeyError:
            raise LeaseInputError("item", f"{name!r} is not an item of the return checklist", "choice") from None


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
            raise LeaseInputError("kind", f"must be one of {', '.join(KINDS)}, got {self.kind!r}", "choice")
        if self.length_mm < 0 or self.width_mm < 0 or self.depth_mm < 0:
            raise LeaseInputError("size", "sizes cannot be negative", "damage_negative")


@dataclass(frozen=True)
class Verdict:
    """Acceptable or chargeable, the rule that decided it, the limits a chargeable damage exceeded (`exceeded`)
    with the figures measured and the limits (`figures`), and (chargeable) the repair and its price excl. VAT."""

    damage: Damage
    acceptable: bool
    rule: str
    counts_as_wear: bool = False
    method: str | None = None
    cost: Decimal = Decimal("0.00")
    exceeded: tuple[str, ...] = ()
    figures: dict[str, str] = field(default_factory=dict)


def _figure(value: Decimal | int) -> str:
    return str(value)


def _charge(damage: Damage, rule: str, method: str, rules: RuleSet, prices: PriceList,
            exceeded: tuple[str, ...], figures: dict[str, str]) -> Verdict:
    """A chargeable damage repaired by `method`, or by the cheapest method of its part that repairs its kind."""
    methods = prices.methods(damage.part, rules.category(damage.part))
    chosen = method if method in methods else prices.cheapest_repair(damage.kind, methods)
    return Verdict(damage, False, rule, method=chosen, cost=Decimal(methods[chosen]), exceeded=exceeded, figures=figures)


def _glass(damage: Damage, rules: RuleSet, prices: PriceList) -> Verdict:
    zone = "driver_view" if damage.zone == "driver_view" else "wiped_area"
    rule, limit = f"bvrla.windscreen.{zone}", rules.windscreen(f"{zone}_max_mm")
    figures = {"size": _figure(damage.length_mm), "size_limit": _figure(limit)}
    if damage.kind in ("chip", "scratch") and damage.length_mm <= limit:
        return Verdict(damage, True, rule, counts_as_wear=True, figures=figures)
    repairable = damage.kind == "chip" and damage.length_mm <= rules.windscreen("chip_repair_max_mm")
    exceeded = ("size",) if damage.kind in ("chip", "scratch") else ("kind",)
    return _charge(damage, rule, "chip_repair" if repairable else "replace", rules, prices, exceeded, figures)


def _wheel(damage: Damage, rules: RuleSet, prices: PriceList) -> Verdict:
    limit = rules.data["bvrla"]["wheel"]["scuff_total_max_mm"]
    figures = {"size": _figure(damage.length_mm), "size_limit": _figure(limit)}
    if damage.kind == "scuff" and damage.length_mm <= limit:
        return Verdict(damage, True, "bvrla.wheel.scuff", counts_as_wear=True, figures=figures)
    scuff = damage.kind == "scuff"
    return _charge(damage, "bvrla.wheel", "refurbish" if scuff else "replace", rules, prices, ("size",) if scuff else ("kind",), figures)


def _tyre(damage: Damage, rules: RuleSet, prices: PriceList) -> Verdict:
    minimum = Decimal(rules.data["bvrla"]["tyre"]["min_tread_mm"])
    figures = {"tread": "" if damage.tread_mm is None else _figure(damage.tread_mm), "tread_limit": _figure(minimum)}
    if damage.kind == "worn" and damage.tread_mm is not None and damage.tread_mm >= minimum:
        return Verdict(damage, True, "bvrla.tyre.tread", figures=figures)
    exceeded = ("kind",) if damage.kind != "worn" else ("tread_unknown",) if damage.tread_mm is None else ("tread",)
    return _charge(damage, "bvrla.tyre", "replace", rules, prices, exceeded, figures)


def _scratch(damage: Damage, rules: RuleSet, prices: PriceList, vehicle: str) -> Verdict:
    limits = rules.data["renta"]["scratch"]
    figures = {"length": _figure(damage.length_mm), "length_limit": _figure(limits["max_length_mm"][vehicle]),
               "width": _figure(damage.width_mm), "width_limit": _figure(limits["max_width_mm"])}
    if damage.part in limits["never_on"]:
        return _charge(damage, "renta.scratch.mirror", "smart_repair", rules, prices, ("part",), figures)
    if damage.paint_broken:
        return _charge(damage, "renta.scratch.paint", "repair_and_paint", rules, prices, ("paint",), figures)
    exceeded = tuple(name for name, over in (("length", damage.length_mm >= limits["max_length_mm"][vehicle]),
                                             ("width", damage.width_mm > limits["max_width_mm"])) if over)
    if exceeded:
        return _charge(damage, "renta.scratch.size", "polish", rules, prices, exceeded, figures)
    return Verdict(damage, True, "renta.scratch", counts_as_wear=True, figures=figures)


def _dent(damage: Damage, rules: RuleSet, prices: PriceList, category: str) -> Verdict:
    limits = rules.data["renta"]["dent"]
    figures = {"diameter": _figure(damage.length_mm), "diameter_limit": _figure(limits["max_diameter_mm"]),
               "depth": _figure(damage.depth_mm), "depth_limit": _figure(Decimal(limits["max_depth_mm"]))}
    exceeded = tuple(name for name, over in (("paint", damage.paint_broken), ("diameter", damage.length_mm >= limits["max_diameter_mm"]),
                                             ("depth", damage.depth_mm >= Decimal(limits["max_depth_mm"]))) if over)
    if exceeded:
        method = "repair_and_paint" if damage.paint_broken else "paintless_dent_removal" if category == "panel" else "smart_repair"
        return _charge(damage, "renta.dent", method, rules, prices, exceeded, figures)
    return Verdict(damage, True, "renta.dent", counts_as_wear=True, figures=figures)


def judge(damage: Damage, rules: RuleSet, prices: PriceList, vehicle: str = "car") -> Verdict:
    """One damage against the norm, before the cap on acceptable items by age."""
    category = rules.category(damage.part)
    chip_limit = rules.data["renta"]["chip"]["not_damage_below_mm"]
    chip_figures = {"size": _figure(damage.length_mm), "size_limit": _figure(chip_limit)}
    if damage.kind == "chip" and damage.length_mm < chip_limit and category != "glass":
        return Verdict(damage, True, "renta.chip.not_damage", figures=chip_figures)
    if category in ("glass", "wheel", "tyre"):
        return {"glass": _glass, "wheel": _wheel, "tyre": _tyre}[category](damage, rules, prices)
    if damage.kind == "scratch":
        return _scratch(damage, rules, prices, vehicle)
    if damage.kind == "dent":
        return _dent(damage, rules, prices, category)
    if damage.kind == "chip":
        return _charge(damage, "renta.chip", "polish" if category != "bumper" else "smart_repair", rules, prices, ("size",), chip_figures)
    method = {"stain": "clean", "missing": "replace", "crack": "replace"}.get(damage.kind, "repair" if category == "interior" else "repair_and_paint")
    return _charge(damage, f"renta.not_wear.{damage.kind}", method, rules, prices, ("kind",), {})


def judge_all(damages: list[Damage], age_months: int, rules: RuleSet | None = None, prices: PriceList | None = None,
              vehicle: str = "car") -> list[Verdict]:
    """Every damage judged; acceptable items beyond the cap for the car's age are charged in the order they
    were recorded (Renta 2026: none under 12 months, 4 to 24, 8 to 50, 12 beyond), each at the cheapest
    method of its part that repairs its kind of damage (a bumper dent: smart repair; a windscreen chip: chip
    repair; a wheel scuff: refurbish; a scratch: polish)."""
    rules, prices = rules or default_rules(), prices or default_prices()
    cap = rules.acceptable_cap(age_months)
    verdicts, counted = [], 0
    for damage in damages:
        verdict = judge(damage, rules, prices, vehicle)
        if verdict.acceptable and verdict.counts_as_wear:
            counted += 1
            if counted > cap:
                methods = prices.methods(damage.part, rules.category(damage.part))
                method = prices.cheapest_repair(damage.kind, methods)
                figures = {**verdict.figures, "position": str(counted), "cap": str(cap), "age": str(age_months), "within": verdict.rule}
                verdict = Verdict(damage, False, "renta.age_cap", counts_as_wear=True, method=method, cost=Decimal(methods[method]),
                                  exceeded=("cap",), figures=figures)
        verdicts.append(verdict)
    return verdicts
