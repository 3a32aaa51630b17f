"""Finding a contract: by reference, driver's name, plate or make over the viewer's whole scope, with the
contracts a user opened recently (contract_visit) and their own first. Each field is matched by prefix on an
index of its lower-case text (contract_visits.SEARCH_INDEXES), so a search stays fast at 650,000 contracts: a word
matching few contracts is looked up in those indexes and only its matches are read; when every word matches many
(a make, a common name), the contracts are read in id order until a page is full."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, literal, or_, union_all
from sqlmodel import Session, select

from leasedash.db.catalogue import Vehicle
from leasedash.db.contract_visits import ContractVisit
from leasedash.db.contracts import Contract
from leasedash.db.scoping import Viewer, visible_contracts
from leasedash.db.tenancy import User
from leasedash.db.types import utcnow

MAX_TERMS = 4
MAX_TERM = 40
FEW = 2000
RECENT = 50
PARTICLES = frozenset({"de", "den", "der", "van", "von", "le", "la", "du", "des", "di", "da", "ter", "ten", "d'", "l'"})
FIELDS = ((Contract.reference, None), (User.first_name, User), (User.last_name, User), (Vehicle.plate, Vehicle), (Vehicle.make, Vehicle))


def search_terms(text: str) -> list[str]:
    """The words typed, lower-case, at most MAX_TERMS of at most MAX_TERM characters; a name's particle goes with the
    word after it ("De Smet", "van den Berg" are searched as the start of a last name, not as two words)."""
    terms: list[str] = []
    pending = ""
    for word in text.lower().split():
        pending = f"{pending} {word}" if pending else word
        if word not in PARTICLES:
            terms.append(pending)
            pending = ""
    return [term[:MAX_TERM] for term in [*terms, *([pending] if pending else [])]][:MAX_TERMS]


def _starts(column, term: str, ranged: bool = False):
    """The column's lower-case text starts with `term` (LIKE, wildcards escaped); `ranged` (SQLite, whose LIKE
    cannot use an expression index) adds the same prefix as a range of the index: term <= text < term's successor."""
    lowered = func.lower(column)
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    condition = lowered.like(f"{escaped}%", escape="\\")
    if not ranged:
        return condition
    bounds = [lowered >= term]
    if ord(term[-1]) < 0x10FFFF:
        bounds.append(lowered < term[:-1] + chr(ord(term[-1]) + 1))
    return and_(*bounds, condition)


def _matches(term: str):
    """A row of contract ⋈ driver ⋈ car matches `term` in one of its searched fields."""
    return or_(*(_starts(column, term) for column, _ in FIELDS))


def _lookups(viewer: Viewer, term: str, ranged: bool):
    """The ids of the contracts of the viewer's scope matching `term`, one indexed lookup per field (a contract may
    come more than once)."""
    joins = {User: User.id == Contract.driver_id, Vehicle: Vehicle.id == Contract.vehicle_id}
    branches = []
    for column, table in FIELDS:
        statement = select(Contract.id)
        if table is not None:
            statement = statement.join(table, joins[table])
        branches.append(visible_contracts(statement.where(_starts(column, term, ranged)), viewer))
    return union_all(*branches)


def _few(session: Session, viewer: Viewer, term: str, ranged: bool) -> bool:
    """`term` matches fewer than FEW contracts of the viewer's scope (counted up to FEW, no further)."""
    capped = _lookups(viewer, term, ranged).limit(FEW).subquery()
    return session.exec(select(func.count()).select_from(capped)).one() < FEW


def _rows(viewer: Viewer, terms: list[str], visits):
    """(contract, driver's first name, last name, make, model, plate, own, opened at) of the viewer's scope matching
    every term, and the sort key: their own first, then the ones they opened most recently, then by id."""
    own = case((Contract.driver_id == viewer.user_id, literal(0)), else_=literal(1))
    statement = (select(Contract, User.first_name, User.last_name, Vehicle.make, Vehicle.model, Vehicle.plate, own == 0, visits.c.opened_at)
                 .join(User, User.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)
                 .join(visits, visits.c.contract_id == Contract.id, isouter=True)
                 .where(*(_matches(term) for term in terms)))
    return visible_contracts(statement, viewer), (own, visits.c.opened_at.is_(None), visits.c.opened_at.desc(), Contract.id)


def search_contracts(session: Session, viewer: Viewer, text: str, limit: int, offset: int = 0) -> list[tuple]:
    """(contract, driver's first name, last name, make, model, plate, own, opened at) of the contracts the viewer
    may see that match every word typed: their own first, then the ones they opened most recently (the last RECENT),
    then by id. With nothing typed: only their own and the ones they opened.
    A word matching fewer than FEW contracts gives the candidates (read from the indexes, then filtered by the other
    words and sorted); when every word matches more, their own and opened ones come first and the others are read in
    id order until the page is full."""
    ranged = session.get_bind().dialect.name == "sqlite"
    terms = search_terms(text)
    visits = (select(ContractVisit.contract_id, ContractVisit.opened_at).where(ContractVisit.user_id == viewer.user_id)
              .order_by(ContractVisit.opened_at.desc()).limit(RECENT).subquery())
    statement, order = _rows(viewer, terms, visits)
    seed = next((term for term in terms if _few(session, viewer, term, ranged)), None)
    if seed is not None:
        candidates = _lookups(viewer, seed, ranged)
        return [tuple(row) for row in session.exec(statement.where(Contract.id.in_(candidates)).order_by(*order).limit(limit).offset(offset))]
    first = union_all(select(Contract.id).where(Contract.driver_id == viewer.user_id), select(visits.c.contract_id))
    priority = [tuple(row) for row in session.exec(statement.where(Contract.id.in_(first)).order_by(*order))]
    if not terms:
        return priority[offset:offset + limit]
    shown = priority[offset:offset + limit]
    if len(shown) == limit:
        return shown
    rest = statement.where(Contract.id.not_in([row[0].id for row in priority])).order_by(Contract.id)
    rows = session.exec(rest.limit(limit - len(shown)).offset(max(0, offset - len(priority))))
    return shown + [tuple(row) for row in rows]


def remember_visit(session: Session, user_id: int, contract_id: int) -> None:
    """The user opened this contract now (the caller checked access)."""
    row = session.exec(select(ContractVisit).where(ContractVisit.user_id == user_id, ContractVisit.contract_id == contract_id)).first()
    if row is None:
        session.add(ContractVisit(user_id=user_id, contract_id=contract_id))
    else:
        row.opened_at = utcnow()
    session.flush()


def contracts_ending(session: Session, viewer: Viewer, first: dt.date, last: dt.date, limit: int) -> tuple[list[tuple], int]:
    """(contract, driver's first name, last name, make, model, plate) of the active contracts the viewer may see that
    end between `first` and `last`, soonest first, and how many there are (index ix_contract_status_end)."""
    statement = visible_contracts(
        select(Contract, User.first_name, User.last_name, Vehicle.make, Vehicle.model, Vehicle.plate)
        .join(User, User.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)
        .where(Contract.status == "active", Contract.end_date >= first, Contract.end_date <= last), viewer)
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(statement.order_by(Contract.end_date, Contract.id).limit(limit))
    return [tuple(row) for row in rows], int(total)
