"""The security headers of every response the backend sends (pages, their scripts, the API, files): a
Content-Security-Policy, X-Frame-Options, X-Content-Type-Options and Referrer-Policy. Wraps the whole backend
through rx.App(api_transformer=[..., SecurityHeaders]).

The policy: everything from the app's own origin, nothing from any other; no plugins, no <base> elsewhere, no
framing. Two relaxations, each in its own directive (the README says why): script-src allows the prerendered
pages' inline scripts by their SHA-256 hashes (taken from each page as it is served, so no other inline script
runs) and 'unsafe-eval' (Reflex runs the scripts a handler sends back, e.g. rx.scroll_to, with eval; Plotly's
WebGL charts compile their shaders' glue with Function); style-src allows 'unsafe-inline' (Emotion, Radix and
Plotly write <style> elements while the page runs)."""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import re
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)

FIXED_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def content_security_policy(script_hashes: tuple[str, ...] = ()) -> str:
    """The policy, with the inline scripts of the page being served allowed by their hashes."""
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in script_hashes), "'unsafe-eval'"])
    return "; ".join((
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'",
    ))


@functools.lru_cache(maxsize=256)
def inline_script_hashes(html: bytes) -> tuple[str, ...]:
    """The SHA-256 (base64) of each inline script of a page, in order, without repeats."""
    digests = (base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() for m in _INLINE_SCRIPT.finditer(html))
    return tuple(dict.fromkeys(digests))


class SecurityHeaders:
    """ASGI middleware: the fixed headers on every HTTP response (unless the route set its own), and the CSP,
    with the hashes of its inline scripts on an HTML page (its start held until its body is complete, a few
    kilobytes, or read from the file a static page is sent from). A 304 gets no CSP: the browser would put it
    in place of the cached page's own, hashes and all."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in FIXED_HEADERS.items():
                    headers.setdefault(name, value)
                if message["status"] != 304:
                    if headers.get("content-type", "").startswith("text/html"):
                        held.append(message)
                        return
                    headers.setdefault("content-security-policy", content_security_policy())
            elif held:
                held.append(message)
                if message.get("more_body"):
                    return
                start, *parts = held
                held.clear()
                if message["type"] == "http.response.pathsend":
                    body = Path(message["path"]).read_bytes()
                else:
                    body = b"".join(part.get("body", b"") for part in parts)
                    message = {"type": "http.response.body", "body": body}
                headers = MutableHeaders(scope=start)
                html = gzip.decompress(body) if headers.get("content-encoding") == "gzip" and body else body
                headers.setdefault("content-security-policy", content_security_policy(inline_script_hashes(html)))
                await send(start)
            await send(message)

        await self.app(scope, receive, send_with_headers)
