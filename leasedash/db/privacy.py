"""What was done with a person's data at their request (GDPR): kept after the account is gone, without their data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column
from sqlmodel import Field, SQLModel

from leasedash.db.types import UTCDateTime, sql_values, utcnow

PRIVACY_ACTIONS = ("export", "erase", "anonymise")


class PrivacyRequest(SQLModel, table=True):
    """One request of a user about their own data: an export, or the end of their account (erased or anonymised).
    `user_id` is a plain number, not a foreign key, so the record outlives the account."""

    __tablename__ = "privacy_request"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(index=True)
    action: str = Field(max_length=12)
    done_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (CheckConstraint(f"action IN ({sql_values(PRIVACY_ACTIONS)})", name="ck_privacy_request_action"),)
