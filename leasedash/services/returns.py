"""The return pages' use cases, each in its own transaction: the inspections a user may see, starting one,
every change to an inspection (answered with the inspection as it is now), and the admin's rules and prices."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.inspection import Damage
from leasedash.errors import InvalidInput
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


@dataclass(frozen=True)
class RuleTexts:
    """The newest rule set and price list, as the JSON an admin edits."""

    rules: str
    prices: str


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


def mark_item(viewer: Viewer, inspection_id: int, name: str, present: bool) -> InspectionDetail:
    """An item of the checklist handed back, or missing."""
    return _changed(viewer, inspection_id, lambda s: svc.set_item(s, viewer, inspection_id, name, present))


def record_damage(viewer: Viewer, inspection_id: int, damage: Damage) -> InspectionDetail:
    """A damage judged with the inspection's rule set."""
    return _changed(viewer, inspection_id, lambda s: svc.add_damage(s, viewer, inspection_id, damage))


def drop_damage(viewer: Viewer, inspection_id: int, damage_id: int) -> InspectionDetail:
    return _changed(viewer, inspection_id, lambda s: svc.remove_damage(s, viewer, inspection_id, damage_id))


def attach_photo(viewer: Viewer, inspection_id: int, damage_id: int, filename: str, data: bytes) -> InspectionDetail:
    """A photo of a damage, checked and stored privately."""
    return _changed(viewer, inspection_id, lambda s: save_photo(s, viewer, inspection_id, damage_id, filename, data))


def sign_inspection(viewer: Viewer, inspection_id: int, name: str) -> InspectionDetail:
    return _changed(viewer, inspection_id, lambda s: svc.sign(s, viewer, inspection_id, name))


def dispute_inspection(viewer: Viewer, inspection_id: int, reason: str) -> InspectionDetail:
    return _changed(viewer, inspection_id, lambda s: svc.dispute(s, viewer, inspection_id, reason))


def settle_inspection(viewer: Viewer, inspection_id: int) -> InspectionDetail:
    return _changed(viewer, inspection_id, lambda s: svc.settle(s, viewer, inspection_id))


def rule_texts() -> RuleTexts:
    """The newest rules and prices as indented JSON."""
    with session_scope() as s:
        rules, prices = (json.dumps(svc.current_version(s, kind).data, indent=1, ensure_ascii=False) for kind in svc.RULE_KINDS)
    return RuleTexts(rules, prices)


def save_rule_text(viewer: Viewer, kind: str, text: str) -> str:
    """An admin's edited rules or prices (JSON) stored as a new version: its name."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(kind, exc.msg, code="rules_bad_json", params={"detail": f"{exc.msg} ({exc.lineno}:{exc.colno})"}) from None
    if not isinstance(data, dict):
        raise InvalidInput(kind, "a JSON object is needed", code="rules_bad_json", params={"detail": type(data).__name__})
    with session_scope() as s:
        return svc.save_version(s, viewer, kind, data).version
