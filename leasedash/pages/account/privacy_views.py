"""The privacy card of /account: a pure function from PrivacyState's vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.components.forms import label_text
from leasedash.components.problems import field_problem
from leasedash.pages.account.privacy_state import PrivacyState
from leasedash.state import AppState


def privacy_card() -> rx.Component:
    """Download my data, delete my account: each asks first."""
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["privacy.title"], size="4", as_="h2"),
        rx.text(AppState.tr["privacy.help"], size="2", color_scheme=styles.NEUTRAL),
        rx.hstack(
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button(rx.icon("download", size=16), AppState.tr["privacy.export"], variant="outline", id="privacy-export")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title(AppState.tr["privacy.export"]),
                    rx.alert_dialog.description(AppState.tr["privacy.export_help"]),
                    rx.hstack(rx.alert_dialog.cancel(rx.button(AppState.tr["common.cancel"], variant="soft", color_scheme=styles.NEUTRAL)),
                              rx.alert_dialog.action(rx.button(AppState.tr["privacy.export"], on_click=PrivacyState.export, id="confirm-export")),
                              spacing="3", justify="end", margin_top="1rem"))),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button(rx.icon("trash-2", size=16), AppState.tr["privacy.delete"], color_scheme=styles.INVOICE,
                                                  variant="soft", id="privacy-delete")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title(AppState.tr["privacy.delete"]),
                    rx.alert_dialog.description(AppState.tr["privacy.delete_help"]),
                    rx.form(rx.vstack(
                        label_text(AppState.tr["login.password"], size="2", weight="medium", html_for="delete-password"),
                        rx.input(id="delete-password", name="password", type="password", autocomplete="current-password", width="100%",
                                 required=True),
                        field_problem("password"),
                        rx.hstack(rx.alert_dialog.cancel(rx.button(AppState.tr["common.cancel"], variant="soft", color_scheme=styles.NEUTRAL)),
                                  rx.button(AppState.tr["privacy.delete_confirm"], type="submit", color_scheme=styles.INVOICE, id="confirm-delete"),
                                  spacing="3", justify="end"),
                        spacing="3", margin_top="1rem"), on_submit=PrivacyState.delete_account, reset_on_submit=True))),
            spacing="3", wrap="wrap"),
        rx.cond(PrivacyState.download_url != "",
                rx.link(rx.button(rx.icon("file-archive", size=16), AppState.tr["privacy.download"]), href=PrivacyState.download_url,
                        is_external=True, id="privacy-download")),
        spacing="3", width="100%"), width="100%", max_width="48rem")
