"""/mobility-plan: the fleet manager sets the company's mobility plan and car policy (seed 000)."""

from __future__ import annotations

from decimal import Decimal

import reflex as rx

from leasedash import routes
from leasedash.components.layout import protected_page
from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.car_offer import car_catalogue
from leasedash.domain.money import parse_decimal
from leasedash.pages.offer_views import refusal
from leasedash.services.mobility_plans import plan_values, save_plan
from leasedash.state import AppState

DURATION_CHOICES = ("12", "24", "36", "48", "60")
KM_CHOICES = ("10000", "15000", "20000", "25000", "30000", "35000", "40000", "50000")
SEGMENT_CHOICES = ("A", "B", "C", "D", "SUV")
FUEL_CHOICES = ("petrol", "diesel", "hybrid", "ev")


class PlanState(AppState):
    """The plan as the form shows it (numbers as typed), its version for the stale-write check."""

    values: dict[str, str] = {}
    durations: list[str] = []
    km_bands: list[str] = []
    makes: list[str] = []
    segments: list[str] = []
    fuels: list[str] = []
    may_adapt: bool = True
    contribution_allowed: bool = False
    version: str = ""
    error: str = ""
    notice: str = ""

    @rx.event
    def load(self):
        viewer = self.viewer("fleet_manager", "admin")
        if viewer is None or viewer.company_id is None:
            return rx.redirect(routes.OFFERS if self.user_role else routes.LOGIN)
        with session_scope() as s:
            values, version = plan_values(s, viewer.company_id)
        self.values = {"budget": str(values["monthly_budget"]), "cap": "" if values["contribution_cap"] is None else str(values["contribution_cap"]),
                       "co2": "" if values["co2_cap"] is None else str(values["co2_cap"]),
                       "discount": str((Decimal(values["standard_discount"]) * 100).normalize()),
                       "default_months": str(values["default_months"]), "default_km": str(values["default_annual_km"])}
        self.durations = [str(m) for m in values["durations"]]
        self.km_bands = [str(k) for k in values["annual_km"]]
        self.makes, self.segments, self.fuels = list(values["makes"]), list(values["segments"]), list(values["fuels"])
        self.may_adapt, self.contribution_allowed = bool(values["driver_may_adapt"]), bool(values["contribution_allowed"])
        self.version = "" if version is None else str(version)
        self.error = self.notice = ""
        return None

    @rx.event
    def set_value(self, name: str, value: str):
        self.values = {**self.values, name: value}

    @rx.event
    def toggle(self, group: str, value: str, on: bool):
        current = getattr(self, group)
        setattr(self, group, sorted({*current, value}, key=_order) if on else [v for v in current if v != value])

    @rx.event
    def set_may_adapt(self, on: bool):
        self.may_adapt = on

    @rx.event
    def set_contribution_allowed(self, on: bool):
        self.contribution_allowed = on

    @rx.event
    def save(self):
        viewer = self.viewer("fleet_manager", "admin")
        if viewer is None or viewer.company_id is None:
            return rx.redirect(routes.LOGIN)
        self.error = self.notice = ""
        v = self.values
        try:
            discount = parse_decimal(v.get("discount") or "0", "standard_discount") / 100
            values = {"monthly_budget": v.get("budget", ""), "durations": self.durations, "annual_km": self.km_bands,
                      "default_months": v.get("default_months", ""), "default_annual_km": v.get("default_km", ""), "driver_may_adapt": self.may_adapt,
                      "contribution_allowed": self.contribution_allowed, "contribution_cap": v.get("cap", ""), "makes": self.makes,
                      "segments": self.segments, "fuels": self.fuels, "co2_cap": v.get("co2", ""), "standard_discount": str(discount)}
            with session_scope() as s:
                record = save_plan(s, viewer, viewer.company_id, values, int(self.version) if self.version else None)
                self.version = str(record.version)
        except (LeaseInputError, AccessDenied, NotFound, StaleWrite) as exc:
            self.error = refusal(exc, "plan.", self.tr)
            return None
        self.notice = self.tr["plan.saved"]
        return None

    @rx.var
    def make_choices(self) -> list[str]:
        return sorted({car.make for car in car_catalogue()})


def _order(value: str):
    return (0, int(value)) if value.isdigit() else (1, value)


