"""Returns in Chromium: a fleet manager finds the car with the contract search, records three damages and a photo
on the car outline, both parties sign in French, and the report downloaded is a French PDF (its labels, its amounts
as a French reader writes them, both signatures' times); the driver cannot edit the inspector's inspection and a
signed inspection stays as signed; a contract ending soon is inspected from the list; the rules are a form; the
driver's self-check."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlmodel import select

from leasedash.db.models import Company, Contract, Inspection, User
from leasedash.db.session import session_scope
from leasedash.i18n import format_money
from leasedash.services import return_wording as words
from leasedash.services.holidays import time_zone
from tests.conftest import FIXTURES
from tests.e2e.conftest import screenshot, sign_in, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _in_french(page) -> None:
    page.click("#language-switch >> text=FR")
    page.get_by_role("link", name="Restitutions").first.wait_for()


def _pick_kind(page, label: str) -> None:
    page.click("#damage-kind")
    page.get_by_role("option", name=label, exact=True).click()


def _add_damage(page, part: str, length: str, width: str = "0", depth: str = "") -> None:
    page.click(f"#part-{part}")
    page.fill("#damage-length", length)
    page.fill("#damage-width", width)
    page.fill("#damage-depth", depth)
    count = page.locator("#damages-table tr").count()
    page.click("#add-damage")
    page.wait_for_function(f"document.querySelectorAll('#damages-table tr').length > {count}")


def _plain(text: str) -> str:
    """Text with the no-break and narrow no-break spaces French amounts carry read as plain spaces."""
    return re.sub(r"[\u00a0\u202f\s]+", " ", text)


def test_three_damages_a_photo_both_sign_in_french_and_the_report_reads_french(page, browser, app_server):
    with session_scope(app_server.db_url) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        kept_language, driver.language = driver.language, "fr"
        reference = s.exec(select(Contract.reference).where(Contract.driver_id == driver.id)).one()
    try:
        sign_in(page, app_server, "fleet@example.com")
        _in_french(page)
        page.goto(app_server.url + "/returns", wait_until="networkidle")
        page.wait_for_selector("#ending-table, #contract-search")
        page.fill("#contract-search", reference.lower())
        page.wait_for_selector("#contract-hits button")
        screenshot(page, "returns-manager-fr")
        page.locator("#contract-hits button", has_text=reference).first.click()
        page.wait_for_selector("#contract-chosen")
        page.click("#start-inspection")
        page.wait_for_url(re.compile(r".*/returns/inspection\?id=\d+"))
        inspection_url = page.url
        page.wait_for_selector("#car-outline")
        assert int(page.input_value("#fact-odometer")) > 0, "the odometer starts at the latest reading"
        page.fill("#fact-odometer", str(int(page.input_value("#fact-odometer")) + 400))
        page.fill("#fact-energy", "35")
        page.click("#save-facts")
        page.wait_for_function("document.querySelector('#inspection-status').innerText === 'inspectée'")
        _add_damage(page, "door_front_left", "120", "10")
        _pick_kind(page, "bosse")
        _add_damage(page, "bonnet", "40", "40", "5")
        _pick_kind(page, "éraflure")
        _add_damage(page, "wheel_rear_right", "80")
        rows = page.locator("#damages-table").inner_text()
        assert "porte avant gauche" in rows and "capot" in rows and "jante arrière droite" in rows and rows.count("facturable") == 3
        assert "bosse de 5 mm de profondeur : la limite Renta est de moins de 2 mm" in rows
        page.set_input_files("#photo-upload input[type=file]", str(FIXTURES / "dent.png"))
        page.wait_for_selector("a[href^='/api/files/photo/']")
        page.wait_for_selector("#statement-waterfall .main-svg")
        page.click("#sign")
        page.fill("#sign-name", "Marc Dubois")
        page.click("#confirm-sign")
        page.wait_for_function("document.body.innerText.includes('Inspecteur : Marc Dubois')")
        assert page.locator("#add-damage").is_disabled(), "signed: nothing changes until the signatures are withdrawn"
        screenshot(page, "inspection-signed-by-the-inspector-fr")

        with watched_page(browser, app_server) as tab:
            sign_in(tab, app_server, "driver@example.com")
            tab.goto(inspection_url, wait_until="networkidle")
            tab.wait_for_selector("#car-outline")
            _in_french(tab)
            tab.wait_for_function("document.querySelector('#inspection-status').innerText === 'inspectée'")
            assert "l'inspecteur" in tab.locator("#inspection-read-only").inner_text().lower() and tab.locator("#add-damage").is_disabled()
            tab.click("#sign")
            tab.fill("#sign-name", "Sofie Peeters")
            tab.press("#sign-name", "Enter")
            tab.wait_for_function("document.querySelector('#inspection-status').innerText === 'signée'")
            screenshot(tab, "inspection-signed-by-both-fr")
            report = tab.request.get(app_server.url + tab.locator("#report").get_attribute("href"))
            plain = tab.request.get(app_server.url + tab.locator("#report-without-costs").get_attribute("href"))
            assert report.status == 200 and plain.status == 200
            pdf, plain_pdf = report.body(), plain.body()
        assert pdf.startswith(b"%PDF") and plain_pdf.startswith(b"%PDF")
        text = _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
        without_costs = _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(plain_pdf)).pages))
        inspection_id = int(inspection_url.rsplit("=", 1)[1])
        with session_scope(app_server.db_url) as s:
            row = s.get(Inspection, inspection_id)
            total, signed = row.statement["total"], (row.inspector_signed_at, row.driver_signed_at)
            zone = time_zone(s.get(Company, row.company_id).country)
        for label in ("Procès-verbal de restitution", "Contrat et voiture", "Dommages", "Décompte final", "Totaux et signatures",
                      "porte avant gauche", "bosse de 5 mm de profondeur : la limite Renta est de moins de 2 mm", "Conducteur", "Inspecteur"):
            assert label in text, label
        assert _plain(f"Total du décompte : {format_money(Decimal(total), 'fr')}") in text
        assert _plain(format_money(Decimal("150"), "fr")) in text
        for at in signed:
            assert _plain(words.moment(at, zone, "fr")) in text
        assert "Décompte final" not in without_costs and "Totaux et signatures" in without_costs
        assert not re.search(r"\d,\d\d €", without_costs), "no amount in the report without costs"
    finally:
        with session_scope(app_server.db_url) as s:
            s.exec(select(User).where(User.email == "driver@example.com")).one().language = kept_language


def test_a_contract_ending_soon_is_inspected_from_the_list(page, app_server):
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/returns", wait_until="networkidle")
    page.wait_for_selector("#ending-table")
    screenshot(page, "returns-manager-en")
    page.locator("#ending-table button").first.click()
    page.wait_for_url(re.compile(r".*/returns/inspection\?id=\d+"))
    page.wait_for_selector("#car-outline")
    page.fill("#fact-energy", "80")
    page.click("#save-facts")
    page.wait_for_function("document.querySelector('#inspection-status').innerText === 'inspected'")
    screenshot(page, "inspection-en")


def test_the_rules_are_a_form_with_each_refusal_under_its_row(page, app_server):
    sign_in(page, app_server, "admin@example.com")
    page.goto(app_server.url + "/returns/rules", wait_until="networkidle")
    field = page.locator("[id='rule-renta.ev_min_range_km']")
    field.wait_for()
    field.fill("a hundred")
    page.fill("#version-rules", "e2e-range")
    page.click("#save-rules")
    page.wait_for_selector("[id='problem-renta.ev_min_range_km']")
    screenshot(page, "rules-form-en")
    field.fill("120")
    page.click("#save-rules")
    page.wait_for_selector("#rules-saved")
    assert "e2e-range" in page.locator("#current-rules").inner_text()
    _in_french(page)
    page.wait_for_function("document.body.innerText.includes('Norme Renta')")
    screenshot(page, "rules-form-fr")


def test_driver_self_check(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    page.goto(app_server.url + "/returns", wait_until="networkidle")
    page.wait_for_timeout(500)
    page.click("#start-inspection")
    page.wait_for_url(re.compile(r".*/returns/inspection\?id=\d+"))
    page.wait_for_selector("#car-outline")
    page.fill("#fact-odometer", "35500")
    page.click("#save-facts")
    page.wait_for_timeout(800)
    _add_damage(page, "bumper_rear", "60", "10")
    assert "acceptable" in page.locator("#damages-table").inner_text()
    assert page.locator("#sign").count() == 0
    screenshot(page, "driver-self-check")
