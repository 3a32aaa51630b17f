"""Contracts typed in by people: a private lessee enters and edits their own, a fleet manager those of their
company's drivers, an admin any company's; a company's driver sees theirs and adds readings. Nothing is stored until
the whole form is valid; an edit is refused when the contract changed since it was opened; a changed duration or
annual mileage is kept as a dated amendment (ContractEvent "adaptation")."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from leasedash.db.lease_entry import company_drivers, contract_with_reference, picked_contract, usable_products, vehicle_with_plate
from leasedash.db.models import Company, Contract, ContractEvent, ContractPick, Product, User, Vehicle
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.domain.contract_entry import CheckedContract, check_contract
from leasedash.domain.projection import add_months, months_between
from leasedash.errors import AccessDenied, InvalidInput, StaleWrite
from leasedash.services.catalogue_sync import ensure_grid, ensure_products, load_grid
from leasedash.services.portfolio import Named
from leasedash.services.scenarios import product_document

OTHER_LESSOR = "other"
FORM_FIELDS = ("product", "reference", "driver_email", "start_date", "months", "annual_km", "monthly_rent", "grid_text", "make",
               "model", "plate", "vin", "first_registration", "fuel", "body", "catalogue_price", "delivery_km", "kind",
               "product_name", "excess_km_rate", "under_km_rate", "min_billed_months", "termination", "keurmerk_percentage",
               "first_invoice_cutoff_day")
MAX_FIELD = 400_000


@dataclass(frozen=True)
class ProductChoice:
    """A product template the form offers: the lessor's product (seed 001, 003, 004, ...) or a company's own."""

    id: str
    name: str
    kind: str
    needs_grid: bool


@dataclass(frozen=True)
class EntryScope:
    """What the viewer may do with contracts: enter them (for which company), for whom, under which products."""

    may_enter: bool
    picks_driver: bool
    company_id: int | None
    companies: tuple[Named, ...] = ()
    drivers: tuple[Named, ...] = ()
    products: tuple[ProductChoice, ...] = ()


@dataclass(frozen=True)
class ContractForm:
    """An existing contract as the form shows it for editing, with the version it was read at."""

    contract_id: int
    version: int
    company_id: int
    values: dict[str, str]


@dataclass(frozen=True)
class EntryOutcome:
    """The contract stored, or one problem per field (nothing stored then)."""

    contract_id: int | None
    problems: dict[str, InvalidInput]


def status_on(start: dt.date, end: dt.date, today: dt.date, current: str | None = None) -> str:
    """planned before the start, ended from the end date, active between; a terminated contract stays terminated."""
    if current == "terminated":
        return current
    return "planned" if start > today else "ended" if end <= today else "active"


def invited_driver(company: Company, email: str, first_name: str, last_name: str) -> dict[str, Any]:
    """The values of a driver of the company who has no account yet: no password, status "invited" (the accounts
    pages, /people "invite everyone waiting", send them their link)."""
    local = email.split("@", 1)[0]
    return {"email": email.lower(), "password_hash": None, "first_name": (first_name or local)[:100], "last_name": (last_name or "")[:100],
            "role": "driver", "company_id": company.id, "language": getattr(company, "language", None) or "en", "status": "invited",
            "created_at": utcnow(), "version": 1}


def amendments(contract: dict[str, Any] | Contract, months: int, annual_km: int, day: dt.date, by: int | None, source: str) -> list[dict[str, Any]]:
    """A changed duration or annual mileage as dated amendments of the contract (its history kept)."""
    read = contract.get if isinstance(contract, dict) else lambda k: getattr(contract, k)
    at_month = max(1, months_between(read("start_date"), day))
    changes = []
    if months != read("months"):
        changes.append(({"type": "duration_change", "at_month": at_month, "months": months}, read("months")))
    if annual_km != read("annual_km"):
        changes.append(({"type": "mileage_change", "at_month": at_month, "annual_km": annual_km}, read("annual_km")))
    return [{"contract_id": read("id"), "kind": "adaptation", "event": event, "settlement": None,
             "result": {"previous": previous, "effective": day.isoformat(), "source": source}, "created_by": by, "created_at": utcnow()}
            for event, previous in changes]


def _company_of(session: Session, viewer: Viewer, company_id: int | None) -> Company:
    """The company the viewer enters contracts for; AccessDenied for a company's driver."""
    if viewer.role == "admin":
        company = session.get(Company, company_id) if company_id else None
        if company is None:
            raise InvalidInput("company", "choose the company the contract belongs to", code="entry_company")
        return company
    company = session.get(Company, viewer.company_id)
    if viewer.role == "driver" and (company is None or company.kind != "private"):
        raise AccessDenied("a company driver's contracts are entered by their fleet manager")
    if company_id not in (None, company.id):
        raise AccessDenied("a fleet manager enters contracts for their own company only")
    return company


