"""Every table round-trips; money stays exact to the cent; datetimes stay timezone-aware."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from leasedash.db.models import (
    Company, Contract, ContractEvent, DemoLoad, OdometerReading, Product, RentGrid, RentGridCell, SavedScenario, User, Vehicle,
)
from leasedash.db.session import get_engine, session_scope
from tests.db.factories import make_company, make_contract, make_product, make_user


def test_every_table_round_trips(db_url):
    with session_scope(db_url) as s:
        company = make_company(s, "Meuse Engineering NV")
        driver = make_user(s, company, "sofie@meuse.be")
        product = make_product(s)
        grid = RentGrid(product_id=product.id, label="Peugeot e-208", source="pricing model")
        s.add(grid)
        s.flush()
        s.add(RentGridCell(grid_id=grid.id, months=48, annual_km=15000, monthly_rent=Decimal("536.32")))
        contract = make_contract(s, company, driver, product, "1-ABC-123")
        s.add(ContractEvent(contract_id=contract.id, kind="adaptation", event={"type": "mileage_change", "at_month": 12, "annual_km": 25000},
                            settlement=Decimal("441.84"), result={"total_settlement": "441.84"}, created_by=driver.id))
        s.add(OdometerReading(contract_id=contract.id, reading_date=dt.date(2025, 7, 1), km=7600, source="telematics", company_id=company.id,
                              external_id="tm-1"))
        s.add(SavedScenario(owner_id=driver.id, contract_id=contract.id, name="drive more", document={"events": []}, result={"monthly_rent": "450.00"}))
        s.add(DemoLoad(contracts=10, seed=1))
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(Company)).one().name == "Meuse Engineering NV"
        assert s.exec(select(User)).one().email == "sofie@meuse.be"
        assert s.exec(select(Product)).one().excess_km_rate == Decimal("0.0600")
        assert s.exec(select(RentGrid)).one().label == "Peugeot e-208"
        assert s.exec(select(RentGridCell)).one().monthly_rent == Decimal("536.32")
        assert s.exec(select(Vehicle)).one().catalogue_price == Decimal("34900.00")
        contract = s.exec(select(Contract)).one()
        assert (contract.monthly_rent, contract.start_date, contract.version) == (Decimal("450.00"), dt.date(2025, 1, 15), 1)
        event = s.exec(select(ContractEvent)).one()
        assert event.event == {"type": "mileage_change", "at_month": 12, "annual_km": 25000}
        assert event.settlement == Decimal("441.84")
        assert s.exec(select(OdometerReading)).one().km == 7600
        assert s.exec(select(SavedScenario)).one().result == {"monthly_rent": "450.00"}
        loaded = s.exec(select(DemoLoad)).one()
        assert loaded.loaded_at.tzinfo is not None
        assert abs(loaded.loaded_at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)


@pytest.mark.parametrize("amount", ["0.01", "0.10", "0.30", "536.32", "1060.92", "12980.64", "123456789.87", "999999999999.99", "-2344.80"])
def test_money_is_exact_to_the_cent(db_url, amount):
    with session_scope(db_url) as s:
        company = make_company(s, "Exact NV")
        contract = make_contract(s, company, make_user(s, company, "x@exact.be"), make_product(s), "1-EXA-001", Decimal(amount))
        contract_id = contract.id
    with Session(get_engine(db_url)) as s:
        stored = s.get(Contract, contract_id).monthly_rent
    assert stored == Decimal(amount)
    assert str(stored) == f"{Decimal(amount):.2f}"


def test_fractions_of_a_cent_and_naive_datetimes_are_refused(db_url):
    with pytest.raises(Exception, match="more than 2 decimals"):
        with session_scope(db_url) as s:
            company = make_company(s, "Refuse NV")
            make_contract(s, company, make_user(s, company, "r@refuse.be"), make_product(s), "1-REF-001", Decimal("1.005"))
    with pytest.raises(Exception, match="without a timezone"):
        with session_scope(db_url) as s:
            s.add(DemoLoad(contracts=1, seed=1, loaded_at=dt.datetime(2026, 1, 1, 12, 0)))
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(Company)).all() == []


def test_datetimes_come_back_in_utc(db_url):
    brussels = dt.timezone(dt.timedelta(hours=1))
    with session_scope(db_url) as s:
        s.add(DemoLoad(contracts=1, seed=1, loaded_at=dt.datetime(2026, 1, 15, 9, 30, tzinfo=brussels)))
    with Session(get_engine(db_url)) as s:
        loaded_at = s.exec(select(DemoLoad)).one().loaded_at
    assert loaded_at == dt.datetime(2026, 1, 15, 8, 30, tzinfo=dt.timezone.utc)
    assert loaded_at.utcoffset() == dt.timedelta(0)
