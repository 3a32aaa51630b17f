"""/requests: a driver's requests of seed 002 ("Mijn verzoeken") with attachments and, for an early termination,
the simulated cost; the queue of the fleet manager or the lessor with its deadlines of 48 working hours and the
late ones first; an admin's public holidays."""

from __future__ import annotations

import reflex as rx

from leasedash import routes
from leasedash.components.layout import protected_page
from leasedash.pages.requests_holidays import HolidaysState, holidays_section
from leasedash.pages.requests_state import ACCEPT, MAX_FILES, RequestsState, select_box
from leasedash.services.uploads import max_upload_bytes
from leasedash.state import AppState


def _labelled(key: str, child: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(AppState.tr[key], size="2", weight="medium"), child, spacing="1", width="100%")


def _upload(element_id: str, key: str, handler, many: bool) -> rx.Component:
    return rx.upload(
        rx.hstack(rx.icon("paperclip", size=16), rx.text(AppState.tr[key], size="2"), align="center", spacing="2"),
        id=element_id, multiple=many, max_files=MAX_FILES if many else 1, max_size=max_upload_bytes(), accept=ACCEPT, on_drop=handler,
        border=f"1px dashed {rx.color('gray', 7)}", padding="0.75rem", border_radius="8px", width="100%", cursor="pointer",
    )


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(RequestsState.error_text != "", rx.callout(RequestsState.error_text, icon="triangle-alert", color_scheme="red", id="requests-error", width="100%")),
        rx.cond(RequestsState.notice_text != "", rx.callout(RequestsState.notice_text, icon="circle-check", color_scheme="green", id="requests-notice", width="100%")),
    )


def _termination() -> rx.Component:
    q = RequestsState.quote_view
    return rx.box(rx.vstack(
        rx.hstack(
            _labelled("requests.month", rx.input(type="number", value=RequestsState.month, on_change=RequestsState.set_month, id="termination-month",
                                                 width="8rem", inputmode="numeric")),
            rx.text(RequestsState.month_hint, size="1", color_scheme="gray"), align="end", spacing="3", wrap="wrap", width="100%"),
        rx.cond(q.length() > 0, rx.vstack(
            rx.text(AppState.tr["requests.simulated_cost"], size="2", color_scheme="gray"),
            rx.heading(q["cost"], size="7", id="simulated-cost"),
            rx.text(q["date"], size="2"),
            rx.text(q["why"], size="1", color_scheme="gray"), spacing="1", width="100%", id="termination-quote")),
        spacing="3", width="100%"), padding="1rem", border_radius="8px", background_color=rx.color("teal", 2), border=f"1px solid {rx.color('teal', 5)}",
        width="100%")


def _form() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["requests.new"], size="4"),
        rx.grid(_labelled("requests.kind", select_box(RequestsState.kind_options, RequestsState.kind, RequestsState.set_kind, "request-kind")),
                _labelled("common.contract", select_box(RequestsState.contract_options, RequestsState.contract, RequestsState.set_contract, "request-contract")),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
        rx.cond(RequestsState.kind == "early_termination", _termination()),
        _labelled("requests.details", rx.text_area(value=RequestsState.details, on_change=RequestsState.set_details, id="request-details", rows="3",
                                                   width="100%", placeholder=AppState.tr["requests.details_placeholder"])),
        _labelled("requests.attachments", _upload("request-upload", "requests.drop_files", RequestsState.add_files, True)),
        rx.text(RequestsState.upload_hint, size="1", color_scheme="gray"),
        rx.cond(RequestsState.pending.length() > 0, rx.hstack(rx.foreach(RequestsState.pending, lambda name, i: rx.badge(
            rx.icon("file", size=12), name, rx.icon("x", size=12, cursor="pointer", on_click=RequestsState.drop_file(i)), variant="soft", size="2")),
            spacing="2", wrap="wrap", id="pending-files")),
        rx.button(rx.icon("send", size=16), AppState.tr["requests.send"], on_click=RequestsState.file, id="file-request"),
        spacing="3", width="100%"), width="100%")


