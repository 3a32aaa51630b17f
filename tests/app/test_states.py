"""Page handlers called directly: every one checks the user and the role on the server, and
another user's ids find nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from leasedash.db.models import Contract, Product, RentGrid, SavedScenario, User
from leasedash.db.session import get_engine
from leasedash.pages.grid import GridState
from leasedash.pages.home import HomeState
from leasedash.pages.login import LoginState
from leasedash.pages.what_if import WhatIfState
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
    for cls in (HomeState, GridState, WhatIfState):
        assert _is_redirect_to_login(make_state(cls, None).load())
    assert _is_redirect_to_login(make_state(AppState, None).require_sign_in())


def test_driver_home_shows_only_their_contract(make_state, demo_db_url):
    own, same_company, other_company = _ids(demo_db_url)
    home = make_state(HomeState, "driver@example.com")
    home.load()
    assert home.raw["reference"] == own.reference
    assert home.contract_options == [{"id": str(own.id), "label": own.reference}]
    assert Decimal(home.raw["rent"]) == own.monthly_rent
    for other in (same_company, other_company):
        home.show_contract(str(other.id))
        assert home.error_key == "common.not_found" and home.raw == {}


def test_fleet_manager_sees_only_their_company(make_state, demo_db_url):
    own, same_company, other_company = _ids(demo_db_url)
    home = make_state(HomeState, "fleet@example.com")
    home.load()
    references = {r["reference"] for r in home.rows}
    assert own.reference in references or home.total > len(home.rows)
    with Session(get_engine(demo_db_url)) as s:
        assert home.total == s.exec(select(func.count()).select_from(Contract).where(Contract.company_id == own.company_id)).one()
    what_if = make_state(WhatIfState, "fleet@example.com")
    what_if.choose_contract(str(other_company.id))
    assert what_if.error_key == "common.not_found" and what_if.base == {}
    what_if.choose_contract(str(same_company.id))
    assert what_if.error_key == "" and what_if.info["reference"] == same_company.reference


def test_driver_cannot_open_another_contract_or_grid(make_state, demo_db_url):
    own, same_company, other_company = _ids(demo_db_url)
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.choose_contract(str(same_company.id))
    assert what_if.error_key == "common.not_found" and what_if.info == {}
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


@pytest.mark.parametrize(
    "controls, settlement",
    [
        ({"custom_km": True, "return_km": 20000}, "-435.84"),
        ({"change_enabled": True, "change_month": 12, "new_km": 25000}, "441.84"),
        ({"change_enabled": True, "change_month": 48, "new_months": 60}, "-2344.80"),
        ({"early": True, "return_month": 42, "custom_km": True, "return_km": 52500}, "1060.92"),
        ({"early": True, "return_month": 6, "custom_km": True, "return_km": 5000}, "12980.64"),
    ],
    ids=["drive-less", "drive-more", "extend", "return-6-months-early", "return-after-6-months"],
)
def test_the_five_lease_plus_examples_from_the_page(make_state, controls, settlement):
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.load()
    assert what_if.info["months"] == "48" and what_if.info["km"] == "15000" and what_if.info["rent"] == "536.32"
    for key, value in controls.items():
        setattr(what_if, key, value)
    assert what_if.outcome["raw_total"] == settlement


def test_forbidden_changes_and_a_saved_scenario_stays_private(make_state, demo_db_url):
    own, same_company, _ = _ids(demo_db_url)
    driver = make_state(WhatIfState, "driver@example.com")
    driver.load()
    driver.set_return_mode("early")
    driver.set_return_month([30])
    driver.set_save_name("early at 30")
    driver.save()
    assert driver.saved and driver.saved[0]["name"] == "early at 30"
    scenario_id = driver.saved[0]["id"]
    manager = make_state(WhatIfState, "fleet@example.com")
    manager.choose_contract(str(own.id))
    manager.reopen(scenario_id)
    assert manager.notice == manager.tr["common.not_found"]
    manager.delete_saved(scenario_id)
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(SavedScenario, int(scenario_id)) is not None
    with Session(get_engine(demo_db_url)) as s:
        fixed = s.exec(select(Contract).join(Product, Product.id == Contract.product_id)
                       .where(Contract.company_id == own.company_id, Product.changes_allowed == False)).first()  # noqa: E712
    manager.choose_contract(str(fixed.id))
    assert "no change of mileage or duration is possible" in manager.forbidden_text
    manager.toggle_change(True)
    assert manager.change_enabled is False


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


def test_inspection_handlers_check_the_user(make_state, demo_db_url):
    from leasedash.db.models import DamageRecord, Inspection
    from leasedash.db.session import session_scope
    from leasedash.pages.inspection import InspectionState
    from leasedash.services import inspections as svc
    from leasedash.services.auth import viewer_of

    own, _, other = _ids(demo_db_url)
    with session_scope(demo_db_url) as s:
        admin = viewer_of(s.exec(select(User).where(User.email == "admin@example.com")).one())
        foreign = svc.create_inspection(s, admin, other.id, dt.date.today()).id
    driver = make_state(InspectionState, "driver@example.com")
    driver.inspection_id = foreign
    driver.part, driver.kind, driver.length = "bonnet", "dent", "40"
    driver.add_damage()
    assert driver.error and driver.info == {}
    driver.sign_name = "Sofie"
    driver.sign()
    assert driver.error
    with Session(get_engine(demo_db_url)) as s:
        assert s.exec(select(DamageRecord).where(DamageRecord.inspection_id == foreign)).all() == []
        assert s.get(Inspection, foreign).driver_signed_at is None
