"""A typed-in contract checked field by field: every problem under its field, the grid rent check to the cent (the
cell, or the prorata between the nearest cells, 003 q.36), and "another lessor"'s rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leasedash.domain.catalogue import seed_products
from leasedash.domain.contract_entry import check_contract, grid_rent_problem

LEASEPLUS = seed_products()["leaseplus-sur-mesure"]
MPL = seed_products()["my-personal-lease"]
KEURMERK = seed_products()["smart-mobility-leasing"]


@pytest.fixture
def form(leaseplus_text) -> dict[str, str]:
    return {"reference": "LP-1", "make": "Volkswagen", "model": "Golf", "plate": "1-abc-123", "start_date": "2026-01-15",
            "months": "48", "annual_km": "15000", "monthly_rent": "536,32", "grid_text": leaseplus_text, "delivery_km": "12"}


def test_a_grid_contract_at_its_cell(form):
    contract, problems = check_contract(form, LEASEPLUS.rules)
    assert problems == {}
    assert (contract.monthly_rent, contract.plate, contract.delivery_km, contract.fuel, contract.body) == (Decimal("536.32"), "1-ABC-123", 12, "petrol", "car")
    assert contract.grid.cell(48, 15000) == Decimal("536.32")


def test_a_grid_rent_off_by_a_cent_is_refused_with_the_difference(form):
    _, problems = check_contract({**form, "monthly_rent": "536.33"}, LEASEPLUS.rules)
    problem = problems["monthly_rent"]
    assert problem.code == "entry_rent_grid"
    assert (problem.params["grid_rent"], problem.params["difference"]) == ("536.32", "+0.01")


def test_between_cells_the_rent_is_the_prorata_to_the_cent(form):
    """17,500 km at 48 months lies half-way between 536.32 (15,000) and 545.85 (20,000): 541.085, rounded half-up."""
    contract, problems = check_contract({**form, "annual_km": "17500", "monthly_rent": "541.09"}, LEASEPLUS.rules)
    assert problems == {} and contract.monthly_rent == Decimal("541.09")
    _, problems = check_contract({**form, "annual_km": "17500", "monthly_rent": "541.08"}, LEASEPLUS.rules)
    assert problems["monthly_rent"].params["difference"] == "-0.01"


def test_outside_the_grid_the_lessor_must_quote(form):
    _, problems = check_contract({**form, "annual_km": "45000"}, LEASEPLUS.rules)
    assert problems["annual_km"].code == "above_grid_km"
    _, problems = check_contract({**form, "months": "72"}, LEASEPLUS.rules)
    assert problems["months"].code == "outside_grid_months"


def test_a_grid_product_needs_its_grid_and_a_bad_grid_is_named(form):
    _, problems = check_contract({**form, "grid_text": ""}, LEASEPLUS.rules)
    assert problems["grid_text"].code == "entry_grid_required"
    _, problems = check_contract({**form, "grid_text": "Km annuel\t12 mo.\n5.000\tabc"}, LEASEPLUS.rules)
    assert "grid_text" in problems


def test_every_field_is_checked_at_once_and_named(form):
    bad = {**form, "reference": "", "plate": "1/ABC", "vin": "abc", "start_date": "2026-02-30", "months": "0", "annual_km": "lots",
           "monthly_rent": "12.3456", "delivery_km": "-3", "fuel": "steam", "first_registration": "2027-01-01", "grid_text": ""}
    contract, problems = check_contract(bad, MPL.rules)
    assert contract is None
    assert set(problems) == {"reference", "plate", "vin", "start_date", "months", "annual_km", "monthly_rent", "delivery_km", "fuel"}
    assert problems["reference"].code == "import_required" and problems["months"].code == "entry_number"


def test_a_car_registered_after_its_delivery_is_refused(form):
    _, problems = check_contract({**form, "first_registration": "2026-02-01"}, LEASEPLUS.rules)
    assert problems["first_registration"].code == "import_registration_late"


def test_a_fixed_product_takes_its_rent_as_the_contract_states_it(form):
    contract, problems = check_contract({**form, "monthly_rent": "399.99", "grid_text": ""}, MPL.rules)
    assert problems == {} and contract.grid is None and contract.monthly_rent == Decimal("399.99")


def test_the_keurmerk_product_needs_its_price_list(form):
    _, problems = check_contract({**form, "grid_text": ""}, KEURMERK.rules)
    assert problems["grid_text"].code == "entry_grid_required"


def test_another_lessors_rules(form):
    other = {**form, "grid_text": "", "kind": "fixed", "termination": "half_remaining_rents", "excess_km_rate": "0,08",
             "under_km_rate": "0.04", "product_name": "Private Lease Co"}
    contract, problems = check_contract(other, None)
    assert problems == {}
    assert contract.rules["excess_km_rate"] == Decimal("0.08") and contract.rules["name"] == "Private Lease Co"


@pytest.mark.parametrize("change, field, code", [
    ({"kind": "lease"}, "kind", "entry_kind"),
    ({"termination": "grid"}, "termination", "entry_termination"),
    ({"termination": "keurmerk"}, "keurmerk_percentage", "entry_keurmerk"),
    ({"termination": "keurmerk", "keurmerk_percentage": "1,5"}, "keurmerk_percentage", "entry_keurmerk"),
    ({"excess_km_rate": "-1"}, "excess_km_rate", "entry_rate"),
    ({"first_invoice_cutoff_day": "32"}, "first_invoice_cutoff_day", "entry_cutoff"),
    ({"min_billed_months": "1,5"}, "min_billed_months", "entry_count"),
])
def test_another_lessors_rules_refused_under_their_field(form, change, field, code):
    other = {**form, "grid_text": "", "kind": "fixed", "termination": "remaining_rents", **change}
    _, problems = check_contract(other, None)
    assert problems[field].code == code


def test_another_lessor_with_a_grid_checks_the_rent_on_it(form):
    _, problems = check_contract({**form, "kind": "grid", "termination": "grid", "monthly_rent": "540"}, None)
    assert problems["monthly_rent"].code == "entry_rent_grid"


def test_grid_rent_problem_is_none_at_the_quote():
    grid = LEASEPLUS.product().grid
    assert grid_rent_problem(grid, 48, 15000, Decimal("536.32")) is None
    assert grid_rent_problem(grid, 12, 25000, Decimal("1352.91")) is None
