"""Service requests in Chromium (seed 002): the driver files an early termination with an attachment and sees its
simulated cost and its deadline; the fleet manager takes it up and answers with a document; in French and Dutch too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import Session, select

from leasedash.db.models import Contract, DocumentNotice, User
from leasedash.db.session import get_engine, session_scope
from leasedash.db.types import utcnow
from leasedash.i18n import format_money
from leasedash.services.auth import viewer_of
from leasedash.services.requests import file_request
from leasedash.services.termination import termination_quote
from tests.conftest import FIXTURES
from tests.e2e.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}


def _choose(page, trigger: str, label: str) -> None:
    page.click(f"#{trigger}")
    page.get_by_role("option", name=label, exact=True).click()


def _fits_a_phone(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(400)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def _engine_cost(db_url: str, month: int) -> str:
    """What the what-if engine gives for the driver's contract ending at `month`, as the page writes it."""
    with Session(get_engine(db_url)) as s:
        driver = viewer_of(s.exec(select(User).where(User.email == "driver@example.com")).one())
        contract = s.exec(select(Contract).where(Contract.driver_id == driver.user_id)).one()
        return format_money(termination_quote(s, driver, contract.id, month).cost, "en")


def _file_late(db_url: str) -> int:
    """A bonus-malus request the driver filed ten days ago: past its deadline, so first in the queue."""
    with session_scope(db_url) as s:
        driver = viewer_of(s.exec(select(User).where(User.email == "driver@example.com")).one())
        contract = s.exec(select(Contract).where(Contract.driver_id == driver.user_id)).one()
        return file_request(s, driver, "bonus_malus", "For my new insurer", contract.id, now=utcnow() - dt.timedelta(days=10)).id


def _status(page, text: str) -> None:
    page.wait_for_function(f"document.querySelector('#opened-status') && document.querySelector('#opened-status').innerText === '{text}'")


