"""Offers of the demo driver, so that a demo of /offers starts with one offer waiting for the fleet manager's
approval (its dealer quote a generated PDF) and one still being considered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fpdf import FPDF
from sqlmodel import Session

from leasedash.db.models import CarOffer, Company, User
from leasedash.services.auth import viewer_of
from leasedash.services.mobility_plans import company_plan
from leasedash.services.offers import attach_quote, build_offer, enter_quote_price, send_for_approval

DEMO_OFFERS = (("ID.3 Pro", ("heat_pump", "winter_pack"), "500", True), ("Kona Electric", (), "0", False))


def dealer_quote_pdf(offer: CarOffer, dealer: str) -> bytes:
    """A one-page dealer quote showing the offer's car and its net price excl. VAT."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, f"{dealer} - quote", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in (f"{offer.make} {offer.model}", "Options: " + (", ".join(o["code"].replace("_", " ") for o in offer.options) or "none"),
                 f"Net price excl. VAT: EUR {offer.net_price_excl_vat:,.2f}"):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def load_demo_offers(session: Session, driver: User) -> None:
    """Build the demo driver's offers under their employer's plan and send the first one for approval."""
    viewer = viewer_of(driver)
    plan = company_plan(session, driver.company_id)
    dealer = f"{session.get(Company, driver.company_id).name} dealer"
    for model, options, discount, send in DEMO_OFFERS:
        offer = build_offer(session, viewer, model, list(options), Decimal(discount), plan.months, plan.km)
        if send:
            attach_quote(session, viewer, offer.id, f"{model} quote.pdf", dealer_quote_pdf(offer, dealer))
            enter_quote_price(session, viewer, offer.id, offer.net_price_excl_vat)
            send_for_approval(session, viewer, offer.id, dt.date.today())
