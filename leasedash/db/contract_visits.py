"""The contracts a user opened, and when (a contract search offers them first), and the lower-case prefix indexes
of the fields a contract is searched by (text_pattern_ops on PostgreSQL: see the migration)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint, func
from sqlmodel import Field, SQLModel

from leasedash.db.catalogue import Vehicle
from leasedash.db.contracts import Contract
from leasedash.db.tenancy import User
from leasedash.db.types import UTCDateTime, utcnow

SEARCH_INDEXES = {
    "ix_contract_reference_search": ("contract", "reference"),
    "ix_vehicle_plate_search": ("vehicle", "plate"),
    "ix_vehicle_make_search": ("vehicle", "make"),
    "ix_app_user_first_name_search": ("app_user", "first_name"),
    "ix_app_user_last_name_search": ("app_user", "last_name"),
}
_COLUMNS = {"contract": Contract.__table__, "vehicle": Vehicle.__table__, "app_user": User.__table__}
for _name, (_table, _column) in SEARCH_INDEXES.items():
    Index(_name, func.lower(_COLUMNS[_table].c[_column]))


class ContractVisit(SQLModel, table=True):
    """When a user last opened a contract (a search offers it among the first)."""

    __tablename__ = "contract_visit"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False))
    contract_id: int = Field(sa_column=Column(Integer, ForeignKey("contract.id", ondelete="CASCADE"), nullable=False))
    opened_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (UniqueConstraint("user_id", "contract_id", name="uq_contract_visit_user_contract"),
                      Index("ix_contract_visit_user_opened", "user_id", "opened_at"))
