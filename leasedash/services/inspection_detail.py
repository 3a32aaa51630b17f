"""One inspection as the inspection page and the PDF report read it: the contract and the car, the facts, the
checklist, the damages with their verdicts (the limits exceeded, with the figures) and photos, the statement,
the signatures with the version and the hash they bind, the history and the other checks of the contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from leasedash.db.inspections import checklist_of, damages_of, history_of, photos_of, tallies_of_contract
from leasedash.db.models import Company, Contract, Product, User, Vehicle
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.services.inspections import LOCKED, may_edit, open_with_contract

LineFact = int | Decimal | tuple[str, ...]


@dataclass(frozen=True)
class InspectionFacts:
    """What was recorded at the return."""

    inspection_date: dt.date
    place: str
    odometer_km: int
    energy_percent: int
    range_km: int
    driver_present: bool
    apply_loss_of_value: bool


@dataclass(frozen=True)
class ChecklistEntry:
    name: str
    present: bool


@dataclass(frozen=True)
class PhotoFile:
    """A photo (or PDF) of a damage, under its private stored name."""

    photo_id: int
    content_type: str
    stored_name: str


@dataclass(frozen=True)
class JudgedDamage:
    """A damage as recorded, with the verdict of the inspection's rule set."""

    damage_id: int
    part: str
    kind: str
    length_mm: int
    width_mm: int
    depth_mm: Decimal
    paint_broken: bool
    zone: str
    tread_mm: Decimal | None
    acceptable: bool
    rule: str
    method: str
    cost: Decimal
    photos: tuple[PhotoFile, ...]
    exceeded: tuple[str, ...] = ()
    figures: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChargeLine:
    """One line of the final statement and the facts that explain it (count, percent, cap, items, days, months, rate, base)."""

    code: str
    amount: Decimal
    facts: dict[str, LineFact]


@dataclass(frozen=True)
class RepairChoice:
    """For one chargeable damage: repairing it now under the casco against paying it at the return."""

    damage_id: int
    repair_now: Decimal
    pay_later: Decimal
    cheaper: str
    saving: Decimal


@dataclass(frozen=True)
class Statement:
    lines: tuple[ChargeLine, ...]
    total: Decimal
    km_explanation: dict[str, str]
    advice: tuple[RepairChoice, ...]
    age_months: int
    rules_version: str
    prices_version: str


@dataclass(frozen=True)
class Signature:
    """The driver's or the inspector's signature: the name, when, and the version and content hash signed; or
    not signed yet (empty name)."""

    signer: str
    name: str
    at: dt.datetime | None
    version: int | None = None
    content_hash: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """Who did what and when, why, and what changed (the fields with old and new values, the damage)."""

    action: str
    reason: str
    who: str
    at: dt.datetime
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ContractSummary:
    """What the report's header says of the contract and the car."""

    reference: str
    product: str
    lessor: str
    start_date: dt.date
    end_date: dt.date
    months: int
    annual_km: int
    car: str
    plate: str
    vin: str


@dataclass(frozen=True)
class ComparedCheck:
    """An inspection or self-check of the same contract: its damages, the chargeable ones, its statement total."""

    inspection_id: int
    self_check: bool
    damages: int
    charged: int
    total: Decimal


@dataclass(frozen=True)
class InspectionDetail:
    """Everything the inspection page and the report show; `editable` says whether the viewer may change it."""

    inspection_id: int
    version: int
    status: str
    self_check: bool
    locked: bool
    editable: bool
    reference: str
    product: str
    car: str
    plate: str
    driver: str
    driver_language: str
    country: str
    contract: ContractSummary
    facts: InspectionFacts
    checklist: tuple[ChecklistEntry, ...]
    damages: tuple[JudgedDamage, ...]
    statement: Statement | None
    signatures: tuple[Signature, ...]
    history: tuple[HistoryEntry, ...]
    comparison: tuple[ComparedCheck, ...]

    @property
    def signed(self) -> bool:
        """Someone has signed: nothing changes until the inspector withdraws the signatures."""
        return any(s.at for s in self.signatures)


def _line(line: dict[str, Any]) -> ChargeLine:
    facts = {key: Decimal(value) if isinstance(value, str) else tuple(value) if isinstance(value, list) else value
             for key, value in line.get("facts", {}).items()}
    return ChargeLine(line["code"], Decimal(line["amount"]), facts)


