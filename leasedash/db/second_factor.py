"""The second factor of a user: the secret of their authenticator app (TOTP), confirmed once a code from it matched."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from leasedash.db.types import UTCDateTime, utcnow


class TotpCredential(SQLModel, table=True):
    """A user's authenticator: its base32 secret, when a first code confirmed it (None while being set up) and the
    time step of the last code accepted (a code works once)."""

    __tablename__ = "totp_credential"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True))
    secret: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    confirmed_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    last_step: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
