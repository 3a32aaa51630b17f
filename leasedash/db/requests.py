"""Service requests (seed 002): what a driver asks for, its attachments, its history, the lessor's changes
to the public holidays its 48-working-hour deadline skips, and the e-mail notices of documents that are ready."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from leasedash.db.types import Money, UTCDateTime, sql_values, utcnow, version_column

REQUEST_KINDS = ("address_or_bank", "duplicate_registration", "resident_parking", "early_termination", "bonus_malus", "other", "buy_out")
REQUEST_STATUSES = ("submitted", "in_progress", "answered", "rejected")


class ServiceRequest(SQLModel, table=True):
    """A request from a driver's customer zone, answered within 48 working hours (002)."""

    __tablename__ = "service_request"

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    requester_id: int = Field(foreign_key="app_user.id", index=True)
    contract_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("contract.id", ondelete="SET NULL"), nullable=True, index=True))
    kind: str = Field(max_length=30)
    details: str = Field(default="", max_length=2000)
    status: str = Field(default="submitted", max_length=12, index=True)
    submitted_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    deadline_at: dt.datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    answered_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    handled_by: int | None = Field(default=None, foreign_key="app_user.id")
    answer: str = Field(default="", max_length=2000)
    termination_month: int | None = None
    simulated_cost: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    simulation: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    quoted_amount: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (CheckConstraint(f"kind IN ({sql_values(REQUEST_KINDS)})", name="ck_service_request_kind"),
                      CheckConstraint(f"status IN ({sql_values(REQUEST_STATUSES)})", name="ck_service_request_status"))


class RequestAttachment(SQLModel, table=True):
    """A file a driver joined to a request, or the document the lessor answered with."""

    __tablename__ = "request_attachment"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(sa_column=Column(Integer, ForeignKey("service_request.id", ondelete="CASCADE"), nullable=False, index=True))
    stored_name: str = Field(unique=True, max_length=120)
    content_type: str = Field(max_length=40)
    size_bytes: int
    is_answer: bool = False
    uploaded_by: int = Field(foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class RequestEvent(SQLModel, table=True):
    """One step of a request: filed, taken up, answered or rejected, a file joined."""

    __tablename__ = "request_event"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(sa_column=Column(Integer, ForeignKey("service_request.id", ondelete="CASCADE"), nullable=False, index=True))
    action: str = Field(max_length=30)
    reason: str = Field(default="", max_length=2000)
    user_id: int = Field(foreign_key="app_user.id")
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class PublicHoliday(SQLModel, table=True):
    """One of the lessor's changes to a country's public holidays: a day added (no working hours are counted on
    it) or a public holiday cancelled (they are); `every_year` repeats it on that day of the month from `day` on."""

    __tablename__ = "public_holiday"

    id: int | None = Field(default=None, primary_key=True)
    country: str = Field(max_length=2)
    day: dt.date
    name: str = Field(default="", max_length=100)
    every_year: bool = False
    cancelled: bool = False

    __table_args__ = (UniqueConstraint("country", "day", name="uq_public_holiday_country_day"),)


class DocumentNotice(SQLModel, table=True):
    """A document ready for a user: e-mailed at once, or in the weekly digest when they hold several contracts (002)."""

    __tablename__ = "document_notice"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    title: str = Field(max_length=200)
    link: str = Field(default="", max_length=300)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    sent_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True))
    in_digest: bool = False
