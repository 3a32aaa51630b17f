"""What an early-termination request would cost (seed 002, "Verzoek tot vroegtijdige beëindiging van mijn
leasecontract"): the what-if's own answer (services/what_if.py, the functions the /what-if page calls) for the car
coming back early at that month, its km the latest odometer reading projected to that month; the return dated at
the earliest on the first month the product's notice allows (001: "Toute demande de résiliation anticipée doit être
effectuée par écrit 2 mois à l'avance"; end_of_lease.json notice_months)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from leasedash.db.models import Contract, Product
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.end_options import end_rules
from leasedash.domain.projection import add_months
from leasedash.services.what_if import answer, effective, opened_contract, scenario_document

MAX_MONTH_DIGITS = 4


@dataclass(frozen=True)
class ReturnWindow:
    """The months a running contract may end early at, from `first` (the first whose date is at least `notice`
    months after today, and not before the product's earliest termination month; on `first_date`) to `last` (the one
    before its last)."""

    first: int
    last: int
    notice: int
    first_date: dt.date


@dataclass(frozen=True)
class TerminationQuote:
    """The cost (positive: what the driver would owe; negative: a refund), the month and date the car would come
    back, the km it would have been driven by then, the months it could come back at, and the engine's result with
    its explanations."""

    cost: Decimal
    month: int
    return_date: dt.date
    return_km: int
    window: ReturnWindow
    simulation: dict[str, Any]


def return_window(start: dt.date, months: int, today: dt.date, notice: int, earliest_month: int | None) -> ReturnWindow:
    """The months a contract started on `start` may end early at, asked on `today` with `notice` months' notice (001:
    two months) and the product's earliest termination month (004 art. 21: after the first year)."""
    allowed = add_months(today, notice)
    first = max(1, earliest_month or 1)
    while first < months and add_months(start, first) < allowed:
        first += 1
    return ReturnWindow(first, months - 1, notice, add_months(start, first))


def contract_window(session: Session, contract: Contract, today: dt.date) -> ReturnWindow:
    """The return window of a contract, its notice read from the product's data."""
    product = session.get(Product, contract.product_id)
    return return_window(contract.start_date, contract.months, today, end_rules().notice_of(product.code), product.earliest_termination_month)


def termination_quote(session: Session, viewer: Viewer, contract_id: int, month: int | None, today: dt.date | None = None) -> TerminationQuote:
    """The what-if's answer for an early return at `month` (None: the earliest the notice allows) at the pace driven
    so far, the figure /what-if shows for that month. The cost is the result's `total_settlement`: for a fixed
    product the termination fee (every remaining rent, half of them, or the Keurmerk rule of 004 art. 21) plus the
    km settled pro rata and a repaid eco premium; for a grid product the shorter duration's rent rebilled over the
    months run less the rents paid, with the km re-rated (003 q.36)."""
    today = today or dt.date.today()
    contract = get_contract(session, viewer, contract_id)
    if contract.status != "active":
        raise LeaseInputError("contract_id", "only a running contract can end early", code="termination_inactive")
    window = contract_window(session, contract, today)
    if window.first > window.last:
        raise LeaseInputError("termination_month", "the contract ends before the notice runs out", code="termination_too_late")
    month = window.first if month is None else month
    if isinstance(month, bool) or not isinstance(month, int) or not window.first <= month <= window.last:
        raise LeaseInputError("termination_month", f"a month of the contract from {window.first} to {window.last}", code="termination_month",
                              params={"first": window.first, "last": window.last})
    opened = opened_contract(session, viewer, contract.id, today)
    controls = effective(replace(opened.start, early=True, return_month=month), opened.standing, opened.terms.changes_allowed)
    reply = answer(opened.base, controls, opened.standing)
    if reply.result is None:
        raise LeaseInputError("termination_month", reply.problem.reason if reply.problem else "", code="termination_unavailable")
    events = scenario_document(opened.base, controls, opened.standing)["events"]
    return_date = add_months(contract.start_date, month)
    simulation = {"return_month": month, "return_date": return_date.isoformat(), "events": events, "result": reply.result.as_json("en")}
    return TerminationQuote(reply.result.total_settlement, month, return_date, int(events[-1].get("total_km", 0)), window, simulation)


@dataclass(frozen=True)
class TerminationPreview:
    """What the request form shows while the driver types the month: the months allowed and the notice, the month
    quoted, the cost, the date the car would come back and its km by then, and the engine's explanation in each language."""

    contract_id: int
    window: ReturnWindow
    month: int
    cost: Decimal
    return_date: dt.date
    return_km: int
    why: dict[str, str]


def month_number(text: str) -> int | None:
    """The month as typed: None when blank, 0 (refused by termination_quote with the allowed range) when not a month number."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) <= MAX_MONTH_DIGITS else 0


def termination_preview(viewer: Viewer, contract_id: int, month: str) -> TerminationPreview:
    """The cost of ending one of the viewer's contracts early at the month typed (the earliest the notice allows when blank)."""
    with session_scope() as s:
        quote = termination_quote(s, viewer, contract_id, month_number(month))
    step = quote.simulation["result"]["steps"][-1]
    return TerminationPreview(contract_id, quote.window, quote.month, quote.cost, quote.return_date, quote.return_km, dict(step["explanations"]))
