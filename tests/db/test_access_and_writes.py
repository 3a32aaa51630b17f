"""Scoping, optimistic locking and all-or-nothing imports, on the real databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import Contract, OdometerReading
from leasedash.db.queries import count_contracts, get_contract, list_contracts, odometer_readings, update_contract_terms
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine, session_scope
from leasedash.domain.errors import LeaseInputError
from leasedash.services.odometer_import import import_odometer_readings
from tests.db.factories import make_company, make_contract, make_product, make_user


@pytest.fixture
def two_companies(db_url):
    """Two companies, each with a fleet manager and two drivers with one contract each."""
    ids = {}
    with session_scope(db_url) as s:
        product = make_product(s)
        for name in ("acme", "globex"):
            company = make_company(s, f"{name.title()} NV")
            manager = make_user(s, company, f"fleet@{name}.be", role="fleet_manager")
            contracts = []
            for n in (1, 2):
                driver = make_user(s, company, f"driver{n}@{name}.be")
                contracts.append((driver.id, make_contract(s, company, driver, product, f"{name[:3].upper()}-{n}").id))
            ids[name] = {"company": company.id, "manager": manager.id, "contracts": contracts}
        admin = make_user(s, None, "admin@lessor.be", role="admin")
        ids["admin"] = admin.id
    return db_url, ids


def _viewer(user_id, role, company_id):
    return Viewer(user_id=user_id, role=role, company_id=company_id)


def test_a_driver_sees_only_their_own_contract(two_companies):
    url, ids = two_companies
    driver_id, own_contract = ids["acme"]["contracts"][0]
    driver = _viewer(driver_id, "driver", ids["acme"]["company"])
    with Session(get_engine(url)) as s:
        assert [c.id for c in list_contracts(s, driver)] == [own_contract]
        assert count_contracts(s, driver) == 1
        for _, other in ids["acme"]["contracts"][1:] + ids["globex"]["contracts"]:
            with pytest.raises(NotFound):
                get_contract(s, driver, other)
            with pytest.raises(NotFound):
                odometer_readings(s, driver, other)


def test_a_fleet_manager_sees_only_their_company(two_companies):
    url, ids = two_companies
    manager = _viewer(ids["acme"]["manager"], "fleet_manager", ids["acme"]["company"])
    with Session(get_engine(url)) as s:
        seen = {c.id for c in list_contracts(s, manager)}
        assert seen == {c for _, c in ids["acme"]["contracts"]}
        assert all(c.company_id == ids["acme"]["company"] for c in list_contracts(s, manager))
        with pytest.raises(NotFound):
            get_contract(s, manager, ids["globex"]["contracts"][0][1])
    admin = _viewer(ids["admin"], "admin", None)
    with Session(get_engine(url)) as s:
        assert count_contracts(s, admin) == 4


def test_a_stale_write_is_refused_and_the_first_one_kept(two_companies):
    url, ids = two_companies
    manager = _viewer(ids["acme"]["manager"], "fleet_manager", ids["acme"]["company"])
    contract_id = ids["acme"]["contracts"][0][1]
    with session_scope(url) as s:
        update_contract_terms(s, manager, contract_id, expected_version=1, annual_km=25000)
    with pytest.raises(StaleWrite, match="changed by someone else since you opened it"):
        with session_scope(url) as s:
            update_contract_terms(s, manager, contract_id, expected_version=1, annual_km=10000)
    with Session(get_engine(url)) as s:
        contract = s.get(Contract, contract_id)
        assert (contract.annual_km, contract.version) == (25000, 2)


def test_two_sessions_racing_on_one_row_end_with_one_refusal(two_companies):
    url, ids = two_companies
    manager = _viewer(ids["acme"]["manager"], "fleet_manager", ids["acme"]["company"])
    contract_id = ids["acme"]["contracts"][0][1]
    first, second = Session(get_engine(url)), Session(get_engine(url))
    try:
        update_contract_terms(first, manager, contract_id, expected_version=1, monthly_rent=Decimal("470.00"))
        b_contract = get_contract(second, manager, contract_id)
        assert b_contract.version == 1
        first.commit()
        b_contract.monthly_rent = Decimal("480.00")
        with pytest.raises(StaleWrite):
            update_contract_terms(second, manager, contract_id, expected_version=1, monthly_rent=Decimal("480.00"))
    finally:
        first.close()
        second.close()
    with Session(get_engine(url)) as s:
        contract = s.get(Contract, contract_id)
        assert (contract.monthly_rent, contract.version) == (Decimal("470.00"), 2)


def test_drivers_cannot_change_terms(two_companies):
    url, ids = two_companies
    driver_id, contract_id = ids["acme"]["contracts"][0]
    with pytest.raises(AccessDenied):
        with session_scope(url) as s:
            update_contract_terms(s, _viewer(driver_id, "driver", ids["acme"]["company"]), contract_id, 1, annual_km=1)


def _rows(contract_id):
    return [
        {"reading_id": "tm-1", "contract_id": contract_id, "date": "2025-03-01", "km": 2500, "source": "telematics"},
        {"reading_id": "tm-2", "contract_id": contract_id, "date": "2025-06-01", "km": 6400},
        {"reading_id": "tm-3", "contract_id": contract_id, "date": "2025-09-01", "km": 10200},
    ]


def test_bulk_import_is_idempotent(two_companies):
    url, ids = two_companies
    manager = _viewer(ids["acme"]["manager"], "fleet_manager", ids["acme"]["company"])
    contract_id = ids["acme"]["contracts"][0][1]
    with session_scope(url) as s:
        assert import_odometer_readings(s, manager, _rows(contract_id), today=dt.date(2026, 1, 1)).inserted == 3
    with session_scope(url) as s:
        report = import_odometer_readings(s, manager, _rows(contract_id), today=dt.date(2026, 1, 1))
    assert (report.inserted, report.already_imported) == (0, 3)
    with Session(get_engine(url)) as s:
        assert [r.km for r in odometer_readings(s, manager, contract_id)] == [2500, 6400, 10200]


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"km": -5}, "row 3.km"),
        ({"km": "lots"}, "row 3.km"),
        ({"date": "01/09/2025"}, "row 3.date"),
        ({"date": "2030-01-01"}, "row 3.date"),
        ({"reading_id": "tm-1"}, "row 3.reading_id"),
        ({"contract_id": None}, "row 3.contract_id"),
        ({"odometer": 5}, "row 3.odometer"),
    ],
)
def test_a_malformed_row_rejects_the_whole_batch(two_companies, bad, field):
    url, ids = two_companies
    manager = _viewer(ids["acme"]["manager"], "fleet_manager", ids["acme"]["company"])
    rows = _rows(ids["acme"]["contracts"][0][1])
    rows[2].update(bad)
    with pytest.raises(LeaseInputError) as err:
        with session_scope(url) as s:
            import_odometer_readings(s, manager, rows, today=dt.date(2026, 1, 1))
    assert err.value.field == field
    with Session(get_engine(url)) as s:
        assert s.exec(select(OdometerReading)).all() == []


def test_another_companys_contract_rejects_the_batch(two_companies):
    url, ids = two_companies
    manager = _viewer(ids["acme"]["manager"], "fleet_manager", ids["acme"]["company"])
    rows = _rows(ids["acme"]["contracts"][0][1])
    rows[1]["contract_id"] = ids["globex"]["contracts"][0][1]
    with pytest.raises(LeaseInputError, match="row 2.contract_id: contract .* is not one of yours"):
        with session_scope(url) as s:
            import_odometer_readings(s, manager, rows, today=dt.date(2026, 1, 1))
    with Session(get_engine(url)) as s:
        assert s.exec(select(OdometerReading)).all() == []


def test_a_database_failure_mid_import_leaves_nothing(two_companies):
    url, ids = two_companies
    manager = _viewer(ids["acme"]["manager"], "fleet_manager", ids["acme"]["company"])
    contract_id = ids["acme"]["contracts"][0][1]
    with pytest.raises(RuntimeError):
        with session_scope(url) as s:
            import_odometer_readings(s, manager, _rows(contract_id), today=dt.date(2026, 1, 1))
            raise RuntimeError("the connection dropped before commit")
    with Session(get_engine(url)) as s:
        assert s.exec(select(OdometerReading)).all() == []
