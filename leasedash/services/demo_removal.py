"""Removing the demo (`leasedash demo --remove`, and before `--replace` loads another one): the demo is data of its
own companies, so it goes without touching anything typed in or imported. The contracts the demo made go with all
that hangs on them; a demo company that holds nothing else goes with its records; one where someone typed in or imported
contracts stays with those contracts, their drivers and cars, and is no longer a demo company; the other people and
cars of the demo companies go.
The demo accounts (driver@, fleet@, admin@example.com and their demo password) go unless a kept contract is theirs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, delete, exists, func, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel

from leasedash.db.models import Company, Contract, DemoLoad, User, Vehicle
from leasedash.services.demo_people import DEMO_ACCOUNTS

MAX_DEPTH = 8


@dataclass(frozen=True)
class DemoRemoval:
    """What removing the demo did: contracts and companies removed, companies kept for what was typed in or imported."""

    contracts: int
    companies: int
    kept_companies: int


def _referencing(table: Table):
    for child in SQLModel.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table and child is not table:
                yield child, fk.parent, fk.column


def delete_with_dependants(session: Session, table: Table, condition: ColumnElement, depth: int = 0) -> None:
    """Delete the rows of `table` matching `condition` and every row that needs them: a row that names them in a
    column that may be empty loses the reference instead (who created a grid...), unless the column names the company
    that owns it."""
    if depth > MAX_DEPTH:
        raise RuntimeError(f"foreign keys nested deeper than {MAX_DEPTH} from {table.name}")
    for child, column, referenced in _referencing(table):
        keys = select(referenced).where(condition)
        if column.nullable and table.name != "company":
            session.execute(update(child).where(column.in_(keys)).values({column.name: None}))
        else:
            delete_with_dependants(session, child, column.in_(keys), depth + 1)
    session.execute(delete(table).where(condition))


def remove_demo_rows(session: Session) -> DemoRemoval:
    """Remove what the demo made, in the caller's transaction (see the module's docstring)."""
    demo_companies = select(Company.id).where(Company.demo)
    made = (Contract.company_id.in_(demo_companies)) & (Contract.origin == "demo")
    contracts = session.execute(select(func.count()).select_from(Contract).where(made)).scalar_one()
    delete_with_dependants(session, Contract.__table__, made)
    remaining = select(Contract.id).where(Contract.company_id == Company.id)
    kept = list(session.scalars(select(Company).where(Company.demo, exists(remaining))))
    emptied = Company.demo & ~exists(remaining)
    companies = session.execute(select(func.count()).select_from(Company).where(emptied)).scalar_one()
    demo_accounts = User.email.in_([a["email"] for a in DEMO_ACCOUNTS])
    driving = select(Contract.driver_id)
    delete_with_dependants(session, Vehicle.__table__, Vehicle.company_id.in_(demo_companies) & Vehicle.id.not_in(select(Contract.vehicle_id)))
    delete_with_dependants(session, User.__table__, (User.company_id.in_(demo_companies) | demo_accounts) & User.id.not_in(driving))
    delete_with_dependants(session, Company.__table__, emptied)
    for company in kept:
        company.demo = False
        session.add(company)
    session.execute(delete(DemoLoad))
    session.flush()
    return DemoRemoval(contracts, companies, len(kept))
