"""One contract as its driver sees it: terms, car, and where it is heading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from leasedash.db.errors import NotFound
from leasedash.db.lease_entry import picked_contract
from leasedash.db.models import Contract
from leasedash.db.queries import contract_details, contract_rows, latest_reading, list_contracts
from leasedash.db.session import session_scope
from leasedash.db.scoping import Viewer
from leasedash.domain.projection import ContractProjection, km_at_month, project_contract
from leasedash.services.scenarios import contract_document


@dataclass(frozen=True)
class Driven:
    """How far a contract has been driven: the km since delivery (the odometer of its latest reading less the odometer
    at delivery) and the days from the start to that reading; 0 and 0 without a reading."""

    km: int = 0
    days: int = 0
    reading_date: dt.date | None = None


@dataclass(frozen=True)
class ContractView:
    """A contract with its product, car, latest reading and projection."""

    contract_id: int
    reference: str
    product_name: str
    product_kind: str
    changes_allowed: bool
    car: str
    plate: str
    fuel: str
    driver: str
    start_date: dt.date
    end_date: dt.date
    status: str
    months: int
    annual_km: int
    monthly_rent: Decimal
    reading_date: dt.date | None
    document: dict
    projection: ContractProjection | None
    driven: Driven


@dataclass(frozen=True)
class ContractChoice:
    """One contract a picker offers."""

    contract_id: int
    reference: str


@dataclass(frozen=True)
class ContractRow:
    """One line of a manager's contract list."""

    contract_id: int
    reference: str
    driver: str
    car: str
    plate: str
    product: str
    monthly_rent: Decimal
    end_date: dt.date
    status: str


@dataclass(frozen=True)
class ContractPage:
    """A page of the contracts the viewer may see, and how many there are in all."""

    rows: tuple[ContractRow, ...]
    total: int


def own_contract_ids(session: Session, viewer: Viewer) -> list[tuple[int, str]]:
    """The viewer's contracts as (id, reference): the one they picked first, then active ones (a driver's; a manager's
    first page)."""
    contracts = list_contracts(session, viewer, limit=50)
    picked = picked_contract(session, viewer.user_id)
    contracts.sort(key=lambda c: (c.id != picked, c.status != "active", c.end_date))
    return [(c.id, c.reference) for c in contracts]


def contract_choices(viewer: Viewer) -> list[ContractChoice]:
    """The contracts a picker offers the viewer, active ones first."""
    with session_scope() as s:
        return [ContractChoice(contract_id, reference) for contract_id, reference in own_contract_ids(s, viewer)]


def contract_page(viewer: Viewer, search: str, page: int, size: int) -> ContractPage:
    """Page `page` (from 0) of `size` contracts the viewer may see, active first; `search` matches reference,
    driver, car or plate."""
    with session_scope() as s:
        rows, total = contract_rows(s, viewer, search=search, limit=size, offset=page * size)
    return ContractPage(tuple(
        ContractRow(c.id, c.reference, f"{first} {last}", f"{make} {model}", plate, product, c.monthly_rent, c.end_date, c.status)
        for c, product, make, model, plate, first, last in rows), total)


def driven_so_far(session: Session, contract: Contract, as_of: dt.date) -> Driven:
    """The contract's latest reading on or before `as_of` as km driven since delivery: what every projection starts
    from (home, the what-if, the CLI; /fleet's SQL subtracts the same delivery odometer)."""
    reading = latest_reading(session, contract.id, as_of)
    if reading is None:
        return Driven()
    return Driven(reading.km - contract.delivery_km, (reading.reading_date - contract.start_date).days, reading.reading_date)


def contract_view(session: Session, viewer: Viewer, contract_id: int, as_of: dt.date | None = None) -> ContractView:
    """The contract, scoped to the viewer (NotFound otherwise), projected as of `as_of` (today)."""
    as_of = as_of or dt.date.today()
    contract, product, vehicle, driver = contract_details(session, viewer, contract_id)
    document = contract_document(session, contract)
    driven = driven_so_far(session, contract, as_of)
    projection = None
    if driven.reading_date is not None and contract.status == "active":
        projection = project_contract(document, contract.start_date, as_of, driven.km, driven.reading_date)
    return ContractView(
        contract.id, contract.reference, product.name, product.kind, product.changes_allowed,
        f"{vehicle.make} {vehicle.model}", vehicle.plate, vehicle.fuel, f"{driver.first_name} {driver.last_name}",
        contract.start_date, contract.end_date, contract.status, contract.months, contract.annual_km,
        contract.monthly_rent, driven.reading_date, document, projection, driven,
    )


def read_contract(viewer: Viewer, contract_id: int) -> ContractView:
    """The contract, scoped to the viewer (NotFound otherwise), projected as of today."""
    with session_scope() as s:
        return contract_view(s, viewer, contract_id)


def projected_scenario(contract_id: int, as_of: dt.date, url: str | None = None) -> dict:
    """A contract as a scenario document whose `end` event carries the km projected from its latest
    reading on or before `as_of` (the lessor's view: every contract)."""
    with session_scope(url) as s:
        contract = s.get(Contract, contract_id)
        if contract is None:
            raise NotFound(f"contract {contract_id}: no such contract")
        document = contract_document(s, contract)
        driven = driven_so_far(s, contract, as_of)
    document["events"] = [{"type": "end", "total_km": km_at_month(driven.km, driven.days, contract.annual_km, contract.months)}]
    return document
