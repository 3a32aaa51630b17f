"""Return inspections as use cases: who may see and do what, judging the damages with the versions
the inspection keeps, the statement from the scenario engine, signatures, disputes and their history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import ChecklistItem, Contract, DamageRecord, Inspection, InspectionEvent, RuleVersion
from leasedash.db.queries import get_contract, latest_reading
from leasedash.db.scoping import Viewer, visible_contracts
from leasedash.db.types import utcnow
from leasedash.domain import LeaseInputError
from leasedash.domain.inspection import Damage, PriceList, RuleSet, default_prices, default_rules
from leasedash.domain.return_statement import check_version
from leasedash.services.inspection_statement import content_hash, recompute, versions_of
from leasedash.services.notifications import inspection_report_ready, signatures_withdrawn

LOCKED = ("signed", "settled")
RULE_KINDS = ("rules", "prices")
EDITABLE_FACTS = ("inspection_date", "place", "odometer_km", "energy_percent", "range_km", "driver_present", "apply_loss_of_value")


def checklist_items() -> tuple[str, ...]:
    """The return checklist of 003 q.37, in the price list's order."""
    return tuple(default_prices().data["missing_items"])


def current_version(session: Session, kind: str) -> RuleVersion:
    """The newest rule set ("rules") or price list ("prices"); the shipped default the first time."""
    row = session.exec(select(RuleVersion).where(RuleVersion.kind == kind).order_by(RuleVersion.id.desc())).first()
    if row is None:
        default = default_rules() if kind == "rules" else default_prices()
        row = RuleVersion(kind=kind, version=default.version, data=default.data)
        session.add(row)
        session.flush()
    return row


def save_version(session: Session, viewer: Viewer, kind: str, data: dict[str, Any]) -> RuleVersion:
    """An admin's edit of the rules or the prices: checked on sample damages, stored as a new version."""
    if viewer.role != "admin":
        raise AccessDenied("only an admin edits the inspection rules and the price list")
    if kind not in RULE_KINDS:
        raise LeaseInputError("kind", f"must be one of {', '.join(RULE_KINDS)}, got {kind!r}", "choice")
    version = str(data.get("version", "")).strip()
    if not version or len(version) > 60:
        raise LeaseInputError("version", "a version name of 1 to 60 characters is needed", "rules_version_name")
    if session.exec(select(RuleVersion).where(RuleVersion.kind == kind, RuleVersion.version == version)).first():
        raise LeaseInputError("version", f"{version!r} exists already: give the new version another name", "rules_version_exists",
                              {"version": version})
    rules = RuleSet(version, data) if kind == "rules" else RuleSet("check", current_version(session, "rules").data)
    prices = PriceList(version, data) if kind == "prices" else PriceList("check", current_version(session, "prices").data)
    check_version(kind, rules, prices)
    row = RuleVersion(kind=kind, version=version, data=data, created_by=viewer.user_id)
    session.add(row)
    session.flush()
    return row


def visible_inspections(session: Session, viewer: Viewer) -> list[tuple[Inspection, Contract]]:
    """The inspections of the contracts the viewer may see, newest first."""
    contracts = visible_contracts(select(Contract.id), viewer)
    statement = select(Inspection, Contract).join(Contract, Contract.id == Inspection.contract_id).where(Inspection.contract_id.in_(contracts))
    return [tuple(row) for row in session.exec(statement.order_by(Inspection.inspection_date.desc(), Inspection.id.desc()))]


def open_with_contract(session: Session, viewer: Viewer, inspection_id: int) -> tuple[Inspection, Contract]:
    """An inspection of a contract the viewer may see, and that contract (NotFound otherwise)."""
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFound(f"inspection {inspection_id}: no such inspection among yours")
    try:
        return inspection, get_contract(session, viewer, inspection.contract_id)
    except NotFound:
        raise NotFound(f"inspection {inspection_id}: no such inspection among yours") from None


def open_inspection(session: Session, viewer: Viewer, inspection_id: int) -> Inspection:
    """An inspection of a contract the viewer may see (NotFound otherwise)."""
    return open_with_contract(session, viewer, inspection_id)[0]


def record(session: Session, inspection: Inspection, viewer: Viewer, action: str, reason: str = "", **details: Any) -> None:
    """One line of the history: who did what and when, why, and what changed."""
    session.add(InspectionEvent(inspection_id=inspection.id, action=action, reason=reason, user_id=viewer.user_id, details=details or None))


