"""Inspections on the real databases: who may do what, the statement kept with its versions, signatures and disputes, photos, the report."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import Contract, DamagePhoto, DocumentNotice, Inspection, InspectionEvent, User, Vehicle
from leasedash.db.queries import latest_reading
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine, session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.inspection import Damage
from leasedash.i18n import catalog
from leasedash.services import inspections as svc
from leasedash.services import return_wording as words
from leasedash.services.auth import viewer_of
from leasedash.services.demo import load_demo
from leasedash.services.holidays import time_zone
from leasedash.services.inspection_detail import read_detail
from leasedash.services.inspection_report import report_pdf
from leasedash.services.inspection_statement import content_hash
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
        assert inspection.statement["rules_version"] == "renta-2026-bvrla-2"
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
        assert actions == ["created", "facts_changed", "damage_added", "damage_added", "item_missing", "signed_by_inspector", "signed_by_driver",
                           "disputed"]
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
        assert first.statement["rules_version"] == "renta-2026-bvrla-2" and second.statement["rules_version"] == "strict-2026"
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
    assert [h.action for h in detail.history] == ["created", "facts_changed", "damage_added", "damage_added", "item_missing", "photo_added",
                                                  "signed_by_inspector"] and detail.history[0].who == "fleet@example.com"
    assert [(c.inspection_id, c.self_check, c.damages, c.charged) for c in detail.comparison] == [(ids[0], True, 1, 1), (ids[1], False, 2, 1)]
    assert detail.comparison[1].total == detail.statement.total
    with Session(get_engine(url)) as s:
        stranger = s.exec(select(User).where(User.role == "driver", User.id != driver.user_id)).first()
        with pytest.raises(NotFound):
            read_detail(s, viewer_of(stranger), ids[1])


@pytest.fixture
def configured(people, monkeypatch):
    """The services that open their own session use this test's database, and forget it after the test."""
    monkeypatch.setenv("REFLEX_DB_URL", people[0])
    yield people


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_signatures_bind_the_version_and_the_content_and_nothing_changes_until_they_are_withdrawn(configured):
    url, users, contract, _ = configured
    driver, fleet = users["driver@example.com"], users["fleet@example.com"]
    with session_scope(url) as s:
        inspection_id = svc.create_inspection(s, fleet, contract.id, TODAY, "Leasys").id
        svc.update_facts(s, fleet, inspection_id, odometer_km=35000, energy_percent=60)
        scratch = svc.add_damage(s, fleet, inspection_id, Damage("door_front_left", "scratch", 120, 10)).id
    with session_scope(url) as s:
        seen = s.get(Inspection, inspection_id).version
        signed_total, digest = s.get(Inspection, inspection_id).statement["total"], content_hash(s, s.get(Inspection, inspection_id))
        svc.sign(s, driver, inspection_id, "Sofie Peeters", seen)
    with Session(get_engine(url)) as s:
        row = s.get(Inspection, inspection_id)
        assert (row.driver_signed_version, row.driver_signed_hash, row.status) == (seen, digest, "inspected") and row.version == seen + 1
    # the case: after the driver signed, the inspector adds a 300 x 200 mm dent and changes the odometer: refused
    changes = (lambda s: svc.add_damage(s, fleet, inspection_id, Damage("bonnet", "dent", 300, 200, Decimal("10"))),
               lambda s: svc.update_facts(s, fleet, inspection_id, odometer_km=90000),
               lambda s: svc.set_item(s, fleet, inspection_id, "key", False),
               lambda s: svc.remove_damage(s, fleet, inspection_id, scratch),
               lambda s: save_photo(s, fleet, inspection_id, scratch, "door.png", PNG))
    for change in changes:
        with pytest.raises(AccessDenied, match="withdraws the signatures"):
            with session_scope(url) as s:
                change(s)
    with Session(get_engine(url)) as s:
        row = s.get(Inspection, inspection_id)
        assert (row.statement["total"], row.odometer_km, content_hash(s, row)) == (signed_total, 35000, digest)
    with pytest.raises(AccessDenied):
        with session_scope(url) as s:
            svc.withdraw_signatures(s, driver, inspection_id, "I want to change my mind")
    with pytest.raises(LeaseInputError, match="reason|withdrawn"):
        with session_scope(url) as s:
            svc.withdraw_signatures(s, fleet, inspection_id, "no")
    with session_scope(url) as s:
        svc.withdraw_signatures(s, fleet, inspection_id, "The bonnet dent was hidden under snow")
    with Session(get_engine(url)) as s:
        row = s.get(Inspection, inspection_id)
        assert (row.driver_signed_at, row.driver_signed_version, row.driver_signed_hash) == (None, None, None)
        event = s.exec(select(InspectionEvent).where(InspectionEvent.inspection_id == inspection_id).order_by(InspectionEvent.id.desc())).first()
        assert (event.action, event.reason, event.details, event.user_id) == (
            "signatures_withdrawn", "The bonnet dent was hidden under snow", {"signers": ["driver"]}, fleet.user_id)
        notice = s.exec(select(DocumentNotice).where(DocumentNotice.user_id == driver.user_id).order_by(DocumentNotice.id.desc())).first()
        assert "The bonnet dent was hidden under snow" in notice.title and notice.link.endswith(f"id={inspection_id}")
    with session_scope(url) as s:
        svc.add_damage(s, fleet, inspection_id, Damage("bonnet", "dent", 300, 200, Decimal("10")))
        svc.update_facts(s, fleet, inspection_id, odometer_km=36000)
    with pytest.raises(StaleWrite):
        with session_scope(url) as s:
            svc.sign(s, driver, inspection_id, "Sofie Peeters", seen)
    with session_scope(url) as s:
        now = s.get(Inspection, inspection_id).version
        svc.sign(s, fleet, inspection_id, "Marc Dubois", now)
        svc.sign(s, driver, inspection_id, "Sofie Peeters", now + 1)
    with session_scope(url) as s:
        row = s.get(Inspection, inspection_id)
        second = content_hash(s, row)
        assert row.status == "signed" and second != digest and row.statement["total"] != signed_total
        assert (row.inspector_signed_version, row.driver_signed_version) == (now, now + 1)
        assert row.inspector_signed_hash == row.driver_signed_hash == second
        detail = read_detail(s, driver, inspection_id)
        text = _pdf_text(report_pdf(s, driver, inspection_id))
        zone = time_zone(detail.country)
    lang = detail.driver_language
    for signature in detail.signatures:
        assert signature.name in text and words.moment(signature.at, zone, lang) in text
        assert catalog(lang)["report.signed_version"].format(version=signature.version, hash=second[:16]) in text
    assert second in text.replace("\n", "") and catalog(lang)["report.signature_matches"] in text
    history = [(h.action, h.who) for h in detail.history]
    assert [a for a, _ in history] == ["created", "facts_changed", "damage_added", "signed_by_driver", "signatures_withdrawn", "damage_added",
                                       "facts_changed", "signed_by_inspector", "signed_by_driver"]
    assert {who for action, who in history if action != "signed_by_driver"} == {"fleet@example.com"}
    assert {who for action, who in history if action == "signed_by_driver"} == {"driver@example.com"}
    assert detail.history[6].details == {"changes": [["odometer_km", 35000, 36000]]} and all(h.at.tzinfo for h in detail.history)


