"""The home page's state called directly: a driver sees their own contract at a glance and nobody else's;
a fleet manager searches and pages through their company's contracts only."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from leasedash.db.models import Contract
from leasedash.db.session import get_engine
from leasedash.pages.home.state import HomeState


def test_without_a_session_the_home_page_sends_to_login(make_state):
    assert "/login" in str(make_state(HomeState, None).load())


def test_driver_home_shows_only_their_contract(make_state, demo_contracts):
    own, same_company, other_company = demo_contracts
    home = make_state(HomeState, "driver@example.com")
    home.load()
    assert home.glance.shown and home.glance.title.startswith(f"{own.reference} · ")
    assert home.contract_options == [{"id": str(own.id), "label": own.reference}]
    assert home.glance.rent == f"€{own.monthly_rent:,.2f}" == "€536.32"
    home.lang = "fr"
    assert home.glance.rent == "536,32\u00a0€"
    for other in (same_company, other_company):
        home.show_contract(str(other.id))
        assert home.problem == home.text("common.not_found") and not home.glance.shown


def test_a_contract_id_that_is_not_a_number_is_refused_under_its_field(make_state):
    home = make_state(HomeState, "driver@example.com")
    home.show_contract("1; drop table contract")
    assert home.field_problems["contract"] == home.problem != "" and not home.glance.shown


def test_fleet_manager_sees_only_their_company(make_state, demo_db_url, demo_contracts):
    own, _, _ = demo_contracts
    home = make_state(HomeState, "fleet@example.com")
    home.load()
    references = {r.reference for r in home.table}
    assert own.reference in references or home.total > len(home.table)
    with Session(get_engine(demo_db_url)) as s:
        assert home.total == s.exec(select(func.count()).select_from(Contract).where(Contract.company_id == own.company_id)).one()
    assert home.total_text == f"{home.total} contracts" and home.page_text == f"Page 1 of {home.pages}"
    home.next_page()
    assert home.page == 1 and home.page_text == f"Page 2 of {home.pages}"
    home.set_search(own.reference)
    assert [r.reference for r in home.table] == [own.reference] and home.page == 0
    assert home.total_text == "1 contract" and home.table[0].rent == f"€{own.monthly_rent:,.2f}"
