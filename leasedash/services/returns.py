"""The return pages' use cases, each in its own transaction: the inspections a user may see, starting one,
every change to an inspection (answered with the inspection as it is now), and the admin's rules and prices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.inspection import Damage
from leasedash.services import inspections as svc
from leasedash.services.inspection_detail import InspectionDetail, InspectionFacts, read_detail
from leasedash.services.photos import save_photo


@dataclass(frozen=True)
class InspectionSummary:
    """One line of the list of inspections: the total is None before anything was judged."""

    inspection_id: int
    reference: str
    inspection_date: dt.date
    status: str
    self_check: bool
    total: Decimal | None


def inspection_summaries(viewer: Viewer) -> tuple[InspectionSummary, ...]:
    """The inspections and self-checks the viewer may see, newest first."""
    with session_scope() as s:
        return tuple(InspectionSummary(i.id, c.reference, i.inspection_date, i.status, i.self_check,
                                       Decimal(i.statement["total"]) if i.statement else None)
                     for i, c in svc.visible_inspections(s, viewer))


def start_inspection(viewer: Viewer, contract_id: int, day: dt.date) -> int:
    """A driver's self-check, or a fleet manager's or an admin's planned inspection, on a contract they may see: its id."""
    with session_scope() as s:
        return svc.create_inspection(s, viewer, contract_id, day).id


def _changed(viewer: Viewer, inspection_id: int, change: Callable[[Session], object]) -> InspectionDetail:
    with session_scope() as s:
        change(s)
        return read_detail(s, viewer, inspection_id)


def record_facts(viewer: Viewer, inspection_id: int, expected_version: int, facts: InspectionFacts) -> InspectionDetail:
    """Record the return's facts on the version the viewer saw (StaleWrite otherwise) and judge everything again."""
    return _changed(viewer, inspection_id, lambda s: svc.update_facts(
        s, viewer, inspection_id, expected_version, inspection_date=facts.inspection_date, place=facts.place[:200],
        odometer_km=facts.odometer_km, energy_percent=facts.energy_percent, range_km=facts.range_km,
        driver_present=facts.driver_present, apply_loss_of_value=facts.apply_loss_of_value))


def mark_item(viewer: Viewer, inspection_id: int, expected_version: int, name: str, present: bool) -> InspectionDetail:
    """An item of the checklist handed back, or missing, on the version the viewer saw (StaleWrite otherwise)."""
    return _changed(viewer, inspection_id, lambda s: svc.set_item(s, viewer, inspection_id, name, present, expected_version))


def record_damage(viewer: Viewer, inspection_id: int, expected_version: int, damage: Damage) -> InspectionDetail:
    """A damage judged with the inspection's rule set, on the version the viewer saw (StaleWrite otherwise)."""
    return _changed(viewer, inspection_id, lambda s: svc.add_damage(s, viewer, inspection_id, damage, expected_version))


def drop_damage(viewer: Viewer, inspection_id: int, expected_version: int, damage_id: int) -> InspectionDetail:
    """A damage removed, on the version the viewer saw (StaleWrite otherwise)."""
    return _changed(viewer, inspection_id, lambda s: svc.remove_damage(s, viewer, inspection_id, damage_id, expected_version))


def attach_photo(viewer: Viewer, inspection_id: int, damage_id: int, filename: str, data: bytes) -> InspectionDetail:
    """A photo of a damage, checked and stored privately."""
    return _changed(viewer, inspection_id, lambda s: save_photo(s, viewer, inspection_id, damage_id, filename, data))


def sign_inspection(viewer: Viewer, inspection_id: int, expected_version: int, name: str) -> InspectionDetail:
    """Sign the version the viewer saw (StaleWrite otherwise): the signature keeps that version and the content's hash."""
    return _changed(viewer, inspection_id, lambda s: svc.sign(s, viewer, inspection_id, name, expected_version))


def withdraw_signatures(viewer: Viewer, inspection_id: int, reason: str) -> InspectionDetail:
    """The inspector takes back the signatures, with a reason the history keeps and the driver is told."""
    return _changed(viewer, inspection_id, lambda s: svc.withdraw_signatures(s, viewer, inspection_id, reason))


def dispute_inspection(viewer: Viewer, inspection_id: int, reason: str) -> InspectionDetail:
    return _changed(viewer, inspection_id, lambda s: svc.dispute(s, viewer, inspection_id, reason))


def settle_inspection(viewer: Viewer, inspection_id: int) -> InspectionDetail:
    return _changed(viewer, inspection_id, lambda s: svc.settle(s, viewer, inspection_id))
