"""Return inspections as use cases: who may see and do what, judging the damages with the versions
the inspection keeps, the statement from the scenario engine, signatures, disputes and their history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.inspections import checklist_of, damages_of
from leasedash.db.models import ChecklistItem, Contract, DamageRecord, Inspection, InspectionEvent, Product, RuleVersion, Vehicle
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer, visible_contracts
from leasedash.db.types import utcnow
from leasedash.domain import LeaseInputError, simulate_document
from leasedash.domain.inspection import Damage, PriceList, RuleSet, default_prices, default_rules, judge_all
from leasedash.domain.projection import months_between
from leasedash.domain.return_statement import ReturnFacts, final_statement, repair_advice
from leasedash.services.notifications import inspection_report_ready
from leasedash.services.scenarios import contract_document

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
        raise LeaseInputError("kind", f"must be one of {', '.join(RULE_KINDS)}, got {kind!r}")
    version = str(data.get("version", "")).strip()
    if not version or len(version) > 60:
        raise LeaseInputError("version", "a version name of 1 to 60 characters is needed")
    if session.exec(select(RuleVersion).where(RuleVersion.kind == kind, RuleVersion.version == version)).first():
        raise LeaseInputError("version", f"{version!r} exists already: give the new version another name")
    rules = RuleSet(version, data) if kind == "rules" else RuleSet("check", current_version(session, "rules").data)
    prices = PriceList(version, data) if kind == "prices" else PriceList("check", current_version(session, "prices").data)
    try:
        samples = [Damage(part, kind_, 30, 10) for part in ("door_front_left", "bumper_front", "windscreen", "wheel_front_left")
                   for kind_ in ("scratch", "dent", "chip", "scuff", "crack")]
        judge_all(samples, 30, rules, prices)
        for name in prices.data["missing_items"]:
            prices.item(name)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise LeaseInputError(kind, f"the {kind} cannot judge a damage: {type(exc).__name__} {exc}") from None
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


def _record(session: Session, inspection: Inspection, viewer: Viewer, action: str, reason: str = "") -> None:
    session.add(InspectionEvent(inspection_id=inspection.id, action=action, reason=reason, user_id=viewer.user_id))


def create_inspection(session: Session, viewer: Viewer, contract_id: int, inspection_date: dt.date, place: str = "") -> Inspection:
    """A driver starts a self-check of their car; a fleet manager or an admin plans the inspector's inspection."""
    contract = get_contract(session, viewer, contract_id)
    self_check = viewer.role == "driver"
    inspection = Inspection(
        contract_id=contract.id, company_id=contract.company_id, self_check=self_check, status="self_check" if self_check else "planned",
        inspection_date=inspection_date, place=place[:200], odometer_km=0, created_by=viewer.user_id,
        inspector_id=None if self_check else viewer.user_id,
        rules_version_id=current_version(session, "rules").id, prices_version_id=current_version(session, "prices").id,
    )
    session.add(inspection)
    session.flush()
    session.add_all(ChecklistItem(inspection_id=inspection.id, name=name, present=True) for name in checklist_items())
    _record(session, inspection, viewer, "created")
    session.flush()
    return inspection


def may_edit(inspection: Inspection, viewer: Viewer) -> bool:
    """A driver edits their unsigned self-check, a fleet manager or an admin the unsigned inspection."""
    return inspection.status not in LOCKED and inspection.self_check == (viewer.role == "driver")


def open_for_edit(session: Session, viewer: Viewer, inspection_id: int, expected_version: int | None = None) -> Inspection:
    """An inspection the viewer may change (AccessDenied when signed or someone else's to record, StaleWrite when
    it changed since `expected_version`)."""
    inspection = open_inspection(session, viewer, inspection_id)
    if not may_edit(inspection, viewer):
        raise AccessDenied("a signed inspection is locked: dispute it to reopen it" if inspection.status in LOCKED
                           else "a driver edits their self-check, an inspector the inspection")
    if expected_version is not None and inspection.version != expected_version:
        raise StaleWrite("this inspection was changed by someone else since you opened it: reload it; nothing was saved")
    return inspection


