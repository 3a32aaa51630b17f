"""`leasedash demo`: a realistic demo portfolio in the configured database, loaded idempotently
in one transaction (a failure leaves nothing half-written)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import numpy as np
from sqlmodel import Session, select

from leasedash.db.bulk import BulkWriter
from leasedash.db.change_log import log_everything
from leasedash.db.models import Company, DemoLoad, User
from leasedash.db.session import get_engine
from leasedash.db.types import utcnow
from leasedash.domain.catalogue import seed_products
from leasedash.domain.grid import RentGrid as DomainGrid
from leasedash.domain.pricing import CarToPrice, price_grid
from leasedash.errors import LeaseDashError
from leasedash.services import demo_fleet as fleet
from leasedash.services import demo_people as people
from leasedash.services.auth import set_password
from leasedash.services.catalogue_sync import ensure_grid, ensure_products
from leasedash.services.demo_offers import load_demo_offers
from leasedash.services.demo_removal import DemoRemoval, remove_demo_rows
from leasedash.services.mobility_plans import default_plan_record

CHUNK = 25_000
LEASEPLUS_REAL_GRID_MODEL = ("Volkswagen", "Golf 1.5 eTSI")
USER_COLUMNS = ("id", "email", "password_hash", "first_name", "last_name", "birth_date", "role", "company_id", "language", "status", "created_at", "version")
VEHICLE_COLUMNS = ("id", "company_id", "make", "model", "segment", "fuel", "catalogue_price", "options_price", "co2_g_km", "plate", "first_registration", "created_at", "version")
CONTRACT_COLUMNS = ("id", "reference", "company_id", "driver_id", "vehicle_id", "product_id", "rent_grid_id", "start_date", "months", "annual_km", "monthly_rent", "end_date", "status", "created_at", "updated_at", "version")
READING_COLUMNS = ("id", "contract_id", "reading_date", "km", "source", "external_id", "created_at")


class DemoError(LeaseDashError):
    """The demo cannot be loaded as asked (e.g. another demo fleet is already there)."""


@dataclass(frozen=True)
class DemoSummary:
    """What `leasedash demo` did."""

    contracts: int
    companies: int
    readings: int
    already_loaded: bool


@cache
def vehicle_models() -> tuple[dict, ...]:
    """The cars of the demo fleets (leasedash/data/vehicle_models.json)."""
    raw = json.loads(resources.files("leasedash.data").joinpath("vehicle_models.json").read_text(encoding="utf-8"))
    return tuple(raw["models"])


def load_demo(contracts: int, seed: int = 2026, *, url: str | None = None, today: dt.date | None = None,
              replace: bool = False, progress: Callable[[int], None] | None = None) -> DemoSummary:
    """Fill the database with `contracts` demo contracts drawn from `seed`; running it again with the
    same numbers changes nothing, and the three demo accounts are always there afterwards."""
    if contracts < 1:
        raise DemoError("--contracts: at least 1 contract is needed")
    today = today or dt.date.today()
    with get_engine(url).begin() as connection:
        session = Session(bind=connection)
        loaded = session.exec(select(DemoLoad)).first()
        if loaded is not None and (loaded.contracts, loaded.seed) == (contracts, seed):
            _ensure_demo_accounts(session, session.exec(select(Company).where(Company.demo).order_by(Company.id)).first())
            session.flush()
            return DemoSummary(contracts, 0, 0, already_loaded=True)
        if loaded is not None and not replace:
            raise DemoError(
                f"this database already holds a demo fleet of {loaded.contracts} contracts (seed {loaded.seed}); "
                "add --replace to load another one in its place"
            )
        if loaded is not None:
            _delete_demo(session)
        summary = _load(session, BulkWriter(connection), contracts, seed, today, progress)
        session.add(DemoLoad(contracts=contracts, seed=seed))
        session.flush()
        log_everything(connection)
        return summary


def remove_demo(url: str | None = None) -> DemoRemoval:
    """`leasedash demo --remove`: the demo's contracts and companies go, typed-in and imported data stays (demo_removal);
    the projections' caches are told that everything may have changed."""
    with get_engine(url).begin() as connection:
        removal = remove_demo_rows(Session(bind=connection))
        log_everything(connection)
        return removal


def _delete_demo(session: Session) -> None:
    remove_demo_rows(session)


def _ensure_grids(session: Session, products: dict) -> dict[tuple[str, int], tuple[int, DomainGrid]]:
    """A rent grid per (product, car): 003's real grid for Lease Plus on the Golf, the pricing model elsewhere."""
    grids = {}
    for code, entry in seed_products().items():
        axes = entry.pricing_axes
        for m, model in enumerate(vehicle_models()):
            label = f"{model['make']} {model['model']}"
            if code == "leaseplus-sur-mesure" and (model["make"], model["model"]) == LEASEPLUS_REAL_GRID_MODEL:
                domain_grid, source = entry.product().grid, "seed 003 q.36"
            else:
                car = CarToPrice(Decimal(model["price"]), model["fuel"], entry.country)
                domain_grid, source = price_grid(car, axes["months"], axes["annual_km"]), "pricing model"
            row = ensure_grid(session, products[code], label, source, domain_grid)
            grids[(code, m)] = (row.id, domain_grid)
    return grids


