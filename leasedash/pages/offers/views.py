"""/offers: the plan, the offer builder, the list, the comparison and the opened offer; pure functions from the
state's vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.confirm import confirmed
from leasedash.components.forms import hinted_input, label_text, named_upload
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem, refused_drop
from leasedash.pages.offers.state import OffersState as S
from leasedash.services.uploads import accepted_types, max_upload_bytes
from leasedash.state import AppState

STATUS_COLORS = (("ordered", styles.REFUND), ("rejected", styles.INVOICE), ("sent", styles.ACCENT), styles.NEUTRAL)


def _weight(strong) -> rx.Var:
    return rx.cond(strong, "bold", "regular")


def _picker(key: str, element_id: str, choices, value, on_change, field: str) -> rx.Component:
    return rx.vstack(label_text(AppState.tr[key], size="2", weight="medium", html_for=element_id),
                     rx.select.root(rx.select.trigger(width="100%", id=element_id),
                                    rx.select.content(rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))),
                                    value=value, on_change=on_change),
                     field_problem(field), spacing="1", width="100%")


def plan_summary() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("briefcase", size=18), rx.heading(AppState.tr["offers.your_plan"], size="4", as_="h2"), align="center", spacing="2"),
        rx.foreach(S.plan_lines, lambda line: rx.text(line, size="2")),
        spacing="1", width="100%"), width="100%", id="plan-summary")


def _option(o) -> rx.Component:
    return rx.hstack(
        rx.checkbox(o.name, checked=o.on, on_change=lambda on: S.toggle_option(o.code, on), id="option-" + o.code),
        rx.badge(o.kind, variant="soft", color_scheme=styles.NEUTRAL),
        rx.text(o.price, size="2", white_space="nowrap"),
        rx.cond(o.promotion != "", rx.badge(o.promotion, color_scheme=styles.WARNING)),
        spacing="2", align="center", wrap="wrap")


def _rent() -> rx.Component:
    r = S.rent
    return rx.vstack(
        rx.text(AppState.tr["offers.rent"], size="2", color_scheme=styles.NEUTRAL),
        rx.hstack(rx.text(r.rent, size="7", weight="bold", id="offer-rent"), rx.text(r.budget, size="2", color_scheme=styles.NEUTRAL), align="baseline", spacing="2"),
        rx.cond(r.over,
                rx.vstack(
                    rx.badge(AppState.tr["offers.over_budget"], color_scheme=styles.WARNING),
                    rx.text(r.formula, size="2", id="contribution-formula"),
                    rx.cond(r.refusal != "", rx.callout(r.refusal, icon="ban", color_scheme=styles.INVOICE, size="1", id="contribution-refusal"),
                            rx.text(AppState.tr["offers.rent_after"] + ": " + r.after, size="2", weight="medium")),
                    spacing="2"),
                rx.badge(AppState.tr["offers.within_budget"], color_scheme=styles.REFUND)),
        rx.text(AppState.tr["offers.total_cost"] + ": " + r.total, size="2"),
        rx.button(rx.icon("save", size=16), AppState.tr["offers.save"], on_click=S.save, id="save-offer"),
        spacing="2", align="start")


def builder() -> rx.Component:
    """Car, duration and km (when the plan lets the driver adapt them), options and packs, dealer discount; the price,
    rent and contribution update live."""
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["offers.build"], size="4", as_="h2"),
        rx.grid(_picker("offers.car", "offer-car", S.car_choices, S.model, S.set_model, "model"),
                _picker("offers.duration", "offer-months", S.duration_choices, S.months, S.set_months, "months"),
                _picker("offers.km", "offer-km", S.km_choices, S.km, S.set_km, "annual_km"),
                columns=rx.breakpoints(initial="1", md="3"), spacing="3", width="100%"),
        rx.cond(~S.may_adapt, rx.text(AppState.tr["offers.plan_fixed"], size="1", color_scheme=styles.NEUTRAL)),
        rx.text(AppState.tr["offers.options_and_packs"], size="2", weight="medium"),
        rx.flex(rx.foreach(S.option_lines, _option), direction="column", spacing="2", id="offer-options"),
        field_problem("options"),
        rx.hstack(label_text(AppState.tr["offers.dealer_discount"], size="2", weight="medium", html_for="dealer-discount"),
                  rx.input(default_value=S.dealer_discount, on_blur=S.set_dealer_discount, placeholder="0,00", width="10rem", id="dealer-discount"),
                  rx.text(AppState.tr["offers.dealer_discount_help"], size="1", color_scheme=styles.NEUTRAL), align="center", spacing="2", wrap="wrap"),
        field_problem("dealer_discount"),
        rx.cond(S.figure_lines.length() > 0, rx.grid(
            rx.table.root(rx.table.body(rx.foreach(S.figure_lines, lambda line: rx.table.row(
                rx.table.cell(rx.text(line.label, weight=_weight(line.strong))),
                rx.table.cell(rx.text(line.amount, weight=_weight(line.strong)), text_align="right", white_space="nowrap"),
                rx.table.cell(rx.text(line.note, size="1", color=rx.cond(line.warn, rx.color(styles.WARNING, 11), rx.color(styles.NEUTRAL, 10)))),
            ))), size="1", id="offer-figures"),
            rx.cond(S.rent, _rent()),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%")),
        rx.cond(S.not_offered.length() > 0, rx.box(
            rx.text(AppState.tr["offers.not_offered"], size="2", weight="medium"),
            rx.foreach(S.not_offered, lambda c: rx.text(rx.text.strong(c.label), " — ", c.value, size="1", color_scheme=styles.NEUTRAL)),
            id="not-offered", width="100%")),
        spacing="3", width="100%"), width="100%")


def _offer_row(o) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.checkbox(checked=o.ticked, on_change=lambda on: S.tick(o.id, on), aria_label=AppState.tr["offers.compare"])),
        rx.table.cell(rx.link("#", o.id, " ", o.car, on_click=S.open_offer(o.id), cursor="pointer"), white_space="nowrap"),
        rx.cond(AppState.is_manager, rx.table.cell(o.driver, white_space="nowrap")),
        rx.table.cell(o.terms),
        rx.table.cell(rx.text(o.rent, color=rx.cond(o.over, rx.color(styles.WARNING, 11), rx.color(styles.NEUTRAL, 12))), white_space="nowrap"),
        rx.table.cell(o.contribution, white_space="nowrap"),
        rx.table.cell(rx.badge(o.status_text, color_scheme=rx.match(o.status, *STATUS_COLORS))),
        rx.table.cell(o.expires, white_space="nowrap"),
        rx.table.cell(rx.badge(o.quote_text, color_scheme=rx.cond(o.quote_ok, styles.REFUND, styles.WARNING), variant="soft")),
    )


def _offer_item(o) -> rx.Component:
    """An offer on a phone: the table's cells one under the other, its badges on one line that wraps."""
    return rx.vstack(
        rx.hstack(rx.checkbox(checked=o.ticked, on_change=lambda on: S.tick(o.id, on), aria_label=AppState.tr["offers.compare"]),
                  rx.link("#", o.id, " ", o.car, on_click=S.open_offer(o.id), cursor="pointer"), spacing="2", align="center"),
        rx.cond(AppState.is_manager, rx.text(o.driver, size="2")),
        rx.text(o.terms, size="2", color_scheme=styles.NEUTRAL),
        rx.hstack(rx.text(o.rent, weight="medium", color=rx.cond(o.over, rx.color(styles.WARNING, 11), rx.color(styles.NEUTRAL, 12))),
                  rx.text(o.contribution, size="2"), spacing="3", wrap="wrap", align="baseline"),
        rx.hstack(rx.badge(o.status_text, color_scheme=rx.match(o.status, *STATUS_COLORS)),
                  rx.badge(o.quote_text, color_scheme=rx.cond(o.quote_ok, styles.REFUND, styles.WARNING), variant="soft"),
                  rx.text(AppState.tr["offers.expires"], " ", o.expires, size="1", color_scheme=styles.NEUTRAL),
                  spacing="2", wrap="wrap", align="center"),
        spacing="1", width="100%", padding_y="0.6rem", border_bottom=f"1px solid {rx.color(styles.NEUTRAL, 5)}")


