"""What-ifs a user keeps: saved with the scenario document and the engine's result, reopened by their owner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

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


def save_scenario(viewer: Viewer, contract_id: int, name: str, document: dict[str, Any]) -> SavedWhatIf:
    """Store a what-if on one of the viewer's contracts; the result is recomputed here, not trusted from the page."""
    with session_scope() as s:
        get_contract(s, viewer, contract_id)
        result = simulate_document(document).as_json()
        row = SavedScenario(owner_id=viewer.user_id, contract_id=contract_id, name=(name or "").strip()[:200] or "scenario",
                            document=document, result=result)
        s.add(row)
        s.flush()
        return _listed(row)


def listed_scenarios(session: Session, viewer: Viewer, contract_id: int) -> tuple[SavedWhatIf, ...]:
    """The viewer's own saved what-ifs on a contract they may see, newest first (within the caller's session)."""
    get_contract(session, viewer, contract_id)
    statement = select(SavedScenario).where(SavedScenario.owner_id == viewer.user_id, SavedScenario.contract_id == contract_id)
    rows = session.exec(statement.order_by(SavedScenario.created_at.desc(), SavedScenario.id.desc()))
    return tuple(_listed(row) for row in rows)


def open_scenario(viewer: Viewer, scenario_id: int) -> SavedDocument:
    """One of the viewer's saved what-ifs (NotFound for anybody else's)."""
    with session_scope() as s:
        row = _own(s, viewer, scenario_id)
        return SavedDocument(row.contract_id, row.document)


def delete_scenario(viewer: Viewer, scenario_id: int) -> None:
    """Delete one of the viewer's saved what-ifs."""
    with session_scope() as s:
        s.delete(_own(s, viewer, scenario_id))


def _own(session: Session, viewer: Viewer, scenario_id: int) -> SavedScenario:
    row = session.get(SavedScenario, scenario_id)
    if row is None or row.owner_id != viewer.user_id:
        raise NotFound(f"saved scenario {scenario_id}: no such scenario among yours")
    if row.contract_id is not None:
        get_contract(session, viewer, row.contract_id)
    return row


def _listed(row: SavedScenario) -> SavedWhatIf:
    return SavedWhatIf(row.id, row.name, row.created_at.date(), Decimal(row.result.get("total_settlement", "0.00")))