def _statement(stored: dict[str, Any] | None) -> Statement | None:
    if not stored:
        return None
    ids = {entry["number"]: entry.get("damage_id", 0) for entry in stored.get("damages", [])}
    advice = tuple(RepairChoice(int(ids.get(a.get("damage"), 0)), Decimal(a["repair_now"]), Decimal(a["pay_later"]), a["cheaper"],
                                Decimal(a["saving"])) for a in stored.get("advice", []))
    return Statement(tuple(_line(line) for line in stored.get("lines", [])), Decimal(stored.get("total", "0")),
                     dict(stored.get("km_explanation", {})), advice, int(stored.get("age_months", 0)),
                     stored.get("rules_version", ""), stored.get("prices_version", ""))


def read_detail(session: Session, viewer: Viewer, inspection_id: int) -> InspectionDetail:
    """An inspection of a contract the viewer may see (NotFound otherwise), read once for the page and the report."""
    inspection, contract = open_with_contract(session, viewer, inspection_id)
    vehicle, product, driver, country = session.exec(
        select(Vehicle, Product, User, Company.country).select_from(Contract).join(Vehicle, Vehicle.id == Contract.vehicle_id)
        .join(Product, Product.id == Contract.product_id).join(User, User.id == Contract.driver_id)
        .join(Company, Company.id == Contract.company_id).where(Contract.id == contract.id)).one()
    rows = damages_of(session, inspection.id)
    photos = photos_of(session, [r.id for r in rows])
    judged = {entry.get("damage_id"): entry for entry in (inspection.statement or {}).get("damages", [])}
    damages = tuple(JudgedDamage(r.id, r.part, r.kind, r.length_mm, r.width_mm, Decimal(r.depth_mm), r.paint_broken, r.zone,
                                 None if r.tread_mm is None else Decimal(r.tread_mm), r.acceptable, r.rule, r.method or "", Decimal(r.cost),
                                 tuple(PhotoFile(p.id, p.content_type, p.stored_name) for p in photos.get(r.id, [])),
                                 tuple(judged.get(r.id, {}).get("exceeded", ())), dict(judged.get(r.id, {}).get("figures", {})))
                    for r in rows)
    statement = _statement(inspection.statement)
    comparison = tuple(ComparedCheck(other.id, other.self_check, count, charged, Decimal((other.statement or {}).get("total", "0.00")))
                       for other, count, charged in tallies_of_contract(session, contract.id))
    return InspectionDetail(
        inspection_id=inspection.id, version=inspection.version, status=inspection.status, self_check=inspection.self_check,
        locked=inspection.status in LOCKED, editable=may_edit(inspection, viewer), reference=contract.reference, product=product.name,
        car=f"{vehicle.make} {vehicle.model}", plate=vehicle.plate, driver=f"{driver.first_name} {driver.last_name}",
        driver_language=driver.language, country=country,
        contract=ContractSummary(contract.reference, product.name, product.lessor, contract.start_date, contract.end_date, contract.months,
                                 contract.annual_km, f"{vehicle.make} {vehicle.model}", vehicle.plate, inspection.vin or vehicle.vin or ""),
        facts=InspectionFacts(inspection.inspection_date, inspection.place, inspection.odometer_km, inspection.energy_percent, inspection.range_km,
                              inspection.driver_present, inspection.apply_loss_of_value),
        checklist=tuple(ChecklistEntry(item.name, item.present) for item in checklist_of(session, inspection.id)),
        damages=damages, statement=statement,
        signatures=tuple(Signature(side, getattr(inspection, f"{side}_signed_by") or "", getattr(inspection, f"{side}_signed_at"),
                                   getattr(inspection, f"{side}_signed_version"), getattr(inspection, f"{side}_signed_hash") or "")
                         for side in ("driver", "inspector")),
        history=tuple(HistoryEntry(event.action, event.reason, email, event.at, dict(event.details or {}))
                      for event, email in history_of(session, inspection.id)),
        comparison=comparison,
    )


def inspection_detail(viewer: Viewer, inspection_id: int) -> InspectionDetail:
    """The inspection as the viewer may see it (NotFound otherwise)."""
    with session_scope() as s:
        return read_detail(s, viewer, inspection_id)
