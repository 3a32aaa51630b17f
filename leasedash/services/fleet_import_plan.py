"""What an import would do to a company, row by row, before anything is written: the contracts it creates, updates
(a changed duration or annual mileage as a dated amendment) or leaves unchanged, the drivers it invites, the readings
it adds or corrects; and every problem only the database can tell (an unknown product or grid, a rent that is not
the grid's, a driver of another company, a plate or a reading id already taken, an odometer going back)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from leasedash.db.lease_entry import company_contract_rows, company_plates, usable_grids, usable_products, users_by_email
from leasedash.domain.fleet_cells import plate_key
from leasedash.db.models import Company, OdometerReading, Product
from leasedash.domain.catalogue import seed_products
from leasedash.domain.contract_entry import grid_rent_problem
from leasedash.domain.fleet_file import Problem, Sheet
from leasedash.domain.fleet_rows import ParsedFile
from leasedash.domain.grid import RentGrid
from leasedash.domain.projection import add_months
from leasedash.services.catalogue_sync import ensure_grid, ensure_products, load_grid
from leasedash.services.contract_entry import amendments, invited_driver, status_on

CAR_FIELDS = ("make", "model", "plate", "vin", "first_registration", "fuel", "body", "catalogue_price")
TERM_FIELDS = ("start_date", "months", "annual_km", "monthly_rent", "delivery_km")
CHUNK = 900


@dataclass
class ImportPlan:
    """The writes an import would make, and the problems that forbid them."""

    kind: str
    problems: list[Problem] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)
    vehicles: list[dict[str, Any]] = field(default_factory=list)
    contracts: list[dict[str, Any]] = field(default_factory=list)
    vehicle_updates: list[dict[str, Any]] = field(default_factory=list)
    contract_updates: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    actions: dict[int, str] = field(default_factory=dict)
    unchanged: int = 0
    absent: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for action in self.actions.values() if action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for action in self.actions.values() if action == "update")


class _Rows:
    """Problems of one file, named by row and by the column the file calls the field."""

    def __init__(self, sheet: Sheet, mapping: dict[str, int], plan: ImportPlan) -> None:
        self.sheet, self.mapping, self.plan = sheet, mapping, plan

    def refuse(self, line: dict[str, Any], name: str, code: str, reason: str, **params: object) -> None:
        column = self.sheet.headers[self.mapping[name]] if name in self.mapping else name
        self.plan.problems.append(Problem(line["row"], column, name, code, reason, tuple(params.items())))


def _products(session: Session, company: Company) -> dict[str, Product]:
    ensure_products(session)
    found: dict[str, Product] = {}
    for product in usable_products(session, company.id):
        for name in (product.code, product.name, f"{product.name} · {product.lessor}"):
            found.setdefault(name.casefold(), product)
    return found


class _Grids:
    """The grids a company may name by label, each product's own seed grid, and their quotes (cached)."""

    def __init__(self, session: Session, company: Company) -> None:
        self.session = session
        self.by_label: dict[tuple[int, str], int] = {}
        for grid in usable_grids(session, company.id):
            key = (grid.product_id, grid.label.casefold())
            if grid.company_id is not None or key not in self.by_label:
                self.by_label[key] = grid.id
        self.loaded: dict[int, RentGrid] = {}

    def default(self, product: Product) -> int | None:
        entry = seed_products().get(product.code)
        if entry is None or entry.grid is None:
            return None
        return ensure_grid(self.session, product, f"{entry.name} ({entry.lessor}, seed {entry.seed})", "seed", entry.product().grid).id

    def rent_problem(self, grid_id: int, months: int, annual_km: int, rent: Decimal):
        if grid_id not in self.loaded:
            self.loaded[grid_id] = load_grid(self.session, grid_id)
        return grid_rent_problem(self.loaded[grid_id], months, annual_km, rent)


