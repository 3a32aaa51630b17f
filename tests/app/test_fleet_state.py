"""The /fleet page's handlers called directly: only fleet managers (their company) and admins (any) see the
fleet; the table pages through exactly the fleet's active contracts; the threshold and every choice are
refused under their field when wrong; the export writes the filtered table with its progress."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt

import pytest
from sqlmodel import Session, select

from leasedash.db.models import Contract, User
from leasedash.db.session import get_engine
from leasedash.i18n import catalog, format_number
from leasedash.pages.fleet.state import PAGE_SIZE, FleetState
from leasedash.services.portfolio import run_portfolio


def _run(state: FleetState, handler) -> None:
    """Run a background handler of `state` to its end, as Reflex would."""
    async def drain():
        async for _ in handler.fn(state):
            pass
    asyncio.run(drain())


def _load(state: FleetState) -> None:
    """load, then what it sends on: the whole projection in the background, or (the fleet in the cache) the advice."""
    following = state.load()
    assert following is FleetState.project or following is FleetState.advise
    _run(state, following)


def _active_references(url, company_id: int | None = None) -> set[str]:
    today = dt.date.today()
    with Session(get_engine(url)) as s:
        statement = select(Contract.reference).where(Contract.start_date <= today, Contract.end_date > today, Contract.status != "planned")
        return set(s.exec(statement.where(Contract.company_id == company_id) if company_id else statement))


def _companies(url) -> tuple[int, int, str]:
    """The fleet manager's company, another company, and a contract reference of that other company."""
    with Session(get_engine(url)) as s:
        manager = s.exec(select(User).where(User.email == "fleet@example.com")).one()
        other = s.exec(select(Contract).where(Contract.company_id != manager.company_id)).first()
        return manager.company_id, other.company_id, other.reference


def _every_page(state: FleetState) -> list[str]:
    references = [r.reference for r in state.table]
    while state.page + 1 < state.pages:
        state.next_page()
        references += [r.reference for r in state.table]
    return references


@pytest.fixture
def manager(make_state, demo_db_url):
    state = make_state(FleetState, "fleet@example.com")
    _load(state)
    return state


def test_without_a_session_the_fleet_page_sends_to_login(make_state):
    answer = make_state(FleetState, None).load()
    assert answer is not None and "/login" in str(answer)


def test_a_driver_is_kept_out(make_state):
    driver = make_state(FleetState, "driver@example.com")
    assert driver.load() is None
    assert driver.problem == catalog("en")["common.not_allowed"]
    _run(driver, FleetState.project)
    assert not driver.has_figures and driver.table == [] and driver.total_rows == 0


def test_a_fleet_manager_sees_exactly_their_companys_active_contracts(make_state, demo_db_url):
    own_company, other_company, other_reference = _companies(demo_db_url)
    mine = _active_references(demo_db_url, own_company)
    manager = make_state(FleetState, "fleet@example.com")
    manager.company = str(other_company)
    _load(manager)
    assert manager.problem == "" and manager.stage == ""
    assert manager.kpis.contracts == format_number(len(mine), "en") and manager.total_rows == len(mine)
    assert manager.rows_text == f"{len(mine)} contracts" and len(manager.table) == min(PAGE_SIZE, len(mine))
    assert sorted(_every_page(manager)) == sorted(mine)
    reference = sorted(mine)[0]
    manager.set_search(reference)
    assert [r.reference for r in manager.table] == [reference] and manager.rows_text == "1 contract"
    manager.set_search(other_reference)
    assert manager.table == [] and manager.total_rows == 0


def test_an_admin_sees_every_company_or_the_one_chosen(make_state, demo_db_url):
    own_company, _, _ = _companies(demo_db_url)
    everything, mine = _active_references(demo_db_url), _active_references(demo_db_url, own_company)
    admin = make_state(FleetState, "admin@example.com")
    _load(admin)
    assert admin.kpis.contracts == format_number(len(everything), "en") and len(everything) > len(mine)
    assert own_company in [c.id for c in admin.company_options]
    assert admin.set_company(str(own_company)) is FleetState.project
    _run(admin, FleetState.project)
    assert admin.kpis.contracts == format_number(len(mine), "en") and admin.total_rows == len(mine)
    admin.set_company("999999")
    assert "company" in admin.field_problems and admin.company == str(own_company)


def test_off_plan_only_shows_exactly_the_contracts_off_plan(manager):
    run = run_portfolio(dt.date.today(), manager.viewer().company_id)
    off_plan = int(run.projection.off_plan.sum())
    manager.set_only_off_plan(True)
    assert manager.total_rows == off_plan and manager.kpis.off_plan == format_number(off_plan, "en")
    assert all(r.off_plan for r in manager.table) and len(manager.table) == min(PAGE_SIZE, off_plan)


def test_a_wrong_threshold_or_date_is_refused_under_its_field(manager):
    run = run_portfolio(dt.date.today(), manager.viewer().company_id)
    p = run.projection
    over_zero = int(((~p.quote_needed) & (p.settlement_cents > 0)).sum())
    manager.set_threshold("0")
    assert manager.field_problems == {} and len(manager.advice) == min(12, over_zero)
    manager.set_threshold("douze")
    assert manager.field_problems == {"threshold": catalog("en")["error.fleet_threshold"]} and manager.advice == []
    manager.set_threshold("-5")
    assert "threshold" in manager.field_problems
    assert manager.set_as_of("21/11/2026") is None
    assert manager.field_problems == {"as_of": catalog("en")["error.fleet_as_of"]} and manager.as_of == dt.date.today().isoformat()
    manager.set_sort("driver")
    assert "sort" in manager.field_problems and manager.sort == "settlement"


def test_the_export_writes_the_filtered_table_with_its_progress(manager, monkeypatch, tmp_path):
    monkeypatch.setenv("LEASEDASH_EXPORT_DIR", str(tmp_path))
    manager.set_only_off_plan(True)
    shown = manager.total_rows
    _run(manager, FleetState.export)
    assert manager.export_done == manager.export_total == shown
    assert manager.export_text == f"Download the CSV ({shown} contracts)"
    with (tmp_path / manager.export_url.partition("?")[0].rsplit("/", 1)[-1]).open(encoding="utf-8") as exported:
        rows = list(csv.DictReader(exported))
    assert len(rows) == shown and all(round(abs(float(r["pace_vs_plan"]) - 1), 3) >= 0.1 for r in rows)


def test_a_product_filter_shows_exactly_that_products_contracts(manager):
    run = run_portfolio(dt.date.today(), manager.viewer().company_id)
    everything = manager.total_rows
    product = manager.product_options[-1]
    expected = int((run.contracts.product == run.product_ids.index(product.id)).sum())
    manager.set_product(str(product.id))
    assert manager.total_rows == expected < everything and {r.product for r in manager.table} == {product.name}
    manager.set_product("0")
    assert "product" in manager.field_problems and manager.product == str(product.id)
    manager.set_product("all")
    assert manager.product == "" and manager.total_rows == everything
