"""The parts of /offers: the plan, the offer builder, the list, the comparison and the opened offer."""

from __future__ import annotations

import reflex as rx

from leasedash.state import AppState


def plan_summary(state) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("briefcase", size=18), rx.heading(AppState.tr["offers.your_plan"], size="4"), align="center", spacing="2"),
        rx.foreach(state.plan_lines, lambda line: rx.text(line, size="2")),
        spacing="1", width="100%"), width="100%", id="plan-summary")


def _option(state, o) -> rx.Component:
    return rx.hstack(
        rx.checkbox(o["name"], checked=o["on"] == "1", on_change=lambda on: state.toggle_option(o["code"], on), id="option-" + o["code"].to(str)),
        rx.badge(o["kind"], variant="soft", color_scheme="gray"),
        rx.text(o["price"], size="2", white_space="nowrap"),
        rx.cond(o["promotion"] != "", rx.badge(o["promotion"], color_scheme="amber")),
        spacing="2", align="center", wrap="wrap")


def builder(state) -> rx.Component:
    """Car, duration and km (when the plan lets the driver adapt them), options and packs, dealer discount; the price,
    rent and contribution update live."""
    f = state.rent_text
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["offers.build"], size="4"),
        rx.grid(
            rx.vstack(rx.text(AppState.tr["offers.car"], size="2", weight="medium"),
                      rx.select.root(rx.select.trigger(width="100%", id="offer-car"),
                                     rx.select.content(rx.foreach(state.car_choices, lambda c: rx.select.item(c["label"], value=c["model"]))),
                                     value=state.model, on_change=state.set_model), spacing="1", width="100%"),
            rx.vstack(rx.text(AppState.tr["offers.duration"], size="2", weight="medium"),
                      rx.select.root(rx.select.trigger(width="100%", id="offer-months"),
                                     rx.select.content(rx.foreach(state.durations, lambda m: rx.select.item(m + " " + AppState.tr["common.months"], value=m))),
                                     value=state.months, on_change=state.set_months), spacing="1", width="100%"),
            rx.vstack(rx.text(AppState.tr["offers.km"], size="2", weight="medium"),
                      rx.select.root(rx.select.trigger(width="100%", id="offer-km"),
                                     rx.select.content(rx.foreach(state.km_choices, lambda k: rx.select.item(k["label"], value=k["value"]))),
                                     value=state.km, on_change=state.set_km), spacing="1", width="100%"),
            columns=rx.breakpoints(initial="1", md="3"), spacing="3", width="100%"),
        rx.cond(state.plan["may_adapt"] == "", rx.text(AppState.tr["offers.plan_fixed"], size="1", color_scheme="gray")),
        rx.text(AppState.tr["offers.options_and_packs"], size="2", weight="medium"),
        rx.flex(rx.foreach(state.option_rows, lambda o: _option(state, o)), direction="column", spacing="2", id="offer-options"),
        rx.hstack(rx.text(AppState.tr["offers.dealer_discount"], size="2", weight="medium"),
                  rx.input(default_value=state.dealer_discount, on_blur=state.set_dealer_discount, placeholder="0,00", width="10rem", id="dealer-discount"),
                  rx.text(AppState.tr["offers.dealer_discount_help"], size="1", color_scheme="gray"), align="center", spacing="2", wrap="wrap"),
        rx.cond(state.figure_lines.length() > 0, rx.grid(
            rx.table.root(rx.table.body(rx.foreach(state.figure_lines, lambda line: rx.table.row(
                rx.table.cell(rx.text(line["label"], weight=rx.cond(line["strong"] == "1", "bold", "regular"))),
                rx.table.cell(rx.text(line["amount"], weight=rx.cond(line["strong"] == "1", "bold", "regular")), text_align="right", white_space="nowrap"),
                rx.table.cell(rx.text(line["note"], size="1", color=rx.cond(line["warn"] == "1", rx.color("amber", 11), rx.color("gray", 10)))),
            ))), size="1", id="offer-figures"),
            rx.vstack(
                rx.text(AppState.tr["offers.rent"], size="2", color_scheme="gray"),
                rx.hstack(rx.heading(f["rent"], size="7", id="offer-rent"), rx.text(f["budget"], size="2", color_scheme="gray"), align="baseline", spacing="2"),
                rx.cond(f["state"] == "over",
                        rx.vstack(
                            rx.badge(AppState.tr["offers.over_budget"], color_scheme="amber"),
                            rx.text(f["formula"], size="2", id="contribution-formula"),
                            rx.cond(f["refusal"] != "", rx.callout(f["refusal"], icon="ban", color_scheme="red", size="1", id="contribution-refusal"),
                                    rx.text(AppState.tr["offers.rent_after"] + ": " + f["after"], size="2", weight="medium")),
                            spacing="2"),
                        rx.badge(AppState.tr["offers.within_budget"], color_scheme="green")),
                rx.text(AppState.tr["offers.total_cost"] + ": " + f["total"], size="2"),
                rx.button(rx.icon("save", size=16), AppState.tr["offers.save"], on_click=state.save, id="save-offer"),
                spacing="2", align="start"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%")),
        rx.cond(state.not_offered.length() > 0, rx.box(
            rx.text(AppState.tr["offers.not_offered"], size="2", weight="medium"),
            rx.foreach(state.not_offered, lambda c: rx.text(rx.text.strong(c["label"]), " — ", c["why"], size="1", color_scheme="gray")),
            id="not-offered", width="100%")),
        spacing="3", width="100%"), width="100%")


def _offer_row(state, o) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.checkbox(checked=o["ticked"] == "1", on_change=lambda on: state.tick(o["id"], on), aria_label=AppState.tr["offers.compare"])),
        rx.table.cell(rx.link("#" + o["id"] + " " + o["car"], on_click=state.open_offer(o["id"]), cursor="pointer"), white_space="nowrap"),
        rx.cond(AppState.is_manager, rx.table.cell(o["driver"], white_space="nowrap")),
        rx.table.cell(o["terms"]),
        rx.table.cell(rx.text(o["rent_text"], color=rx.cond(o["over"] == "1", rx.color("amber", 11), rx.color("gray", 12))), white_space="nowrap"),
        rx.table.cell(o["contribution_text"], white_space="nowrap"),
        rx.table.cell(rx.badge(o["status_text"], color_scheme=rx.match(o["status"], ("ordered", "green"), ("rejected", "red"), ("sent", "blue"), "gray"))),
        rx.table.cell(o["expires_text"], white_space="nowrap"),
        rx.table.cell(rx.badge(o["quote_text"], color_scheme=rx.cond(o["quote_ok"] == "1", "green", "amber"), variant="soft")),
    )


