"""An upload the server's gate refuses is said on the page that sent it, under its drop zone, in the reader's language
(issue 15, items 6 and 7): the browser's upload call only logs a failed request, so the gate writes the refusal into
that page's state and pushes the change to the tab. A client without a session is not told (nothing is written for it)."""

from __future__ import annotations

import asyncio

from reflex.istate.manager.token import BaseStateToken

from leasedash.pages.returns.inspection_state import InspectionState
from tests.db.test_throttle import counters  # noqa: F401  (the fixture the gate's needs)
from tests.db.test_upload_guard import MIB, _upload, gate  # noqa: F401  (the gate: a signed-in tab and an anonymous one)


class Pushed:
    """The app's websocket namespace, as far as the gate uses it: every update pushed, by client token."""

    def __init__(self) -> None:
        self.updates: list[tuple[str, dict]] = []

    async def emit_update(self, update, token: str) -> None:
        self.updates.append((token, update.delta))


def _page(client_token: str) -> InspectionState:
    import leasedash.leasedash as built

    root = asyncio.run(built.app.state_manager.get_state(BaseStateToken(ident=client_token, cls=InspectionState)))
    return root.get_substate(InspectionState.get_full_name().split(".")[1:])


def _reader_language(client_token: str, lang: str) -> None:
    _page(client_token).lang = lang


def test_a_refused_upload_is_said_under_the_drop_zone_in_the_readers_language(gate, monkeypatch):  # noqa: F811
    import leasedash.leasedash as built

    guard, route, _ = gate
    pushed = Pushed()
    monkeypatch.setattr(built.app, "_event_namespace", pushed)
    _reader_language("signed-in-tab", "fr")
    assert _upload(guard, "signed-in-tab", chunks=400, declared=400 * MIB)[::2] == (413, 0)
    expected = "Ces fichiers dépassent 26 Mo ensemble : envoyez-en moins à la fois."
    assert _page("signed-in-tab").field_problems == {"file": expected}
    assert [token for token, _ in pushed.updates] == ["signed-in-tab"]
    assert expected in str(pushed.updates[0][1])

    _reader_language("signed-in-tab", "nl")
    status, _, read = _upload(guard, "signed-in-tab", chunks=400)  # announced nothing: stopped as it streams
    assert (status, read) == (413, 26 + 1)
    assert _page("signed-in-tab").field_problems == {"file": "Deze bestanden zijn samen groter dan 26 MB: stuur er minder tegelijk."}


def test_a_tab_without_a_session_is_not_told(gate, monkeypatch):  # noqa: F811
    import leasedash.leasedash as built

    guard, route, _ = gate
    pushed = Pushed()
    monkeypatch.setattr(built.app, "_event_namespace", pushed)
    assert _upload(guard, "anonymous-tab", chunks=1)[0] == 401
    assert _upload(guard, "anonymous-tab", chunks=1, declared=400 * MIB)[0] == 413
    assert pushed.updates == [] and _page("anonymous-tab").field_problems == {}


def test_an_empty_form_reaches_no_handler(gate):  # noqa: F811
    """A drop whose every file the browser's drop zone refused still posts an empty form: answered without running the
    page's handler, which would clear the refusal the drop zone just showed."""
    guard, route, _ = gate
    headers = [(b"content-type", b"multipart/form-data; boundary=----WebKitFormBoundaryQ1"),
               (b"reflex-event-handler", f"{InspectionState.get_full_name()}.upload_photo".encode()),
               (b"reflex-client-token", b"signed-in-tab")]
    scope = {"type": "http", "method": "POST", "path": "/_upload", "headers": headers, "client": ("198.51.100.7", 50000), "query_string": b""}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"------WebKitFormBoundaryQ1--\r\n", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    assert (sent[0]["status"], route.calls) == (200, 0)
    assert _upload(guard, "signed-in-tab", chunks=1)[0] == 200 and route.calls == 1  # a form with a body goes through
