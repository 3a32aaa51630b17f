"""The portfolio snapshot is only a cache: the projection read from it (its files, a worker's memory, the changes
patched in) equals the projection read from the database, on every contract, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import fields
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import text
from sqlmodel import select

from leasedash.db import change_log
from leasedash.db.models import Contract, OdometerReading, User, Vehicle
from leasedash.db.portfolio_queries import EPOCH
from leasedash.db.queries import update_contract_terms
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine, session_scope
from leasedash.db.snapshot_queries import load_portfolio
from leasedash.domain.portfolio import project
from leasedash.domain.projection import portfolio_rules
from leasedash.services import snapshot
from leasedash.services.demo import load_demo, remove_demo
from leasedash.services.fleet import fleet_data
from leasedash.services.portfolio import PortfolioRun, run_portfolio

AS_OF = dt.date(2026, 11, 21)
ADMIN = Viewer(user_id=0, role="admin", company_id=None)


@pytest.fixture
def fleet_url(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LEASEDASH_CACHE_DIR", str(tmp_path / "cache"))
    load_demo(2500, seed=17, url=db_url, today=AS_OF)
    yield db_url
    snapshot.drop(db_url)


def _from_database(url: str, company_id: int | None = None, as_of: dt.date = AS_OF) -> dict[str, dict[int, object]]:
    """Every active contract's arrays and projection read straight from the database (no snapshot), by contract id."""
    with get_engine(url).connect() as connection:
        contracts, products, grids, _ = load_portfolio(connection, as_of, company_id)
    threshold = Fraction(Decimal(portfolio_rules()["pace_alert_threshold"]))
    return _by_contract(contracts, project(contracts, products, grids, (as_of - EPOCH).days, threshold))


def _by_contract(contracts, projection) -> dict[str, dict[int, object]]:
    ids = contracts.contract_id.tolist()
    out = {f.name: dict(zip(ids, getattr(contracts, f.name).tolist())) for f in fields(contracts) if f.name not in ("product", "grid")}
    out.update({f.name: dict(zip(ids, getattr(projection, f.name).tolist())) for f in fields(projection)})
    return out


def _of(run: PortfolioRun) -> dict[str, dict[int, object]]:
    return _by_contract(run.contracts, run.projection)


def _same(got: dict, expected: dict) -> None:
    assert set(got["contract_id"]) == set(expected["contract_id"])
    for name, values in expected.items():
        differing = [i for i, v in values.items() if got[name][i] != v]
        assert differing == [], f"{name} differs on contracts {differing[:5]}"


def _contracts(url: str) -> list[Contract]:
    with session_scope(url) as s:
        return list(s.exec(select(Contract).where(Contract.start_date <= AS_OF, Contract.end_date > AS_OF).order_by(Contract.id)))


def test_the_projection_from_the_snapshot_equals_the_projection_from_the_database_on_every_contract(fleet_url):
    expected = _from_database(fleet_url)
    assert len(expected["contract_id"]) > 1000
    snapshot.drop(fleet_url)
    store = snapshot.store(fleet_url)
    _same(_of(run_portfolio(AS_OF, url=fleet_url)), expected)
    assert store.database_reads == 1 and any(store.folder.glob("company-*.columns"))
    snapshot.drop(fleet_url)
    _same(_of(run_portfolio(AS_OF, url=fleet_url)), expected)
    assert snapshot.store(fleet_url).database_reads == 0  # the second worker read the files only
    company = _contracts(fleet_url)[0].company_id
    _same(_of(run_portfolio(AS_OF, company, fleet_url)), _from_database(fleet_url, company))


def test_a_date_before_the_latest_readings_is_read_from_the_database(fleet_url):
    earlier = AS_OF - dt.timedelta(days=200)
    _same(_of(run_portfolio(earlier, url=fleet_url)), _from_database(fleet_url, as_of=earlier))


