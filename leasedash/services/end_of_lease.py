"""The end-of-lease decision of one contract (issue 18): its facts read once, scoped to the viewer, and the three
paths of domain/end_options.py; the page, `leasedash contract end-options` and the API all call `decision`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from leasedash.db.models import Inspection, ServiceRequest
from leasedash.db.queries import contract_details
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.end_options import EndOptions, LeaseFacts, end_options, options_json, return_costs_of
from leasedash.domain.pricing import CarToPrice
from leasedash.domain.projection import months_between
from leasedash.domain.errors import LeaseInputError
from leasedash.services.contract_view import driven_so_far
from leasedash.services.requests import answer, file_request, open_request, take_up
from leasedash.services.scenarios import contract_document

LESSOR = Viewer(user_id=0, role="admin", company_id=None)
"""Who the command line reads for: the lessor, every contract (as `leasedash contract scenario`)."""


@dataclass(frozen=True)
class BuyOutRequest:
    """The latest buy-out quote request of a contract: its id, status and the lessor's quoted amount once answered."""

    request_id: int
    status: str
    quote: Decimal | None


@dataclass(frozen=True)
class Decision:
    """A contract's end-of-lease decision as of a date: who and what it is about, the three paths, the latest
    buy-out request, and whether one may be filed today (003 q.40: from three months before the end)."""

    contract_id: int
    reference: str
    product: str
    product_code: str
    car: str
    driver: str
    driver_id: int
    end_date: dt.date
    as_of: dt.date
    options: EndOptions
    request: BuyOutRequest | None

    @property
    def buy_out_open(self) -> bool:
        return self.options.buy_out_opens is not None and self.as_of >= self.options.buy_out_opens

    def as_json(self) -> dict[str, Any]:
        """The JSON of the CLI and the API: the contract, the date, the three paths and the buy-out request."""
        return {"contract_id": self.contract_id, "reference": self.reference, "product": self.product, "as_of": self.as_of.isoformat(),
                **options_json(self.options), "buy_out_window_open": self.buy_out_open,
                "buy_out_request": None if self.request is None else {
                    "id": self.request.request_id, "status": self.request.status,
                    "quote": None if self.request.quote is None else f"{self.request.quote:.2f}"}}


def latest_statement(session: Session, contract_id: int) -> Inspection | None:
    """The contract's latest self-check or inspection that has a statement (the caller checked access)."""
    statement = (select(Inspection).where(Inspection.contract_id == contract_id, Inspection.statement.is_not(None))
                 .order_by(Inspection.inspection_date.desc(), Inspection.id.desc()).limit(1))
    return session.exec(statement).first()


def latest_buy_out(session: Session, contract_id: int) -> BuyOutRequest | None:
    """The contract's latest buy-out request, with its quote when it was answered with one (the caller checked access)."""
    row = session.exec(select(ServiceRequest).where(ServiceRequest.contract_id == contract_id, ServiceRequest.kind == "buy_out")
                       .order_by(ServiceRequest.submitted_at.desc(), ServiceRequest.id.desc()).limit(1)).first()
    if row is None:
        return None
    return BuyOutRequest(row.id, row.status, row.quoted_amount if row.status == "answered" else None)


def decision_in(session: Session, viewer: Viewer, contract_id: int, as_of: dt.date, extension: int | None = None) -> Decision:
    """The decision for a contract the viewer may see (NotFound otherwise), from its latest reading on or before `as_of`
    projected as home projects it (contract_view.driven_so_far, projection.km_at_month)."""
    contract, product, vehicle, driver = contract_details(session, viewer, contract_id)
    driven = driven_so_far(session, contract, as_of)
    months_run = max(0, min(contract.months, months_between(contract.start_date, as_of)))
    car = CarToPrice(vehicle.catalogue_price + vehicle.options_price, vehicle.fuel, product.country)
    age = max(0, months_between(vehicle.first_registration or contract.start_date, contract.end_date))
    facts = LeaseFacts(contract_document(session, contract), product.code, months_run, driven.km, driven.days, car, age)
    inspection = latest_statement(session, contract.id)
    costs = return_costs_of(inspection.statement if inspection else None, bool(inspection and inspection.self_check),
                            inspection.id if inspection else None, product.code)
    request = latest_buy_out(session, contract.id)
    options = end_options(facts, costs, extension, request.quote if request else None, contract.end_date)
    return Decision(contract.id, contract.reference, product.name, product.code, f"{vehicle.make} {vehicle.model}",
                    f"{driver.first_name} {driver.last_name}", driver.id, contract.end_date, as_of, options, request)


def decision(viewer: Viewer, contract_id: int, as_of: dt.date | None = None, extension: int | None = None) -> Decision:
    """The end-of-lease decision of one of the viewer's contracts as of `as_of` (today), extended by `extension`
    months (the default of end_of_lease.json when None)."""
    with session_scope() as s:
        return decision_in(s, viewer, contract_id, as_of or dt.date.today(), extension)


def ask_buy_out(viewer: Viewer, contract_id: int, details: str = "") -> int:
    """The driver asks the lessor for a buy-out quote (a service request of kind buy_out, answered within 48 working
    hours, 002), from three months before the end on (003 q.40); its id."""
    with session_scope() as s:
        return file_request(s, viewer, "buy_out", details, contract_id).id


def answer_buy_out(viewer: Viewer, request_id: int, quote: Decimal, note: str = "") -> None:
    """Whoever works the request (the fleet manager or the lessor) answers it with the quoted amount, taking it up
    first when nobody has; the quote then replaces the market value's estimate."""
    with session_scope() as s:
        request = open_request(s, viewer, request_id)
        if request.kind != "buy_out":
            raise LeaseInputError("request", f"request {request_id} is not a buy-out request", code="not_buy_out")
        if request.status == "submitted":
            take_up(s, viewer, request_id)
        answer(s, viewer, request_id, note.strip() or f"{quote:.2f}", quote=quote)

