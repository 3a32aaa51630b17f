"""/offers: a driver builds car offers under their employer's mobility plan, compares them and sends one for
approval; the fleet manager approves (then it is ordered) or rejects them (seed 000)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import plotly.graph_objects as go
import reflex as rx

from leasedash import routes
from leasedash.components.layout import protected_page
from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.car_offer import car_catalogue, find_car, option_kind, why_not_offered
from leasedash.domain.mobility_plan import offer_expires_on
from leasedash.domain.money import parse_amount
from leasedash.i18n import format_km
from leasedash.pages import offer_views as views
from leasedash.pages.offer_panels import builder, compare_panel, detail_panel, offers_table, plan_summary
from leasedash.services import offers as svc
from leasedash.services.mobility_plans import company_plan
from leasedash.services.uploads import max_upload_bytes
from leasedash.state import AppState

REFUSALS = (LeaseInputError, AccessDenied, NotFound, StaleWrite)


class OffersState(AppState):
    """The plan, the offer being built, the driver's offers (or the company's queue) and the one opened."""

    plan: dict[str, str] = {}
    durations: list[str] = []
    km_bands: list[str] = []
    allowed: list[dict[str, str]] = []
    excluded: list[dict[str, str]] = []
    model: str = ""
    months: str = ""
    km: str = ""
    chosen: list[str] = []
    available: list[dict[str, str]] = []
    dealer_discount: str = ""
    figures: dict[str, str] = {}
    error: str = ""
    notice: str = ""
    offers: list[dict[str, str]] = []
    ticked: list[str] = []
    opened: str = ""
    detail: dict[str, str] = {}
    steps: list[dict[str, str]] = []
    quote_files: list[dict[str, str]] = []
    quote_price: str = ""
    reject_reason: str = ""

    def _refuse(self, exc: Exception) -> None:
        self.error = views.refusal(exc, "offers.field.", self.tr)

    @rx.event
    def load(self):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.error = self.notice = ""
        if viewer.role == "driver":
            self._load_plan(viewer)
        self._load_offers(viewer)
        wanted = self.router.url.query_parameters.get("offer", "")
        if wanted:
            self._open(wanted)
        return None

    def _load_plan(self, viewer) -> None:
        with session_scope() as s:
            plan = company_plan(s, viewer.company_id) if viewer.company_id else None
        if plan is None:
            self.plan = {}
            return
        self.plan = {"budget": str(plan.monthly_budget), "durations": ", ".join(map(str, plan.durations)), "may_adapt": "1" if plan.driver_may_adapt else "",
                     "contribution": "1" if plan.contribution_allowed else "", "cap": str(plan.contribution_cap or ""),
                     "makes": ", ".join(plan.makes), "segments": ", ".join(plan.segments), "fuels": ",".join(plan.fuels),
                     "co2": "" if plan.co2_cap is None else str(plan.co2_cap), "discount": str(plan.standard_discount * 100),
                     "km": ",".join(map(str, plan.annual_km))}
        self.durations = [str(m) for m in plan.durations] if plan.driver_may_adapt else [str(plan.months)]
        self.km_bands = [str(k) for k in plan.annual_km] if plan.driver_may_adapt else [str(plan.km)]
        self.months, self.km = str(plan.months), str(plan.km)
        self.allowed, self.excluded = [], []
        for car in car_catalogue():
            reasons = why_not_offered(plan, car)
            label = f"{car.make} {car.model}"
            if reasons:
                self.excluded.append({"label": label, "reasons": ",".join(reasons), "co2": str(car.co2), "fuel": car.fuel, "segment": car.segment})
            else:
                self.allowed.append({"model": car.model, "label": label, "price": str(car.price), "fuel": car.fuel, "co2": str(car.co2)})
        if self.allowed and self.model not in [c["model"] for c in self.allowed]:
            self._pick(self.allowed[0]["model"])
        else:
            self._preview()

    def _load_offers(self, viewer) -> None:
        today = dt.date.today()
        with session_scope() as s:
            rows = svc.visible_offers(s, viewer, today)
            checks = svc.quote_checks(s, [o for o, _ in rows])
            self.offers = [{"id": str(o.id), "car": f"{o.make} {o.model}", "months": str(o.months), "km": str(o.annual_km), "rent": str(o.monthly_rent),
                            "budget": str(o.monthly_budget), "contribution": str(o.contribution), "refusal": o.contribution_refusal or "",
                            "status": o.status, "created": o.created_at.date().isoformat(), "expires": offer_expires_on(o.created_at.date()).isoformat(),
                            "net_excl": str(o.net_price_excl_vat), "quote": checks[o.id], "driver": driver}
                           for o, driver in rows]
        ids = {o["id"] for o in self.offers}
        self.ticked = [t for t in self.ticked if t in ids]
        if self.opened and self.opened not in ids:
            self.opened, self.detail = "", {}

    # building
    def _pick(self, model: str) -> None:
        car = find_car(model)
        self.model = model
        self.available = [{"code": code, "kind": option_kind(code), "price": str(price), "promotion": str(car.promotions.get(code, ""))}
                          for code, price in car.options.items()]
        self.chosen = []
        self._preview()

    def _preview(self) -> None:
        viewer = self.viewer("driver")
        self.figures, self.error = {}, ""
        if viewer is None or not self.model or not self.plan:
            return
        try:
            discount = parse_amount(self.dealer_discount or "0", "dealer_discount")
            with session_scope() as s:
                p = svc.preview(s, viewer, self.model, self.chosen, discount, int(self.months), int(self.km))
        except REFUSALS as exc:
            self._refuse(exc)
            return
        model_promotion = find_car(self.model).promotions.get("model", Decimal(0))
        self.figures = {"list": str(p.list_price), "options": str(p.options_price), "standard": str(p.standard_discount), "promotion": str(p.promotion),
                        "model_promotion": str(model_promotion) if model_promotion else "",
                        "dealer": str(p.dealer_discount), "net": str(p.net_price), "net_excl": str(p.net_price_excl_vat), "rent": str(p.monthly_rent),
                        "budget": self.plan["budget"], "over": str(p.contribution.over_budget), "contribution": str(p.contribution.amount),
                        "factor": f"{p.contribution.factor:.6f}", "refusal": p.contribution.refusal or "", "after": str(p.rent_after_contribution),
                        "total": str(p.total_cost.quantize(Decimal('0.01')))}

    @rx.event
    def set_model(self, model: str):
        if model in [c["model"] for c in self.allowed]:
            self._pick(model)

    @rx.event
    def set_months(self, months: str):
        self.months = months
        self._preview()

    @rx.event
    def set_km(self, km: str):
        self.km = km
        self._preview()

    @rx.event
    def toggle_option(self, code: str, on: bool):
        self.chosen = sorted({*self.chosen, code}) if on else [c for c in self.chosen if c != code]
        self._preview()

    @rx.event
    def set_dealer_discount(self, value: str):
        self.dealer_discount = value
        self._preview()

    @rx.event
    def save(self):
        viewer = self.viewer("driver")
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            discount = parse_amount(self.dealer_discount or "0", "dealer_discount")
            with session_scope() as s:
                offer = svc.build_offer(s, viewer, self.model, self.chosen, discount, int(self.months), int(self.km))
                offer_id = str(offer.id)
        except REFUSALS as exc:
            self._refuse(exc)
            return None
        self._load_offers(viewer)
        self._open(offer_id)
        self.notice = self.tr["offers.saved"]
        return None

    # the list, comparing, the opened offer
    @rx.event
    def tick(self, offer_id: str, on: bool):
        others = [t for t in self.ticked if t != offer_id]
        self.ticked = [*others, offer_id] if on else others

    def _open(self, offer_id: str) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        try:
            with session_scope() as s:
                o = svc.open_offer(s, viewer, int(offer_id))
                self.detail = {"id": str(o.id), "car": f"{o.make} {o.model}", "status": o.status, "months": str(o.months), "km": str(o.annual_km),
                               "list": str(o.list_price), "options": str(o.options_price), "standard": str(o.standard_discount), "promotion": str(o.promotion),
                               "dealer": str(o.dealer_discount), "net": str(o.net_price), "net_excl": str(o.net_price_excl_vat), "rent": str(o.monthly_rent),
                               "budget": str(o.monthly_budget), "contribution": str(o.contribution), "refusal": o.contribution_refusal or "",
                               "quote_price": "" if o.quote_net_excl_vat is None else str(o.quote_net_excl_vat), "quote": svc.quote_check(s, o),
                               "reason": o.reject_reason, "mine": "1" if o.driver_id == viewer.user_id else "", "version": str(o.version),
                               "option_codes": ",".join(opt["code"] for opt in o.options)}
                self.steps = [{"action": e.action, "who": who, "at": e.at.isoformat(), "reason": e.reason} for e, who in svc.history(s, viewer, o.id)]
                self.quote_files = [{"id": str(q.id), "name": q.stored_name} for q in svc.quotes(s, viewer, o.id)]
        except REFUSALS as exc:
            self._refuse(exc)
            return
        self.opened = offer_id
        self.quote_price = self.detail["quote_price"]

    @rx.event
    def open_offer(self, offer_id: str):
        self.error = self.notice = ""
        self._open(offer_id)

    def _act(self, action, done_key: str):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.error = self.notice = ""
        try:
            with session_scope() as s:
                action(s, viewer)
        except REFUSALS as exc:
            self._refuse(exc)
        else:
            self.notice = self.tr[done_key]
        opened = self.opened
        self._load_offers(viewer)
        if opened and opened in {o["id"] for o in self.offers}:
            self._open(opened)
        return None

    @rx.event
    def set_quote_price(self, value: str):
        self.quote_price = value

    @rx.event
    def save_quote_price(self):
        try:
            amount = parse_amount(self.quote_price, "quote_net_excl_vat")
        except LeaseInputError as exc:
            self._refuse(exc)
            return None
        return self._act(lambda s, v: svc.enter_quote_price(s, v, int(self.opened), amount), "offers.quote_price_saved")

    @rx.event
    async def upload_quote(self, files: list[rx.UploadFile]):
        """The dealer's quote, checked on the server (type by content, size) and stored privately under a clean name."""
        viewer = self.viewer("driver")
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.error = self.notice = ""
        for file in files[:1]:
            data = await file.read(max_upload_bytes() + 1)
            try:
                with session_scope() as s:
                    svc.attach_quote(s, viewer, int(self.opened or 0), file.name or file.filename or "", data)
                self.notice = self.tr["offers.quote_attached"]
            except REFUSALS as exc:
                self._refuse(exc)
        self._open(self.opened)
        return None

    @rx.event
    def send(self):
        return self._act(lambda s, v: svc.send_for_approval(s, v, int(self.opened), dt.date.today(), int(self.detail["version"])), "offers.sent")

    @rx.event
    def delete(self):
        return self._act(lambda s, v: svc.delete_offer(s, v, int(self.opened)), "offers.deleted")

    @rx.event
    def approve(self):
        return self._act(lambda s, v: svc.approve(s, v, int(self.opened), int(self.detail["version"])), "offers.approved")

    @rx.event
    def set_reject_reason(self, value: str):
        self.reject_reason = value

    @rx.event
    def reject(self):
        return self._act(lambda s, v: svc.reject(s, v, int(self.opened), self.reject_reason, int(self.detail["version"])), "offers.rejected")

    # views in the reader's language (pages/offer_views.py)
    @rx.var
    def plan_lines(self) -> list[str]:
        return views.plan_lines(self.plan, self.tr, self.lang)

    @rx.var
    def car_choices(self) -> list[dict[str, str]]:
        return [{"model": c["model"], "label": f"{c['label']} · {views.money(c['price'], self.lang)}"} for c in self.allowed]

    @rx.var
    def not_offered(self) -> list[dict[str, str]]:
        return views.not_offered(self.excluded, self.plan.get("co2", ""), self.tr)

    @rx.var
    def km_choices(self) -> list[dict[str, str]]:
        return [{"value": k, "label": format_km(int(k), self.lang)} for k in self.km_bands]

    @rx.var
    def option_rows(self) -> list[dict[str, str]]:
        return views.option_rows(self.available, self.chosen, self.tr, self.lang)

    @rx.var
    def figure_lines(self) -> list[dict[str, str]]:
        return views.figure_lines(self.figures, self.tr, self.lang)

    @rx.var
    def rent_text(self) -> dict[str, str]:
        return views.rent_text(self.figures, self.months, self.plan.get("cap", ""), self.tr, self.lang)

    @rx.var
    def offer_rows(self) -> list[dict[str, str]]:
        return views.offer_rows(self.offers, self.ticked, self.tr, self.lang)

    @rx.var
    def compare_rows(self) -> list[list[str]]:
        return views.compare_rows([o for o in self.offers if o["id"] in self.ticked], self.tr, self.lang)

    @rx.var
    def compare_chart(self) -> go.Figure:
        return views.compare_chart([o for o in self.offers if o["id"] in self.ticked], self.tr)

    @rx.var
    def detail_lines(self) -> list[dict[str, str]]:
        return views.detail_lines(self.detail, self.tr, self.lang)

    @rx.var
    def quote_state(self) -> dict[str, str]:
        return views.quote_state(self.detail, self.tr, self.lang)

    @rx.var
    def step_rows(self) -> list[dict[str, str]]:
        return views.step_rows(self.steps, self.tr, self.lang)

    @rx.var
    def quote_links(self) -> list[dict[str, str]]:
        return [{"name": q["name"], "url": f"/api/v1/quotes/{q['id']}"} for q in self.quote_files]


