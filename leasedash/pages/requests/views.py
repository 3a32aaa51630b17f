"""/requests: a driver's requests of seed 002 ("Mijn verzoeken") with attachments and, for an early termination,
the simulated cost; the queue of the fleet manager or the lessor with its deadlines of 48 working hours and the
late ones first; an admin's public holidays. Pure functions from the state's vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.confirm import confirmed
from leasedash.components.contract_search import contract_search
from leasedash.components.forms import hinted_input, label_text, named_upload
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem, refused_drop
from leasedash.pages.requests.holidays import HolidaysState
from leasedash.pages.requests.lines import Choice
from leasedash.pages.requests.state import MAX_FILES, RequestsState
from leasedash.services.holidays import countries
from leasedash.services.uploads import accepted_types, max_upload_bytes
from leasedash.state import AppState

WIDE = rx.breakpoints(initial="none", md="table-cell")


def select_box(options, value, on_change, element_id: str, name=None) -> rx.Component:
    """A full-width select of choices (value, label); `name` names it when no label is tied to it."""
    return rx.select.root(rx.select.trigger(id=element_id, width="100%", aria_label=name),
                          rx.select.content(rx.foreach(options, lambda o: rx.select.item(o.label, value=o.value))),
                          value=value, on_change=on_change)


def _labelled(key: str, child: rx.Component, field: str = "", control_id: str = "") -> rx.Component:
    """The label `key` tied to the control (`control_id`, else the child's own id) above it, its refusal under it."""
    return rx.vstack(label_text(AppState.tr[key], size="2", weight="medium", html_for=control_id or child.id), child, *([field_problem(field)] if field else []), spacing="1", width="100%")


def _upload(element_id: str, key: str, handler, many: bool) -> rx.Component:
    """A drop zone with its refusal right under it."""
    return rx.vstack(named_upload(AppState.tr[key],
        rx.hstack(rx.icon("paperclip", size=16), rx.text(AppState.tr[key], size="2"), align="center", spacing="2"),
        id=element_id, multiple=many, max_files=MAX_FILES if many else 1, max_size=max_upload_bytes(), accept=accepted_types(), on_drop=handler,
        on_drop_rejected=refused_drop(accepted_types(), max_upload_bytes(), MAX_FILES if many else 1),
        border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}", padding="0.75rem", border_radius=styles.RADIUS, width="100%", cursor="pointer",
    ), field_problem("file"), spacing="1", width="100%")


def _termination() -> rx.Component:
    q = RequestsState.quote
    return rx.box(rx.vstack(
        rx.hstack(
            _labelled("requests.month", rx.input(type="number", value=RequestsState.month, on_change=RequestsState.set_month, id="termination-month",
                                                 width="8rem", inputmode="numeric"), "termination_month"),
            rx.text(RequestsState.month_hint, size="1", color_scheme=styles.NEUTRAL), align="end", spacing="3", wrap="wrap", width="100%"),
        rx.cond(q, rx.vstack(
            rx.text(q.notice_text, size="1", color_scheme=styles.NEUTRAL, id="termination-notice"),
            rx.text(AppState.tr["requests.simulated_cost"], size="2", color_scheme=styles.NEUTRAL),
            rx.hstack(rx.badge(q.kind, color_scheme=q.color, size="2", id="simulated-kind"),
                      rx.text(q.cost, size="7", weight="bold", id="simulated-cost"), align="center", spacing="2"),
            rx.text(q.return_text, size="2"),
            rx.text(q.km_text, size="2", id="termination-km"),
            rx.text(q.why, size="1", color_scheme=styles.NEUTRAL),
            rx.link(AppState.tr["requests.open_what_if"], href=q.what_if, size="2", id="termination-what-if"),
            spacing="1", width="100%", id="termination-quote")),
        spacing="3", width="100%"), padding="1rem", border_radius=styles.RADIUS, background_color=rx.color(styles.ACCENT, 2),
        border=f"1px solid {rx.color(styles.ACCENT, 5)}", width="100%")


