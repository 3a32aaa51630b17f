"""What-ifs a user keeps: saved with the scenario document and the engine's result, reopened by their owner; the
scenarios kept for a comparison (not saved) stored the same way, marked `kept`, so they survive a reload and another
tab until their owner clears them; a deleted what-if put back as it was (undo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, delete, select

from leasedash.db.errors import NotFound
from leasedash.db.models import SavedScenario
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.engine import simulate_document


@dataclass(frozen=True)
class SavedWhatIf:
    """One saved what-if as its owner's list shows it."""

    scenario_id: int
    name: str
    saved_on: dt.date
    settlement: Decimal


@dataclass(frozen=True)
class SavedDocument:
    """A saved what-if reopened: its contract and its scenario document."""

    contract_id: int | None
    document: dict[str, Any]


@dataclass(frozen=True)
class KeptDocument:
    """A scenario kept for the comparison: its id, its name and its scenario document."""

    scenario_id: int
    name: str
    document: dict[str, Any]


@dataclass(frozen=True)
class DeletedWhatIf:
    """A saved what-if just deleted, with everything needed to put it back."""

    scenario_id: int
    contract_id: int | None
    name: str
    document: dict[str, Any]
    result: dict[str, Any]
    created_at: dt.datetime


def _stored(viewer: Viewer, contract_id: int, name: str, document: dict[str, Any], kept: bool) -> SavedScenario:
    with session_scope() as s:
        get_contract(s, viewer, contract_id)
        result = simulate_document(document).as_json()
        row = SavedScenario(owner_id=viewer.user_id, contract_id=contract_id, name=(name or "").strip()[:200] or "scenario",
                            document=document, result=result, kept=kept)
        s.add(row)
        s.flush()
        return row


def save_scenario(viewer: Viewer, contract_id: int, name: str, document: dict[str, Any]) -> SavedWhatIf:
    """Store a what-if on one of the viewer's contracts; the result is recomputed here, not trusted from the page."""
    return _listed(_stored(viewer, contract_id, name, document, kept=False))


def keep_scenario(viewer: Viewer, contract_id: int, name: str, document: dict[str, Any]) -> KeptDocument:
    """Keep a scenario for the comparison on one of the viewer's contracts, until they clear it."""
    row = _stored(viewer, contract_id, name, document, kept=True)
    return KeptDocument(row.id, row.name, row.document)


def _own_rows(viewer: Viewer, contract_id: int, kept: bool):
    return (select(SavedScenario).where(SavedScenario.owner_id == viewer.user_id, SavedScenario.contract_id == contract_id,
                                        SavedScenario.kept == kept)
            .order_by(SavedScenario.created_at.desc(), SavedScenario.id.desc()))


def listed_scenarios(session: Session, viewer: Viewer, contract_id: int) -> tuple[SavedWhatIf, ...]:
    """The viewer's own saved what-ifs on a contract they may see, newest first (within the caller's session)."""
    get_contract(session, viewer, contract_id)
    return tuple(_listed(row) for row in session.exec(_own_rows(viewer, contract_id, kept=False)))


def kept_documents(session: Session, viewer: Viewer, contract_id: int) -> tuple[KeptDocument, ...]:
    """The scenarios the viewer kept for the comparison on a contract they may see, in the order they kept them."""
    get_contract(session, viewer, contract_id)
    rows = reversed(session.exec(_own_rows(viewer, contract_id, kept=True)).all())
    return tuple(KeptDocument(row.id, row.name, row.document) for row in rows)


def discard_kept(viewer: Viewer, scenario_ids: Sequence[int]) -> None:
    """Take scenarios the viewer kept out of the comparison (ids of theirs only; saved what-ifs are left alone)."""
    with session_scope() as s:
        s.exec(delete(SavedScenario).where(SavedScenario.owner_id == viewer.user_id, SavedScenario.kept == True,  # noqa: E712
                                           col(SavedScenario.id).in_(list(scenario_ids))))


def open_scenario(viewer: Viewer, scenario_id: int) -> SavedDocument:
    """One of the viewer's saved what-ifs (NotFound for anybody else's)."""
    with session_scope() as s:
        row = _own(s, viewer, scenario_id)
        return SavedDocument(row.contract_id, row.document)


def delete_scenario(viewer: Viewer, scenario_id: int) -> DeletedWhatIf:
    """Delete one of the viewer's saved what-ifs; returns it as it was, for an undo."""
    with session_scope() as s:
        row = _own(s, viewer, scenario_id)
        deleted = DeletedWhatIf(row.id, row.contract_id, row.name, row.document, row.result, row.created_at)
        s.delete(row)
        return deleted


def restore_scenario(viewer: Viewer, deleted: DeletedWhatIf) -> SavedWhatIf:
    """Put a deleted what-if back under its own id, name and date (its contract still in the viewer's scope)."""
    with session_scope() as s:
        if deleted.contract_id is not None:
            get_contract(s, viewer, deleted.contract_id)
        row = SavedScenario(id=deleted.scenario_id, owner_id=viewer.user_id, contract_id=deleted.contract_id, name=deleted.name,
                            document=deleted.document, result=deleted.result, created_at=deleted.created_at)
        s.add(row)
        s.flush()
        return _listed(row)


def _own(session: Session, viewer: Viewer, scenario_id: int) -> SavedScenario:
    row = session.get(SavedScenario, scenario_id)
    if row is None or row.owner_id != viewer.user_id or row.kept:
        raise NotFound(f"saved scenario {scenario_id}: no such scenario among yours")
    if row.contract_id is not None:
        get_contract(session, viewer, row.contract_id)
    return row


def _listed(row: SavedScenario) -> SavedWhatIf:
    return SavedWhatIf(row.id, row.name, row.created_at.date(), Decimal(row.result.get("total_settlement", "0.00")))
