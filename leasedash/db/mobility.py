"""Mobility plans and car offers (seed 000): a company's plan, the offers its drivers build, the dealer
quotes attached to them, and the history of every step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from leasedash.db.types import Money, Rate, UTCDateTime, sql_values, utcnow, version_column

OFFER_STATUSES = ("offer", "sent", "ordered", "rejected", "deleted")


class MobilityPlanRecord(SQLModel, table=True):
    """A company's mobility plan and car policy, as its fleet manager set them."""

    __tablename__ = "mobility_plan"

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", unique=True)
    monthly_budget: Decimal = Field(sa_column=Column(Money(), nullable=False))
    durations: list[int] = Field(sa_column=Column(JSON, nullable=False))
    annual_km: list[int] = Field(sa_column=Column(JSON, nullable=False))
    default_months: int
    default_annual_km: int
    driver_may_adapt: bool = True
    contribution_allowed: bool = False
    contribution_cap: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    makes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    segments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fuels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    co2_cap: int | None = None
    standard_discount: Decimal = Field(default=Decimal("0"), sa_column=Column(Rate(), nullable=False))
    updated_by: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (CheckConstraint("monthly_budget > 0", name="ck_mobility_plan_budget"),)


class CarOffer(SQLModel, table=True):
    """An offer a driver built: the car, its options, the discounts, the rent and the contribution,
    frozen as computed when it was made."""

    __tablename__ = "car_offer"

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    driver_id: int = Field(foreign_key="app_user.id", index=True)
    make: str = Field(max_length=60)
    model: str = Field(max_length=100)
    segment: str = Field(max_length=10)
    fuel: str = Field(max_length=10)
    co2: int
    country: str = Field(max_length=2)
    list_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    options: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    options_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    standard_discount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    promotion: Decimal = Field(sa_column=Column(Money(), nullable=False))
    dealer_discount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    net_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    net_price_excl_vat: Decimal = Field(sa_column=Column(Money(), nullable=False))
    months: int
    annual_km: int
    monthly_rent: Decimal = Field(sa_column=Column(Money(), nullable=False))
    monthly_budget: Decimal = Field(sa_column=Column(Money(), nullable=False))
    contribution: Decimal = Field(sa_column=Column(Money(), nullable=False))
    contribution_refusal: str | None = Field(default=None, max_length=20)
    quote_net_excl_vat: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    status: str = Field(default="offer", max_length=10, index=True)
    reject_reason: str = Field(default="", max_length=2000)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (CheckConstraint(f"status IN ({sql_values(OFFER_STATUSES)})", name="ck_car_offer_status"),
                      CheckConstraint("months > 0 AND annual_km > 0", name="ck_car_offer_terms"))


class DealerQuote(SQLModel, table=True):
    """The dealer's quote attached to an offer, stored privately under a clean generated name."""

    __tablename__ = "dealer_quote"

    id: int | None = Field(default=None, primary_key=True)
    offer_id: int = Field(sa_column=Column(Integer, ForeignKey("car_offer.id", ondelete="CASCADE"), nullable=False, index=True))
    stored_name: str = Field(unique=True, max_length=120)
    content_type: str = Field(max_length=40)
    size_bytes: int
    uploaded_by: int = Field(foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class OfferEvent(SQLModel, table=True):
    """One step of an offer: built, quote attached, sent for approval, approved and ordered, rejected, deleted."""

    __tablename__ = "offer_event"

    id: int | None = Field(default=None, primary_key=True)
    offer_id: int = Field(sa_column=Column(Integer, ForeignKey("car_offer.id", ondelete="CASCADE"), nullable=False, index=True))
    action: str = Field(max_length=30)
    reason: str = Field(default="", max_length=2000)
    user_id: int = Field(foreign_key="app_user.id")
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