def create_inspection(session: Session, viewer: Viewer, contract_id: int, inspection_date: dt.date, place: str = "") -> Inspection:
    """A driver starts a self-check of their car; a fleet manager or an admin plans the inspector's inspection."""
    contract = get_contract(session, viewer, contract_id)
    self_check = viewer.role == "driver"
    reading = latest_reading(session, contract.id, inspection_date)
    inspection = Inspection(
        contract_id=contract.id, company_id=contract.company_id, self_check=self_check, status="self_check" if self_check else "planned",
        inspection_date=inspection_date, place=place[:200], odometer_km=reading.km if reading else 0, created_by=viewer.user_id,
        inspector_id=None if self_check else viewer.user_id,
        rules_version_id=current_version(session, "rules").id, prices_version_id=current_version(session, "prices").id,
    )
    session.add(inspection)
    session.flush()
    session.add_all(ChecklistItem(inspection_id=inspection.id, name=name, present=True) for name in checklist_items())
    record(session, inspection, viewer, "created")
    session.flush()
    return inspection


def signed_by(inspection: Inspection) -> tuple[str, ...]:
    """Who has signed the inspection: "driver", "inspector", both or none."""
    return tuple(who for who, at in (("driver", inspection.driver_signed_at), ("inspector", inspection.inspector_signed_at)) if at)


def may_edit(inspection: Inspection, viewer: Viewer) -> bool:
    """A driver edits their self-check, a fleet manager or an admin the inspection, while nobody has signed it
    (policy: a change after a signature is refused until the inspector withdraws the signatures with a reason)."""
    return inspection.status not in LOCKED and not signed_by(inspection) and inspection.self_check == (viewer.role == "driver")


def open_for_edit(session: Session, viewer: Viewer, inspection_id: int, expected_version: int | None = None) -> Inspection:
    """An inspection the viewer may change (AccessDenied when signed or someone else's to record, StaleWrite when
    it changed since `expected_version`)."""
    inspection = open_inspection(session, viewer, inspection_id)
    if not may_edit(inspection, viewer):
        raise AccessDenied("a signed inspection is locked: dispute it to reopen it" if inspection.status in LOCKED
                           else "signed: the inspector withdraws the signatures, with a reason, before anything changes"
                           if signed_by(inspection) else "a driver edits their self-check, an inspector the inspection")
    if expected_version is not None and inspection.version != expected_version:
        raise StaleWrite("this inspection was changed by someone else since you opened it: reload it; nothing was saved")
    return inspection


def update_facts(session: Session, viewer: Viewer, inspection_id: int, expected_version: int | None = None, **facts: Any) -> Inspection:
    """Record the odometer, energy level, place, date... and judge everything again."""
    inspection = open_for_edit(session, viewer, inspection_id, expected_version)
    unknown = sorted(set(facts) - set(EDITABLE_FACTS))
    if unknown:
        raise LeaseInputError(unknown[0], "is not a fact of an inspection", "bad_argument")
    if "energy_percent" in facts and not 0 <= int(facts["energy_percent"]) <= 100:
        raise LeaseInputError("energy_percent", "a level between 0 and 100 %", "inspection_energy")
    for key in ("odometer_km", "range_km"):
        if key in facts and not 0 <= int(facts[key]) <= 10_000_000:
            raise LeaseInputError(key, "between 0 and 10,000,000 km", "inspection_km")
    changes = [[key, _shown(getattr(inspection, key)), _shown(value)] for key, value in facts.items() if getattr(inspection, key) != value]
    for key, value in facts.items():
        setattr(inspection, key, value)
    if changes:
        record(session, inspection, viewer, "facts_changed", changes=changes)
    if not inspection.self_check and inspection.status == "planned" and inspection.odometer_km > 0:
        inspection.status = "inspected"
    recompute(session, inspection)
    return inspection


def set_item(session: Session, viewer: Viewer, inspection_id: int, name: str, present: bool, expected_version: int | None = None) -> None:
    """An item of the checklist handed back or missing, on `expected_version` when given (StaleWrite otherwise)."""
    inspection = open_for_edit(session, viewer, inspection_id, expected_version)
    item = session.exec(select(ChecklistItem).where(ChecklistItem.inspection_id == inspection.id, ChecklistItem.name == name)).first()
    if item is None:
        raise LeaseInputError("item", f"{name!r} is not on the checklist", "choice")
    if item.present != bool(present):
        record(session, inspection, viewer, "item_present" if present else "item_missing", item=name)
    item.present = bool(present)
    recompute(session, inspection)


def add_damage(session: Session, viewer: Viewer, inspection_id: int, damage: Damage, expected_version: int | None = None) -> DamageRecord:
    """Record a damage, on `expected_version` when given (StaleWrite otherwise); its verdict comes from the inspection's rule set."""
    inspection = open_for_edit(session, viewer, inspection_id, expected_version)
    versions_of(session, inspection)[0].category(damage.part)
    row = DamageRecord(inspection_id=inspection.id, part=damage.part, kind=damage.kind, length_mm=damage.length_mm, width_mm=damage.width_mm,
                       depth_mm=damage.depth_mm, paint_broken=damage.paint_broken, zone=damage.zone, tread_mm=damage.tread_mm)
    session.add(row)
    session.flush()
    record(session, inspection, viewer, "damage_added", part=damage.part, kind=damage.kind)
    recompute(session, inspection)
    return row


