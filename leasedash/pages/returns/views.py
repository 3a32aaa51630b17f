"""/returns: the inspections the user may see, and a self-check (drivers) or an inspection (fleet managers) to
start; /returns/rules: an admin edits the wear-and-tear rules and the price list, each save a new version."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem
from leasedash.pages.returns.records import InspectionRow
from leasedash.pages.returns.state import ReturnsState, RulesState
from leasedash.state import AppState

COLUMNS = ("home.reference", "inspect.kind", "inspect.date", "common.status", "returns.total")


def _row(r: InspectionRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r.reference, href=r.href), white_space="nowrap"), rx.table.cell(r.what), rx.table.cell(r.date),
        rx.table.cell(rx.badge(r.status)), rx.table.cell(r.total, white_space="nowrap"),
        rx.table.cell(rx.link(AppState.tr["returns.open"], href=r.href)),
    )


def _start() -> rx.Component:
    return rx.card(rx.hstack(
        rx.text(AppState.tr["returns.contract_id"], size="2"),
        rx.select.root(rx.select.trigger(id="return-contract"),
                       rx.select.content(rx.foreach(ReturnsState.contract_options, lambda o: rx.select.item(o.label, value=o.value))),
                       value=ReturnsState.contract, on_change=ReturnsState.choose_contract),
        rx.button(rx.icon("clipboard-plus", size=16),
                  rx.cond(AppState.user_role == "driver", AppState.tr["returns.new_self_check"], AppState.tr["returns.new_inspection"]),
                  on_click=ReturnsState.start, id="start-inspection"),
        field_problem("contract"),
        spacing=styles.CARD_GAP, align="center", wrap="wrap"), width="100%")


@protected_page(routes.RETURNS, "leasedash — returns", on_load=[ReturnsState.load])
def returns() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["returns.title"], size="7"), rx.spacer(),
                  rx.cond(AppState.user_role == "admin", rx.link(rx.button(AppState.tr["returns.rules"], variant="soft"), href=routes.RETURN_RULES)),
                  width="100%", align="center"),
        rx.text(rx.cond(AppState.is_manager, AppState.tr["returns.help_manager"], AppState.tr["returns.help"]), size="2", color_scheme=styles.NEUTRAL),
        _start(),
        rx.cond(ReturnsState.rows.length() > 0,
                rx.card(rx.table.root(
                    rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in COLUMNS), rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(ReturnsState.rows, _row)), variant="ghost", id="inspections-table"), width="100%", overflow_x="auto"),
                rx.text(AppState.tr["returns.none"], size="2")),
        spacing=styles.SECTION_GAP, width="100%",
    )


def _editor(key: str, name: str, value, handler) -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(AppState.tr[key], size="4"),
        rx.text_area(name=name, default_value=value, rows="18", width="100%", font_family="monospace", key=name + value.length().to_string()),
        field_problem(name),
        rx.button(AppState.tr["common.save"], type="submit"), spacing="2", width="100%"), on_submit=handler, width="100%"), width="100%")


@protected_page(routes.RETURN_RULES, "leasedash — inspection rules", on_load=[RulesState.load])
def return_rules() -> rx.Component:
    return rx.vstack(
        rx.heading(AppState.tr["rules.title"], size="7"),
        rx.cond(RulesState.allowed, rx.vstack(
            rx.text(AppState.tr["rules.help"], size="2", color_scheme=styles.NEUTRAL),
            rx.cond(RulesState.notice != "", rx.callout(RulesState.notice, icon="check", color_scheme=styles.REFUND, width="100%")),
            rx.grid(_editor("rules.rules", "rules", RulesState.rules_text, RulesState.save_rules),
                    _editor("rules.prices", "prices", RulesState.prices_text, RulesState.save_prices),
                    columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%"),
            spacing=styles.CARD_GAP, width="100%"), rx.callout(AppState.tr["rules.admin_only"], icon="lock")),
        spacing=styles.SECTION_GAP, width="100%",
    )
