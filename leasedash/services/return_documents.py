"""Return documents in and out (docs/return-document.md): the statement of any document, an inspection exported as
one, and an inspection created from one (a vendor's inspection imported for a contract), scoped like every route."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from leasedash.db.models import ChecklistItem, DamageRecord, RuleVersion
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.inspection import PriceList, RuleSet
from leasedash.domain.return_document import ReturnDocument, document_json, parse_return_document
from leasedash.domain.return_settlement import settle_return, settlement_json
from leasedash.services import inspections as svc
from leasedash.services.inspection_statement import inspection_document, recompute


def statement_of(data: Any) -> dict[str, Any]:
    """The statement of a return document, with the active rules and prices when it carries none."""
    document = parse_return_document(data)
    with session_scope() as s:
        rules, prices = (svc.current_version(s, kind) for kind in svc.RULE_KINDS)
        versions = RuleSet(rules.version, rules.data), PriceList(prices.version, prices.data)
    return settlement_json(settle_return(document, *versions))


def export_document(viewer: Viewer, inspection_id: int) -> dict[str, Any]:
    """An inspection the viewer may see, as a return document (its rules and prices inline)."""
    with session_scope() as s:
        return document_json(inspection_document(s, svc.open_inspection(s, viewer, inspection_id)))


def _stored_version(session: Session, kind: str, inline: Any) -> int | None:
    """The stored version an imported document's inline rules or prices are (None: the active one); a version this
    database does not hold, or holds with other figures, is refused: an admin adds it first."""
    if inline is None:
        return None
    row = session.exec(select(RuleVersion).where(RuleVersion.kind == kind, RuleVersion.version == inline.version)).first()
    if row is None or row.data != inline.data:
        raise LeaseInputError(f"{kind}.version", f"{inline.version!r} is not a {kind} version of this lessor with these figures: "
                                                 "an admin adds it first, or leave it out to use the active one")
    return row.id


def _check_contract(document: ReturnDocument, reference: str) -> None:
    if document.contract.reference and document.contract.reference != reference:
        raise LeaseInputError("contract.reference", f"the document is for {document.contract.reference!r}, not for {reference!r}")


def import_document(viewer: Viewer, contract_id: int, data: Any) -> tuple[int, dict[str, Any]]:
    """A return document recorded as an inspection of a contract the viewer may see (a driver's as a self-check):
    its return facts, checklist and damages; the contract and the car are the stored ones. Its id and statement."""
    document = parse_return_document(data)
    with session_scope() as s:
        inspection = svc.create_inspection(s, viewer, contract_id, document.handover.date, document.handover.place)
        _check_contract(document, get_contract(s, viewer, contract_id).reference)
        rules, prices = _stored_version(s, "rules", document.rules), _stored_version(s, "prices", document.prices)
        inspection.rules_version_id = rules or inspection.rules_version_id
        inspection.prices_version_id = prices or inspection.prices_version_id
        h = document.handover
        inspection.odometer_km, inspection.energy_percent, inspection.range_km = h.odometer_km, h.energy_percent, h.range_km
        inspection.apply_loss_of_value, inspection.driver_present, inspection.vin = h.apply_loss_of_value, h.driver_present, document.car.vin
        if not inspection.self_check and h.odometer_km > 0:
            inspection.status = "inspected"
        for index, name in enumerate(document.missing):
            item = s.exec(select(ChecklistItem).where(ChecklistItem.inspection_id == inspection.id, ChecklistItem.name == name)).first()
            if item is None:
                raise LeaseInputError(f"checklist.missing[{index}]", f"{name!r} is not on the checklist")
            item.present = False
        s.add_all(DamageRecord(inspection_id=inspection.id, part=d.part, kind=d.kind, length_mm=d.length_mm, width_mm=d.width_mm,
                               depth_mm=d.depth_mm, paint_broken=d.paint_broken, zone=d.zone, tread_mm=d.tread_mm) for d in document.damages)
        s.flush()
        svc.record(s, inspection, viewer, "imported", damages=len(document.damages), missing=len(document.missing))
        return inspection.id, recompute(s, inspection)