def plan_contracts(session: Session, company: Company, sheet: Sheet, mapping: dict[str, int], parsed: ParsedFile, by: int | None,
                   today: dt.date) -> ImportPlan:
    """Contracts to create (with their cars, and drivers without an account), to update, or left as they are."""
    plan = ImportPlan("contracts")
    rows = _Rows(sheet, mapping, plan)
    existing = company_contract_rows(session, company.id)
    plates = company_plates(session, company.id)
    users = users_by_email(session, (line["driver_email"] for line in parsed.lines))
    products, grids = _products(session, company), _Grids(session, company)
    invited: dict[str, dict[str, Any]] = {}
    seen_refs: set[str] = set()
    for line in parsed.lines:
        ref = line["reference"].casefold()
        seen_refs.add(ref)
        old = existing.get(ref)
        product = products.get(line["product"].casefold())
        if product is None:
            rows.refuse(line, "product", "import_unknown_product", f"{line['product']!r} is not a product of this company or of a lessor",
                        value=repr(line["product"]))
            continue
        grid_id = _grid_of(rows, grids, line, product, old, "grid" in mapping)
        if grid_id is False:
            continue
        if grid_id is not None:
            problem = grids.rent_problem(grid_id, line["months"], line["annual_km"], line["monthly_rent"])
            if problem is not None:
                rows.refuse(line, problem.field, problem.code, problem.reason, **problem.params)
                continue
        driver = users.get(line["driver_email"])
        if driver is not None and driver.company_id != company.id:
            rows.refuse(line, "driver_email", "import_driver_elsewhere", f"{line['driver_email']} is someone of another company",
                        value=line["driver_email"])
            continue
        holder = plates.get(plate_key(line["plate"]))
        if holder is not None and holder[1] is not None and holder[1].casefold() != ref:
            rows.refuse(line, "plate", "import_plate_taken", f"{line['plate']} is the plate of contract {holder[1]}",
                        value=line["plate"], other=holder[1])
            continue
        if driver is None and line["driver_email"] not in invited:
            invited[line["driver_email"]] = invited_driver(company, line["driver_email"], line.get("first_name") or "", line.get("last_name") or "")
        driver_key = driver.id if driver is not None else line["driver_email"]
        if old is None:
            _create(plan, company, line, product, grid_id, driver_key, holder[0] if holder else None, today)
        else:
            _update(plan, line, old, product, grid_id, driver_key, set(mapping), by, today)
    plan.users = list(invited.values())
    plan.absent = sorted(row["reference"] for ref, row in existing.items() if ref not in seen_refs)
    return plan


def _grid_of(rows: _Rows, grids: _Grids, line: dict[str, Any], product: Product, old: dict | None, mapped: bool) -> int | None | bool:
    """The grid a row's contract follows (None: none; False: refused)."""
    label = line.get("grid")
    if label:
        grid_id = grids.by_label.get((product.id, label.casefold()))
        if grid_id is None:
            rows.refuse(line, "grid", "import_unknown_grid", f"{label!r} is not a rent grid of {product.name} (import it on /grid first)",
                        value=repr(label), product=product.name)
            return False
        return grid_id
    if old is not None and not mapped and old["product_id"] == product.id:
        return old["rent_grid_id"]
    grid_id = grids.default(product) if product.kind == "grid" or product.termination == "keurmerk" else None
    if grid_id is None and (product.kind == "grid" or product.termination == "keurmerk"):
        rows.refuse(line, "grid", "import_grid_required", f"{product.name} follows a rent grid: name it (import it on /grid first)",
                    product=product.name)
        return False
    return grid_id


def _car(line: dict[str, Any]) -> dict[str, Any]:
    car = {name: line.get(name) for name in CAR_FIELDS}
    car["catalogue_price"] = car["catalogue_price"] if car["catalogue_price"] is not None else Decimal("0.00")
    return car


def _create(plan: ImportPlan, company: Company, line: dict, product: Product, grid_id: int | None, driver, vehicle_id: int | None,
            today: dt.date) -> None:
    end = add_months(line["start_date"], line["months"])
    if vehicle_id is None:
        plan.vehicles.append({"key": line["row"], "company_id": company.id, "segment": "", "options_price": Decimal("0.00"),
                              "co2_g_km": 0, **_car(line)})
    plan.contracts.append({"reference": line["reference"], "company_id": company.id, "driver": driver,
                           "vehicle": vehicle_id if vehicle_id is not None else ("new", line["row"]), "product_id": product.id,
                           "rent_grid_id": grid_id, "start_date": line["start_date"], "months": line["months"],
                           "annual_km": line["annual_km"], "monthly_rent": line["monthly_rent"], "end_date": end,
                           "status": status_on(line["start_date"], end, today), "delivery_km": line.get("delivery_km") or 0,
                           "origin": "import"})
    plan.actions[line["row"]] = "create"


def _update(plan: ImportPlan, line: dict, old: dict, product: Product, grid_id: int | None, driver, mapped: set[str], by: int | None,
            today: dt.date) -> None:
    terms = {name: line[name] if name != "delivery_km" else (line[name] or 0) for name in TERM_FIELDS if name in mapped}
    terms.update(product_id=product.id, rent_grid_id=grid_id, driver_id=driver)
    changed = {k: v for k, v in terms.items() if old[k] != v}
    car = {k: v for k, v in _car(line).items() if k in mapped and old[k] != v}
    if not changed and not car:
        plan.unchanged += 1
        plan.actions[line["row"]] = "unchanged"
        return
    if car:
        plan.vehicle_updates.append({"id": old["vehicle_id"], **{k: old[k] for k in CAR_FIELDS}, **car})
    if changed:
        merged = {**old, **terms}
        end = add_months(merged["start_date"], merged["months"])
        plan.contract_updates.append({**{k: merged[k] for k in ("id", "driver_id", "product_id", "rent_grid_id", *TERM_FIELDS)},
                                      "end_date": end, "status": status_on(merged["start_date"], end, today, old["status"])})
        plan.events += amendments(old, merged["months"], merged["annual_km"], today, by, "import")
    plan.actions[line["row"]] = "update"


