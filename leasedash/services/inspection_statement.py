"""A stored inspection as the return document (docs/return-document.md), settled by the one computation every
surface shares (domain/return_settlement.py), and the hash of its content that a signature binds."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from leasedash.db.inspections import checklist_of, damages_of, photos_of
from leasedash.db.models import Contract, Inspection, Product, RuleVersion, Vehicle
from leasedash.db.types import utcnow
from leasedash.domain.inspection import Damage, PriceList, RuleSet
from leasedash.domain.return_document import CarFacts, ContractFacts, HandoverFacts, ReturnDocument, ReturnTerms, document_json
from leasedash.domain.return_settlement import settle_return, settlement_json
from leasedash.services.scenarios import contract_document


def versions_of(session: Session, inspection: Inspection) -> tuple[RuleSet, PriceList]:
    """The rule set and the price list the inspection is judged with."""
    rules, prices = session.get(RuleVersion, inspection.rules_version_id), session.get(RuleVersion, inspection.prices_version_id)
    return RuleSet(rules.version, rules.data), PriceList(prices.version, prices.data)


def _damage(row) -> Damage:
    return Damage(row.part, row.kind, row.length_mm, row.width_mm, Decimal(row.depth_mm), row.paint_broken, row.zone,
                  None if row.tread_mm is None else Decimal(row.tread_mm))


def inspection_document(session: Session, inspection: Inspection) -> ReturnDocument:
    """The inspection as a return document, its rules and prices inline (the caller checked access)."""
    contract = session.get(Contract, inspection.contract_id)
    product, vehicle = session.get(Product, contract.product_id), session.get(Vehicle, contract.vehicle_id)
    scenario = contract_document(session, contract)
    rules, prices = versions_of(session, inspection)
    terms = ReturnTerms(product.vat_rate, product.return_insurance_cap, product.deposit, product.casco_deductible_rate)
    return ReturnDocument(
        ContractFacts(scenario["product"], contract.start_date, contract.months, contract.annual_km, contract.monthly_rent, contract.end_date,
                      terms, contract.reference, product.lessor, contract.delivery_km),
        CarFacts(vehicle.body, vehicle.catalogue_price + vehicle.options_price, vehicle.fuel == "ev", vehicle.first_registration,
                 vehicle.plate, vehicle.make, vehicle.model, inspection.vin or vehicle.vin or ""),
        HandoverFacts(inspection.inspection_date, inspection.odometer_km, inspection.energy_percent, inspection.range_km,
                      inspection.apply_loss_of_value, inspection.place, inspection.driver_present),
        tuple(item.name for item in checklist_of(session, inspection.id) if not item.present),
        tuple(_damage(row) for row in damages_of(session, inspection.id)), rules, prices)


def recompute(session: Session, inspection: Inspection) -> dict[str, Any]:
    """Judge every damage with the inspection's versions, price the statement, advise, and keep the result (the
    JSON of `leasedash inspection statement`, each damage with its id)."""
    rows = damages_of(session, inspection.id)
    document = inspection_document(session, inspection)
    settlement = settle_return(document)
    for row, verdict in zip(rows, settlement.verdicts):
        row.acceptable, row.rule, row.method, row.cost = verdict.acceptable, verdict.rule, verdict.method, verdict.cost
    stored = settlement_json(settlement)
    for row, entry in zip(rows, stored["damages"]):
        entry["damage_id"] = row.id
    inspection.days_late = max(0, (inspection.inspection_date - document.contract.end_date).days)
    inspection.statement = stored
    inspection.updated_at = utcnow()
    session.flush()
    return stored


def content_hash(session: Session, inspection: Inspection) -> str:
    """SHA-256 of what is signed: the return document (facts, checklist, damages, rules and prices) and the
    photos of each damage."""
    rows = damages_of(session, inspection.id)
    photos = photos_of(session, [r.id for r in rows])
    content = {"document": document_json(inspection_document(session, inspection)),
               "photos": [[p.stored_name for p in photos.get(r.id, [])] for r in rows]}
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
