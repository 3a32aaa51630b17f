"""Odometer reading ids belong to a company (issue 16, tenancy): two companies both import "tm-1", a driver learns
nothing about another company's ids, a driver's readings are marked as typed by the driver, and an id no database
stores is refused under its row; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from leasedash.db.models import OdometerReading
from leasedash.db.session import get_engine, session_scope
from leasedash.domain.errors import LeaseInputError
from leasedash.services.odometer_import import import_odometer_readings
from tests.db.test_access_and_writes import _viewer, two_companies  # noqa: F401  (the fixture)

TODAY = dt.date(2026, 1, 1)


def _reading(contract_id: int, reading_id: str = "tm-1", km: int = 2500, source: str = "telematics") -> dict:
    return {"reading_id": reading_id, "contract_id": contract_id, "date": "2025-03-01", "km": km, "source": source}


def _manager(ids, company: str):
    return _viewer(ids[company]["manager"], "fleet_manager", ids[company]["company"])


def _stored(url) -> list[tuple[int, str, int, str]]:
    with Session(get_engine(url)) as s:
        rows = s.exec(select(OdometerReading).order_by(OdometerReading.id))
        return [(r.company_id, r.external_id, r.km, r.source) for r in rows]


def test_two_companies_both_import_tm_1(two_companies):
    url, ids = two_companies
    for company, km in (("acme", 2500), ("globex", 3100)):
        with session_scope(url) as s:
            report = import_odometer_readings(s, _manager(ids, company), [_reading(ids[company]["contracts"][0][1], km=km)], today=TODAY)
        assert (report.inserted, report.already_imported) == (1, 0)
    assert _stored(url) == [(ids["acme"]["company"], "tm-1", 2500, "telematics"), (ids["globex"]["company"], "tm-1", 3100, "telematics")]
    with session_scope(url) as s:
        again = import_odometer_readings(s, _manager(ids, "globex"), [_reading(ids["globex"]["contracts"][0][1], km=3100)], today=TODAY)
    assert (again.inserted, again.already_imported) == (0, 1)


def test_an_id_is_unique_within_its_company_in_the_database_itself(two_companies):
    url, ids = two_companies
    contract_id = ids["acme"]["contracts"][0][1]
    with session_scope(url) as s:
        import_odometer_readings(s, _manager(ids, "acme"), [_reading(contract_id)], today=TODAY)
    with pytest.raises(IntegrityError), session_scope(url) as s:
        s.add(OdometerReading(contract_id=contract_id, reading_date=TODAY, km=9000, company_id=ids["acme"]["company"], external_id="tm-1"))
    with pytest.raises(IntegrityError), session_scope(url) as s:
        s.add(OdometerReading(contract_id=contract_id, reading_date=TODAY, km=9000, external_id="tm-9"))


def test_a_driver_cannot_probe_another_companys_ids(two_companies):
    url, ids = two_companies
    with session_scope(url) as s:
        import_odometer_readings(s, _manager(ids, "globex"), [_reading(ids["globex"]["contracts"][0][1], km=3100)], today=TODAY)
    driver_id, own = ids["acme"]["contracts"][0]
    with session_scope(url) as s:
        report = import_odometer_readings(s, _viewer(driver_id, "driver", ids["acme"]["company"]), [_reading(own, km=2500)], today=TODAY)
    assert (report.inserted, report.already_imported) == (1, 0)


def test_a_drivers_own_readings_are_typed_by_the_driver_whatever_the_payload_says(two_companies):
    url, ids = two_companies
    driver_id, own = ids["acme"]["contracts"][0]
    rows = [_reading(own, "tm-1", 2500, "telematics"), _reading(own, "ws-2", 2600, "workshop") | {"date": "2025-04-01"}]
    with session_scope(url) as s:
        import_odometer_readings(s, _viewer(driver_id, "driver", ids["acme"]["company"]), rows, today=TODAY)
    assert [source for *_, source in _stored(url)] == ["driver", "driver"]
    with session_scope(url) as s:
        import_odometer_readings(s, _manager(ids, "acme"), [_reading(own, "tm-3", 2700) | {"date": "2025-05-01"}], today=TODAY)
    assert _stored(url)[-1][-1] == "telematics"


@pytest.mark.parametrize("reading_id", ["tm-\ud800", "tm\x00-1", "tm\n1", "x" * 81, 12, ["tm-1"]])
def test_a_reading_id_no_database_stores_is_refused_under_its_row(two_companies, reading_id):
    url, ids = two_companies
    rows = [_reading(ids["acme"]["contracts"][0][1], reading_id)]
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        import_odometer_readings(s, _manager(ids, "acme"), rows, today=TODAY)
    assert refused.value.field == "row 1.reading_id"
    assert _stored(url) == []