def offers_table(state) -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(rx.cond(AppState.is_manager, AppState.tr["offers.company_offers"], AppState.tr["offers.my_offers"]), size="4"),
        rx.cond(state.offer_rows.length() > 0,
                rx.box(rx.table.root(
                    rx.table.header(rx.table.row(rx.table.column_header_cell(AppState.tr["offers.compare"]),
                                                 rx.table.column_header_cell(AppState.tr["offers.car"]),
                                                 rx.cond(AppState.is_manager, rx.table.column_header_cell(AppState.tr["offers.driver"])),
                                                 *(rx.table.column_header_cell(AppState.tr[k]) for k in (
                                                     "offers.terms", "offers.rent", "offers.contribution", "common.status",
                                                     "offers.expires", "offers.dealer_quote")))),
                    rx.table.body(rx.foreach(state.offer_rows, lambda o: _offer_row(state, o))), size="1", id="offers-table"),
                    overflow_x="auto", width="100%"),
                rx.text(AppState.tr["offers.none"], size="2")),
        rx.text(AppState.tr["offers.validity"], size="1", color_scheme="gray"),
        spacing="3", width="100%"), width="100%")


def compare_panel(state) -> rx.Component:
    return rx.cond(state.compare_rows.length() > 0, rx.card(rx.vstack(
        rx.heading(AppState.tr["offers.comparison"], size="4"),
        rx.box(rx.table.root(rx.table.body(rx.foreach(state.compare_rows, lambda row: rx.table.row(
            rx.foreach(row, lambda cell, i: rx.table.cell(rx.text(cell, weight=rx.cond(i == 0, "medium", "regular")), white_space="nowrap"))))),
            size="1", id="compare-table"), overflow_x="auto", width="100%"),
        rx.plotly(data=state.compare_chart, use_resize_handler=True, width="100%", id="compare-chart"),
        spacing="3", width="100%"), width="100%"))