def _load(session: Session, writer: BulkWriter, contracts: int, seed: int, today: dt.date,
          progress: Callable[[int], None] | None) -> DemoSummary:
    rng = np.random.default_rng(seed)
    products = ensure_products(session)
    grids = _ensure_grids(session, products)
    employers, private = _create_companies(session, rng, contracts)
    demo_company = employers[0][0]
    _ensure_demo_accounts(session, demo_company)
    for company, _ in employers:
        session.add(default_plan_record(company.id))
        session.add(User(email=f"fleet.{company.id}@{_domain(company)}", first_name=people.FIRST_NAMES[company.id % 36],
                         last_name=people.LAST_NAMES[company.id % 30], role="fleet_manager", company_id=company.id))
    session.flush()
    demo_driver = session.exec(select(User).where(User.email == "driver@example.com")).one()
    ids = {t: writer.next_id(t) for t in ("app_user", "vehicle", "contract", "odometer_reading")}
    plan = _Plan(rng, today, employers, private, products, grids, demo_driver.id)
    created = {"readings": 0}
    done = 0
    while done < contracts:
        size = min(CHUNK, contracts - done)
        users, vehicles, rows, readings = plan.chunk(done, size, ids)
        writer.write("app_user", USER_COLUMNS, users)
        writer.write("vehicle", VEHICLE_COLUMNS, vehicles)
        writer.write("contract", CONTRACT_COLUMNS, rows)
        created["readings"] += writer.write("odometer_reading", READING_COLUMNS, readings)
        done += size
        if progress:
            progress(size)
    writer.sync_sequences(("app_user", "vehicle", "contract", "odometer_reading", "company", "rent_grid", "product"))
    load_demo_offers(session, demo_driver)
    return DemoSummary(contracts, len(employers) + len(private), created["readings"], already_loaded=False)


def _domain(company: Company) -> str:
    return company.name.split()[0].lower().replace("û", "u") + {"BE": ".be", "LU": ".lu", "NL": ".nl"}[company.country]


def _create_companies(session: Session, rng: np.random.Generator, contracts: int):
    """Employers (the first one is the demo accounts' company) and the private-lease customer bases."""
    employers = []
    for i in range(fleet.employer_count(contracts)):
        country = "LU" if i == 0 or rng.random() < 0.3 else "BE"
        company = Company(name=people.company_name(i, country), kind="employer", country=country, demo=True)
        session.add(company)
        employers.append((company, float(rng.lognormal(0, 0.8)) * (6 if i == 0 else 1)))
    private = []
    for code, country in fleet.PRIVATE_BASES:
        entry = seed_products()[code]
        company = Company(name=f"{entry.name} customers ({entry.lessor})", kind="private", country=country, demo=True)
        session.add(company)
        private.append((company, code))
    session.flush()
    return employers, private


def _ensure_demo_accounts(session: Session, company: Company | None) -> None:
    """driver@, fleet@ and admin@example.com with the demo password; the fleet manager is the driver's."""
    existing = {u.email for u in session.exec(select(User).where(User.email.in_([a["email"] for a in people.DEMO_ACCOUNTS])))}
    for account in people.DEMO_ACCOUNTS:
        company_id = None if account["role"] == "admin" else company.id if company else None
        if account["email"] in existing or (company_id is None and account["role"] != "admin"):
            continue
        user = User(**account, company_id=company_id, language="en", birth_date=dt.date(1988, 4, 12))
        session.add(user)
        session.flush()
        problems = set_password(session, user, people.DEMO_PASSWORD)
        if problems:
            raise DemoError(f"the demo password breaks the password rule for {account['email']}: {', '.join(problems)}")


