"""Service requests as the /requests page reads and moves them (seed 002): each call one transaction, its answer
a dataclass; the rules are those of services/requests.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from leasedash.db.models import REQUEST_KINDS, REQUEST_STATUSES, Company, Contract, ServiceRequest, User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.domain import LeaseInputError
from leasedash.services.holidays import time_zone
from leasedash.services.requests import (
    MAX_TEXT,
    answer,
    attach_file,
    attachments,
    file_request,
    history,
    lateness,
    open_request,
    reject,
    take_up,
    visible_requests,
)
from leasedash.services.termination import month_number

KINDS, STATUSES = REQUEST_KINDS, REQUEST_STATUSES


@dataclass(frozen=True)
class RequestRow:
    """A request of the list or the queue; its moments in the local time of the company's country."""

    id: int
    kind: str
    status: str
    reference: str
    requester: str
    submitted_at: dt.datetime
    deadline_at: dt.datetime
    lateness: str


@dataclass(frozen=True)
class RequestFile:
    id: int
    name: str
    is_answer: bool


@dataclass(frozen=True)
class RequestStep:
    action: str
    who: str
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class RequestDetail:
    """The request opened: its row, texts, the simulated cost of an early termination, files and history."""

    row: RequestRow
    details: str
    answer: str
    answered_at: dt.datetime | None
    cost: Decimal | None
    month: int | None
    return_date: dt.date | None
    why: dict[str, str]
    files: tuple[RequestFile, ...]
    steps: tuple[RequestStep, ...]


def _row(request: ServiceRequest, requester: User, contract: Contract | None, country: str, now: dt.datetime) -> RequestRow:
    zone = time_zone(country)
    return RequestRow(request.id, request.kind, request.status, contract.reference if contract else "", f"{requester.first_name} {requester.last_name}",
                      request.submitted_at.astimezone(zone), request.deadline_at.astimezone(zone), lateness(request, now))


def request_rows(viewer: Viewer, status: str | None = None, contract_id: int | None = None) -> list[RequestRow]:
    """The list or the queue (visible_requests), late ones first; only the requests about `contract_id` when given."""
    now = utcnow()
    with session_scope() as s:
        return [_row(r, u, c, country, now) for r, u, c, country in visible_requests(s, viewer, status, now, contract_id=contract_id)]


def request_detail(viewer: Viewer, request_id: int) -> RequestDetail:
    """One request the viewer may see, with its files and history (NotFound otherwise)."""
    with session_scope() as s:
        r = open_request(s, viewer, request_id)
        country = s.get(Company, r.company_id).country
        contract = s.get(Contract, r.contract_id) if r.contract_id else None
        row = _row(r, s.get(User, r.requester_id), contract, country, utcnow())
        simulation = r.simulation or {}
        step = (simulation.get("result", {}).get("steps") or [{}])[-1]
        files = tuple(RequestFile(f.id, f.stored_name, f.is_answer) for f in attachments(s, r))
        steps = tuple(RequestStep(e.action, email, e.at.astimezone(time_zone(country)), e.reason) for e, email in history(s, r))
        returned = simulation.get("return_date")
        return RequestDetail(row, r.details, r.answer, r.answered_at.astimezone(time_zone(country)) if r.answered_at else None, r.simulated_cost,
                             r.termination_month, dt.date.fromisoformat(returned) if returned else None, dict(step.get("explanations", {})), files, steps)


def submit_request(viewer: Viewer, kind: str, details: str, contract_id: int | None, month: str,
                   files: list[tuple[str, bytes]]) -> int:
    """File a request and its files in one transaction, all or nothing; `month` (as typed) only for an early termination."""
    with session_scope() as s:
        request = file_request(s, viewer, kind, details, contract_id, month_number(month) if kind == "early_termination" else None)
        for name, data in files:
            attach_file(s, viewer, request.id, name, data)
        return request.id


def join_files(viewer: Viewer, request_id: int, files: list[tuple[str, bytes]]) -> None:
    """The driver joins files to their open request, all or none."""
    with session_scope() as s:
        for name, data in files:
            attach_file(s, viewer, request_id, name, data)


def handle_request(viewer: Viewer, request_id: int, step: str, text: str = "", document: tuple[str, bytes] | None = None,
                   quote: Decimal | None = None) -> None:
    """The fleet manager's or the lessor's step on a request: "take_up", "answer" (text, optional document, and for a buy-out
    the quoted amount, 003 q.40) or "reject" (text: the reason)."""
    with session_scope() as s:
        if step == "take_up":
            take_up(s, viewer, request_id)
        elif step == "answer":
            answer(s, viewer, request_id, text, document, quote=quote)
        elif step == "reject":
            reject(s, viewer, request_id, text)
        else:
            raise LeaseInputError("status", f"no step {step!r} on a request", code="request_status")