def offers_table() -> rx.Component:
    """The offers as a table from a tablet's width up, one under the other on a phone."""
    return rx.card(rx.vstack(
        rx.heading(rx.cond(AppState.is_manager, AppState.tr["offers.company_offers"], AppState.tr["offers.my_offers"]), size="4", as_="h2"),
        rx.cond(S.offer_lines.length() > 0,
                rx.box(rx.table.root(
                    rx.table.header(rx.table.row(rx.table.column_header_cell(AppState.tr["offers.compare"]),
                                                 rx.table.column_header_cell(AppState.tr["offers.car"]),
                                                 rx.cond(AppState.is_manager, rx.table.column_header_cell(AppState.tr["offers.driver"])),
                                                 *(rx.table.column_header_cell(AppState.tr[k]) for k in (
                                                     "offers.terms", "offers.rent", "offers.contribution", "common.status",
                                                     "offers.expires", "offers.dealer_quote")))),
                    rx.table.body(rx.foreach(S.offer_lines, _offer_row)), size="1", id="offers-table",
                    display=rx.breakpoints(initial="none", sm="block")),
                    rx.vstack(rx.foreach(S.offer_lines, _offer_item), spacing="0", width="100%", id="offers-list",
                              display=rx.breakpoints(initial="flex", sm="none")),
                    overflow_x="auto", width="100%"),
                rx.text(AppState.tr["offers.none"], size="2")),
        rx.text(AppState.tr["offers.validity"], size="1", color_scheme=styles.NEUTRAL),
        spacing="3", width="100%"), width="100%")