def update_facts(session: Session, viewer: Viewer, inspection_id: int, expected_version: int | None = None, **facts: Any) -> Inspection:
    """Record the odometer, energy level, place, date... and judge everything again."""
    inspection = open_for_edit(session, viewer, inspection_id, expected_version)
    unknown = sorted(set(facts) - set(EDITABLE_FACTS))
    if unknown:
        raise LeaseInputError(unknown[0], "is not a fact of an inspection")
    if "energy_percent" in facts and not 0 <= int(facts["energy_percent"]) <= 100:
        raise LeaseInputError("energy_percent", "a level between 0 and 100 %")
    for key in ("odometer_km", "range_km"):
        if key in facts and not 0 <= int(facts[key]) <= 10_000_000:
            raise LeaseInputError(key, "between 0 and 10,000,000 km")
    for key, value in facts.items():
        setattr(inspection, key, value)
    if not inspection.self_check and inspection.status == "planned" and inspection.odometer_km > 0:
        inspection.status = "inspected"
    recompute(session, inspection)
    return inspection


def set_item(session: Session, viewer: Viewer, inspection_id: int, name: str, present: bool) -> None:
    inspection = open_for_edit(session, viewer, inspection_id)
    item = session.exec(select(ChecklistItem).where(ChecklistItem.inspection_id == inspection.id, ChecklistItem.name == name)).first()
    if item is None:
        raise LeaseInputError("item", f"{name!r} is not on the checklist")
    item.present = bool(present)
    recompute(session, inspection)


def add_damage(session: Session, viewer: Viewer, inspection_id: int, damage: Damage) -> DamageRecord:
    """Record a damage; its verdict comes from the inspection's rule set."""
    inspection = open_for_edit(session, viewer, inspection_id)
    rules = RuleSet(*_version(session, inspection.rules_version_id))
    rules.category(damage.part)
    row = DamageRecord(inspection_id=inspection.id, part=damage.part, kind=damage.kind, length_mm=damage.length_mm, width_mm=damage.width_mm,
                       depth_mm=damage.depth_mm, paint_broken=damage.paint_broken, zone=damage.zone, tread_mm=damage.tread_mm)
    session.add(row)
    session.flush()
    recompute(session, inspection)
    return row


def remove_damage(session: Session, viewer: Viewer, inspection_id: int, damage_id: int) -> None:
    inspection = open_for_edit(session, viewer, inspection_id)
    row = session.get(DamageRecord, damage_id)
    if row is None or row.inspection_id != inspection.id:
        raise NotFound(f"damage {damage_id}: not on this inspection")
    session.delete(row)
    session.flush()
    recompute(session, inspection)


def _version(session: Session, version_id: int) -> tuple[str, dict]:
    row = session.get(RuleVersion, version_id)
    return row.version, row.data


def _damage(row: DamageRecord) -> Damage:
    return Damage(row.part, row.kind, row.length_mm, row.width_mm, Decimal(row.depth_mm), row.paint_broken, row.zone,
                  None if row.tread_mm is None else Decimal(row.tread_mm))


@dataclass(frozen=True)
class _Context:
    contract: Contract
    product: Product
    vehicle: Vehicle


def _km_settlement(session: Session, inspection: Inspection, contract: Contract) -> tuple[Decimal, dict[str, str]]:
    """The kilometre settlement or grid recalculation of the scenario engine for a return on that date with that odometer."""
    if inspection.odometer_km <= 0:
        return Decimal("0.00"), {}
    document = contract_document(session, contract)
    run = months_between(contract.start_date, inspection.inspection_date)
    if inspection.inspection_date < contract.end_date and 0 < run < contract.months:
        document["events"] = [{"type": "early_return", "at_month": run, "total_km": inspection.odometer_km}]
    else:
        document["events"] = [{"type": "end", "total_km": inspection.odometer_km}]
    try:
        result = simulate_document(document)
    except LeaseInputError as exc:
        return Decimal("0.00"), {"en": exc.reason, "fr": exc.reason, "nl": exc.reason, "error": exc.code or "invalid"}
    return result.total_settlement, result.steps[-1].explanations


