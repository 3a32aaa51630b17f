"""A return inspection in Chromium: the inspector records two damages on the car outline and a photo,
both sign, the report is a PDF; the driver cannot edit the inspector's inspection."""

from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _add_damage(page, part: str, length: str, width: str = "0") -> None:
    page.click(f"#part-{part}")
    page.fill("#damage-length", length)
    page.fill("#damage-width", width)
    count = page.locator("#damages-table tr").count()
    page.click("#add-damage")
    page.wait_for_function(f"document.querySelectorAll('#damages-table tr').length > {count}")


def test_inspector_records_two_damages_and_both_sign(page, browser, app_server):
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/returns?contract=1", wait_until="networkidle")
    page.wait_for_timeout(500)
    page.click("#start-inspection")
    page.wait_for_url(re.compile(r".*/returns/inspection\?id=\d+"))
    inspection_url = page.url
    page.wait_for_selector("#car-outline")
    page.fill("#fact-odometer", "36000")
    page.fill("#fact-energy", "35")
    page.click("#save-facts")
    page.wait_for_function("document.querySelector('#inspection-status').innerText === 'inspected'")
    _add_damage(page, "door_front_left", "120", "10")
    _add_damage(page, "wheel_rear_right", "80")
    rows = page.locator("#damages-table").inner_text()
    assert "front left door" in rows and "rear right wheel" in rows and rows.count("chargeable") == 2
    page.set_input_files("#photo-upload input[type=file]", str(FIXTURES / "dent.png"))
    page.wait_for_selector("a[href^='/api/v1/photos/']")
    photo = page.request.get(app_server.url + page.locator("a[href^='/api/v1/photos/']").first.get_attribute("href"))
    assert photo.status == 200 and photo.headers["content-type"] == "image/png"
    assert page.locator("#statement-total").inner_text().startswith("€")
    page.wait_for_selector("#statement-waterfall .main-svg")
    page.fill("#sign-name", "Marc Dubois")
    page.click("#sign")
    page.wait_for_function("document.body.innerText.includes('Inspector: Marc Dubois')")
    screenshot(page, "fleet-inspection")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    driver = context.new_page()
    sign_in(driver, app_server, "driver@example.com")
    driver.goto(inspection_url, wait_until="networkidle")
    driver.wait_for_selector("#car-outline")
    driver.click("#part-bonnet")
    driver.fill("#damage-length", "40")
    driver.click("#add-damage")
    driver.wait_for_selector("#page-problem")
    assert "inspector" in driver.locator("#inspection-read-only").inner_text()
    driver.fill("#sign-name", "Sofie Peeters")
    driver.click("#sign")
    driver.wait_for_function("document.querySelector('#inspection-status').innerText === 'signed'")
    report = driver.request.get(app_server.url + driver.locator("#report").get_attribute("href"))
    assert report.status == 200 and report.body().startswith(b"%PDF")
    screenshot(driver, "driver-inspection-signed")
    context.close()


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
