"""Finding a contract: by reference, driver's name, plate or make over the viewer's whole scope, with the
contracts a user opened recently (contract_visit) and their own first. Each field is matched by prefix on an
index of its lower-case text (contract_visits.SEARCH_INDEXES), so a search stays fast at 650,000 contracts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, intersect, literal, or_, union
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


def _matching(viewer: Viewer, term: str):
    """(id, driver) of the contracts of the viewer's scope whose reference, driver's first or last name, plate or make
    starts with `term`: one indexed lookup per field."""
    drivers = select(User.id).where(or_(_starts(User.first_name, term), _starts(User.last_name, term)))
    cars = select(Vehicle.id).where(or_(_starts(Vehicle.plate, term), _starts(Vehicle.make, term)))
    return union(*(visible_contracts(select(Contract.id, Contract.driver_id).where(condition), viewer) for condition in (
        _starts(Contract.reference, term), Contract.driver_id.in_(drivers), Contract.vehicle_id.in_(cars))))


def search_contracts(session: Session, viewer: Viewer, text: str, limit: int, offset: int = 0) -> list[tuple]:
    """(contract, driver's first name, last name, make, model, plate, own, opened at) of the contracts the viewer
    may see that match every word typed (the ids matching each word, intersected): their own first, then the ones
    they opened most recently, then by id; only the page asked for is joined to its driver and car. With nothing
    typed: only their own and the ones they opened."""
    visits = select(ContractVisit.contract_id, ContractVisit.opened_at).where(ContractVisit.user_id == viewer.user_id).subquery()
    terms = search_terms(text)
    if terms:
        each = [_matching(viewer, term).subquery() for term in terms]
        found = intersect(*(select(m.c.id, m.c.driver_id) for m in each)) if len(each) > 1 else select(each[0].c.id, each[0].c.driver_id)
    else:
        found = union(*(visible_contracts(select(Contract.id, Contract.driver_id).where(condition), viewer) for condition in (
            Contract.driver_id == viewer.user_id, Contract.id.in_(select(visits.c.contract_id)))))
    ids = found.subquery()
    own = case((ids.c.driver_id == viewer.user_id, literal(0)), else_=literal(1))
    page = (select(ids.c.id, own.label("own"), visits.c.opened_at).join(visits, visits.c.contract_id == ids.c.id, isouter=True)
            .order_by(own, visits.c.opened_at.is_(None), visits.c.opened_at.desc(), ids.c.id).limit(limit).offset(offset)).subquery()
    statement = (select(Contract, User.first_name, User.last_name, Vehicle.make, Vehicle.model, Vehicle.plate, page.c.own == 0, page.c.opened_at)
                 .join(page, page.c.id == Contract.id).join(User, User.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)
                 .order_by(page.c.own, page.c.opened_at.is_(None), page.c.opened_at.desc(), Contract.id))
    return [tuple(row) for row in session.exec(statement)]


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