def test_every_change_is_patched_into_each_cached_projection_without_reading_everything_again(fleet_url):
    everyone, contracts = fleet_data(AS_OF, None, fleet_url), _contracts(fleet_url)
    company = contracts[0].company_id
    one_company = fleet_data(AS_OF, company, fleet_url)
    store = snapshot.store(fleet_url)
    reads, generation = store.database_reads, store.generation
    mine = [c for c in contracts if c.company_id == company]
    others = [c for c in contracts if c.company_id != company]
    with session_scope(fleet_url) as s:
        update_contract_terms(s, ADMIN, mine[0].id, mine[0].version, annual_km=mine[0].annual_km + 7500)
        update_contract_terms(s, ADMIN, mine[1].id, mine[1].version, status="terminated", end_date=AS_OF - dt.timedelta(days=1))
        s.add(OdometerReading(contract_id=mine[2].id, reading_date=AS_OF, km=250_000, source="telematics"))
        s.delete(s.exec(select(OdometerReading).where(OdometerReading.contract_id == others[0].id)
                        .order_by(OdometerReading.reading_date.desc())).first())
        moved = s.get(Contract, others[1].id)
        moved.company_id = company
        driver = s.exec(select(User).where(User.company_id == company)).first()
        vehicle = Vehicle(company_id=company, make="Lancia", model="Ypsilon", segment="B", fuel="ev", catalogue_price=Decimal("28000.00"),
                          plate="1-SNP-001")
        s.add(vehicle)
        s.flush()
        s.add(Contract(reference="SNAP-NEW", company_id=company, driver_id=driver.id, vehicle_id=vehicle.id, product_id=mine[0].product_id,
                       rent_grid_id=mine[0].rent_grid_id, start_date=AS_OF - dt.timedelta(days=100), months=36, annual_km=20000,
                       monthly_rent=Decimal("512.34"), end_date=AS_OF + dt.timedelta(days=1000), status="active"))
    assert fleet_data(AS_OF, None, fleet_url) is everyone and fleet_data(AS_OF, company, fleet_url) is one_company
    assert (store.database_reads, store.generation) == (reads, generation)  # patched, not read again
    for data, scope in ((everyone, None), (one_company, company)):
        got, expected = _of(data.run), _from_database(fleet_url, scope)
        _same(got, expected)
        ids = set(got["contract_id"])
        assert mine[1].id not in ids and (others[1].id in ids) and got["km"][mine[2].id] == 250_000
    assert "Lancia" in everyone.run.make_names
    with session_scope(fleet_url) as s:
        again = s.get(Contract, mine[0].id)
        update_contract_terms(s, ADMIN, again.id, again.version, annual_km=again.annual_km - 10_000)
    assert fleet_data(AS_OF, company, fleet_url) is one_company
    _same(_of(one_company.run), _from_database(fleet_url, company))  # one contract changed: patched in place
    snapshot.drop(fleet_url)
    _same(_of(run_portfolio(AS_OF, url=fleet_url)), _from_database(fleet_url))  # the files caught up with the log


def test_a_deleted_or_broken_snapshot_rebuilds_itself_and_loses_nothing(fleet_url):
    expected = _from_database(fleet_url)
    folder = snapshot.store(fleet_url).folder
    run_portfolio(AS_OF, url=fleet_url)
    files = sorted(folder.glob("company-*.columns"))
    files[0].write_bytes(b"not a snapshot")
    files[1].write_bytes(files[1].read_bytes()[:-8])
    snapshot.drop(fleet_url)
    _same(_of(run_portfolio(AS_OF, url=fleet_url)), expected)
    assert snapshot.store(fleet_url).database_reads == 1
    shutil.rmtree(folder)
    snapshot.drop(fleet_url)
    _same(_of(run_portfolio(AS_OF, url=fleet_url)), expected)
    assert sorted(folder.glob("company-*.columns")) == files


def test_a_bulk_write_or_a_change_committed_late_is_not_missed(fleet_url):
    """A row naming no contract makes every worker start again; a change whose number was skipped (a PostgreSQL
    transaction committing after a later one) is read when it appears."""
    data = fleet_data(AS_OF, None, fleet_url)
    store = snapshot.store(fleet_url)
    first, second = _contracts(fleet_url)[:2]
    with get_engine(fleet_url).begin() as c:
        seq, _ = change_log.latest(c)
        c.execute(text("UPDATE contract SET annual_km = annual_km + 5000 WHERE id IN (:a, :b)"), {"a": first.id, "b": second.id})
        c.execute(text("INSERT INTO portfolio_change (id, contract_id, created_at) VALUES (:id, :c, CURRENT_TIMESTAMP)"),
                  {"id": seq + 2, "c": second.id})
    assert fleet_data(AS_OF, None, fleet_url) is data
    assert seq + 1 in store.holes and _of(data.run)["annual_km"][first.id] == first.annual_km
    with get_engine(fleet_url).begin() as c:
        c.execute(text("INSERT INTO portfolio_change (id, contract_id, created_at) VALUES (:id, :c, CURRENT_TIMESTAMP)"),
                  {"id": seq + 1, "c": first.id})
        if c.dialect.name == "postgresql":
            c.execute(text("SELECT setval(pg_get_serial_sequence('portfolio_change', 'id'), :n)"), {"n": seq + 2})
    assert fleet_data(AS_OF, None, fleet_url) is data and not store.holes
    _same(_of(data.run), _from_database(fleet_url))
    generation = store.generation
    with get_engine(fleet_url).begin() as c:
        c.execute(text("UPDATE contract SET months = months + 12, end_date = end_date + 366 WHERE id = :a")
                  if c.dialect.name == "postgresql" else text("UPDATE contract SET months = months + 12, end_date = date(end_date, '+366 days') WHERE id = :a"),
                  {"a": first.id})
        change_log.log_everything(c)
    assert fleet_data(AS_OF, None, fleet_url) is not data and store.generation == generation + 1
    _same(_of(fleet_data(AS_OF, None, fleet_url).run), _from_database(fleet_url))


def test_removing_the_demo_is_seen_by_every_cached_projection(fleet_url):
    data = fleet_data(AS_OF, None, fleet_url)
    assert len(data.run.contracts) > 1000
    remove_demo(fleet_url)
    again = fleet_data(AS_OF, None, fleet_url)
    assert again is not data and len(again.run.contracts) == 0
    _same(_of(again.run), _from_database(fleet_url))
