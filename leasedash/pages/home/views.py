"""/: a driver's contract at a glance; for a fleet manager or an admin, the contracts they manage."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.cards import kpi_card
from leasedash.components.forms import hinted_input
from leasedash.components.layout import protected_page
from leasedash.pages.home.log_state import OdometerState
from leasedash.pages.home.log_views import odometer_log_card
from leasedash.pages.home.notices import NoticeState, notices_card
from leasedash.pages.home.state import HomeState
from leasedash.state import AppState


def _picker() -> rx.Component:
    return rx.cond(
        HomeState.contract_options.length() > 1,
        rx.select.root(rx.select.trigger(aria_label=AppState.tr["common.contract"]), rx.select.content(rx.foreach(HomeState.contract_options,
                       lambda o: rx.select.item(o["label"], value=o["id"]))),
                       value=HomeState.selected, on_change=OdometerState.choose),
    )


def _projection() -> rx.Component:
    g = HomeState.glance
    return rx.vstack(
        rx.grid(
            kpi_card("receipt-euro", AppState.tr["home.rent"], g.rent, "", card_id="kpi-rent"),
            kpi_card("calendar-clock", g.months, g.months_left, "", progress=g.months_pct, card_id="kpi-months"),
            kpi_card("gauge", AppState.tr["home.km"], g.km, g.km_detail, card_id="kpi-km"),
            kpi_card("trending-up", AppState.tr["home.pace"], g.pace, g.pace_detail, card_id="kpi-pace"),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"), spacing="4", width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.text(AppState.tr["home.end_settlement"], size="2", color_scheme=styles.NEUTRAL),
                rx.text(g.settlement, size="6", weight="bold", color=rx.color(g.settlement_color, 11), id="end-settlement"),
                rx.text(g.explanation, size="2"),
                rx.text(g.plan_text, size="2", weight="medium"),
                spacing="2",
            ),
            width="100%",
        ),
        rx.cond(g.suggestion != "",
                rx.callout(g.suggestion, icon="lightbulb", color_scheme=styles.WARNING, id="suggestion", width="100%")),
        spacing="4", width="100%",
    )


def driver_view() -> rx.Component:
    """The driver's contract: rent, months, km, pace, the settlement expected at the end and what to do."""
    g = HomeState.glance
    return rx.vstack(
        rx.hstack(
            rx.vstack(rx.heading(AppState.tr["home.your_contract"], size="7"), rx.text(g.title, weight="medium"),
                      rx.text(g.car, color_scheme=styles.NEUTRAL, size="2"), spacing="1"),
            rx.spacer(),
            _picker(),
            width="100%", align="end", wrap="wrap",
        ),
        rx.cond(g.status != "", rx.callout(g.status, icon="info")),
        rx.cond(g.has_projection, _projection(), rx.callout(AppState.tr["home.no_reading"], icon="info")),
        odometer_log_card(),
        rx.hstack(
            rx.link(rx.button(rx.icon("sliders-horizontal", size=16), AppState.tr["home.simulate"], size="3"), href=g.what_if,
                    id="simulate-change"),
            rx.link(rx.button(rx.icon("grid-3x3", size=16), AppState.tr["home.see_grid"], size="3", variant="soft"), href=g.grid),
            rx.link(rx.button(rx.icon("flag", size=16), AppState.tr["endlease.open"], size="3", variant="soft", id="open-end-of-lease"),
                    href=g.end_of_lease),
            spacing="3", wrap="wrap",
        ),
        spacing="4", width="100%",
    )


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r.reference, weight="medium"), white_space="nowrap"),
        rx.table.cell(r.driver),
        rx.table.cell(rx.vstack(rx.text(r.car), rx.text(r.plate, size="1", color_scheme=styles.NEUTRAL), spacing="0")),
        rx.table.cell(r.product),
        rx.table.cell(r.rent, white_space="nowrap"),
        rx.table.cell(r.ends, white_space="nowrap"),
        rx.table.cell(rx.badge(r.status, color_scheme=rx.cond(r.active, styles.ACCENT, styles.NEUTRAL))),
        rx.table.cell(rx.hstack(rx.link(AppState.tr["home.open_what_if"], href=r.what_if),
                                rx.link(AppState.tr["home.open_grid"], href=r.grid),
                                rx.link(AppState.tr["entry.edit"], href=r.edit),
                                rx.link(AppState.tr["endlease.open"], href=r.end_of_lease), spacing="3"), white_space="nowrap"),
    )


def manager_view() -> rx.Component:
    """The contracts a fleet manager or an admin sees, searched and paged."""
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["home.contracts"], size="7"), rx.badge(HomeState.total_text, size="2", id="contracts-count"),
                  rx.spacer(),
                  rx.link(rx.button(rx.icon("file-pen-line", size=16), AppState.tr["entry.new_title"], variant="soft"), href=routes.MY_CONTRACT),
                  rx.link(rx.button(rx.icon("file-up", size=16), AppState.tr["fleetimport.title"], variant="soft"), href=routes.FLEET_IMPORT),
                  align="center", width="100%", wrap="wrap"),
        hinted_input("common.search", value=HomeState.search, on_change=HomeState.set_search.debounce(300),
                     width="100%", max_width="30rem", id="contract-search"),
        rx.card(
            rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                    "home.reference", "common.driver", "common.car", "common.product", "common.rent", "common.ends", "common.status")),
                    rx.table.column_header_cell(""))),
                rx.table.body(rx.foreach(HomeState.table, _row)),
                variant="ghost", size="2", id="contracts-table",
            ),
            width="100%", overflow_x="auto",
        ),
        rx.hstack(
            rx.button(AppState.tr["common.previous"], on_click=HomeState.previous_page, variant="soft", disabled=HomeState.page == 0),
            rx.text(HomeState.page_text, size="2"),
            rx.button(AppState.tr["common.next"], on_click=HomeState.next_page, variant="soft", disabled=(HomeState.page + 1) >= HomeState.pages),
            align="center", spacing="3",
        ),
        spacing="4", width="100%",
    )


def _nothing_shown() -> rx.Component:
    return rx.cond(AppState.problem != "", rx.fragment(),
                   rx.cond(AppState.user_role == "driver",
                           rx.hstack(rx.text(AppState.tr["common.no_contract"]),
                                     rx.link(AppState.tr["entry.new_title"], href=routes.MY_CONTRACT, id="enter-contract"), spacing="3"),
                           rx.spinner()))


@protected_page(routes.HOME, "leasedash", on_load=[HomeState.load, OdometerState.load_log, NoticeState.load])
def home() -> rx.Component:
    """The pace notices, then a driver's glance and odometer log or a manager's contract list."""
    return rx.vstack(notices_card(), rx.cond(AppState.is_manager, manager_view(),
                                             rx.cond(HomeState.glance.shown, driver_view(), _nothing_shown())), spacing="4", width="100%")
