"""Sign-in sessions and attempts, kept in the database so that every worker sees them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from leasedash.db.types import UTCDateTime, utcnow


class AuthSession(SQLModel, table=True):
    """A signed-in browser: the hash of its token, whose it is, where from, and when it expires; while
    `second_factor_due` it is only the first half of a sign-in, waiting for the code of an authenticator."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    last_seen_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ip: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=200)
    second_factor_due: bool = False


class LoginAttempt(SQLModel, table=True):
    """One sign-in attempt, kept to throttle repeated failures."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    ip: str | None = Field(default=None, max_length=45)
    succeeded: bool = False
    attempted_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (Index("ix_login_attempt_email_at", "email", "attempted_at"),)
