"""The final statement of a returned car, line by line, and the repair-now-or-pay-later advice
(spec/return-inspection.md; seeds 001 and 003 q.5, q.19, q.21, q.37-38)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from leasedash.domain.errors import LeaseInputError
from leasedash.domain.inspection import KINDS, Damage, PriceList, RuleSet, Verdict, judge_all
from leasedash.domain.money import to_cents

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReturnFacts:
    """What the return found, and the contract terms the statement needs (amounts incl. VAT unless named)."""

    km_settlement: Decimal
    verdicts: tuple[Verdict, ...] = ()
    missing_items: tuple[str, ...] = ()
    energy_percent: int = 100
    electric: bool = False
    range_km: int = 0
    days_late: int = 0
    monthly_rent: Decimal = ZERO
    car_age_months: int = 0
    odometer_km: int = 0
    apply_loss_of_value: bool = False
    return_insurance_cap: Decimal | None = None
    deposit: Decimal | None = None
    vat_rate: Decimal = Decimal("0.21")


@dataclass(frozen=True)
class StatementLine:
    """One line: what it is, its amount (positive: the driver pays), whether VAT is added on it, and the facts."""

    code: str
    amount: Decimal
    vat_added: bool
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReturnStatement:
    lines: tuple[StatementLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def loss_of_value_percent(rules: RuleSet, odometer_km: int, age_months: int) -> int:
    """The share of a repair charged for a car of this mileage and age (BCA table): beyond the last
    band the last band applies."""
    table = rules.data["loss_of_value"]
    band = next((i for i, upper in enumerate(table["km_bands"]) if odometer_km <= upper), len(table["km_bands"]) - 1)
    row = table["percent_by_age_years"][band]
    return row[min(age_months // 12, len(row) - 1)]


def _energy_below_minimum(facts: ReturnFacts, rules: RuleSet) -> bool:
    renta = rules.data["renta"]
    if facts.electric:
        return facts.energy_percent < renta["ev_min_charge_percent"] and facts.range_km <= renta["ev_min_range_km"]
    return facts.energy_percent < renta["fuel_min_percent"]


def final_statement(facts: ReturnFacts, rules: RuleSet, prices: PriceList) -> ReturnStatement:
    """The kilometre settlement from the scenario engine; chargeable damages (optionally reduced by the
    loss-of-value table); the return insurance (non-acceptable damage up to its cap excl. VAT, 003
    q.19); missing items (001, 003 q.37); energy below the minimum (003 q.38: 50 % fuel; Renta: EVs 30 %
    or 100 km); late return (001, choice: each day late costs the daily rent plus 75 %, and each
    started month late the monthly fee excl. VAT); VAT on what is priced excl. VAT; the deposit (001)."""
    lines = [StatementLine("km", facts.km_settlement, False)]
    charged = [v for v in facts.verdicts if not v.acceptable]
    damages = sum((v.cost for v in charged), ZERO)
    if charged:
        lines.append(StatementLine("damages", damages, True, {"count": len(charged)}))
    after_lov = damages
    if charged and facts.apply_loss_of_value:
        percent = loss_of_value_percent(rules, facts.odometer_km, facts.car_age_months)
        after_lov = to_cents(damages * percent / 100)
        if after_lov != damages:
            lines.append(StatementLine("loss_of_value", after_lov - damages, True, {"percent": percent}))
    if charged and facts.return_insurance_cap:
        covered = min(after_lov, facts.return_insurance_cap)
        lines.append(StatementLine("return_insurance", -covered, True, {"cap": facts.return_insurance_cap}))
    if facts.missing_items:
        lines.append(StatementLine("missing_items", sum((prices.item(i) for i in facts.missing_items), ZERO), True,
                                   {"items": list(facts.missing_items)}))
    if _energy_below_minimum(facts, rules):
        fee = Decimal(prices.data["charge_below_minimum" if facts.electric else "fuel_below_minimum"])
        lines.append(StatementLine("energy", fee, True, {"percent": facts.energy_percent}))
    if facts.days_late > 0:
        daily = to_cents(facts.monthly_rent / 30 * (1 + Decimal(prices.data["late_return_daily_surcharge"])) * facts.days_late)
        months = math.ceil(facts.days_late / 30)
        lines.append(StatementLine("late_days", daily, False, {"days": facts.days_late}))
        lines.append(StatementLine("late_fee", Decimal(prices.data["late_return_monthly_fee"]) * months, True, {"months": months}))
    vat_base = sum((line.amount for line in lines if line.vat_added), ZERO)
    if vat_base:
        lines.append(StatementLine("vat", to_cents(vat_base * facts.vat_rate), False, {"rate": facts.vat_rate, "base": vat_base}))
    if facts.deposit:
        lines.append(StatementLine("deposit", -facts.deposit, False))
    return ReturnStatement(tuple(lines))


@dataclass(frozen=True)
class RepairAdvice:
    """For one chargeable damage: the casco deductible if repaired now, its share of the statement at the return."""

    verdict: Verdict
    repair_now: Decimal
    pay_later: Decimal

    @property
    def cheaper(self) -> str:
        return "repair_now" if self.repair_now < self.pay_later else "pay_later"

    @property
    def saving(self) -> Decimal:
        return abs(self.pay_later - self.repair_now)


def repair_advice(facts: ReturnFacts, insured_value: Decimal, deductible_rate: Decimal, rules: RuleSet) -> list[RepairAdvice]:
    """Repair now under the casco (003 q.21: the deductible, a share of the insured value incl. VAT, per
    event, or the real cost when lower) against paying at the return (the damage's cost after the
    loss-of-value table and its share of the return insurance, plus VAT), damage by damage."""
    charged = [v for v in facts.verdicts if not v.acceptable]
    percent = loss_of_value_percent(rules, facts.odometer_km, facts.car_age_months) if facts.apply_loss_of_value else 100
    net = [to_cents(v.cost * percent / 100) for v in charged]
    total = sum(net, ZERO)
    covered = min(total, facts.return_insurance_cap or ZERO)
    deductible = to_cents(insured_value * deductible_rate)
    advice = []
    for verdict, cost in zip(charged, net):
        share = to_cents(covered * cost / total) if total else ZERO
        later = to_cents((cost - share) * (1 + facts.vat_rate))
        now = min(deductible, to_cents(verdict.cost * (1 + facts.vat_rate)))
        advice.append(RepairAdvice(verdict, now, later))
    return advice


def check_version(kind: str, rules: RuleSet, prices: PriceList) -> None:
    """A rule set and a price list that work together: a damage of every kind on a part of every kind judged at
    several ages, on a car and a van, and a whole statement priced (every missing item, the fees, the loss-of-value
    table, the insurance, a late return, fuel and charge below the minimum); else a refusal naming `kind`."""
    try:
        parts = {category: part for part, category in rules.data["parts"].items()}
        samples = [Damage(part, kind_, length, 10, Decimal(depth)) for part in parts.values() for kind_ in KINDS
                   for length, depth in ((2, "0"), (30, "1"), (200, "5"))]
        for age, vehicle, electric in ((0, "car", False), (30, "van", True), (90, "car", True)):
            verdicts = tuple(judge_all(samples, age, rules, prices, vehicle))
            facts = ReturnFacts(ZERO, verdicts, tuple(prices.data["missing_items"]), 10, electric, 10, 40, Decimal("500"), age, 200_000, True,
                                Decimal("500"), Decimal("1000"))
            final_statement(facts, rules, prices)
            repair_advice(facts, Decimal("30000"), Decimal("0.02"), rules)
    except LeaseInputError as exc:
        raise LeaseInputError(kind, f"the {kind} cannot judge a damage: {exc.field}: {exc.reason}", "rules_cannot_judge") from None
    except (KeyError, TypeError, ValueError, ArithmeticError, IndexError, AttributeError) as exc:
        raise LeaseInputError(kind, f"the {kind} cannot judge a damage: {type(exc).__name__} {exc}", "rules_cannot_judge") from None