def _choices(session: Session, company_id: int) -> tuple[ProductChoice, ...]:
    ensure_products(session)
    return tuple(ProductChoice(str(p.id), p.name if p.company_id else f"{p.name} · {p.lessor}", p.kind,
                               p.kind == "grid" or p.termination == "keurmerk") for p in usable_products(session, company_id))


def entry_scope(viewer: Viewer, company_id: int | None = None) -> EntryScope:
    """Whether the viewer enters contracts, for which company (an admin chooses), for which drivers, under which products."""
    with session_scope() as s:
        companies = tuple(Named(c.id, c.name) for c in s.exec(select(Company).order_by(Company.name))) if viewer.role == "admin" else ()
        try:
            company = _company_of(s, viewer, company_id or (companies[0].id if companies else None))
        except (AccessDenied, InvalidInput):
            return EntryScope(False, False, None, companies)
        drivers = tuple(Named(u.id, u.email) for u in company_drivers(s, company.id)) if viewer.manages_contracts else ()
        return EntryScope(True, viewer.manages_contracts, company.id, companies, drivers, _choices(s, company.id))


def contract_form(viewer: Viewer, contract_id: int) -> ContractForm:
    """A contract the viewer may edit, as the form's values (the grid as JSON), with its version."""
    with session_scope() as s:
        contract = get_contract(s, viewer, contract_id)
        _company_of(s, viewer, contract.company_id)
        vehicle, driver = s.get(Vehicle, contract.vehicle_id), s.get(User, contract.driver_id)
        grid = ""
        if contract.rent_grid_id is not None:
            as_json = load_grid(s, contract.rent_grid_id).as_json()
            as_json.pop("warnings")
            grid = json.dumps(as_json)
        values = {"product": str(contract.product_id), "reference": contract.reference, "driver_email": driver.email,
                  "start_date": contract.start_date.isoformat(), "months": str(contract.months), "annual_km": str(contract.annual_km),
                  "monthly_rent": f"{contract.monthly_rent:.2f}", "grid_text": grid, "make": vehicle.make, "model": vehicle.model,
                  "plate": vehicle.plate, "vin": vehicle.vin or "", "fuel": vehicle.fuel, "body": vehicle.body,
                  "first_registration": vehicle.first_registration.isoformat() if vehicle.first_registration else "",
                  "catalogue_price": f"{vehicle.catalogue_price:.2f}", "delivery_km": str(contract.delivery_km)}
        return ContractForm(contract.id, contract.version, contract.company_id, values)


def _rules(session: Session, company: Company, chosen: str) -> tuple[Product | None, dict[str, Any] | None]:
    if chosen == OTHER_LESSOR:
        return None, None
    product = session.get(Product, int(chosen)) if chosen.isdigit() else None
    if product is None or product.company_id not in (None, company.id):
        raise InvalidInput("product", "choose one of the products listed, or another lessor", code="entry_product")
    return product, product_document(product, None)


