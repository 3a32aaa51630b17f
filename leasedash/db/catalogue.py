"""What is leased: products (a lessor's rule set), their rent grids, and vehicles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from leasedash.db.types import Money, Rate, UTCDateTime, utcnow, version_column


class Product(SQLModel, table=True):
    """A lessor's product: the rule set of spec/scenario.md, plus the return settings (return-inspection.md); a
    company's own when a user entered "another lessor"'s rules (company_id), else every company's."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=60)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    name: str = Field(max_length=200)
    lessor: str = Field(max_length=200)
    country: str = Field(max_length=2)
    kind: str = Field(max_length=10)
    min_billed_months: int = 0
    eco_premium: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money(), nullable=False))
    eco_premium_before_month: int | None = None
    excess_km_rate: Decimal = Field(default=Decimal("0"), sa_column=Column(Rate(), nullable=False))
    under_km_rate: Decimal = Field(default=Decimal("0"), sa_column=Column(Rate(), nullable=False))
    changes_allowed: bool = False
    termination: str | None = Field(default=None, max_length=30)
    keurmerk_percentage: Decimal | None = Field(default=None, sa_column=Column(Rate(), nullable=True))
    earliest_termination_month: int | None = None
    first_invoice_cutoff_day: int | None = None
    return_insurance_cap: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    deposit: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    casco_deductible_rate: Decimal | None = Field(default=None, sa_column=Column(Rate(), nullable=True))
    vat_rate: Decimal = Field(default=Decimal("0.21"), sa_column=Column(Rate(), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (CheckConstraint("kind IN ('grid', 'fixed')", name="ck_product_kind"),)


class RentGrid(SQLModel, table=True):
    """A rent grid of a product for one car: the lessor's own (003) or priced by the pricing model."""

    __tablename__ = "rent_grid"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    label: str = Field(max_length=200)
    source: str = Field(default="import", max_length=40)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v


class RentGridCell(SQLModel, table=True):
    """One monthly rent of a grid, at a duration and an annual mileage."""

    __tablename__ = "rent_grid_cell"

    grid_id: int = Field(sa_column=Column(Integer, ForeignKey("rent_grid.id", ondelete="CASCADE"), primary_key=True))
    months: int = Field(primary_key=True)
    annual_km: int = Field(primary_key=True)
    monthly_rent: Decimal = Field(sa_column=Column(Money(), nullable=False))


class Vehicle(SQLModel, table=True):
    """A leased car, held by the company whose driver uses it; its plate is unique within that company."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    make: str = Field(max_length=60, index=True)
    model: str = Field(max_length=100)
    segment: str = Field(max_length=20)
    fuel: str = Field(max_length=10)
    catalogue_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    options_price: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money(), nullable=False))
    co2_g_km: int = 0
    plate: str = Field(max_length=20)
    vin: str | None = Field(default=None, max_length=17)
    body: str = Field(default="car", max_length=5, sa_column_kwargs={"server_default": "car"})
    first_registration: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (CheckConstraint("fuel IN ('petrol', 'diesel', 'hybrid', 'ev')", name="ck_vehicle_fuel"),
                      CheckConstraint("body IN ('car', 'van')", name="ck_vehicle_body"),
                      UniqueConstraint("company_id", "plate", name="uq_vehicle_company_plate"))
