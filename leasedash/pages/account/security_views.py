"""The code step of /login and the security cards of /account: pure functions from the states' vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.components.forms import label_text
from leasedash.components.problems import field_problem
from leasedash.pages.account.security_state import SecurityState
from leasedash.pages.account.state import LoginState
from leasedash.state import AppState


def _code_input(field_id: str) -> rx.Component:
    return rx.input(id=field_id, name="code", autocomplete="one-time-code", input_mode="numeric", max_length=8,
                    placeholder="123456", size="3", width="12rem", required=True)


def code_step() -> rx.Component:
    """The second half of a sign-in: the code of the authenticator app."""
    return rx.form(rx.vstack(
        rx.heading(AppState.tr["login.code_title"], size="6"),
        rx.text(AppState.tr["login.code_help"], size="2", color_scheme=styles.NEUTRAL),
        label_text(AppState.tr["security.code"], size="2", weight="medium", html_for="login-code"),
        _code_input("login-code"),
        rx.cond(LoginState.error_key != "",
                rx.callout(LoginState.error_text, icon="triangle-alert", color_scheme=styles.WARNING, role="alert", id="login-error", width="100%")),
        rx.button(AppState.tr["login.code_submit"], type="submit", size="3", width="100%", id="code-submit"),
        spacing="3", width="100%"),
        on_submit=LoginState.submit_code, reset_on_submit=True)


def _session_row(line) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.where, rx.cond(line.current, rx.badge(AppState.tr["security.this_browser"], color_scheme=styles.REFUND, ml="2"))),
        rx.table.cell(line.since), rx.table.cell(line.last_seen),
        rx.table.cell(rx.cond(line.current, rx.fragment(),
                              rx.button(AppState.tr["security.end_session"], size="1", variant="soft", color_scheme=styles.INVOICE,
                                        on_click=SecurityState.end_session(line.id)))),
        class_name="session-row",
    )


def sessions_card() -> rx.Component:
    """My active sessions, and a button that ends them all."""
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["security.sessions"], size="4", as_="h2"),
        rx.table.root(
            rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                "security.where", "security.since", "security.last_seen")), rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(SecurityState.sessions, _session_row)), size="1", variant="ghost", id="sessions"),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(rx.button(rx.icon("log-out", size=16), AppState.tr["security.everywhere"], variant="outline",
                                              color_scheme=styles.INVOICE, id="sign-out-everywhere")),
            rx.alert_dialog.content(
                rx.alert_dialog.title(AppState.tr["security.everywhere"]),
                rx.alert_dialog.description(AppState.tr["security.everywhere_help"]),
                rx.hstack(rx.alert_dialog.cancel(rx.button(AppState.tr["common.cancel"], variant="soft", color_scheme=styles.NEUTRAL)),
                          rx.alert_dialog.action(rx.button(AppState.tr["security.everywhere"], color_scheme=styles.INVOICE,
                                                           on_click=SecurityState.sign_out_everywhere, id="confirm-everywhere")),
                          spacing="3", justify="end", margin_top="1rem")),
        ),
        spacing="3", width="100%"), width="100%", max_width="48rem")


def _setting_up() -> rx.Component:
    return rx.vstack(
        rx.text(AppState.tr["security.totp_scan"], size="2"),
        rx.image(src=SecurityState.qr_code, alt=AppState.tr["security.totp_qr"], width="13rem", height="13rem", id="totp-qr"),
        rx.text(AppState.tr["security.totp_key"], size="2", color_scheme=styles.NEUTRAL),
        rx.code(SecurityState.secret, id="totp-secret"),
        rx.form(rx.vstack(
            label_text(AppState.tr["security.code"], size="2", weight="medium", html_for="totp-code"),
            _code_input("totp-code"), field_problem("code"),
            rx.button(AppState.tr["security.totp_confirm"], type="submit", id="totp-confirm"), spacing="2"),
            on_submit=SecurityState.confirm_second_factor, reset_on_submit=True),
        spacing="3")


def _remove() -> rx.Component:
    return rx.form(rx.vstack(
        rx.text(AppState.tr["security.totp_remove_help"], size="2", color_scheme=styles.NEUTRAL),
        rx.hstack(_code_input("totp-remove-code"),
                  rx.button(AppState.tr["security.totp_remove"], type="submit", variant="soft", color_scheme=styles.INVOICE, id="totp-remove"),
                  spacing="2"),
        field_problem("code"), spacing="2"),
        on_submit=SecurityState.remove_second_factor, reset_on_submit=True)


def second_factor_card() -> rx.Component:
    """My authenticator: set it up (required for admins) or remove it."""
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["security.totp"], size="4", as_="h2"),
        rx.cond(SecurityState.second_factor_required,
                rx.callout(AppState.tr["security.totp_required"], icon="shield-alert", color_scheme=styles.WARNING, id="totp-required")),
        rx.cond(SecurityState.notice != "", rx.callout(SecurityState.notice, icon="check", color_scheme=styles.REFUND, id="totp-notice")),
        rx.cond(SecurityState.has_second_factor,
                rx.vstack(rx.badge(AppState.tr["security.totp_active"], color_scheme=styles.REFUND, id="totp-active"), _remove()),
                rx.cond(SecurityState.setting_up, _setting_up(), rx.vstack(
                    rx.text(AppState.tr["security.totp_offer"], size="2"),
                    rx.button(rx.icon("smartphone", size=16), AppState.tr["security.totp_start"], on_click=SecurityState.start_second_factor,
                              id="totp-start")))),
        spacing="3", width="100%"), width="100%", max_width="48rem", id="second-factor")