def plan_readings(session: Session, company: Company, sheet: Sheet, mapping: dict[str, int], parsed: ParsedFile) -> ImportPlan:
    """Readings to add or correct (by reading id, else by contract and day), each one checked against the contract's
    delivery and the readings around it: an odometer never goes back."""
    plan = ImportPlan("readings")
    rows = _Rows(sheet, mapping, plan)
    contracts = company_contract_rows(session, company.id)
    wanted = {contracts[l["reference"].casefold()]["id"] for l in parsed.lines if l["reference"].casefold() in contracts}
    stored = _stored_readings(session, OdometerReading.contract_id, sorted(wanted))
    external = sorted({line["reading_id"] for line in parsed.lines if line.get("reading_id")})
    by_external = {r.external_id: r for rs in _stored_readings(session, OdometerReading.external_id, external, company.id).values() for r in rs}
    sequences: dict[int, dict[dt.date, tuple[int, int | None]]] = {cid: {r.reading_date: (r.km, None) for r in rs} for cid, rs in stored.items()}
    for line in parsed.lines:
        contract = contracts.get(line["reference"].casefold())
        if contract is None:
            rows.refuse(line, "reference", "import_unknown_contract", f"{line['reference']!r} is not a contract of this company",
                        value=repr(line["reference"]))
            continue
        day, km = line["reading_date"], line["km"]
        if day < contract["start_date"]:
            rows.refuse(line, "reading_date", "import_before_start", f"{day} is before the contract started ({contract['start_date']})",
                        date=day, start=contract["start_date"])
            continue
        if km < contract["delivery_km"]:
            rows.refuse(line, "km", "import_below_delivery", f"{km} km is below the odometer at delivery ({contract['delivery_km']} km)",
                        km=km, delivery=contract["delivery_km"])
            continue
        _place_reading(plan, rows, line, contract, stored.get(contract["id"], []), by_external, sequences.setdefault(contract["id"], {}))
    _check_order(plan, rows, parsed, sequences)
    return plan


def _stored_readings(session: Session, column, values: list, company_id: int | None = None) -> dict[int, list[OdometerReading]]:
    """The readings whose `column` is among `values` (of the company's ids when given), by contract."""
    found: dict[int, list[OdometerReading]] = defaultdict(list)
    for start in range(0, len(values), CHUNK):
        statement = select(OdometerReading).where(column.in_(values[start:start + CHUNK]))
        if company_id is not None:
            statement = statement.where(OdometerReading.company_id == company_id)
        for reading in session.exec(statement):
            found[reading.contract_id].append(reading)
    return found


def _place_reading(plan: ImportPlan, rows: _Rows, line: dict, contract: dict, stored: list[OdometerReading],
                   by_external: dict[str, OdometerReading], sequence: dict[dt.date, tuple[int, int | None]]) -> None:
    day, km, external = line["reading_date"], line["km"], line.get("reading_id") or None
    same = by_external.get(external) if external else next((r for r in stored if r.reading_date == day), None)
    if same is not None and (same.contract_id, same.reading_date, same.km) == (contract["id"], day, km):
        plan.unchanged += 1
        plan.actions[line["row"]] = "unchanged"
        return
    if same is not None and external:
        rows.refuse(line, "reading_id", "import_reading_changed", f"{external!r} was imported before with other values",
                    value=repr(external))
        return
    if same is not None:
        plan.corrections.append({"id": same.id, "contract_id": contract["id"], "old_km": same.km, "km": km, "day": day})
        plan.actions[line["row"]] = "update"
    else:
        plan.readings.append({"contract_id": contract["id"], "reading_date": day, "km": km, "external_id": external,
                              "company_id": contract["company_id"]})
        plan.actions[line["row"]] = "create"
    sequence[day] = (km, line["row"])


def _check_order(plan: ImportPlan, rows: _Rows, parsed: ParsedFile, sequences: dict[int, dict]) -> None:
    """Each file row whose odometer is below an earlier reading of its contract, or above a later one."""
    lines = {line["row"]: line for line in parsed.lines}
    for sequence in sequences.values():
        ordered = sorted(sequence.items())
        for (day_a, (km_a, row_a)), (day_b, (km_b, row_b)) in zip(ordered, ordered[1:]):
            if km_b < km_a and (row_a, row_b) != (None, None):
                row = row_b if row_b is not None else row_a
                other_day, other_km = (day_a, km_a) if row == row_b else (day_b, km_b)
                rows.refuse(lines[row], "km", "import_km_backwards",
                            f"{lines[row]['km']} km does not fit the {other_km} km read on {other_day}: an odometer never goes back",
                            km=lines[row]["km"], other=other_km, date=other_day)

