"""The gate in front of Reflex's upload route (POST /_upload), wrapping the backend through
rx.App(api_transformer=[..., UploadGuard]). Before a byte of the body is read, a client gets at most
security.json "throttle" upload_client attempts a minute per IP, a body that announces more than
security.json "upload_request_bytes" is refused, and so is a client whose page has no signed-in session (its
Reflex state is looked up by the client token the upload names); a signed-in user then gets at most the
"upload" attempts a minute (services/throttle: counters shared by every worker, in Redis or the database).
While the body streams, it is counted: past the cap the upload stops and is refused (413), whatever its
Content-Length said."""

from __future__ import annotations

from reflex import constants
from reflex.config import get_config
from reflex.istate.manager.token import BaseStateToken
from reflex_base.registry import RegistrationContext
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from leasedash.api.limits import capped, refuse
from leasedash.db.session import session_scope
from leasedash.errors import Throttled
from leasedash.services.auth import resolve_session
from leasedash.services.security import security_settings
from leasedash.services.throttle import check_and_count, client_address


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
            status, reason, headers = refusal
            await refuse(send, status, "file", reason, headers)
            return
        cap = upload_request_bytes()
        await capped(self.app, scope, receive, send, cap, lambda answer: refuse(answer, 413, "file", f"larger than {cap} bytes"))


async def _refusal(scope: Scope) -> tuple[int, str, dict[str, str]] | None:
    """(status, reason, headers) when the upload is refused before its body is read; None to let it through."""
    headers = Headers(scope=scope)
    ip = client_address((scope.get("client") or ("", 0))[0], headers.get("x-forwarded-for", ""))
    try:
        await run_in_threadpool(check_and_count, "upload_client", "", ip)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > upload_request_bytes()):
            return 413, f"larger than {upload_request_bytes()} bytes", {}
        user_id = await _signed_in_user(headers.get("reflex-client-token", ""), headers.get("reflex-event-handler", ""))
        if user_id is None:
            return 401, "sign in before uploading a file", {}
        await run_in_threadpool(check_and_count, "upload", f"user:{user_id}", "")
    except Throttled as exc:
        return 429, f"too many uploads: try again in {exc.retry_after} s", {"retry-after": str(exc.retry_after)}
    return None


async def _signed_in_user(client_token: str, handler_name: str) -> int | None:
    """The user signed in on the page the upload goes to: its state, found by the client token, holds the session."""
    from leasedash.state import AppState

    registry = RegistrationContext.get()
    registered = registry.event_handlers.get(handler_name)
    state_class = registered.states[-1] if registered is not None and registered.states else None
    if not client_token or state_class is None or not issubclass(state_class, AppState):
        return None
    root = await registry.app.state_manager.get_state(BaseStateToken(ident=client_token, cls=state_class))
    session_token = root.get_substate(state_class.get_full_name().split(".")[1:]).session_token
    return await run_in_threadpool(_user_of, session_token)


def _user_of(session_token: str) -> int | None:
    with session_scope() as s:
        user = resolve_session(s, session_token)
        return None if user is None else user.id
