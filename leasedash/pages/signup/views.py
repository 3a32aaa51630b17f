"""/signup and /signup/confirm: the sign-up form of a private lessee (name, address, language, birth date, a password
under the rule of seed 000) and the page of the confirmation link. Pure functions from the states' vars to
components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.forms import centred_card, language_field, rule_problems, text_field
from leasedash.components.layout import page
from leasedash.pages.signup.state import SignupConfirmState, SignupState
from leasedash.state import AppState


def _form() -> rx.Component:
    return rx.form(rx.vstack(
        rx.grid(text_field("signup.first_name", "first_name", autocomplete="given-name"),
                text_field("signup.last_name", "last_name", autocomplete="family-name"), columns="2", spacing="3", width="100%"),
        text_field("login.email", "email", "email", "email"),
        rx.text(AppState.tr["signup.one_account"], size="1", color_scheme=styles.NEUTRAL),
        language_field(),
        text_field("signup.birth_date", "birth_date", "date", "bday", required=False),
        text_field("login.password", "password", "password", "new-password"),
        rx.text(AppState.tr["account.rule"], size="1", color_scheme=styles.NEUTRAL),
        rule_problems(SignupState.password_texts),
        rx.button(AppState.tr["signup.submit"], type="submit", size="3", width="100%", id="sign-up"),
        spacing="3", width="100%"), on_submit=SignupState.submit, reset_on_submit=False, width="100%")


@rx.page(route=routes.SIGNUP, title="leasedash — sign up", on_load=SignupState.open)
def signup() -> rx.Component:
    """The sign-up form, or once sent, where the confirmation link went."""
    return page(centred_card(
        rx.heading(AppState.tr["signup.title"], size="6"),
        rx.text(AppState.tr["signup.intro"], size="2", color_scheme=styles.NEUTRAL),
        rx.cond(SignupState.sent_to != "",
                rx.callout(SignupState.sent_text, icon="mail-check",
                           color_scheme=styles.REFUND, id="signup-sent", width="100%"),
                _form()),
        rx.link(AppState.tr["signup.have_account"], href=routes.LOGIN, size="2"),
    ))


@rx.page(route=routes.SIGNUP_CONFIRM, title="leasedash — confirm your address", on_load=SignupConfirmState.confirm)
def signup_confirm() -> rx.Component:
    """The confirmation link's page: confirmed, or why not (shown at the top of the page)."""
    return page(centred_card(
        rx.heading(AppState.tr["signup.confirm_title"], size="6"),
        rx.cond(SignupConfirmState.confirmed,
                rx.callout(AppState.tr["signup.confirmed"], icon="check", color_scheme=styles.REFUND, id="signup-confirmed", width="100%")),
        rx.link(AppState.tr["login.submit"], href=routes.LOGIN, size="2", id="to-sign-in"),
    ))