def compare_panel() -> rx.Component:
    return rx.cond(S.compare_rows.length() > 0, rx.card(rx.vstack(
        rx.heading(AppState.tr["offers.comparison"], size="4", as_="h2"),
        rx.box(rx.table.root(rx.table.body(rx.foreach(S.compare_rows, lambda row: rx.table.row(
            rx.foreach(row, lambda cell, i: rx.table.cell(rx.text(cell, weight=rx.cond(i == 0, "medium", "regular")), white_space="nowrap"))))),
            size="1", id="compare-table"), overflow_x="auto", width="100%"),
        rx.plotly(data=S.compare_chart, use_resize_handler=True, width="100%", id="compare-chart"),
        spacing="3", width="100%"), width="100%"))


def _delete_button() -> rx.Component:
    return confirmed(rx.button(rx.icon("trash-2", size=16), AppState.tr["offers.delete"], color_scheme=styles.INVOICE, variant="soft", id="delete-offer"),
                     AppState.tr["confirm.delete_offer_title"], AppState.tr["confirm.delete_offer_text"], AppState.tr["offers.delete"],
                     on_confirm=S.delete, action_id="confirm-delete-offer")


def _driver_actions(o) -> rx.Component:
    return rx.cond(o.open, rx.vstack(
        rx.text(AppState.tr["offers.dealer_quote"], size="2", weight="medium"),
        rx.text(AppState.tr["offers.quote_help"], size="1", color_scheme=styles.NEUTRAL),
        named_upload(AppState.tr["offers.quote_drop"], rx.text(AppState.tr["offers.quote_drop"], size="2"), id="quote-upload", max_files=1, max_size=max_upload_bytes(),
                  accept=accepted_types(), on_drop=S.upload_quote,
                  on_drop_rejected=refused_drop(accepted_types(), max_upload_bytes()), border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}", padding="0.75rem",
                  border_radius=styles.RADIUS, width="100%"),
        field_problem("file"),
        rx.hstack(label_text(AppState.tr["offers.quote_price"], size="2", html_for="quote-price"),
                  rx.input(value=S.quote_price, on_change=S.set_quote_price, placeholder="0,00", width="10rem", id="quote-price"),
                  rx.button(AppState.tr["offers.save_quote_price"], on_click=S.save_quote_price, variant="soft", id="save-quote-price"),
                  align="center", spacing="2", wrap="wrap"),
        field_problem("quote_net_excl_vat"),
        rx.hstack(rx.button(rx.icon("send", size=16), AppState.tr["offers.approve_send"], on_click=S.send, id="send-offer"), _delete_button(),
                  spacing="3"),
        spacing="2", width="100%"),
        rx.cond(o.deletable, _delete_button()))


