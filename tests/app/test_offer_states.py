"""The /offers and /mobility-plan handlers called directly: figures update as the driver builds, and every action
checks the role and the company on the server."""

from __future__ import annotations

from sqlmodel import Session, select

from leasedash.db.models import CarOffer, User
from leasedash.db.session import get_engine, session_scope
from leasedash.pages.mobility_plan import PlanState
from leasedash.pages.offers import OffersState
from leasedash.services.auth import set_password, sign_in


def test_the_driver_builds_an_offer_and_cannot_approve_it(make_state, demo_db_url):
    state = make_state(OffersState, "driver@example.com")
    state.load()
    assert state.plan_lines and state.allowed and all(c["model"] != "320d Touring" for c in state.allowed)
    assert any(c["label"] == "BMW 320d Touring" for c in state.not_offered)
    state.set_model("Model 3 RWD")
    state.toggle_option("metallic_paint", True)
    assert state.figures["options"] == "980" and state.rent_text["state"] == "over" and "C = B / a" in state.rent_text["formula"]
    state.set_dealer_discount("abc")
    assert state.figures == {} and "Extra dealer discount" in state.error
    state.set_dealer_discount("250,00")
    state.save()
    offer_id = state.opened
    assert state.detail["car"] == "Tesla Model 3 RWD" and state.detail["dealer"] == "250.00"
    state.approve()
    assert state.error
    with Session(get_engine(demo_db_url)) as s:
        assert s.get(CarOffer, int(offer_id)).status == "offer"

    fleet = make_state(OffersState, "fleet@example.com")
    fleet.load()
    assert offer_id in [o["id"] for o in fleet.offers]
    with Session(get_engine(demo_db_url)) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        other = s.exec(select(User).where(User.role == "fleet_manager", User.company_id != driver.company_id)).first()
    stranger = make_state(OffersState, None)
    with session_scope(demo_db_url) as s:
        set_password(s, s.get(User, other.id), "Strangers2026x")
    with session_scope(demo_db_url) as s:
        stranger.session_token = sign_in(s, other.email, "Strangers2026x").token
    stranger.load()
    assert offer_id not in [o["id"] for o in stranger.offers]
    stranger.open_offer(offer_id)
    assert stranger.opened == "" and stranger.error


def test_a_driver_cannot_open_the_plan_editor(make_state):
    assert "/offers" in str(make_state(PlanState, "driver@example.com").load())
    plan = make_state(PlanState, "fleet@example.com")
    plan.load()
    assert plan.values["budget"] and plan.durations
    plan.set_value("discount", "45")
    plan.save()
    assert "30 %" in plan.error and not plan.notice
