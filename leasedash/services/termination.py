"""What an early-termination request would cost (seed 002, "Verzoek tot vroegtijdige beëindiging van mijn
leasecontract"), from the what-if engine: the same scenario the /what-if page runs for an early return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError, simulate_document
from leasedash.domain.projection import months_between
from leasedash.services.demo_fleet import add_months
from leasedash.services.scenarios import contract_document
from leasedash.services.what_if import Controls, scenario_document


@dataclass(frozen=True)
class TerminationQuote:
    """The cost, the month and date the car would come back, and the engine's result with its explanations."""

    cost: Decimal
    month: int
    return_date: dt.date
    simulation: dict[str, Any]


def month_range(start: dt.date, months: int, today: dt.date) -> tuple[int, int]:
    """The months a running contract may end early at: from the month it is in to the one before its last."""
    return max(1, months_between(start, today)), months - 1


def month_bounds(session: Session, viewer: Viewer, contract_id: int, today: dt.date | None = None) -> tuple[int, int]:
    """The months one of the viewer's contracts may end early at (NotFound for another's)."""
    contract = get_contract(session, viewer, contract_id)
    return month_range(contract.start_date, contract.months, today or dt.date.today())


def termination_quote(session: Session, viewer: Viewer, contract_id: int, month: int, today: dt.date | None = None) -> TerminationQuote:
    """The engine's result for one `early_return` event at `month` at the contracted pace (what-if Controls(early=True)).
    The cost is the result's `total_settlement`: for a fixed product the termination fee (every remaining rent, half
    of them, or the Keurmerk rule of 004 art. 21) plus a repaid eco premium, the km being on plan; for a grid product
    the shorter duration's rent rebilled over the months run less the rents paid, plus a repaid eco premium (003 q.36).
    Positive: what the driver would owe."""
    contract = get_contract(session, viewer, contract_id)
    if contract.status != "active":
        raise LeaseInputError("contract_id", "only a running contract can end early", code="termination_inactive")
    first, last = month_range(contract.start_date, contract.months, today or dt.date.today())
    if isinstance(month, bool) or not isinstance(month, int) or not first <= month <= last:
        raise LeaseInputError("termination_month", f"a month of the contract from {first} to {last}", code="termination_month",
                              params={"first": first, "last": last})
    document = scenario_document(contract_document(session, contract), Controls(early=True, return_month=month))
    try:
        result = simulate_document(document)
    except LeaseInputError as exc:
        raise LeaseInputError("termination_month", exc.reason, code=exc.code or "termination_unavailable") from None
    return_date = add_months(contract.start_date, month)
    simulation = {"return_month": month, "return_date": return_date.isoformat(), "events": document["events"], "result": result.as_json("en")}
    return TerminationQuote(result.total_settlement, month, return_date, simulation)


@dataclass(frozen=True)
class TerminationPreview:
    """What the request form shows while the driver types the month: the months allowed, the month quoted, the cost,
    the date the car would come back, and the engine's explanation in each language."""

    first: int
    last: int
    month: int
    cost: Decimal
    return_date: dt.date
    why: dict[str, str]


def month_number(text: str) -> int | None:
    """The month as typed: None when blank, 0 (refused by termination_quote with the allowed range) when not a month number."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) <= 4 else 0


def termination_preview(viewer: Viewer, contract_id: int, month: str) -> TerminationPreview:
    """The cost of ending one of the viewer's contracts early at the month typed (its first possible month when blank)."""
    with session_scope() as s:
        first, last = month_bounds(s, viewer, contract_id)
        chosen = month_number(month)
        quote = termination_quote(s, viewer, contract_id, first if chosen is None else chosen)
    step = quote.simulation["result"]["steps"][-1]
    return TerminationPreview(first, last, quote.month, quote.cost, quote.return_date, dict(step["explanations"]))
