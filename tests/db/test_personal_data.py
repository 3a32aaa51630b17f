"""GDPR (issue 13, item 8): "download my data" holds everything about the person and nothing of anyone else, with
their photos; "delete my account" erases a private lessee and anonymises a company driver while the company keeps
the contract's figures; both logged."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from leasedash.db import personal_rows
from leasedash.db.models import (AuthSession, Company, Contract, LoginAttempt, OdometerReading, PortfolioChange, PrivacyRequest,
                                 SavedScenario, ServiceRequest, User)
from leasedash.db.session import get_engine, session_scope
from leasedash.domain.inspection import Damage
from leasedash.errors import AccessDenied, InvalidInput
from leasedash.services import inspections, personal_data
from leasedash.services.auth import sign_in, viewer_of
from leasedash.services.demo import load_demo
from leasedash.services.passwords import hash_password
from leasedash.services.photos import save_photo
from tests.db.factories import make_contract, make_product

TODAY = dt.date(2026, 11, 21)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(db_url, tmp_path, monkeypatch):
    """The demo (a company driver with a contract and colleagues), a damage photo on the driver's car, a reading,
    a kept what-if and a session; and a private lessee of their own tenant."""
    for name, folder in (("REFLEX_DB_URL", db_url), ("LEASEDASH_PHOTO_DIR", str(tmp_path / "photos")),
                         ("LEASEDASH_DOCUMENT_DIR", str(tmp_path / "documents")), ("LEASEDASH_EXPORT_DIR", str(tmp_path / "exports"))):
        monkeypatch.setenv(name, folder)
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    load_demo(60, seed=4, url=db_url, today=TODAY)
    with session_scope(db_url) as s:
        users = {u.email: viewer_of(u) for u in s.exec(select(User).where(User.email.like("%@example.com")))}
        driver, fleet = users["driver@example.com"], users["fleet@example.com"]
        contract = s.exec(select(Contract).where(Contract.driver_id == driver.user_id)).one()
        inspection = inspections.create_inspection(s, fleet, contract.id, TODAY, "Leasys, Luxembourg")
        damage = inspections.add_damage(s, fleet, inspection.id, Damage("bonnet", "chip", 2))
        photo = save_photo(s, fleet, inspection.id, damage.id, "bonnet.png", PNG)
        s.add(OdometerReading(contract_id=contract.id, reading_date=TODAY, km=35123))
        s.add(SavedScenario(owner_id=driver.user_id, contract_id=contract.id, name="shorter", document={}, result={}))
        s.add(SavedScenario(owner_id=fleet.user_id, contract_id=contract.id, name="the manager's own", document={}, result={}))
        tenant = Company(name="Famille Lambert", kind="private", country="BE")
        s.add(tenant)
        s.flush()
        lessee = User(email="claire@lambert.be", first_name="Claire", last_name="Lambert", company_id=tenant.id,
                      password_hash=hash_password("Lambert-2026x"), birth_date=dt.date(1990, 2, 3))
        s.add(lessee)
        s.flush()
        own = make_contract(s, tenant, lessee, make_product(s, "lambert"), "1-LAM-001", rent=Decimal("389.00"))
        s.add(ServiceRequest(company_id=tenant.id, requester_id=lessee.id, contract_id=own.id, kind="other", details="winter tyres",
                             deadline_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)))
        ids = {"contract": contract.id, "photo": photo.stored_name, "lessee": lessee.id, "tenant": tenant.id, "own": own.id,
               "vehicle": own.vehicle_id}
    with session_scope(db_url) as s:
        sign_in(s, "driver@example.com", "Leasedash2026", ip="198.51.100.7")
    yield db_url, users, ids


def test_every_column_that_names_a_person_is_classed():
    assert {column for column, kind in personal_rows.user_link_columns().items() if kind is None} == set()


def test_my_data_is_everything_about_me_with_my_photos_and_nothing_of_others(world, tmp_path):
    url, users, ids = world
    driver = users["driver@example.com"]
    link = personal_data.export_my_data(driver)
    (archive_path,) = (tmp_path / "exports").glob(f"{driver.user_id}-*.zip")
    assert link.startswith("/api/files/export/") and archive_path.name in link
    with zipfile.ZipFile(archive_path) as archive:
        document = json.loads(archive.read("personal-data.json"))
        assert archive.read(f"files/{ids['photo']}") == PNG
    records = document["records"]
    assert document["person"]["email"] == "driver@example.com" and "password_hash" not in document["person"]
    assert [c["id"] for c in records["contract"]] == [ids["contract"]]
    assert {r["contract_id"] for r in records["odometer_reading"]} == {ids["contract"]} and 35123 in [r["km"] for r in records["odometer_reading"]]
    assert [s["name"] for s in records["saved_scenario"]] == ["shorter"]
    assert [p["stored_name"] for p in records["damage_photo"]] == [ids["photo"]]
    assert records["vehicle"][0]["id"] == next(c["vehicle_id"] for c in records["contract"])
    assert [a["ip"] for a in records["auth_session"]] == ["198.51.100.7"] and "token_hash" not in records["auth_session"][0]
    assert document["sign_in_attempts"][-1]["succeeded"] is True
    assert "claire@lambert.be" not in json.dumps(document) and "the manager's own" not in json.dumps(document)
    with Session(get_engine(url)) as s:
        assert s.exec(select(PrivacyRequest.action).where(PrivacyRequest.user_id == driver.user_id)).all() == ["export"]
    personal_data.export_my_data(driver)
    assert len(list((tmp_path / "exports").glob(f"{driver.user_id}-*.zip"))) == 1  # the earlier one is gone


def test_a_company_driver_is_anonymised_and_the_company_keeps_the_figures(world, tmp_path):
    url, users, ids = world
    driver = users["driver@example.com"]
    with pytest.raises(InvalidInput) as wrong:
        personal_data.delete_my_account(driver, "not-my-password")
    assert wrong.value.field == "password"
    assert personal_data.delete_my_account(driver, "Leasedash2026") == "anonymise"
    with Session(get_engine(url)) as s:
        person = s.get(User, driver.user_id)
        assert (person.first_name, person.last_name, person.birth_date, person.password_hash, person.status) == (
            "Anonymised", f"#{driver.user_id}", None, None, "deactivated")
        assert person.email.endswith(".invalid")
        contract = s.get(Contract, ids["contract"])
        assert contract.driver_id == driver.user_id and contract.monthly_rent > 0
        assert 35123 in s.exec(select(OdometerReading.km).where(OdometerReading.contract_id == contract.id)).all()
        assert s.exec(select(SavedScenario.name).where(SavedScenario.contract_id == contract.id)).all() == ["the manager's own"]
        assert s.exec(select(AuthSession).where(AuthSession.user_id == driver.user_id)).all() == []
        assert s.exec(select(LoginAttempt).where(LoginAttempt.email == "driver@example.com")).all() == []
        assert s.exec(select(PrivacyRequest.action).where(PrivacyRequest.user_id == driver.user_id)).all() == ["anonymise"]
    assert (tmp_path / "photos" / ids["photo"]).is_file()  # the car's damage photo is the company's
    with session_scope(url) as s:
        assert sign_in(s, "driver@example.com", "Leasedash2026").error == "wrong_credentials"


def test_a_private_lessee_is_erased_with_their_own_tenant(world):
    url, _, ids = world
    lessee = viewer_of_id(url, ids["lessee"])
    personal_data.export_my_data(lessee)
    everything = select(func.count()).select_from(PortfolioChange).where(PortfolioChange.contract_id.is_(None))
    with Session(get_engine(url)) as s:
        before = s.exec(everything).one()
    assert personal_data.delete_my_account(lessee, "Lambert-2026x") == "erase"
    with Session(get_engine(url)) as s:
        assert s.exec(everything).one() == before + 1  # the projections' caches learn that contracts went
        assert s.get(User, ids["lessee"]) is None and s.get(Company, ids["tenant"]) is None
        assert s.get(Contract, ids["own"]) is None
        assert s.exec(select(ServiceRequest).where(ServiceRequest.company_id == ids["tenant"])).all() == []
        assert s.exec(select(PrivacyRequest.action).where(PrivacyRequest.user_id == ids["lessee"])).all() == ["export", "erase"]
        assert s.exec(select(User).where(User.email == "driver@example.com")).one()


def test_an_admin_is_not_deleted_from_their_own_page(world):
    _, users, _ = world
    with pytest.raises(AccessDenied):
        personal_data.delete_my_account(users["admin@example.com"], "Leasedash2026")


def viewer_of_id(url: str, user_id: int):
    with session_scope(url) as s:
        return viewer_of(s.get(User, user_id))
