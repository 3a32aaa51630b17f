"""/account in Chromium (issue 13, item 8): my sessions (another browser signed out from here), an authenticator set
up with a code computed by pyotp, the next sign-in asking for a code, my data downloaded as a ZIP, and signing out
everywhere; screenshots in English and French."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pyotp
import pytest
from sqlmodel import select

from leasedash.db.models import User
from leasedash.db.session import session_scope
from leasedash.services.passwords import hash_password
from tests.e2e.conftest import screenshot, sign_in, watched_page

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "tess.vermeulen@brightwater.example", "Brightwater-26"


@pytest.fixture(scope="module")
def tess(app_server):
    """A driver of the demo driver's company, signed in nowhere yet."""
    with session_scope(app_server.db_url) as s:
        company_id = s.exec(select(User.company_id).where(User.email == "driver@example.com")).one()
        s.add(User(email=EMAIL, first_name="Tess", last_name="Vermeulen", company_id=company_id, password_hash=hash_password(PASSWORD)))
    return EMAIL


def _code(secret: str, later: int = 0) -> str:
    return pyotp.TOTP(secret).at(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=later))


def test_my_sessions_my_authenticator_my_data(page, browser, app_server, tess):
    with watched_page(browser, app_server) as elsewhere:
        sign_in(elsewhere, app_server, tess, PASSWORD)
        sign_in(page, app_server, tess, PASSWORD)
        page.goto(app_server.url + "/account", wait_until="networkidle")
        page.wait_for_selector("#sessions .session-row")
        assert page.locator("#sessions .session-row").count() == 2
        assert page.locator("#sessions").inner_text().count("this browser") == 1
        screenshot(page, "account-en")
        page.locator("#sessions .session-row", has_not_text="this browser").get_by_role("button", name="Sign out").click()
        page.wait_for_function("document.querySelectorAll('#sessions .session-row').length === 1")
        elsewhere.goto(app_server.url + "/account", wait_until="networkidle")
        elsewhere.wait_for_url(app_server.url + "/login")

    page.click("#totp-start")
    page.wait_for_selector("#totp-qr")
    assert page.locator("#totp-qr").get_attribute("src").startswith("data:image/svg+xml")
    secret = page.locator("#totp-secret").inner_text().strip()
    screenshot(page, "account-totp-setup-en")
    page.fill("#totp-code", "000000" if _code(secret) != "000000" else "111111")
    page.click("#totp-confirm")
    page.wait_for_selector("#problem-code")
    page.fill("#totp-code", _code(secret))
    page.click("#totp-confirm")
    page.wait_for_selector("#totp-active")
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.body.innerText.includes('Où vous êtes connecté')")
    screenshot(page, "account-fr")
    page.get_by_role("radio", name="EN").click()

    page.click("#privacy-export")
    page.click("#confirm-export")
    page.wait_for_selector("#privacy-download")
    with page.expect_download() as download:
        page.click("#privacy-download")
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        mine = json.loads(archive.read("personal-data.json"))
    assert mine["person"]["email"] == tess and "password_hash" not in mine["person"]
    assert [c["driver_id"] for c in mine["records"].get("contract", [])] == []  # Tess drives no car yet
    assert len(mine["records"]["auth_session"]) == 1

    page.click("#sign-out-everywhere")
    page.click("#confirm-everywhere")
    page.wait_for_url(app_server.url + "/login")
    page.fill("#email", tess)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector("#login-code")
    screenshot(page, "login-code-en")
    page.fill("#login-code", _code(secret, later=30))
    page.click("#code-submit")
    page.wait_for_url(app_server.url + "/", timeout=20000)
