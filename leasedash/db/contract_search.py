"""Finding a contract: by reference, driver's name, plate or make over the viewer's whole scope, with the
contracts a user opened recently (contract_visit) and their own first. Each field is matched by prefix on an
index of its lower-case text (contract_visits.SEARCH_INDEXES), so a search stays fast at 650,000 contracts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, literal, or_, union
from sqlmodel import Session, select

from leasedash.db.catalogue import Vehicle
from leasedash.db.contract_visits import ContractVisit
from leasedash.db.contracts import Contract
from leasedash.db.scoping import Viewer, visible_contracts
from leasedash.db.tenancy import User
from leasedash.db.types import utcnow

MAX_TERMS = 4
MAX_TERM = 40

def search_terms(text: str) -> list[str]:
    """The words typed, lower-case, at most MAX_TERMS of at most MAX_TERM characters, LIKE wildcards escaped."""
    words = [w[:MAX_TERM] for w in text.lower().split()][:MAX_TERMS]
    return [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]


def _starts(column, term: str):
    return func.lower(column).like(f"{term}%", escape="\\")


def _candidates(term: str):
    """The ids of the contracts whose reference, driver's first or last name, plate or make starts with `term`:
    one indexed lookup per field."""
    drivers = select(User.id).where(or_(_starts(User.first_name, term), _starts(User.last_name, term)))
    cars = select(Vehicle.id).where(or_(_starts(Vehicle.plate, term), _starts(Vehicle.make, term)))
    return union(select(Contract.id).where(_starts(Contract.reference, term)),
                 select(Contract.id).where(Contract.driver_id.in_(drivers)),
                 select(Contract.id).where(Contract.vehicle_id.in_(cars))).subquery()


def _matches(term: str):
    return or_(*(_starts(column, term) for column in (Contract.reference, User.first_name, User.last_name, Vehicle.plate,
                                                      Vehicle.make, Vehicle.model)))


def search_contracts(session: Session, viewer: Viewer, text: str, limit: int, offset: int = 0) -> list[tuple]:
    """(contract, driver's first name, last name, make, model, plate, own, opened at) of the contracts the viewer
    may see that match every word typed: their own first, then the ones they opened most recently, then active
    before ended, by end date. With nothing typed: only their own and the ones they opened."""
    visit = ContractVisit.__table__.alias("visit")
    own = case((Contract.driver_id == viewer.user_id, literal(0)), else_=literal(1))
    statement = (select(Contract, User.first_name, User.last_name, Vehicle.make, Vehicle.model, Vehicle.plate,
                        Contract.driver_id == viewer.user_id, visit.c.opened_at)
                 .join(User, User.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)
                 .join(visit, (visit.c.contract_id == Contract.id) & (visit.c.user_id == viewer.user_id), isouter=True))
    terms = search_terms(text)
    if terms:
        first = _candidates(terms[0])
        statement = statement.join(first, first.c.id == Contract.id).where(*(_matches(t) for t in terms[1:]))
    else:
        statement = statement.where((Contract.driver_id == viewer.user_id) | visit.c.opened_at.is_not(None))
    statement = visible_contracts(statement, viewer).order_by(
        own, visit.c.opened_at.is_(None), visit.c.opened_at.desc(), Contract.status != "active", Contract.end_date, Contract.id)
    return [tuple(row) for row in session.exec(statement.limit(limit).offset(offset))]


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
