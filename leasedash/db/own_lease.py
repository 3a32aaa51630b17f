"""Bring-your-own-lease tables: the history of fleet imports, the odometer log's corrections and photos, the
contract a driver picked, and pace alerts (their thresholds, the state of each contract, the notices sent, who
wants them by e-mail)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, false
from sqlmodel import Field, SQLModel

from leasedash.db.types import Money, Rate, UTCDateTime, utcnow

IMPORT_KINDS = ("contracts", "readings")
READING_ACTIONS = ("added", "corrected", "deleted")


def _cascade(table: str, index: bool = False, primary_key: bool = False) -> Column:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=index, primary_key=primary_key)


class FleetImport(SQLModel, table=True):
    """A file imported into a company: who imported it, when, and what it did."""

    __tablename__ = "fleet_import"

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(sa_column=_cascade("company", index=True))
    imported_by: int | None = Field(default=None, foreign_key="app_user.id")
    kind: str = Field(max_length=10)
    file_name: str = Field(max_length=200)
    file_sha256: str = Field(max_length=64)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    absent: int = 0
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (CheckConstraint("kind IN ('contracts', 'readings')", name="ck_fleet_import_kind"),)


class OdometerChange(SQLModel, table=True):
    """The history of a contract's odometer log: a reading added, corrected (from, to) or deleted, by whom."""

    __tablename__ = "odometer_change"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(sa_column=_cascade("contract", index=True))
    reading_id: int | None = None
    action: str = Field(max_length=10)
    old_date: dt.date | None = None
    old_km: int | None = None
    new_date: dt.date | None = None
    new_km: int | None = None
    changed_by: int | None = Field(default=None, foreign_key="app_user.id")
    changed_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (CheckConstraint("action IN ('added', 'corrected', 'deleted')", name="ck_odometer_change_action"),)


class ReadingPhoto(SQLModel, table=True):
    """The dashboard photo of a reading, stored privately (uploads.store_private)."""

    __tablename__ = "reading_photo"

    reading_id: int = Field(sa_column=_cascade("odometer_reading", primary_key=True))
    stored_name: str = Field(unique=True, max_length=120)
    content_type: str = Field(max_length=40)


class ContractPick(SQLModel, table=True):
    """The contract a driver chose to see on every page."""

    __tablename__ = "contract_pick"

    user_id: int = Field(sa_column=_cascade("app_user", primary_key=True))
    contract_id: int = Field(sa_column=_cascade("contract"))


class PaceThreshold(SQLModel, table=True):
    """How far off plan a contract's pace may go before its driver and fleet manager are told: set for a product or
    for a company (the company's wins); the default is portfolio_rules.json's."""

    __tablename__ = "pace_threshold"

    id: int | None = Field(default=None, primary_key=True)
    company_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("company.id", ondelete="CASCADE"), nullable=True))
    product_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), nullable=True))
    threshold: Decimal = Field(sa_column=Column(Rate(), nullable=False))

    __table_args__ = (CheckConstraint("(company_id IS NULL) <> (product_id IS NULL)", name="ck_pace_threshold_one_owner"),
                      CheckConstraint("threshold > 0 AND threshold < 1", name="ck_pace_threshold_range"),
                      Index("uq_pace_threshold_company", "company_id", unique=True),
                      Index("uq_pace_threshold_product", "product_id", unique=True))


class PaceState(SQLModel, table=True):
    """Whether a contract's pace is off plan as last told, so a pace hovering at the threshold is not told again."""

    __tablename__ = "pace_state"

    contract_id: int = Field(sa_column=_cascade("contract", primary_key=True))
    off_plan: bool = False
    pace_ratio: Decimal = Field(sa_column=Column(Rate(), nullable=False))
    changed_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class PaceNotice(SQLModel, table=True):
    """A notice in a person's in-app list: a contract's pace went off plan or came back, the end settlement projected
    then and what adapting now would do; `proposed`: sent to the driver by a fleet manager from /fleet (the change
    proposed, "tell the driver")."""

    __tablename__ = "pace_notice"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_cascade("app_user"))
    contract_id: int = Field(sa_column=_cascade("contract"))
    off_plan: bool
    pace_ratio: Decimal = Field(sa_column=Column(Rate(), nullable=False))
    projected_km: int
    settlement: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    adapt_km: int | None = None
    adapt_now: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    adapt_end: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    monthly_reserve: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    proposed: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    read_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))

    __table_args__ = (Index("ix_pace_notice_user_created", "user_id", "created_at"),)


class NoticePreference(SQLModel, table=True):
    """Whether a person wants their pace notices by e-mail too (the in-app list always has them)."""

    __tablename__ = "notice_preference"

    user_id: int = Field(sa_column=_cascade("app_user", primary_key=True))
    pace_emails: bool = True
