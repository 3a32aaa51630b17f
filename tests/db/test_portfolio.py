"""The vectorised portfolio projection equals the Decimal scenario engine, contract by contract, to the cent."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, select

from leasedash.db.models import Contract, OdometerReading, Product
from leasedash.db.session import get_engine
from leasedash.domain import simulate_document
from leasedash.domain.projection import project_contract
from leasedash.services.catalogue_sync import load_grid
from leasedash.services.contract_view import projected_scenario
from leasedash.services.demo import load_demo
from leasedash.services.portfolio import detail_rows, portfolio_json, run_portfolio
from leasedash.services.scenarios import product_document

AS_OF = dt.date(2026, 11, 21)
LEASEDASH = str(Path(sys.executable).parent / "leasedash")


@pytest.fixture(scope="module")
def fleet_url(read_only_db_url):
    """A demo fleet of 10,000 contracts, loaded once per module and database kind: every test here only reads it."""
    load_demo(10_000, seed=21, url=read_only_db_url, today=AS_OF)
    return read_only_db_url


@functools.cache
def _decimal_projection(product: str, months: int, annual_km: int, monthly_rent: str, start: dt.date, km: int,
                        reading_date: dt.date) -> tuple[int, bool, Decimal | None]:
    """(projected km, off plan, end settlement) of one contract by the Decimal engine, remembered by its inputs (the
    engine is a pure function): the second database kind, holding the same demo, is answered from the first."""
    contract = {"months": months, "annual_km": annual_km, "monthly_rent": monthly_rent}
    document = {"product": json.loads(product), "contract": contract, "events": []}
    p = project_contract(document, start, AS_OF, km, reading_date)
    return p.projected_km, p.off_plan, p.end_settlement


def _decimal_projections(url: str) -> dict[int, tuple[int, bool, Decimal | None]]:
    """(projected km, off plan, end settlement) of every active contract, one at a time with the Decimal engine."""
    out = {}
    with Session(get_engine(url)) as s:
        products = {p.id: p for p in s.exec(select(Product))}
        documents: dict[tuple[int, int], str] = {}
        latest: dict[int, OdometerReading] = {}
        for r in s.exec(select(OdometerReading).where(OdometerReading.reading_date <= AS_OF).order_by(OdometerReading.reading_date)):
            latest[r.contract_id] = r
        contracts = s.exec(select(Contract).where(Contract.start_date <= AS_OF, Contract.end_date > AS_OF)).all()
        for c in contracts:
            if (c.product_id, c.rent_grid_id) not in documents:
                grid = load_grid(s, c.rent_grid_id).as_json()
                grid.pop("warnings")
                documents[c.product_id, c.rent_grid_id] = json.dumps(product_document(products[c.product_id], grid),
                                                                     sort_keys=True)
            reading = latest[c.id]
            out[c.id] = _decimal_projection(documents[c.product_id, c.rent_grid_id], c.months, c.annual_km,
                                            f"{c.monthly_rent:.2f}", c.start_date, reading.km, reading.reading_date)
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


def test_cli_portfolio_and_contract_scenario_agree(fleet_url):
    """The portfolio printed by `leasedash portfolio` agrees with each contract's scenario run through the engine: one
    contract goes through `leasedash contract scenario` and `leasedash simulate`, four more through the services
    those commands print."""
    env = {**os.environ, "REFLEX_DB_URL": fleet_url}

    def cli(*args: str, given: str | None = None) -> str:
        done = subprocess.run([LEASEDASH, *args], input=given, env=env, capture_output=True, text=True, check=True)
        return done.stdout

    rows = [r for r in json.loads(cli("portfolio", "--as-of", AS_OF.isoformat(), "--json", "--detail"))["contracts"]
            if not r["quote_needed"]][:5]
    scenario = cli("contract", "scenario", str(rows[0]["contract_id"]), "--as-of", AS_OF.isoformat())
    simulated = cli("simulate", "-", given=scenario)
    results = [(json.loads(scenario), json.loads(simulated))]
    for row in rows[1:]:
        document = projected_scenario(row["contract_id"], AS_OF, url=fleet_url)
        results.append((document, simulate_document(document).as_json(None)))
    for row, (document, result) in zip(rows, results, strict=True):
        assert document["events"] == [{"type": "end", "total_km": row["projected_km"]}]
        assert result["total_settlement"] == row["projected_settlement"]
