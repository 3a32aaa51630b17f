"""The one contract search (db/contract_search.py, services/contract_search.py) on SQLite and PostgreSQL: a driver
finds only their own contracts whatever they type or send, a fleet manager their company's, an admin all; their own
first, then the ones they opened most recently (remembered per user), then by id; the same answer whether a word
matches few contracts (read from the indexes) or many (read in id order), compared with a plain Python reading."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from leasedash.db import contract_search as db_search
from leasedash.db.contract_visits import SEARCH_INDEXES, ContractVisit
from leasedash.db.errors import NotFound
from leasedash.db.models import Contract, User, Vehicle
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine
from leasedash.services import contract_search as svc
from tests.db.factories import make_company, make_contract, make_product, make_user

MAKES = ("Peugeot", "Volvo", "Volkswagen", "Renault")
QUERIES = ("", "t-", "t-ab", "T-AB0", "vol", "volvo", "peu", "test", "test ann", "ann", "anna vol", "bert", "ab00", "zz", "%", "_", "t-_b",
           "test anna volvo", "RENAULT bert", "de bert", "van den", "anna de", "Test van den Berg", "van den b test")


@dataclass
class World:
    url: str
    anna: Viewer
    bert: Viewer
    carl: Viewer
    fleet: Viewer
    other_fleet: Viewer
    admin: Viewer


def _viewer(user: User) -> Viewer:
    return Viewer(user.id, user.role, user.company_id)


@pytest.fixture
def world(db_url) -> World:
    """Two companies: Acme (drivers Anna and Bert, 30 contracts between them, four makes) and Other (Carl van den Berg, 6)."""
    with Session(get_engine(db_url)) as s:
        acme, other = make_company(s, "Acme"), make_company(s, "Other")
        product = make_product(s)
        anna, bert = make_user(s, acme, "anna@acme.be"), make_user(s, acme, "bert@acme.be")
        carl = make_user(s, other, "carl@other.be")
        carl.last_name = "van den Berg"
        fleet, other_fleet = make_user(s, acme, "fleet@acme.be", "fleet_manager"), make_user(s, other, "fleet@other.be", "fleet_manager")
        admin = make_user(s, None, "admin@lessor.be", "admin")
        for i in range(36):
            company, driver = (other, carl) if i >= 30 else (acme, anna if i % 3 == 0 else bert)
            contract = make_contract(s, company, driver, product, f"{'AB' if i % 2 else 'CD'}{i:03d}")
            s.get(Vehicle, contract.vehicle_id).make = MAKES[i % len(MAKES)]
        s.commit()
        return World(db_url, *(_viewer(u) for u in (anna, bert, carl, fleet, other_fleet, admin)))


def _visit(url: str, viewer: Viewer, contract_id: int, minutes: int) -> None:
    with Session(get_engine(url)) as s:
        s.add(ContractVisit(user_id=viewer.user_id, contract_id=contract_id,
                            opened_at=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=minutes)))
        s.commit()


def _expected(url: str, viewer: Viewer, typed: str) -> list[int]:
    """The contracts a plain Python reading of every row finds, in the search's order."""
    words = db_search.search_terms(typed)
    with Session(get_engine(url)) as s:
        rows = s.exec(select(Contract, User, Vehicle).join(User, User.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)).all()
        visits = s.exec(select(ContractVisit).where(ContractVisit.user_id == viewer.user_id)
                        .order_by(ContractVisit.opened_at.desc()).limit(db_search.RECENT)).all()
    opened = {v.contract_id: v.opened_at for v in visits}
    seen = [(c, u, v) for c, u, v in rows if viewer.role == "admin" or (viewer.role == "fleet_manager" and c.company_id == viewer.company_id)
            or (viewer.role == "driver" and c.driver_id == viewer.user_id)]

    def matches(c, u, v) -> bool:
        fields = [x.lower() for x in (c.reference, u.first_name, u.last_name, v.plate, v.make)]
        return all(any(f.startswith(w) for f in fields) for w in words)

    found = [c for c, u, v in seen if matches(c, u, v) and (words or c.driver_id == viewer.user_id or c.id in opened)]
    latest = max((t.timestamp() for t in opened.values()), default=0)
    return [c.id for c in sorted(found, key=lambda c: (c.driver_id != viewer.user_id, c.id not in opened,
                                                         latest - opened[c.id].timestamp() if c.id in opened else 0, c.id))]


def _found(url: str, viewer: Viewer, typed: str, limit: int = 500, offset: int = 0) -> list[int]:
    with Session(get_engine(url)) as s:
        return [row[0].id for row in db_search.search_contracts(s, viewer, typed, limit, offset)]


