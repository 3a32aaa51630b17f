"""Who: companies (a lessee employer or a private-lease customer base) and their users."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column
from sqlmodel import Field, SQLModel

from leasedash.db.types import UTCDateTime, sql_values, utcnow, version_column

ROLES = ("driver", "fleet_manager", "admin")
USER_STATUSES = ("invited", "unconfirmed", "active", "deactivated")
COMPANY_KINDS = ("employer", "private")


class Company(SQLModel, table=True):
    """A lessee: an employer with a fleet, or a lessor's base of private-lease customers."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    kind: str = Field(default="employer", max_length=20)
    country: str = Field(default="BE", max_length=2)
    language: str = Field(default="en", max_length=2)
    demo: bool = Field(default=False, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (CheckConstraint(f"kind IN ({sql_values(COMPANY_KINDS)})", name="ck_company_kind"),)


class User(SQLModel, table=True):
    """A person who signs in: a driver, a fleet manager of one company, or an admin. Their status: invited (no
    password yet), unconfirmed (signed up, address not confirmed), active, deactivated; only an active one signs in."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=254)
    password_hash: str | None = Field(default=None, max_length=200)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    birth_date: dt.date | None = None
    role: str = Field(default="driver", max_length=20)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    language: str = Field(default="en", max_length=2)
    status: str = Field(default="active", max_length=12)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (
        CheckConstraint(f"role IN ({sql_values(ROLES)})", name="ck_app_user_role"),
        CheckConstraint("role = 'admin' OR company_id IS NOT NULL", name="ck_app_user_company"),
        CheckConstraint(f"status IN ({sql_values(USER_STATUSES)})", name="ck_app_user_status"),
    )
