"""The rules of spec/scenario.md beyond the golden examples, on hand-computed cases."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from leasedash.domain import LeaseInputError, simulate_document
from leasedash.domain.catalogue import seed_products


def doc(code: str, contract: dict, events: list, **product_overrides) -> dict:
    product = copy.deepcopy(seed_products()[code].scenario_product())
    product.update(product_overrides)
    return {"product": product, "contract": copy.deepcopy(contract), "events": copy.deepcopy(events)}


LP = {"months": 48, "annual_km": 15000}


def refused(document: dict) -> LeaseInputError:
    with pytest.raises(LeaseInputError) as err:
        simulate_document(document)
    return err.value


def test_contract_rent_read_from_the_grid_and_checked():
    assert simulate_document(doc("leaseplus-sur-mesure", LP, [])).monthly_rent == Decimal("536.32")
    err = refused(doc("leaseplus-sur-mesure", {**LP, "monthly_rent": "540.00"}, []))
    assert err.field == "contract.monthly_rent"
    assert "536.32" in err.reason


def test_mileage_change_then_end_at_that_pace_settles_nothing_more():
    result = simulate_document(
        doc("leaseplus-sur-mesure", LP, [
            {"type": "mileage_change", "at_month": 12, "annual_km": 25000},
            {"type": "end", "total_km": 100000},
        ])
    )
    assert [s.settlement for s in result.steps] == [Decimal("441.84"), Decimal("0.00")]
    assert result.steps[1].details["rents_paid"] == Decimal("27510.72")  # 573.14 × 48


def test_after_a_retroactive_change_the_contracted_pace_is_the_new_one():
    result = simulate_document(doc("leaseplus-sur-mesure", LP, [
        {"type": "mileage_change", "at_month": 12, "annual_km": 25000},
        {"type": "end"},
    ]))
    assert [s.settlement for s in result.steps] == [Decimal("441.84"), Decimal("0.00")]


def test_end_without_total_km_means_the_contracted_pace():
    result = simulate_document(doc("leaseplus-sur-mesure", LP, [{"type": "end"}]))
    assert result.total_settlement == Decimal("0.00")


def test_interpolated_end_between_cells():
    # 48 months, 70,000 km: 17,500 km a year, halfway between 536.32 and 545.85 -> 541.085 -> 541.09
    result = simulate_document(doc("leaseplus-sur-mesure", LP, [{"type": "end", "total_km": 70000}]))
    assert result.monthly_rent == Decimal("541.09")
    assert result.total_settlement == Decimal("228.96")  # (541.09 - 536.32) × 48
    assert result.steps[0].details["rule"] == "interpolated"


def test_eco_premium_repaid_on_an_early_grid_return():
    d = doc("leaseplus-sur-mesure", LP, [{"type": "early_return", "at_month": 24, "total_km": 30000}], eco_premium="1500")
    result = simulate_document(d)
    # 783.10 × 24 - 536.32 × 24 + 1,500
    assert result.total_settlement == Decimal("7422.72")
    assert "1,500.00" in result.steps[0].explanations["en"]


def test_above_the_grid_the_lessor_must_quote():
    err = refused(doc("leaseplus-sur-mesure", LP, [{"type": "end", "total_km": 200000}]))
    assert err.field == "events[0].total_km"
    assert "lessor must quote" in err.reason


def test_products_that_forbid_changes_say_so():
    for code in ("best-deal", "my-personal-lease", "smart-mobility-leasing"):
        contract = {"months": 48, "annual_km": 10000, "monthly_rent": "500.00"}
        err = refused(doc(code, contract, [{"type": "mileage_change", "at_month": 12, "annual_km": 20000}]))
        assert err.field == "events[0].type"
        assert "no mileage or duration change" in err.reason


def test_best_deal_early_return_charges_every_remaining_rent_and_the_eco_premium():
    d = doc("best-deal", {"months": 48, "annual_km": 15000, "monthly_rent": "400.00"},
            [{"type": "early_return", "at_month": 30, "total_km": 38500}], eco_premium="1000")
    step = simulate_document(d).steps[0]
    # 1,000 km over an allowance of 37,500 km at 0.075 + 18 remaining rents of 400 + eco premium
    assert step.details["km_settlement"] == Decimal("75.00")
    assert step.details["termination_fee"] == Decimal("7200.00")
    assert step.settlement == Decimal("8275.00")


def test_best_deal_does_not_refund_unused_km_but_my_personal_lease_does():
    contract = {"months": 48, "annual_km": 15000, "monthly_rent": "400.00"}
    best = simulate_document(doc("best-deal", contract, [{"type": "end", "total_km": 50000}]))
    assert best.total_settlement == Decimal("0.00")
    assert "not refunded" in best.steps[0].explanations["en"]
    mpl = simulate_document(doc("my-personal-lease", contract, [{"type": "end", "total_km": 50000}]))
    assert mpl.total_settlement == Decimal("-600.00")  # 10,000 km under × 0.06


def test_keurmerk_interpolates_the_shorter_duration_in_the_price_list():
    # return at 30 of 48: 40% × 18 × 500 = 3,600; rent for 30 months = 650 - 150 × 6/24 = 612.50 -> 112.50 × 30 = 3,375
    d = doc("smart-mobility-leasing", {"months": 48, "annual_km": 10000}, [{"type": "early_return", "at_month": 30, "total_km": 25000}])
    step = simulate_document(d).steps[0]
    assert step.details["by_percentage"] == Decimal("3600.00")
    assert step.details["by_shorter_duration"] == Decimal("3375.00")
    assert step.settlement == Decimal("3375.00")


def test_keurmerk_refuses_before_the_first_year_and_outside_the_price_list():
    contract = {"months": 48, "annual_km": 10000}
    err = refused(doc("smart-mobility-leasing", contract, [{"type": "early_return", "at_month": 6}]))
    assert err.field == "events[0].at_month" and "from month 12" in err.reason
    err = refused(doc("smart-mobility-leasing", contract, [{"type": "early_return", "at_month": 18}]))
    assert err.field == "events[0].at_month" and "lessor must quote" in err.reason


@pytest.mark.parametrize(
    "events, field, words",
    [
        ([{"type": "end"}, {"type": "end"}], "events[1].type", "after the contract ended"),
        ([{"type": "mileage_change", "at_month": 50, "annual_km": 20000}], "events[0].at_month", "beyond the contract's 48 months"),
        ([{"type": "mileage_change", "at_month": 20, "annual_km": 20000},
          {"type": "mileage_change", "at_month": 10, "annual_km": 25000}], "events[1].at_month", "before the previous event"),
        ([{"type": "duration_change", "at_month": 30, "months": 24}], "events[0].months", "after it would have ended"),
        ([{"type": "early_return"}], "events[0].at_month", "is required"),
        ([{"type": "teleport", "at_month": 3}], "events[0].type", "must be one of"),
        ([{"type": "end", "total_km": -5}], "events[0].total_km", "at least 0"),
        ([{"type": "end", "odometer": 5}], "events[0].odometer", "is not a field"),
    ],
)
def test_invalid_events_name_the_field(events, field, words):
    err = refused(doc("leaseplus-sur-mesure", LP, events))
    assert err.field == field
    assert words in err.reason


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda d: d["product"].update(kind="lease"), "product.kind"),
        (lambda d: d["product"].pop("grid"), "product.grid"),
        (lambda d: d["product"].update(termination="half_remaining_rents"), "product.termination"),
        (lambda d: d["contract"].pop("months"), "contract.months"),
        (lambda d: d["contract"].update(start_date="15/01/2026"), "contract.start_date"),
        (lambda d: d["product"]["grid"]["rents"][2].__setitem__(6, "abc"), "product.grid.rents"),
        (lambda d: d.update(language="de"), "language"),
    ],
)
def test_invalid_documents_name_the_field(mutate, field):
    d = doc("leaseplus-sur-mesure", LP, [])
    mutate(d)
    assert refused(d).field == field


@pytest.mark.parametrize(
    "start, cutoff, to, amount",
    [
        ("2026-01-25", 25, "2026-01-31", "121.10"),   # 536.32 × 7/31 = 121.104
        ("2026-01-26", 25, "2026-02-28", "640.12"),   # 536.32 × 6/31 = 103.80, + 536.32
        ("2024-02-20", 12, "2024-03-31", "721.26"),   # 536.32 × 10/29 + 536.32, leap year
        ("2026-12-31", 12, "2027-01-31", "553.62"),   # across the year: 536.32 × 1/31 + 536.32
        ("2026-03-01", 12, "2026-03-31", "536.32"),
    ],
)
def test_first_invoice(start, cutoff, to, amount):
    d = doc("leaseplus-sur-mesure", {**LP, "start_date": start}, [], first_invoice_cutoff_day=cutoff)
    invoice = simulate_document(d).as_json()["first_invoice"]
    assert (invoice["from"], invoice["to"], invoice["amount"]) == (start, to, amount)


def test_output_document_and_languages():
    d = doc("leaseplus-sur-mesure", LP, [{"type": "mileage_change", "at_month": 12, "annual_km": 25000}])
    d["language"] = "fr"
    out = simulate_document(d).as_json()
    step = out["steps"][0]
    assert step["rent_before"] == "536.32" and step["rent_after"] == "573.14"
    assert step["billed_months"] == 12 and step["settlement"] == "441.84"
    assert step["explanation"] == step["explanations"]["fr"]
    assert "441,84\xa0€" in step["explanations"]["fr"]
    assert "€\xa0441,84" in step["explanations"]["nl"]
    assert "€441.84" in step["explanations"]["en"]
    assert step["event"] == {"type": "mileage_change", "at_month": 12, "annual_km": 25000}
