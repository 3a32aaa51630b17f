"""The e-mail card of /account and the page its link opens: pure functions from EmailChangeState's vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.forms import label_text
from leasedash.components.layout import page
from leasedash.components.problems import field_problem
from leasedash.pages.account.email_state import EmailChangeState
from leasedash.state import AppState


def _labelled(key: str, field_id: str, **props) -> rx.Component:
    return rx.vstack(label_text(AppState.tr[key], size="2", weight="medium", html_for=field_id),
                     rx.input(id=field_id, name=field_id.replace("-", "_"), width="100%", required=True, **props),
                     field_problem(field_id.replace("-", "_")), spacing="1", width="100%")


def email_card() -> rx.Component:
    """Change my address: the new one and my password; a link goes to the new one."""
    return rx.card(rx.form(rx.vstack(
        rx.heading(AppState.tr["email.title"], size="4", as_="h2"),
        rx.text(AppState.tr["email.help"], size="2", color_scheme=styles.NEUTRAL),
        _labelled("email.new", "new-email", type="email", autocomplete="email"),
        rx.vstack(label_text(AppState.tr["login.password"], size="2", weight="medium", html_for="email-password"),
                  rx.input(id="email-password", name="password", type="password", autocomplete="current-password", width="100%", required=True),
                  field_problem("password"), spacing="1", width="100%"),
        rx.cond(EmailChangeState.sent_to != "",
                rx.callout(AppState.tr["email.sent"], icon="mail", color_scheme=styles.REFUND, id="email-sent")),
        rx.button(AppState.tr["email.submit"], type="submit", id="email-submit"),
        spacing="3", width="100%"),
        on_submit=EmailChangeState.request, reset_on_submit=True),
        max_width="30rem", width="100%")


@rx.page(route=routes.ACCOUNT_EMAIL, title="leasedash — e-mail address", on_load=EmailChangeState.confirm)
def email_confirmed() -> rx.Component:
    """What the link sent to a new address shows: the address is changed, or why not."""
    return page(rx.center(rx.card(rx.vstack(
        rx.heading(AppState.tr["email.title"], size="6"),
        rx.cond(EmailChangeState.confirmed != "",
                rx.callout(AppState.tr["email.confirmed"], icon="check", color_scheme=styles.REFUND, id="email-confirmed")),
        rx.link(AppState.tr["login.submit"], href=routes.LOGIN),
        spacing="3"), size="4", max_width="30rem"), width="100%", padding_top="8vh"))
