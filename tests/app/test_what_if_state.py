"""The what-if page's state called directly: the five Lease Plus examples to the cent, another company's
contract and another user's saved scenario out of reach, the scenario document kept on the server."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from leasedash.db.models import Contract, Product, SavedScenario
from leasedash.db.session import get_engine
from leasedash.pages.what_if.state import WhatIfState


def test_without_a_session_the_what_if_page_sends_to_login(make_state):
    assert "/login" in str(make_state(WhatIfState, None).load())


def test_fleet_manager_opens_only_their_company_contracts(make_state, demo_contracts):
    _, same_company, other_company = demo_contracts
    what_if = make_state(WhatIfState, "fleet@example.com")
    what_if.choose_contract(str(other_company.id))
    assert what_if.problem == what_if.text("common.not_found") and not what_if.opened and what_if._base == {}
    what_if.choose_contract(str(same_company.id))
    assert what_if.problem == "" and what_if.opened and what_if.contract_line.startswith(f"{same_company.reference} · ")


def test_driver_cannot_open_another_contract(make_state, demo_contracts):
    _, same_company, _ = demo_contracts
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.choose_contract(str(same_company.id))
    assert what_if.problem == what_if.text("common.not_found") and what_if.contract_line == "" and what_if._terms is None


@pytest.mark.parametrize(
    "controls, settlement",
    [
        ({"custom_km": True, "return_km": 20000}, "-435.84"),
        ({"change": True, "change_month": 12, "new_km": 25000}, "441.84"),
        ({"change": True, "change_month": 48, "new_months": 60}, "-2344.80"),
        ({"early": True, "return_month": 42, "custom_km": True, "return_km": 52500}, "1060.92"),
        ({"early": True, "return_month": 6, "custom_km": True, "return_km": 5000}, "12980.64"),
    ],
    ids=["drive-less", "drive-more", "extend", "return-6-months-early", "return-after-6-months"],
)
def test_the_five_lease_plus_examples_from_the_page(make_state, controls, settlement):
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.load()
    assert what_if.contract_line.endswith(" · 48 months at 15,000 km/year · €536.32 a month")
    what_if.controls = replace(what_if.controls, **controls)
    total = Decimal(settlement)
    assert what_if.outcome.problem == ""
    assert what_if.outcome.settlement == f"€{abs(total):,.2f}"
    assert what_if.outcome.kind == ("Invoice" if total > 0 else "Refund")
    what_if.keep()
    assert what_if.kept_rows[0].settlement == f"{'-' if total < 0 else ''}€{abs(total):,.2f}"


def test_loading_again_keeps_the_open_contract_its_sliders_and_kept_scenarios(make_state):
    """on_load runs again on every websocket reconnect, e.g. when another backend takes the session over."""
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.load()
    what_if.controls = replace(what_if.controls, change=True, change_month=12, new_km=25000)
    what_if.keep()
    line, settlement = what_if.contract_line, what_if.outcome.settlement
    what_if.load()
    assert (what_if.contract_line, what_if.outcome.settlement, len(what_if.kept_rows)) == (line, settlement, 1)
    assert (what_if.controls.change, what_if.controls.change_month, what_if.controls.new_km) == (True, 12, 25000)


def test_the_scenario_document_stays_on_the_server(make_state):
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.load()
    assert what_if._base["product"]["grid"]["rents"]
    sent = json.dumps(what_if.dict(), default=str)
    assert '"rents"' not in sent and "earliest_termination_month" not in sent
    assert what_if.readouts.new_months == "48 months" and what_if.bounds.months == 48


def test_a_slider_position_that_is_not_a_number_is_refused_under_its_field(make_state):
    what_if = make_state(WhatIfState, "driver@example.com")
    what_if.load()
    before = what_if.controls
    what_if.set_return_month(["soon"])
    assert what_if.field_problems["return_month"] == what_if.problem != "" and what_if.controls == before
    what_if.set_return_mode("tomorrow")
    assert what_if.field_problems["return_mode"] and what_if.controls == before


def test_forbidden_changes_and_a_saved_scenario_stays_private(make_state, demo_db_url, demo_contracts):
    own, _, _ = demo_contracts
    driver = make_state(WhatIfState, "driver@example.com")
    driver.load()
    driver.set_return_mode("early")
    driver.set_return_month([30])
    driver.set_save_name("early at 30")
    driver.save()
    assert driver.saved_rows and driver.saved_rows[0].name == "early at 30"
    assert driver.notice == 'Saved as "early at 30".'
    scenario_id = driver.saved_rows[0].scenario_id
    manager = make_state(WhatIfState, "fleet@example.com")
    manager.choose_contract(str(own.id))
    manager.reopen(scenario_id)
    assert manager.problem == manager.text("common.not_found") and manager.controls.early is False
    manager.delete_saved(scenario_id)
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(SavedScenario, int(scenario_id)) is not None
    driver.set_return_mode("term")
    driver.reopen(scenario_id)
    assert driver.controls.early is True and driver.controls.return_month == 30
    driver.delete_saved(scenario_id)
    assert driver.saved_rows == []
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(SavedScenario, int(scenario_id)) is None
        fixed = s.exec(select(Contract).join(Product, Product.id == Contract.product_id)
                       .where(Contract.company_id == own.company_id, Product.changes_allowed == False)).first()  # noqa: E712
    manager.choose_contract(str(fixed.id))
    assert "no change of mileage or duration is possible" in manager.forbidden_text
    manager.toggle_change(True)
    assert manager.controls.change is False
