"""Service requests (seed 002): a driver fills a form of "Mijn verzoeken" and "ontvangt een reactie binnen een
maximumtermijn van 48 werkuren"; the fleet manager of the company or the lessor (admin) works the queue:
submitted -> in_progress -> answered | rejected, every step kept with who and when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import and_, case
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from leasedash import routes
from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import REQUEST_KINDS, Company, Contract, Product, RequestAttachment, RequestEvent, ServiceRequest, User
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer, visible_rows
from leasedash.db.types import utcnow
from leasedash.domain import LeaseInputError
from leasedash.domain.end_options import key_dates
from leasedash.i18n import translate
from leasedash.services.holidays import answer_deadline, time_zone
from leasedash.services.notifications import document_ready
from leasedash.services.termination import termination_quote
from leasedash.services.uploads import store_private, stored_file
from leasedash.settings import document_dir

OPEN = ("submitted", "in_progress")
FINAL = ("answered", "rejected")
NEXT = {"submitted": ("in_progress",), "in_progress": ("answered", "rejected")}
NEEDS_DETAILS = ("address_or_bank", "other")
MAX_TEXT = 2000


def request_folder() -> Path:
    """Where attachments and answer documents are kept, private."""
    return document_dir() / "requests"


def _text(field: str, value: str, minimum: int, code: str, what: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise LeaseInputError(field, f"at most {MAX_TEXT} characters", code="request_text_long")
    if len(text) < minimum:
        raise LeaseInputError(field, f"{what} (at least {minimum} characters)", code=code)
    return text


def _record(session: Session, request: ServiceRequest, viewer: Viewer, action: str, reason: str = "") -> None:
    session.add(RequestEvent(request_id=request.id, action=action, reason=reason[:MAX_TEXT], user_id=viewer.user_id))


def file_request(session: Session, viewer: Viewer, kind: str, details: str, contract_id: int | None = None,
                 termination_month: int | None = None, *, now: dt.datetime | None = None) -> ServiceRequest:
    """A driver files a request about one of their contracts (any kind but "other" needs one); its deadline is
    48 working hours later (002). An early termination carries the cost the what-if engine gives for the car
    coming back at `termination_month` (services/termination.py)."""
    if viewer.role != "driver":
        raise AccessDenied("a driver files requests; a fleet manager or the lessor answers them")
    if kind not in REQUEST_KINDS:
        raise LeaseInputError("kind", f"one of {', '.join(REQUEST_KINDS)}", code="request_kind")
    details = _text("details", details, 5 if kind in NEEDS_DETAILS else 0, "request_details", "say what you ask")
    contract: Contract | None = None
    if contract_id is not None:
        contract = get_contract(session, viewer, contract_id)
    elif kind != "other":
        raise LeaseInputError("contract_id", "choose the contract the request is about", code="request_contract")
    company = session.get(Company, contract.company_id if contract else viewer.company_id)
    now = now or utcnow()
    quote = None
    if kind == "buy_out":
        check_buy_out_window(session, contract, now.astimezone(time_zone(company.country)).date())
    if kind == "early_termination":
        if termination_month is None:
            raise LeaseInputError("termination_month", "the month the car would come back is needed", code="termination_month_missing")
        quote = termination_quote(session, viewer, contract.id, termination_month, now.astimezone(time_zone(company.country)).date())
    request = ServiceRequest(
        company_id=company.id, requester_id=viewer.user_id, contract_id=contract.id if contract else None, kind=kind, details=details,
        submitted_at=now, deadline_at=answer_deadline(session, company.country, now),
        termination_month=quote.month if quote else None, simulated_cost=quote.cost if quote else None, simulation=quote.simulation if quote else None,
    )
    session.add(request)
    session.flush()
    _record(session, request, viewer, "filed")
    session.flush()
    return request


def check_buy_out_window(session: Session, contract: Contract, today: dt.date) -> None:
    """003 q.40: the buy-out value "sera communiquée sur demande du client trois mois avant la fin du contrat": a
    request before the window opens (end_of_lease.json) is refused, saying from when it is possible."""
    opens, _ = key_dates(contract.end_date, session.get(Product, contract.product_id).code)
    if today < opens:
        raise LeaseInputError("kind", f"a buy-out quote can be asked from {opens.isoformat()} on", code="buy_out_too_early",
                              params={"date": opens.isoformat()})


def _visible(statement, viewer: Viewer):
    return visible_rows(statement, viewer, ServiceRequest.company_id, ServiceRequest.requester_id)


def visible_requests(session: Session, viewer: Viewer, status: str | None = None, now: dt.datetime | None = None,
                     limit: int = 200, contract_id: int | None = None) -> list[tuple[ServiceRequest, User, Contract | None, str]]:
    """The requests the viewer may see (a driver their own, a fleet manager their company's, the lessor's admin
    all; only those about `contract_id` when given), with their requester, contract and company's country: late ones
    first, then open ones by deadline, then the newest closed."""
    now = now or utcnow()
    rank = case((and_(ServiceRequest.status.in_(OPEN), ServiceRequest.deadline_at < now), 0), (ServiceRequest.status.in_(OPEN), 1), else_=2)
    statement = (select(ServiceRequest, User, Contract, Company.country).join(User, User.id == ServiceRequest.requester_id)
                 .join(Company, Company.id == ServiceRequest.company_id).outerjoin(Contract, Contract.id == ServiceRequest.contract_id))
    statement = _visible(statement, viewer)
    if status:
        statement = statement.where(ServiceRequest.status == status)
    if contract_id is not None:
        statement = statement.where(ServiceRequest.contract_id == contract_id)
    order = (rank, case((ServiceRequest.status.in_(OPEN), ServiceRequest.deadline_at), else_=None), ServiceRequest.submitted_at.desc(), ServiceRequest.id.desc())
    return [tuple(row) for row in session.exec(statement.order_by(*order).limit(limit))]


def open_request(session: Session, viewer: Viewer, request_id: int) -> ServiceRequest:
    """A request the viewer may see (NotFound otherwise: another company's request is not told apart from none)."""
    request = session.exec(_visible(select(ServiceRequest).where(ServiceRequest.id == request_id), viewer)).first()
    if request is None:
        raise NotFound(f"request {request_id}: no such request among yours")
    return request


def _handled(session: Session, viewer: Viewer, request_id: int, to: str) -> ServiceRequest:
    request = open_request(session, viewer, request_id)
    if not viewer.manages_contracts:
        raise AccessDenied("a fleet manager or the lessor works the requests; a driver files them")
    if to not in NEXT.get(request.status, ()):
        raise LeaseInputError("status", f"a {request.status} request cannot become {to}", code="request_status")
    return request


def _save(session: Session, request: ServiceRequest) -> ServiceRequest:
    request_id = request.id
    try:
        session.flush()
    except StaleDataError:
        raise StaleWrite(f"request {request_id} was changed by someone else since you opened it: reload it; nothing was saved") from None
    return request


def take_up(session: Session, viewer: Viewer, request_id: int) -> ServiceRequest:
    """The fleet manager or the lessor starts on a submitted request."""
    request = _handled(session, viewer, request_id, "in_progress")
    request.status, request.handled_by = "in_progress", viewer.user_id
    _record(session, request, viewer, "taken_up")
    return _save(session, request)


def answer(session: Session, viewer: Viewer, request_id: int, text: str, document: tuple[str, bytes] | None = None,
           *, now: dt.datetime | None = None, quote: Decimal | None = None) -> ServiceRequest:
    """Answer a request in progress with a text and, optionally, a document (.pdf/.jpg/.png); the driver is
    e-mailed that the document is ready (002). A buy-out request is answered with the lessor's quoted amount
    (003 q.40), which then replaces the estimate of the market value on /end-of-lease."""
    text = _text("answer", text, 2, "answer_text", "write the answer")
    request = _handled(session, viewer, request_id, "answered")
    if request.kind == "buy_out":
        if quote is None or quote <= 0:
            raise LeaseInputError("quote", "a buy-out request is answered with the quoted amount", code="buy_out_quote_missing")
        request.quoted_amount = quote
    if document is not None:
        attach_file(session, viewer, request.id, document[0], document[1], is_answer=True)
        requester = session.get(User, request.requester_id)
        kind = translate(f"requests.kind.{request.kind}", requester.language)
        document_ready(session, requester.id, translate("mail.request_answer", requester.language, kind=kind), routes.request(request.id))
    request.status, request.answer, request.answered_at, request.handled_by = "answered", text, now or utcnow(), viewer.user_id
    _record(session, request, viewer, "answered")
    return _save(session, request)


def reject(session: Session, viewer: Viewer, request_id: int, reason: str, *, now: dt.datetime | None = None) -> ServiceRequest:
    """Refuse a request in progress; the reason is required and shown to the driver."""
    reason = _text("reason", reason, 5, "reject_reason", "say why the request is refused")
    request = _handled(session, viewer, request_id, "rejected")
    request.status, request.answer, request.answered_at, request.handled_by = "rejected", reason, now or utcnow(), viewer.user_id
    _record(session, request, viewer, "rejected", reason)
    return _save(session, request)


def attach_file(session: Session, viewer: Viewer, request_id: int, filename: str, data: bytes, is_answer: bool = False) -> RequestAttachment:
    """Join a file to an open request: the driver who filed it, or (an answer document) the fleet manager or the
    lessor once it is in progress. Same rules as every upload: .pdf/.jpg/.png checked by content and size on
    the server, stored privately under a clean name."""
    request = open_request(session, viewer, request_id)
    if request.status in FINAL:
        raise AccessDenied("an answered or rejected request is closed")
    if is_answer and (not viewer.manages_contracts or request.status != "in_progress"):
        raise AccessDenied("an answer document is joined by who handles the request, once it is taken up")
    if not is_answer and viewer.user_id != request.requester_id:
        raise AccessDenied("only the driver who filed the request joins files to it")
    stored, content_type = store_private(request_folder(), filename, data)
    attachment = RequestAttachment(request_id=request.id, stored_name=stored, content_type=content_type, size_bytes=len(data),
                                   is_answer=is_answer, uploaded_by=viewer.user_id)
    session.add(attachment)
    _record(session, request, viewer, "answer_file_added" if is_answer else "file_added", stored)
    session.flush()
    return attachment


def attachments(session: Session, request: ServiceRequest) -> list[RequestAttachment]:
    """The driver's files first, then the answer document (the caller opened the request)."""
    statement = select(RequestAttachment).where(RequestAttachment.request_id == request.id)
    return list(session.exec(statement.order_by(RequestAttachment.is_answer, RequestAttachment.id)))


def attachment_file(session: Session, viewer: Viewer, attachment_id: int) -> tuple[Path, str]:
    """The file and content type of an attachment, for a viewer who may see its request (NotFound otherwise)."""
    attachment = session.get(RequestAttachment, attachment_id)
    if attachment is None:
        raise NotFound(f"attachment {attachment_id}: no such file")
    try:
        open_request(session, viewer, attachment.request_id)
    except NotFound:
        raise NotFound(f"attachment {attachment_id}: no such file") from None
    return stored_file(request_folder(), attachment.stored_name, f"attachment {attachment_id}"), attachment.content_type


def history(session: Session, request: ServiceRequest) -> list[tuple[RequestEvent, str]]:
    """Every step with the e-mail of who took it, oldest first."""
    rows = session.exec(select(RequestEvent, User.email).join(User, User.id == RequestEvent.user_id)
                        .where(RequestEvent.request_id == request.id).order_by(RequestEvent.at, RequestEvent.id))
    return [tuple(r) for r in rows]


def is_late(request: ServiceRequest, now: dt.datetime) -> bool:
    """Past its 48-working-hour deadline and still not answered (002)."""
    return request.status not in FINAL and now > request.deadline_at


def lateness(request: ServiceRequest, now: dt.datetime) -> str:
    """"late" (open past the deadline), "answered_late" (closed after it), else ""."""
    if is_late(request, now):
        return "late"
    if request.status in FINAL and request.answered_at is not None and request.answered_at > request.deadline_at:
        return "answered_late"
    return ""
