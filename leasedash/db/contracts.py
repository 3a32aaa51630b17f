"""Contracts and what happens to them: events, odometer readings, saved what-ifs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from leasedash.db.types import Money, UTCDateTime, sql_values, utcnow, version_column

STATUSES = ("planned", "active", "ended", "terminated")
ORIGINS = ("demo", "typed", "import")


class Contract(SQLModel, table=True):
    """A lease contract: one driver, one car, one product, its terms and its monthly rent; its reference is unique
    within its company; the odometer it was delivered with; whether the demo made it, a user typed it or a file brought it."""

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=30)
    company_id: int = Field(foreign_key="company.id")
    driver_id: int = Field(foreign_key="app_user.id", index=True)
    vehicle_id: int = Field(foreign_key="vehicle.id", index=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    rent_grid_id: int | None = Field(default=None, foreign_key="rent_grid.id", index=True)
    start_date: dt.date
    months: int
    annual_km: int
    monthly_rent: Decimal = Field(sa_column=Column(Money(), nullable=False))
    end_date: dt.date
    status: str = Field(default="active", max_length=12)
    delivery_km: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    origin: str = Field(default="demo", max_length=8, sa_column_kwargs={"server_default": "demo"})
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_values(STATUSES)})", name="ck_contract_status"),
        CheckConstraint("months > 0 AND annual_km > 0", name="ck_contract_terms"),
        CheckConstraint("delivery_km >= 0", name="ck_contract_delivery_km"),
        CheckConstraint(f"origin IN ({sql_values(ORIGINS)})", name="ck_contract_origin"),
        UniqueConstraint("company_id", "reference", name="uq_contract_company_reference"),
        Index("ix_contract_company_status", "company_id", "status"),
        Index("ix_contract_company_end", "company_id", "end_date"),
        Index("ix_contract_status_end", "status", "end_date"),
    )


class ContractEvent(SQLModel, table=True):
    """An adaptation agreed on a contract, or a what-if a user ran on it, with who and when."""

    __tablename__ = "contract_event"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(sa_column=Column(Integer, ForeignKey("contract.id", ondelete="CASCADE"), nullable=False, index=True))
    kind: str = Field(default="what_if", max_length=12)
    event: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    settlement: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (CheckConstraint("kind IN ('what_if', 'adaptation')", name="ck_contract_event_kind"),)


class OdometerReading(SQLModel, table=True):
    """The odometer of a contract's car on a date, and where the figure came from; a reading imported under an
    id of the sender's (external_id) carries the company whose ids it is among: the id is unique within it."""

    __tablename__ = "odometer_reading"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(sa_column=Column(Integer, ForeignKey("contract.id", ondelete="CASCADE"), nullable=False))
    reading_date: dt.date
    km: int
    source: str = Field(default="driver", max_length=20)
    company_id: int | None = Field(default=None, foreign_key="company.id")
    external_id: str | None = Field(default=None, max_length=80)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (
        CheckConstraint("km >= 0", name="ck_odometer_reading_km"),
        CheckConstraint("external_id IS NULL OR company_id IS NOT NULL", name="ck_odometer_reading_external_company"),
        UniqueConstraint("company_id", "external_id", name="uq_odometer_reading_company_external"),
        Index("ix_odometer_reading_contract_date", "contract_id", "reading_date"),
    )


class SavedScenario(SQLModel, table=True):
    """A what-if a user saved, or only `kept` for a comparison until they clear it: the scenario document and the
    engine's result."""

    __tablename__ = "saved_scenario"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="app_user.id", index=True)
    contract_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("contract.id", ondelete="CASCADE"), nullable=True, index=True))
    name: str = Field(max_length=200)
    document: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    kept: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v


class DemoLoad(SQLModel, table=True):
    """The demo fleet loaded in this database, so `leasedash demo` runs again without duplicating it."""

    __tablename__ = "demo_load"

    id: int | None = Field(default=None, primary_key=True)
    contracts: int
    seed: int
    loaded_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
