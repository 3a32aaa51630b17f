"""Personal API tokens: only their hash is kept; revoked ones stay listed, with why when it was not their owner's
choice (their password changed, or they were deactivated)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from leasedash.db.types import UTCDateTime, utcnow


class ApiToken(SQLModel, table=True):
    """A token that lets a program call the REST API as its user."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True))
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=12)
    token_hash: str = Field(unique=True, max_length=64)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    last_used_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    revoked_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    revoked_because: str | None = Field(default=None, max_length=20)
