"""The /offers and /mobility-plan handlers called directly: figures update as the driver builds, and every action
checks the role and the company on the server."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, select

from leasedash.db.models import CarOffer, User
from leasedash.db.session import get_engine, session_scope
from leasedash.i18n import catalog
from leasedash.pages.mobility_plan.state import PlanState
from leasedash.pages.offers.state import OffersState
from leasedash.services.auth import set_password, sign_in

EN = catalog("en")


def test_the_driver_builds_an_offer_and_cannot_approve_it(make_state, demo_db_url):
    state = make_state(OffersState, "driver@example.com")
    state.load()
    assert state.plan_lines and state.car_choices and all(c.value != "320d Touring" for c in state.car_choices)
    assert any(c.label == "BMW 320d Touring" for c in state.not_offered)
    state.set_model("Model 3 RWD")
    state.toggle_option("metallic_paint", True)
    assert state._price.options_price == Decimal("980") and state.rent.over and "C = B / a" in state.rent.formula
    assert any(line.amount == "€980.00" for line in state.figure_lines)
    state.set_dealer_discount("abc")
    assert state.figure_lines == [] and "Extra dealer discount" in state.problem and "dealer_discount" in state.field_problems
    state.set_dealer_discount("250,00")
    state.save()
    offer_id = state.opened.id
    assert state.opened.car == "Tesla Model 3 RWD" and state._detail.dealer_discount == Decimal("250.00") and state.notice == "offers.saved"
    state.approve()
    assert state.problem == EN["common.not_allowed"]
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(CarOffer, offer_id).status == "offer"
    state.send()
    assert state.problem == EN["error.quote_missing_quote"] and state.opened.status_text == "Offer"

    fleet = make_state(OffersState, "fleet@example.com")
    fleet.load()
    assert offer_id in [o.id for o in fleet.offer_lines]
    with Session(get_engine(demo_db_url)) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        other = s.exec(select(User).where(User.role == "fleet_manager", User.company_id != driver.company_id)).first()
    stranger = make_state(OffersState, None)
    with session_scope(demo_db_url) as s:
        set_password(s, s.get(User, other.id), "Strangers2026x")
    with session_scope(demo_db_url) as s:
        stranger.session_token = sign_in(s, other.email, "Strangers2026x").token
    stranger.load()
    assert offer_id not in [o.id for o in stranger.offer_lines]
    stranger.open_offer(str(offer_id))
    assert stranger.opened is None and stranger.problem == EN["common.not_found"]


def test_with_no_offer_open_every_action_is_refused_cleanly(make_state):
    driver = make_state(OffersState, "driver@example.com")
    driver.load()
    for action in (driver.send, driver.delete, driver.save_quote_price):
        action()
        assert driver.problem == EN["common.not_found"] and driver.opened is None
    fleet = make_state(OffersState, "fleet@example.com")
    for action in (fleet.approve, fleet.reject):
        action()
        assert fleet.problem == EN["common.not_found"]
    fleet.tick("not a number", True)
    assert "offer" in fleet.field_problems and fleet.ticked == []


def test_a_driver_cannot_open_the_plan_editor(make_state):
    assert "/offers" in str(make_state(PlanState, "driver@example.com").load())
    driver = make_state(PlanState, "driver@example.com")
    driver.save()
    assert driver.problem == EN["common.not_allowed"]
    plan = make_state(PlanState, "fleet@example.com")
    plan.load()
    assert plan.values["budget"] and plan.durations
    loaded = dict(plan.values)
    plan.set_value("discount", "45")
    plan.save()
    assert "30 %" in plan.problem and "standard_discount" in plan.field_problems and not plan.saved
    plan.toggle("values", "budget", True)
    assert plan.problem and plan.values == {**loaded, "discount": "45"}
    plan.toggle("fuels", "coal", True)
    assert plan.problem and "coal" not in plan.fuels
    plan.set_value("discount", loaded["discount"])
    plan.save()
    assert plan.problem == "" and plan.saved


def test_the_plan_loaded_again_keeps_what_was_typed_and_the_saved_notice(make_state):
    plan = make_state(PlanState, "fleet@example.com")
    plan.load()
    stored = plan.values["budget"]
    plan.save()
    plan.set_value("co2", "140")
    plan.load()  # a reconnecting browser runs on_load again
    assert plan.saved and plan.values["co2"] == "140" and plan.values["budget"] == stored
    other_tab = make_state(PlanState, "fleet@example.com")
    other_tab.load()
    other_tab.set_value("budget", "711")
    other_tab.save()
    assert other_tab.saved
    plan.load()  # the plan changed meanwhile: the stored one is shown
    assert plan.values["budget"].startswith("711") and not plan.saved
    plan.set_value("budget", stored)
    plan.save()
    assert plan.saved and plan.problem == ""
