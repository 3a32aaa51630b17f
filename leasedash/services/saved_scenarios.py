"""What-ifs a user keeps: saved with the scenario document and the engine's result, reopened by their owner."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from leasedash.db.errors import NotFound
from leasedash.db.models import SavedScenario
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.domain.engine import simulate_document


def save_scenario(session: Session, viewer: Viewer, contract_id: int, name: str, document: dict[str, Any]) -> SavedScenario:
    """Store a what-if on one of the viewer's contracts; the result is recomputed here, not trusted from the page."""
    get_contract(session, viewer, contract_id)
    result = simulate_document(document).as_json()
    row = SavedScenario(owner_id=viewer.user_id, contract_id=contract_id, name=(name or "").strip()[:200] or "scenario",
                        document=document, result=result)
    session.add(row)
    session.flush()
    return row


def saved_scenarios(session: Session, viewer: Viewer, contract_id: int) -> list[SavedScenario]:
    """The viewer's own saved what-ifs on a contract they may see, newest first."""
    get_contract(session, viewer, contract_id)
    statement = select(SavedScenario).where(SavedScenario.owner_id == viewer.user_id, SavedScenario.contract_id == contract_id)
    return list(session.exec(statement.order_by(SavedScenario.created_at.desc(), SavedScenario.id.desc())))


def open_scenario(session: Session, viewer: Viewer, scenario_id: int) -> SavedScenario:
    """One of the viewer's saved what-ifs (NotFound for anybody else's)."""
    row = session.get(SavedScenario, scenario_id)
    if row is None or row.owner_id != viewer.user_id:
        raise NotFound(f"saved scenario {scenario_id}: no such scenario among yours")
    if row.contract_id is not None:
        get_contract(session, viewer, row.contract_id)
    return row


def delete_scenario(session: Session, viewer: Viewer, scenario_id: int) -> None:
    """Delete one of the viewer's saved what-ifs."""
    session.delete(open_scenario(session, viewer, scenario_id))
    session.flush()
