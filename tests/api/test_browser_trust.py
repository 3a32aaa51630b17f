"""What the backend trusts from a browser (issue 16, items 3 and 4): the JSON API only a Bearer token, downloads
only a short-lived link signed for one file, CORS and the websocket only the app's own origin and the listed
ones; and the security headers on every response."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import socket
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlmodel import select

from leasedash.api.headers import SecurityHeaders, content_security_policy, inline_script_hashes
from leasedash.db.models import Contract, User
from leasedash.db.session import session_scope
from leasedash.errors import AccessDenied
from leasedash.services.auth import security_settings, sign_in, viewer_of
from leasedash.services.file_links import ExpiredLink, link_user, signed_link
from leasedash.settings import allowed_origins
from tests.conftest import FIXTURES, LISTED_ORIGIN
from tests.support.dev_server import DEMO_PASSWORD, free_port

PDF = b"%PDF-1.4\n% a dealer's quote\n" + b"0" * 300


def _parts(link: str) -> tuple[str, str, str, str, str]:
    url = urlsplit(link)
    _, _, _, kind, ref = url.path.split("/")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    return kind, ref, query["user"], query["expires"], query["sig"]


def test_a_signed_link_opens_its_file_for_its_user_until_it_expires():
    lifetime = 60 * security_settings()["file_link_minutes"]
    kind, ref, user, expires, sig = _parts(signed_link("photo", 5, 7, now=1_000_000))
    assert (kind, ref, int(expires)) == ("photo", "5", 1_000_000 + lifetime)
    assert link_user(kind, ref, user, expires, sig, now=1_000_000 + lifetime) == 7
    with pytest.raises(ExpiredLink):
        link_user(kind, ref, user, expires, sig, now=1_000_001 + lifetime)
    for altered in (("quote", ref, user, expires), (kind, "6", user, expires), (kind, ref, "8", expires),
                    (kind, ref, user, str(int(expires) + 3600)), (kind, ref, user, "9" * 40)):
        with pytest.raises(AccessDenied) as refused:
            link_user(*altered, sig, now=1_000_000)
        assert not isinstance(refused.value, ExpiredLink), altered
    with pytest.raises(AccessDenied):
        link_user(kind, ref, user, expires, sig[:-1] + ("A" if sig[-1] != "A" else "B"), now=1_000_000)


def test_the_allowed_origins_are_the_apps_own_and_the_listed_ones_never_none_never_any(monkeypatch):
    monkeypatch.delenv("LEASEDASH_ALLOWED_ORIGINS", raising=False)
    assert allowed_origins("https://lease.example.com/", "https://lease.example.com") == ["https://lease.example.com"]
    assert allowed_origins("http://localhost:3000", None) == ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]
    monkeypatch.setenv("LEASEDASH_ALLOWED_ORIGINS", " https://Partner.example:443, http://10.0.0.5:8080 ")
    assert allowed_origins("https://lease.example.com:443") == ["https://lease.example.com", "https://partner.example", "http://10.0.0.5:8080"]
    for wrong in ("*", "https://partner.example/app", "partner.example", "ftp://partner.example", "https://a@partner.example"):
        monkeypatch.setenv("LEASEDASH_ALLOWED_ORIGINS", wrong)
        with pytest.raises(ValueError, match="LEASEDASH_ALLOWED_ORIGINS"):
            allowed_origins("https://lease.example.com")
    monkeypatch.delenv("LEASEDASH_ALLOWED_ORIGINS")
    with pytest.raises(ValueError, match="no allowed origin"):
        allowed_origins(None)


def test_the_policy_allows_a_pages_own_inline_scripts_by_hash_and_nothing_else_inline():
    html = b'<script>window.a=1</script><script type="module">import "/x.js";</script><script src="/y.js"></script><script>window.a=1</script>'
    expected = tuple(base64.b64encode(hashlib.sha256(s).digest()).decode() for s in (b"window.a=1", b'import "/x.js";'))
    assert inline_script_hashes(html) == expected
    directives = dict(d.split(" ", 1) for d in content_security_policy(expected).split("; "))
    assert directives["script-src"] == f"'self' 'sha256-{expected[0]}' 'sha256-{expected[1]}' 'unsafe-eval'"
    assert (directives["default-src"], directives["object-src"], directives["base-uri"], directives["frame-ancestors"]) == (
        "'self'", "'none'", "'self'", "'none'")
    assert all("unsafe" not in v for k, v in directives.items() if k not in ("script-src", "style-src"))
    assert not any("://" in v or "*" in v for v in directives.values())


def _sent(*messages) -> list[dict]:
    """What SecurityHeaders sends on when an app answers with `messages` (a static page comes as a pathsend), run
    in a thread of its own: a browser test of the same session may hold this thread's event loop."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def app(_scope, _receive, send):
        for message in messages:
            await send(dict(message))

    sent: list[dict] = []

    async def collect(message):
        sent.append(message)

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, SecurityHeaders(app)({"type": "http", "method": "GET", "path": "/"}, None, collect)).result()
    return sent