def _form() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["requests.new"], size="4", as_="h2"),
        rx.grid(_labelled("requests.kind", select_box(RequestsState.kind_options, RequestsState.kind, RequestsState.set_kind, "request-kind"), "kind", "request-kind"),
                _labelled("common.contract", rx.vstack(rx.text(RequestsState.contract_ref, size="3", weight="bold", id="request-contract"),
                                                       contract_search(RequestsState.set_contract, show_chosen=False), spacing="2", width="100%"),
                          "contract_id"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
        rx.cond(RequestsState.kind == "early_termination", _termination()),
        _labelled("requests.details", rx.text_area(value=RequestsState.details, on_change=RequestsState.set_details, id="request-details", rows="3",
                                                   width="100%", placeholder=AppState.tr["requests.details_placeholder"]), "details"),
        _labelled("requests.attachments", _upload("request-upload", "requests.drop_files", RequestsState.add_files, True)),
        rx.text(RequestsState.upload_hint, size="1", color_scheme=styles.NEUTRAL),
        rx.cond(RequestsState.pending.length() > 0, rx.hstack(rx.foreach(RequestsState.pending, lambda name, i: rx.badge(
            rx.icon("file", size=12), name, rx.icon("x", size=12, cursor="pointer", on_click=RequestsState.drop_file(i)), variant="soft", size="2")),
            spacing="2", wrap="wrap", id="pending-files")),
        rx.button(rx.icon("send", size=16), AppState.tr["requests.send"], on_click=RequestsState.file, id="file-request"),
        spacing="3", width="100%"), width="100%")


def _late_badge(text) -> rx.Component:
    return rx.cond(text != "", rx.badge(rx.icon("clock-alert", size=12), text, color_scheme=styles.INVOICE, variant="solid"))


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.link(r.title, weight="medium", size="2", on_click=RequestsState.open(r.id), cursor="pointer"),
                                rx.text("#", r.id, " · ", r.reference, rx.cond(AppState.is_manager, " · " + r.requester, ""),
                                        size="1", color_scheme=styles.NEUTRAL), spacing="0")),
        rx.table.cell(r.submitted, white_space="nowrap", display=WIDE),
        rx.table.cell(rx.vstack(rx.text(r.deadline, size="2", white_space=rx.breakpoints(initial="normal", md="nowrap")), _late_badge(r.late),
                                spacing="1")),
        rx.table.cell(rx.badge(r.status, color_scheme=r.color)),
        rx.table.cell(rx.button(AppState.tr["requests.open"], size="1", variant="soft", on_click=RequestsState.open(r.id)), display=WIDE),
        class_name="request-row",
    )


def _list() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(rx.cond(AppState.is_manager, AppState.tr["requests.queue"], AppState.tr["requests.yours"]), size="4", as_="h2"), rx.spacer(),
                  rx.box(select_box(RequestsState.status_options, RequestsState.status_filter, RequestsState.set_status_filter, "status-filter",
                                    AppState.tr["common.status"]),
                         min_width="10rem"),
                  width="100%", align="center", wrap="wrap", spacing="3"),
        rx.cond(AppState.is_manager, rx.vstack(
            contract_search(RequestsState.filter_contract, show_chosen=False),
            rx.cond(RequestsState.filter_text != "", rx.hstack(
                rx.badge(RequestsState.filter_text, size="2", id="requests-filter"),
                rx.button(AppState.tr["requests.clear_filter"], size="1", variant="soft", on_click=RequestsState.clear_filter, id="requests-clear-filter"),
                align="center", spacing="2")),
            spacing="2", width="100%")),
        rx.cond(RequestsState.rows.length() > 0,
                rx.box(rx.table.root(
                    rx.table.header(rx.table.row(
                        rx.table.column_header_cell(AppState.tr["requests.kind"]),
                        rx.table.column_header_cell(AppState.tr["requests.submitted"], display=WIDE),
                        rx.table.column_header_cell(AppState.tr["requests.deadline"]), rx.table.column_header_cell(AppState.tr["common.status"]),
                        rx.table.column_header_cell("", display=WIDE))),
                    rx.table.body(rx.foreach(RequestsState.rows, _row)), variant="ghost", size="1", id="requests-table", width="100%"),
                    overflow_x="auto", width="100%"),
                rx.text(AppState.tr["requests.none"], size="2", color_scheme=styles.NEUTRAL)),
        spacing="3", width="100%"), width="100%")


def _fact(key: str, value) -> rx.Component:
    return rx.vstack(rx.text(AppState.tr[key], size="1", color_scheme=styles.NEUTRAL), rx.text(value, size="2", weight="medium"), spacing="0")


