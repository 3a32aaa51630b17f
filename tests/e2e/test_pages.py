"""The app as its users see it, in headless Chromium: every page for every demo account in both
themes, a slider moved and its numbers checked, a grid imported with one error, the language switched."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot, sign_in
from tests.support.hydration import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {"/": "home", "/grid": "grid", "/what-if": "what-if", "/offers": "offers", "/returns": "returns", "/requests": "requests",
         "/account": "account", "/tokens": "tokens"}
MANAGER_PAGES = {"/fleet": "fleet", "/returns/rules": "return-rules", "/mobility-plan": "mobility-plan"}
ACCOUNTS = ("driver@example.com", "fleet@example.com", "admin@example.com")


@pytest.mark.parametrize("color_scheme", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("email", ACCOUNTS)
def test_every_page_for_every_account(page, app_server, email, color_scheme):
    """Each page loaded afresh in one signed-in context per account and theme, read once its on_load is answered."""
    open_page(page, app_server.url + "/login")
    screenshot(page, f"login-{color_scheme}")
    sign_in(page, app_server, email)
    role = email.split("@")[0]
    pages = {**PAGES, **(MANAGER_PAGES if role != "driver" else {})}
    for path, name in pages.items():
        open_page(page, app_server.url + path)
        page.wait_for_selector("h1, h2, h3", timeout=15000)
        assert "/login" not in page.url
        screenshot(page, f"{role}-{name}-{color_scheme}")


def test_driver_home_and_language(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    page.wait_for_selector("#kpi-rent")
    assert "€536.32" in page.locator("#kpi-rent").inner_text()
    assert page.locator("#end-settlement").inner_text().startswith(("an invoice of", "a refund of", "nothing"))
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.body.innerText.includes('Votre contrat')")
    assert "536,32\u00a0€" in page.locator("#kpi-rent").inner_text()
    page.get_by_role("radio", name="NL").click()
    page.wait_for_function("document.body.innerText.includes('Uw contract')")
    assert "€\u00a0536,32" in page.locator("#kpi-rent").inner_text()
    screenshot(page, "driver-home-nl")


def _press(page, selector: str, *keys: str) -> None:
    thumb = page.locator(f"{selector} [role=slider]")
    thumb.focus()
    for key in keys:
        thumb.press(key)


def test_moving_sliders_reproduces_the_drive_more_example(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    open_page(page, app_server.url + "/what-if")
    page.wait_for_selector("#whatif-settlement")
    page.click("#anew-switch")
    page.wait_for_function("document.querySelector('#whatif-floor').innerText.includes('start')")
    page.click("#change-switch")
    page.wait_for_selector("#change-month")
    _press(page, "#change-month", "Home", *["ArrowRight"] * 11)
    _press(page, "#new-km", "Home", *["ArrowRight"] * 40)
    page.wait_for_function("document.querySelector('#new-km-value').innerText.startsWith('25,000')")
    page.wait_for_function("document.querySelector('#whatif-settlement').innerText === '€441.84'")
    assert page.locator("#whatif-kind").inner_text() == "Invoice"
    assert page.locator("#whatif-rent").inner_text() == "€573.14"
    assert "€573.14 × 12 = €6,877.68" in page.locator("#whatif-why").inner_text()
    page.click("#keep")
    page.wait_for_selector("#kept-table")
    with page.expect_download() as download:
        page.click("#export-csv")
    assert download.value.suggested_filename.endswith(".csv")
    screenshot(page, "driver-what-if-drive-more")


def test_grid_import_with_one_error_shows_it_in_place(page, app_server, leaseplus_text):
    sign_in(page, app_server, "fleet@example.com")
    open_page(page, app_server.url + "/grid")
    page.wait_for_selector("#import-text")
    page.fill("#import-label", "Golf quote")
    page.fill("#import-text", leaseplus_text.replace("625,55", "62x,55"))
    page.click("#import-submit")
    page.wait_for_selector("#import-problems")
    assert "Row 7 (35000 km), column 7 (48 months): \"62x,55\" is not an amount." in page.locator("#import-problems").inner_text()
    assert page.locator("#import-failed").is_visible()
    assert "62x,55" in page.locator("#import-preview").inner_text()
    screenshot(page, "fleet-grid-import-error")


def test_wrong_password_is_refused_with_a_message(page, app_server):
    open_page(page, app_server.url + "/login")
    page.fill("#email", "admin@example.com")
    page.fill("#password", "not-the-Password1")
    page.click("#sign-in")
    page.wait_for_selector("#login-error")
    assert "wrong" in page.locator("#login-error").inner_text()
    page.goto(app_server.url + "/what-if")
    page.wait_for_url(re.compile(r".*/login$"))


def test_pages_fit_a_phone(page, app_server):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, app_server, "driver@example.com")
    for path in PAGES:
        open_page(page, app_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, path
    screenshot(page, "driver-home-phone")
