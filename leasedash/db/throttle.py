"""Throttling counters kept in the database when no Redis is configured, so that every worker counts together."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from leasedash.db.types import UTCDateTime


class ThrottleCounter(SQLModel, table=True):
    """Attempts counted under one key (a kind, a scope and a hash of the address or IP) until `window_ends`."""

    __tablename__ = "throttle_counter"

    key: str = Field(primary_key=True, max_length=80)
    hits: int = 0
    window_ends: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    last_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
