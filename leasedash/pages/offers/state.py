"""The state of /offers: a driver builds car offers under their employer's mobility plan, compares them and sends
one for approval; the fleet manager approves (then it is ordered) or rejects them (seed 000)."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from leasedash.domain.car_offer import CatalogueCar, OfferPrice
from leasedash.domain.money import parse_whole
from leasedash.errors import InvalidInput, NotFound
from leasedash.i18n import format_km, plural
from leasedash.pages.offers import lines
from leasedash.pages.offers.lines import Choice, FigureLine, Line, OfferLine, OpenedOffer, OptionLine, RentSummary, StepLine
from leasedash.services import offer_book as book
from leasedash.services.uploads import max_upload_bytes
from leasedash.state import AppState, guarded


class OffersState(AppState):
    """The plan, the offer being built, the driver's offers (or the company's queue) and the one opened."""

    model: str = ""
    months: str = ""
    km: str = ""
    chosen: list[str] = []
    dealer_discount: str = ""
    ticked: list[int] = []
    quote_price: str = ""
    reject_reason: str = ""
    notice: str = ""
    durations: list[str] = []
    km_bands: list[str] = []
    may_adapt: bool = False
    _catalogue: book.Catalogue | None = None
    _price: OfferPrice | None = None
    _offers: list[book.OfferRow] = []
    _detail: book.OfferDetail | None = None

    @rx.event
    @guarded()
    def load(self):
        """The driver's plan and builder, the offers, and the offer of the address (?offer=)."""
        self.notice = ""
        self._load_offers()
        wanted = self.router.url.query_parameters.get("offer", "")
        if wanted:
            self._open(parse_whole(wanted, "offer", 1))
        if self.viewer().role == "driver":
            self._load_plan()

    def _load_plan(self) -> None:
        self._catalogue = book.driver_catalogue(self.viewer())
        self._price = None
        plan = self._catalogue.plan if self._catalogue else None
        self.may_adapt = bool(plan and plan.driver_may_adapt)
        if plan is None:
            self.durations, self.km_bands = [], []
            return
        self.durations = [str(m) for m in (plan.durations if self.may_adapt else (plan.months,))]
        self.km_bands = [str(k) for k in (plan.annual_km if self.may_adapt else (plan.km,))]
        self.months, self.km = str(plan.months), str(plan.km)
        offered = [car.model for car in self._catalogue.offered]
        if offered and self.model not in offered:
            self._pick(offered[0])
        else:
            self._preview()

    def _load_offers(self) -> None:
        self._offers = book.offer_rows(self.viewer())
        ids = {o.id for o in self._offers}
        self.ticked = [t for t in self.ticked if t in ids]
        if self._detail and self._detail.row.id not in ids:
            self._detail = None

    # building
    def _car(self) -> CatalogueCar | None:
        return next((car for car in self._catalogue.offered if car.model == self.model), None) if self._catalogue else None

    def _pick(self, model: str) -> None:
        self.model, self.chosen = model, []
        self._preview()

    def _choice(self) -> book.OfferChoice:
        return book.OfferChoice(self.model, tuple(self.chosen), self.dealer_discount, int(self.months), int(self.km))

    def _preview(self) -> None:
        self._price = None
        if self._car() is not None:
            self._price = book.price_choice(self.viewer(), self._choice())

    @rx.event
    @guarded("driver")
    def set_model(self, model: str):
        if self._catalogue is None or model not in {car.model for car in self._catalogue.offered}:
            raise InvalidInput("model", "a car your employer's plan offers", code="offer_outside_plan")
        self._pick(model)

    @rx.event
    @guarded("driver")
    def set_months(self, months: str):
        if months not in self.durations:
            raise InvalidInput("months", "a duration your employer's plan allows", code="plan_months_not_allowed")
        self.months = months
        self._preview()

    @rx.event
    @guarded("driver")
    def set_km(self, km: str):
        if km not in self.km_bands:
            raise InvalidInput("annual_km", "a km band your employer's plan allows", code="plan_km_not_allowed")
        self.km = km
        self._preview()

    @rx.event
    @guarded("driver")
    def toggle_option(self, code: str, on: bool):
        car = self._car()
        if car is None or code not in car.options:
            raise InvalidInput("options", f"{str(code)[:40]!r} is not offered with this car", code="offer_unknown_option")
        self.chosen = sorted({*self.chosen, code}) if on else [c for c in self.chosen if c != code]
        self._preview()

    @rx.event
    @guarded("driver")
    def set_dealer_discount(self, value: str):
        self.dealer_discount = str(value)[:40]
        self._preview()

    @rx.event
    @guarded("driver")
    def save(self):
        if self._car() is None:
            raise InvalidInput("model", "a car your employer's plan offers", code="offer_outside_plan")
        offer_id = book.save_choice(self.viewer(), self._choice())
        self._load_offers()
        self._open(offer_id)
        self.notice = "offers.saved"

    # the list, comparing, the opened offer
    @rx.event
    @guarded()
    def tick(self, offer_id: int, on: bool):
        chosen = parse_whole(offer_id, "offer", 1)
        if chosen not in {o.id for o in self._offers}:
            raise NotFound(f"offer {chosen}: not in the list")
        others = [t for t in self.ticked if t != chosen]
        self.ticked = [*others, chosen] if on else others

    def _open(self, offer_id: int) -> None:
        self._detail = None
        self._detail = book.offer_detail(self.viewer(), offer_id)
        price = self._detail.quote_price
        self.quote_price = "" if price is None else f"{price:f}"

    def _opened(self) -> book.OfferDetail:
        if self._detail is None:
            raise NotFound("no offer is open")
        return self._detail

    @rx.event
    @guarded()
    def open_offer(self, offer_id: int):
        self.notice = ""
        self._open(parse_whole(offer_id, "offer", 1))

    def _refresh(self, offer_id: int) -> None:
        """The list and the offer shown again as they are now (the offer only while it is still listed)."""
        self._load_offers()
        if offer_id in {o.id for o in self._offers}:
            self._open(offer_id)

    def _move(self, step: str, notice: str, text: str = "") -> None:
        """One step on the opened offer, as the reader opened it; the list and the offer shown again as they are now, even when refused."""
        detail = self._opened()
        self.notice = ""
        try:
            book.offer_step(self.viewer(), detail.row.id, step, detail.version, text)
            self.notice = notice
        finally:
            self._refresh(detail.row.id)

    @rx.event
    @guarded("driver")
    def set_quote_price(self, value: str):
        self.quote_price = str(value)[:40]

    @rx.event
    @guarded("driver")
    def save_quote_price(self):
        self._move("quote_price", "offers.quote_price_saved", self.quote_price)

    @rx.event
    @guarded("driver")
    async def upload_quote(self, files: list[rx.UploadFile]):
        """The dealer's quote, checked on the server (type by content, size) and stored privately under a clean name."""
        offer_id = self._opened().row.id
        self.notice = ""
        for file in files[:1]:
            book.add_quote(self.viewer(), offer_id, file.name or file.filename or "", await file.read(max_upload_bytes() + 1))
            self.notice = "offers.quote_attached"
        self._open(offer_id)

    @rx.event
    @guarded("driver")
    def send(self):
        self._move("send", "offers.sent")

    @rx.event
    @guarded("driver")
    def delete(self):
        self._move("delete", "offers.deleted")

    @rx.event
    @guarded("fleet_manager", "admin")
    def approve(self):
        self._move("approve", "offers.approved")

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_reject_reason(self, value: str):
        self.reject_reason = str(value)[:2000]

    @rx.event
    @guarded("fleet_manager", "admin")
    def reject(self):
        self._move("reject", "offers.rejected", self.reject_reason)

    # what the page shows (pages/offers/lines.py)
    @rx.var
    def notice_text(self) -> str:
        return self.tr.get(self.notice, "") if self.notice else ""

    @rx.var
    def plan_lines(self) -> list[str]:
        return lines.plan_lines(self._catalogue.plan if self._catalogue else None, self.tr, self.lang)

    @rx.var
    def duration_choices(self) -> list[Choice]:
        return [Choice(m, plural("offers.months", int(m), self.lang)) for m in self.durations]

    @rx.var
    def km_choices(self) -> list[Choice]:
        return [Choice(k, format_km(int(k), self.lang)) for k in self.km_bands]

    @rx.var
    def car_choices(self) -> list[Choice]:
        return lines.car_choices(self._catalogue, self.lang)

    @rx.var
    def not_offered(self) -> list[Line]:
        return lines.not_offered(self._catalogue.not_offered, self._catalogue.plan.co2_cap, self.tr) if self._catalogue else []

    @rx.var
    def option_lines(self) -> list[OptionLine]:
        return lines.option_lines(self._car(), self.chosen, self.tr, self.lang)

    @rx.var
    def figure_lines(self) -> list[FigureLine]:
        return lines.figure_lines(self._price, self.tr, self.lang)

    @rx.var
    def rent(self) -> RentSummary | None:
        return lines.rent_summary(self._price, self._catalogue.plan if self._catalogue else None, self.tr, self.lang)

    @rx.var
    def offer_lines(self) -> list[OfferLine]:
        return lines.offer_lines(self._offers, self.ticked, self.tr, self.lang)

    @rx.var
    def compare_rows(self) -> list[list[str]]:
        return lines.compare_rows([o for o in self._offers if o.id in self.ticked], self.tr, self.lang)

    @rx.var
    def compare_chart(self) -> go.Figure:
        return lines.compare_chart([o for o in self._offers if o.id in self.ticked], self.tr)

    @rx.var
    def opened(self) -> OpenedOffer | None:
        return lines.opened_offer(self._detail, self.user_role, self.tr, self.lang)

    @rx.var
    def detail_lines(self) -> list[Line]:
        return lines.detail_lines(self._detail, self.tr, self.lang)

    @rx.var
    def step_lines(self) -> list[StepLine]:
        return lines.step_lines(self._detail, self.tr, self.lang)

    @rx.var
    def quote_links(self) -> list[Line]:
        return lines.quote_links(self._detail, self.file_link)
