"""`leasedash demo --remove` on SQLite and PostgreSQL: the demo is one company among others; it goes with everything
that hangs on it, and what was typed in or imported stays."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlmodel import select

from leasedash.cli import main
from leasedash.db.models import Company, Contract, DemoLoad, OdometerReading, User, Vehicle
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.services.demo import load_demo, remove_demo
from leasedash.services.fleet_import import run_import
from tests.db.factories import make_company, make_user

TODAY = dt.date(2026, 6, 1)
FILE = ("Contract reference,Driver e-mail,Product,Start date,Months,Annual km,Monthly rent,Make,Model,Plate\n"
        "OWN-1,an@own.be,best-deal,2025-01-15,36,10000,399.00,Renault,Clio,1-OWN-001\n").encode()


def _count(url, model, *where) -> int:
    with session_scope(url) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def test_removing_the_demo_keeps_what_was_typed_in_or_imported(services_db, monkeypatch, capsys):
    db_url = services_db
    load_demo(40, seed=5, url=db_url, today=TODAY)
    with session_scope(db_url) as s:
        own = make_company(s, "Own fleet")
        manager = make_user(s, own, "fm@own.be", "fleet_manager")
        viewer = Viewer(manager.id, "fleet_manager", own.id)
        demo_company = s.exec(select(Company).where(Company.demo).order_by(Company.id)).first()
        fleet = s.exec(select(User).where(User.email == "fleet@example.com")).one()
        demo_viewer = Viewer(fleet.id, "fleet_manager", demo_company.id)
    run_import(viewer, own.id, "contracts", "own.csv", FILE, today=TODAY, url=db_url)
    run_import(demo_viewer, demo_company.id, "contracts", "kept.csv", FILE.replace(b"an@own.be", b"kept@demo.be"), today=TODAY, url=db_url)
    demo_contracts = _count(db_url, Contract, Contract.origin == "demo")
    assert demo_contracts == 40

    monkeypatch.setenv("LANGUAGE", "en")
    assert main(["demo", "--remove"]) == 0
    assert "Demo removed: 40 contracts" in capsys.readouterr().out

    assert _count(db_url, Contract, Contract.origin == "demo") == 0
    assert _count(db_url, Contract) == 2
    assert _count(db_url, DemoLoad) == 0
    assert _count(db_url, User, User.email.in_(["driver@example.com", "admin@example.com", "fleet@example.com"])) == 0
    assert _count(db_url, User, User.email.in_(["an@own.be", "kept@demo.be", "fm@own.be"])) == 3
    with session_scope(db_url) as s:
        kept = s.get(Company, demo_company.id)
        assert kept is not None and not kept.demo
        assert s.exec(select(func.count()).select_from(Company).where(Company.demo)).one() == 0
        assert {v.plate for v in s.exec(select(Vehicle))} == {"1-OWN-001"}
    assert _count(db_url, OdometerReading) == 0
    assert remove_demo(db_url).contracts == 0
