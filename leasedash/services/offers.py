"""Car offers as use cases (seed 000): a driver builds them under their employer's plan, attaches the dealer's
quote, sends one for approval; the fleet manager approves it (then it is ordered) or rejects it with a reason;
every step is recorded with who and when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import case
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import CarOffer, Company, DealerQuote, OfferEvent, User
from leasedash.db.scoping import Viewer, visible_rows
from leasedash.domain import LeaseInputError
from leasedash.domain.car_offer import CatalogueCar, OfferPrice, find_car, price_offer
from leasedash.domain.mobility_plan import MobilityPlan, offer_expired
from leasedash.services.mobility_plans import company_plan
from leasedash.services.uploads import store_private, stored_file
from leasedash.settings import document_dir


def _quote_folder() -> Path:
    return document_dir() / "quotes"


def driver_plan(session: Session, viewer: Viewer) -> MobilityPlan:
    """The plan of the driver's employer (LeaseInputError when it has none yet)."""
    if viewer.role != "driver" or viewer.company_id is None:
        raise AccessDenied("offers are built by a driver of a company")
    plan = company_plan(session, viewer.company_id)
    if plan is None:
        raise LeaseInputError("plan", "your employer has not set a mobility plan yet", code="offer_no_plan")
    return plan


def _priced(session: Session, viewer: Viewer, model: str, options: list[str], dealer_discount: Decimal, months: int,
            annual_km: int) -> tuple[MobilityPlan, CatalogueCar, str, OfferPrice]:
    plan = driver_plan(session, viewer)
    car = find_car(model)
    country = session.get(Company, viewer.company_id).country
    return plan, car, country, price_offer(plan, car, options, dealer_discount, months, annual_km, country)


def preview(session: Session, viewer: Viewer, model: str, options: list[str], dealer_discount: Decimal, months: int, annual_km: int) -> OfferPrice:
    """The offer's figures before it is saved."""
    return _priced(session, viewer, model, options, dealer_discount, months, annual_km)[3]


def _record(session: Session, offer: CarOffer, viewer: Viewer, action: str, reason: str = "") -> None:
    session.add(OfferEvent(offer_id=offer.id, action=action, reason=reason, user_id=viewer.user_id))


def build_offer(session: Session, viewer: Viewer, model: str, options: list[str], dealer_discount: Decimal, months: int, annual_km: int) -> CarOffer:
    """Save an offer with every figure as computed now (a car outside the plan or a choice the plan does not allow is refused)."""
    plan, car, country, price = _priced(session, viewer, model, options, dealer_discount, months, annual_km)
    offer = CarOffer(
        company_id=viewer.company_id, driver_id=viewer.user_id, make=car.make, model=car.model, segment=car.segment, fuel=car.fuel, co2=car.co2,
        country=country, list_price=price.list_price,
        options=[{"code": o, "price": str(car.options[o]), "promotion": str(car.promotions.get(o, Decimal(0)))} for o in sorted(options)],
        options_price=price.options_price, standard_discount=price.standard_discount, promotion=price.promotion, dealer_discount=price.dealer_discount,
        net_price=price.net_price, net_price_excl_vat=price.net_price_excl_vat, months=months, annual_km=annual_km, monthly_rent=price.monthly_rent,
        monthly_budget=plan.monthly_budget, contribution=price.contribution.amount, contribution_refusal=price.contribution.refusal,
    )
    session.add(offer)
    session.flush()
    _record(session, offer, viewer, "created")
    session.flush()
    return offer


def is_expired(offer: CarOffer, today: dt.date) -> bool:
    """An offer not sent for approval is gone after 30 days (000); one sent, ordered or rejected stays on record."""
    return offer.status == "offer" and offer_expired(offer.created_at.date(), today)


def _visible(statement, viewer: Viewer):
    return visible_rows(statement, viewer, CarOffer.company_id, CarOffer.driver_id)