def _driver_actions(state) -> rx.Component:
    return rx.cond(state.detail["status"] == "offer", rx.vstack(
        rx.text(AppState.tr["offers.dealer_quote"], size="2", weight="medium"),
        rx.text(AppState.tr["offers.quote_help"], size="1", color_scheme="gray"),
        rx.upload(rx.text(AppState.tr["offers.quote_drop"], size="2"), id="quote-upload", max_files=1,
                  accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/pdf": [".pdf"]},
                  on_drop=state.upload_quote, border=f"1px dashed {rx.color('gray', 7)}", padding="0.75rem", border_radius="8px", width="100%"),
        rx.hstack(rx.text(AppState.tr["offers.quote_price"], size="2"),
                  rx.input(value=state.quote_price, on_change=state.set_quote_price, placeholder="0,00", width="10rem", id="quote-price"),
                  rx.button(AppState.tr["offers.save_quote_price"], on_click=state.save_quote_price, variant="soft", id="save-quote-price"),
                  align="center", spacing="2", wrap="wrap"),
        rx.hstack(rx.button(rx.icon("send", size=16), AppState.tr["offers.approve_send"], on_click=state.send, id="send-offer"),
                  rx.button(rx.icon("trash-2", size=16), AppState.tr["offers.delete"], on_click=state.delete, color_scheme="red", variant="soft", id="delete-offer"),
                  spacing="3"),
        spacing="2", width="100%"),
        rx.cond((state.detail["status"] == "sent") | (state.detail["status"] == "rejected"),
                rx.button(rx.icon("trash-2", size=16), AppState.tr["offers.delete"], on_click=state.delete, color_scheme="red", variant="soft", id="delete-offer")))


def _manager_actions(state) -> rx.Component:
    return rx.cond(state.detail["status"] == "sent", rx.vstack(
        rx.button(rx.icon("check", size=16), AppState.tr["offers.approve_order"], on_click=state.approve, color_scheme="green", id="approve-offer"),
        rx.hstack(rx.input(value=state.reject_reason, on_change=state.set_reject_reason, placeholder=AppState.tr["offers.reject_reason"], width="20rem",
                           id="reject-reason"),
                  rx.button(rx.icon("x", size=16), AppState.tr["offers.reject"], on_click=state.reject, color_scheme="red", variant="soft", id="reject-offer"),
                  spacing="2", wrap="wrap"),
        spacing="2"))


def detail_panel(state) -> rx.Component:
    """The opened offer: its figures, the dealer quote check, the actions of the driver or the fleet manager, its history."""
    return rx.cond(state.opened != "", rx.card(rx.vstack(
        rx.hstack(rx.heading(AppState.tr["offers.detail"] + " #" + state.detail["id"] + " · " + state.detail["car"], size="4"),
                  rx.badge(AppState.tr["offer_status." + state.detail["status"].to(str)]), align="center", spacing="3", wrap="wrap"),
        rx.grid(
            rx.table.root(rx.table.body(rx.foreach(state.detail_lines, lambda line: rx.table.row(
                rx.table.cell(line["label"]), rx.table.cell(line["value"], text_align="right")))), size="1", id="offer-detail"),
            rx.vstack(
                rx.callout(state.quote_state["text"], icon=rx.cond(state.quote_state["state"] == "ok", "check", "triangle-alert"),
                           color_scheme=rx.cond(state.quote_state["state"] == "ok", "green", "amber"), size="1", id="quote-check", width="100%"),
                rx.cond(state.quote_links.length() > 0, rx.hstack(rx.icon("paperclip", size=14),
                        rx.foreach(state.quote_links, lambda q: rx.link(q["name"], href=q["url"], is_external=True, size="2", word_break="break-all")),
                        spacing="2", wrap="wrap")),
                rx.cond(state.detail["reason"] != "", rx.callout(AppState.tr["offers.rejected_because"] + " " + state.detail["reason"], icon="ban",
                                                                  color_scheme="red", size="1")),
                rx.cond(AppState.user_role == "driver", _driver_actions(state), _manager_actions(state)),
                spacing="3", width="100%"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        rx.text(AppState.tr["offers.history"], size="2", weight="medium"),
        rx.table.root(rx.table.body(rx.foreach(state.step_rows, lambda s: rx.table.row(
            rx.table.cell(s["when"], white_space="nowrap"), rx.table.cell(s["what"]), rx.table.cell(s["who"]), rx.table.cell(s["reason"])))),
            size="1", id="offer-history"),
        spacing="3", width="100%"), width="100%", id="offer-panel"))
