"""The /requests handlers called directly: each checks the user on the server, a refusal is a translated message."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

from sqlmodel import select

from leasedash.db.models import Contract, User
from leasedash.db.session import session_scope
from leasedash.domain.projection import add_months
from leasedash.i18n import catalog, format_date
from leasedash.pages.requests.holidays import HolidaysState
from leasedash.pages.requests.state import RequestsState
from leasedash.pages.what_if.state import WhatIfState
from leasedash.services.auth import viewer_of
from leasedash.services.end_of_lease import ask_buy_out, decision

EN = catalog("en")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class _Upload:
    """What the browser sends for one dropped file."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = self.filename = name
        self._data = data

    async def read(self, size: int = -1) -> bytes:
        return self._data[:size] if size >= 0 else self._data


def test_without_a_session_the_page_sends_to_login(make_state):
    assert "/login" in str(make_state(RequestsState, None).load())


def test_a_driver_files_and_the_fleet_manager_finds_it_but_another_driver_does_not(make_state):
    driver = make_state(RequestsState, "driver@example.com")
    driver.load()
    driver.set_kind("address_or_bank")
    driver.set_details("new")
    driver.file()
    assert driver.problem.startswith("Details:") and driver.field_problems["details"] == driver.problem and driver.notice == ""
    driver.lang = "nl"
    driver.file()
    assert driver.problem.startswith("Toelichting:")
    driver.lang = "en"
    driver.set_details("Rue de la Loi 16, 1000 Bruxelles")
    driver.file()
    assert driver.problem == "" and driver.notice == "requests.filed"
    request_id = driver.opened.line.id
    assert driver.rows[0].id == request_id and driver.rows[0].status == "submitted"

    fleet = make_state(RequestsState, "fleet@example.com")
    fleet.load()
    assert request_id in {r.id for r in fleet.rows}
    fleet.open(str(request_id))
    fleet.take_up()
    assert fleet.opened.in_progress and fleet.opened.line.status == "in progress" and fleet.notice == "requests.taken_up_notice"
    fleet.reject()
    assert fleet.problem == EN["error.reject_reason"] and fleet.opened.in_progress and "reason" in fleet.field_problems

    driver.take_up()
    assert driver.problem == EN["common.not_allowed"]
    admin = make_state(RequestsState, "admin@example.com")
    admin.load()
    assert request_id in {r.id for r in admin.rows}


def test_dropped_files_stay_on_the_server_and_a_false_one_refuses_the_drop(make_state):
    driver = make_state(RequestsState, "driver@example.com")
    driver.load()
    asyncio.run(driver.add_files([_Upload("iban.png", PNG)]))
    assert driver.pending == ["iban.png"] and "\\x89PNG" not in str(driver.dict()) and driver._pending_files[0][1] == PNG
    asyncio.run(driver.add_files([_Upload("scan.pdf", PNG)]))
    assert driver.pending == ["iban.png"] and driver.field_problems["file"] == EN["error.upload_content"]
    driver.open("999999")
    assert driver.opened is None and driver.problem == EN["common.not_found"]
    driver.open("1e999")
    assert driver.opened is None and driver.field_problems["request"]


def test_only_an_admin_changes_the_holidays(make_state):
    year = dt.date.today().year
    fleet = make_state(HolidaysState, "fleet@example.com")
    fleet.load()
    assert fleet.rows == [] and fleet.problem == EN["common.not_allowed"]
    fleet.day, fleet.name = f"{year}-12-24", "Christmas Eve"
    fleet.add()
    assert fleet.problem == EN["common.not_allowed"]
    admin = make_state(HolidaysState, "admin@example.com")
    admin.load()
    assert len(admin.rows) == 24 and all(h.rule_id == 0 for h in admin.rows)      # Belgium: 12 public holidays a year, this year and the next
    assert "Easter Monday" in {h.name for h in admin.rows} and admin.rules == []
    admin.set_day(f"{year}-12-24")
    admin.set_name("Christmas Eve")
    admin.add()
    assert admin.problem == "" and (admin.day, admin.name) == ("", "")
    (added,) = [h for h in admin.rows if h.name == "Christmas Eve"]
    assert added.rule_id and len(admin.rows) == 25 and len(admin.rules) == 1
    admin.add()
    assert admin.problem == EN["error.holiday_day"] and "day" in admin.field_problems
    admin.set_day(f"{year}-12-24")
    admin.set_name("Again")
    admin.add()
    assert admin.problem == EN["error.holiday_exists"]
    admin.remove(added.rule_id)
    assert "Christmas Eve" not in {h.name for h in admin.rows} and admin.rules == []
    admin.cancel(f"{year}-11-11")
    assert f"{year}-11-11" not in {h.day for h in admin.rows} and "cancelled" in admin.rules[0].text
    admin.remove(admin.rules[0].id)
    assert f"{year}-11-11" in {h.day for h in admin.rows} and len(admin.rows) == 24


