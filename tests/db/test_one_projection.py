"""One projection everywhere (issue 15, item 1): for 200 running demo contracts, home's end settlement, the /fleet row
(the vectorised projection of the portfolio snapshot), the what-if's first view and `leasedash contract scenario ID |
leasedash simulate -` are the same amount to the cent. A third of the contracts were delivered with km on the clock
(their readings are odometer figures, the km driven are those less the delivery km) and some have two readings on
their latest day (the higher one, entered last, counts), so every surface must read the pace the same way."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session, select

from leasedash import cli
from leasedash.db.models import Contract, OdometerReading, User
from leasedash.db.session import get_engine
from leasedash.services.auth import viewer_of
from leasedash.services.contract_view import read_contract
from leasedash.services.demo import load_demo
from leasedash.services.fleet import fleet_data, fleet_rows
from leasedash.services.what_if import DRIVEN, answer, open_contract

TODAY = dt.date.today()
CONTRACTS = 200
LEASEDASH = str(Path(sys.executable).parent / "leasedash")


@pytest.fixture(scope="module")
def fleet_url(read_only_db_url):
    """A demo fleet loaded once per module and database kind; every third running contract delivered with km on the
    clock (its readings moved up by as many), every seventh with a second, higher reading on its latest day."""
    load_demo(700, seed=15, url=read_only_db_url, today=TODAY)
    with Session(get_engine(read_only_db_url)) as s:
        running = s.exec(select(Contract).where(Contract.status == "active", Contract.start_date <= TODAY, Contract.end_date > TODAY)
                         .order_by(Contract.id)).all()[:CONTRACTS]
        for n, contract in enumerate(running):
            readings = s.exec(select(OdometerReading).where(OdometerReading.contract_id == contract.id)
                              .order_by(OdometerReading.reading_date)).all()
            if n % 3 == 0:
                contract.delivery_km = 1_000 + 37 * n
                for reading in readings:
                    reading.km += contract.delivery_km
                    s.add(reading)
                s.add(contract)
            if n % 7 == 0 and readings:
                s.add(OdometerReading(contract_id=contract.id, reading_date=readings[-1].reading_date, km=readings[-1].km + 400))
        s.commit()
        ids = [c.id for c in running]
    assert len(ids) == CONTRACTS
    return read_only_db_url, ids


def _cli(*args: str, given: str | None, capsys, monkeypatch) -> str | None:
    """One `leasedash` command run in this process (its entry point, as the console script calls it): what it printed,
    or None when it refused (exit code 2: the lessor must quote)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(given or ""))
    code = cli.main(list(args))
    out = capsys.readouterr().out
    return out if code == 0 else None


def test_home_fleet_what_if_and_cli_settle_every_contract_alike(fleet_url, monkeypatch, capsys):
    url, ids = fleet_url
    monkeypatch.setenv("REFLEX_DB_URL", url)
    with Session(get_engine(url)) as s:
        admin = viewer_of(s.exec(select(User).where(User.email == "admin@example.com")).one())

    data = fleet_data(TODAY, None, url)
    run = data.run
    wanted = np.flatnonzero(np.isin(run.contracts.contract_id, ids))
    fleet = {row.contract_id: row for row in fleet_rows(data, wanted)}
    assert set(fleet) == set(ids)

    differences, quoted, paced = [], 0, 0
    for contract_id in ids:
        home = read_contract(admin, contract_id).projection
        home_amount = None if home.quote_needed else home.end_settlement
        row = fleet[contract_id]
        fleet_amount = None if row.settlement_cents is None else Decimal(row.settlement_cents) / 100
        opened = open_contract(admin, contract_id)
        assert opened.start.km_mode == DRIVEN and not opened.start.change and not opened.start.early
        first = answer(opened.base, opened.start, opened.standing)
        what_if_amount = None if first.result is None else first.result.total_settlement
        document = _cli("contract", "scenario", str(contract_id), given=None, capsys=capsys, monkeypatch=monkeypatch)
        simulated = _cli("simulate", "-", given=document, capsys=capsys, monkeypatch=monkeypatch)
        cli_amount = None if simulated is None else Decimal(json.loads(simulated)["total_settlement"])
        amounts = (home_amount, fleet_amount, what_if_amount, cli_amount)
        if len(set(amounts)) != 1:
            differences.append((contract_id, amounts))
        quoted += home_amount is None
        paced += home.projected_km != opened.base["contract"]["annual_km"] * opened.base["contract"]["months"] // 12
    assert differences == []
    assert paced > CONTRACTS // 2 and quoted < CONTRACTS // 4


def test_the_cli_pipeline_projects_from_the_km_driven_since_delivery(fleet_url, monkeypatch):
    """`leasedash contract scenario ID | leasedash simulate -` through a real shell pipe, for a contract delivered with
    km on the clock: the same settlement as home's."""
    url, ids = fleet_url
    env = {**os.environ, "REFLEX_DB_URL": url}
    with Session(get_engine(url)) as s:
        contract = s.get(Contract, ids[0])
        assert contract.delivery_km > 0
        admin = viewer_of(s.exec(select(User).where(User.email == "admin@example.com")).one())
    done = subprocess.run(f"{LEASEDASH} contract scenario {ids[0]} | {LEASEDASH} simulate -", shell=True, env=env,
                          capture_output=True, text=True, check=True)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    home = read_contract(admin, ids[0]).projection
    assert Decimal(json.loads(done.stdout)["total_settlement"]) == home.end_settlement
