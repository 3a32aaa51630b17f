"""The end-of-lease decision on stored contracts (issue 18): the vectorised paths of /fleet equal the per-contract
decision on a sample; the page, `leasedash contract end-options` and GET /api/v1/contracts/{id}/end-options give the
same figures; a buy-out quote asked by the driver from three months before the end and answered by the fleet manager
replaces the estimate; the reminders of the dates ahead are listed and e-mailed once."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from leasedash.api.app import api
from leasedash.db.models import Contract, DocumentNotice, ServiceRequest, User
from leasedash.db.session import session_scope
from leasedash.domain.end_options import PATHS
from leasedash.errors import InvalidInput
from leasedash.i18n import format_money
from leasedash.pages.end_of_lease import display
from leasedash.services.api_tokens import create_token
from leasedash.services.auth import viewer_of
from leasedash.services.demo import load_demo
from leasedash.services.end_of_lease import LESSOR, answer_buy_out, ask_buy_out, decision
from leasedash.services.end_reminders import queue_reminders, reminders
from leasedash.services.fleet import FleetData
from leasedash.services import fleet_ending
from leasedash.services.fleet_ending import ending_overview, ending_soon
from leasedash.services.portfolio import run_portfolio
from leasedash.services.requests import answer, take_up

AS_OF = dt.date(2026, 11, 21)
LEASEDASH = str(Path(sys.executable).parent / "leasedash")


@pytest.fixture(scope="module")
def fleet_url(read_only_db_url):
    """A demo fleet of 2,000 contracts, loaded once per module and database kind, only read."""
    load_demo(2000, seed=18, url=read_only_db_url, today=AS_OF)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REFLEX_DB_URL", read_only_db_url)
        yield read_only_db_url


def test_vectorised_paths_equal_the_per_contract_decision(fleet_url):
    data = FleetData(run_portfolio(AS_OF, url=fleet_url), None, fleet_url, (0, 0))
    ending = ending_soon(data)
    assert len(ending.index) > 100
    ids = data.run.contracts.contract_id[ending.index]
    sample = range(0, len(ids), max(1, len(ids) // 80))
    mismatches = []
    for k in sample:
        options = decision(LESSOR, int(ids[k]), AS_OF).options
        expected = tuple(int(options.totals()[p] * 100) for p in PATHS)
        got = tuple(int(v) for v in ending.paths.totals[:, k])
        if got != expected or int(ending.paths.extension[k]) != options.extension_months:
            mismatches.append((int(ids[k]), got, expected))
    assert mismatches == []
    overview = ending_overview(data)
    assert overview.count == len(ending.index) and sum(overview.by_path.values()) == overview.count
    assert overview.saving_cents == int(ending.paths.saving_against_return.sum()) >= 0
    assert overview.rows[0].saving_cents == max(r.saving_cents for r in overview.rows)


def test_the_page_the_cli_and_the_api_agree(fleet_url):
    with session_scope() as s:
        contract = s.exec(select(Contract).where(Contract.status == "active", Contract.end_date > AS_OF,
                                                 Contract.end_date <= AS_OF + dt.timedelta(days=150)).order_by(Contract.id)).first()
        manager = s.exec(select(User).where(User.company_id == contract.company_id, User.role == "fleet_manager")).first()
        viewer = viewer_of(manager or s.exec(select(User).where(User.role == "admin")).first())
        token = create_token(s, viewer, "end options")[0]
    page = decision(viewer, contract.id, AS_OF)
    printed = subprocess.run([LEASEDASH, "contract", "end-options", str(contract.id), "--as-of", AS_OF.isoformat()],
                             env={**os.environ, "REFLEX_DB_URL": fleet_url}, capture_output=True, text=True, check=True)
    answered = TestClient(api).get(f"/api/v1/contracts/{contract.id}/end-options", params={"as_of": AS_OF.isoformat()},
                                   headers={"Authorization": f"Bearer {token}"})
    assert answered.status_code == 200
    assert json.loads(printed.stdout) == answered.json() == json.loads(json.dumps(page.as_json()))
    shown = {c.path: c.total for c in display.columns(page, "fr")}
    assert shown == {p["path"]: format_money(Decimal(p["total"]), "fr") for p in answered.json()["paths"]}
    other = TestClient(api).get(f"/api/v1/contracts/{contract.id}/end-options", params={"as_of": AS_OF.isoformat(), "extend": 5},
                                headers={"Authorization": f"Bearer {token}"})
    assert other.status_code == 422 and other.json()["detail"]["field"] == "extend"


def _contract_ending(s, first: dt.date, last: dt.date) -> Contract:
    return s.exec(select(Contract).where(Contract.status == "active", Contract.end_date >= first, Contract.end_date <= last)
                  .order_by(Contract.end_date, Contract.id)).first()


def test_visits_asking_at_once_work_the_paths_out_once(fleet_url, monkeypatch):
    """Several /fleet visits (each a background event in a thread of its own) asking for the same run's contracts ending
    soon: the first works them out, the others wait for it instead of repeating seconds of work at lessor scale."""
    data = FleetData(run_portfolio(AS_OF, url=fleet_url), None, fleet_url, (0, 0))
    worked, read = [], fleet_ending._facts

    def slow_read(*args):
        worked.append(1)
        time.sleep(0.3)
        return read(*args)

    monkeypatch.setattr(fleet_ending, "_facts", slow_read)
    with ThreadPoolExecutor(4) as visits:
        answers = list(visits.map(lambda _: ending_soon(data), range(4)))
    assert len(worked) == 1 and all(a is answers[0] for a in answers)


def test_a_contract_whose_end_moved_since_the_run_is_still_decided(services_db):
    """The facts of the contracts ending soon are read by the run's window of end dates; one whose end date the database
    no longer has in that window (changed since the run was made) is read by its id instead of being lost."""
    load_demo(300, seed=4, url=services_db, today=AS_OF)
    run = run_portfolio(AS_OF, url=services_db)
    before = ending_soon(FleetData(run, None, services_db, (0, 0)))
    moved = int(run.contracts.contract_id[before.index[0]])
    with session_scope(services_db) as s:
        contract = s.get(Contract, moved)
        contract.end_date = contract.end_date.replace(year=contract.end_date.year + 3)
        s.add(contract)
        s.commit()
    after = ending_soon(FleetData(run, None, services_db, (0, 0)))
    assert list(after.index) == list(before.index) and len(after.paths.cheapest) == len(before.paths.cheapest) == len(before.index)
    assert (after.paths.cheapest[1:] == before.paths.cheapest[1:]).all()


def test_a_buy_out_quote_replaces_the_estimate(services_db):
    today = dt.date.today()
    load_demo(300, seed=4, url=services_db, today=today)
    with session_scope() as s:
        soon = _contract_ending(s, today + dt.timedelta(days=20), today + dt.timedelta(days=80))
        later = _contract_ending(s, today + dt.timedelta(days=120), today + dt.timedelta(days=400))
        driver, late_driver = viewer_of(s.get(User, soon.driver_id)), viewer_of(s.get(User, later.driver_id))
        manager = viewer_of(s.exec(select(User).where(User.company_id == soon.company_id, User.role == "fleet_manager")).first()
                            or s.exec(select(User).where(User.role == "admin")).first())
    with pytest.raises(InvalidInput) as refused:
        ask_buy_out(late_driver, later.id)
    assert refused.value.code == "buy_out_too_early"
    before = decision(driver, soon.id)
    assert before.buy_out_open and before.options.path("buy_out").estimate and before.request is None
    request_id = ask_buy_out(driver, soon.id)
    with session_scope() as s:
        request = s.get(ServiceRequest, request_id)
        assert request.kind == "buy_out" and request.deadline_at > request.submitted_at
        take_up(s, manager, request_id)
    with session_scope() as s, pytest.raises(InvalidInput) as unanswered:
        answer(s, manager, request_id, "here it is")
    assert unanswered.value.code == "buy_out_quote_missing"
    answer_buy_out(manager, request_id, Decimal("9876.50"))
    after = decision(driver, soon.id)
    buy = after.options.path("buy_out")
    assert after.request.quote == Decimal("9876.50") and buy.figures["buy_out_price"] == Decimal("9876.50") and not buy.estimate
    assert after.options.market_value.estimate == before.options.market_value.estimate


def test_reminders_are_listed_and_emailed_once(services_db):
    today = dt.date.today()
    load_demo(300, seed=4, url=services_db, today=today)
    with session_scope() as s:
        ending = _contract_ending(s, today + dt.timedelta(days=3), today + dt.timedelta(days=30))
        driver = viewer_of(s.get(User, ending.driver_id))
        queued = queue_reminders(s, today)
    listed = reminders(driver, today)
    assert any(r.kind == "end" and r.contract_id == ending.id and r.day == ending.end_date for r in listed)
    assert queued >= 1
    with session_scope() as s:
        assert queue_reminders(s, today) == 0
        links = [n.link for n in s.exec(select(DocumentNotice).where(DocumentNotice.user_id == driver.user_id))]
    assert f"/end-of-lease?contract={ending.id}&reminder=end" in links
