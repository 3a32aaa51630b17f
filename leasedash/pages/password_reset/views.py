"""/password/forgot, /password/reset and /invitation: the address form of a forgotten password, and the new-password
form a reset or an invitation link opens. Pure functions from the states' vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.forms import centred_card, rule_problems, text_field
from leasedash.components.layout import page
from leasedash.pages.password_reset.state import ForgotState, PasswordLinkState
from leasedash.state import AppState


@rx.page(route=routes.PASSWORD_FORGOT, title="leasedash — forgot your password", on_load=ForgotState.open)
def forgot() -> rx.Component:
    """Seed 000's "Mot de passe oublié": the address, and the same answer for every address."""
    return page(centred_card(
        rx.heading(AppState.tr["reset.forgot_title"], size="6"),
        rx.cond(ForgotState.answered,
                rx.callout(AppState.tr["reset.answer"], icon="mail-check", color_scheme=styles.REFUND, id="reset-answer", width="100%"),
                rx.form(rx.vstack(
                    rx.text(AppState.tr["reset.forgot_intro"], size="2", color_scheme=styles.NEUTRAL),
                    text_field("login.email", "email", "email", "email"),
                    rx.button(AppState.tr["reset.send"], type="submit", size="3", width="100%", id="send-reset"),
                    spacing="3", width="100%"), on_submit=ForgotState.submit, reset_on_submit=False, width="100%")),
        rx.link(AppState.tr["login.submit"], href=routes.LOGIN, size="2"),
    ))


def _new_password(title_key: str) -> rx.Component:
    return page(centred_card(
        rx.heading(AppState.tr[title_key], size="6"),
        rx.cond(PasswordLinkState.link_ok, rx.form(rx.vstack(
            rx.text(PasswordLinkState.greeting, size="3", weight="medium"),
            text_field("account.new", "password", "password", "new-password"),
            rx.text(AppState.tr["account.rule"], size="1", color_scheme=styles.NEUTRAL),
            rule_problems(PasswordLinkState.password_texts),
            rx.button(AppState.tr["reset.set"], type="submit", size="3", width="100%", id="set-password"),
            spacing="3", width="100%"), on_submit=PasswordLinkState.submit, reset_on_submit=False, width="100%")),
        rx.cond(PasswordLinkState.done,
                rx.callout(AppState.tr["reset.done"], icon="check", color_scheme=styles.REFUND, id="password-set", width="100%")),
        rx.cond(~PasswordLinkState.link_ok & ~PasswordLinkState.done,
                rx.link(AppState.tr["reset.ask_again"], href=routes.PASSWORD_FORGOT, size="2")),
        rx.link(AppState.tr["login.submit"], href=routes.LOGIN, size="2", id="to-sign-in"),
    ))


@rx.page(route=routes.PASSWORD_RESET, title="leasedash — new password", on_load=PasswordLinkState.open_reset)
def reset() -> rx.Component:
    """The reset link's page: a new password under the rule."""
    return _new_password("reset.title")


@rx.page(route=routes.INVITATION, title="leasedash — welcome", on_load=PasswordLinkState.open_invitation)
def invitation() -> rx.Component:
    """The invitation link's page: the password of the new account."""
    return _new_password("invitation.title")