@protected_page(routes.OFFERS, "leasedash — car offers", on_load=[OffersState.load])
def offers() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["offers.title"], size="7"), rx.spacer(),
                  rx.cond(AppState.user_role == "fleet_manager",
                          rx.link(rx.button(rx.icon("settings-2", size=16), AppState.tr["plan.title"], variant="soft"), href=routes.MOBILITY_PLAN)),
                  width="100%", align="center", wrap="wrap"),
        rx.text(rx.cond(AppState.is_manager, AppState.tr["offers.help_manager"], AppState.tr["offers.help"]), size="2", color_scheme="gray"),
        rx.cond(OffersState.notice != "", rx.callout(OffersState.notice, icon="check", color_scheme="green", width="100%", id="offers-notice")),
        rx.cond(OffersState.error != "", rx.callout(OffersState.error, icon="triangle-alert", color_scheme="red", width="100%", id="offers-error")),
        rx.cond(AppState.user_role == "driver",
                rx.cond(OffersState.plan_lines.length() > 0, rx.vstack(plan_summary(OffersState), builder(OffersState), spacing="4", width="100%"),
                        rx.callout(AppState.tr["offers.no_plan"], icon="info", width="100%"))),
        offers_table(OffersState),
        compare_panel(OffersState),
        detail_panel(OffersState),
        spacing="4", width="100%",
    )