def test_a_page_gets_the_hashes_of_its_own_scripts_whether_sent_in_chunks_zipped_or_from_its_file(tmp_path):
    import gzip

    html = b"<html><script>window.page=1</script><p>hello</p></html>"
    page = tmp_path / "index.html"
    page.write_bytes(html)
    expected = f"'sha256-{inline_script_hashes(html)[0]}'"
    start = {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html; charset=utf-8")]}
    zipped = {**start, "headers": [*start["headers"], (b"content-encoding", b"gzip")]}
    cases = {"chunks": (start, {"type": "http.response.body", "body": html[:20], "more_body": True}, {"type": "http.response.body", "body": html[20:]}),
             "gzip": (zipped, {"type": "http.response.body", "body": gzip.compress(html)}),
             "file": (start, {"type": "http.response.pathsend", "path": str(page)})}
    for case, messages in cases.items():
        sent = _sent(*messages)
        assert [m["type"] for m in sent] == ["http.response.start", messages[-1]["type"]], case
        headers = dict(sent[0]["headers"])
        assert expected in headers[b"content-security-policy"].decode() and headers[b"x-frame-options"] == b"DENY", case
    json_sent = _sent({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]},
                      {"type": "http.response.body", "body": b"{}"})
    assert dict(json_sent[0]["headers"])[b"content-security-policy"].decode() == content_security_policy()
    not_modified = _sent({"type": "http.response.start", "status": 304, "headers": []}, {"type": "http.response.body", "body": b""})
    assert b"content-security-policy" not in dict(not_modified[0]["headers"])  # the cached page keeps its own, with its hashes


def _users(app_server) -> dict[str, User]:
    with session_scope(app_server.db_url) as s:
        users = {u.email: u for u in s.exec(select(User).where(User.email.in_(("driver@example.com", "fleet@example.com"))))}
        stranger = s.exec(select(User).where(User.role == "driver", User.company_id != users["driver@example.com"].company_id)).first()
        users["stranger"] = stranger
        for u in users.values():
            s.expunge(u)
        return users


def test_the_api_refuses_the_browsers_session_without_a_bearer_token(app_server):
    with session_scope(app_server.db_url) as s:
        session = sign_in(s, "driver@example.com", DEMO_PASSWORD).token
    assert session
    for headers in ({"Cookie": f"leasedash_session={session}"}, {"Authorization": f"Bearer {session}"}):
        response = httpx.get(app_server.url + "/api/v1/contracts", headers=headers)
        assert response.status_code == 401 and response.json()["detail"]["field"] == "authorization", headers
    readings = [{"reading_id": "cookie-1", "contract_id": 1, "date": "2026-11-01", "km": 1}]
    posted = httpx.post(app_server.url + "/api/v1/odometer-readings", json=readings, headers={"Cookie": f"leasedash_session={session}"})
    assert posted.status_code == 401


def test_cors_answers_the_apps_own_and_the_listed_origin_and_refuses_a_foreign_one(app_server, api_tokens):
    own, foreign = app_server.url, f"http://127.0.0.1:{free_port()}"
    url = app_server.url + "/api/v1/contracts"
    for origin, allowed in ((own, True), (LISTED_ORIGIN, True), (foreign, False), ("null", False)):
        preflight = httpx.options(url, headers={"Origin": origin, "Access-Control-Request-Method": "GET",
                                                "Access-Control-Request-Headers": "authorization"})
        simple = httpx.get(url, headers={"Origin": origin, "Authorization": f"Bearer {api_tokens['driver@example.com']}"})
        assert preflight.status_code == (200 if allowed else 400), origin
        for response in (preflight, simple):
            assert response.headers.get("access-control-allow-origin") == (origin if allowed else None), origin


