"""The return document (docs/return-document.md): read with every bad field named, settled to the cent on a case
computed by hand, written back unchanged, worded in the reader's language, and printed by `leasedash inspection
statement` with the same figures."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leasedash.cli import main
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.inspection import default_prices
from leasedash.domain.return_document import document_json, parse_return_document
from leasedash.domain.return_settlement import settle_return, settlement_json
from leasedash.i18n import format_money
from leasedash.services.return_wording import damage_why, worded

BEST_DEAL_RETURN = {
    "contract": {"reference": "BD-2022-001", "product": "best-deal", "start_date": "2022-12-01", "months": 48, "annual_km": 15000,
                 "monthly_rent": "500.00"},
    "car": {"kind": "car", "first_registration": "2022-12-01", "catalogue_value": "30000.00", "energy": "fuel", "plate": "LU-1234",
            "make": "Peugeot", "model": "308", "vin": "VF3LBYHZPMS000001"},
    "return": {"date": "2026-12-01", "odometer_km": 62000, "energy_percent": 40, "place": "Leasys, Luxembourg"},
    "checklist": {"missing": ["spare_key"]},
    "damages": [{"part": "bumper_front", "kind": "dent", "length_mm": 40, "width_mm": 30, "depth_mm": "1"},
                {"part": "windscreen", "kind": "crack", "length_mm": 200, "position": "wiped_area"},
                {"part": "door_front_left", "kind": "scratch", "length_mm": 30, "width_mm": 5}],
}


def _settled(document: dict) -> dict:
    return settlement_json(settle_return(parse_return_document(document)))


def test_a_best_deal_return_to_the_cent():
    statement = _settled(BEST_DEAL_RETURN)
    # bumper dent 40 mm across: smart repair 250; windscreen crack: replace 750; the 30 x 5 mm scratch is wear (48 months: 8 allowed)
    assert [(d["verdict"], d["method"], d["amount"]) for d in statement["damages"]] == [
        ("chargeable", "smart_repair", "250.00"), ("chargeable", "replace", "750.00"), ("acceptable", None, "0.00")]
    lines = {line["code"]: line["amount"] for line in statement["lines"]}
    # km: 62,000 driven against 15,000 x 48 / 12 = 60,000 allowed: 2,000 x 0.075 = 150.00 (Best Deal, no VAT on the line);
    # return insurance (003 q.19, now Best Deal's too): 1,000 of damage, 500 covered; spare key 350; fuel 40 % < 50 %: 60;
    # VAT 17 % of 1,000 - 500 + 350 + 60 = 910: 154.70; total 150 + 1,000 - 500 + 350 + 60 + 154.70 = 1,214.70
    assert lines == {"km": "150.00", "damages": "1000.00", "return_insurance": "-500.00", "missing_items": "350.00", "energy": "60.00",
                     "vat": "154.70"}
    assert statement["total"] == "1214.70"
    # the casco deductible is 2 % of 30,000 = 600 a damage; the insurance's 500 is shared 250:750 -> 125 and 375
    # bumper: now min(600, 250 x 1.17 = 292.50), later (250 - 125) x 1.17 = 146.25; windscreen: now 600, later (750 - 375) x 1.17 = 438.75
    assert [(a["damage"], a["repair_now"], a["pay_later"], a["cheaper"], a["saving"]) for a in statement["advice"]] == [
        (1, "292.50", "146.25", "pay_later", "146.25"), (2, "600.00", "438.75", "pay_later", "161.25")]
    assert statement["age_months"] == 48 and statement["rules_version"] == "renta-2026-bvrla-2"


def test_late_return_and_an_inline_price_list():
    document = copy.deepcopy(BEST_DEAL_RETURN)
    document["return"].update(date="2026-12-11", energy_percent=80)
    document["checklist"]["missing"] = []
    document["damages"] = []
    prices = copy.deepcopy(default_prices().data)
    prices.update(version="late-300", late_return_monthly_fee="300")
    document["prices"] = prices
    lines = {line["code"]: line["amount"] for line in _settled(document)["lines"]}
    # 10 days late: 500 / 30 x 1.75 x 10 = 291.67 (no VAT); one started month at the inline fee 300, VAT 17 % = 51.00
    assert (lines["late_days"], lines["late_fee"], lines["vat"]) == ("291.67", "300.00", "51.00")


def test_written_back_it_reads_the_same():
    document = parse_return_document(BEST_DEAL_RETURN)
    again = parse_return_document(json.loads(json.dumps(document_json(document))))
    assert again == document
    assert settlement_json(settle_return(again)) == settlement_json(settle_return(document))


@pytest.mark.parametrize("change, field", [
    (lambda d: d.pop("car"), "car"),
    (lambda d: d["contract"].update(product="best-offer"), "contract.product"),
    (lambda d: d["contract"].update(monthly_rent="-1"), "contract.monthly_rent"),
    (lambda d: d["contract"].update(start_date="01/12/2022"), "contract.start_date"),
    (lambda d: d["car"].update(kind="truck"), "car.kind"),
    (lambda d: d["car"].update(catalogue_value="1e9"), "car.catalogue_value"),
    (lambda d: d["return"].update(energy_percent=150), "return.energy_percent"),
    (lambda d: d["return"].update(odometer_km="62.000,5"), "return.odometer_km"),
    (lambda d: d["damages"][1].update(depth_mm="1.25"), "damages[1].depth_mm"),
    (lambda d: d["damages"][2].update(part="wing_mirror"), "damages[2].part"),
    (lambda d: d["damages"][0].update(kind="rust"), "damages[0].kind"),
    (lambda d: d["damages"][0].update(position="roof"), "damages[0].position"),
    (lambda d: d["damages"][0].update(colour="red"), "damages[0].colour"),
    (lambda d: d["checklist"].update(missing=["spare_key", "umbrella"]), "checklist.missing[1]"),
    (lambda d: d.update(prices={"version": "broken", "repairs": {}}), "prices"),
    (lambda d: d.update(rules={"parts": {}}), "rules.version"),
])
def test_bad_input_names_the_field(change, field):
    document = copy.deepcopy(BEST_DEAL_RETURN)
    change(document)
    with pytest.raises(LeaseInputError) as refused:
        _settled(document)
    assert refused.value.field == field, refused.value


def test_a_chargeable_damage_is_explained_by_the_limit_it_exceeded_in_the_readers_language():
    statement = _settled({**BEST_DEAL_RETURN, "damages": [{"part": "bonnet", "kind": "dent", "length_mm": 24, "width_mm": 24, "depth_mm": "5"},
                                                          {"part": "bonnet", "kind": "dent", "length_mm": 40, "width_mm": 40, "depth_mm": "5"}]})
    deep, big = statement["damages"]
    assert damage_why(deep["rule"], deep["exceeded"], deep["figures"], deep["kind"], "en") == "dent 5 mm deep: the Renta limit is under 2 mm"
    assert damage_why(big["rule"], big["exceeded"], big["figures"], big["kind"], "fr") == (
        "bosse de 40 mm de diamètre : la limite Renta est de moins de 25 mm (une pièce de 2 €); "
        "bosse de 5 mm de profondeur : la limite Renta est de moins de 2 mm")
    tyre = _settled({**BEST_DEAL_RETURN, "damages": [{"part": "tyre_rear_left", "kind": "worn", "tread_mm": "1.2"}]})["damages"][0]
    assert damage_why(tyre["rule"], tyre["exceeded"], tyre["figures"], tyre["kind"], "nl") == "profiel van 1,2 mm: het wettelijke minimum is 1,6 mm"


def test_the_cli_prints_the_same_statement_and_exits_2_naming_the_field(tmp_path, capsys, monkeypatch):
    path = tmp_path / "return.json"
    path.write_text(json.dumps(BEST_DEAL_RETURN), encoding="utf-8")
    assert main(["inspection", "statement", str(path), "--lang", "fr"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == worded(_settled(BEST_DEAL_RETURN), "fr")
    assert printed["total"] == "1214.70" and printed["lines"][-1]["why"] == f"17 % sur {format_money(Decimal('910'), 'fr')} hors TVA"
    broken = copy.deepcopy(BEST_DEAL_RETURN)
    broken["damages"][1]["depth_mm"] = "deep"
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(broken)))
    assert main(["inspection", "statement", "-"]) == 2
    assert capsys.readouterr().err.strip() == "leasedash: damages[1].depth_mm: 'deep' is not a number"


def test_the_km_driven_start_at_the_odometer_the_car_was_delivered_with():
    document = copy.deepcopy(BEST_DEAL_RETURN)
    document["contract"]["delivery_km"] = 1000
    lines = {line["code"]: line["amount"] for line in _settled(document)["lines"]}
    # 62,000 on the odometer, 1,000 at delivery: 61,000 driven against 60,000 allowed, 1,000 x 0.075 = 75.00
    assert lines["km"] == "75.00"
    assert parse_return_document(json.loads(json.dumps(document_json(parse_return_document(document))))).contract.delivery_km == 1000


JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**15, 10**15) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
PLACES = [("contract", k) for k in ("product", "start_date", "end_date", "months", "annual_km", "monthly_rent", "delivery_km", "terms")] + \
         [("car", k) for k in ("kind", "catalogue_value", "energy", "first_registration", "vin")] + \
         [("return", k) for k in ("date", "odometer_km", "energy_percent", "range_km", "apply_loss_of_value")] + \
         [("checklist", "missing"), ("damages", 0), ("damages", 1), (None, "rules"), (None, "prices"), (None, "damages"), (None, "contract")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLACES), JSON), min_size=1, max_size=3))
def test_any_value_anywhere_is_settled_or_refused_naming_a_field(changes):
    document = copy.deepcopy(BEST_DEAL_RETURN)
    for (section, key), value in changes:
        target = document if section is None else document.get(section)
        if isinstance(target, dict) and isinstance(key, str) or isinstance(target, list) and isinstance(key, int) and key < len(target):
            target[key] = value
    try:
        _settled(document)
    except LeaseInputError as refused:
        assert refused.field
