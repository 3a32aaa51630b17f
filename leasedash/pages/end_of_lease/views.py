"""/end-of-lease: return at term, extend by N months or buy the car out, three columns side by side with their
figures and rules, the cheapest named and why, the cumulative chart, the assumptions, the dates, and the buy-out
quote asked by the driver and answered by the fleet manager or the lessor."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.contract_search import contract_search
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem
from leasedash.components.slider import labelled_slider
from leasedash.pages.end_of_lease.display import Figure, PathColumn
from leasedash.pages.end_of_lease.state import EndOfLeaseState
from leasedash.state import AppState

S = EndOfLeaseState


def _line(line: Figure) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(line.label, size="2"),
                  rx.cond(line.note != "", rx.text(line.note, size="1", color_scheme=styles.NEUTRAL)), spacing="0"),
        rx.spacer(), rx.text(line.amount, size="2", weight="medium", white_space="nowrap"),
        width="100%", align="start")


def _column(column: PathColumn) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(column.title, size="4", as_="h2"),
            rx.hstack(rx.foreach(column.badges, lambda b: rx.badge(b, color_scheme=column.color, size="1")), wrap="wrap", spacing="1"),
            rx.text(column.total, size="7", weight="bold", id="path-total-" + column.path),
            rx.text(AppState.tr["endlease.total_label"], size="1", color_scheme=styles.NEUTRAL),
            rx.divider(),
            rx.foreach(column.lines, _line),
            rx.divider(),
            rx.text(column.rule, size="1", id="path-rule-" + column.path),
            spacing="2", width="100%"),
        width="100%", id="path-" + column.path,
        border=rx.cond(column.cheapest, f"2px solid var(--{styles.ACCENT}-8)", "2px solid transparent"),
    )


def _extension() -> rx.Component:
    b = S.extension_bounds
    return rx.card(rx.vstack(
        rx.hstack(rx.text(AppState.tr["endlease.extension"], size="2"), rx.spacer(),
                  rx.text(S.summary.extension, size="2", weight="bold", id="extension-value"), width="100%"),
        labelled_slider(label=AppState.tr["endlease.extension"], default_value=[S.extension], min=b[0], max=b[1], step=b[2],
                        on_value_commit=S.set_extension, id="extension", width="100%", key="extension-" + S.contract_id),
        field_problem("extension"),
        spacing="2", width="100%"), width="100%")


def _buy_out() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["endlease.buy_out_quote"], size="4", as_="h2"),
        rx.cond(S.request_text != "", rx.text(S.request_text, size="2", id="buy-out-status")),
        rx.cond(S.can_ask, rx.button(AppState.tr["endlease.ask_quote"], on_click=S.ask_quote, id="ask-quote")),
        rx.cond(S.can_answer, rx.vstack(
            rx.text(AppState.tr["endlease.answer_label"], size="2"),
            rx.input(value=S.quote_text, on_change=S.set_quote_text, inputmode="decimal", id="quote-amount",
                     aria_label=AppState.tr["endlease.answer_label"], width="12rem"),
            field_problem("quote"),
            rx.text_area(value=S.note_text, on_change=S.set_note_text, id="quote-note", aria_label=AppState.tr["endlease.note_label"],
                         placeholder=AppState.tr["endlease.note_label"], width="100%"),
            rx.button(AppState.tr["endlease.answer_button"], on_click=S.answer_quote, id="answer-quote"),
            spacing="2", width="100%")),
        spacing="3", width="100%"), width="100%")


def _decision() -> rx.Component:
    s = S.summary
    return rx.vstack(
        rx.text(s.contract, weight="medium", id="endlease-contract"),
        rx.text(s.as_of, size="2", color_scheme=styles.NEUTRAL),
        rx.callout(rx.vstack(rx.text(s.verdict, weight="medium", id="endlease-verdict"), rx.text(s.why, size="2"), spacing="1"),
                   icon="badge-check", color_scheme=styles.ACCENT, width="100%"),
        _extension(),
        rx.grid(rx.foreach(S.columns, _column), columns=rx.breakpoints(initial="1", md="3"), spacing="4", width="100%"),
        rx.hstack(rx.text(s.costs_source, size="2", id="costs-source"),
                  rx.cond(S.self_check_link != "", rx.link(AppState.tr["endlease.do_self_check"], href=S.self_check_link, id="self-check-link")),
                  wrap="wrap", spacing="2"),
        rx.card(rx.plotly.basic(data=S.chart, use_resize_handler=True, width="100%", id="endlease-chart"), width="100%"),
        rx.grid(_buy_out(),
                rx.card(rx.vstack(rx.heading(AppState.tr["endlease.dates_title"], size="4", as_="h2"),
                                  rx.text(s.dates, size="2", id="endlease-dates"), spacing="2"), width="100%"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        rx.card(rx.vstack(rx.heading(AppState.tr["endlease.assumptions"], size="4", as_="h2"),
                          rx.unordered_list(rx.foreach(S.assumptions, lambda a: rx.list_item(rx.text(a, size="2")))),
                          spacing="2"), width="100%", id="endlease-assumptions"),
        spacing="4", width="100%")


@protected_page(routes.END_OF_LEASE, "leasedash — end of lease", on_load=[S.load])
def end_of_lease() -> rx.Component:
    """The decision of the contract shown; a manager finds any contract of their scope with the contract search."""
    return rx.vstack(
        rx.vstack(rx.heading(AppState.tr["endlease.title"], size="7"),
                  rx.text(AppState.tr["endlease.subtitle"], size="2", color_scheme=styles.NEUTRAL), spacing="1"),
        rx.cond(AppState.is_manager, contract_search(S.choose_contract)),
        rx.cond(S.notice_text != "", rx.callout(S.notice_text, icon="check", color_scheme=styles.ACCENT, id="endlease-notice")),
        rx.cond(S.opened, _decision(), rx.cond(AppState.problem == "", rx.text(AppState.tr["endlease.no_contract"]))),
        spacing="4", width="100%",
    )
