"""What a page of another origin on the same host can do with a signed-in user's browser (issue 16, item 3), and
the Content-Security-Policy in force on the app's pages (item 4), in headless Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import func, select

from leasedash.db.models import Contract, OdometerReading, User
from leasedash.db.session import session_scope
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_ATTACKS = """async ([app, contract]) => {
    const outcome = {cookie: document.cookie, stored: localStorage.getItem("leasedash_session")};
    const reading = JSON.stringify([{reading_id: "other-origin-1", contract_id: contract, date: "2026-11-02", km: 99999}]);
    const attempt = async (name, url, options) => {
        try { const r = await fetch(url, {credentials: "include", ...options}); outcome[name] = r.type === "opaque" ? "sent blind" : `read ${r.status}`; }
        catch (e) { outcome[name] = "refused"; }
    };
    await attempt("read", app + "/api/v1/contracts", {});
    await attempt("post", app + "/api/v1/odometer-readings", {method: "POST", headers: {"Content-Type": "application/json"}, body: reading});
    await attempt("blind_post", app + "/api/v1/odometer-readings", {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: reading});
    outcome.socket = await new Promise((done) => {
        const socket = new WebSocket(app.replace("http", "ws") + "/_event/?EIO=4&transport=websocket");
        socket.onopen = () => { done("opened"); socket.close(); };
        socket.onerror = () => done("refused");
    });
    return outcome;
}"""


class _OtherSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = b"<!doctype html><title>another site</title><p>another site on the same host</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


@contextmanager
def other_site() -> Iterator[str]:
    """A page of another origin on the same host (another loopback port)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OtherSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _readings(db_url: str, contract_id: int) -> int:
    with session_scope(db_url) as s:
        return s.exec(select(func.count()).select_from(OdometerReading).where(OdometerReading.contract_id == contract_id)).one()


def test_a_page_of_another_origin_finds_no_session_and_cannot_use_the_api_or_the_websocket(browser, app_server):
    with session_scope(app_server.db_url) as s:
        contract = s.exec(select(Contract.id).join(User, User.id == Contract.driver_id).where(User.email == "driver@example.com")).one()
    before = _readings(app_server.db_url, contract)
    context = browser.new_context()
    app_page = context.new_page()
    problems: list[str] = []
    app_page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    app_server.new_log()
    sign_in(app_page, app_server, "driver@example.com")
    assert len(app_page.evaluate("localStorage.getItem('leasedash_session')") or "") > 20
    assert "leasedash_session" not in app_page.evaluate("document.cookie")
    with other_site() as site:
        other = context.new_page()
        other.goto(site)
        outcome = other.evaluate(_ATTACKS, [app_server.url, contract])
        other.set_content(f'<iframe id="framed" src="{app_server.url}/login"></iframe>')
        other.wait_for_timeout(1500)
        framed = [f.url for f in other.frames if f != other.main_frame]
    context.close()
    assert outcome == {"cookie": "", "stored": None, "read": "refused", "post": "refused", "blind_post": "sent blind", "socket": "refused"}
    assert _readings(app_server.db_url, contract) == before
    assert framed and not any(url.startswith(app_server.url) for url in framed), framed
    assert not problems, problems
    assert "Traceback" not in app_server.new_log()


def test_the_policy_blocks_an_injected_inline_script_and_says_so(browser, app_server):
    context = browser.new_context()
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    tab.goto(app_server.url + "/login", wait_until="networkidle")
    tab.wait_for_selector("#email")
    ran = tab.evaluate("""() => new Promise((done) => {
        document.addEventListener("securitypolicyviolation", (e) => done({ran: window.injected === true, directive: e.effectiveDirective}));
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.head.appendChild(script);
    })""")
    context.close()
    assert ran == {"ran": False, "directive": "script-src-elem"}
    assert any("Content Security Policy" in text for text in console), console
