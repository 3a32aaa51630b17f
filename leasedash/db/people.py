"""The queries of /people: the people of one company a page at a time, the companies with their head counts, the
active contracts of a page of people, a contract by its reference."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, or_
from sqlmodel import Session, select

from leasedash.db.contracts import Contract
from leasedash.db.tenancy import Company, User


def _containing(column, search: str):
    escaped = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def _matching(statement, search: str):
    if not search:
        return statement
    return statement.where(or_(_containing(User.email, search), _containing(User.first_name, search),
                               _containing(User.last_name, search)))


def people_of(session: Session, company_id: int, roles: Iterable[str], search: str = "", offset: int = 0,
              limit: int = 50) -> tuple[list[User], int]:
    """A page of the company's people of these roles whose name or address contains `search`, by name; and how many
    there are in all."""
    base = _matching(select(User).where(User.company_id == company_id, User.role.in_(tuple(roles))), search)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(User.last_name, User.first_name, User.id).offset(offset).limit(limit)).all()
    return list(rows), int(total)


def people_without_account(session: Session, company_id: int, roles: Iterable[str]) -> list[User]:
    """The company's people of these roles who have no password yet and are neither deactivated nor signing up."""
    statement = select(User).where(User.company_id == company_id, User.role.in_(tuple(roles)), User.password_hash.is_(None),
                                   User.status.in_(("invited", "active")))
    return list(session.exec(statement.order_by(User.id)))


def users_by_email(session: Session, addresses: Iterable[str]) -> dict[str, User]:
    """The users of these addresses."""
    wanted = list(set(addresses))
    return {u.email: u for u in session.exec(select(User).where(User.email.in_(wanted)))} if wanted else {}


def companies_with_heads(session: Session, search: str = "", limit: int = 50) -> list[tuple[Company, int]]:
    """Companies whose name contains `search`, by name, each with how many people it has."""
    heads = select(User.company_id, func.count().label("people")).group_by(User.company_id).subquery()
    statement = select(Company, func.coalesce(heads.c.people, 0)).outerjoin(heads, heads.c.company_id == Company.id)
    if search:
        statement = statement.where(_containing(Company.name, search))
    return [(c, int(n)) for c, n in session.exec(statement.order_by(Company.name).limit(limit))]


def company_named(session: Session, name: str) -> Company | None:
    """The company of this name, whatever its case."""
    return session.exec(select(Company).where(func.lower(Company.name) == name.lower())).first()


def active_contracts_of(session: Session, user_ids: Iterable[int]) -> dict[int, list[str]]:
    """The references of the active contracts each of these people drives."""
    ids = list(user_ids)
    found: dict[int, list[str]] = defaultdict(list)
    if ids:
        statement = select(Contract.driver_id, Contract.reference).where(Contract.driver_id.in_(ids), Contract.status == "active")
        for driver_id, reference in session.exec(statement.order_by(Contract.reference)):
            found[driver_id].append(reference)
    return found


def contract_by_reference(session: Session, company_id: int, reference: str) -> Contract | None:
    """The company's contract of this reference, whatever its case."""
    return session.exec(select(Contract).where(Contract.company_id == company_id, func.upper(Contract.reference) == reference.upper())).first()