def _handling(o) -> rx.Component:
    return rx.vstack(
        rx.cond(o.submitted, rx.button(rx.icon("hand", size=16), AppState.tr["requests.take_up"], on_click=RequestsState.take_up, id="take-up")),
        rx.cond(o.in_progress, rx.vstack(
            _labelled("requests.answer", rx.text_area(value=RequestsState.answer_text, on_change=RequestsState.set_answer_text, id="answer-text",
                                                      rows="3", width="100%", placeholder=AppState.tr["requests.answer_placeholder"]), "answer"),
            rx.cond(o.buy_out, _labelled("endlease.answer_label", rx.input(value=RequestsState.answer_quote, on_change=RequestsState.set_answer_quote,
                                                                          inputmode="decimal", id="answer-quote", width="12rem"), "quote")),
            rx.grid(_upload("answer-upload", "requests.drop_answer", RequestsState.add_answer_file, False),
                    rx.hstack(rx.cond(RequestsState.answer_file != "", rx.badge(rx.icon("file", size=12), RequestsState.answer_file, variant="soft",
                                                                                size="2")),
                              rx.button(rx.icon("send", size=16), AppState.tr["requests.send_answer"], on_click=RequestsState.send_answer, id="send-answer"),
                              align="center", spacing="2", wrap="wrap"),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%", align_items="center"),
            rx.separator(size="4"),
            rx.hstack(hinted_input("requests.reject_placeholder", value=RequestsState.reject_reason, on_change=RequestsState.set_reject_reason,
                                   id="reject-reason", flex="1", min_width="12rem"),
                      rx.button(AppState.tr["requests.reject"], on_click=RequestsState.reject, color_scheme=styles.INVOICE, variant="soft", id="reject"),
                      spacing="2", width="100%", wrap="wrap"),
            field_problem("reason"),
            spacing="3", width="100%")),
        spacing="3", width="100%")


def _opened() -> rx.Component:
    o = RequestsState.opened
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(o.heading, size="5", as_="h2"), rx.spacer(), _late_badge(o.line.late),
                  rx.badge(o.line.status, color_scheme=o.line.color, size="2", id="opened-status"), width="100%", align="center", wrap="wrap"),
        rx.grid(_fact("common.contract", o.line.reference), rx.cond(AppState.is_manager, _fact("common.driver", o.line.requester)),
                _fact("requests.submitted", o.line.submitted), _fact("requests.deadline", o.line.deadline),
                rx.cond(o.answered != "", _fact("requests.closed", o.answered)), columns=rx.breakpoints(initial="2", md="5"), spacing="3", width="100%"),
        rx.cond(o.details != "", rx.text(o.details, size="2", white_space="pre-wrap")),
        rx.cond(o.cost != "", rx.box(rx.vstack(
            rx.hstack(rx.text(AppState.tr["requests.simulated_cost"], size="2"), rx.text(o.cost, size="3", weight="bold", id="opened-cost"),
                      align="baseline", spacing="2"),
            rx.text(o.return_text, size="2"), rx.text(o.why, size="1", color_scheme=styles.NEUTRAL), spacing="1"),
            padding="0.75rem", border_radius=styles.RADIUS, background_color=rx.color(styles.ACCENT, 2), width="100%")),
        rx.cond(RequestsState.files.length() > 0, rx.hstack(
            rx.foreach(RequestsState.files, lambda f: rx.link(rx.hstack(rx.icon("paperclip", size=14), rx.text(f.label, size="2"), spacing="1",
                                                                        align="center"), href=f.url, is_external=True, class_name="request-file")),
            spacing="3", wrap="wrap")),
        rx.cond(o.closed, rx.box(rx.vstack(
            rx.text(o.answer_label, size="1", color_scheme=styles.NEUTRAL),
            rx.text(o.answer, size="2", white_space="pre-wrap", id="opened-answer"), spacing="1"),
            padding="0.75rem", border_radius=styles.RADIUS, background_color=rx.color(styles.NEUTRAL, 3), width="100%")),
        rx.cond(AppState.is_manager, _handling(o),
                rx.cond(o.closed, rx.fragment(), _upload("more-upload", "requests.add_file", RequestsState.add_more, True))),
        rx.cond(RequestsState.history.length() > 0, rx.vstack(
            rx.text(AppState.tr["requests.history"], size="2", weight="medium"), rx.foreach(RequestsState.history, lambda line: rx.text(line, size="1")),
            spacing="1", id="request-history")),
        spacing="3", width="100%"), width="100%", id="request-detail")


