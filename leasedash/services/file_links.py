"""Short-lived signed links to the files the pages offer (damage photos, dealer quotes, request attachments,
inspection reports, CSV exports). A page signs the kind, the file and the signed-in user with the server's key
(settings.signing_key) and a time limit (security.json "file_link_minutes"); /api/files serves the file only
for a genuine, unexpired link, and then only if that user may still see it. No session secret ever travels with
a download, and the JSON API never accepts the browser's session."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote

from sqlmodel import Session

from leasedash.db.models import User
from leasedash.db.scoping import Viewer
from leasedash.errors import AccessDenied
from leasedash.services.auth import security_settings, viewer_of
from leasedash.settings import signing_key

PREFIX = "/api/files"
KINDS = ("photo", "quote", "attachment", "report", "report_without_costs", "export")
_MAX_DIGITS = 12


class ExpiredLink(AccessDenied):
    """A genuine link past its time: the page that gave it gives a fresh one."""


def _signature(kind: str, ref: str, user_id: int, expires: int) -> str:
    message = f"{kind}\n{ref}\n{user_id}\n{expires}".encode()
    return base64.urlsafe_b64encode(hmac.new(signing_key(), message, hashlib.sha256).digest()).rstrip(b"=").decode()


def signed_link(kind: str, ref: int | str, user_id: int, now: float | None = None) -> str:
    """The link to one file (`kind` one of KINDS, `ref` its id or an export's name) for `user_id`, valid for
    security.json "file_link_minutes" from `now`."""
    if kind not in KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    expires = int(now if now is not None else time.time()) + 60 * int(security_settings()["file_link_minutes"])
    ref = str(ref)
    return f"{PREFIX}/{kind}/{quote(ref, safe='')}?user={user_id}&expires={expires}&sig={_signature(kind, ref, user_id, expires)}"


def _whole(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS else None


def link_user(kind: str, ref: str, user: str, expires: str, sig: str, now: float | None = None) -> int:
    """The user a link was signed for, when it is genuine (kind, file, user and time as signed here) and unexpired:
    AccessDenied for a link not signed here or altered, ExpiredLink past its time."""
    user_id, until = _whole(user), _whole(expires)
    if kind not in KINDS or user_id is None or until is None \
            or not hmac.compare_digest(sig.encode(), _signature(kind, ref, user_id, until).encode()):
        raise AccessDenied("this link was not given by leasedash or was altered")
    if until < (now if now is not None else time.time()):
        raise ExpiredLink("this link has expired; open the file again from its page")
    return user_id


def link_viewer(session: Session, kind: str, ref: str, user: str, expires: str, sig: str) -> Viewer:
    """Who a genuine, unexpired link was given to, while their account is active (AccessDenied otherwise); the
    file is then looked up for them under the pages' scoping."""
    account = session.get(User, link_user(kind, ref, user, expires, sig))
    if account is None or account.status != "active":
        raise AccessDenied("the account this link was given to is closed")
    return viewer_of(account)