def _late_badge(text) -> rx.Component:
    return rx.cond(text != "", rx.badge(rx.icon("clock-alert", size=12), text, color_scheme="red", variant="solid"))


def _row(r) -> rx.Component:
    wide = rx.breakpoints(initial="none", md="table-cell")
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.link(r["kind_text"], weight="medium", size="2", on_click=RequestsState.open(r["id"]), cursor="pointer"),
                                rx.text("#", r["id"], " · ", r["reference"], rx.cond(AppState.is_manager, " · " + r["requester"].to(str), ""),
                                        size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(r["submitted_text"], white_space="nowrap", display=wide),
        rx.table.cell(rx.vstack(rx.text(r["deadline_text"], size="2", white_space=rx.breakpoints(initial="normal", md="nowrap")), _late_badge(r["late_text"]),
                                spacing="1")),
        rx.table.cell(rx.badge(r["status_text"], color_scheme=r["color"].to(str))),
        rx.table.cell(rx.button(AppState.tr["requests.open"], size="1", variant="soft", on_click=RequestsState.open(r["id"])), display=wide),
        class_name="request-row",
    )


def _list() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(rx.cond(AppState.is_manager, AppState.tr["requests.queue"], AppState.tr["requests.yours"]), size="4"), rx.spacer(),
                  rx.box(select_box(RequestsState.status_options, RequestsState.status_filter, RequestsState.set_status_filter, "status-filter"), min_width="10rem"),
                  width="100%", align="center", wrap="wrap", spacing="3"),
        rx.cond(RequestsState.rows.length() > 0,
                rx.box(rx.table.root(
                    rx.table.header(rx.table.row(
                        rx.table.column_header_cell(AppState.tr["requests.kind"]),
                        rx.table.column_header_cell(AppState.tr["requests.submitted"], display=rx.breakpoints(initial="none", md="table-cell")),
                        rx.table.column_header_cell(AppState.tr["requests.deadline"]), rx.table.column_header_cell(AppState.tr["common.status"]),
                        rx.table.column_header_cell("", display=rx.breakpoints(initial="none", md="table-cell")))),
                    rx.table.body(rx.foreach(RequestsState.rows_view, _row)), variant="ghost", size="1", id="requests-table", width="100%"),
                    overflow_x="auto", width="100%"),
                rx.text(AppState.tr["requests.none"], size="2", color_scheme="gray")),
        spacing="3", width="100%"), width="100%")


def _fact(key: str, value) -> rx.Component:
    return rx.vstack(rx.text(AppState.tr[key], size="1", color_scheme="gray"), rx.text(value, size="2", weight="medium"), spacing="0")