def test_the_odometer_starts_at_the_latest_reading(people):
    url, users, contract, _ = people
    with session_scope(url) as s:
        reading = latest_reading(s, contract.id, TODAY)
        inspection = svc.create_inspection(s, users["fleet@example.com"], contract.id, TODAY)
        assert reading is not None and inspection.odometer_km == reading.km > 0


def test_an_exported_inspection_gives_the_same_figures_everywhere_and_imports_for_a_contract(configured):
    from leasedash.domain.return_document import parse_return_document
    from leasedash.domain.return_settlement import settle_return, settlement_json
    from leasedash.services.return_documents import export_document, import_document, statement_of

    url, users, contract, other = configured
    fleet, driver = users["fleet@example.com"], users["driver@example.com"]
    with session_scope(url) as s:
        inspection_id = svc.create_inspection(s, fleet, contract.id, TODAY, "Leasys").id
        svc.update_facts(s, fleet, inspection_id, odometer_km=35000, energy_percent=40)
        svc.add_damage(s, fleet, inspection_id, Damage("bonnet", "dent", 40, 40, Decimal("5")))
        svc.add_damage(s, fleet, inspection_id, Damage("tyre_rear_left", "worn", 0, tread_mm=Decimal("1.2")))
        svc.set_item(s, fleet, inspection_id, "spare_key", False)
        page = read_detail(s, fleet, inspection_id)
    assert [d.tread_mm for d in page.damages] == [None, Decimal("1.2")], "the tyre's tread is kept"
    document = export_document(driver, inspection_id)
    cli = settlement_json(settle_return(parse_return_document(json.loads(json.dumps(document)))))
    api = statement_of(document)
    assert cli["total"] == api["total"] == f"{page.statement.total:.2f}"
    assert [line["amount"] for line in cli["lines"]] == [f"{line.amount:.2f}" for line in page.statement.lines]
    assert [(d["exceeded"], d["figures"]) for d in cli["damages"]] == [(list(d.exceeded), d.figures) for d in page.damages]
    assert document["contract"]["reference"] == contract.reference and document["return"]["odometer_km"] == 35000
    with pytest.raises(NotFound):
        import_document(fleet, other.id, document)
    with pytest.raises(LeaseInputError) as refused:
        import_document(fleet, contract.id, {**document, "damages": [*document["damages"], {"part": "bonnet", "kind": "dent", "depth_mm": "x"}]})
    assert refused.value.field == "damages[2].depth_mm"
    with pytest.raises(LeaseInputError) as refused:
        import_document(fleet, contract.id, {**document, "rules": {**document["rules"], "version": "vendor-2026"}})
    assert refused.value.field == "rules.version"
    vendor = {**document, "car": {**document["car"], "vin": "WVWZZZ1JZXW000001"}}
    imported, statement = import_document(fleet, contract.id, vendor)
    with Session(get_engine(url)) as s:
        again = read_detail(s, fleet, imported)
    assert statement["total"] == cli["total"] and again.statement.total == page.statement.total
    assert again.contract.vin == "WVWZZZ1JZXW000001" and [h.action for h in again.history] == ["created", "imported"]
    assert [c.name for c in again.checklist if not c.present] == ["spare_key"]