def _checks(group: str, choices, label=lambda c: c) -> rx.Component:
    selected = getattr(PlanState, group)
    return rx.flex(*(rx.checkbox(label(c), checked=selected.contains(c), on_change=lambda on, c=c: PlanState.toggle(group, c, on), id=f"plan-{group}-{c}")
                     for c in choices), spacing="4", wrap="wrap")


def _field(label_key: str, name: str, placeholder: str = "", width: str = "10rem") -> rx.Component:
    return rx.vstack(rx.text(AppState.tr[label_key], size="2", weight="medium"),
                     rx.input(value=PlanState.values[name], on_change=lambda v: PlanState.set_value(name, v), placeholder=placeholder, width=width,
                              id=f"plan-{name}"), spacing="1")


@protected_page(routes.MOBILITY_PLAN, "leasedash — mobility plan", on_load=[PlanState.load])
def mobility_plan() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["plan.title"], size="7"), rx.spacer(),
                  rx.link(rx.button(rx.icon("car", size=16), AppState.tr["offers.title"], variant="soft"), href=routes.OFFERS), width="100%", align="center"),
        rx.text(AppState.tr["plan.help"], size="2", color_scheme="gray"),
        rx.cond(PlanState.notice != "", rx.callout(PlanState.notice, icon="check", color_scheme="green", width="100%", id="plan-notice")),
        rx.cond(PlanState.error != "", rx.callout(PlanState.error, icon="triangle-alert", color_scheme="red", width="100%", id="plan-error")),
        rx.card(rx.vstack(
            rx.heading(AppState.tr["plan.budget_and_terms"], size="4"),
            rx.hstack(_field("plan.monthly_budget", "budget", "650"), _field("plan.standard_discount", "discount", "5"), spacing="4", wrap="wrap"),
            rx.text(AppState.tr["plan.durations"], size="2", weight="medium"), _checks("durations", DURATION_CHOICES, lambda c: f"{c}"),
            rx.text(AppState.tr["plan.annual_km"], size="2", weight="medium"), _checks("km_bands", KM_CHOICES, lambda c: f"{int(c):,} km".replace(",", " ")),
            rx.hstack(_field("plan.default", "default_months", "48"), _field("plan.default_km", "default_km", "20000"), spacing="4", wrap="wrap"),
            rx.checkbox(AppState.tr["plan.may_adapt"], checked=PlanState.may_adapt, on_change=PlanState.set_may_adapt, id="plan-may-adapt"),
            spacing="3", width="100%"), width="100%"),
        rx.card(rx.vstack(
            rx.heading(AppState.tr["plan.contribution"], size="4"),
            rx.checkbox(AppState.tr["plan.contribution_allowed"], checked=PlanState.contribution_allowed, on_change=PlanState.set_contribution_allowed,
                        id="plan-contribution-allowed"),
            _field("plan.contribution_cap", "cap", "3000"),
            spacing="3", width="100%"), width="100%"),
        rx.card(rx.vstack(
            rx.heading(AppState.tr["plan.car_policy"], size="4"),
            rx.text(AppState.tr["plan.makes"], size="2", weight="medium"), rx.text(AppState.tr["plan.empty_means_all"], size="1", color_scheme="gray"),
            rx.flex(rx.foreach(PlanState.make_choices, lambda m: rx.checkbox(m, checked=PlanState.makes.contains(m),
                                                                           on_change=lambda on: PlanState.toggle("makes", m, on))), spacing="4", wrap="wrap"),
            rx.text(AppState.tr["plan.segments"], size="2", weight="medium"), _checks("segments", SEGMENT_CHOICES),
            rx.text(AppState.tr["plan.fuels"], size="2", weight="medium"),
            rx.flex(*(rx.checkbox(AppState.tr[f"fuel.{f}"], checked=PlanState.fuels.contains(f), on_change=lambda on, f=f: PlanState.toggle("fuels", f, on),
                                  id=f"plan-fuels-{f}") for f in FUEL_CHOICES), spacing="4", wrap="wrap"),
            _field("plan.co2_cap", "co2", "50"),
            spacing="3", width="100%"), width="100%"),
        rx.button(rx.icon("save", size=16), AppState.tr["plan.save"], on_click=PlanState.save, id="save-plan", size="3"),
        spacing="4", width="100%",
    )
