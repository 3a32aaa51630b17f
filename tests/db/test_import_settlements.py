"""Imported contracts are first-class (issue 12, item 5): a 1,000-row file with every seed product is imported with a
reading per contract, then 50 random contracts' projected end settlements are checked to the cent three ways: the
portfolio projection (/fleet, the REST API, `leasedash portfolio`), the contract as a scenario document (`leasedash
contract scenario ID | leasedash simulate -`), and the scenario engine on a document built from the file alone."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from sqlmodel import select

from leasedash.db.models import Contract, Product
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import simulate_document
from leasedash.domain.catalogue import seed_products
from leasedash.domain.pricing import CarToPrice, price_grid
from leasedash.domain.projection import MIN_DAYS_FOR_PACE, add_months, projected_end_km
from leasedash.services.catalogue_sync import ensure_grid, ensure_products
from leasedash.services.contract_view import projected_scenario
from leasedash.services.fleet_import import run_import
from leasedash.services.portfolio import detail_rows, run_portfolio
from tests.db.factories import make_company, make_user

pytestmark = pytest.mark.slow
AS_OF = dt.date(2026, 6, 1)
CODES = ("leaseplus-sur-mesure", "kbc-movesmart", "best-deal", "my-personal-lease", "smart-mobility-leasing")
KBC_GRID = "KBC Golf 1.5 eTSI"
HEAD = ("Contract reference,Driver e-mail,Product,Rent grid,Start date,Months,Annual km,Monthly rent,Make,Model,Plate,"
        "Odometer at delivery")


def _terms(rng: random.Random, code: str, grid) -> tuple[int, int]:
    if grid is not None and code == "smart-mobility-leasing":
        return rng.choice(grid.months), rng.choice((5000, 10000))
    if grid is not None:
        months = rng.choice(grid.months[1:-1])
        low, high = grid.annual_km[0], grid.annual_km[-1]
        return months, rng.choice((rng.choice(grid.annual_km), rng.randrange(low, high, 500)))
    axes = seed_products()[code].pricing_axes
    return rng.choice(axes["months"]), rng.choice(axes["annual_km"])


def _fleet(rng: random.Random, grids: dict) -> tuple[list[dict], str, str]:
    contracts, rows, readings = [], [], ["Contract reference,Date,Odometer"]
    for i in range(1000):
        code = CODES[i % len(CODES)]
        grid = grids.get(code)
        months, km = _terms(rng, code, grid)
        start = add_months(AS_OF, -rng.randrange(1, months - 1)) - dt.timedelta(days=rng.randrange(0, 25))
        rent = grid.quote(months, km).monthly_rent if grid is not None else Decimal(rng.randrange(30000, 90000)) / 100
        delivery = rng.choice((0, 0, 12, 5400))
        days = rng.randrange(20, (AS_OF - start).days)
        driven = int(km * days / 365.25 * rng.uniform(0.5, 1.7))
        reading = (start + dt.timedelta(days=days), delivery + driven)
        contract = {"reference": f"IMP-{i:04d}", "code": code, "months": months, "km": km, "rent": rent, "start": start,
                    "delivery": delivery, "reading": reading, "grid": grid}
        contracts.append(contract)
        rows.append(f"IMP-{i:04d},d{i % 300}@big.be,{code},{KBC_GRID if code == 'kbc-movesmart' else ''},{start.isoformat()},"
                    f"{months},{km},{rent:.2f},Volkswagen,Golf,1-IMP-{i:04d},{delivery}")
        readings.append(f"IMP-{i:04d},{reading[0].isoformat()},{reading[1]}")
    return contracts, "\n".join([HEAD, *rows]) + "\n", "\n".join(readings) + "\n"


def _engine_settlement(contract: dict) -> Decimal | None:
    """The end settlement from the file's own figures: the projected km at the pace of the reading, run by the engine."""
    grid = contract["grid"].as_json() if contract["grid"] is not None else None
    if grid is not None:
        grid.pop("warnings")
    document = {"product": seed_products()[contract["code"]].scenario_product(grid),
                "contract": {"months": contract["months"], "annual_km": contract["km"], "monthly_rent": f"{contract['rent']:.2f}",
                             "start_date": contract["start"].isoformat()}}
    days = (contract["reading"][0] - contract["start"]).days
    driven = contract["reading"][1] - contract["delivery"]
    total = contract["km"] * contract["months"] // 12 if days < MIN_DAYS_FOR_PACE else projected_end_km(driven, days, contract["months"])
    try:
        return simulate_document({**document, "events": [{"type": "end", "total_km": total}]}).total_settlement
    except Exception:  # noqa: BLE001 - outside the grid: the lessor must quote
        return None


def test_1000_imported_contracts_settle_as_the_engine_says(db_url):
    rng = random.Random(2026)
    with session_scope(db_url) as s:
        company = make_company(s, "Big fleet")
        manager = make_user(s, company, "fm@big.be", "fleet_manager")
        products = ensure_products(s)
        kbc_grid = price_grid(CarToPrice(Decimal("36990"), "petrol", "BE"), *seed_products()["kbc-movesmart"].pricing_axes.values())
        ensure_grid(s, products["kbc-movesmart"], KBC_GRID, "import", kbc_grid, company_id=company.id)
        viewer = Viewer(manager.id, "fleet_manager", company.id)
    grids = {"leaseplus-sur-mesure": seed_products()["leaseplus-sur-mesure"].product().grid, "kbc-movesmart": kbc_grid,
             "smart-mobility-leasing": seed_products()["smart-mobility-leasing"].product().grid}
    contracts, fleet_file, readings_file = _fleet(rng, grids)
    assert run_import(viewer, company.id, "contracts", "fleet.csv", fleet_file.encode(), today=AS_OF, url=db_url).created == 1000
    assert run_import(viewer, company.id, "readings", "readings.csv", readings_file.encode(), today=AS_OF, url=db_url).created == 1000
    with session_scope(db_url) as s:
        ids = {c.reference: c.id for c in s.exec(select(Contract).where(Contract.company_id == company.id))}
        assert {s.get(Product, pid).code for pid in s.exec(select(Contract.product_id).distinct())} == set(CODES)
    run = run_portfolio(AS_OF, company.id, url=db_url)
    projected = {row["contract_id"]: row["projected_settlement"] for row in detail_rows(run)}
    checked = quoted = 0
    for contract in rng.sample(contracts, 50):
        contract_id = ids[contract["reference"]]
        expected, portfolio = _engine_settlement(contract), projected[contract_id]
        if expected is None:
            assert portfolio is None
            quoted += 1
            continue
        shown = simulate_document(projected_scenario(contract_id, AS_OF, db_url))
        assert (shown.total_settlement, Decimal(portfolio)) == (expected, expected), contract["reference"]
        checked += 1
    assert checked + quoted == 50 and checked >= 45
