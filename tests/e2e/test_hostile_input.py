"""Issue 16 in Chromium, on the running app: a rent grid larger than any product takes is refused in place on /grid
(each problem in the reader's language), a stale tab's checklist edit on an inspection is refused with "changed since
you opened it", and Reflex's upload route turns away a client without a signed-in session before reading its body.
Screenshots in EN and FR."""

from __future__ import annotations

import datetime as dt
import socket
import time
from urllib.parse import urlsplit

import pytest
from sqlmodel import select

from leasedash.db.models import Contract, User
from leasedash.db.session import session_scope
from leasedash.i18n import catalog
from leasedash.pages.returns.inspection_state import InspectionState
from leasedash.services import inspections as svc
from leasedash.services.auth import viewer_of
from tests.e2e.conftest import screenshot, sign_in, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _in_french(page) -> None:
    page.click("#language-switch >> text=FR")
    page.wait_for_timeout(400)


def test_a_grid_of_61_durations_is_refused_in_place_in_each_language(page, app_server):
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/grid", wait_until="networkidle")
    page.wait_for_selector("#import-text")
    header = "Km annuel\t" + "\t".join(f"{m} mo." for m in range(1, 62))
    rows = "\n".join(f"{km}\t" + "\t".join(str(900 - m) for m in range(1, 62)) for km in (10000, 20000))
    page.fill("#import-label", "Trop grande")
    page.fill("#import-text", f"{header}\n{rows}")
    page.click("#import-label")
    page.click("#import-submit")
    page.wait_for_selector("#import-problems")
    assert "61 values; a rent grid has at most 60" in page.locator("#import-problems").inner_text()
    screenshot(page, "grid-import-too-large-en")
    _in_french(page)
    page.wait_for_function("document.querySelector('#import-problems').innerText.includes('une grille de loyers en compte au plus 60')")
    screenshot(page, "grid-import-too-large-fr")


def test_a_stale_tab_cannot_change_the_checklist(page, browser, app_server):
    with session_scope(app_server.db_url) as s:
        fleet = s.exec(select(User).where(User.email == "fleet@example.com")).one()
        contract = s.exec(select(Contract).where(Contract.company_id == fleet.company_id, Contract.status == "active")).first()
        inspection_id = svc.create_inspection(s, viewer_of(fleet), contract.id, dt.date.today()).id
    url = f"{app_server.url}/returns/inspection?id={inspection_id}"
    sign_in(page, app_server, "fleet@example.com")
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#car-outline")
    with watched_page(browser, app_server) as other:
        sign_in(other, app_server, "fleet@example.com")
        for language, stale in (("en", catalog("en")["common.stale"]), ("fr", catalog("fr")["common.stale"])):
            other.goto(url, wait_until="networkidle")
            other.wait_for_selector("#car-outline")
            if language == "fr":
                _in_french(other)
            page.fill("#fact-energy", "35" if language == "en" else "45")
            page.click("#save-facts")
            page.wait_for_timeout(800)
            other.get_by_role("checkbox", name=catalog(language)["item.spare_key"]).click()
            other.wait_for_selector("#page-problem")
            assert stale[:20] in other.locator("#page-problem").inner_text()
            screenshot(other, f"inspection-stale-tab-{language}")


def _raw_upload(url: str, headers: dict[str, str], body_sent: int) -> tuple[int, float]:
    """POST /_upload announcing 25 MB but sending only `body_sent` bytes: (status, seconds to the answer)."""
    parts = urlsplit(url)
    started = time.perf_counter()
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        head = "".join(f"{k}: {v}\r\n" for k, v in {"Host": parts.netloc, "Content-Length": str(25 * 1024 * 1024),
                                                       "Content-Type": "multipart/form-data; boundary=x", **headers}.items())
        conn.sendall(f"POST /_upload HTTP/1.1\r\n{head}\r\n".encode() + b"x" * body_sent)
        status = int(conn.recv(200).split(b" ", 2)[1])
    return status, time.perf_counter() - started


def test_the_upload_route_refuses_a_client_without_a_session_before_reading_its_body(app_server):
    handler = f"{InspectionState.get_full_name()}.upload_photo"
    status, seconds = _raw_upload(app_server.url, {"Reflex-Client-Token": "a-tab-that-never-signed-in", "Reflex-Event-Handler": handler}, 65536)
    assert status == 401 and seconds < 5, "the answer came with most of the announced 25 MB never sent"
    assert _raw_upload(app_server.url, {"Reflex-Event-Handler": handler}, 0)[0] == 401
