"""Car offers in Chromium (seed 000): a driver builds two offers, compares them, attaches the dealer's quote and
sends one for approval; the fleet manager approves it and it is ordered."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from leasedash.db.models import CarOffer
from leasedash.db.session import get_engine
from tests.e2e.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pick(page, trigger: str, text: str) -> None:
    page.click(trigger)
    page.get_by_role("option", name=re.compile(re.escape(text))).click()


def _save_offer(page) -> None:
    count = page.locator("#offers-table tbody tr").count()
    page.click("#save-offer")
    page.wait_for_function(f"document.querySelectorAll('#offers-table tbody tr').length > {count}")


def test_two_offers_compared_one_sent_and_approved(page, browser, app_server, tmp_path):
    sign_in(page, app_server, "driver@example.com")
    page.goto(app_server.url + "/offers", wait_until="networkidle")
    page.wait_for_selector("#plan-summary")
    assert "Monthly budget" in page.locator("#plan-summary").inner_text()
    not_offered = page.locator("#not-offered").inner_text()
    assert "320d Touring" in not_offered and "above the cap" in not_offered and "very recent model" in not_offered

    _pick(page, "#offer-car", "e-208")
    page.wait_for_function("(document.querySelector('#offer-figures')?.innerText || '').includes('applied automatically')")
    _save_offer(page)

    _pick(page, "#offer-car", "Model 3 RWD")
    page.click("#option-metallic_paint")
    page.wait_for_function("(document.querySelector('#offer-figures')?.innerText || '').includes('980')")
    assert "C = B / a" in page.locator("#contribution-formula").inner_text()
    _save_offer(page)
    screenshot(page, "driver-offers")

    boxes = page.locator("#offers-table tbody tr button[role=checkbox]")
    boxes.nth(0).click()
    boxes.nth(1).click()
    page.wait_for_selector("#compare-chart .main-svg")
    compared = page.locator("#compare-table").inner_text()
    assert "Model 3 RWD" in compared and "e-208" in compared and "Total cost over the term" in compared
    screenshot(page, "driver-offers-compared")

    with Session(get_engine(app_server.db_url)) as s:
        offer = s.exec(select(CarOffer).where(CarOffer.model == "Model 3 RWD").order_by(CarOffer.id.desc())).first()
        offer_id, net_excl = offer.id, offer.net_price_excl_vat
    page.goto(app_server.url + f"/offers?offer={offer_id}", wait_until="networkidle")
    page.wait_for_selector("#offer-panel")
    page.click("#send-offer")
    page.wait_for_function("(document.querySelector('#page-problem')?.innerText || '').includes('attach it')")
    quote = tmp_path / "Offre concession-Tesla.v2.pdf"
    quote.write_bytes(b"%PDF-1.4\n% dealer quote\n" + b"0" * 500)
    page.set_input_files("#quote-upload input[type=file]", str(quote))
    page.wait_for_selector("a[href^='/api/files/quote/']")
    link = page.locator("a[href^='/api/files/quote/']").first
    assert re.fullmatch(r"Offre_concession_Tesla_v2_[0-9a-f]{16}\.pdf", link.inner_text())
    assert page.request.get(app_server.url + link.get_attribute("href")).status == 200
    page.fill("#quote-price", str(net_excl + 1))
    page.click("#save-quote-price")
    page.wait_for_function("(document.querySelector('#quote-check')?.innerText || '').includes('differs')")
    page.click("#send-offer")
    page.wait_for_function("(document.querySelector('#page-problem')?.innerText || '').includes('differs from the offer')")
    page.fill("#quote-price", str(net_excl).replace(".", ","))
    page.click("#save-quote-price")
    page.wait_for_function("(document.querySelector('#quote-check')?.innerText || '').includes('same net price')")
    page.click("#send-offer")
    page.wait_for_function("(document.querySelector('#offer-panel')?.innerText || '').includes('Sent for approval')")
    assert page.locator("#approve-offer").count() == 0
    screenshot(page, "driver-offer-sent")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    fleet = context.new_page()
    sign_in(fleet, app_server, "fleet@example.com")
    fleet.goto(app_server.url + f"/offers?offer={offer_id}", wait_until="networkidle")
    fleet.wait_for_selector("#approve-offer")
    assert "Model 3 RWD" in fleet.locator("#offers-table").inner_text()
    fleet.click("#approve-offer")
    dialog = fleet.get_by_role("alertdialog")
    assert "Approve and order this car?" in dialog.inner_text() and "ordered at once" in dialog.inner_text()
    screenshot(fleet, "fleet-offer-approve-asks-first")
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    with Session(get_engine(app_server.db_url)) as s:
        assert s.get(CarOffer, offer_id).status == "sent", "cancelled: nothing is ordered"
    fleet.click("#approve-offer")
    fleet.click("#confirm-approve")
    fleet.wait_for_function("(document.querySelector('#offer-panel')?.innerText || '').includes('Approved, ordered')")
    history = fleet.locator("#offer-history").inner_text()
    for step in ("Offer built", "Dealer quote attached", "Sent for approval", "Approved", "Ordered"):
        assert step in history
    screenshot(fleet, "fleet-offer-approved")
    fleet.set_viewport_size({"width": 390, "height": 844})
    screenshot(fleet, "fleet-offer-approved-phone")
    context.close()
    with Session(get_engine(app_server.db_url)) as s:
        assert s.get(CarOffer, offer_id).status == "ordered"


def test_fleet_manager_edits_the_plan_and_bad_input_is_named(page, app_server):
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/mobility-plan", wait_until="networkidle")
    page.wait_for_selector("#plan-budget")
    page.fill("#plan-budget", "abc")
    page.click("#save-plan")
    page.wait_for_selector("#problem-monthly_budget")  # under the field
    assert "not a number" in page.locator("#problem-monthly_budget").inner_text()
    page.fill("#plan-budget", "700")
    page.click("#save-plan")
    page.wait_for_selector("#plan-notice")
    screenshot(page, "fleet-mobility-plan")
    page.goto(app_server.url + "/mobility-plan", wait_until="networkidle")
    page.wait_for_function("(document.querySelector('#plan-budget')?.value || '').startsWith('700')")
