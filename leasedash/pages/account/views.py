"""/login, /account and /tokens: the sign-in form, the change-password form, the personal API tokens; pure functions
from the states' vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.confirm import confirmed
from leasedash.components.forms import hinted_input, label_text
from leasedash.components.layout import page, protected_page
from leasedash.components.problems import field_problem
from leasedash.pages.account.pace_mails import PaceMailState, pace_mail_card
from leasedash.pages.account.security_state import SecurityState
from leasedash.pages.account.email_views import email_card
from leasedash.pages.account.privacy_views import privacy_card
from leasedash.pages.account.security_views import code_step, second_factor_card, sessions_card
from leasedash.pages.account.state import AccountState, LoginState, TokensState
from leasedash.state import AppState


def _label(key: str, html_for: str) -> rx.Component:
    return label_text(AppState.tr[key], size="2", weight="medium", html_for=html_for)


@rx.page(route=routes.LOGIN, title="leasedash — sign in", on_load=LoginState.skip_when_signed_in)
def login() -> rx.Component:
    """The sign-in form, centred, with the ways to a forgotten password and to an account, and the demo accounts
    named while the demo is loaded."""
    return page(rx.center(
        rx.card(rx.cond(LoginState.code_step, code_step(), rx.form(rx.vstack(
            rx.heading(AppState.tr["login.title"], size="6"),
            rx.text(AppState.tr["login.tagline"], color_scheme=styles.NEUTRAL, size="2"),
            _label("login.email", "email"),
            rx.input(id="email", name="email", type="email", autocomplete="username", size="3", width="100%", required=True),
            _label("login.password", "password"),
            rx.input(id="password", name="password", type="password", autocomplete="current-password", size="3", width="100%", required=True),
            rx.cond(LoginState.error_key != "",
                    rx.callout(LoginState.error_text, icon="triangle-alert", color_scheme=styles.WARNING, role="alert", id="login-error", width="100%")),
            rx.button(AppState.tr["login.submit"], type="submit", size="3", width="100%", id="sign-in"),
            rx.vstack(rx.link(AppState.tr["login.forgot"], href=routes.PASSWORD_FORGOT, size="2", id="forgot-password"),
                      rx.link(AppState.tr["login.sign_up"], href=routes.SIGNUP, size="2", id="to-sign-up"), spacing="1"),
            rx.cond(LoginState.demo_shown, rx.text(AppState.tr["login.demo"], size="1", color_scheme=styles.NEUTRAL, id="demo-accounts")),
            spacing="3", width="100%"),
            on_submit=LoginState.submit, reset_on_submit=False)),
            size="4", width="100%", max_width="26rem"),
        width="100%", padding_top="8vh"))


@protected_page(routes.ACCOUNT, "leasedash — account", on_load=[SecurityState.load, PaceMailState.load])
def account() -> rx.Component:
    """Who you are, a form to change your password, your authenticator, your sessions, your data."""
    return rx.vstack(
        rx.heading(AppState.tr["account.title"], size="7"),
        rx.text(AppState.user_name, " · ", AppState.user_email, color_scheme=styles.NEUTRAL),
        rx.card(rx.form(rx.vstack(
            rx.heading(AppState.tr["account.change_password"], size="4", as_="h2"),
            rx.text(AppState.tr["account.rule"], size="2", color_scheme=styles.NEUTRAL),
            _label("account.current", "current"),
            rx.input(id="current", name="current", type="password", autocomplete="current-password", width="100%"),
            _label("account.new", "new"),
            rx.input(id="new", name="new", type="password", autocomplete="new-password", width="100%"),
            rx.foreach(AccountState.problem_texts, lambda t: rx.text(t, color=rx.color(styles.WARNING, 11), size="2", role="alert")),
            rx.cond(AccountState.saved, rx.callout(AppState.tr["account.saved"], icon="check", color_scheme=styles.REFUND)),
            rx.button(AppState.tr["common.save"], type="submit"),
            spacing="3", width="100%"),
            on_submit=AccountState.change, reset_on_submit=True),
            max_width="30rem", width="100%"),
        email_card(), second_factor_card(), sessions_card(), privacy_card(), pace_mail_card(),
        spacing="4", width="100%",
    )


def _token_row(t) -> rx.Component:
    return rx.table.row(
        rx.table.cell(t.name, weight="medium"), rx.table.cell(rx.code(t.prefix + "…")), rx.table.cell(t.owner),
        rx.table.cell(t.created), rx.table.cell(t.last_used),
        rx.table.cell(rx.cond(t.revoked, rx.badge(AppState.tr["tokens.revoked"], color_scheme=styles.NEUTRAL),
                              confirmed(rx.button(AppState.tr["tokens.revoke"], size="1", color_scheme=styles.INVOICE, variant="soft"),
                                        AppState.tr["confirm.revoke_title"], AppState.tr["confirm.revoke_text"], AppState.tr["tokens.revoke"],
                                        on_confirm=TokensState.revoke(t.id), action_id="confirm-revoke"))),
    )


@protected_page(routes.TOKENS, "leasedash — API tokens", on_load=[TokensState.load])
def tokens_page() -> rx.Component:
    return rx.vstack(
        rx.heading(AppState.tr["tokens.title"], size="7"),
        rx.text(AppState.tr["tokens.help"], size="2", color_scheme=styles.NEUTRAL),
        rx.cond(TokensState.revoked_notice != "", rx.callout(TokensState.revoked_notice, icon="shield-alert", color_scheme=styles.WARNING,
                                                               id="tokens-revoked", width="100%")),
        rx.card(rx.vstack(
            rx.hstack(
                hinted_input("tokens.name", value=TokensState.name, on_change=TokensState.set_name, id="token-name", width="16rem"),
                rx.cond(AppState.user_role == "admin", rx.vstack(
                    hinted_input("tokens.for_user", value=TokensState.for_email, on_change=TokensState.set_for_email, width="20rem",
                                 id="token-for-email"),
                    field_problem("for_email"), spacing="1")),
                rx.button(rx.icon("key-round", size=16), AppState.tr["tokens.create"], on_click=TokensState.create, id="token-create"),
                spacing="3", wrap="wrap", align="start",
            ),
            rx.cond(TokensState.created != "", rx.callout(rx.vstack(rx.text(AppState.tr["tokens.created"]), rx.code(TokensState.created, id="token-value")),
                                                           icon="key-round", color_scheme=styles.REFUND, width="100%")),
            spacing="3", width="100%"), width="100%"),
        rx.cond(TokensState.rows.length() > 0,
                rx.card(rx.table.root(rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                    "tokens.name", "tokens.prefix", "tokens.owner", "tokens.created_at", "tokens.last_used")), rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(TokensState.rows, _token_row)), size="2", variant="ghost"), width="100%", overflow_x="auto"),
                rx.text(AppState.tr["tokens.none"], size="2")),
        spacing="4", width="100%",
    )
