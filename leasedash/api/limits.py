"""A request body counted as it streams, for the JSON API (api/app.BodyLimit) and Reflex's upload route
(api/upload_guard): past its cap the app behind is told the client left, so nothing more is read, and the client
gets the refusal instead of whatever the app answered, whatever the request's Content-Length said."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


async def refuse(send: Send, status: int, field: str, reason: str, headers: dict[str, str] | None = None) -> None:
    """Answer with the API's problem document: {"detail": {"field", "reason"}}."""
    body = json.dumps({"detail": {"field": field, "reason": reason}}).encode()
    extra = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})


async def capped(app: ASGIApp, scope: Scope, receive: Receive, send: Send, cap: int, refusal: Callable[[Send], Awaitable[None]]) -> None:
    """Run `app` with the body counted as it streams; past `cap` bytes it reads no more and `refusal` answers."""
    seen, over, started = 0, False, False

    async def counted() -> Message:
        nonlocal seen, over
        if over:
            return {"type": "http.disconnect"}
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > cap:
                over = True
                return {"type": "http.disconnect"}
        return message

    async def answered(message: Message) -> None:
        nonlocal started
        if over and not started:
            return
        started = started or message["type"] == "http.response.start"
        await send(message)

    await app(scope, counted, answered)
    if over and not started:
        await refusal(send)
