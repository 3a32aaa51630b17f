"""The car offers as the /offers page reads and moves them (seed 000): each call one transaction, its answer a
dataclass; the rules are those of services/offers.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from leasedash.db.models import CarOffer, User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.car_offer import CatalogueCar, OfferPrice, car_catalogue, why_not_offered
from leasedash.domain.mobility_plan import MobilityPlan, offer_expires_on
from leasedash.domain.money import parse_amount
from leasedash.services.mobility_plans import company_plan
from leasedash.services.offers import (
    approve,
    attach_quote,
    build_offer,
    delete_offer,
    enter_quote_price,
    history,
    open_offer,
    preview,
    quote_check,
    quote_checks,
    quotes,
    reject,
    send_for_approval,
    visible_offers,
)


@dataclass(frozen=True)
class Catalogue:
    """The driver's plan, the models it offers, and each model it does not offer with why (why_not_offered)."""

    plan: MobilityPlan
    offered: tuple[CatalogueCar, ...]
    not_offered: tuple[tuple[CatalogueCar, tuple[str, ...]], ...]


@dataclass(frozen=True)
class OfferChoice:
    """What the driver picked in the builder; the dealer discount as typed."""

    model: str
    options: tuple[str, ...]
    dealer_discount: str
    months: int
    annual_km: int


@dataclass(frozen=True)
class OfferRow:
    """An offer of the list: the figures it was built with, its status, when it expires, its dealer-quote check."""

    id: int
    car: str
    driver: str
    months: int
    annual_km: int
    monthly_rent: Decimal
    monthly_budget: Decimal
    contribution: Decimal
    refusal: str
    status: str
    expires: dt.date
    net_excl_vat: Decimal
    quote: str


@dataclass(frozen=True)
class OfferStep:
    action: str
    who: str
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class QuoteFile:
    id: int
    name: str


@dataclass(frozen=True)
class OfferDetail:
    """The offer opened: every figure as stored, the dealer's price, whose it is, its version, its history and quotes."""

    row: OfferRow
    list_price: Decimal
    options_price: Decimal
    standard_discount: Decimal
    promotion: Decimal
    dealer_discount: Decimal
    net_price: Decimal
    quote_price: Decimal | None
    reject_reason: str
    mine: bool
    version: int
    option_codes: tuple[str, ...]
    steps: tuple[OfferStep, ...]
    quotes: tuple[QuoteFile, ...]


def _row(offer: CarOffer, driver: str, quote: str) -> OfferRow:
    return OfferRow(offer.id, f"{offer.make} {offer.model}", driver, offer.months, offer.annual_km, offer.monthly_rent, offer.monthly_budget,
                    offer.contribution, offer.contribution_refusal or "", offer.status, offer_expires_on(offer.created_at.date()),
                    offer.net_price_excl_vat, quote)


def driver_catalogue(viewer: Viewer) -> Catalogue | None:
    """The plan of the driver's employer and the catalogue under it; None while the employer has set no plan."""
    with session_scope() as s:
        plan = company_plan(s, viewer.company_id) if viewer.company_id else None
    if plan is None:
        return None
    verdicts = [(car, tuple(why_not_offered(plan, car))) for car in car_catalogue()]
    return Catalogue(plan, tuple(car for car, why in verdicts if not why), tuple((car, why) for car, why in verdicts if why))


def _amount(text: str, field: str, code: str) -> Decimal:
    """An amount as typed; a refusal worded by `code`."""
    try:
        return parse_amount(text or "0", field)
    except LeaseInputError as exc:
        raise LeaseInputError(field, exc.reason, code=code) from None


def price_choice(viewer: Viewer, choice: OfferChoice) -> OfferPrice:
    """The figures of the offer being built, live."""
    discount = _amount(choice.dealer_discount, "dealer_discount", "offer_dealer_discount")
    with session_scope() as s:
        return preview(s, viewer, choice.model, list(choice.options), discount, choice.months, choice.annual_km)


def save_choice(viewer: Viewer, choice: OfferChoice) -> int:
    """Save the offer being built; its id."""
    discount = _amount(choice.dealer_discount, "dealer_discount", "offer_dealer_discount")
    with session_scope() as s:
        return build_offer(s, viewer, choice.model, list(choice.options), discount, choice.months, choice.annual_km).id


def offer_rows(viewer: Viewer, today: dt.date | None = None) -> list[OfferRow]:
    """The offers the viewer sees (visible_offers), each with its dealer-quote check."""
    with session_scope() as s:
        rows = visible_offers(s, viewer, today or dt.date.today())
        checks = quote_checks(s, [o for o, _ in rows])
        return [_row(o, driver, checks[o.id]) for o, driver in rows]


def offer_detail(viewer: Viewer, offer_id: int) -> OfferDetail:
    """One offer the viewer may see, with its history and quotes (NotFound otherwise)."""
    with session_scope() as s:
        o = open_offer(s, viewer, offer_id)
        driver = s.get(User, o.driver_id)
        return OfferDetail(
            _row(o, f"{driver.first_name} {driver.last_name}", quote_check(s, o)), o.list_price, o.options_price, o.standard_discount, o.promotion,
            o.dealer_discount, o.net_price, o.quote_net_excl_vat, o.reject_reason, o.driver_id == viewer.user_id, o.version,
            tuple(opt["code"] for opt in o.options), tuple(OfferStep(e.action, who, e.at, e.reason) for e, who in history(s, viewer, o.id)),
            tuple(QuoteFile(q.id, q.stored_name) for q in quotes(s, viewer, o.id)))


def offer_step(viewer: Viewer, offer_id: int, step: str, version: int, text: str = "") -> None:
    """A step on the offer as the viewer opened it (`version`): the driver's "quote_price" (`text`: the net price excl. VAT
    read on the dealer's quote), "send" or "delete"; the fleet manager's "approve" or "reject" (`text`: the reason)."""
    with session_scope() as s:
        if step == "quote_price":
            enter_quote_price(s, viewer, offer_id, _amount(text, "quote_net_excl_vat", "offer_quote_price"))
        elif step == "send":
            send_for_approval(s, viewer, offer_id, dt.date.today(), version)
        elif step == "delete":
            delete_offer(s, viewer, offer_id)
        elif step == "approve":
            approve(s, viewer, offer_id, version)
        elif step == "reject":
            reject(s, viewer, offer_id, text, version)
        else:
            raise LeaseInputError("status", f"no step {step!r} on an offer", code="offer_wrong_status")


def add_quote(viewer: Viewer, offer_id: int, filename: str, data: bytes) -> None:
    """Attach the dealer's quote to the driver's offer."""
    with session_scope() as s:
        attach_quote(s, viewer, offer_id, filename, data)
