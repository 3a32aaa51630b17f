"""One-time links of the account e-mails (issue 13): confirming an address, accepting an invitation, resetting a
forgotten password. Only a hash of a link's token is kept; a link works once, until it expires, and a new link of
the same kind for the same person replaces the earlier ones."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from functools import cache
from importlib import resources

from sqlalchemy import Column, ForeignKey, Integer, delete, update
from sqlmodel import Field, Session, SQLModel, select

from leasedash.db.tenancy import User
from leasedash.db.types import UTCDateTime, utcnow
from leasedash.errors import InvalidInput


class AccountToken(SQLModel, table=True):
    """A one-time link sent by e-mail: its kind, the hash of its token, whose it is, the address it went to."""

    __tablename__ = "account_token"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    token_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True))
    email: str = Field(max_length=254)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


@cache
def token_hours() -> dict[str, int]:
    """How long a link of each kind works (leasedash/data/accounts.json)."""
    raw = json.loads(resources.files("leasedash.data").joinpath("accounts.json").read_text(encoding="utf-8"))
    return dict(raw["token_hours"])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, kind: str, now: dt.datetime | None = None, email: str | None = None) -> str:
    """A new link of `kind` for the user, sent to `email` (their address by default); their unused links of that
    kind stop working. The token is returned once and only its hash is kept."""
    now = now or utcnow()
    lifetime = dt.timedelta(hours=token_hours()[kind])
    session.execute(delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.kind == kind,
                                               AccountToken.used_at.is_(None)))
    token = secrets.token_urlsafe(32)
    session.add(AccountToken(kind=kind, token_hash=_digest(token), user_id=user.id, email=email or user.email,
                             created_at=now, expires_at=now + lifetime))
    session.flush()
    return token


def _refused() -> InvalidInput:
    return InvalidInput("token", "this link has expired, was used already or was replaced by a newer one", code="account_link")


def live_token(session: Session, kind: str, token: str, now: dt.datetime | None = None) -> AccountToken:
    """The unused, unexpired link of `kind` with this token; InvalidInput (field "token") otherwise."""
    now = now or utcnow()
    row = session.exec(select(AccountToken).where(AccountToken.token_hash == _digest(token or ""), AccountToken.kind == kind)).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise _refused()
    return row


def redeem_token(session: Session, kind: str, token: str, now: dt.datetime | None = None) -> AccountToken:
    """Use the link once: marked used in this transaction, so a second use, even at the same moment from another
    worker, is refused (InvalidInput, field "token")."""
    now = now or utcnow()
    row = live_token(session, kind, token, now)
    claimed = session.execute(update(AccountToken).where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
                              .values(used_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise _refused()
    session.refresh(row)
    return row


def pending_tokens(session: Session, user_ids: list[int], kind: str, now: dt.datetime | None = None) -> dict[int, AccountToken]:
    """The live link of `kind` of each of these users that has one."""
    now = now or utcnow()
    rows = session.exec(select(AccountToken).where(AccountToken.user_id.in_(user_ids), AccountToken.kind == kind,
                                                   AccountToken.used_at.is_(None), AccountToken.expires_at > now))
    return {row.user_id: row for row in rows}


def drop_tokens(session: Session, user_id: int) -> None:
    """Every unused link of the user stops working (their address changed, or they were deactivated)."""
    session.execute(delete(AccountToken).where(AccountToken.user_id == user_id, AccountToken.used_at.is_(None)))