def remove_damage(session: Session, viewer: Viewer, inspection_id: int, damage_id: int, expected_version: int | None = None) -> None:
    """Remove a damage, on `expected_version` when given (StaleWrite otherwise)."""
    inspection = open_for_edit(session, viewer, inspection_id, expected_version)
    row = session.get(DamageRecord, damage_id)
    if row is None or row.inspection_id != inspection.id:
        raise NotFound(f"damage {damage_id}: not on this inspection")
    record(session, inspection, viewer, "damage_removed", part=row.part, kind=row.kind)
    session.delete(row)
    session.flush()
    recompute(session, inspection)


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def sign(session: Session, viewer: Viewer, inspection_id: int, name: str, expected_version: int | None = None) -> Inspection:
    """The driver signs as the driver, a fleet manager or an admin as the inspector, what they saw: the signature
    keeps the inspection's version and the hash of its content (StaleWrite when it changed since
    `expected_version`); both signed, the inspection is locked."""
    inspection = open_inspection(session, viewer, inspection_id)
    if inspection.self_check:
        raise AccessDenied("a self-check is an estimate: it is not signed")
    if inspection.status in LOCKED or inspection.odometer_km <= 0:
        raise AccessDenied("only an inspected, unsigned inspection is signed")
    if expected_version is not None and inspection.version != expected_version:
        raise StaleWrite("this inspection was changed since you opened it: read it again before you sign; nothing was signed")
    signer = (name or "").strip()[:200]
    if not signer:
        raise LeaseInputError("name", "the signer's name is needed", "inspection_signer")
    contract = session.get(Contract, inspection.contract_id)
    if viewer.role == "driver" and contract.driver_id == viewer.user_id:
        side = "driver"
    elif viewer.role in ("fleet_manager", "admin"):
        side = "inspector"
    else:
        raise AccessDenied("only the contract's driver or an inspector signs")
    version, digest = inspection.version, content_hash(session, inspection)
    for key, value in (("by", signer), ("at", utcnow()), ("version", version), ("hash", digest)):
        setattr(inspection, f"{side}_signed_{key}", value)
    record(session, inspection, viewer, f"signed_by_{side}", version=version, hash=digest)
    if inspection.driver_signed_at and inspection.inspector_signed_at:
        inspection.status = "signed"
        inspection_report_ready(session, inspection)
    session.flush()
    return inspection


def _clear_signatures(inspection: Inspection) -> None:
    for side in ("driver", "inspector"):
        for key in ("by", "at", "version", "hash"):
            setattr(inspection, f"{side}_signed_{key}", None)


def _reason(reason: str, what: str, code: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise LeaseInputError("reason", f"say {what} (at least 5 characters)", code)
    return reason[:2000]


def withdraw_signatures(session: Session, viewer: Viewer, inspection_id: int, reason: str) -> Inspection:
    """The inspector takes back every signature of an inspection not yet signed by both, with a reason kept in the
    history and sent to the driver; then it can change, and both sign again."""
    inspection = open_inspection(session, viewer, inspection_id)
    if viewer.role not in ("fleet_manager", "admin") or inspection.self_check:
        raise AccessDenied("the inspector withdraws the signatures of an inspection")
    withdrawn = signed_by(inspection)
    if not withdrawn or inspection.status in LOCKED:
        raise AccessDenied("only signatures of an inspection not yet signed by both are withdrawn; a signed one is disputed")
    why = _reason(reason, "why the signatures are withdrawn", "inspection_reason_withdraw")
    _clear_signatures(inspection)
    record(session, inspection, viewer, "signatures_withdrawn", why, signers=list(withdrawn))
    signatures_withdrawn(session, inspection, why)
    session.flush()
    return inspection


def dispute(session: Session, viewer: Viewer, inspection_id: int, reason: str) -> Inspection:
    """Reopen a signed inspection with a reason; the signatures are cleared, the history kept."""
    inspection = open_inspection(session, viewer, inspection_id)
    if inspection.status != "signed":
        raise AccessDenied("only a signed inspection is disputed")
    why = _reason(reason, "what is disputed", "inspection_reason_dispute")
    inspection.status = "disputed"
    _clear_signatures(inspection)
    record(session, inspection, viewer, "disputed", why)
    session.flush()
    return inspection


def settle(session: Session, viewer: Viewer, inspection_id: int) -> Inspection:
    inspection = open_inspection(session, viewer, inspection_id)
    if viewer.role not in ("fleet_manager", "admin") or inspection.status != "signed":
        raise AccessDenied("a fleet manager or an admin settles a signed inspection")
    inspection.status = "settled"
    record(session, inspection, viewer, "settled")
    session.flush()
    return inspection

