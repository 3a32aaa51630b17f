"""The gate in front of Reflex's upload route (issue 16, item 2), driven as the server drives it (ASGI scope, receive,
send) with the app's real event handlers and a Reflex state manager: an upload from a page without a signed-in
session is refused before one byte of its body is read, a body past the cap is stopped as it streams whatever it
announced, and a signed-in user gets at most security.json's uploads a minute (counters in the database or Redis)."""

from __future__ import annotations

import asyncio
import json
import tracemalloc

import pytest
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken

from leasedash.api import upload_guard
from leasedash.api.upload_guard import UploadGuard, upload_request_bytes
from leasedash.db.session import session_scope
from leasedash.pages.returns.inspection_state import InspectionState
from leasedash.services.auth import sign_in, sign_out
from leasedash.services.passwords import hash_password
from leasedash.services.security import security_settings
from tests.db.factories import make_company, make_user
from tests.db.test_throttle import counters  # noqa: F401  (the fixture: counters in the database, then in Redis)

MIB = 1024 * 1024
HANDLER = f"{InspectionState.get_full_name()}.upload_photo"
CHUNK = b"\xff" * MIB


class Reader:
    """The upload route behind the gate: reads the whole body, then answers 200 with how much it read."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        read = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            read += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = json.dumps({"read": read}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture
def gate(db_url, counters, monkeypatch):  # noqa: F811
    """(the gate, the route behind it, a page's client token signed in as a driver, and one with no session)."""
    import leasedash.leasedash as built

    memory = StateManagerMemory()
    monkeypatch.setattr(built.app, "_state_manager", memory)
    with session_scope(db_url) as s:
        user = make_user(s, make_company(s, "Brightwater Logistics S.à r.l."), "sofie@brightwater.lu")
        user.password_hash = hash_password("Leasedash2026")
    with session_scope(db_url) as s:
        session = sign_in(s, "sofie@brightwater.lu", "Leasedash2026").token

    async def page(client_token: str, session_token: str) -> None:
        root = await memory.get_state(BaseStateToken(ident=client_token, cls=InspectionState))
        root.get_substate(InspectionState.get_full_name().split(".")[1:]).session_token = session_token

    asyncio.run(page("signed-in-tab", session))
    asyncio.run(page("anonymous-tab", ""))
    route = Reader()
    yield UploadGuard(route), route, session


def _upload(guard, client_token: str | None, chunks: int, declared: int | None = None, ip: str = "198.51.100.7"):
    """POST /_upload with `chunks` MiB of body: (status, answer, chunks the server read)."""
    headers = [(b"content-type", b"multipart/form-data; boundary=x"), (b"reflex-event-handler", HANDLER.encode())]
    if client_token is not None:
        headers.append((b"reflex-client-token", client_token.encode()))
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))
    scope = {"type": "http", "method": "POST", "path": "/_upload", "headers": headers, "client": (ip, 50000), "query_string": b""}
    read, sent = 0, []

    async def receive():
        nonlocal read
        read += 1
        return {"type": "http.request", "body": CHUNK, "more_body": read < chunks}

    async def send(message):
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    answer = json.loads(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))
    return start["status"], answer, read


def test_no_signed_in_session_is_refused_before_one_byte_is_read(gate):
    guard, route, session = gate
    for client_token in (None, "anonymous-tab", "a-tab-no-server-knows"):
        status, answer, read = _upload(guard, client_token, chunks=400)
        assert (status, read, route.calls) == (401, 0, 0) and answer["detail"]["field"] == "file"
    sign_out_everywhere = session
    with session_scope() as s:
        sign_out(s, sign_out_everywhere)
    assert _upload(guard, "signed-in-tab", chunks=400)[::2] == (401, 0)


def test_a_flood_from_a_client_that_never_signed_in_costs_no_memory(gate, monkeypatch):
    guard, route, _ = gate
    rule = security_settings()["throttle"]["upload_client"][0]
    monkeypatch.setitem(rule, "window_minutes", 60)  # the window must not end while the flood runs on a busy machine
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    answers = [_upload(guard, "anonymous-tab", chunks=1, ip="203.0.113.66") for _ in range(300)]
    grown = (tracemalloc.get_traced_memory()[1] - before) / MIB
    tracemalloc.stop()
    assert {status for status, _, _ in answers} == {401, 429} and sum(read for *_, read in answers) == 0 and route.calls == 0
    limit = security_settings()["throttle"]["upload_client"][0]["limit"]
    assert [status for status, _, _ in answers].index(429) == limit
    print(f"\n300 uploads of 1 MiB without a session: {grown:.1f} MiB more at the peak, none read")
    assert grown < 20


def test_a_body_past_the_cap_is_stopped_as_it_streams_whatever_it_announced(gate):
    guard, route, _ = gate
    cap = upload_request_bytes()
    assert cap == 26 * MIB
    status, answer, read = _upload(guard, "signed-in-tab", chunks=400)
    assert status == 413 and read == cap // MIB + 1 and route.calls == 1 and "larger than" in answer["detail"]["reason"]
    status, _, read = _upload(guard, "signed-in-tab", chunks=400, declared=1000)
    assert (status, read) == (413, cap // MIB + 1)
    assert _upload(guard, "signed-in-tab", chunks=400, declared=400 * MIB)[::2] == (413, 0)


def test_a_signed_in_upload_within_the_cap_goes_through_whole(gate):
    guard, route, _ = gate
    status, answer, read = _upload(guard, "signed-in-tab", chunks=5, declared=5 * MIB)
    assert (status, answer, read, route.calls) == (200, {"read": 5 * MIB}, 5, 1)


def test_a_signed_in_user_gets_a_set_number_of_uploads_a_minute(gate, monkeypatch):
    guard, route, _ = gate
    monkeypatch.setattr(upload_guard, "client_address", lambda peer, forwarded="": f"192.0.2.{route.calls % 250}")
    limit = security_settings()["throttle"]["upload"][0]["limit"]
    statuses = [_upload(guard, "signed-in-tab", chunks=1)[0] for _ in range(limit + 2)]
    assert statuses == [200] * limit + [429, 429] and route.calls == limit