def test_the_contract_search_finds_by_reference_driver_plate_or_make_within_the_scope_own_and_opened_first(configured):
    from leasedash.services.contract_search import contract_opened, find_contracts

    url, users, contract, other = configured
    fleet, driver, admin = users["fleet@example.com"], users["driver@example.com"], users["admin@example.com"]
    with Session(get_engine(url)) as s:
        vehicle, person = s.get(Vehicle, contract.vehicle_id), s.get(User, contract.driver_id)
        stranger_ref = other.reference
    for text in (contract.reference[:6].lower(), person.last_name.upper(), f"{person.first_name[:3]} {person.last_name[:3]}",
                 vehicle.plate[:4], f"{vehicle.make} {person.last_name}"):
        found = find_contracts(fleet, text, size=200)
        assert contract.id in [h.contract_id for h in found.hits], text
    assert stranger_ref not in [h.reference for h in find_contracts(fleet, stranger_ref, size=200).hits]
    assert [h.reference for h in find_contracts(admin, stranger_ref).hits][:1] == [stranger_ref]
    assert [h.contract_id for h in find_contracts(driver, "").hits] == [contract.id] and find_contracts(driver, "").hits[0].own
    assert find_contracts(driver, "%").hits == () and find_contracts(driver, "_").hits == ()
    make = vehicle.make[:2]
    everyone = find_contracts(fleet, make, size=500).hits
    opened = everyone[-1]
    contract_opened(fleet, opened.contract_id)
    first = find_contracts(fleet, make, size=3)
    assert first.hits[0].contract_id == opened.contract_id and first.hits[0].opened and first.more
    assert find_contracts(fleet, "").hits[0].contract_id == opened.contract_id
    pages = [h.contract_id for p in range(3) for h in find_contracts(fleet, make, page=p, size=3).hits]
    assert len(pages) == len(set(pages)) == min(9, len(everyone))
    with pytest.raises(NotFound):
        contract_opened(fleet, other.id)