class _Plan:
    """Draws contracts chunk by chunk."""

    def __init__(self, rng, today, employers, private, products, grids, demo_driver_id) -> None:
        self.rng, self.today = rng, today
        self.employers, self.private = employers, private
        self.products, self.grids = products, grids
        self.demo_driver_id = demo_driver_id
        weights = np.array([w for _, w in employers])
        self.employer_p = weights / weights.sum()
        self.models = vehicle_models()
        self.small_models = [i for i, m in enumerate(self.models) if m["segment"] in ("A", "B", "C")]
        self.quotes: dict[tuple[int, int, int], Decimal] = {}
        self.term_weights: dict[tuple[str, bool], tuple[np.ndarray, np.ndarray]] = {}
        self.created_at = utcnow()

    def _rent(self, grid_id: int, grid: DomainGrid, months: int, km: int) -> Decimal:
        key = (grid_id, months, km)
        if key not in self.quotes:
            self.quotes[key] = grid.quote(months, km).monthly_rent
        return self.quotes[key]

    def _terms(self, code: str, private: bool) -> tuple[int, int]:
        if (code, private) not in self.term_weights:
            axes = seed_products()[code].pricing_axes
            self.term_weights[(code, private)] = (
                np.cumsum(fleet.axis_weights(axes["months"], 44, 16)),
                np.cumsum(fleet.axis_weights(axes["annual_km"], 12000 if private else 22000, 9000)),
            )
        axes = seed_products()[code].pricing_axes
        month_cdf, km_cdf = self.term_weights[(code, private)]
        draw_m, draw_k, draw_mid = self.rng.random(3)
        months = axes["months"][min(int(np.searchsorted(month_cdf, draw_m)), len(month_cdf) - 1)]
        kms = axes["annual_km"]
        k = min(int(np.searchsorted(km_cdf, draw_k)), len(kms) - 1)
        km = kms[k]
        if seed_products()[code].kind == "grid" and k + 1 < len(kms) and draw_mid < 0.25:
            km = (kms[k] + kms[k + 1]) // 2
        return months, km

    def chunk(self, offset: int, size: int, ids: dict[str, int]):
        rng, today = self.rng, self.today
        users, vehicles, contracts, readings = [], [], [], []
        pace = fleet.pace_factors(rng, size)
        firsts, lasts = people.driver_names(rng, size)
        start_days = rng.integers(0, 5 * 365 + 1, size)
        is_private = rng.random(size) < fleet.PRIVATE_SHARE
        employer_pick = rng.choice(len(self.employers), size=size, p=self.employer_p)
        soon = set(range(1, min(4, size))) if offset == 0 else set()
        for i in range(size):
            n = offset + i
            if n == 0:
                company, code, model_index, months, km = self.employers[0][0], "leaseplus-sur-mesure", self._golf(), 48, 15000
                start, pace_i = fleet.add_months(today, -20).replace(day=1), 1.4
            else:
                if is_private[i]:
                    company, code = self.private[n % len(self.private)]
                    model_index = int(rng.choice(self.small_models))
                else:
                    company = self.employers[int(employer_pick[i])][0]
                    products, weights = fleet.EMPLOYER_PRODUCTS[company.country]
                    code = str(rng.choice(products, p=weights))
                    model_index = int(rng.integers(0, len(self.models)))
                months, km = self._terms(code, bool(is_private[i]))
                start = today - dt.timedelta(days=int(start_days[i]))
                start, pace_i = start.replace(day=min(start.day, 28)), float(pace[i])
                if i in soon:
                    start = fleet.add_months(today + dt.timedelta(days=int(rng.integers(10, 85))), -months)
            end = fleet.add_months(start, months)
            status = "active" if end > today else "ended"
            if status == "ended" and rng.random() < 0.07 and months > 12:
                end, status = fleet.add_months(start, int(rng.integers(12, months))), "terminated"
            grid_id, grid = self.grids[(code, model_index)]
            model = self.models[model_index]
            user_id, vehicle_id, contract_id = ids["app_user"], ids["vehicle"], ids["contract"]
            ids["app_user"], ids["vehicle"], ids["contract"] = user_id + 1, vehicle_id + 1, contract_id + 1
            if n == 0:
                driver_id = self.demo_driver_id
            else:
                driver_id = user_id
                first, last = people.FIRST_NAMES[firsts[i]], people.LAST_NAMES[lasts[i]]
                language = "nl" if company.country == "NL" else "fr" if company.country == "LU" else ("fr", "nl")[n % 2]
                users.append((user_id, people.email_of(first, last, user_id, _domain(company)), None, first, last, None,
                              "driver", company.id, language, "active", self.created_at, 1))
            price = Decimal(model["price"])
            options = Decimal(int(price) * int(rng.integers(0, 16)) // 1000 * 10)
            vehicles.append((vehicle_id, company.id, model["make"], model["model"], model["segment"], model["fuel"],
                             price, options, model["co2"], people.plate_of(vehicle_id, company.country), start,
                             self.created_at, 1))
            contracts.append((contract_id, f"LD-{contract_id:07d}", company.id, driver_id, vehicle_id,
                              self.products[code].id, grid_id, start, months, km, self._rent(grid_id, grid, months, km),
                              end, status, self.created_at, self.created_at, 1))
            readings.extend(self._readings(ids, contract_id, start, min(end, today), km * pace_i, status))
        return users, vehicles, contracts, readings

    def _golf(self) -> int:
        return next(i for i, m in enumerate(self.models) if (m["make"], m["model"]) == LEASEPLUS_REAL_GRID_MODEL)

    def _readings(self, ids, contract_id: int, start: dt.date, until: dt.date, yearly_km: float, status: str) -> Iterator[tuple]:
        latest = until if status != "active" else until - dt.timedelta(days=int(self.rng.integers(0, 40)))
        dates = fleet.reading_schedule(start, max(latest, start))
        noise = self.rng.normal(1.0, 0.04, len(dates))
        km_so_far = int(self.rng.integers(5, 60))
        for k, day in enumerate(dates):
            driven = yearly_km * (day - start).days / 365.25 * float(noise[k])
            km_so_far = max(km_so_far, int(driven))
            source = "delivery" if k == 0 else ("inspection" if status != "active" and k == len(dates) - 1 else "telematics")
            reading_id = ids["odometer_reading"]
            ids["odometer_reading"] = reading_id + 1
            yield (reading_id, contract_id, day, km_so_far, source, None, self.created_at)
