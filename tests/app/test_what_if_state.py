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
from leasedash.domain.projection import add_months
from leasedash.i18n import format_date
from leasedash.services.contract_view import read_contract
from leasedash.services.saved_scenarios import open_scenario
from leasedash.pages.what_if.keeping import WhatIfScenariosState
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
        ({"km_mode": "custom", "return_km": 20000}, "-435.84"),
        ({"change": True, "change_month": 12, "new_km": 25000}, "441.84"),
        ({"change": True, "change_month": 48, "new_months": 60}, "-2344.80"),
        ({"early": True, "return_month": 42, "km_mode": "custom", "return_km": 52500}, "1060.92"),
        ({"early": True, "return_month": 6, "km_mode": "custom", "return_km": 5000}, "12980.64"),
    ],
    ids=["drive-less", "drive-more", "extend", "return-6-months-early", "return-after-6-months"],
)
def test_the_five_lease_plus_examples_as_if_signed_anew(make_state, controls, settlement):
    """The seed's examples date their changes from the contract's start: the page reproduces them as if signed anew,
    at the contracted pace unless a km figure is given."""
    scenarios = make_state(WhatIfScenariosState, "driver@example.com")
    what_if = scenarios.parent_state
    what_if.load()
    assert what_if.contract_line.endswith(" · 48 months at 15,000 km/year · €536.32 a month")
    what_if.toggle_anew(True)
    assert what_if.controls.anew and what_if.controls.km_mode == "contract" and what_if.month_min == 1
    what_if.controls = replace(what_if.controls, **controls)
    total = Decimal(settlement)
    assert what_if.outcome.problem == ""
    assert what_if.outcome.settlement == f"€{abs(total):,.2f}"
    assert what_if.outcome.kind == ("Invoice" if total > 0 else "Refund")
    scenarios.keep()
    assert what_if.kept_rows[-1].settlement == f"{'Invoice' if total > 0 else 'Refund'} €{abs(total):,.2f}"
    scenarios.clear_kept()


def test_loading_again_keeps_the_open_contract_its_sliders_and_kept_scenarios(make_state):
    """on_load runs again on every websocket reconnect, e.g. when another backend takes the session over."""
    scenarios = make_state(WhatIfScenariosState, "driver@example.com")
    what_if = scenarios.parent_state
    what_if.load()
    what_if.toggle_anew(True)
    what_if.controls = replace(what_if.controls, change=True, change_month=12, new_km=25000)
    scenarios.keep()
    line, settlement, kept = what_if.contract_line, what_if.outcome.settlement, len(what_if.kept_rows)
    what_if.load()
    assert (what_if.contract_line, what_if.outcome.settlement, len(what_if.kept_rows)) == (line, settlement, kept)
    assert (what_if.controls.change, what_if.controls.change_month, what_if.controls.new_km) == (True, 12, 25000)
    scenarios.clear_kept()


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
    driver_scenarios = make_state(WhatIfScenariosState, "driver@example.com")
    driver = driver_scenarios.parent_state
    driver.load()
    driver.set_return_mode("early")
    driver.set_return_month([30])
    driver_scenarios.set_save_name("early at 30")
    driver_scenarios.save()
    assert driver.saved_rows and driver.saved_rows[0].name == "early at 30"
    assert driver.notice == 'Saved as "early at 30".'
    scenario_id = driver.saved_rows[0].scenario_id
    manager_scenarios = make_state(WhatIfScenariosState, "fleet@example.com")
    manager = manager_scenarios.parent_state
    manager.choose_contract(str(own.id))
    manager_scenarios.reopen(scenario_id)
    assert manager.problem == manager.text("common.not_found") and manager.controls.early is False
    manager_scenarios.ask_delete(scenario_id)
    assert manager.problem == manager.text("common.not_found") and manager.confirm_id == ""
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(SavedScenario, int(scenario_id)) is not None
    driver.set_return_mode("term")
    driver_scenarios.reopen(scenario_id)
    assert driver.controls.early is True and driver.controls.return_month == 30
    driver_scenarios.ask_delete(scenario_id)
    driver_scenarios.delete_saved()
    assert driver.saved_rows == []
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(SavedScenario, int(scenario_id)) is None
        fixed = s.exec(select(Contract).join(Product, Product.id == Contract.product_id)
                       .where(Contract.company_id == own.company_id, Product.changes_allowed == False)).first()  # noqa: E712
    manager.choose_contract(str(fixed.id))
    assert "no change of mileage or duration is possible" in manager.forbidden_text
    manager.toggle_change(True)
    assert manager.controls.change is False


def _driver(make_state) -> tuple[WhatIfScenariosState, WhatIfState]:
    scenarios = make_state(WhatIfScenariosState, "driver@example.com")
    scenarios.parent_state.load()
    return scenarios, scenarios.parent_state


def test_the_what_if_opens_at_the_pace_driven_so_far_as_home_projects_it(make_state, demo_contracts):
    own, _, _ = demo_contracts
    _, what_if = _driver(make_state)
    home = read_contract(what_if.viewer(), own.id).projection
    assert what_if.controls.km_mode == "driven" and not what_if.controls.change and not what_if.controls.early
    assert what_if._reply().result.total_settlement == home.end_settlement
    assert what_if._document()["events"] == [{"type": "end", "total_km": home.projected_km}]
    assert "month 48" in what_if.pace_text
    what_if.set_km_mode("contract")
    assert what_if._document()["events"] == [{"type": "end"}]
    what_if.set_km_mode("fast")
    assert what_if.field_problems["km_mode"] and what_if.controls.km_mode == "contract"