def _websocket_status(app_server, origin: str) -> int:
    """The status of a websocket handshake on /_event from a page of `origin` (101: opened)."""
    address = urlsplit(app_server.url)
    key = base64.b64encode(b"leasedash-origin").decode()
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall((f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {address.netloc}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n").encode())
        return int(conn.recv(200).split(b" ", 2)[1])


def test_the_websocket_opens_for_the_apps_own_and_the_listed_origin_only(app_server):
    foreign = f"http://127.0.0.1:{free_port()}"
    assert {origin: _websocket_status(app_server, origin) for origin in (app_server.url, LISTED_ORIGIN, foreign)} == {
        app_server.url: 101, LISTED_ORIGIN: 101, foreign: 403}


def _files(app_server) -> dict[str, tuple[int, str, int]]:
    """A damage photo (PNG), a request attachment (PDF) and an inspection (its report), as (id, stored type, user)."""
    from leasedash.domain.inspection import Damage
    from leasedash.services import inspections, requests
    from leasedash.services.photos import save_photo

    users = _users(app_server)
    with session_scope(app_server.db_url) as s:
        driver, fleet = viewer_of(users["driver@example.com"]), viewer_of(users["fleet@example.com"])
        contract = s.exec(select(Contract).where(Contract.driver_id == driver.user_id)).one().id
        inspection = inspections.create_inspection(s, fleet, contract, dt.date.today())
        damage = inspections.add_damage(s, fleet, inspection.id, Damage("bonnet", "dent", 40))
        photo = save_photo(s, fleet, inspection.id, damage.id, "dent.png", (FIXTURES / "dent.png").read_bytes())
        request = requests.file_request(s, driver, "other", "A question about my contract, with the dealer's quote.")
        attachment = requests.attach_file(s, driver, request.id, "quote.pdf", PDF)
        return {"photo": (photo.id, "image/png", fleet.user_id), "attachment": (attachment.id, "application/pdf", driver.user_id),
                "report": (inspection.id, "application/pdf", driver.user_id)}


HEADERS = {"x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin"}


def _has_security_headers(response: httpx.Response) -> bool:
    policy = response.headers.get("content-security-policy", "")
    return all(response.headers.get(k) == v for k, v in HEADERS.items()) and "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_files_come_through_signed_links_as_attachments_of_their_stored_type_with_the_headers(app_server, api_tokens):
    files = _files(app_server)
    fetched = {kind: httpx.get(app_server.url + signed_link(kind, ref, user)) for kind, (ref, _, user) in files.items()}
    assert {kind: (r.status_code, r.headers["content-type"]) for kind, r in fetched.items()} == {
        kind: (200, content_type) for kind, (_, content_type, _) in files.items()}
    assert fetched["photo"].headers["content-disposition"].startswith("inline;")
    assert fetched["attachment"].headers["content-disposition"].startswith("attachment;")
    assert fetched["report"].headers["content-disposition"] == f'attachment; filename="inspection-{files["report"][0]}.pdf"'
    assert all(_has_security_headers(r) for r in fetched.values())
    through_api = httpx.get(f"{app_server.url}/api/v1/requests/attachments/{files['attachment'][0]}",
                            headers={"Authorization": f"Bearer {api_tokens['driver@example.com']}"})
    assert through_api.status_code == 200 and through_api.headers["content-disposition"].startswith("attachment;")
    assert through_api.headers["content-type"] == "application/pdf" and _has_security_headers(through_api)


def test_a_signed_link_is_bound_to_its_file_and_user_and_expires(app_server):
    files, users = _files(app_server), _users(app_server)
    photo, _, fleet_id = files["photo"]
    link = signed_link("photo", photo, fleet_id)
    assert httpx.get(app_server.url + link).status_code == 200
    other_file = link.replace(f"/photo/{photo}?", f"/photo/{photo - 1}?")
    other_user = link.replace(f"user={fleet_id}&", f"user={users['driver@example.com'].id}&")
    as_attachment = link.replace("/photo/", "/attachment/")
    for altered in (other_file, other_user, as_attachment):
        refused = httpx.get(app_server.url + altered)
        assert refused.status_code == 403 and refused.json()["detail"]["field"] == "link", altered
    lifetime = 60 * security_settings()["file_link_minutes"]
    expired = httpx.get(app_server.url + signed_link("photo", photo, fleet_id, now=dt.datetime.now().timestamp() - lifetime - 1))
    assert expired.status_code == 410 and "expired" in expired.json()["detail"]["reason"]
    assert httpx.get(app_server.url + signed_link("photo", photo, users["stranger"].id)).status_code == 404


def test_security_headers_on_a_page_its_scripts_and_an_api_response(app_server, api_tokens):
    page = httpx.get(app_server.url + "/login", follow_redirects=True)
    script = httpx.get(app_server.url + re.search(r'"(/assets/[^"]+\.js)"', page.text).group(1))
    answer = httpx.get(app_server.url + "/api/v1/contracts", headers={"Authorization": f"Bearer {api_tokens['driver@example.com']}"})
    refused = httpx.get(app_server.url + "/api/v1/contracts")
    assert [r.status_code for r in (page, script, answer, refused)] == [200, 200, 200, 401]
    assert all(_has_security_headers(r) for r in (*page.history, page, script, answer, refused))
    scripts = page.headers["content-security-policy"].split("script-src ", 1)[1].split(";", 1)[0]
    assert "'sha256-" in scripts and "'unsafe-inline'" not in scripts
    again = httpx.get(str(page.url), headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304 and "content-security-policy" not in again.headers