def test_driver_files_an_early_termination_and_the_fleet_manager_answers(page, browser, app_server):
    sign_in(page, app_server, "driver@example.com")
    page.goto(app_server.url + "/requests", wait_until="networkidle")
    page.wait_for_selector("#request-kind")
    _choose(page, "request-kind", "Early termination of my lease")
    page.wait_for_selector("#termination-month")
    page.fill("#termination-month", "36")
    page.wait_for_function("document.querySelector('#termination-quote') && document.querySelector('#termination-quote').innerText.includes('Return in month 36,')")
    cost = page.inner_text("#simulated-cost")
    assert cost == _engine_cost(app_server.db_url, 36)
    page.fill("#request-details", "I move abroad next summer and would like to know the exact amount.")
    page.set_input_files("#request-upload input[type=file]", str(FIXTURES / "dent.png"))
    page.wait_for_function("document.querySelector('#pending-files') && document.querySelector('#pending-files').innerText.includes('dent.png')")
    screenshot(page, "requests-driver-form")
    page.click("#file-request")
    page.wait_for_selector("#request-detail")
    _status(page, "submitted")
    detail = page.inner_text("#request-detail")
    request_id = int(re.search(r"#(\d+) · Early termination", detail).group(1))
    assert page.inner_text("#opened-cost") == f"Invoice {cost}" and "Return in month 36" in detail
    assert re.search(r"Answer due by\s+\d{1,2} \w{3} 20\d\d \d\d:\d\d", detail), detail
    assert "Your request is sent" in page.inner_text("#requests-notice")
    link = page.locator("#request-detail a.request-file").first
    assert re.fullmatch(r"dent_[0-9a-f]{16}\.png", link.inner_text().strip())
    download = page.request.get(app_server.url + link.get_attribute("href"))
    assert download.status == 200 and download.headers["content-type"] == "image/png"
    screenshot(page, "requests-driver-filed")
    _fits_a_phone(page, "requests-driver-phone")

    late_id = _file_late(app_server.db_url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    fleet = context.new_page()
    sign_in(fleet, app_server, "fleet@example.com")
    fleet.goto(app_server.url + "/requests", wait_until="networkidle")
    first = fleet.locator(".request-row").first
    assert f"#{late_id} " in first.inner_text() and "late" in first.inner_text()
    row = fleet.locator(".request-row", has_text=f"#{request_id} ")
    row.get_by_role("button").click()
    _status(fleet, "submitted")
    assert fleet.inner_text("#opened-cost") == f"Invoice {cost}"
    fleet.click("#take-up")
    _status(fleet, "in progress")
    fleet.fill("#answer-text", "We agree: the car comes back in month 36; the invoice follows the inspection.")
    fleet.set_input_files("#answer-upload input[type=file]", str(FIXTURES / "dent.png"))
    fleet.wait_for_selector("text=dent.png")
    screenshot(fleet, "requests-fleet-in-progress")
    fleet.click("#send-answer")
    _status(fleet, "answered")
    assert "the car comes back in month 36" in fleet.inner_text("#opened-answer")
    history = fleet.inner_text("#request-history")
    assert all(step in history for step in ("filed", "taken up", "answer document joined", "answered"))
    screenshot(fleet, "requests-fleet-answered")
    _fits_a_phone(fleet, "requests-fleet-phone")
    context.close()

    with Session(get_engine(app_server.db_url)) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        notice = s.exec(select(DocumentNotice).where(DocumentNotice.link == f"/requests?id={request_id}")).one()
        assert notice.user_id == driver.id and notice.sent_at is None

    page.goto(app_server.url + f"/requests?id={request_id}", wait_until="networkidle")
    _status(page, "answered")
    assert page.locator("#request-detail a.request-file").count() == 2
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.body.innerText.includes('Mes demandes')")
    assert "Résiliation anticipée de mon contrat de leasing" in page.inner_text("#request-detail")
    assert page.inner_text("#opened-status") == "répondue"
    screenshot(page, "requests-driver-fr")
    page.get_by_role("radio", name="NL").click()
    page.wait_for_function("document.body.innerText.includes('Mijn verzoeken')")
    assert "Vroegtijdige beëindiging van mijn leasecontract" in page.inner_text("#request-detail")
    assert page.inner_text("#opened-status") == "beantwoord"
    screenshot(page, "requests-driver-nl")


def test_a_refused_upload_and_a_missing_field_are_said_in_the_readers_language(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    page.goto(app_server.url + "/requests", wait_until="networkidle")
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.body.innerText.includes('Mes demandes')")
    page.wait_for_selector("#request-kind")
    page.set_input_files("#request-upload input[type=file]", files=[{"name": "facture.png", "mimeType": "image/png", "buffer": b"GIF89a not a png"}])
    page.wait_for_selector("#problem-file")  # under the drop zone
    assert "contenu ne correspond pas" in page.inner_text("#problem-file")
    page.click("#file-request")
    page.wait_for_function("(document.querySelector('#problem-details')?.innerText || '').includes('Précisions')")
    screenshot(page, "requests-driver-error-fr")


def test_the_lessor_sees_every_request_and_keeps_the_holidays(page, app_server):
    sign_in(page, app_server, "admin@example.com")
    page.goto(app_server.url + "/requests", wait_until="networkidle")
    page.wait_for_selector("#holidays-table")
    assert page.locator(".request-row").count() >= 1
    _choose(page, "holiday-country", "LU")
    page.wait_for_function("document.querySelector('#holidays-table').innerText.includes('Europe Day')")
    page.fill("#holiday-day", "2026-12-24")
    page.fill("#holiday-name", "Christmas Eve")
    page.click("#add-holiday")
    page.wait_for_function("document.querySelector('#holidays-table').innerText.includes('Christmas Eve')")
    screenshot(page, "requests-admin-holidays")
    page.locator("#holidays-table tr", has_text="Christmas Eve").get_by_role("button").click()
    page.click("#confirm-remove-day")
    page.wait_for_function("!document.querySelector('#holidays-table').innerText.includes('Christmas Eve')")
    _fits_a_phone(page, "requests-admin-phone")
