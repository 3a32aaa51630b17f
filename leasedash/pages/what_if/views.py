"""/what-if: sliders for the mileage, the duration, the month of a change, an early return and the
km at return; the new rent, the settlement and why update live, against the contract as it stands."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from leasedash import routes, styles
from leasedash.components.contract_search import contract_search
from leasedash.components.forms import label_text
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem
from leasedash.components.slider import labelled_slider
from leasedash.pages.what_if.charts import WhatIfChartState
from leasedash.pages.what_if.scenarios import scenarios
from leasedash.pages.what_if.state import WhatIfState
from leasedash.services.what_if import KM_STEP
from leasedash.state import AppState


def _slider(label, readout, value, minimum, maximum, step, handler, slider_id: str) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(label, size="2"), rx.spacer(), rx.text(readout, size="2", weight="bold", id=f"{slider_id}-value"), width="100%"),
        labelled_slider(label=label, default_value=[value], min=minimum, max=maximum, step=step, on_change=handler, id=slider_id,
                  width="100%", key=f"{slider_id}-" + WhatIfState.controls_version.to_string()),
        field_problem(slider_id.replace("-", "_")),
        spacing="2", width="100%",
    )


def _radio(value, on_change, *choices: tuple[str, str, str]) -> rx.Component:
    items = [part for choice, item_id, key in choices
             for part in (rx.radio_group.item(value=choice, id=item_id),
                          label_text(AppState.tr[key], size="2", html_for=item_id))]
    return rx.radio_group.root(rx.hstack(*items, spacing="2", align="center", wrap="wrap"), value=value, on_change=on_change)


def _change_card() -> rx.Component:
    b, c, r = WhatIfState.bounds, WhatIfState.controls, WhatIfState.readouts
    return rx.card(
        rx.vstack(
            rx.hstack(rx.switch(checked=c.change, on_change=WhatIfState.toggle_change, id="change-switch",
                                disabled=~WhatIfState.changes_allowed),
                      label_text(AppState.tr["whatif.change"], weight="medium", html_for="change-switch"),
                      align="center", spacing="2"),
            rx.cond(WhatIfState.forbidden_text != "",
                    rx.callout(WhatIfState.forbidden_text, icon="lock", color_scheme=styles.WARNING, size="1", id="changes-forbidden")),
            rx.cond(c.change, rx.vstack(
                _slider(AppState.tr["whatif.change_month"], r.change_month, c.change_month, WhatIfState.month_min, b.months, 1,
                        WhatIfState.set_change_month, "change-month"),
                _slider(AppState.tr["whatif.new_km"], r.new_km, c.new_km, b.km_min, b.km_max, KM_STEP,
                        WhatIfState.set_new_km, "new-km"),
                _slider(AppState.tr["whatif.new_months"], r.new_months, c.new_months, b.months_min, b.months_max, 1,
                        WhatIfState.set_new_months, "new-months"),
                spacing="4", width="100%")),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _return_card() -> rx.Component:
    b, c, r = WhatIfState.bounds, WhatIfState.controls, WhatIfState.readouts
    return rx.card(
        rx.vstack(
            rx.text(AppState.tr["whatif.return"], weight="medium"),
            _radio(rx.cond(c.early, "early", "term"), WhatIfState.set_return_mode,
                   ("term", "return-term", "whatif.at_term"), ("early", "return-early", "whatif.early")),
            rx.cond(WhatIfState.earliest_text != "", rx.text(WhatIfState.earliest_text, size="1", color_scheme=styles.NEUTRAL)),
            rx.cond(c.early,
                    _slider(AppState.tr["whatif.return_month"], r.return_month, c.return_month, WhatIfState.return_min, b.return_max, 1,
                            WhatIfState.set_return_month, "return-month")),
            rx.text(AppState.tr["whatif.km_at_return"], size="2", weight="medium"),
            _radio(c.km_mode, WhatIfState.set_km_mode, ("driven", "km-driven", "whatif.at_driven_pace"),
                   ("contract", "km-pace", "whatif.at_pace"), ("custom", "km-custom", "whatif.custom_km")),
            rx.cond(c.km_mode == "driven", rx.text(WhatIfState.pace_text, size="1", color_scheme=styles.NEUTRAL, id="whatif-pace")),
            rx.cond(c.km_mode == "custom", rx.vstack(
                _slider(AppState.tr["whatif.km_at_return"], r.return_km, c.return_km, 0, b.return_km_max, 100,
                        WhatIfState.set_return_km, "return-km"),
                rx.input(value=c.return_km.to_string(), on_change=WhatIfState.set_return_km_text.debounce(400), inputmode="numeric",
                         id="return-km-input", width="10rem", aria_label=AppState.tr["whatif.km_at_return"]),
                spacing="2", width="100%")),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _figure(label, body: rx.Component, label_id: str) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="2", color_scheme=styles.NEUTRAL, id=label_id), body, spacing="1"), width="100%")


def _anew_row() -> rx.Component:
    """The month the contract has reached (where the sliders start), or the switch to simulate it as if signed anew."""
    return rx.vstack(
        rx.hstack(rx.switch(checked=WhatIfState.controls.anew, on_change=WhatIfState.toggle_anew, id="anew-switch",
                            aria_label=AppState.tr["whatif.anew"]),
                  rx.text(AppState.tr["whatif.anew"], size="2", weight="medium"), align="center", spacing="2"),
        rx.cond(WhatIfState.floor_text != "", rx.text(WhatIfState.floor_text, size="1", color_scheme=styles.NEUTRAL, id="whatif-floor")),
        spacing="1", width="100%",
    )


def _results() -> rx.Component:
    o = WhatIfState.outcome
    return rx.vstack(
        rx.cond(
            o.problem != "",
            rx.callout(o.problem, icon="triangle-alert", color_scheme=styles.WARNING, id="whatif-error", width="100%"),
            rx.grid(
                _figure(o.rent_label, rx.cond(WhatIfState.controls.early, rx.text(o.rent, size="5", weight="bold", id="whatif-rent"),
                                              rx.text(o.rent, size="7", weight="bold", id="whatif-rent")), "whatif-rent-label"),
                _figure(AppState.tr["whatif.total"], rx.vstack(
                    rx.foreach(o.steps, lambda line: rx.text(line, size="2", class_name="whatif-step")),
                    rx.hstack(rx.badge(o.kind, color_scheme=o.color, size="2", id="whatif-kind"),
                              rx.text(o.settlement, size="7", weight="bold", id="whatif-settlement"), align="center", spacing="2",
                              wrap="wrap"),
                    rx.text(o.whole, size="1", color_scheme=styles.NEUTRAL), spacing="1"), "whatif-total-label"),
                columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%",
            ),
        ),
        rx.cond(o.why != "", rx.card(rx.vstack(rx.text(AppState.tr["whatif.why"], size="2", weight="medium"),
                                               rx.text(o.why, size="2", id="whatif-why"), spacing="1"), width="100%")),
        rx.card(rx.plotly.basic(data=rx.Var.create({"data": WhatIfChartState.chart_current + WhatIfChartState.chart_scenario}).to(go.Figure),
                                layout=WhatIfChartState.chart_layout, use_resize_handler=True, width="100%", id="whatif-chart"), width="100%"),
        spacing="4", width="100%", id="whatif-results",
    )


def _picker() -> rx.Component:
    return rx.box(contract_search(WhatIfState.choose_contract, show_chosen=False), width="100%", max_width="36rem")


@protected_page(routes.WHAT_IF, "leasedash — what-if", on_load=[WhatIfState.load])
def what_if() -> rx.Component:
    """Controls beside the live answer; kept, saved and exported scenarios below."""
    return rx.vstack(
        rx.hstack(
            rx.vstack(rx.heading(AppState.tr["whatif.title"], size="7"),
                      rx.text(AppState.tr["whatif.subtitle"], size="2", color_scheme=styles.NEUTRAL), spacing="1"),
            rx.spacer(),
            _picker(),
            width="100%", align="end", wrap="wrap",
        ),
        rx.cond(
            WhatIfState.opened,
            rx.vstack(
                rx.text(WhatIfState.contract_line, weight="medium", id="whatif-contract-line"),
                _anew_row(),
                rx.grid(rx.vstack(_change_card(), _return_card(), spacing="4", width="100%"), _results(),
                        columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
                scenarios(),
                spacing="4", width="100%",
            ),
            rx.cond(AppState.problem == "", rx.text(AppState.tr["whatif.no_contract"])),
        ),
        spacing="4", width="100%",
    )