def _own_product(session: Session, company: Company, rules: dict[str, Any], lessor: str) -> Product:
    values = {k: (Decimal(str(v)) if k in ("excess_km_rate", "under_km_rate", "keurmerk_percentage") else v)
              for k, v in rules.items() if k not in ("name", "grid")}
    product = Product(code=f"own-{company.id}-{uuid.uuid4().hex[:10]}", company_id=company.id, name=rules["name"], lessor=lessor[:200],
                      country=company.country, **values)
    session.add(product)
    session.flush()
    return product


def _driver(session: Session, viewer: Viewer, company: Company, email: str) -> User:
    if not viewer.manages_contracts:
        return session.get(User, viewer.user_id)
    address = email.strip().lower()
    if not address or "@" not in address:
        raise InvalidInput("driver_email", "the driver's e-mail address is needed", code="entry_driver")
    user = session.exec(select(User).where(User.email == address)).first()
    if user is None:
        user = User(**invited_driver(company, address, "", ""))
        session.add(user)
        session.flush()
    elif user.company_id != company.id:
        raise InvalidInput("driver_email", f"{address} is someone of another company", code="entry_driver_elsewhere",
                           params={"value": address})
    return user


def _grid_row(session: Session, product: Product, company: Company, checked: CheckedContract, contract: Contract | None,
              by: int) -> int | None:
    if checked.grid is None:
        return None
    if contract is not None and contract.rent_grid_id is not None:
        stored = load_grid(session, contract.rent_grid_id)
        if (stored.months, stored.annual_km, stored.rents) == (checked.grid.months, checked.grid.annual_km, checked.grid.rents):
            return contract.rent_grid_id
    label = f"{checked.reference} · {utcnow():%Y-%m-%d %H:%M:%S}"
    return ensure_grid(session, product, label, "typed", checked.grid, company_id=company.id, created_by=by).id


def _conflicts(session: Session, company: Company, checked: CheckedContract, contract: Contract | None) -> dict[str, InvalidInput]:
    problems = {}
    same = contract_with_reference(session, company.id, checked.reference)
    if same is not None and (contract is None or same.id != contract.id):
        problems["reference"] = InvalidInput("reference", f"{checked.reference} is already a contract of this company",
                                             code="entry_reference_taken", params={"value": checked.reference})
    car = vehicle_with_plate(session, company.id, checked.plate)
    if car is not None and (contract is None or car.id != contract.vehicle_id):
        problems["plate"] = InvalidInput("plate", f"{checked.plate} is already the plate of another car of this company",
                                         code="entry_plate_taken", params={"value": checked.plate})
    return problems


def save_contract(viewer: Viewer, fields: dict[str, str], contract_id: int | None = None, version: int | None = None,
                  company_id: int | None = None, today: dt.date | None = None) -> EntryOutcome:
    """Create (contract_id None) or edit a contract from the form; every field is checked first and nothing is stored
    unless all are right; an edit made on a stale version is refused (StaleWrite)."""
    today = today or dt.date.today()
    fields = {k: (v if isinstance(v, str) else "")[:MAX_FIELD] for k, v in fields.items() if k in FORM_FIELDS}
    with session_scope() as s:
        contract = get_contract(s, viewer, contract_id) if contract_id is not None else None
        company = _company_of(s, viewer, contract.company_id if contract else company_id)
        if contract is not None and contract.version != version:
            raise StaleWrite(f"contract {contract.reference} was changed since you opened it: reload it; nothing was saved")
        product, rules = _rules(s, company, fields.get("product", ""))
        checked, problems = check_contract(fields, rules)
        if checked is not None:
            problems = _conflicts(s, company, checked, contract)
        if problems:
            return EntryOutcome(None, problems)
        try:
            driver = _driver(s, viewer, company, fields.get("driver_email", "")) if contract is None or viewer.manages_contracts \
                else s.get(User, contract.driver_id)
        except InvalidInput as exc:
            return EntryOutcome(None, {exc.field: exc})
        if product is None:
            product = _own_product(s, company, checked.rules, fields.get("product_name", "") or checked.rules["name"])
        stored = _store(s, viewer, company, product, driver, checked, contract, today)
        return EntryOutcome(stored.id, {})