def _handling() -> rx.Component:
    status = RequestsState.opened["status"]
    return rx.vstack(
        rx.cond(status == "submitted", rx.button(rx.icon("hand", size=16), AppState.tr["requests.take_up"], on_click=RequestsState.take_up, id="take-up")),
        rx.cond(status == "in_progress", rx.vstack(
            _labelled("requests.answer", rx.text_area(value=RequestsState.answer_text, on_change=lambda v: RequestsState.set_field("answer_text", v),
                                                      id="answer-text", rows="3", width="100%", placeholder=AppState.tr["requests.answer_placeholder"])),
            rx.grid(_upload("answer-upload", "requests.drop_answer", RequestsState.add_answer_file, False),
                    rx.hstack(rx.cond(RequestsState.answer_file != "", rx.badge(rx.icon("file", size=12), RequestsState.answer_file, variant="soft", size="2")),
                              rx.button(rx.icon("send", size=16), AppState.tr["requests.send_answer"], on_click=RequestsState.send_answer, id="send-answer"),
                              align="center", spacing="2", wrap="wrap"),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%", align_items="center"),
            rx.separator(size="4"),
            rx.hstack(rx.input(value=RequestsState.reject_reason, on_change=lambda v: RequestsState.set_field("reject_reason", v), id="reject-reason",
                               placeholder=AppState.tr["requests.reject_placeholder"], flex="1", min_width="12rem"),
                      rx.button(AppState.tr["requests.reject"], on_click=RequestsState.reject, color_scheme="red", variant="soft", id="reject"),
                      spacing="2", width="100%", wrap="wrap"),
            spacing="3", width="100%")),
        spacing="3", width="100%")


def _opened() -> rx.Component:
    o, raw = RequestsState.opened_view, RequestsState.opened
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(o["title"], size="5"), rx.spacer(), _late_badge(o["late_text"]),
                  rx.badge(o["status_text"], color_scheme=o["color"].to(str), size="2", id="opened-status"), width="100%", align="center", wrap="wrap"),
        rx.grid(_fact("common.contract", raw["reference"]), rx.cond(AppState.is_manager, _fact("common.driver", raw["requester"])),
                _fact("requests.submitted", o["submitted_text"]), _fact("requests.deadline", o["deadline_text"]),
                rx.cond(o["answered_text"] != "", _fact("requests.closed", o["answered_text"])), columns=rx.breakpoints(initial="2", md="5"), spacing="3", width="100%"),
        rx.cond(raw["details"] != "", rx.text(raw["details"], size="2", white_space="pre-wrap")),
        rx.cond(o["cost_text"] != "", rx.box(rx.vstack(
            rx.hstack(rx.text(AppState.tr["requests.simulated_cost"], size="2"), rx.text(o["cost_text"], size="3", weight="bold", id="opened-cost"), align="baseline", spacing="2"),
            rx.text(o["return_text"], size="2"), rx.text(o["why"], size="1", color_scheme="gray"), spacing="1"),
            padding="0.75rem", border_radius="8px", background_color=rx.color("teal", 2), width="100%")),
        rx.cond(RequestsState.files_view.length() > 0, rx.hstack(
            rx.foreach(RequestsState.files_view, lambda f: rx.link(rx.hstack(rx.icon("paperclip", size=14), rx.text(f["label"], size="2"), spacing="1", align="center"),
                                                                   href=f["url"], is_external=True, class_name="request-file")),
            spacing="3", wrap="wrap")),
        rx.cond((raw["status"] == "answered") | (raw["status"] == "rejected"), rx.box(rx.vstack(
            rx.text(rx.cond(raw["status"] == "answered", AppState.tr["requests.answer"], AppState.tr["requests.reason"]), size="1", color_scheme="gray"),
            rx.text(raw["answer"], size="2", white_space="pre-wrap", id="opened-answer"), spacing="1"),
            padding="0.75rem", border_radius="8px", background_color=rx.color("gray", 3), width="100%")),
        rx.cond(AppState.is_manager, _handling(),
                rx.cond((raw["status"] == "submitted") | (raw["status"] == "in_progress"), _upload("more-upload", "requests.add_file", RequestsState.add_more, True))),
        rx.cond(RequestsState.events_view.length() > 0, rx.vstack(
            rx.text(AppState.tr["requests.history"], size="2", weight="medium"), rx.foreach(RequestsState.events_view, lambda e: rx.text(e["text"], size="1")),
            spacing="1", id="request-history")),
        spacing="3", width="100%"), width="100%", id="request-detail")


@protected_page(routes.REQUESTS, "leasedash — requests", on_load=[RequestsState.load, HolidaysState.load])
def requests_page() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(AppState.is_manager, AppState.tr["requests.queue_title"], AppState.tr["requests.title"]), size="7"),
        rx.text(AppState.tr["requests.help"], size="2", color_scheme="gray"),
        _messages(),
        rx.cond(AppState.user_role == "driver", _form()),
        _list(),
        rx.cond(RequestsState.opened.length() > 0, _opened()),
        rx.cond(AppState.user_role == "admin", holidays_section()),
        spacing="4", width="100%",
    )