@pytest.mark.parametrize("few", [db_search.FEW, 3], ids=["indexed", "in-id-order"])
def test_every_viewer_finds_what_a_plain_reading_finds_in_the_same_order(world, monkeypatch, few):
    w = world
    monkeypatch.setattr(db_search, "FEW", few)
    contracts = _found(w.url, w.admin, "t-")
    for minutes, (viewer, index) in enumerate([(w.fleet, 20), (w.fleet, 3), (w.admin, 33), (w.anna, 6), (w.fleet, 11), (w.other_fleet, 31)]):
        _visit(w.url, viewer, contracts[index], minutes)
    for viewer in (w.anna, w.bert, w.carl, w.fleet, w.other_fleet, w.admin):
        for typed in QUERIES:
            assert _found(w.url, viewer, typed) == _expected(w.url, viewer, typed), (viewer, typed)
    assert len(_found(w.url, w.admin, "Test van den Berg")) == 6 and db_search.search_terms("Marie De Smet") == ["marie", "de smet"]
    everything = _found(w.url, w.fleet, "t-")
    pages = [i for page in range(5) for i in _found(w.url, w.fleet, "t-", 7, page * 7)]
    assert pages == everything[:35] and len(everything) == 30
    assert everything[:3] == [contracts[11], contracts[3], contracts[20]], "the ones the fleet manager opened, the latest first"


def test_the_recent_visits_only_come_first_and_each_user_has_their_own(world, monkeypatch):
    w = world
    monkeypatch.setattr(db_search, "RECENT", 2)
    contracts = _found(w.url, w.admin, "t-")
    for minutes, index in enumerate((25, 2, 14)):
        _visit(w.url, w.fleet, contracts[index], minutes)
    _visit(w.url, w.admin, contracts[29], 10)
    assert _found(w.url, w.fleet, "")[:3] == [contracts[14], contracts[2]]
    assert _found(w.url, w.fleet, "t-")[:3] == [contracts[14], contracts[2], contracts[0]]
    assert _found(w.url, w.admin, "")[:1] == [contracts[29]] and _found(w.url, w.bert, "") == _expected(w.url, w.bert, "")


def test_a_driver_finds_only_their_own_contracts_whatever_they_send(world, services_db):
    w = world
    with Session(get_engine(w.url)) as s:
        others = s.exec(select(Contract).where(Contract.driver_id != w.anna.user_id)).all()
        own = s.exec(select(Contract).where(Contract.driver_id == w.anna.user_id)).all()
    own_ids = {c.id for c in own}
    assert {h.contract_id for h in svc.find_contracts(w.anna, "", size=100).hits} == own_ids
    assert all(h.own for h in svc.find_contracts(w.anna, "", size=100).hits)
    for typed in ("t-", "test", "bert", "carl", "%", "_%", "' OR 1=1 --", "t-% t-", "\\", others[0].reference, others[-1].reference.lower(), "a" * 500):
        assert {h.contract_id for h in svc.find_contracts(w.anna, typed, size=100).hits} <= own_ids, typed
    for page in (0, 1, 7, 10_000):
        assert {h.contract_id for h in svc.find_contracts(w.anna, "t", page=page).hits} <= own_ids
    for crafted in (others[0].id, others[-1].id, 0, -1, 2**31, 2**63, 10**30):
        with pytest.raises(NotFound):
            svc.contract_opened(w.anna, crafted)
        with pytest.raises(NotFound):
            svc.contract_reference(w.anna, crafted)
    with Session(get_engine(w.url)) as s:
        assert s.exec(select(ContractVisit).where(ContractVisit.user_id == w.anna.user_id)).all() == []
    assert svc.contract_opened(w.anna, own[-1].id) == own[-1].reference == svc.contract_reference(w.anna, own[-1].id)
    assert svc.first_contract(w.anna) == own[-1].id, "the one opened last"
    assert svc.find_contracts(w.anna, "").hits[0].contract_id == own[-1].id and svc.find_contracts(w.anna, "").hits[0].opened
    assert {h.contract_id for h in svc.find_contracts(w.fleet, "carl", size=100).hits} == set()
    with pytest.raises(NotFound):
        svc.contract_reference(w.fleet, others[-1].id)
    assert svc.contract_reference(w.admin, others[-1].id) == others[-1].reference


def test_sqlite_reads_every_searched_field_from_its_index(world):
    if not world.url.startswith("sqlite"):
        pytest.skip("PostgreSQL: tests/db/test_inspections.py checks its plan (text_pattern_ops)")
    sent: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, *_args):
        sent.append((statement, parameters))

    with Session(get_engine(world.url)) as s:
        event.listen(Engine, "before_cursor_execute", keep)
        try:
            db_search.search_contracts(s, world.admin, "ab", 10)
        finally:
            event.remove(Engine, "before_cursor_execute", keep)
        steps = [row[3] for statement, parameters in sent for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    plans = "\n".join(steps)
    for index in SEARCH_INDEXES:
        assert index in plans, plans
    assert not [step for step in steps if re.match(r"SCAN (contract|app_user|vehicle)\b", step)], plans


def test_a_word_matching_many_reads_the_contracts_in_id_order_until_a_page_is_full(world, monkeypatch):
    w = world
    monkeypatch.setattr(db_search, "FEW", 3)
    statements: list[str] = []

    def keep(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", keep)
    try:
        found = _found(w.url, w.admin, "vol", 4)
    finally:
        event.remove(Engine, "before_cursor_execute", keep)
    assert found == _expected(w.url, w.admin, "vol")[:4]
    assert "ORDER BY contract.id" in statements[-1] and "LIMIT" in statements[-1]
