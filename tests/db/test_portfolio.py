"""The vectorised portfolio projection equals the Decimal scenario engine, contract by contract, to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from leasedash.db.models import Contract, OdometerReading, Product
from leasedash.db.session import get_engine
from leasedash.domain.projection import project_contract
from leasedash.services.catalogue_sync import load_grid
from leasedash.services.demo import load_demo
from leasedash.services.portfolio import detail_rows, portfolio_json, run_portfolio
from leasedash.services.scenarios import product_document

AS_OF = dt.date(2026, 11, 21)


@pytest.fixture
def fleet_url(db_url):
    load_demo(10_000, seed=21, url=db_url, today=AS_OF)
    return db_url


def _decimal_projections(url: str) -> dict[int, tuple[int, bool, Decimal | None]]:
    """(projected km, off plan, end settlement) of every active contract, one at a time with the Decimal engine."""
    out = {}
    with Session(get_engine(url)) as s:
        products = {p.id: p for p in s.exec(select(Product))}
        grids: dict[int, dict] = {}
        latest: dict[int, OdometerReading] = {}
        for r in s.exec(select(OdometerReading).where(OdometerReading.reading_date <= AS_OF).order_by(OdometerReading.reading_date)):
            latest[r.contract_id] = r
        contracts = s.exec(select(Contract).where(Contract.start_date <= AS_OF, Contract.end_date > AS_OF)).all()
        for c in contracts:
            if c.rent_grid_id not in grids:
                grid = load_grid(s, c.rent_grid_id).as_json()
                grid.pop("warnings")
                grids[c.rent_grid_id] = grid
            document = {"product": product_document(products[c.product_id], grids[c.rent_grid_id]),
                        "contract": {"months": c.months, "annual_km": c.annual_km, "monthly_rent": f"{c.monthly_rent:.2f}"}, "events": []}
            reading = latest[c.id]
            p = project_contract(document, c.start_date, AS_OF, reading.km, reading.reading_date)
            out[c.id] = (p.projected_km, p.off_plan, p.end_settlement)
    return out


def test_vectorised_projection_equals_the_decimal_engine_on_10000_contracts(fleet_url):
    run = run_portfolio(AS_OF, url=fleet_url)
    expected = _decimal_projections(fleet_url)
    rows = {r["contract_id"]: r for r in detail_rows(run)}
    assert set(rows) == set(expected) and len(rows) > 3000
    mismatches = []
    for contract_id, (km, off_plan, settlement) in expected.items():
        row = rows[contract_id]
        got = (row["projected_km"], row["off_plan"], None if row["quote_needed"] else Decimal(row["projected_settlement"]))
        if got != (km, off_plan, settlement):
            mismatches.append((contract_id, got, (km, off_plan, settlement)))
    assert mismatches == []
    assert sum(1 for r in rows.values() if r["quote_needed"]) >= 1
    assert sum(1 for r in rows.values() if r["off_plan"]) > 100


def test_portfolio_totals_add_up(fleet_url):
    out = portfolio_json(run_portfolio(AS_OF, url=fleet_url), detail=True)
    settled = [Decimal(r["projected_settlement"]) for r in out["contracts"] if r["projected_settlement"] is not None]
    totals = out["totals"]
    assert totals["contracts"] == len(out["contracts"])
    assert Decimal(totals["projected_settlement"]["invoices"]) == sum(s for s in settled if s > 0)
    assert Decimal(totals["projected_settlement"]["refunds"]) == sum(s for s in settled if s < 0)
    assert sum(c["contracts"] for c in out["companies"]) == totals["contracts"]
    assert sum(Decimal(p["projected_settlement"]["net"]) for p in out["products"]) == Decimal(totals["projected_settlement"]["net"])
    company = out["companies"][0]["company_id"]
    one = portfolio_json(run_portfolio(AS_OF, company_id=company, url=fleet_url))
    assert one["totals"] == {k: v for k, v in out["companies"][0].items() if k not in ("company_id", "name")}


def test_cli_portfolio_and_contract_scenario_agree(fleet_url, monkeypatch):
    import json
    import subprocess
    import sys
    from pathlib import Path

    leasedash = str(Path(sys.executable).parent / "leasedash")
    env = {**__import__("os").environ, "REFLEX_DB_URL": fleet_url}
    done = subprocess.run([leasedash, "portfolio", "--as-of", AS_OF.isoformat(), "--json", "--detail"], env=env, capture_output=True, text=True, check=True)
    rows = json.loads(done.stdout)["contracts"]
    for row in [r for r in rows if not r["quote_needed"]][:5]:
        scenario = subprocess.run([leasedash, "contract", "scenario", str(row["contract_id"]), "--as-of", AS_OF.isoformat()],
                                  env=env, capture_output=True, text=True, check=True).stdout
        assert json.loads(scenario)["events"] == [{"type": "end", "total_km": row["projected_km"]}]
        simulated = subprocess.run([leasedash, "simulate", "-"], input=scenario, env=env, capture_output=True, text=True, check=True)
        assert json.loads(simulated.stdout)["total_settlement"] == row["projected_settlement"]
