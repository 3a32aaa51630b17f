"""Contracts typed in by people, on SQLite and PostgreSQL: a private lessee enters their own, a fleet manager their
drivers', a company driver none; references and plates unique within a company; nothing stored until the whole form
is valid; edits on a stale version refused; a new duration or mileage kept as a dated amendment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from leasedash.db.models import Company, Contract, ContractEvent, Product, User, Vehicle
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.errors import AccessDenied, StaleWrite
from leasedash.services.contract_entry import contract_form, entry_scope, my_contracts, pick_contract, save_contract
from leasedash.services.contract_view import contract_choices
from tests.db.factories import make_company, make_user

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def people(services_db):
    with session_scope() as s:
        private = Company(name="Private lessee Lea", kind="private")
        s.add(private)
        s.flush()
        acme = make_company(s, "Acme")
        lessee = make_user(s, private, "lea@home.be")
        driver, manager = make_user(s, acme, "dr@acme.be"), make_user(s, acme, "fm@acme.be", "fleet_manager")
        return {"lessee": Viewer(lessee.id, "driver", private.id), "driver": Viewer(driver.id, "driver", acme.id),
                "manager": Viewer(manager.id, "fleet_manager", acme.id), "private": private.id, "acme": acme.id}


def _product(viewer: Viewer, code: str) -> str:
    scope = entry_scope(viewer)
    with session_scope() as s:
        wanted = s.exec(select(Product).where(Product.code == code)).one().id
    return next(p.id for p in scope.products if p.id == str(wanted))


def _form(viewer: Viewer, **change) -> dict[str, str]:
    return {"product": _product(viewer, "my-personal-lease"), "reference": "MPL-1", "start_date": "2025-01-15", "months": "48",
            "annual_km": "15000", "monthly_rent": "412,50", "make": "Peugeot", "model": "e-208", "plate": "1-abc-123", "fuel": "ev",
            "delivery_km": "12", "catalogue_price": "34.900,00", **change}


def test_a_private_lessee_enters_their_own_contract(people):
    done = save_contract(people["lessee"], _form(people["lessee"]), today=TODAY)
    assert done.problems == {}
    with session_scope() as s:
        contract = s.get(Contract, done.contract_id)
        vehicle = s.get(Vehicle, contract.vehicle_id)
        assert (contract.origin, contract.driver_id, contract.company_id, contract.delivery_km, contract.status) == (
            "typed", people["lessee"].user_id, people["private"], 12, "active")
        assert (vehicle.plate, vehicle.fuel, vehicle.catalogue_price) == ("1-ABC-123", "ev", Decimal("34900.00"))
    assert [c.reference for c in my_contracts(people["lessee"])] == ["MPL-1"]


def test_a_company_driver_enters_none(people):
    assert not entry_scope(people["driver"]).may_enter
    with pytest.raises(AccessDenied):
        save_contract(people["driver"], _form(people["lessee"]), today=TODAY)


def test_nothing_is_stored_until_the_whole_form_is_valid(people):
    done = save_contract(people["lessee"], _form(people["lessee"], months="0", plate="1/ABC", monthly_rent=""), today=TODAY)
    assert done.contract_id is None and set(done.problems) == {"months", "plate", "monthly_rent"}
    with session_scope() as s:
        assert s.exec(select(Contract)).all() == [] and s.exec(select(Vehicle)).all() == []


def test_a_fleet_manager_enters_a_contract_for_a_driver_by_email(people):
    done = save_contract(people["manager"], _form(people["manager"], driver_email="new@acme.be"), today=TODAY)
    with session_scope() as s:
        driver = s.get(User, s.get(Contract, done.contract_id).driver_id)
        assert (driver.email, driver.status, driver.password_hash, driver.company_id) == ("new@acme.be", "invited", None, people["acme"])
    refused = save_contract(people["manager"], _form(people["manager"], reference="MPL-2", plate="2-X", driver_email="lea@home.be"), today=TODAY)
    assert refused.problems["driver_email"].code == "entry_driver_elsewhere"


def test_references_and_plates_are_unique_within_a_company_only(people):
    save_contract(people["lessee"], _form(people["lessee"]), today=TODAY)
    again = save_contract(people["lessee"], _form(people["lessee"], plate="1 ABC 123"), today=TODAY)
    assert {k: p.code for k, p in again.problems.items()} == {"reference": "entry_reference_taken", "plate": "entry_plate_taken"}
    elsewhere = save_contract(people["manager"], _form(people["manager"], driver_email="dr@acme.be"), today=TODAY)
    assert elsewhere.problems == {}


def test_an_edit_uses_the_version_check_and_keeps_amendments(people):
    created = save_contract(people["lessee"], _form(people["lessee"]), today=TODAY)
    form = contract_form(people["lessee"], created.contract_id)
    assert form.values["monthly_rent"] == "412.50" and form.values["plate"] == "1-ABC-123"
    changed = {**form.values, "months": "60", "annual_km": "20000", "product": form.values["product"]}
    assert save_contract(people["lessee"], changed, created.contract_id, form.version, today=TODAY).problems == {}
    with pytest.raises(StaleWrite):
        save_contract(people["lessee"], changed, created.contract_id, form.version, today=TODAY)
    with session_scope() as s:
        contract = s.get(Contract, created.contract_id)
        assert (contract.months, contract.annual_km, contract.end_date) == (60, 20000, dt.date(2030, 1, 15))
        events = s.exec(select(ContractEvent).where(ContractEvent.contract_id == contract.id)).all()
        assert sorted(e.event["type"] for e in events) == ["duration_change", "mileage_change"]
        assert {e.result["source"] for e in events} == {"form"}


def test_a_grid_product_rent_must_be_the_grids(people, leaseplus_text):
    lease_plus = _product(people["lessee"], "leaseplus-sur-mesure")
    wrong = save_contract(people["lessee"], _form(people["lessee"], product=lease_plus, monthly_rent="540", grid_text=leaseplus_text), today=TODAY)
    assert wrong.problems["monthly_rent"].params["difference"] == "+3.68"
    right = save_contract(people["lessee"], _form(people["lessee"], product=lease_plus, monthly_rent="536,32", grid_text=leaseplus_text),
                          today=TODAY)
    with session_scope() as s:
        assert s.get(Contract, right.contract_id).rent_grid_id is not None


def test_another_lessor_becomes_the_companys_own_product(people):
    done = save_contract(people["lessee"], _form(people["lessee"], product="other", kind="fixed", termination="remaining_rents",
                                                 excess_km_rate="0,09", product_name="Lease Co Private"), today=TODAY)
    with session_scope() as s:
        product = s.get(Product, s.get(Contract, done.contract_id).product_id)
        assert (product.company_id, product.name, product.excess_km_rate) == (people["private"], "Lease Co Private", Decimal("0.0900"))
    assert any(p.name == "Lease Co Private" for p in entry_scope(people["lessee"]).products)
    assert not any(p.name == "Lease Co Private" for p in entry_scope(people["manager"]).products)


def test_the_contract_a_driver_picks_comes_first_on_every_page(people):
    first = save_contract(people["lessee"], _form(people["lessee"]), today=TODAY).contract_id
    second = save_contract(people["lessee"], _form(people["lessee"], reference="MPL-0", plate="2-B", start_date="2021-01-15"), today=TODAY).contract_id
    assert contract_choices(people["lessee"])[0].contract_id == first
    pick_contract(people["lessee"], second)
    assert contract_choices(people["lessee"])[0].contract_id == second
    assert [c.picked for c in my_contracts(people["lessee"])] == [False, True]