def visible_offers(session: Session, viewer: Viewer, today: dt.date) -> list[tuple[CarOffer, str]]:
    """A driver's own offers, a fleet manager's company's offers (those waiting for approval first), with the driver's
    name, newest first; deleted and expired offers left out."""
    statement = select(CarOffer, User).join(User, User.id == CarOffer.driver_id).where(CarOffer.status != "deleted")
    order = [CarOffer.created_at.desc(), CarOffer.id.desc()]
    if viewer.role != "driver":
        order.insert(0, case((CarOffer.status == "sent", 0), else_=1))
    rows = session.exec(_visible(statement, viewer).order_by(*order))
    return [(o, f"{u.first_name} {u.last_name}") for o, u in rows if not is_expired(o, today)]


def open_offer(session: Session, viewer: Viewer, offer_id: int) -> CarOffer:
    """An offer the viewer may see: their own (driver), their company's (fleet manager), any (admin); NotFound otherwise."""
    offer = session.exec(_visible(select(CarOffer).where(CarOffer.id == offer_id, CarOffer.status != "deleted"), viewer)).first()
    if offer is None:
        raise NotFound(f"offer {offer_id}: no such offer among yours")
    return offer


def _current(offer: CarOffer, expected_version: int | None, statuses: tuple[str, ...]) -> CarOffer:
    if expected_version is not None and offer.version != expected_version:
        raise StaleWrite("this offer was changed since you opened it: reload it; nothing was saved")
    if offer.status not in statuses:
        raise LeaseInputError("status", f"not possible on an offer that is {offer.status}", code="offer_wrong_status")
    return offer


def _own_open(session: Session, viewer: Viewer, offer_id: int, expected_version: int | None, statuses: tuple[str, ...]) -> CarOffer:
    offer = open_offer(session, viewer, offer_id)
    if viewer.role != "driver" or offer.driver_id != viewer.user_id:
        raise AccessDenied("only the driver who built the offer does this")
    return _current(offer, expected_version, statuses)


def quote_checks(session: Session, offers: list[CarOffer]) -> dict[int, str]:
    """Per offer, "ok" when the dealer's quote is attached and its net price excl. VAT equals the offer's to the cent
    (000: "ces deux prix doivent être identiques"); else "missing_quote", "missing_price" or "mismatch". One query for all."""
    ids = [o.id for o in offers]
    quoted = set(session.exec(select(DealerQuote.offer_id).where(DealerQuote.offer_id.in_(ids)))) if ids else set()

    def check(offer: CarOffer) -> str:
        if offer.id not in quoted:
            return "missing_quote"
        if offer.quote_net_excl_vat is None:
            return "missing_price"
        return "ok" if offer.quote_net_excl_vat == offer.net_price_excl_vat else "mismatch"

    return {o.id: check(o) for o in offers}


def quote_check(session: Session, offer: CarOffer) -> str:
    """The dealer-quote check of one offer (quote_checks)."""
    return quote_checks(session, [offer])[offer.id]


def attach_quote(session: Session, viewer: Viewer, offer_id: int, filename: str, data: bytes) -> DealerQuote:
    """The dealer's quote (.pdf, .jpg or .png, checked by content and size, stored privately under a clean name)."""
    offer = _own_open(session, viewer, offer_id, None, ("offer",))
    stored, content_type = store_private(_quote_folder(), filename, data)
    quote = DealerQuote(offer_id=offer.id, stored_name=stored, content_type=content_type, size_bytes=len(data), uploaded_by=viewer.user_id)
    session.add(quote)
    session.flush()
    _record(session, offer, viewer, "quote_attached", stored)
    return quote


def enter_quote_price(session: Session, viewer: Viewer, offer_id: int, amount: Decimal) -> CarOffer:
    """The net price excl. VAT read on the dealer's quote."""
    if not amount.is_finite() or amount <= 0 or amount >= Decimal(10000000):
        raise LeaseInputError("quote_net_excl_vat", "a price above zero, as on the dealer's quote", code="offer_quote_price")
    offer = _own_open(session, viewer, offer_id, None, ("offer",))
    offer.quote_net_excl_vat = amount.quantize(Decimal("0.01"))
    session.add(offer)
    _record(session, offer, viewer, "quote_price", str(offer.quote_net_excl_vat))
    session.flush()
    return offer


