"""Page handlers called directly: every one checks the user and the role on the server, and
another user's ids find nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlmodel import Session, select

from leasedash.db.models import Contract, RentGrid, User
from leasedash.db.session import get_engine
from leasedash.pages.grid import GridState
from leasedash.pages.login import LoginState
from leasedash.state import AppState


def _ids(url):
    with Session(get_engine(url)) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        own = s.exec(select(Contract).where(Contract.driver_id == driver.id)).one()
        same_company = s.exec(select(Contract).where(Contract.company_id == driver.company_id, Contract.id != own.id)).first()
        other_company = s.exec(select(Contract).where(Contract.company_id != driver.company_id)).first()
        return own, same_company, other_company


def _is_redirect_to_login(result) -> bool:
    return result is not None and "/login" in str(result)


def test_without_a_session_every_loader_sends_to_login(make_state):
    assert _is_redirect_to_login(make_state(GridState, None).load())
    assert _is_redirect_to_login(make_state(AppState, None).require_sign_in())


def test_driver_cannot_open_another_contract_or_grid(make_state, demo_db_url):
    own, _, other_company = _ids(demo_db_url)
    grid = make_state(GridState, "driver@example.com")
    grid.load()
    assert grid.contract_point == [own.months, own.annual_km]
    grid.choose_grid(str(other_company.rent_grid_id if other_company.rent_grid_id != own.rent_grid_id else 999999))
    assert grid.error_key == "common.not_found"


def test_driver_cannot_import_a_grid(make_state, demo_db_url, leaseplus_text):
    with Session(get_engine(demo_db_url)) as s:
        before = s.exec(select(func.count()).select_from(RentGrid)).one()
    grid = make_state(GridState, "driver@example.com")
    grid.import_product, grid.import_label, grid.import_text = "1", "hack", leaseplus_text
    assert _is_redirect_to_login(grid.submit_import())
    with Session(get_engine(demo_db_url)) as s:
        assert s.exec(select(func.count()).select_from(RentGrid)).one() == before


def test_grid_import_with_an_error_stores_nothing_and_points_at_the_cell(make_state, demo_db_url, leaseplus_text):
    grid = make_state(GridState, "fleet@example.com")
    grid.load()
    with Session(get_engine(demo_db_url)) as s:
        before = s.exec(select(func.count()).select_from(RentGrid)).one()
    grid.import_label = "Peugeot 208 quote"
    grid.set_import_text(leaseplus_text.replace("783,10", "78x,10"))
    grid.submit_import()
    assert grid.problem_texts == ["Row 3 (15000 km), column 3 (24 months): \"78x,10\" is not an amount."]
    bad = [(r, c) for r, row in enumerate(grid.preview) for c, cell in enumerate(row) if cell["bad"]]
    assert len(bad) == 1 and grid.preview[bad[0][0]][bad[0][1]]["text"] == "78x,10"
    with Session(get_engine(demo_db_url)) as s:
        assert s.exec(select(func.count()).select_from(RentGrid)).one() == before
    grid.set_lang("fr")
    assert grid.problem_texts == ["Ligne 3 (15000 km), colonne 3 (24 mois) : « 78x,10 » n'est pas un montant."]
    grid.set_import_text(leaseplus_text)
    grid.submit_import()
    assert grid.import_problems == [] and grid.import_done["rows"] == "8"
    with Session(get_engine(demo_db_url)) as s:
        stored = s.exec(select(RentGrid).where(RentGrid.label == "Peugeot 208 quote")).one()
        assert stored.company_id is not None


def test_login_throttles_repeated_failures(make_state):
    login = make_state(LoginState, None)
    for _ in range(5):
        login.submit({"email": "fleet@example.com", "password": "wrong-Password1"})
        assert login.error_key == "wrong_credentials"
    login.submit({"email": "fleet@example.com", "password": "Leasedash2026"})
    assert login.error_key == "throttled" and login.session_token == ""
    assert "15 minutes" in login.error_text


def test_fleet_page_scope(make_state, demo_db_url):
    from leasedash.pages.fleet import FleetState

    own, _, other = _ids(demo_db_url)
    today = dt.date.today()
    with Session(get_engine(demo_db_url)) as s:
        def active(company_id=None):
            statement = select(func.count()).select_from(Contract).where(Contract.start_date <= today, Contract.end_date > today)
            return s.exec(statement.where(Contract.company_id == company_id) if company_id else statement).one()
        mine, everything = active(own.company_id), active()
    driver = make_state(FleetState, "driver@example.com")
    driver.load()
    assert driver.forbidden and driver.kpi == {}
    manager = make_state(FleetState, "fleet@example.com")
    manager.company = str(other.company_id)
    manager.load()
    assert not manager.forbidden and manager.kpi["contracts"] == mine
    assert len(manager.rows) == min(20, mine)
    admin = make_state(FleetState, "admin@example.com")
    admin.load()
    assert admin.kpi["contracts"] == everything > mine
    admin.set_company(str(own.company_id))
    assert admin.kpi["contracts"] == mine
