"""The final statement and the repair advice, to the cent on hand-computed cases."""

from decimal import Decimal

from leasedash.domain.inspection import Damage, default_prices, default_rules, judge_all
from leasedash.domain.return_statement import ReturnFacts, final_statement, loss_of_value_percent, repair_advice

RULES, PRICES = default_rules(), default_prices()


def _codes(statement):
    return {line.code: line.amount for line in statement.lines}


def test_lease_plus_return_with_insurance_missing_key_and_low_fuel():
    verdicts = tuple(judge_all([Damage("door_front_left", "scratch", 120, 10),        # polish 150
                                Damage("bonnet", "dent", 30, depth_mm=Decimal("3")),     # paintless dent removal 150
                                Damage("windscreen", "crack", 200)], age_months=40))      # replace 750
    facts = ReturnFacts(km_settlement=Decimal("1060.92"), verdicts=verdicts, missing_items=("spare_key",), energy_percent=30,
                        return_insurance_cap=Decimal("500"), vat_rate=Decimal("0.17"))
    lines = _codes(final_statement(facts, RULES, PRICES))
    # damages 1,050; insurance -500; key 350; fuel fee 60 -> VAT 17 % of 960 = 163.20
    assert lines == {"km": Decimal("1060.92"), "damages": Decimal("1050"), "return_insurance": Decimal("-500"),
                     "missing_items": Decimal("350"), "energy": Decimal("60"), "vat": Decimal("163.20")}
    assert final_statement(facts, RULES, PRICES).total == Decimal("2184.12")


def test_my_personal_lease_return_late_with_deposit_and_loss_of_value():
    verdicts = tuple(judge_all([Damage("bumper_rear", "scratch", 100, 10, paint_broken=True)], age_months=48))  # repair and paint 420
    facts = ReturnFacts(km_settlement=Decimal("709.20"), verdicts=verdicts, days_late=3, monthly_rent=Decimal("450.00"),
                        car_age_months=48, odometer_km=51820, apply_loss_of_value=True, deposit=Decimal("1500"), vat_rate=Decimal("0.21"))
    lines = _codes(final_statement(facts, RULES, PRICES))
    # 4 years, 51,820 km: 60 % of 420 = 252 (-168); 3 days x 15 x 1.75 = 78.75; one month's fee 250; VAT 21 % of 502 = 105.42
    assert loss_of_value_percent(RULES, 51820, 48) == 60
    assert lines == {"km": Decimal("709.20"), "damages": Decimal("420"), "loss_of_value": Decimal("-168.00"), "late_days": Decimal("78.75"),
                     "late_fee": Decimal("250"), "vat": Decimal("105.42"), "deposit": Decimal("-1500")}


def test_an_electric_car_is_charged_only_below_both_charge_and_range():
    base = dict(km_settlement=Decimal("0"), electric=True)
    assert "energy" not in _codes(final_statement(ReturnFacts(**base, energy_percent=25, range_km=120), RULES, PRICES))
    assert _codes(final_statement(ReturnFacts(**base, energy_percent=25, range_km=90), RULES, PRICES))["energy"] == Decimal("45")


def test_repair_now_or_pay_later():
    verdicts = tuple(judge_all([Damage("windscreen", "crack", 200), Damage("door_front_left", "scratch", 120, 10)], age_months=30))
    facts = ReturnFacts(km_settlement=Decimal("0"), verdicts=verdicts, return_insurance_cap=Decimal("500"), vat_rate=Decimal("0.17"))
    windscreen, scratch = repair_advice(facts, insured_value=Decimal("42000"), deductible_rate=Decimal("0.02"), rules=RULES)
    # insurance 500 shared 750:150 -> 416.67 and 83.33; later (750 - 416.67) x 1.17 = 390.00, (150 - 83.33) x 1.17 = 78.00
    assert (windscreen.repair_now, windscreen.pay_later, windscreen.cheaper) == (Decimal("840.00"), Decimal("390.00"), "pay_later")
    # deductible 840 > the real cost 175.50 incl. VAT, which is charged instead
    assert (scratch.repair_now, scratch.pay_later, scratch.cheaper, scratch.saving) == (Decimal("175.50"), Decimal("78.00"), "pay_later", Decimal("97.50"))


def test_best_deal_carries_the_return_insurance_of_lease_plus_sur_mesure():
    from leasedash.domain.catalogue import seed_products

    products = seed_products()
    # 003 q.4, q.5, q.15, q.19: both Lease Plus formulas include the return insurance, EUR 500 excl. VAT = 585 incl. 17 % VAT
    assert products["best-deal"].settings["return_insurance_cap"] == products["leaseplus-sur-mesure"].settings["return_insurance_cap"] == "500"
    assert Decimal(products["best-deal"].settings["return_insurance_cap"]) * (1 + Decimal(products["best-deal"].settings["vat_rate"])) == Decimal("585")
    verdicts = tuple(judge_all([Damage("windscreen", "crack", 200)], age_months=30))  # replace 750
    facts = ReturnFacts(km_settlement=Decimal("0"), verdicts=verdicts, return_insurance_cap=Decimal(products["best-deal"].settings["return_insurance_cap"]),
                        vat_rate=Decimal("0.17"))
    # 750 less the insurance's 500 = 250 excl. VAT, plus 17 % = 42.50: 292.50
    assert _codes(final_statement(facts, RULES, PRICES)) == {"km": Decimal("0"), "damages": Decimal("750"), "return_insurance": Decimal("-500"),
                                                              "vat": Decimal("42.50")}
    assert final_statement(facts, RULES, PRICES).total == Decimal("292.50")


def test_a_rule_set_or_price_list_that_cannot_judge_is_refused_naming_it():
    import pytest

    from leasedash.domain.errors import LeaseInputError
    from leasedash.domain.inspection import PriceList, RuleSet
    from leasedash.domain.return_statement import check_version

    check_version("rules", RULES, PRICES)
    without_bumpers = {**PRICES.data, "repairs": {k: v for k, v in PRICES.data["repairs"].items() if k != "bumper"}}
    with pytest.raises(LeaseInputError, match="cannot judge") as refused:
        check_version("prices", RULES, PriceList("no-bumpers", without_bumpers))
    assert refused.value.field == "prices"
    with pytest.raises(LeaseInputError) as refused:
        check_version("rules", RuleSet("no-table", {**RULES.data, "loss_of_value": {"km_bands": [], "percent_by_age_years": []}}), PRICES)
    assert refused.value.field == "rules"