def test_an_early_termination_is_quoted_live_and_a_month_out_of_range_names_the_range(make_state):
    driver = make_state(RequestsState, "driver@example.com")
    driver.load()
    driver.set_kind("early_termination")
    first, last = driver._preview.window.first, driver._preview.window.last
    assert driver.quote.cost.startswith("€") and driver.month == str(first) and driver.month_hint == f"A month of the contract from {first} to {last}."
    driver.set_month(str(last + 1))
    assert driver.quote is None and driver.field_problems["termination_month"] == EN["error.termination_month"].format(first=first, last=last)
    driver.set_month("abc")
    assert driver.quote is None and f"from {first} to {last}" in driver.problem


def test_the_termination_quote_shows_the_what_ifs_figures_for_that_month_from_the_earliest_allowed(make_state, demo_contracts):
    own = demo_contracts[0]
    driver = make_state(RequestsState, "driver@example.com")
    driver.load()
    driver.set_kind("early_termination")
    window = driver._preview.window
    today = dt.date.today()
    assert window.notice == 2 and window.first_date >= add_months(today, 2) > add_months(window.first_date, -1), "two months' notice (001), no later"
    assert driver.quote.notice_text == f"2 months' notice: the car can come back from month {window.first} on, {format_date(window.first_date, 'en')}."
    assert driver.quote.what_if == f"/what-if?contract={own.id}" and driver.contract_ref == own.reference
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.load()
    what_if.set_return_mode("early")
    for month in (window.first, (window.first + window.last) // 2, window.last):
        driver.set_month(str(month))
        what_if.set_return_month([month])
        assert (driver.quote.kind, driver.quote.cost) == (what_if.outcome.kind, what_if.outcome.settlement), month
        assert driver.quote.km_text.endswith(f"{driver._preview.return_km:,} km") and driver._preview.return_km > 0
    assert driver._preview.return_km == what_if._document()["events"][-1]["total_km"]
    driver.set_month(str(window.first - 1))
    assert driver.quote is None and driver.field_problems["termination_month"] == EN["error.termination_month"].format(first=window.first, last=window.last)


def test_the_contract_is_picked_in_the_search_and_a_manager_filters_the_queue_by_contract(make_state, demo_contracts):
    own, colleague, stranger = demo_contracts
    driver = make_state(RequestsState, "driver@example.com")
    driver.load()
    for crafted in (str(colleague.id), str(stranger.id), "0", "-3", "99999999999999999999", "1.5", "x"):
        driver.set_contract(crafted)
        assert driver.problem != "" and driver.contract == str(own.id) and driver.contract_ref == own.reference, crafted
    driver.set_contract(str(own.id))
    assert driver.problem == "" and driver.contract == str(own.id)
    driver.set_kind("address_or_bank")
    driver.set_details("Rue de la Loi 16, 1000 Bruxelles")
    driver.file()
    fleet = make_state(RequestsState, "fleet@example.com")
    fleet.load()
    fleet.filter_contract(str(own.id))
    assert fleet.filter_text == f"Requests about {own.reference}" and fleet.rows and {r.reference for r in fleet.rows} == {own.reference}
    fleet.filter_contract(str(stranger.id))
    assert fleet.problem == EN["common.not_found"] and fleet.filter_text == "" and len({r.reference for r in fleet.rows}) >= 1
    fleet.filter_contract(str(colleague.id))
    assert fleet.rows == [] and fleet.filter_text == f"Requests about {colleague.reference}"
    fleet.clear_filter()
    assert own.reference in {r.reference for r in fleet.rows} and fleet.filter_text == ""
    driver.filter_contract(str(own.id))
    assert driver.problem == EN["common.not_allowed"]


def test_a_buy_out_is_answered_on_requests_with_its_amount_which_replaces_the_estimate(make_state):
    """003 q.40: whoever answers a buy-out request types the lessor's amount beside the answer; without it, or with an amount
    that is not one, the answer is refused under that field and the request stays open; once answered, /end-of-lease shows
    the quote instead of the estimate."""
    fleet = make_state(RequestsState, "fleet@example.com")
    today = dt.date.today()
    with session_scope() as s:
        company = s.exec(select(User).where(User.email == "fleet@example.com")).one().company_id
        soon = s.exec(select(Contract).where(Contract.company_id == company, Contract.status == "active",
                                             Contract.end_date >= today + dt.timedelta(days=20), Contract.end_date <= today + dt.timedelta(days=80))
                      .order_by(Contract.id)).first()
        driver = viewer_of(s.get(User, soon.driver_id))
    request_id = ask_buy_out(driver, soon.id)
    fleet.load()
    fleet.open(str(request_id))
    fleet.take_up()
    assert fleet.opened.buy_out and fleet.opened.in_progress
    fleet.set_answer_text("Our quote for the car, valid one month.")
    fleet.send_answer()
    assert EN["error.buy_out_quote_missing"] in fleet.field_problems["quote"] and fleet.opened.in_progress
    fleet.set_answer_quote("9876.505")
    fleet.send_answer()
    assert "quote" in fleet.field_problems and fleet.opened.in_progress and fleet.answer_text
    fleet.set_answer_quote("9876.50")
    fleet.send_answer()
    assert fleet.problem == "" and fleet.notice == "requests.answered_notice" and fleet.opened.closed and fleet.answer_quote == ""
    after = decision(driver, soon.id)
    assert after.request.quote == Decimal("9876.50") and not after.options.path("buy_out").estimate
