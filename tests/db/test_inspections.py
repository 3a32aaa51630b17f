"""Inspections on the real databases: who may do what, the statement kept with its versions, signatures and disputes, photos, the report."""

from __future__ import annotations

import datetime as dt
import re

from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.models import Contract, DamagePhoto, Inspection, InspectionEvent, User
from leasedash.db.session import get_engine, session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.inspection import Damage
from leasedash.services import inspections as svc
from leasedash.services.auth import viewer_of
from leasedash.services.demo import load_demo
from leasedash.services.inspection_detail import read_detail
from leasedash.services.inspection_report import report_pdf
from leasedash.services.photos import photo_file, save_photo

TODAY = dt.date(2026, 11, 21)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def people(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LEASEDASH_PHOTO_DIR", str(tmp_path / "photos"))
    load_demo(60, seed=4, url=db_url, today=TODAY)
    with Session(get_engine(db_url)) as s:
        users = {u.email: viewer_of(u) for u in s.exec(select(User).where(User.email.like("%@example.com")))}
        contract = s.exec(select(Contract).where(Contract.driver_id == users["driver@example.com"].user_id)).one()
        other = s.exec(select(Contract).where(Contract.company_id != contract.company_id)).first()
    return db_url, users, contract, other


def test_the_inspector_records_the_driver_signs_and_may_dispute(people):
    url, users, contract, _ = people
    driver, fleet = users["driver@example.com"], users["fleet@example.com"]
    with session_scope(url) as s:
        inspection = svc.create_inspection(s, fleet, contract.id, TODAY, "Leasys, Luxembourg")
        inspection_id = inspection.id
        svc.update_facts(s, fleet, inspection_id, odometer_km=35000, energy_percent=40)
        svc.add_damage(s, fleet, inspection_id, Damage("door_front_left", "scratch", 120, 10))
        svc.add_damage(s, fleet, inspection_id, Damage("bonnet", "chip", 2))
        svc.set_item(s, fleet, inspection_id, "spare_key", False)
    with Session(get_engine(url)) as s:
        inspection = s.get(Inspection, inspection_id)
        lines = {line["code"]: line["amount"] for line in inspection.statement["lines"]}
        assert inspection.status == "inspected"
        # polish 150 + spare key 350 + fuel below 50 % 60, less the return insurance (150); VAT 17 % of 410 = 69.70
        assert (lines["damages"], lines["return_insurance"], lines["missing_items"], lines["energy"], lines["vat"]) == (
            "150.00", "-150.00", "350.00", "60.00", "69.70")
        assert inspection.statement["rules_version"] == "renta-2026-bvrla-1"
    with pytest.raises(AccessDenied):
        with session_scope(url) as s:
            svc.add_damage(s, driver, inspection_id, Damage("bonnet", "dent", 40))
    with session_scope(url) as s:
        svc.sign(s, fleet, inspection_id, "Marc Dubois")
        svc.sign(s, driver, inspection_id, "Sofie Peeters")
    with pytest.raises(AccessDenied, match="locked"):
        with session_scope(url) as s:
            svc.update_facts(s, fleet, inspection_id, odometer_km=1)
    with session_scope(url) as s:
        assert s.get(Inspection, inspection_id).status == "signed"
        pdf = report_pdf(s, driver, inspection_id)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1500
    with pytest.raises(LeaseInputError):
        with session_scope(url) as s:
            svc.dispute(s, driver, inspection_id, "no")
    with session_scope(url) as s:
        svc.dispute(s, driver, inspection_id, "The scratch was there at delivery")
    with Session(get_engine(url)) as s:
        inspection = s.get(Inspection, inspection_id)
        assert inspection.status == "disputed" and inspection.driver_signed_at is None
        actions = [e.action for e in s.exec(select(InspectionEvent).where(InspectionEvent.inspection_id == inspection_id).order_by(InspectionEvent.id))]
        assert actions == ["created", "signed_by_inspector", "signed_by_driver", "disputed"]
    with session_scope(url) as s:
        svc.update_facts(s, fleet, inspection_id, odometer_km=35010)


def test_self_check_and_scope(people):
    url, users, contract, other = people
    driver, fleet = users["driver@example.com"], users["fleet@example.com"]
    with session_scope(url) as s:
        check = svc.create_inspection(s, driver, contract.id, TODAY)
        assert check.self_check and check.status == "self_check"
        svc.update_facts(s, driver, check.id, odometer_km=34000)
        check_id = check.id
    for who, target in ((driver, other.id), (fleet, other.id)):
        with pytest.raises(NotFound):
            with session_scope(url) as s:
                svc.create_inspection(s, who, target, TODAY)
    with pytest.raises(AccessDenied):
        with session_scope(url) as s:
            svc.update_facts(s, fleet, check_id, odometer_km=1)
    with pytest.raises(AccessDenied, match="not signed"):
        with session_scope(url) as s:
            svc.sign(s, driver, check_id, "Sofie")
    with Session(get_engine(url)) as s:
        assert [i.id for i, _ in svc.visible_inspections(s, driver)] == [check_id]


@pytest.mark.parametrize("name, data, reason", [
    ("photo.gif", b"GIF89a", "only .jpg, .png or .pdf"),
    ("photo.png", b"\xff\xd8\xff fake", "not a real .png"),
    ("../../etc/passwd.png", PNG, "path"),
    ("photo.png", b"", "empty"),
    ("photo.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "larger than"),
])
def test_rejected_uploads(people, name, data, reason):
    url, users, contract, _ = people
    with session_scope(url) as s:
        inspection = svc.create_inspection(s, users["fleet@example.com"], contract.id, TODAY)
        damage = svc.add_damage(s, users["fleet@example.com"], inspection.id, Damage("bonnet", "dent", 40))
        ids = inspection.id, damage.id
    with pytest.raises(LeaseInputError, match=reason):
        with session_scope(url) as s:
            save_photo(s, users["fleet@example.com"], *ids, name, data)
    with Session(get_engine(url)) as s:
        assert s.exec(select(DamagePhoto)).all() == []


def test_photos_are_stored_privately_and_served_to_who_may_see_them(people, tmp_path):
    url, users, contract, _ = people
    fleet, driver, admin = users["fleet@example.com"], users["driver@example.com"], users["admin@example.com"]
    with session_scope(url) as s:
        inspection = svc.create_inspection(s, fleet, contract.id, TODAY)
        damage = svc.add_damage(s, fleet, inspection.id, Damage("bonnet", "dent", 40))
        photo = save_photo(s, fleet, inspection.id, damage.id, "Bonnet dent #1 (close).PNG", PNG)
        photo_id = photo.id
    assert photo.stored_name.endswith(".png") and re.fullmatch(r"[A-Za-z0-9_]+", photo.stored_name.removesuffix(".png"))
    with Session(get_engine(url)) as s:
        path, content_type = photo_file(s, driver, photo_id)
        assert path.parent == tmp_path / "photos" and content_type == "image/png" and path.read_bytes() == PNG
        stranger = s.exec(select(User).where(User.role == "driver", User.id != driver.user_id)).first()
        with pytest.raises(NotFound):
            photo_file(s, viewer_of(stranger), photo_id)
        assert photo_file(s, admin, photo_id)[0] == path


def test_admin_edits_the_rules_and_inspections_keep_their_version(people):
    url, users, contract, _ = people
    with session_scope(url) as s:
        first = svc.create_inspection(s, users["fleet@example.com"], contract.id, TODAY)
        rules = dict(svc.current_version(s, "rules").data)
        rules["version"] = "strict-2026"
        rules["renta"] = {**rules["renta"], "scratch": {**rules["renta"]["scratch"], "max_length_mm": {"car": 50, "van": 100}}}
        with pytest.raises(AccessDenied):
            svc.save_version(s, users["fleet@example.com"], "rules", rules)
        svc.save_version(s, users["admin@example.com"], "rules", rules)
        second = svc.create_inspection(s, users["fleet@example.com"], contract.id, TODAY)
        for inspection in (first, second):
            svc.add_damage(s, users["fleet@example.com"], inspection.id, Damage("door_front_left", "scratch", 60, 10))
        assert first.statement["rules_version"] == "renta-2026-bvrla-1" and second.statement["rules_version"] == "strict-2026"
        assert "damages" not in {l["code"] for l in first.statement["lines"]}
        assert "damages" in {l["code"] for l in second.statement["lines"]}
        with pytest.raises(LeaseInputError, match="exists already"):
            svc.save_version(s, users["admin@example.com"], "rules", rules)
        broken = {**rules, "version": "broken", "renta": {}}
        with pytest.raises(LeaseInputError, match="cannot judge"):
            svc.save_version(s, users["admin@example.com"], "rules", broken)


def test_one_reading_of_an_inspection_serves_the_page_and_the_report(people):
    url, users, contract, _ = people
    driver, fleet = users["driver@example.com"], users["fleet@example.com"]
    with session_scope(url) as s:
        check = svc.create_inspection(s, driver, contract.id, TODAY)
        svc.add_damage(s, driver, check.id, Damage("bonnet", "dent", 40))
        inspection = svc.create_inspection(s, fleet, contract.id, TODAY, "Leasys")
        svc.update_facts(s, fleet, inspection.id, odometer_km=35000, energy_percent=40)
        damage = svc.add_damage(s, fleet, inspection.id, Damage("door_front_left", "scratch", 120, 10))
        svc.add_damage(s, fleet, inspection.id, Damage("bonnet", "chip", 2))
        svc.set_item(s, fleet, inspection.id, "spare_key", False)
        save_photo(s, fleet, inspection.id, damage.id, "door.png", PNG)
        svc.sign(s, fleet, inspection.id, "Marc Dubois")
        ids = check.id, inspection.id
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        with Session(get_engine(url)) as s:
            detail = read_detail(s, driver, ids[1])
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert len(statements) <= 10, "\n".join(q[:50] for q in statements)
    assert detail.status == "inspected" and not detail.editable and not detail.locked and detail.facts.odometer_km == 35000
    assert [(d.part, d.acceptable, d.cost, len(d.photos)) for d in detail.damages] == [
        ("door_front_left", False, Decimal("150.00"), 1), ("bonnet", True, Decimal("0.00"), 0)]
    assert [c.name for c in detail.checklist if not c.present] == ["spare_key"]
    lines = {line.code: line.amount for line in detail.statement.lines}
    assert (lines["damages"], lines["return_insurance"], lines["missing_items"], lines["energy"], lines["vat"]) == (
        Decimal("150.00"), Decimal("-150.00"), Decimal("350.00"), Decimal("60.00"), Decimal("69.70"))
    assert detail.statement.lines[[l.code for l in detail.statement.lines].index("missing_items")].facts == {"items": ("spare_key",)}
    assert [(s.signer, s.name) for s in detail.signatures] == [("driver", ""), ("inspector", "Marc Dubois")]
    assert [h.action for h in detail.history] == ["created", "signed_by_inspector"] and detail.history[0].who == "fleet@example.com"
    assert [(c.inspection_id, c.self_check, c.damages, c.charged) for c in detail.comparison] == [(ids[0], True, 1, 1), (ids[1], False, 2, 1)]
    assert detail.comparison[1].total == detail.statement.total
    with Session(get_engine(url)) as s:
        stranger = s.exec(select(User).where(User.role == "driver", User.id != driver.user_id)).first()
        with pytest.raises(NotFound):
            read_detail(s, viewer_of(stranger), ids[1])