def _holiday_row(h) -> rx.Component:
    return rx.table.row(
        rx.table.cell(h.date, white_space="nowrap"), rx.table.cell(h.name),
        rx.table.cell(rx.cond(h.rule_id == 0,
                              _remove_day(AppState.tr["requests.cancel_holiday"], HolidaysState.cancel(h.day)),
                              _remove_day(AppState.tr["requests.remove"], HolidaysState.remove(h.rule_id)))))


def _remove_day(label, on_confirm) -> rx.Component:
    """A day taken out of the calendar (a public holiday cancelled, a day of the lessor's removed), once confirmed."""
    return confirmed(rx.button(label, size="1", variant="ghost", color_scheme=styles.INVOICE), AppState.tr["confirm.remove_holiday_title"],
                     AppState.tr["confirm.remove_holiday_text"], label, on_confirm=on_confirm, action_id="confirm-remove-day")


def _holidays() -> rx.Component:
    """Country; date, name and "every year" to add a day; the calendar of this year and the next, each public holiday
    with a cancel button, each day of the lessor's with a remove button; the lessor's rules."""
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["requests.holidays"], size="4", as_="h2"),
        rx.text(AppState.tr["requests.holidays_help"], size="2", color_scheme=styles.NEUTRAL),
        rx.hstack(rx.box(select_box([Choice(c, c) for c in countries()], HolidaysState.country, HolidaysState.set_country, "holiday-country",
                                    AppState.tr["requests.country"]),
                         width="6rem"),
                  rx.vstack(rx.input(type="date", value=HolidaysState.day, on_change=HolidaysState.set_day, id="holiday-day",
                                     aria_label=AppState.tr["requests.holiday_day"]), field_problem("day"),
                            spacing="1"),
                  rx.vstack(hinted_input("requests.holiday_name", value=HolidaysState.name, on_change=HolidaysState.set_name, id="holiday-name"), field_problem("name"), spacing="1"),
                  rx.checkbox(AppState.tr["requests.every_year"], checked=HolidaysState.every_year, on_change=HolidaysState.set_every_year,
                              id="holiday-every-year"),
                  rx.button(rx.icon("plus", size=16), AppState.tr["requests.add_holiday"], on_click=HolidaysState.add, id="add-holiday"),
                  spacing="2", wrap="wrap", align="start"),
        rx.box(rx.table.root(rx.table.body(rx.foreach(HolidaysState.rows, _holiday_row)), size="1", width="100%", id="holidays-table"),
               max_height="20rem", overflow_y="auto", width="100%"),
        rx.text(AppState.tr["requests.holiday_rules"], size="2", weight="medium"),
        rx.cond(HolidaysState.rules.length() > 0,
                rx.vstack(rx.foreach(HolidaysState.rules, lambda r: rx.hstack(
                    rx.text(r.text, size="2"), _remove_day(AppState.tr["requests.remove"], HolidaysState.remove(r.id)), align="center", spacing="2")),
                          spacing="1", id="holiday-rules"),
                rx.text(AppState.tr["requests.no_rules"], size="2", color_scheme=styles.NEUTRAL)),
        spacing="3", width="100%"), width="100%")


@protected_page(routes.REQUESTS, "leasedash — requests", on_load=[RequestsState.load])
def requests_page() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(AppState.is_manager, AppState.tr["requests.queue_title"], AppState.tr["requests.title"]), size="7"),
        rx.text(AppState.tr["requests.help"], size="2", color_scheme=styles.NEUTRAL),
        rx.cond(RequestsState.notice_text != "", rx.callout(RequestsState.notice_text, icon="circle-check", color_scheme=styles.REFUND,
                                                            id="requests-notice", width="100%")),
        rx.cond(AppState.user_role == "driver", _form()),
        _list(),
        rx.cond(RequestsState.opened, _opened()),
        rx.cond(AppState.user_role == "admin", _holidays()),
        spacing="4", width="100%",
    )