def send_for_approval(session: Session, viewer: Viewer, offer_id: int, today: dt.date, expected_version: int | None = None) -> CarOffer:
    """"Approuver" (000): the driver sends the offer to the fleet manager; refused when it has expired, when the plan refuses
    the contribution it needs, or when the dealer's quote is missing or does not match."""
    offer = _own_open(session, viewer, offer_id, expected_version, ("offer",))
    if is_expired(offer, today):
        raise LeaseInputError("offer", "this offer has expired: build it again", code="offer_expired")
    if offer.contribution_refusal:
        raise LeaseInputError("contribution", "the rent is over budget and the plan does not allow the contribution it needs",
                              code=f"contribution_{offer.contribution_refusal}")
    _require_matching_quote(session, offer)
    return _move(session, viewer, offer, "sent", "sent")


def _require_matching_quote(session: Session, offer: CarOffer) -> None:
    check = quote_check(session, offer)
    if check != "ok":
        raise LeaseInputError("dealer_quote", "attach the dealer's quote and enter its net price excl. VAT, equal to the offer's", code=f"quote_{check}")


def _move(session: Session, viewer: Viewer, offer: CarOffer, status: str, *steps: str, reason: str = "") -> CarOffer:
    offer.status = status
    session.add(offer)
    for step in steps:
        _record(session, offer, viewer, step, reason)
    session.flush()
    return offer


def _decidable(session: Session, viewer: Viewer, offer_id: int, expected_version: int | None) -> CarOffer:
    offer = open_offer(session, viewer, offer_id)
    if viewer.role not in ("fleet_manager", "admin"):
        raise AccessDenied("only the fleet manager approves or rejects an offer")
    return _current(offer, expected_version, ("sent",))


def approve(session: Session, viewer: Viewer, offer_id: int, expected_version: int | None = None) -> CarOffer:
    """The fleet manager's last check (000: "effectuera un dernier contrôle et commandera ensuite votre véhicule"): approved, then ordered."""
    offer = _decidable(session, viewer, offer_id, expected_version)
    _require_matching_quote(session, offer)
    return _move(session, viewer, offer, "ordered", "approved", "ordered")


def reject(session: Session, viewer: Viewer, offer_id: int, reason: str, expected_version: int | None = None) -> CarOffer:
    """The fleet manager rejects a sent offer, with the reason the driver reads."""
    reason = (reason or "").strip()
    if not reason:
        raise LeaseInputError("reason", "say why the offer is rejected", code="offer_reason")
    offer = _decidable(session, viewer, offer_id, expected_version)
    offer.reject_reason = reason[:2000]
    return _move(session, viewer, offer, "rejected", "rejected", reason=offer.reject_reason)


def delete_offer(session: Session, viewer: Viewer, offer_id: int) -> CarOffer:
    """"Supprimer" (000): the driver removes an offer not yet ordered; the record and its history stay."""
    offer = _own_open(session, viewer, offer_id, None, ("offer", "sent", "rejected"))
    return _move(session, viewer, offer, "deleted", "deleted")


def history(session: Session, viewer: Viewer, offer_id: int) -> list[tuple[OfferEvent, str]]:
    """Every step of the offer with the name of who took it, oldest first."""
    offer = open_offer(session, viewer, offer_id)
    rows = session.exec(select(OfferEvent, User).join(User, User.id == OfferEvent.user_id).where(OfferEvent.offer_id == offer.id).order_by(OfferEvent.id))
    return [(event, f"{user.first_name} {user.last_name}") for event, user in rows]


def quotes(session: Session, viewer: Viewer, offer_id: int) -> list[DealerQuote]:
    offer = open_offer(session, viewer, offer_id)
    return list(session.exec(select(DealerQuote).where(DealerQuote.offer_id == offer.id).order_by(DealerQuote.id)))


def quote_file(session: Session, viewer: Viewer, quote_id: int) -> tuple[Path, str]:
    """The file and content type of a dealer quote, for who may see its offer (NotFound otherwise)."""
    quote = session.get(DealerQuote, quote_id)
    if quote is None:
        raise NotFound(f"quote {quote_id}: no such quote")
    open_offer(session, viewer, quote.offer_id)
    return stored_file(_quote_folder(), quote.stored_name, f"quote {quote_id}"), quote.content_type
