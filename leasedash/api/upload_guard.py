"""The gate in front of Reflex's upload route (POST /_upload), wrapping the backend through
rx.App(api_transformer=[..., UploadGuard]). Before a byte of the body is read, a client gets at most
security.json "throttle" upload_client attempts a minute per IP, a body that announces more than
security.json "upload_request_bytes" is refused, and so is a client whose page has no signed-in session (its
Reflex state is looked up by the client token the upload names); a signed-in user then gets at most the
"upload" attempts a minute (services/throttle: counters shared by every worker, in Redis or the database).
While the body streams, it is counted: past the cap the upload stops and is refused (413), whatever its
Content-Length said. Every refusal is also told to the page the upload came from (its state, found by the client token),
under the upload (components/problems.UPLOAD_FIELD) in the reader's language: the browser's upload call itself only
logs a failed request. An empty form (every file dropped refused by the browser's drop zone) reaches no handler."""

from __future__ import annotations

import logging
import re

from reflex import constants
from reflex.config import get_config
from reflex.istate.manager.token import BaseStateToken
from reflex_base.registry import RegistrationContext
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from leasedash.api.limits import capped, refuse
from leasedash.db.session import session_scope
from leasedash.errors import InvalidInput, Throttled
from leasedash.services.auth import resolve_session
from leasedash.services.security import security_settings
from leasedash.services.throttle import check_and_count, client_address

log = logging.getLogger(__name__)


def upload_request_bytes() -> int:
    """The largest upload request (security.json): every file a page takes at once, and the form around them."""
    return int(security_settings()["upload_request_bytes"])


class UploadGuard:
    """ASGI middleware: passes everything but POST /_upload through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.path = get_config().prepend_backend_path(str(constants.Endpoint.UPLOAD))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        refusal = await _refusal(scope)
        if refusal is not None:
            status, told, headers, tell = refusal
            await refuse(send, status, "file", told.reason, headers)
            if tell:
                await _tell_the_page(scope, told)
            return
        start = await _start(receive)
        if _no_file(scope, start):
            await _nothing_to_do(send)
            return
        cap = upload_request_bytes()

        async def too_large(answer: Send) -> None:
            told = _too_large()
            await refuse(answer, 413, "file", told.reason)
            await _tell_the_page(scope, told)

        async def replayed() -> Message:
            return start.pop(0) if start else await receive()

        await capped(self.app, scope, replayed, send, cap, too_large)


async def _start(receive: Receive, enough: int = 512) -> list[Message]:
    """The first messages of the request, until the body ends or `enough` bytes of it came (replayed to the route)."""
    start: list[Message] = []
    while not start or (start[-1]["type"] == "http.request" and start[-1].get("more_body")
                        and sum(len(m.get("body", b"")) for m in start) < enough):
        start.append(await receive())
    return start


def _no_file(scope: Scope, start: list[Message]) -> bool:
    """Whether the request is an empty form, as the browser sends when every file dropped was refused by the drop zone
    (react-dropzone calls on_drop with no file, then on_drop_rejected): run, the page's handler would clear the drop
    zone's refusal the moment it is shown."""
    boundary = re.search(r'boundary="?([^";]+)"?', Headers(scope=scope).get("content-type", ""))
    ended = start[-1]["type"] == "http.request" and not start[-1].get("more_body")
    body = b"".join(m.get("body", b"") for m in start)
    return boundary is not None and ended and body.strip() == b"--" + boundary.group(1).encode() + b"--"


async def _nothing_to_do(send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json"), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


def _too_large() -> InvalidInput:
    cap = upload_request_bytes()
    return InvalidInput("file", f"larger than {cap} bytes", "upload_request_size", {"maximum": max(1, cap // (1024 * 1024))})


async def _refusal(scope: Scope) -> tuple[int, InvalidInput, dict[str, str], bool] | None:
    """(status, the refusal, headers, whether to tell the page) when the upload is refused before its body is read; None
    to let it through. Only a signed-in user's page is told (a flood from one address, or from no session, costs no
    more than its refusal)."""
    headers = Headers(scope=scope)
    ip = client_address((scope.get("client") or ("", 0))[0], headers.get("x-forwarded-for", ""))
    client_token, handler = headers.get("reflex-client-token", ""), headers.get("reflex-event-handler", "")
    try:
        await run_in_threadpool(check_and_count, "upload_client", "", ip)
    except Throttled as exc:
        return 429, _throttled(exc), {"retry-after": str(exc.retry_after)}, False
    declared = headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > upload_request_bytes()):
        return 413, _too_large(), {}, await _signed_in_user(client_token, handler) is not None
    user_id = await _signed_in_user(client_token, handler)
    if user_id is None:
        return 401, InvalidInput("file", "sign in before uploading a file", "upload_signed_out"), {}, False
    try:
        await run_in_threadpool(check_and_count, "upload", f"user:{user_id}", "")
    except Throttled as exc:
        return 429, _throttled(exc), {"retry-after": str(exc.retry_after)}, True
    return None


def _throttled(exc: Throttled) -> InvalidInput:
    return InvalidInput("file", f"too many uploads: try again in {exc.retry_after} s", "upload_throttled", {"seconds": exc.retry_after})


def _page_state(client_token: str, handler_name: str) -> type | None:
    """The state class of the page whose handler the upload names (an AppState), or None."""
    from leasedash.state import AppState

    registered = RegistrationContext.get().event_handlers.get(handler_name)
    state_class = registered.states[-1] if registered is not None and registered.states else None
    if not client_token or state_class is None or not issubclass(state_class, AppState):
        return None
    return state_class


async def _tell_the_page(scope: Scope, refusal: InvalidInput) -> None:
    """Show the refusal under the upload of the page that sent it (the change is pushed to that browser tab)."""
    headers = Headers(scope=scope)
    client_token = headers.get("reflex-client-token", "")
    state_class = _page_state(client_token, headers.get("reflex-event-handler", ""))
    if state_class is None:
        return
    try:
        async with RegistrationContext.get().app.modify_state(BaseStateToken(ident=client_token, cls=state_class)) as root:
            root.get_substate(state_class.get_full_name().split(".")[1:]).refuse(refusal)
    except Exception:  # noqa: BLE001 - the refusal is answered either way; the page just is not told
        log.exception("could not show an upload's refusal on its page")


async def _signed_in_user(client_token: str, handler_name: str) -> int | None:
    """The user signed in on the page the upload goes to: its state, found by the client token, holds the session."""
    state_class = _page_state(client_token, handler_name)
    if state_class is None:
        return None
    root = await RegistrationContext.get().app.state_manager.get_state(BaseStateToken(ident=client_token, cls=state_class))
    session_token = root.get_substate(state_class.get_full_name().split(".")[1:]).session_token
    return await run_in_threadpool(_user_of, session_token)


def _user_of(session_token: str) -> int | None:
    with session_scope() as s:
        user = resolve_session(s, session_token)
        return None if user is None else user.id
