"""The end-of-lease decision in Chromium (issue 18): a driver whose contract ends within three months compares
returning, extending and buying out (the figures the service computes), asks for a buy-out quote; the fleet manager
answers it from the queue of /requests with an amount, and the driver's page shows the quote instead of the estimate; in English
and French, on a desktop and a phone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from leasedash import routes
from leasedash.db.models import Contract, ServiceRequest, User
from leasedash.db.session import session_scope
from leasedash.i18n import format_money
from leasedash.services.auth import viewer_of
from leasedash.services.end_of_lease import decision
from leasedash.services.passwords import hash_password
from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_requests import _fits_a_phone, _status

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "Rachat-Voiture-2026"


def _driver_ending_soon(db_url: str) -> tuple[str, int]:
    """A driver of the fleet manager's company whose contract ends in 20 to 85 days, given a password to sign in."""
    today = dt.date.today()
    with session_scope(db_url) as s:
        manager = s.exec(select(User).where(User.email == "fleet@example.com")).one()
        contract = s.exec(select(Contract).where(Contract.company_id == manager.company_id, Contract.status == "active",
                                                 Contract.end_date >= today + dt.timedelta(days=20),
                                                 Contract.end_date <= today + dt.timedelta(days=85)).order_by(Contract.id)).first()
        driver = s.get(User, contract.driver_id)
        driver.password_hash = hash_password(PASSWORD)
        s.add(driver)
        return driver.email, contract.id


def _totals(db_url: str, email: str, contract_id: int, lang: str) -> dict[str, str]:
    """Each path's total as the service computes it on the app's database, written for the reader."""
    with session_scope(db_url) as s:
        viewer = viewer_of(s.exec(select(User).where(User.email == email)).one())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REFLEX_DB_URL", db_url)
        paths = decision(viewer, contract_id).as_json()["paths"]
    return {p["path"]: format_money(Decimal(p["total"]), lang) for p in paths}


def _shown(page) -> dict[str, str]:
    return {path: page.inner_text(f"#path-total-{path}") for path in ("return", "extend", "buy_out")}


def _buy_out_request(db_url: str, contract_id: int) -> int:
    with session_scope(db_url) as s:
        return s.exec(select(ServiceRequest.id).where(ServiceRequest.contract_id == contract_id, ServiceRequest.kind == "buy_out")).one()


def test_driver_compares_asks_a_quote_and_sees_the_fleet_managers_answer(page, browser, app_server):
    email, contract_id = _driver_ending_soon(app_server.db_url)
    sign_in(page, app_server, email, PASSWORD)
    page.goto(app_server.url + "/end-of-lease", wait_until="networkidle")
    page.wait_for_selector("#path-buy_out")
    assert _shown(page) == _totals(app_server.db_url, email, contract_id, "en")
    assert "cheapest path" in page.inner_text("#endlease-verdict")
    assert "Estimate" in page.inner_text("#path-buy_out")
    assert page.locator("#endlease-assumptions li").count() >= 5
    screenshot(page, "end-of-lease-driver-en")
    _fits_a_phone(page, "end-of-lease-driver-en-phone")

    page.click("#ask-quote")
    page.wait_for_function("document.querySelector('#buy-out-status') && document.querySelector('#buy-out-status').innerText.includes('48 working hours')")
    estimate = page.inner_text("#path-total-buy_out")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    fleet = context.new_page()
    sign_in(fleet, app_server, "fleet@example.com")
    fleet.goto(app_server.url + f"/end-of-lease?contract={contract_id}", wait_until="networkidle")
    fleet.wait_for_selector("#quote-amount")
    assert _shown(fleet) == _shown(page)
    fleet.goto(app_server.url + routes.request(_buy_out_request(app_server.db_url, contract_id)), wait_until="networkidle")
    fleet.click("#take-up")  # the request is answered from the queue too, with the amount beside the answer
    fleet.fill("#answer-text", "Our quote, valid until the end of the contract.")
    fleet.click("#send-answer")
    fleet.wait_for_selector("#problem-quote")
    fleet.fill("#answer-quote", "9876.50")
    screenshot(fleet, "requests-fleet-buy-out-quote")
    fleet.click("#send-answer")
    _status(fleet, "answered")
    fleet.goto(app_server.url + f"/end-of-lease?contract={contract_id}", wait_until="networkidle")
    fleet.wait_for_function("document.querySelector('#path-buy_out')?.innerText.includes(\"Lessor's quote\")")
    screenshot(fleet, "end-of-lease-fleet-answered")
    context.close()

    page.reload(wait_until="networkidle")
    page.wait_for_selector("#path-buy_out")
    assert "€9,876.50" in page.inner_text("#path-buy_out") and "Lessor's quote" in page.inner_text("#path-buy_out")
    assert page.inner_text("#path-total-buy_out") != estimate
    assert _shown(page) == _totals(app_server.db_url, email, contract_id, "en")
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.body.innerText.includes('Racheter la voiture')")
    assert _shown(page) == _totals(app_server.db_url, email, contract_id, "fr")
    assert "Offre du bailleur" in page.inner_text("#path-buy_out")
    screenshot(page, "end-of-lease-driver-fr")
    _fits_a_phone(page, "end-of-lease-driver-fr-phone")