def recompute(session: Session, inspection: Inspection) -> dict[str, Any]:
    """Judge every damage with the inspection's versions, price the statement, advise, and keep the result."""
    contract = session.get(Contract, inspection.contract_id)
    product = session.get(Product, contract.product_id)
    vehicle = session.get(Vehicle, contract.vehicle_id)
    rules = RuleSet(*_version(session, inspection.rules_version_id))
    prices = PriceList(*_version(session, inspection.prices_version_id))
    registered = vehicle.first_registration or contract.start_date
    age = max(0, months_between(registered, inspection.inspection_date))
    rows = damages_of(session, inspection.id)
    verdicts = judge_all([_damage(r) for r in rows], age, rules, prices, vehicle="van" if vehicle.segment == "van" else "car")
    for row, verdict in zip(rows, verdicts):
        row.acceptable, row.rule, row.method, row.cost = verdict.acceptable, verdict.rule, verdict.method, verdict.cost
    missing = tuple(item.name for item in checklist_of(session, inspection.id) if not item.present)
    km, explanation = _km_settlement(session, inspection, contract)
    inspection.days_late = max(0, (inspection.inspection_date - contract.end_date).days)
    facts = ReturnFacts(
        km_settlement=km, verdicts=tuple(verdicts), missing_items=missing, energy_percent=inspection.energy_percent,
        electric=vehicle.fuel == "ev", range_km=inspection.range_km, days_late=inspection.days_late, monthly_rent=contract.monthly_rent,
        car_age_months=age, odometer_km=inspection.odometer_km, apply_loss_of_value=inspection.apply_loss_of_value,
        return_insurance_cap=product.return_insurance_cap, deposit=product.deposit, vat_rate=product.vat_rate,
    )
    statement = final_statement(facts, rules, prices)
    insured = vehicle.catalogue_price + vehicle.options_price
    advice = repair_advice(facts, insured, product.casco_deductible_rate or Decimal("0.02"), rules)
    inspection.statement = {
        "lines": [{"code": line.code, "amount": f"{line.amount:.2f}", "vat_added": line.vat_added,
                   "facts": {k: (str(v) if isinstance(v, Decimal) else v) for k, v in line.facts.items()}} for line in statement.lines],
        "total": f"{statement.total:.2f}",
        "km_explanation": explanation,
        "advice": [{"damage_id": row.id, "repair_now": f"{a.repair_now:.2f}", "pay_later": f"{a.pay_later:.2f}", "cheaper": a.cheaper,
                    "saving": f"{a.saving:.2f}"} for row, a in zip([r for r, v in zip(rows, verdicts) if not v.acceptable], advice)],
        "age_months": age, "rules_version": rules.version, "prices_version": prices.version,
    }
    inspection.updated_at = utcnow()
    session.flush()
    return inspection.statement


def sign(session: Session, viewer: Viewer, inspection_id: int, name: str) -> Inspection:
    """The driver signs as the driver, a fleet manager or an admin as the inspector; both signed, the inspection is locked."""
    inspection = open_inspection(session, viewer, inspection_id)
    if inspection.self_check:
        raise AccessDenied("a self-check is an estimate: it is not signed")
    if inspection.status in LOCKED or inspection.odometer_km <= 0:
        raise AccessDenied("only an inspected, unsigned inspection is signed")
    signer = (name or "").strip()[:200]
    if not signer:
        raise LeaseInputError("name", "the signer's name is needed")
    contract = session.get(Contract, inspection.contract_id)
    if viewer.role == "driver" and contract.driver_id == viewer.user_id:
        inspection.driver_signed_by, inspection.driver_signed_at = signer, utcnow()
        _record(session, inspection, viewer, "signed_by_driver")
    elif viewer.role in ("fleet_manager", "admin"):
        inspection.inspector_signed_by, inspection.inspector_signed_at = signer, utcnow()
        _record(session, inspection, viewer, "signed_by_inspector")
    else:
        raise AccessDenied("only the contract's driver or an inspector signs")
    if inspection.driver_signed_at and inspection.inspector_signed_at:
        inspection.status = "signed"
        inspection_report_ready(session, inspection)
    session.flush()
    return inspection


def dispute(session: Session, viewer: Viewer, inspection_id: int, reason: str) -> Inspection:
    """Reopen a signed inspection with a reason; the signatures are cleared, the history kept."""
    inspection = open_inspection(session, viewer, inspection_id)
    if inspection.status != "signed":
        raise AccessDenied("only a signed inspection is disputed")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise LeaseInputError("reason", "say what is disputed (at least 5 characters)")
    inspection.status = "disputed"
    inspection.driver_signed_by = inspection.driver_signed_at = inspection.inspector_signed_by = inspection.inspector_signed_at = None
    _record(session, inspection, viewer, "disputed", reason[:2000])
    session.flush()
    return inspection


def settle(session: Session, viewer: Viewer, inspection_id: int) -> Inspection:
    inspection = open_inspection(session, viewer, inspection_id)
    if viewer.role not in ("fleet_manager", "admin") or inspection.status != "signed":
        raise AccessDenied("a fleet manager or an admin settles a signed inspection")
    inspection.status = "settled"
    _record(session, inspection, viewer, "settled")
    session.flush()
    return inspection

