"""The /returns, /returns/inspection and /returns/rules handlers called directly: each checks the user on the
server, a number typed is refused under its field, and the page shows the service's one reading of the inspection."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import io
import json
from pathlib import Path

import reflex as rx
from reflex.istate.data import ReflexURL, RouterData
from sqlmodel import Session, select

from leasedash.db.models import DamageRecord, Inspection, User
from leasedash.db.session import get_engine, session_scope
from leasedash.components.contract_search import ContractSearchState
from leasedash.db.queries import latest_reading
from leasedash.i18n import catalog, format_date, format_money
from leasedash.pages.returns.inspection_state import InspectionState
from leasedash.pages.returns.state import ReturnsState, RulesState
from leasedash.services import inspections as svc
from leasedash.services.auth import viewer_of
from leasedash.services.inspection_detail import inspection_detail

EN = catalog("en")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _dropped(name: str, data: bytes) -> rx.UploadFile:
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name))


def _viewer(url, email):
    with Session(get_engine(url)) as s:
        return viewer_of(s.exec(select(User).where(User.email == email)).one())


def _open(make_state, email, inspection_id) -> InspectionState:
    state = make_state(InspectionState, email)
    state.router = RouterData(url=ReflexURL(f"http://localhost/returns/inspection?id={inspection_id}"))
    state.load()
    return state


def _started(make_state, email, contract_id) -> int:
    returns = make_state(ReturnsState, email)
    returns.load()
    returns.choose_contract(str(contract_id))
    path = returns.start().args[0][1]._var_value
    assert returns.problem == "" and path.startswith("/returns/inspection?id="), returns.problem
    return int(path.rsplit("=", 1)[1])


def test_inspection_handlers_check_the_user(make_state, demo_db_url, demo_contracts):
    _, _, other = demo_contracts
    with session_scope(demo_db_url) as s:
        admin = viewer_of(s.exec(select(User).where(User.email == "admin@example.com")).one())
        foreign = svc.create_inspection(s, admin, other.id, dt.date.today()).id
    driver = make_state(InspectionState, "driver@example.com")
    driver.inspection_id = foreign
    driver.part = "bonnet"
    driver.add_damage({"kind": "dent", "length_mm": "40"})
    assert driver.problem and not driver.loaded
    driver.sign({"name": "Sofie"})
    assert driver.problem
    with Session(get_engine(demo_db_url)) as s:
        assert s.exec(select(DamageRecord).where(DamageRecord.inspection_id == foreign)).all() == []
        assert s.get(Inspection, foreign).driver_signed_at is None


def test_the_inspector_records_and_the_page_shows_one_reading_of_the_inspection(make_state, demo_db_url, demo_contracts):
    own = demo_contracts[0]
    inspection_id = _started(make_state, "fleet@example.com", own.id)
    fleet = _open(make_state, "fleet@example.com", inspection_id)
    assert fleet.loaded and fleet.status_text == "planned" and fleet.read_only_text == ""
    fleet.save_facts({"inspection_date": dt.date.today().isoformat(), "place": "Leasys", "odometer_km": "35000", "energy_percent": "40",
                      "range_km": "0", "driver_present": "on"})
    assert fleet.problem == "" and fleet.status_text == "inspected" and fleet.facts.odometer_km == 35000 and fleet.facts.driver_present
    fleet.select_part("door_front_left")
    fleet.add_damage({"kind": "scratch", "length_mm": "120", "width_mm": "10"})
    fleet.select_part("bonnet")
    fleet.add_damage({"kind": "chip", "length_mm": "2"})
    fleet.toggle_item("spare_key", False)
    assert fleet.problem == ""
    detail = inspection_detail(_viewer(demo_db_url, "fleet@example.com"), inspection_id)
    assert [(d.part, d.acceptable, d.rule) for d in detail.damages] == [("door_front_left", False, "renta.scratch.size"),
                                                                         ("bonnet", True, "renta.chip.not_damage")]
    assert [(r.verdict, r.cost) for r in fleet.damages] == [("chargeable", format_money(detail.damages[0].cost, "en")), ("acceptable", "")]
    assert fleet.marks["door_front_left"] == "chargeable" and fleet.marks["bonnet"] == "acceptable"
    assert fleet.photo_damage == detail.damages[-1].damage_id
    lines = {line.code: line for line in detail.statement.lines}
    assert lines["missing_items"].amount == 350 and lines["damages"].amount == 150 and lines["energy"].amount == 60
    shown = {row.label: row for row in fleet.statement_lines}
    assert shown["Missing items"].amount == "€350.00" and shown["Missing items"].why == "spare key"
    assert shown["Chargeable damages"].why == "1 chargeable damage, at the price list's repair prices"
    assert fleet.total_text == format_money(detail.statement.total, "en")
    assert fleet.checklist[[c.name for c in fleet.checklist].index("spare_key")].present is False

    fleet.lang = "fr"
    assert {row.label for row in fleet.statement_lines} >= {"Éléments manquants", "Dommages facturables"}
    assert fleet.damages[0].verdict == "facturable"


def test_numbers_typed_are_refused_under_their_field(make_state, demo_contracts):
    own = demo_contracts[0]
    fleet = _open(make_state, "fleet@example.com", _started(make_state, "fleet@example.com", own.id))
    for form, field in (({"kind": "dent", "length_mm": "4x"}, "length_mm"), ({"kind": "dent", "length_mm": "40", "depth_mm": "1.25"}, "depth_mm"),
                        ({"kind": "dent", "length_mm": "99999"}, "length_mm"), ({"kind": "rust", "length_mm": "4"}, "kind")):
        fleet.add_damage(form)
        assert field in fleet.field_problems and fleet.problem, form
    assert fleet.damages == []
    prefilled = fleet.facts.odometer_km
    for form, field in (({"odometer_km": "35.000,5"}, "odometer_km"), ({"energy_percent": "150"}, "energy_percent"),
                        ({"inspection_date": "21/11/2026"}, "inspection_date")):
        fleet.save_facts(form)
        assert field in fleet.field_problems, form
    assert fleet.facts.odometer_km == prefilled > 0, "refused saves change nothing; the odometer starts at the latest reading"
    fleet.select_part("not_a_part")
    assert "part" in fleet.field_problems and fleet.part == "door_front_left"


def test_photos_go_to_the_damage_chosen_and_a_wrong_file_is_named(make_state, demo_db_url, demo_contracts, tmp_path, monkeypatch):
    monkeypatch.setenv("LEASEDASH_PHOTO_DIR", str(tmp_path))
    fleet = _open(make_state, "fleet@example.com", _started(make_state, "fleet@example.com", demo_contracts[0].id))
    fleet.add_damage({"kind": "dent", "length_mm": "40"})
    fleet.select_part("bonnet")
    fleet.add_damage({"kind": "dent", "length_mm": "30"})
    first = fleet.damages[0].damage_id
    fleet.choose_photo_damage(str(first))
    asyncio.run(fleet.upload_photo([_dropped("dent.png", PNG)]))
    assert fleet.problem == "" and len(fleet.photo_links) == 1 and fleet.photo_damage == first
    detail = inspection_detail(_viewer(demo_db_url, "fleet@example.com"), fleet.inspection_id)
    assert [len(d.photos) for d in detail.damages] == [1, 0]
    assert fleet.photo_links[0].url.startswith(f"/api/files/photo/{detail.damages[0].photos[0].photo_id}?")
    asyncio.run(fleet.upload_photo([_dropped("dent.gif", b"GIF89a")]))
    assert fleet.field_problems["file"] == EN["error.upload_type"] and len(fleet.photo_links) == 1
    fleet.choose_photo_damage("99999999999")
    assert fleet.problem == EN["common.not_found"] and fleet.photo_damage == first


def test_a_stale_save_is_refused_and_shows_the_inspection_as_it_is_now(make_state, demo_contracts):
    own = demo_contracts[0]
    inspection_id = _started(make_state, "fleet@example.com", own.id)
    first, second = (_open(make_state, "fleet@example.com", inspection_id) for _ in range(2))
    first.save_facts({"odometer_km": "36000", "energy_percent": "80"})
    second.save_facts({"odometer_km": "1000", "energy_percent": "80"})
    assert second.problem == EN["common.stale"] and second.facts.odometer_km == 36000 and second.version == first.version


def test_the_driver_signs_the_inspectors_inspection_but_does_not_record_on_it(make_state, demo_contracts):
    own = demo_contracts[0]
    inspection_id = _started(make_state, "fleet@example.com", own.id)
    fleet = _open(make_state, "fleet@example.com", inspection_id)
    fleet.save_facts({"odometer_km": "36000", "energy_percent": "80"})
    fleet.sign({"name": "Marc Dubois"})
    driver = _open(make_state, "driver@example.com", inspection_id)
    assert "inspector" in driver.read_only_text
    driver.part = "bonnet"
    driver.add_damage({"kind": "dent", "length_mm": "40"})
    assert driver.problem == EN["common.not_allowed"] and driver.damages == []
    driver.settle()
    assert driver.problem == EN["common.not_allowed"]
    driver.sign({"name": "Sofie Peeters"})
    assert driver.problem == "" and driver.status_text == "signed" and driver.locked
    assert driver.signatures[0].startswith("Driver: Sofie Peeters, ") and driver.signatures[1].startswith("Inspector: Marc Dubois, ")
    driver.dispute({"reason": "no"})
    assert "reason" in driver.field_problems and driver.status_text == "signed"
    driver.dispute({"reason": "The scratch was there at delivery"})
    assert driver.status_text == "disputed" and driver.history[-1].endswith("— The scratch was there at delivery")


def test_the_self_check_is_compared_with_the_inspection_in_plural_forms(make_state, demo_contracts):
    own = demo_contracts[0]
    driver = _open(make_state, "driver@example.com", _started(make_state, "driver@example.com", own.id))
    assert driver.self_check and driver.signatures == []
    driver.part = "bumper_rear"
    driver.add_damage({"kind": "scratch", "length_mm": "60", "width_mm": "10"})
    assert driver.problem == "" and driver.damages[0].verdict == "acceptable"
    assert any(line.startswith("Self-check #") and ": 1 damage, 0 chargeable, statement " in line for line in driver.comparison)
    fleet = _open(make_state, "fleet@example.com", driver.inspection_id)
    assert fleet.read_only_text == EN["inspect.driver_records"]


def test_the_returns_list_and_starting_stay_within_the_users_contracts(make_state, demo_contracts):
    own, _, other = demo_contracts
    driver = make_state(ReturnsState, "driver@example.com")
    driver.load()
    assert [o.value for o in driver.contract_options] == [str(own.id)] and driver.contract == str(own.id)
    assert {r.reference for r in driver.rows} <= {own.reference}
    driver.choose_contract(str(other.id))
    assert driver.start() is None and driver.problem == EN["common.not_found"]
    driver.choose_contract("one")
    driver.start()
    assert "contract" in driver.field_problems


def test_only_an_admin_edits_the_rules_as_rows_and_a_bad_value_is_named_under_its_row(make_state):
    driver = make_state(RulesState, "driver@example.com")
    driver.load()
    assert not driver.allowed and driver.rule_fields == []
    driver.save_rules({"version": "mine", "renta.dent.max_depth_mm": "1"})
    assert driver.problem == EN["common.not_allowed"]
    admin = make_state(RulesState, "admin@example.com")
    admin.load()
    fields = {f.key: f for f in admin.rule_fields}
    assert fields["renta.dent.max_depth_mm"].value == "2" and fields["renta.dent.max_depth_mm"].label == "Dent: shallower than (mm)"
    assert fields["renta.scratch.max_length_mm.van"].heading == "" and admin.rule_fields[0].heading == "Renta norm"
    prices = {f.key: f for f in admin.price_fields}
    assert prices["repairs.bumper.smart_repair"].label == "bumper · smart repair" and prices["missing_items.spare_key"].label == "spare key"
    version = admin.current_versions["rules"].removeprefix("Current version: ")
    admin.save_rules({"version": f"{version}-range", "renta.ev_min_range_km": "one hundred"})
    assert "renta.ev_min_range_km" in admin.field_problems and admin.notice == ""
    every_row = {f.key: f.value for f in admin.rule_fields}  # the browser sends every row of the form, and each input under its id
    admin.save_rules({**every_row, "version_rules": "", "version": f"{version}-range", "renta.ev_min_range_km": "110"})
    assert admin.problem == "" and admin.notice == f"Saved as version {version}-range."
    assert {f.key: f.value for f in admin.rule_fields}["renta.ev_min_range_km"] == "110"
    url, filename = (arg[1]._var_value for arg in admin.export("rules").args)
    exported = json.loads(base64.b64decode(url.split(",", 1)[1]))
    assert filename == f"rules-{version}-range.json" and exported["version"] == f"{version}-range" and exported["renta"]["ev_min_range_km"] == 110
    admin.lang = "fr"
    assert {f.key: f.label for f in admin.rule_fields}["renta.dent.max_depth_mm"] == "Bosse : moins profonde que (mm)"


def test_after_a_signature_the_page_is_frozen_until_the_inspector_withdraws_it_with_a_reason(make_state, demo_contracts):
    own = demo_contracts[0]
    inspection_id = _started(make_state, "fleet@example.com", own.id)
    fleet = _open(make_state, "fleet@example.com", inspection_id)
    fleet.save_facts({"odometer_km": "36000", "energy_percent": "80"})
    fleet.add_damage({"kind": "scratch", "length_mm": "120", "width_mm": "10"})
    driver = _open(make_state, "driver@example.com", inspection_id)
    driver.sign({"name": "Sofie Peeters"})
    assert driver.problem == "" and driver.signatures[0].startswith("Driver: Sofie Peeters, ") and " · version " in driver.signatures[0]
    stale = fleet.version
    fleet.add_damage({"kind": "dent", "length_mm": "300", "width_mm": "200", "depth_mm": "10"})
    assert fleet.problem == EN["common.not_allowed"] and len(fleet.damages) == 1 and fleet.frozen
    assert fleet.signed_text.startswith("Signed by: Driver.") and fleet.version > stale
    driver.withdraw({"reason": "I am the driver"})
    assert driver.problem == EN["common.not_allowed"]
    fleet.withdraw({"reason": "no"})
    assert "reason" in fleet.field_problems
    fleet.withdraw({"reason": "The bonnet dent was hidden under snow"})
    assert fleet.problem == "" and not fleet.frozen and fleet.signed_text == ""
    assert fleet.history[-1].endswith("fleet@example.com — The bonnet dent was hidden under snow") and "Driver" in fleet.history[-1]
    fleet.add_damage({"kind": "dent", "length_mm": "300", "width_mm": "200", "depth_mm": "10"})
    assert fleet.problem == "" and len(fleet.damages) == 2
    assert fleet.damages[1].rule == "dent 300 mm across: the Renta limit is under 25 mm (a €2 coin); dent 10 mm deep: the Renta limit is under 2 mm"
    driver.sign({"name": "Sofie Peeters"})
    assert driver.problem == EN["common.stale"] and driver.signatures[0] == "Driver: not signed yet", "a changed inspection is read again first"
    driver.sign({"name": "Sofie Peeters"})
    assert driver.problem == "" and driver.signatures[0].startswith("Driver: Sofie Peeters, ")


def test_a_manager_finds_any_contract_of_the_scope_and_starts_its_inspection(make_state, demo_db_url, demo_contracts):
    own, colleague, stranger = demo_contracts
    search = make_state(ContractSearchState, "fleet@example.com")
    search.search(colleague.reference.lower())
    assert [h.reference for h in search.hits][:1] == [colleague.reference]
    search.search(stranger.reference)
    assert search.hits == []
    search.search("Peeters")
    assert own.reference in [h.reference for h in search.hits]
    search.choose(str(stranger.id))
    assert search.problem == EN["common.not_found"] and search.chosen == ""
    search.choose("1e9")
    assert "contract" in search.field_problems
    search.choose(str(own.id))
    assert search.chosen == own.reference and search.chosen_text == f"Chosen: {own.reference}"
    search.search("")
    assert search.hits[0].reference == own.reference and search.hits[0].tag == "opened recently"
    returns = make_state(ReturnsState, "fleet@example.com")
    returns.load()
    assert returns.ending_title == "Contracts ending in the next 90 days" and returns.contract_options == []
    ends = [dt.date.today() + dt.timedelta(days=d) for d in range(91)]
    assert all(row.ends in {format_date(day, "en") for day in ends} for row in returns.ending)
    returns.choose_contract(str(own.id))
    path = returns.start().args[0][1]._var_value
    started = int(path.rsplit("=", 1)[1])
    fleet = _open(make_state, "fleet@example.com", started)
    with session_scope(demo_db_url) as s:
        reading = latest_reading(s, own.id, dt.date.today())
    assert fleet.facts.odometer_km == reading.km
    if returns.ending:
        row = next(r for r in returns.ending if r.inspection_href == "")
        assert returns.start_for(row.contract_id).args[0][1]._var_value.startswith("/returns/inspection?id=")
    driver = make_state(ReturnsState, "driver@example.com")
    driver.load()
    assert driver.ending == [] and driver.ending_title == ""
    driver.start_for(str(own.id))
    assert driver.problem == EN["common.not_allowed"]
