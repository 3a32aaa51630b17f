"""What /login and /account do for a person's own security (issue 13, item 8): the code step of a sign-in, the list
of their active sessions and signing out everywhere, their authenticator (set up, confirm, remove). Each function
opens its own transaction and answers with frozen rows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlmodel import select

from leasedash.db.models import AuthSession, User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.errors import NotFound
from leasedash.services import totp
from leasedash.services.auth import SignIn, complete_second_factor, end_sessions, session_hash, waiting_for_code
from leasedash.services.security import security_settings

MAX_CODE = 20
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
             ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("Mac OS X", "macOS"),
            ("CrOS", "ChromeOS"), ("Linux", "Linux"))


@dataclass(frozen=True)
class SessionRow:
    """One signed-in browser of the person: since when, last seen, from where, which browser; `current` is this one."""

    id: int
    started: dt.datetime
    last_seen: dt.datetime
    ip: str
    browser: str
    current: bool


def browser_label(user_agent: str) -> str:
    """"Firefox · Linux" from a browser's User-Agent header ("" when it names neither)."""
    agent = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in agent), "")
    system = next((name for mark, name in _SYSTEMS if re.search(re.escape(mark), agent)), "")
    return " · ".join(part for part in (browser, system) if part)


def my_sessions(viewer: Viewer, token: str, now: dt.datetime | None = None) -> list[SessionRow]:
    """The viewer's live sessions (not expired, not idle too long, not waiting for a code), the latest seen first."""
    now = now or utcnow()
    settings = security_settings()
    idle_since = now - dt.timedelta(minutes=settings["session_idle_minutes"])
    current = session_hash(token)
    with session_scope() as s:
        rows = s.exec(select(AuthSession).where(AuthSession.user_id == viewer.user_id, AuthSession.expires_at > now,
                                                AuthSession.last_seen_at > idle_since, AuthSession.second_factor_due == False)  # noqa: E712
                      .order_by(AuthSession.last_seen_at.desc())).all()
        return [SessionRow(r.id, r.created_at, r.last_seen_at, r.ip or "", browser_label(r.user_agent or ""), r.token_hash == current)
                for r in rows]


def end_my_session(viewer: Viewer, session_id: int) -> None:
    """Sign out one of the viewer's own sessions (another browser); NotFound for anyone else's."""
    with session_scope() as s:
        row = s.get(AuthSession, session_id)
        if row is None or row.user_id != viewer.user_id:
            raise NotFound(f"session {session_id}")
        s.delete(row)


def sign_out_everywhere(viewer: Viewer) -> None:
    """End every session of the viewer, this one too."""
    with session_scope() as s:
        end_sessions(s, viewer.user_id)


def waiting_sign_in(token: str) -> bool:
    """Whether this browser's sign-in waits for the code of an authenticator."""
    with session_scope() as s:
        return waiting_for_code(s, token) is not None


def enter_code(token: str, code: str, ip: str = "") -> SignIn:
    """The code step of /login: complete_second_factor, with what the browser sent bounded before any query."""
    if len(code) > MAX_CODE:
        return SignIn(error="wrong_code")
    with session_scope() as s:
        return complete_second_factor(s, token, code, ip=ip)


def must_set_up_second_factor(viewer: Viewer, email: str) -> bool:
    """Whether the viewer is sent to /account to set up an authenticator first (totp.must_set_up); no query for the
    roles that need none."""
    if not totp.required_for(viewer.role):
        return False
    with session_scope() as s:
        return totp.must_set_up(s, viewer, email)


def has_second_factor(viewer: Viewer) -> bool:
    with session_scope() as s:
        return totp.has_second_factor(s, viewer.user_id)


def start_second_factor(viewer: Viewer) -> totp.Enrolment:
    """A new authenticator for the viewer to scan (totp.start)."""
    with session_scope() as s:
        return totp.start(s, s.get(User, viewer.user_id))


def confirm_second_factor(viewer: Viewer, code: str) -> None:
    """Its first code confirms the viewer's new authenticator (totp.confirm)."""
    with session_scope() as s:
        totp.confirm(s, s.get(User, viewer.user_id), code[:MAX_CODE])


def remove_second_factor(viewer: Viewer, code: str) -> None:
    """Remove the viewer's authenticator with one of its codes (totp.remove)."""
    with session_scope() as s:
        totp.remove(s, s.get(User, viewer.user_id), code[:MAX_CODE])