def test_the_search_can_use_the_prefix_indexes(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite's LIKE does not use expression indexes; the scale target is PostgreSQL")
    from leasedash.db.contract_search import search_contracts

    sent: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, *_args):
        sent.append((statement, parameters))

    with Session(get_engine(db_url)) as s:
        s.exec(text("SET enable_seqscan = off"))
        event.listen(Engine, "before_cursor_execute", keep)
        try:
            search_contracts(s, Viewer(1, "admin", None), "ab", 10)
        finally:
            event.remove(Engine, "before_cursor_execute", keep)
        statement, parameters = sent[-1]
        plan = "\n".join(row[0] for row in s.connection().exec_driver_sql("EXPLAIN " + statement, parameters))
    for index in ("ix_contract_reference_search", "ix_vehicle_plate_search", "ix_vehicle_make_search", "ix_app_user_first_name_search",
                  "ix_app_user_last_name_search"):
        assert index in plan, plan


def test_the_contracts_ending_soon_are_the_managers(configured):
    from leasedash.services.return_desk import contracts_ending_soon, return_settings

    url, users, contract, _ = configured
    with pytest.raises(AccessDenied):
        contracts_ending_soon(users["driver@example.com"], TODAY)
    ending = contracts_ending_soon(users["fleet@example.com"], TODAY)
    assert ending.days == return_settings()["upcoming_return_days"] == 90
    days = [(row.end_date - TODAY).days for row in ending.rows]
    assert days == sorted(days) and all(0 <= d <= 90 for d in days) and ending.total >= len(ending.rows)
    with Session(get_engine(url)) as s:
        company = {c.company_id for c in s.exec(select(Contract).where(Contract.id.in_([r.contract_id for r in ending.rows])))}
    assert company <= {users["fleet@example.com"].company_id}


def test_the_rules_are_edited_as_rows_and_saved_as_a_new_version(configured):
    from leasedash.errors import InvalidInput
    from leasedash.services.rule_forms import rule_forms, save_rule_form

    url, users, _, _ = configured
    admin = users["admin@example.com"]
    rules, prices = rule_forms()
    assert {r.key: r.value for r in rules.rows}["renta.dent.max_depth_mm"] == "2" and json.loads(rules.json_text)["version"] == rules.version
    assert {r.key: r.value for r in prices.rows}["repairs.bumper.smart_repair"] == "250"
    for values, field in (({"renta.dent.max_depth_mm": "two"}, "renta.dent.max_depth_mm"),
                          ({"renta.acceptable_cap_by_age_months[1]": "24"}, "renta.acceptable_cap_by_age_months[1]"),
                          ({"parts.bonnet": "engine"}, "parts.bonnet"), ({"renta.nothing": "1"}, "renta.nothing")):
        with pytest.raises(InvalidInput) as refused:
            save_rule_form(admin, "rules", "strict-1", values)
        assert refused.value.field == field
    with pytest.raises(InvalidInput) as refused:
        save_rule_form(admin, "prices", "dearer-1", {"repairs_by_damage.dent": "paintless_dent_removal, hammering"})
    assert refused.value.field == "repairs_by_damage.dent"
    with pytest.raises(AccessDenied):
        save_rule_form(users["fleet@example.com"], "rules", "strict-1", {"renta.dent.max_depth_mm": "1.5"})
    assert save_rule_form(admin, "rules", "strict-1", {"renta.dent.max_depth_mm": "1.5", "renta.acceptable_cap_by_age_months[3]": ", 10"}) == "strict-1"
    with pytest.raises(InvalidInput) as refused:
        save_rule_form(admin, "rules", "strict-1", {})
    assert refused.value.field == "version"
    newest = rule_forms()[0]
    assert newest.version == "strict-1" and json.loads(newest.json_text)["renta"]["dent"]["max_depth_mm"] == "1.5"
    assert json.loads(newest.json_text)["renta"]["acceptable_cap_by_age_months"][3] == [None, 10]
    with session_scope(url) as s:
        inspection = svc.create_inspection(s, users["fleet@example.com"], configured[2].id, TODAY)
        svc.add_damage(s, users["fleet@example.com"], inspection.id, Damage("bonnet", "dent", 20, depth_mm=Decimal("1.6")))
        assert inspection.statement["rules_version"] == "strict-1" and inspection.statement["damages"][0]["figures"]["depth_limit"] == "1.5"


