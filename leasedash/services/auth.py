"""Signing in and out: bcrypt passwords, server-side sessions that expire, failures throttled per address and IP
(services/throttle), and the seed 000 password rule on every password set."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, select

from leasedash.db.models import AuthSession, Company, LoginAttempt, User
from leasedash.db.scoping import Viewer
from leasedash.db.types import utcnow
from leasedash.domain.password_rule import PersonalData, password_problems
from leasedash.errors import InvalidInput, Throttled
from leasedash.services import throttle, totp
from leasedash.services.passwords import hash_password, too_long, verify_password
from leasedash.services.security import security_settings

_DUMMY_HASH = "$2b$12$PqKOg/Xogm0Fsvd1KeQ19.y7MeRP6v2dcUGZ8DtrS67n4tjhwiLbW"  # bcrypt of a throw-away value: equal timing for unknown addresses


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: a session token (waiting for the code of an authenticator when `second_factor_due`),
    or the code of the reason there is none (missing_credentials, throttled with `retry_after` seconds to wait,
    wrong_credentials; for the code: code_expired, wrong_code)."""

    token: str | None = None
    user: User | None = None
    error: str | None = None
    retry_after: int = 0
    second_factor_due: bool = False


def _hash(token: str) -> str:
    """The stored form of a token; whatever a browser sends in its place (a list, a lone surrogate) hashes to no session."""
    return hashlib.sha256(str(token).encode("utf-8", "surrogatepass")).hexdigest()


def session_hash(token: str) -> str:
    """What the database keeps of a session token (to tell the current session among a person's)."""
    return _hash(token)


def sign_in(session: Session, email: str, password: str, now: dt.datetime | None = None, *, ip: str = "",
            user_agent: str = "") -> SignIn:
    """Check the password, unless the failures of this address from this IP, or of this IP, are over the limits of
    throttle "sign_in" (then refuse without checking, saying how long to wait): wrong passwords typed in one place
    never lock the owner out elsewhere. Unknown addresses cost one bcrypt check too. Every attempt is recorded and
    counted in the caller's session, so the caller commits even on failure."""
    now = now or utcnow()
    address = (email or "").strip().lower()
    if not address or not password:
        return SignIn(error="missing_credentials")
    try:
        throttle.check("sign_in", address, ip, session=session, now=now)
    except Throttled as refused:
        return SignIn(error="throttled", retry_after=refused.retry_after)
    user = session.exec(select(User).where(User.email == address)).first()
    valid = verify_password(password, user.password_hash if user else _DUMMY_HASH) and user is not None and user.status == "active"
    session.add(LoginAttempt(email=address, ip=ip or None, succeeded=valid, attempted_at=now))
    if not valid:
        throttle.count("sign_in", address, ip, session=session, now=now)
        return SignIn(error="wrong_credentials")
    throttle.forget("sign_in", address, ip, session=session)
    due = totp.has_second_factor(session, user.id)
    token = secrets.token_urlsafe(32)
    session.add(AuthSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now, ip=ip[:45] or None,
                            user_agent=user_agent[:200] or None, second_factor_due=due,
                            expires_at=now + dt.timedelta(hours=security_settings()["session_hours"])))
    session.flush()
    return SignIn(token=token, user=user, second_factor_due=due)


def waiting_for_code(session: Session, token: str, now: dt.datetime | None = None) -> User | None:
    """The user of a sign-in whose password was right and that waits for the code of their authenticator, for
    security.json "second_factor_minutes" after the password; else None."""
    now = now or utcnow()
    found = session.exec(select(AuthSession, User).join(User, User.id == AuthSession.user_id)
                         .where(AuthSession.token_hash == _hash(token or ""), AuthSession.second_factor_due)).first()
    if found is None or found[0].created_at + dt.timedelta(minutes=security_settings()["second_factor_minutes"]) <= now:
        return None
    return found[1]


