"""A return document settled: every damage judged, the kilometres settled by the scenario engine, the final
statement and the repair-now-or-pay-later advice, as one result and as the JSON that the CLI prints, the API
answers and an inspection keeps (the page and the report read it back): one computation for every surface."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from leasedash.domain.engine import simulate_document
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.inspection import PriceList, RuleSet, Verdict, default_prices, default_rules, judge_all
from leasedash.domain.projection import months_between
from leasedash.domain.return_document import ReturnDocument
from leasedash.domain.return_statement import RepairAdvice, ReturnFacts, ReturnStatement, final_statement, repair_advice
from leasedash.i18n.translations import LANGUAGES, translate


@dataclass(frozen=True)
class Settlement:
    """What a return comes to: a verdict per damage (in the document's order), the statement, the advice per
    chargeable damage, the kilometre settlement's explanation, the car's age and the versions used."""

    verdicts: tuple[Verdict, ...]
    statement: ReturnStatement
    advice: tuple[RepairAdvice, ...]
    km_explanation: dict[str, str]
    age_months: int
    rules_version: str
    prices_version: str


def km_settlement(document: ReturnDocument) -> tuple[Decimal, dict[str, str]]:
    """The kilometre settlement or grid recalculation of the scenario engine for a return on that date with the km
    driven since the delivery (an early return before the term); a return the engine refuses settles nothing and says why."""
    contract, handover = document.contract, document.handover
    if handover.odometer_km <= 0:
        return Decimal("0.00"), {}
    run, driven = months_between(contract.start_date, handover.date), max(0, handover.odometer_km - contract.delivery_km)
    event = ({"type": "early_return", "at_month": run, "total_km": driven} if 0 < run < contract.months else {"type": "end", "total_km": driven})
    scenario = {"product": contract.product, "events": [event],
                "contract": {"months": contract.months, "annual_km": contract.annual_km, "monthly_rent": f"{contract.monthly_rent:.2f}",
                             "start_date": contract.start_date.isoformat()}}
    try:
        result = simulate_document(scenario)
    except LeaseInputError as exc:
        return Decimal("0.00"), {**{lang: translate("return.km_not_settled", lang) for lang in LANGUAGES}, "error": exc.code or "invalid"}
    return result.total_settlement, result.steps[-1].explanations


def _check_names(document: ReturnDocument, rules: RuleSet, prices: PriceList) -> None:
    """Every part is one of the rule set's and every missing item one of the price list's, named where it is not."""
    for names, field, known in ((tuple(d.part for d in document.damages), "damages[{}].part", rules.data["parts"]),
                                (document.missing, "checklist.missing[{}]", prices.data["missing_items"])):
        for index, name in enumerate(names):
            if name not in known:
                raise LeaseInputError(field.format(index), f"{name!r} is not one of {', '.join(known)}", "choice")


def settle_return(document: ReturnDocument, rules: RuleSet | None = None, prices: PriceList | None = None) -> Settlement:
    """Judge and price a return: the document's own rules and prices when it carries them, else `rules` and
    `prices` (the active versions), else the shipped defaults."""
    rules = document.rules or rules or default_rules()
    prices = document.prices or prices or default_prices()
    _check_names(document, rules, prices)
    contract, car, handover = document.contract, document.car, document.handover
    age = max(0, months_between(car.first_registration or contract.start_date, handover.date))
    verdicts = tuple(judge_all(list(document.damages), age, rules, prices, vehicle=car.kind))
    km, explanation = km_settlement(document)
    facts = ReturnFacts(
        km_settlement=km, verdicts=verdicts, missing_items=document.missing, energy_percent=handover.energy_percent,
        electric=car.electric, range_km=handover.range_km, days_late=max(0, (handover.date - contract.end_date).days),
        monthly_rent=contract.monthly_rent, car_age_months=age, odometer_km=handover.odometer_km,
        apply_loss_of_value=handover.apply_loss_of_value, return_insurance_cap=contract.terms.return_insurance_cap,
        deposit=contract.terms.deposit, vat_rate=contract.terms.vat_rate,
    )
    deductible = contract.terms.casco_deductible_rate
    advice = () if deductible is None else tuple(repair_advice(facts, car.catalogue_value, deductible, rules))
    return Settlement(verdicts, final_statement(facts, rules, prices), advice, explanation, age, rules.version, prices.version)


def _text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value]
    return value


def settlement_json(settlement: Settlement) -> dict[str, Any]:
    """The statement as JSON: each damage (number, part, kind, rule, verdict, the limits exceeded with the figures,
    method, amount excl. VAT), each line of the statement with its facts (loss of value, insurance, VAT,
    deposit...), the total, and the advice for each chargeable damage (by its number)."""
    numbers = {id(v): n for n, v in enumerate(settlement.verdicts, 1)}
    return {
        "damages": [{"number": n, "part": v.damage.part, "kind": v.damage.kind, "rule": v.rule,
                     "verdict": "acceptable" if v.acceptable else "chargeable", "exceeded": list(v.exceeded), "figures": dict(v.figures),
                     "method": v.method, "amount": f"{v.cost:.2f}"} for n, v in enumerate(settlement.verdicts, 1)],
        "lines": [{"code": line.code, "amount": f"{line.amount:.2f}", "vat_added": line.vat_added,
                   "facts": {k: _text(v) for k, v in line.facts.items()}} for line in settlement.statement.lines],
        "total": f"{settlement.statement.total:.2f}",
        "advice": [{"damage": numbers[id(a.verdict)], "repair_now": f"{a.repair_now:.2f}", "pay_later": f"{a.pay_later:.2f}",
                    "cheaper": a.cheaper, "saving": f"{a.saving:.2f}"} for a in settlement.advice],
        "km_explanation": settlement.km_explanation,
        "age_months": settlement.age_months, "rules_version": settlement.rules_version, "prices_version": settlement.prices_version,
    }
