"""/returns: the inspections the user may see, and a self-check (drivers) or an inspection (fleet managers) to
start; /returns/rules: an admin edits the wear-and-tear rules and the price list, each save a new version."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.contract_search import contract_search
from leasedash.components.forms import hinted_input, label_text
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem
from leasedash.pages.returns.records import EndingRow, InspectionRow, RuleField
from leasedash.pages.returns.state import ReturnsState, RulesState
from leasedash.state import AppState

COLUMNS = ("home.reference", "inspect.kind", "inspect.date", "common.status", "returns.total")
ENDING_COLUMNS = ("home.reference", "returns.driver", "returns.car", "returns.ends")


def _row(r: InspectionRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r.reference, href=r.href), white_space="nowrap"), rx.table.cell(r.what), rx.table.cell(r.date),
        rx.table.cell(rx.badge(r.status)), rx.table.cell(r.total, white_space="nowrap"),
        rx.table.cell(rx.link(AppState.tr["returns.open"], href=r.href)),
    )


def _driver_start() -> rx.Component:
    return rx.card(rx.hstack(
        label_text(AppState.tr["returns.contract_id"], size="2", html_for="return-contract"),
        rx.select.root(rx.select.trigger(id="return-contract"),
                       rx.select.content(rx.foreach(ReturnsState.contract_options, lambda o: rx.select.item(o.label, value=o.value))),
                       value=ReturnsState.contract, on_change=ReturnsState.choose_contract),
        rx.button(rx.icon("clipboard-plus", size=16), AppState.tr["returns.new_self_check"], on_click=ReturnsState.start, id="start-inspection"),
        field_problem("contract"),
        spacing=styles.CARD_GAP, align="center", wrap="wrap"), width="100%")


def _ending_row(r: EndingRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r.reference, white_space="nowrap"), rx.table.cell(r.driver), rx.table.cell(r.car), rx.table.cell(r.ends, white_space="nowrap"),
        rx.table.cell(rx.cond(r.inspection_href != "", rx.link(AppState.tr["returns.open_inspection"], href=r.inspection_href),
                              rx.button(AppState.tr["returns.start"], size="1", variant="soft", on_click=ReturnsState.start_for(r.contract_id),
                                        id="start-" + r.contract_id))),
    )


def _manager_start() -> rx.Component:
    return rx.fragment(
        rx.card(rx.vstack(
            rx.heading(AppState.tr["search.label"], size="4", as_="h2"),
            contract_search(ReturnsState.choose_contract),
            rx.button(rx.icon("clipboard-plus", size=16), AppState.tr["returns.new_inspection"], on_click=ReturnsState.start,
                      disabled=ReturnsState.contract == "", id="start-inspection"),
            field_problem("contract"), spacing=styles.CARD_GAP, width="100%"), width="100%"),
        rx.card(rx.vstack(
            rx.heading(ReturnsState.ending_title, size="4", as_="h2"),
            rx.cond(ReturnsState.ending.length() > 0,
                    rx.table.root(
                        rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in ENDING_COLUMNS),
                                                     rx.table.column_header_cell(""))),
                        rx.table.body(rx.foreach(ReturnsState.ending, _ending_row)), size="1", width="100%", id="ending-table"),
                    rx.text(AppState.tr["returns.none_ending"], size="2")),
            rx.cond(ReturnsState.ending_count != "", rx.text(ReturnsState.ending_count, size="1", color_scheme=styles.NEUTRAL)),
            spacing=styles.CARD_GAP, width="100%"), width="100%", overflow_x="auto"),
    )


@protected_page(routes.RETURNS, "leasedash — returns", on_load=[ReturnsState.load])
def returns() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["returns.title"], size="7"), rx.spacer(),
                  rx.cond(AppState.user_role == "admin", rx.link(rx.button(AppState.tr["returns.rules"], variant="soft"), href=routes.RETURN_RULES)),
                  width="100%", align="center"),
        rx.text(rx.cond(AppState.is_manager, AppState.tr["returns.help_manager"], AppState.tr["returns.help"]), size="2", color_scheme=styles.NEUTRAL),
        rx.cond(AppState.is_manager, _manager_start(), _driver_start()),
        rx.heading(AppState.tr["returns.in_progress"], size="4", as_="h2"),
        rx.cond(ReturnsState.rows.length() > 0,
                rx.card(rx.table.root(
                    rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in COLUMNS), rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(ReturnsState.rows, _row)), variant="ghost", id="inspections-table"), width="100%", overflow_x="auto"),
                rx.text(AppState.tr["returns.none"], size="2")),
        spacing=styles.SECTION_GAP, width="100%",
    )


def _field(f: RuleField) -> rx.Component:
    return rx.fragment(
        rx.cond(f.heading != "", rx.table.row(rx.table.cell(rx.heading(f.heading, size="3", as_="h3"), col_span=2, padding_top="0.8rem"))),
        rx.table.row(
            rx.table.cell(rx.text(f.label, size="2"), rx.text(f.key, size="1", color_scheme=styles.NEUTRAL, font_family="monospace")),
            rx.table.cell(rx.input(name=f.key, default_value=f.value, key=f.key + "=" + f.value, width="100%", min_width="10rem",
                                   aria_label=f.label, id="rule-" + f.key), field_problem(f.key))),
    )


def _form(kind: str, title: str, fields, handler) -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.hstack(rx.heading(AppState.tr[title], size="4", as_="h2"), rx.spacer(),
                  rx.button(rx.icon("download", size=14), AppState.tr["rules.export"], size="1", variant="soft", type="button",
                            on_click=RulesState.export(kind), id=f"export-{kind}"), width="100%", align="center"),
        rx.text(RulesState.current_versions[kind], size="2", color_scheme=styles.NEUTRAL, id=f"current-{kind}"),
        rx.table.root(rx.table.body(rx.foreach(fields, _field)), size="1", width="100%"),
        rx.hstack(hinted_input("rules.version_name", name="version", id=f"version-{kind}", width="16rem"),
                  rx.button(AppState.tr["common.save"], type="submit", id=f"save-{kind}"), spacing="2", align="center"),
        field_problem("version"), field_problem(kind),
        spacing="2", width="100%"), on_submit=handler, reset_on_submit=False, width="100%"), width="100%")


@protected_page(routes.RETURN_RULES, "leasedash — inspection rules", on_load=[RulesState.load])
def return_rules() -> rx.Component:
    return rx.vstack(
        rx.heading(AppState.tr["rules.title"], size="7"),
        rx.cond(RulesState.allowed, rx.vstack(
            rx.text(AppState.tr["rules.form_help"], size="2", color_scheme=styles.NEUTRAL),
            rx.cond(RulesState.notice != "", rx.callout(RulesState.notice, icon="check", color_scheme=styles.REFUND, width="100%", id="rules-saved")),
            rx.grid(_form("rules", "rules.form_rules", RulesState.rule_fields, RulesState.save_rules),
                    _form("prices", "rules.form_prices", RulesState.price_fields, RulesState.save_prices),
                    columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%"),
            spacing=styles.CARD_GAP, width="100%"), rx.callout(AppState.tr["rules.admin_only"], icon="lock")),
        spacing=styles.SECTION_GAP, width="100%",
    )