def complete_second_factor(session: Session, token: str, code: str, now: dt.datetime | None = None, *, ip: str = "") -> SignIn:
    """The second half of a sign-in: a current code of the user's authenticator opens the session that sign_in left
    waiting. Wrong codes are throttled per address and IP (throttle "second_factor"); the caller commits even on
    failure."""
    now = now or utcnow()
    user = waiting_for_code(session, token, now)
    if user is None:
        return SignIn(error="code_expired")
    try:
        throttle.check("second_factor", user.email, ip, session=session, now=now)
    except Throttled as refused:
        return SignIn(error="throttled", retry_after=refused.retry_after)
    if not totp.verify(session, user.id, code, now):
        throttle.count("second_factor", user.email, ip, session=session, now=now)
        return SignIn(error="wrong_code")
    throttle.forget("second_factor", user.email, ip, session=session)
    session.execute(update(AuthSession).where(AuthSession.token_hash == _hash(token)).values(second_factor_due=False, last_seen_at=now))
    return SignIn(token=token, user=user)


def resolve_session(session: Session, token: str, now: dt.datetime | None = None) -> User | None:
    """The user of a live session; None when the token is unknown, expired or idle too long."""
    if not token:
        return None
    now = now or utcnow()
    found = session.exec(select(AuthSession, User).join(User, User.id == AuthSession.user_id)
                         .where(AuthSession.token_hash == _hash(token))).first()
    if found is None:
        return None
    row, user = found
    idle = dt.timedelta(minutes=security_settings()["session_idle_minutes"])
    if row.second_factor_due or row.expires_at <= now or row.last_seen_at + idle <= now or user.status != "active":
        return None
    if now - row.last_seen_at > dt.timedelta(minutes=1):
        row.last_seen_at = now
        session.flush()
    return user


def sign_out(session: Session, token: str) -> None:
    """End the session of this token."""
    session.execute(delete(AuthSession).where(AuthSession.token_hash == _hash(token)))


def end_sessions(session: Session, user_id: int, keep_token: str = "") -> None:
    """End every session of the user but the one of `keep_token` (the browser that changed the password)."""
    statement = delete(AuthSession).where(AuthSession.user_id == user_id)
    if keep_token:
        statement = statement.where(AuthSession.token_hash != _hash(keep_token))
    session.execute(statement)


def viewer_of(user: User) -> Viewer:
    """The scoping identity of a user."""
    return Viewer(user_id=user.id, role=user.role, company_id=user.company_id)


def personal_data(session: Session, user: User) -> PersonalData:
    """What the user's password may not contain: their names, birth date and employer's name (a private lessee's
    company is only theirs or the lessor's customer base, nothing about them)."""
    company = session.get(Company, user.company_id) if user.company_id else None
    return PersonalData(user.first_name, user.last_name, user.birth_date, company.name if company and company.kind == "employer" else "")


def set_password(session: Session, user: User, new_password: str) -> list[str]:
    """Set a password that follows the rule of seed 000; returns the codes of the rules it breaks
    (then nothing is set)."""
    problems = password_problems(new_password, personal_data(session, user))
    if not problems:
        user.password_hash = hash_password(new_password)
        session.flush()
    return problems


def confirm_own_password(session: Session, user: User, password: str, ip: str = "") -> None:
    """A signed-in person's password, asked again before something that cannot be undone (deleting the account,
    changing the address); wrong ones are throttled like sign-ins (InvalidInput "password" or Throttled)."""
    throttle.check("sign_in", user.email, ip, session=session)
    if too_long(password) or not verify_password(password, user.password_hash or ""):
        throttle.count("sign_in", user.email, ip)
        raise InvalidInput("password", "the password is wrong", code="own_password")


def change_password(session: Session, user: User, current: str, new_password: str) -> list[str]:
    """Change one's own password: the current one first, then the rule."""
    if not verify_password(current, user.password_hash):
        return ["current_wrong"]
    return set_password(session, user, new_password)
