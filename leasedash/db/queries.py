"""The queries the surfaces run, always scoped to the viewer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import Contract, OdometerReading, Product, RentGrid, User, Vehicle
from leasedash.db.scoping import Viewer, visible_contracts
from leasedash.db.types import utcnow

EDITABLE_TERMS = ("months", "annual_km", "monthly_rent", "status", "end_date")


def list_contracts(session: Session, viewer: Viewer, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[Contract]:
    """A page of the contracts the viewer may see, newest first."""
    statement = visible_contracts(select(Contract), viewer)
    if status is not None:
        statement = statement.where(Contract.status == status)
    return list(session.exec(statement.order_by(Contract.start_date.desc(), Contract.id.desc()).limit(limit).offset(offset)))


def count_contracts(session: Session, viewer: Viewer, *, status: str | None = None) -> int:
    """How many contracts the viewer may see."""
    statement = visible_contracts(select(func.count()).select_from(Contract), viewer)
    if status is not None:
        statement = statement.where(Contract.status == status)
    return int(session.exec(statement).one())


def get_contract(session: Session, viewer: Viewer, contract_id: int) -> Contract:
    """One contract, if the viewer may see it."""
    contract = session.exec(visible_contracts(select(Contract).where(Contract.id == contract_id), viewer)).first()
    if contract is None:
        raise NotFound(f"contract {contract_id}: no such contract among yours")
    return contract


def contracts_by_id(session: Session, viewer: Viewer, ids: Iterable[int]) -> dict[int, Contract]:
    """The contracts among `ids` that the viewer may see."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.exec(visible_contracts(select(Contract).where(Contract.id.in_(wanted)), viewer))
    return {c.id: c for c in rows}


def odometer_readings(session: Session, viewer: Viewer, contract_id: int) -> list[OdometerReading]:
    """The readings of one of the viewer's contracts, oldest first."""
    get_contract(session, viewer, contract_id)
    statement = select(OdometerReading).where(OdometerReading.contract_id == contract_id)
    return list(session.exec(statement.order_by(OdometerReading.reading_date, OdometerReading.id)))


def readings_by_external_id(session: Session, keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], OdometerReading]:
    """Readings already imported under these (company, reading id) pairs: an id is its company's, never another's."""
    wanted = set(keys)
    if not wanted:
        return {}
    statement = select(OdometerReading).where(OdometerReading.company_id.in_({c for c, _ in wanted}),
                                              OdometerReading.external_id.in_({e for _, e in wanted}))
    rows = ((r.company_id, r.external_id, r) for r in session.exec(statement))
    return {(company, external): r for company, external, r in rows if (company, external) in wanted}


def update_contract_terms(session: Session, viewer: Viewer, contract_id: int, expected_version: int, **changes) -> Contract:
    """Change a contract's terms as of the version the user read; a stale version is refused."""
    if not viewer.manages_contracts:
        raise AccessDenied("only a fleet manager or an admin changes a contract's terms; a driver asks through a request")
    unknown = sorted(set(changes) - set(EDITABLE_TERMS))
    if unknown:
        raise ValueError(f"{unknown[0]}: not a term that can be changed here")
    try:
        contract = get_contract(session, viewer, contract_id)
        if contract.version != expected_version:
            raise StaleWrite(_stale_message(contract.reference, expected_version))
        for key, value in changes.items():
            setattr(contract, key, value)
        contract.updated_at = utcnow()
        session.flush()
    except StaleDataError:
        session.rollback()
        raise StaleWrite(_stale_message(f"{contract_id}", expected_version)) from None
    return contract


def _stale_message(reference: str, expected_version: int) -> str:
    return (
        f"contract {reference} was changed by someone else since you opened it "
        f"(you had version {expected_version}): reload it and apply your change again; nothing was saved"
    )


def contract_details(session: Session, viewer: Viewer, contract_id: int) -> tuple[Contract, Product, Vehicle, User]:
    """A contract the viewer may see, with its product, car and driver."""
    contract = get_contract(session, viewer, contract_id)
    return contract, session.get(Product, contract.product_id), session.get(Vehicle, contract.vehicle_id), session.get(User, contract.driver_id)


def latest_reading(session: Session, contract_id: int, day: dt.date) -> OdometerReading | None:
    """The contract's latest odometer reading on or before `day` (the caller checked access)."""
    statement = (
        select(OdometerReading)
        .where(OdometerReading.contract_id == contract_id, OdometerReading.reading_date <= day)
        .order_by(OdometerReading.reading_date.desc(), OdometerReading.km.desc())
        .limit(1)
    )
    return session.exec(statement).first()


def contract_rows(session: Session, viewer: Viewer, *, search: str = "", limit: int = 20, offset: int = 0) -> tuple[list[tuple], int]:
    """A page of (contract, product name, make, model, plate, driver first name, last name) the viewer
    may see, active first then by end date, with the total count; `search` matches reference,
    driver, car or plate."""
    base = (
        select(Contract, Product.name, Vehicle.make, Vehicle.model, Vehicle.plate, User.first_name, User.last_name)
        .join(Product, Product.id == Contract.product_id)
        .join(Vehicle, Vehicle.id == Contract.vehicle_id)
        .join(User, User.id == Contract.driver_id)
    )
    base = visible_contracts(base, viewer)
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        base = base.where(
            func.lower(Contract.reference).like(pattern)
            | func.lower(User.first_name + " " + User.last_name).like(pattern)
            | func.lower(Vehicle.make + " " + Vehicle.model).like(pattern)
            | func.lower(Vehicle.plate).like(pattern)
        )
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    ordered = base.order_by((Contract.status != "active"), Contract.end_date, Contract.id).limit(limit).offset(offset)
    return list(session.exec(ordered)), int(total)


def visible_grids(session: Session, viewer: Viewer) -> list[tuple[int, str, str]]:
    """(grid id, label, product name) of the grids the viewer may see: an admin all of them; a fleet
    manager those of the company's contracts and the company's imports; a driver those of their contracts."""
    statement = select(RentGrid.id, RentGrid.label, Product.name).join(Product, Product.id == RentGrid.product_id)
    if viewer.role != "admin":
        used = visible_contracts(select(Contract.rent_grid_id).where(Contract.rent_grid_id.is_not(None)), viewer)
        condition = RentGrid.id.in_(used)
        if viewer.role == "fleet_manager" and viewer.company_id is not None:
            condition = condition | (RentGrid.company_id == viewer.company_id)
        statement = statement.where(condition)
    return [tuple(row) for row in session.exec(statement.order_by(Product.name, RentGrid.label))]


def grid_products(session: Session) -> list[Product]:
    """Every product, for choosing which one an imported grid belongs to."""
    return list(session.exec(select(Product).order_by(Product.name)))