def test_the_api_answers_the_same_statement_exports_and_imports_within_the_callers_scope(configured):
    from fastapi.testclient import TestClient

    from leasedash.api.app import api
    from leasedash.services.api_tokens import create_token

    url, users, contract, other = configured
    fleet, driver = users["fleet@example.com"], users["driver@example.com"]
    with session_scope(url) as s:
        tokens = {email: create_token(s, users[email], "tests")[0] for email in ("fleet@example.com", "driver@example.com")}
        inspection_id = svc.create_inspection(s, fleet, contract.id, TODAY, "Leasys").id
        svc.update_facts(s, fleet, inspection_id, odometer_km=35000, energy_percent=40)
        svc.add_damage(s, fleet, inspection_id, Damage("bonnet", "dent", 24, 24, Decimal("5")))
        page = read_detail(s, fleet, inspection_id)
    client = TestClient(api)
    as_driver, as_fleet = ({"Authorization": f"Bearer {tokens[e]}"} for e in ("driver@example.com", "fleet@example.com"))
    exported = client.get(f"/api/v1/inspections/{inspection_id}/document", headers=as_driver)
    assert exported.status_code == 200 and exported.json()["damages"][0]["depth_mm"] == "5.0"
    answer = client.post("/api/v1/returns/statement?lang=fr", json=exported.json(), headers=as_driver)
    assert answer.status_code == 200 and answer.json()["total"] == f"{page.statement.total:.2f}"
    assert answer.json()["damages"][0]["why"] == "bosse de 5 mm de profondeur : la limite Renta est de moins de 2 mm"
    broken = {**exported.json(), "return": {**exported.json()["return"], "energy_percent": 150}}
    refused = client.post("/api/v1/returns/statement", json=broken, headers=as_driver)
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "return.energy_percent"
    assert client.post("/api/v1/returns/statement", json=exported.json()).status_code == 401
    assert client.post(f"/api/v1/contracts/{other.id}/inspections", json=exported.json(), headers=as_fleet).status_code == 404
    created = client.post(f"/api/v1/contracts/{contract.id}/inspections", json=exported.json(), headers=as_fleet)
    assert created.status_code == 201 and created.json()["statement"]["total"] == f"{page.statement.total:.2f}"
    with Session(get_engine(url)) as s:
        stranger = viewer_of(s.exec(select(User).where(User.role == "driver", User.id != driver.user_id)).first())
        stranger_token = create_token(s, stranger, "tests")[0]
        s.commit()
    assert client.get(f"/api/v1/inspections/{inspection_id}/document", headers={"Authorization": f"Bearer {stranger_token}"}).status_code == 404
    plain = client.get(f"/api/v1/inspections/{inspection_id}/report-without-costs.pdf", headers=as_driver)
    assert plain.status_code == 200 and plain.content.startswith(b"%PDF") and "€" not in _pdf_text(plain.content)
