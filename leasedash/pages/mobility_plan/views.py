"""/mobility-plan: the form of the company's mobility plan and car policy; pure functions from the state's vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.forms import label_text
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem
from leasedash.pages.mobility_plan.state import DURATION_CHOICES, FUEL_CHOICES, KM_CHOICES, SEGMENT_CHOICES, PlanState, make_choices
from leasedash.state import AppState


def _label(key: str, control_id: str = "") -> rx.Component:
    """A field's label, tied to its control when it has one id (a group of checkboxes has none)."""
    if control_id:
        return label_text(AppState.tr[key], size="2", weight="medium", html_for=control_id)
    return rx.text(AppState.tr[key], size="2", weight="medium")


def _checks(group: str, choices, label=lambda c: c) -> rx.Component:
    selected = getattr(PlanState, group)
    return rx.flex(*(rx.checkbox(label(c), checked=selected.contains(c), on_change=lambda on, c=c: PlanState.toggle(group, c, on), id=f"plan-{group}-{c}")
                     for c in choices), spacing="4", wrap="wrap")


def _field(label_key: str, name: str, field: str, placeholder: str = "", width: str = "10rem") -> rx.Component:
    return rx.vstack(_label(label_key, f"plan-{name}"),
                     rx.input(value=PlanState.values[name], on_change=lambda v: PlanState.set_value(name, v), placeholder=placeholder, width=width,
                              id=f"plan-{name}"),
                     field_problem(field), spacing="1")


@protected_page(routes.MOBILITY_PLAN, "leasedash — mobility plan", on_load=[PlanState.load])
def mobility_plan() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["plan.title"], size="7"), rx.spacer(),
                  rx.link(rx.button(rx.icon("car", size=16), AppState.tr["offers.title"], variant="soft"), href=routes.OFFERS), width="100%", align="center"),
        rx.text(AppState.tr["plan.help"], size="2", color_scheme=styles.NEUTRAL),
        rx.cond(PlanState.saved, rx.callout(AppState.tr["plan.saved"], icon="check", color_scheme=styles.REFUND, width="100%", id="plan-notice")),
        rx.card(rx.vstack(
            rx.heading(AppState.tr["plan.budget_and_terms"], size="4", as_="h2"),
            rx.hstack(_field("plan.monthly_budget", "budget", "monthly_budget", "650"), _field("plan.standard_discount", "discount", "standard_discount", "5"),
                      spacing="4", wrap="wrap"),
            _label("plan.durations"), _checks("durations", DURATION_CHOICES), field_problem("durations"),
            _label("plan.annual_km"), _checks("km_bands", KM_CHOICES, lambda c: f"{int(c):,} km".replace(",", " ")), field_problem("annual_km"),
            rx.hstack(_field("plan.default", "default_months", "default_months", "48"), _field("plan.default_km", "default_km", "default_annual_km", "20000"),
                      spacing="4", wrap="wrap"),
            field_problem("default"),
            rx.checkbox(AppState.tr["plan.may_adapt"], checked=PlanState.may_adapt, on_change=PlanState.set_may_adapt, id="plan-may-adapt"),
            spacing="3", width="100%"), width="100%"),
        rx.card(rx.vstack(
            rx.heading(AppState.tr["plan.contribution"], size="4", as_="h2"),
            rx.checkbox(AppState.tr["plan.contribution_allowed"], checked=PlanState.contribution_allowed, on_change=PlanState.set_contribution_allowed,
                        id="plan-contribution-allowed"),
            _field("plan.contribution_cap", "cap", "contribution_cap", "3000"),
            spacing="3", width="100%"), width="100%"),
        rx.card(rx.vstack(
            rx.heading(AppState.tr["plan.car_policy"], size="4", as_="h2"),
            _label("plan.makes"), rx.text(AppState.tr["plan.empty_means_all"], size="1", color_scheme=styles.NEUTRAL),
            _checks("makes", make_choices()),
            _label("plan.segments"), _checks("segments", SEGMENT_CHOICES),
            _label("plan.fuels"),
            rx.flex(*(rx.checkbox(AppState.tr[f"fuel.{f}"], checked=PlanState.fuels.contains(f), on_change=lambda on, f=f: PlanState.toggle("fuels", f, on),
                                  id=f"plan-fuels-{f}") for f in FUEL_CHOICES), spacing="4", wrap="wrap"),
            _field("plan.co2_cap", "co2", "co2_cap", "50"),
            spacing="3", width="100%"), width="100%"),
        rx.button(rx.icon("save", size=16), AppState.tr["plan.save"], on_click=PlanState.save, id="save-plan", size="3"),
        spacing="4", width="100%",
    )