def _store(session: Session, viewer: Viewer, company: Company, product: Product, driver: User, checked: CheckedContract,
           contract: Contract | None, today: dt.date) -> Contract:
    car = {"make": checked.make, "model": checked.model, "plate": checked.plate, "vin": checked.vin, "fuel": checked.fuel,
           "body": checked.body, "first_registration": checked.first_registration, "catalogue_price": checked.catalogue_price}
    vehicle = session.get(Vehicle, contract.vehicle_id) if contract else Vehicle(company_id=company.id, segment="", **car)
    for key, value in car.items():
        setattr(vehicle, key, value)
    session.add(vehicle)
    session.flush()
    end = add_months(checked.start_date, checked.months)
    terms = {"reference": checked.reference, "driver_id": driver.id, "vehicle_id": vehicle.id, "product_id": product.id,
             "rent_grid_id": _grid_row(session, product, company, checked, contract, viewer.user_id), "start_date": checked.start_date,
             "months": checked.months, "annual_km": checked.annual_km, "monthly_rent": checked.monthly_rent, "end_date": end,
             "delivery_km": checked.delivery_km, "status": status_on(checked.start_date, end, today, contract.status if contract else None)}
    if contract is None:
        contract = Contract(company_id=company.id, origin="typed", **terms)
    else:
        session.add_all(ContractEvent(**values) for values in amendments(contract, checked.months, checked.annual_km, today,
                                                                          viewer.user_id, "form"))
        for key, value in terms.items():
            setattr(contract, key, value)
        contract.updated_at = utcnow()
    session.add(contract)
    session.flush()
    return contract


@dataclass(frozen=True)
class OwnContract:
    """A contract of the viewer's list on /my-contract: the driver's own, or the ones their fleet manager typed in."""

    contract_id: int
    reference: str
    product: str
    car: str
    status: str
    start_date: dt.date
    end_date: dt.date
    editable: bool
    picked: bool


def my_contracts(viewer: Viewer) -> list[OwnContract]:
    """A driver's contracts (the one they picked marked); a fleet manager's or an admin's latest typed-in contracts."""
    with session_scope() as s:
        statement = (select(Contract, Product.name, Vehicle.make, Vehicle.model, Vehicle.plate)
                     .join(Product, Product.id == Contract.product_id).join(Vehicle, Vehicle.id == Contract.vehicle_id))
        if viewer.role == "driver":
            statement = statement.where(Contract.driver_id == viewer.user_id)
            company = s.get(Company, viewer.company_id)
            editable = company is not None and company.kind == "private"
        else:
            statement = statement.where(Contract.origin == "typed")
            if viewer.role == "fleet_manager":
                statement = statement.where(Contract.company_id == viewer.company_id)
            editable = True
        picked = picked_contract(s, viewer.user_id)
        rows = s.exec(statement.order_by(Contract.start_date.desc(), Contract.id.desc()).limit(50)).all()
        return [OwnContract(c.id, c.reference, name, f"{make} {model} · {plate}", c.status, c.start_date, c.end_date, editable, c.id == picked)
                for c, name, make, model, plate in rows]


def pick_contract(viewer: Viewer, contract_id: int) -> None:
    """The contract the viewer wants every page to show first (one of theirs)."""
    with session_scope() as s:
        contract = get_contract(s, viewer, contract_id)
        pick = s.get(ContractPick, viewer.user_id) or ContractPick(user_id=viewer.user_id, contract_id=contract.id)
        pick.contract_id = contract.id
        s.add(pick)
