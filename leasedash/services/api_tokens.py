"""Creating, listing, revoking and checking personal API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.models import ApiToken, User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.domain import LeaseInputError

TOKEN_PREFIX = "ld_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, viewer: Viewer, name: str, user_id: int | None = None) -> tuple[str, ApiToken]:
    """A new token for the viewer (an admin may create one for any user); the token is shown once."""
    owner_id = viewer.user_id if user_id is None else user_id
    if owner_id != viewer.user_id and viewer.role != "admin":
        raise AccessDenied("only an admin creates tokens for someone else")
    if session.get(User, owner_id) is None:
        raise NotFound(f"user {owner_id}: no such user")
    label = (name or "").strip()[:100] or "token"
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=owner_id, name=label, prefix=token[:10], token_hash=_hash(token), created_by=viewer.user_id)
    session.add(row)
    session.flush()
    return token, row


def visible_tokens(session: Session, viewer: Viewer) -> list[tuple[ApiToken, str]]:
    """(token, owner's e-mail): an admin's view is every token, anybody else's their own."""
    statement = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
    if viewer.role != "admin":
        statement = statement.where(ApiToken.user_id == viewer.user_id)
    return [(t, email) for t, email in session.exec(statement.order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))]


def revoke_token(session: Session, viewer: Viewer, token_id: int) -> None:
    """Revoke one of the viewer's tokens (an admin: anybody's)."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != viewer.user_id and viewer.role != "admin"):
        raise NotFound(f"token {token_id}: no such token among yours")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()


def revoke_all_tokens(session: Session, user_id: int, because: str) -> None:
    """Revoke every live token of the user, saying why (password: their password changed or was reset;
    deactivated: they were deactivated); /tokens tells them."""
    session.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow(), revoked_because=because))


def user_of_token(session: Session, token: str) -> User | None:
    """The active user behind a live token, or None."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _hash(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.status != "active":
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now
        session.flush()
    return user


@dataclass(frozen=True)
class TokenRow:
    """A token as the /tokens page lists it: never the token itself, only how it begins."""

    id: int
    name: str
    prefix: str
    owner: str
    created: dt.date
    last_used: dt.date | None
    revoked: bool
    revoked_because: str | None = None


def token_rows(viewer: Viewer) -> list[TokenRow]:
    """The viewer's tokens (an admin's: every token), newest first."""
    with session_scope() as s:
        return [TokenRow(t.id, t.name, t.prefix, email, t.created_at.date(), t.last_used_at.date() if t.last_used_at else None, t.revoked_at is not None,
                         t.revoked_because)
                for t, email in visible_tokens(s, viewer)]


def new_token(viewer: Viewer, name: str, for_email: str = "") -> str:
    """A new token for the viewer, or (an admin) for the user of `for_email`; the token, shown once."""
    with session_scope() as s:
        owner_id = None
        if for_email.strip():
            owner = s.exec(select(User).where(User.email == for_email.strip().lower())).first()
            if owner is None:
                raise LeaseInputError("for_email", "no user with that e-mail address", code="token_unknown_user")
            owner_id = owner.id
        return create_token(s, viewer, name, owner_id)[0]


def revoke_own_token(viewer: Viewer, token_id: int) -> None:
    """Revoke one of the viewer's tokens (an admin: anybody's)."""
    with session_scope() as s:
        revoke_token(s, viewer, token_id)
