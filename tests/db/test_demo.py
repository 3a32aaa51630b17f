"""`leasedash demo`: a realistic, idempotent demo fleet, loaded all or nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from leasedash.db.models import (
    CarOffer,
    Company,
    Contract,
    DemoLoad,
    MobilityPlanRecord,
    OdometerReading,
    Product,
    User,
    Vehicle,
)
from leasedash.db.session import get_engine
from leasedash.domain import simulate_document
from leasedash.i18n import LANGUAGES, catalog
from leasedash.services.demo import DemoError, load_demo
from leasedash.services.offers import quote_check
from leasedash.services.passwords import verify_password
from leasedash.services.scenarios import contract_document

TODAY = dt.date(2026, 11, 21)


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture(scope="module")
def demo_url(read_only_db_url, tmp_path_factory):
    """The demo of 400 contracts, loaded once per module and database kind: the tests that take it only read it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEASEDASH_DOCUMENT_DIR", str(tmp_path_factory.mktemp("documents")))
        load_demo(400, seed=7, url=read_only_db_url, today=TODAY)
    return read_only_db_url


@pytest.fixture
def own_demo_url(db_url, tmp_path, monkeypatch):
    """The same demo in a database of the test's own, for a test that writes."""
    monkeypatch.setenv("LEASEDASH_DOCUMENT_DIR", str(tmp_path / "documents"))
    load_demo(400, seed=7, url=db_url, today=TODAY)
    return db_url


def test_demo_accounts(demo_url):
    with Session(get_engine(demo_url)) as s:
        accounts = {u.email: u for u in s.exec(select(User).where(User.email.like("%@example.com")))}
        assert set(accounts) == {"driver@example.com", "fleet@example.com", "admin@example.com"}
        for user in accounts.values():
            assert verify_password("Leasedash2026", user.password_hash)
            assert not verify_password("leasedash2026", user.password_hash)
        assert [accounts[e].role for e in ("driver@example.com", "fleet@example.com", "admin@example.com")] == ["driver", "fleet_manager", "admin"]
        assert accounts["fleet@example.com"].company_id == accounts["driver@example.com"].company_id
        contract = s.exec(select(Contract).where(Contract.driver_id == accounts["driver@example.com"].id)).one()
        product = s.get(Product, contract.product_id)
        assert (product.code, contract.status, contract.monthly_rent) == ("leaseplus-sur-mesure", "active", Decimal("536.32"))


def test_every_employer_has_a_plan_and_the_demo_driver_two_offers(demo_url):
    with Session(get_engine(demo_url)) as s:
        employers = s.exec(select(Company.id).where(Company.kind == "employer")).all()
        assert sorted(s.exec(select(MobilityPlanRecord.company_id)).all()) == sorted(employers)
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        offers = s.exec(select(CarOffer).where(CarOffer.driver_id == driver.id).order_by(CarOffer.id)).all()
        assert [(o.model, o.status) for o in offers] == [("ID.3 Pro", "sent"), ("Kona Electric", "offer")]
        assert quote_check(s, offers[0]) == "ok" and offers[0].promotion == Decimal("450.00") and offers[0].contribution > 0


def test_demo_fleet_is_varied_and_realistic(demo_url):
    with Session(get_engine(demo_url)) as s:
        assert _count(s, Contract) == 400
        companies = s.exec(select(Company)).all()
        assert sum(c.kind == "employer" for c in companies) >= 3 and sum(c.kind == "private" for c in companies) == 2
        assert len(set(s.exec(select(Vehicle.make)).all())) >= 8
        assert "ev" in set(s.exec(select(Vehicle.fuel)).all())
        codes = set(s.exec(select(Product.code).join(Contract, Contract.product_id == Product.id)).all())
        assert codes == {"leaseplus-sur-mesure", "best-deal", "my-personal-lease", "smart-mobility-leasing", "kbc-movesmart"}
        contracts = s.exec(select(Contract)).all()
        assert all(TODAY - dt.timedelta(days=5 * 366) <= c.start_date <= TODAY for c in contracts)
        ending_soon = [c for c in contracts if c.status == "active" and TODAY < c.end_date <= TODAY + dt.timedelta(days=90)]
        assert len(ending_soon) >= 3
        assert {"active", "ended"} <= {c.status for c in contracts}

        readings = defaultdict(list)
        for r in s.exec(select(OdometerReading).order_by(OdometerReading.contract_id, OdometerReading.reading_date)):
            readings[r.contract_id].append(r)
        assert set(readings) == {c.id for c in contracts}
        paces = []
        for c in contracts:
            history = readings[c.id]
            assert [r.km for r in history] == sorted(r.km for r in history)
            assert history[-1].reading_date <= TODAY
            days = (history[-1].reading_date - c.start_date).days
            if c.status == "active" and days > 180:
                paces.append(history[-1].km / (c.annual_km * days / 365.25))
        near = sum(abs(p - 1) <= 0.1 for p in paces) / len(paces)
        assert 0.5 <= near <= 0.95
        assert any(p > 1.4 for p in paces) and any(p < 0.7 for p in paces)


def test_every_demo_contract_is_a_valid_scenario_at_its_grid_rent(demo_url):
    with Session(get_engine(demo_url)) as s:
        for contract in s.exec(select(Contract).order_by(Contract.id).limit(120)):
            result = simulate_document(contract_document(s, contract))
            assert result.monthly_rent == contract.monthly_rent


def test_demo_is_idempotent_and_refuses_other_numbers_without_replace(own_demo_url):
    again = load_demo(400, seed=7, url=own_demo_url, today=TODAY)
    assert again.already_loaded
    with Session(get_engine(own_demo_url)) as s:
        assert (_count(s, Contract), _count(s, Company), _count(s, DemoLoad)) == (400, s.exec(select(func.count()).select_from(Company)).one(), 1)
        users_before = _count(s, User)
    with pytest.raises(DemoError, match="already holds a demo fleet of 400 contracts"):
        load_demo(50, seed=7, url=own_demo_url, today=TODAY)
    load_demo(50, seed=8, url=own_demo_url, today=TODAY, replace=True)
    with Session(get_engine(own_demo_url)) as s:
        assert _count(s, Contract) == 50
        assert _count(s, User) < users_before
        assert {u.email for u in s.exec(select(User).where(User.email.like("%@example.com")))} == {
            "driver@example.com", "fleet@example.com", "admin@example.com"}
        assert _count(s, CarOffer) == 2


def test_a_failed_demo_load_leaves_nothing(db_url):
    def explode(_n):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        load_demo(30, seed=1, url=db_url, today=TODAY, progress=explode)
    with Session(get_engine(db_url)) as s:
        assert (_count(s, Contract), _count(s, Company), _count(s, User), _count(s, OdometerReading)) == (0, 0, 0, 0)


def test_every_reading_source_the_demo_writes_is_named_in_every_language(demo_url):
    """The odometer log shows a reading's source by its catalog key (log.source.*): a source the demo writes without one
    would show the key itself on a page."""
    with Session(get_engine(demo_url)) as s:
        sources = set(s.exec(select(OdometerReading.source).distinct()).all())
    assert {"delivery", "telematics", "inspection"} <= sources
    for lang in LANGUAGES:
        assert {source: f"log.source.{source}" in catalog(lang) for source in sources} == dict.fromkeys(sources, True), lang
