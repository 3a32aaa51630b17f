"""Queries of contract entry and fleet import: a company's contracts by reference, cars by plate, people by e-mail,
the products and rent grids it may use."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from leasedash.db.models import Company, Contract, ContractPick, Product, RentGrid, User, Vehicle
from leasedash.domain.fleet_cells import plate_key


def contract_with_reference(session: Session, company_id: int, reference: str) -> Contract | None:
    """The company's contract with this reference (whatever its case)."""
    return session.exec(select(Contract).where(Contract.company_id == company_id,
                                               func.lower(Contract.reference) == reference.casefold())).first()


def vehicle_with_plate(session: Session, company_id: int, plate: str) -> Vehicle | None:
    """The company's car with this plate (spaces, dots and dashes aside)."""
    key = plate_key(plate)
    return next((v for v in session.exec(select(Vehicle).where(Vehicle.company_id == company_id)) if plate_key(v.plate) == key), None)


CONTRACT_COLUMNS = ("id", "reference", "company_id", "driver_id", "vehicle_id", "product_id", "rent_grid_id", "start_date", "months", "annual_km",
                    "monthly_rent", "end_date", "status", "delivery_km", "version")
VEHICLE_COLUMNS = ("make", "model", "plate", "vin", "first_registration", "fuel", "body", "catalogue_price")


def company_contract_rows(session: Session, company_id: int) -> dict[str, dict]:
    """Every contract of the company with its car, as plain values by reference (case-folded): what an import
    compares its rows with."""
    columns = [getattr(Contract, c) for c in CONTRACT_COLUMNS] + [getattr(Vehicle, c) for c in VEHICLE_COLUMNS]
    statement = select(*columns).join(Vehicle, Vehicle.id == Contract.vehicle_id).where(Contract.company_id == company_id)
    names = CONTRACT_COLUMNS + VEHICLE_COLUMNS
    return {row[1].casefold(): dict(zip(names, row)) for row in session.exec(statement)}


def company_plates(session: Session, company_id: int) -> dict[str, tuple[int, str | None]]:
    """The company's plates (plate_key) with their car's id and the reference of a contract on it."""
    statement = (select(Vehicle.id, Vehicle.plate, Contract.reference).join(Contract, Contract.vehicle_id == Vehicle.id, isouter=True)
                 .where(Vehicle.company_id == company_id))
    return {plate_key(plate): (vehicle_id, reference) for vehicle_id, plate, reference in session.exec(statement)}


def users_by_email(session: Session, emails: Iterable[str]) -> dict[str, User]:
    """Everyone among these addresses (lower case), whatever their company."""
    wanted = sorted({e.lower() for e in emails})
    found: dict[str, User] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start:start + 900]
        found.update({u.email.lower(): u for u in session.exec(select(User).where(func.lower(User.email).in_(chunk)))})
    return found


def usable_products(session: Session, company_id: int) -> list[Product]:
    """The products a company's contracts may be under: every lessor's, and the company's own."""
    return list(session.exec(select(Product).where(or_(Product.company_id.is_(None), Product.company_id == company_id))
                             .order_by(Product.company_id.is_not(None), Product.name, Product.id)))


def usable_grids(session: Session, company_id: int) -> list[RentGrid]:
    """The rent grids a company's contracts may follow: the lessors' and the company's own."""
    return list(session.exec(select(RentGrid).where(or_(RentGrid.company_id.is_(None), RentGrid.company_id == company_id))
                             .order_by(RentGrid.id)))


def company_named(session: Session, name_or_id: str) -> Company | None:
    """A company by its id or its exact name (case-insensitive)."""
    text = name_or_id.strip()
    if text.isdigit():
        found = session.get(Company, int(text))
        if found is not None:
            return found
    return session.exec(select(Company).where(func.lower(Company.name) == text.lower())).first()


def company_drivers(session: Session, company_id: int) -> list[User]:
    """The people of a company who may hold a contract, by name."""
    return list(session.exec(select(User).where(User.company_id == company_id).order_by(User.last_name, User.first_name, User.id)))


def picked_contract(session: Session, user_id: int) -> int | None:
    """The contract the person chose to see on every page, if any."""
    pick = session.get(ContractPick, user_id)
    return pick.contract_id if pick else None


def reserve_ids(connection: Connection, table: str, count: int) -> list[int]:
    """`count` new ids of a table, for rows written in bulk with their ids: from the table's sequence on PostgreSQL
    (safe with other writers); on SQLite past the highest id, which holds because the caller's transaction has
    written already (SQLite lets one transaction write at a time)."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        return list(connection.execute(text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, :n)"),
                                       {"n": count}).scalars())
    first = int(connection.execute(text(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")).scalar_one())
    return list(range(first, first + count))
