"""The /requests handlers called directly: each checks the user on the server, a refusal is a translated message."""

from __future__ import annotations

from sqlmodel import Session, select

from leasedash.db.models import PublicHoliday
from leasedash.db.session import get_engine
from leasedash.pages.requests_holidays import HolidaysState
from leasedash.pages.requests_state import RequestsState


def test_without_a_session_the_page_sends_to_login(make_state):
    assert "/login" in str(make_state(RequestsState, None).load())


def test_a_driver_files_and_the_fleet_manager_finds_it_but_another_driver_does_not(make_state):
    driver = make_state(RequestsState, "driver@example.com")
    driver.load()
    driver.set_kind("address_or_bank")
    driver.set_details("new")
    driver.file()
    assert driver.error == "error.request_details" and driver.error_text.startswith("Details:")
    driver.lang = "nl"
    assert driver.error_text.startswith("Toelichting:")
    driver.set_details("Rue de la Loi 16, 1000 Bruxelles")
    driver.file()
    assert driver.error == "" and driver.notice == "requests.filed"
    request_id = driver.opened["id"]
    assert driver.rows[0]["id"] == request_id and driver.rows[0]["status"] == "submitted"

    fleet = make_state(RequestsState, "fleet@example.com")
    fleet.load()
    assert request_id in {r["id"] for r in fleet.rows}
    fleet.open(request_id)
    fleet.take_up()
    assert fleet.opened["status"] == "in_progress" and fleet.notice == "requests.taken_up_notice"
    fleet.reject()
    assert fleet.error == "error.reject_reason" and fleet.opened["status"] == "in_progress"

    driver.take_up()
    assert driver.error == "requests.denied"
    admin = make_state(RequestsState, "admin@example.com")
    admin.load()
    assert request_id in {r["id"] for r in admin.rows}


def test_only_an_admin_changes_the_holidays(make_state, demo_db_url):
    fleet = make_state(HolidaysState, "fleet@example.com")
    fleet.load()
    assert fleet.holidays == []
    fleet.day, fleet.name = "2026-12-24", "Christmas Eve"
    fleet.add()
    assert fleet.error == "requests.denied"
    admin = make_state(HolidaysState, "admin@example.com")
    admin.load()
    assert len(admin.holidays) == 20
    admin.set_day("2026-12-24")
    admin.set_name("Christmas Eve")
    admin.add()
    assert admin.error == "" and "2026-12-24" in {h["day"] for h in admin.holidays}
    assert (admin.day, admin.name) == ("", "")
    admin.add()
    assert admin.error == "error.holiday_day"
    admin.set_day("2026-12-24")
    admin.set_name("Again")
    admin.add()
    assert admin.error == "error.holiday_exists"
    with Session(get_engine(demo_db_url)) as s:
        added = s.exec(select(PublicHoliday).where(PublicHoliday.name == "Christmas Eve")).one()
    admin.remove(str(added.id))
    assert "2026-12-24" not in {h["day"] for h in admin.holidays}