def _manager_actions(o) -> rx.Component:
    return rx.cond(o.decidable, rx.vstack(
        confirmed(rx.button(rx.icon("check", size=16), AppState.tr["offers.approve_order"], color_scheme=styles.REFUND, id="approve-offer"),
                  AppState.tr["confirm.approve_title"], AppState.tr["confirm.approve_text"], AppState.tr["offers.approve_order"],
                  on_confirm=S.approve, action_id="confirm-approve", color_scheme=styles.REFUND),
        rx.hstack(hinted_input("offers.reject_reason", value=S.reject_reason, on_change=S.set_reject_reason, width="20rem", id="reject-reason"),
                  rx.button(rx.icon("x", size=16), AppState.tr["offers.reject"], on_click=S.reject, color_scheme=styles.INVOICE, variant="soft",
                            id="reject-offer"),
                  spacing="2", wrap="wrap"),
        field_problem("reason"),
        spacing="2"))


def detail_panel() -> rx.Component:
    """The opened offer: its figures, the dealer quote check, the actions of the driver or the fleet manager, its history."""
    o = S.opened
    return rx.cond(o, rx.card(rx.vstack(
        rx.hstack(rx.heading(AppState.tr["offers.detail"], " #", o.id, " · ", o.car, size="4", as_="h2"), rx.badge(o.status_text), align="center", spacing="3",
                  wrap="wrap"),
        rx.grid(
            rx.table.root(rx.table.body(rx.foreach(S.detail_lines, lambda line: rx.table.row(
                rx.table.cell(line.label), rx.table.cell(line.value, text_align="right")))), size="1", id="offer-detail"),
            rx.vstack(
                rx.callout(o.quote_text, icon=rx.cond(o.quote_ok, "check", "triangle-alert"), color_scheme=rx.cond(o.quote_ok, styles.REFUND, styles.WARNING),
                           size="1", id="quote-check", width="100%"),
                rx.cond(S.quote_links.length() > 0, rx.hstack(rx.icon("paperclip", size=14),
                        rx.foreach(S.quote_links, lambda q: rx.link(q.label, href=q.value, is_external=True, size="2", word_break="break-all")),
                        spacing="2", wrap="wrap")),
                rx.cond(o.reason != "", rx.callout(AppState.tr["offers.rejected_because"] + " " + o.reason, icon="ban", color_scheme=styles.INVOICE,
                                                   size="1")),
                rx.cond(AppState.user_role == "driver", _driver_actions(o), _manager_actions(o)),
                spacing="3", width="100%"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        rx.text(AppState.tr["offers.history"], size="2", weight="medium"),
        rx.table.root(rx.table.body(rx.foreach(S.step_lines, lambda s: rx.table.row(
            rx.table.cell(s.when, white_space="nowrap"), rx.table.cell(s.what), rx.table.cell(s.who), rx.table.cell(s.reason)))),
            size="1", id="offer-history"),
        spacing="3", width="100%"), width="100%", id="offer-panel"))


@protected_page(routes.OFFERS, "leasedash — car offers", on_load=[S.load])
def offers() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["offers.title"], size="7"), rx.spacer(),
                  rx.cond(AppState.user_role == "fleet_manager",
                          rx.link(rx.button(rx.icon("settings-2", size=16), AppState.tr["plan.title"], variant="soft"), href=routes.MOBILITY_PLAN)),
                  width="100%", align="center", wrap="wrap"),
        rx.text(rx.cond(AppState.is_manager, AppState.tr["offers.help_manager"], AppState.tr["offers.help"]), size="2", color_scheme=styles.NEUTRAL),
        rx.cond(S.notice_text != "", rx.callout(S.notice_text, icon="check", color_scheme=styles.REFUND, width="100%", id="offers-notice")),
        rx.cond(AppState.user_role == "driver",
                rx.cond(S.plan_lines.length() > 0, rx.vstack(plan_summary(), builder(), spacing="4", width="100%"),
                        rx.callout(AppState.tr["offers.no_plan"], icon="info", width="100%"))),
        offers_table(),
        compare_panel(),
        detail_panel(),
        spacing="4", width="100%",
    )