def test_a_change_is_dated_at_the_month_reached_unless_signed_anew(make_state):
    _, what_if = _driver(make_state)
    reached = what_if._standing.reached
    assert reached > 6 and what_if.month_min == what_if.bounds.floor == reached
    assert f"month {reached}" in what_if.floor_text
    what_if.toggle_change(True)
    what_if.set_change_month([6])
    what_if.set_new_km([21000])
    assert what_if.readouts.change_month == str(reached)
    assert what_if._document()["events"][0] == {"type": "mileage_change", "at_month": reached, "annual_km": 21000}
    what_if.set_return_mode("early")
    what_if.set_return_month([3])
    assert what_if._document()["events"][-1]["at_month"] == reached
    what_if.toggle_anew(True)
    what_if.set_change_month([6])
    what_if.set_return_month([12])
    events = what_if._document()["events"]
    assert (events[0]["at_month"], events[-1]["at_month"], events[-1].get("total_km")) == (6, 12, None)
    assert "from its start" in what_if.floor_text
    what_if.toggle_anew(False)
    assert what_if.controls.km_mode == "driven" and what_if._document()["events"][0]["at_month"] == reached


def test_headlines_say_what_they_mean(make_state, demo_contracts):
    """The rent from now on is the rent after the change (not the end's re-rating); each step of a settlement with its
    date before the sum; an early return shows the months billed and their rent; no amount is negative."""
    own, _, _ = demo_contracts
    _, what_if = _driver(make_state)
    reached = what_if._standing.reached
    what_if.toggle_change(True)
    what_if.set_new_km([21000])
    result = what_if._reply().result
    change, end = result.steps
    assert what_if.outcome.rent_label == "Monthly rent from now on" and what_if.outcome.rent == f"€{change.rent_after:,.2f}"
    assert end.rent_after != change.rent_after
    now_line, end_line = what_if.outcome.steps
    assert now_line == f"Now: {_settled(change.settlement)}"
    end_day = format_date(add_months(own.start_date, 48), "en")
    assert end_line == f"At the end, {end_day}: {_settled(end.settlement)}"
    assert what_if.outcome.settlement == f"€{abs(result.total_settlement):,.2f}"
    what_if.toggle_change(False)
    what_if.toggle_anew(True)
    what_if.set_return_mode("early")
    what_if.set_return_month([6])
    what_if.set_km_mode("custom")
    what_if.set_return_km([5000])
    assert what_if.outcome.settlement == "€12,980.64"
    assert what_if.outcome.rent_label == "Billed up to the return" and what_if.outcome.rent == "12 months billed at €1,349.88"
    assert what_if.outcome.steps == ()
    shown = json.dumps([what_if.outcome.__dict__, [k.__dict__ for k in what_if.kept_rows]], default=str)
    assert "-€" not in shown and reached > 6


def _settled(amount: Decimal) -> str:
    return f"{'invoice' if amount > 0 else 'refund'} €{abs(amount):,.2f}" if amount else "nothing to settle"


def test_save_keeps_the_scenario_and_delete_asks_then_can_be_undone(make_state, demo_db_url):
    scenarios, what_if = _driver(make_state)
    what_if.toggle_change(True)
    what_if.set_new_km([20000])
    before = what_if.controls
    scenarios.set_save_name("twenty thousand")
    scenarios.save()
    scenarios.save()
    assert what_if.controls == before and what_if.outcome.problem == ""
    first, second = (open_scenario(what_if.viewer(), int(row.scenario_id)).document for row in what_if.saved_rows[:2])
    assert first == second and first["events"][0]["annual_km"] == 20000
    scenario_id = what_if.saved_rows[0].scenario_id
    scenarios.ask_delete(scenario_id)
    assert what_if.confirm_id == scenario_id and len(what_if.saved_rows) == 2
    assert scenarios.confirm_text == '"Scenario 2" will be deleted; you can undo it for a few seconds.'
    scenarios.confirm_open(False)
    assert what_if.confirm_id == "" and len(what_if.saved_rows) == 2
    scenarios.ask_delete(scenario_id)
    timer = scenarios.delete_saved()
    assert len(what_if.saved_rows) == 1 and what_if.undo_name != "" and "setTimeout" in str(timer)
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(SavedScenario, int(scenario_id)) is None
    scenarios.undo_delete()
    assert [row.scenario_id for row in what_if.saved_rows][0] == scenario_id and what_if.undo_name == ""
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(SavedScenario, int(scenario_id)).name == what_if.saved_rows[0].name
    scenarios.ask_delete(scenario_id)
    scenarios.delete_saved()
    scenarios.forget_deleted(what_if._deleted_serial)
    scenarios.undo_delete()
    assert what_if.problem == what_if.text("common.not_found") and len(what_if.saved_rows) == 1
    scenarios.ask_delete(what_if.saved_rows[0].scenario_id)
    scenarios.delete_saved()


def test_kept_scenarios_survive_a_reload_until_cleared(make_state):
    scenarios, what_if = _driver(make_state)
    what_if.set_km_mode("custom")
    what_if.set_return_km([60000])
    scenarios.set_save_name("sixty")
    scenarios.keep()
    again_scenarios, again = _driver(make_state)
    assert [k.name for k in again.kept_rows] == ["sixty"] and again_scenarios is not scenarios
    assert again.kept_rows[0].settlement == what_if.kept_rows[0].settlement
    again_scenarios.remove_kept(again.kept_rows[0].scenario_id)
    assert _driver(make_state)[1].kept_rows == []
    scenarios.keep()
    scenarios.clear_kept()
    assert _driver(make_state)[1].kept_rows == []
