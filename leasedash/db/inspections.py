"""Return inspections: the inspection, its checklist, its damages and their photos, its history,
the versioned rule sets and price lists it was judged with, and the queries that read them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint, case, func
from sqlmodel import Field, Session, SQLModel, select

from leasedash.db.tenancy import User
from leasedash.db.types import ExactDecimal, Money, UTCDateTime, sql_values, utcnow, version_column

INSPECTION_STATUSES = ("planned", "self_check", "inspected", "signed", "disputed", "settled")


class RuleVersion(SQLModel, table=True):
    """One version of the wear-and-tear rules or of the price list; an edit makes a new version."""

    __tablename__ = "rule_version"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    version: str = Field(max_length=60)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (UniqueConstraint("kind", "version", name="uq_rule_version_kind_version"),
                      CheckConstraint("kind IN ('rules', 'prices')", name="ck_rule_version_kind"))


class Inspection(SQLModel, table=True):
    """A return inspection by an inspector, or a driver's self-check before the appointment."""

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(sa_column=Column(Integer, ForeignKey("contract.id", ondelete="CASCADE"), nullable=False, index=True))
    company_id: int = Field(foreign_key="company.id", index=True)
    self_check: bool = False
    status: str = Field(default="planned", max_length=12)
    inspection_date: dt.date
    place: str = Field(default="", max_length=200)
    vin: str = Field(default="", max_length=30)
    odometer_km: int = 0
    energy_percent: int = 100
    range_km: int = 0
    driver_present: bool = True
    days_late: int = 0
    apply_loss_of_value: bool = False
    inspector_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_by: int = Field(foreign_key="app_user.id")
    rules_version_id: int = Field(foreign_key="rule_version.id")
    prices_version_id: int = Field(foreign_key="rule_version.id")
    statement: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    driver_signed_by: str | None = Field(default=None, max_length=200)
    driver_signed_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    driver_signed_version: int | None = None
    driver_signed_hash: str | None = Field(default=None, max_length=64)
    inspector_signed_by: str | None = Field(default=None, max_length=200)
    inspector_signed_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    inspector_signed_version: int | None = None
    inspector_signed_hash: str | None = Field(default=None, max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=(_v := version_column()))

    __mapper_args__ = {"version_id_col": _v}
    del _v
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_values(INSPECTION_STATUSES)})", name="ck_inspection_status"),
        CheckConstraint("energy_percent BETWEEN 0 AND 100 AND odometer_km >= 0 AND days_late >= 0", name="ck_inspection_figures"),
    )


class ChecklistItem(SQLModel, table=True):
    """One item the driver hands back (003 q.37): present or missing."""

    __tablename__ = "checklist_item"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(sa_column=Column(Integer, ForeignKey("inspection.id", ondelete="CASCADE"), nullable=False, index=True))
    name: str = Field(max_length=60)
    present: bool = True


class DamageRecord(SQLModel, table=True):
    """A damage as recorded, with the verdict it got under the inspection's rule set."""

    __tablename__ = "damage"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(sa_column=Column(Integer, ForeignKey("inspection.id", ondelete="CASCADE"), nullable=False, index=True))
    part: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    length_mm: int = 0
    width_mm: int = 0
    depth_mm: Decimal = Field(default=Decimal("0.0"), sa_column=Column(ExactDecimal(6, 1), nullable=False))
    paint_broken: bool = False
    zone: str = Field(default="", max_length=20)
    tread_mm: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal(4, 1), nullable=True))
    acceptable: bool = True
    rule: str = Field(default="", max_length=60)
    method: str | None = Field(default=None, max_length=40)
    cost: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money(), nullable=False))


class DamagePhoto(SQLModel, table=True):
    """A photo (or PDF) of a damage, stored privately under a generated name."""

    __tablename__ = "damage_photo"

    id: int | None = Field(default=None, primary_key=True)
    damage_id: int = Field(sa_column=Column(Integer, ForeignKey("damage.id", ondelete="CASCADE"), nullable=False, index=True))
    stored_name: str = Field(unique=True, max_length=80)
    content_type: str = Field(max_length=40)
    size_bytes: int
    uploaded_by: int = Field(foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class InspectionEvent(SQLModel, table=True):
    """The history of an inspection: who did what, when, why (disputes, withdrawn signatures) and what changed
    (`details`: the fields with their old and new values, the damage added or removed)."""

    __tablename__ = "inspection_event"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(sa_column=Column(Integer, ForeignKey("inspection.id", ondelete="CASCADE"), nullable=False, index=True))
    action: str = Field(max_length=30)
    reason: str = Field(default="", max_length=2000)
    user_id: int = Field(foreign_key="app_user.id")
    at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


def checklist_of(session: Session, inspection_id: int) -> list[ChecklistItem]:
    """The inspection's checklist, in the order it was drawn up."""
    return list(session.exec(select(ChecklistItem).where(ChecklistItem.inspection_id == inspection_id).order_by(ChecklistItem.id)))


def damages_of(session: Session, inspection_id: int) -> list[DamageRecord]:
    """The inspection's damages, in the order they were recorded."""
    return list(session.exec(select(DamageRecord).where(DamageRecord.inspection_id == inspection_id).order_by(DamageRecord.id)))


def photos_of(session: Session, damage_ids: list[int]) -> dict[int, list[DamagePhoto]]:
    """The photos of these damages, per damage, in the order they were uploaded (one query)."""
    photos: dict[int, list[DamagePhoto]] = {}
    if damage_ids:
        statement = select(DamagePhoto).where(DamagePhoto.damage_id.in_(damage_ids)).order_by(DamagePhoto.id)
        for photo in session.exec(statement):
            photos.setdefault(photo.damage_id, []).append(photo)
    return photos


def history_of(session: Session, inspection_id: int) -> list[tuple[InspectionEvent, str]]:
    """What happened to the inspection, oldest first, with the email of who did it."""
    statement = (select(InspectionEvent, User.email).join(User, User.id == InspectionEvent.user_id)
                 .where(InspectionEvent.inspection_id == inspection_id).order_by(InspectionEvent.at, InspectionEvent.id))
    return [tuple(row) for row in session.exec(statement)]


def tallies_of_contract(session: Session, contract_id: int) -> list[tuple[Inspection, int, int]]:
    """Every inspection and self-check of a contract, oldest first, with its number of damages and of chargeable ones (one query)."""
    charged = func.coalesce(func.sum(case((DamageRecord.acceptable == False, 1), else_=0)), 0)  # noqa: E712
    statement = (select(Inspection, func.count(DamageRecord.id), charged)
                 .join(DamageRecord, DamageRecord.inspection_id == Inspection.id, isouter=True)
                 .where(Inspection.contract_id == contract_id).group_by(Inspection.id).order_by(Inspection.id))
    return [(inspection, int(damages), int(chargeable)) for inspection, damages, chargeable in session.exec(statement)]


def inspections_of_contracts(session: Session, contract_ids: list[int]) -> dict[int, int]:
    """The newest inspector's inspection of each of these contracts, by contract id (one query)."""
    found: dict[int, int] = {}
    if contract_ids:
        statement = (select(Inspection.contract_id, Inspection.id).where(Inspection.contract_id.in_(contract_ids), Inspection.self_check == False)  # noqa: E712
                     .order_by(Inspection.id))
        found = {contract_id: inspection_id for contract_id, inspection_id in session.exec(statement)}
    return found
