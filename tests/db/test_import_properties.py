"""The bulk odometer import on arbitrary rows: it stores them all or refuses with a row number, nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from leasedash.db.models import OdometerReading
from leasedash.db.session import get_engine, session_scope
from leasedash.db.scoping import Viewer
from leasedash.domain.errors import LeaseInputError
from leasedash.services.odometer_import import import_odometer_readings
from leasedash.services.schema import upgrade_to_head
from tests.db.factories import make_company, make_contract, make_product, make_user

values = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**7), st.floats(allow_nan=True), st.text(max_size=12),
                   st.dates().map(dt.date.isoformat), st.lists(st.integers(), max_size=2))
rows = st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["reading_id", "contract_id", "date", "km", "source", "extra"]), values, max_size=6),
    st.fixed_dictionaries({"reading_id": st.text(min_size=1, max_size=10), "contract_id": st.just(1),
                           "date": st.dates(dt.date(2025, 1, 15), dt.date(2026, 1, 1)).map(dt.date.isoformat), "km": st.integers(0, 99999)}),
    values,
), max_size=6)


@pytest.fixture(scope="module")
def import_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('import') / 'import.db'}"
    upgrade_to_head(url)
    with session_scope(url) as s:
        company = make_company(s, "Import NV")
        manager = make_user(s, company, "fleet@import.be", role="fleet_manager")
        make_contract(s, company, make_user(s, company, "d@import.be"), make_product(s), "1-IMP-001")
        return url, Viewer(manager.id, "fleet_manager", company.id)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=rows)
def test_any_batch_is_stored_whole_or_refused_with_a_row_number(import_db, batch):
    url, viewer = import_db
    with Session(get_engine(url)) as s:
        before = s.exec(select(func.count()).select_from(OdometerReading)).one()
    try:
        with session_scope(url) as s:
            report = import_odometer_readings(s, viewer, batch, today=dt.date(2026, 11, 21))
    except LeaseInputError as exc:
        assert exc.field.startswith("row ") and int(exc.field[4:].split(".")[0]) <= len(batch)
        with Session(get_engine(url)) as s:
            assert s.exec(select(func.count()).select_from(OdometerReading)).one() == before
        return
    with Session(get_engine(url)) as s:
        assert s.exec(select(func.count()).select_from(OdometerReading)).one() == before + report.inserted
    assert report.inserted + report.already_imported == len(batch)
