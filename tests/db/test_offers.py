"""Mobility plans and car offers on the real databases: the plan a fleet manager sets, offers built under it,
30-day expiry, the dealer quote, and the approval flow with its access control and history."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import CarOffer, DealerQuote, OfferEvent
from leasedash.db.session import get_engine, session_scope
from leasedash.domain import LeaseInputError
from leasedash.services import offers as svc
from leasedash.services.auth import viewer_of
from leasedash.services.mobility_plans import company_plan, plan_values, save_plan
from tests.db.factories import make_company, make_user

TODAY = dt.date(2026, 11, 21)
PDF = b"%PDF-1.4\n" + b"0" * 200
PLAN = {"monthly_budget": "650", "durations": [36, 48], "annual_km": [15000, 20000], "default_months": "48", "default_annual_km": "20000",
        "driver_may_adapt": True, "contribution_allowed": True, "contribution_cap": "3000", "makes": [], "segments": ["B", "C", "D", "SUV"],
        "fuels": ["ev", "hybrid"], "co2_cap": "50", "standard_discount": "0.05"}


@pytest.fixture
def people(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LEASEDASH_DOCUMENT_DIR", str(tmp_path / "documents"))
    with session_scope(db_url) as s:
        acme, other = make_company(s, "Acme"), make_company(s, "Other")
        users = {"driver": make_user(s, acme, "d@acme.be"), "colleague": make_user(s, acme, "c@acme.be"),
                 "fleet": make_user(s, acme, "f@acme.be", "fleet_manager"), "stranger": make_user(s, other, "f@other.be", "fleet_manager")}
        viewers = {name: viewer_of(u) for name, u in users.items()}
        save_plan(s, viewers["fleet"], acme.id, PLAN, None)
    return db_url, viewers


def _offer(url, driver, model="Model 3 RWD", options=("metallic_paint",), discount="250") -> int:
    with session_scope(url) as s:
        return svc.build_offer(s, driver, model, list(options), Decimal(discount), 48, 20000).id


def test_the_fleet_manager_sets_the_plan_and_nobody_else(people):
    url, v = people
    with session_scope(url) as s:
        values, version = plan_values(s, v["fleet"].company_id)
        assert values["monthly_budget"] == Decimal("650.00") and values["co2_cap"] == 50 and version == 1
        save_plan(s, v["fleet"], v["fleet"].company_id, {**PLAN, "monthly_budget": "700,50"}, version)
        assert company_plan(s, v["fleet"].company_id).monthly_budget == Decimal("700.50")
    for who, error in (("driver", AccessDenied), ("stranger", NotFound)):
        with pytest.raises(error), session_scope(url) as s:
            save_plan(s, v[who], v["fleet"].company_id, PLAN, 2)
    with pytest.raises(StaleWrite), session_scope(url) as s:
        save_plan(s, v["fleet"], v["fleet"].company_id, PLAN, 1)
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        save_plan(s, v["fleet"], v["fleet"].company_id, {**PLAN, "monthly_budget": "abc"}, 2)
    assert refused.value.field == "monthly_budget"
    with session_scope(url) as s:
        assert company_plan(s, v["fleet"].company_id).monthly_budget == Decimal("700.50")


def test_an_offer_keeps_its_figures_and_a_car_outside_the_plan_is_refused(people):
    url, v = people
    offer_id = _offer(url, v["driver"])
    with Session(get_engine(url)) as s:
        offer = s.get(CarOffer, offer_id)
        assert (offer.net_price, offer.net_price_excl_vat, offer.standard_discount, offer.status) == (
            Decimal("41521.50"), Decimal("34315.29"), Decimal("2198.50"), "offer")
        assert offer.monthly_rent > offer.monthly_budget and offer.contribution > 0 and offer.contribution_refusal is None
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        svc.build_offer(s, v["driver"], "320d Touring", [], Decimal(0), 48, 20000)
    assert refused.value.code == "offer_outside_plan"
    with pytest.raises(AccessDenied), session_scope(url) as s:
        svc.build_offer(s, v["fleet"], "Model 3 RWD", [], Decimal(0), 48, 20000)


def test_offers_expire_after_30_days(people):
    url, v = people
    offer_id = _offer(url, v["driver"])
    with session_scope(url) as s:
        offer = s.get(CarOffer, offer_id)
        offer.created_at = dt.datetime(2026, 10, 22, 9, 0, tzinfo=dt.UTC)
    with session_scope(url) as s:
        assert [o.id for o, _ in svc.visible_offers(s, v["driver"], TODAY)] == [offer_id]                  # day 30
        assert svc.visible_offers(s, v["driver"], TODAY + dt.timedelta(days=1)) == []                  # day 31
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        svc.send_for_approval(s, v["driver"], offer_id, TODAY + dt.timedelta(days=1))
    assert refused.value.code == "offer_expired"


def test_the_dealer_quote_is_checked_before_approval(people):
    url, v = people
    offer_id = _offer(url, v["driver"])
    for name, data, code in (("quote.exe", PDF, "upload_type"), ("quote.png", PDF, "upload_content"), ("quote.pdf", b"", "upload_empty"),
                             ("../quote.pdf", PDF, "upload_path"), ("quote.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "upload_size")):
        with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
            svc.attach_quote(s, v["driver"], offer_id, name, data)
        assert refused.value.code == code, name
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        svc.send_for_approval(s, v["driver"], offer_id, TODAY)
    assert refused.value.code == "quote_missing_quote"
    with session_scope(url) as s:
        quote = svc.attach_quote(s, v["driver"], offer_id, "Offre-concession v2.(final) été.pdf", PDF)
        assert re.fullmatch(r"Offre_concession_v2_final_ete_[0-9a-f]{16}\.pdf", quote.stored_name)
        svc.enter_quote_price(s, v["driver"], offer_id, Decimal("34315.30"))
        assert svc.quote_check(s, s.get(CarOffer, offer_id)) == "mismatch"
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        svc.send_for_approval(s, v["driver"], offer_id, TODAY)
    assert refused.value.code == "quote_mismatch"
    with session_scope(url) as s:
        svc.enter_quote_price(s, v["driver"], offer_id, Decimal("34315.29"))
        path, content_type = svc.quote_file(s, v["fleet"], quote.id)
        assert path.read_bytes() == PDF and content_type == "application/pdf"
    with pytest.raises(NotFound), session_scope(url) as s:
        svc.quote_file(s, v["stranger"], quote.id)


def test_approval_flow_access_control_and_history(people):
    url, v = people
    offer_id = _offer(url, v["driver"])
    with session_scope(url) as s:
        svc.attach_quote(s, v["driver"], offer_id, "quote.pdf", PDF)
        svc.enter_quote_price(s, v["driver"], offer_id, Decimal("34315.29"))
        svc.send_for_approval(s, v["driver"], offer_id, TODAY)
    with pytest.raises(AccessDenied), session_scope(url) as s:
        svc.approve(s, v["driver"], offer_id)
    for who in ("stranger", "colleague"):
        with pytest.raises(NotFound), session_scope(url) as s:
            svc.approve(s, v[who], offer_id) if who == "stranger" else svc.open_offer(s, v[who], offer_id)
        with session_scope(url) as s:
            assert offer_id not in [o.id for o, _ in svc.visible_offers(s, v[who], TODAY)]
    draft_id = _offer(url, v["driver"], "e-208", (), "0")
    with session_scope(url) as s:
        assert [o.id for o, _ in svc.visible_offers(s, v["fleet"], TODAY)] == [offer_id, draft_id]      # waiting for approval first
        assert [o.id for o, _ in svc.visible_offers(s, v["driver"], TODAY)] == [draft_id, offer_id]     # newest first
        svc.approve(s, v["fleet"], offer_id)
    with pytest.raises(LeaseInputError), session_scope(url) as s:
        svc.delete_offer(s, v["driver"], offer_id)
    with session_scope(url) as s:
        assert s.get(CarOffer, offer_id).status == "ordered"
        steps = [(e.action, who) for e, who in svc.history(s, v["driver"], offer_id)]
        assert steps == [("created", "Test d"), ("quote_attached", "Test d"), ("quote_price", "Test d"), ("sent", "Test d"),
                         ("approved", "Test f"), ("ordered", "Test f")]
        assert all(e.at is not None for e in s.exec(select(OfferEvent).where(OfferEvent.offer_id == offer_id)))


def test_rejection_needs_a_reason_and_the_driver_may_delete(people):
    url, v = people
    offer_id = _offer(url, v["driver"], "e-208", (), "0")
    with session_scope(url) as s:
        svc.attach_quote(s, v["driver"], offer_id, "quote.pdf", PDF)
        svc.enter_quote_price(s, v["driver"], offer_id, s.get(CarOffer, offer_id).net_price_excl_vat)
        svc.send_for_approval(s, v["driver"], offer_id, TODAY)
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        svc.reject(s, v["fleet"], offer_id, "  ")
    assert refused.value.field == "reason"
    with session_scope(url) as s:
        svc.reject(s, v["fleet"], offer_id, "Choose a hybrid from the pool list")
        svc.delete_offer(s, v["driver"], offer_id)
        assert svc.visible_offers(s, v["driver"], TODAY) == [] and s.get(CarOffer, offer_id).reject_reason == "Choose a hybrid from the pool list"
        assert s.exec(select(DealerQuote).where(DealerQuote.offer_id == offer_id)).first() is not None
    with pytest.raises(NotFound), session_scope(url) as s:
        svc.open_offer(s, v["fleet"], offer_id)


def test_over_the_cap_the_offer_cannot_be_sent(people):
    url, v = people
    offer_id = _offer(url, v["driver"], "i4 eDrive40", ("comfort_pack",), "0")
    with session_scope(url) as s:
        svc.attach_quote(s, v["driver"], offer_id, "quote.pdf", PDF)
        svc.enter_quote_price(s, v["driver"], offer_id, s.get(CarOffer, offer_id).net_price_excl_vat)
    with pytest.raises(LeaseInputError) as refused, session_scope(url) as s:
        svc.send_for_approval(s, v["driver"], offer_id, TODAY)
    assert refused.value.code == "contribution_above_cap"
