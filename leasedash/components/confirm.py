"""Asking before what cannot be taken back (approving an order, signing, deleting): a button that opens a dialog
saying what will happen, Cancel first, the action second, in the reader's language."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.state import AppState


def confirmed(trigger: rx.Component, title, text, action, *, on_confirm=None, on_submit=None, fields: tuple[rx.Component, ...] = (),
              action_id: str = "", color_scheme: str = styles.INVOICE) -> rx.Component:
    """`trigger` (a button) opens a dialog: `title`, `text` (what will happen), Cancel and `action` (the words of the
    action, on a button of `color_scheme`). The action runs `on_confirm`; with `on_submit`, the dialog holds a form of
    `fields` that the action submits to that handler (Enter in a field submits it too)."""
    button = rx.button(action, color_scheme=color_scheme, **({"type": "submit"} if on_submit is not None else {"on_click": on_confirm}),
                       **({"id": action_id} if action_id else {}))
    buttons = rx.hstack(rx.alert_dialog.cancel(rx.button(AppState.tr["common.cancel"], variant="soft", color_scheme=styles.NEUTRAL)),
                        rx.alert_dialog.action(button), spacing="3", justify="end", margin_top="1rem")
    body = rx.form(rx.vstack(*fields, buttons, spacing="3", margin_top="1rem"), on_submit=on_submit, reset_on_submit=True) if on_submit is not None else buttons
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(rx.alert_dialog.title(title), rx.alert_dialog.description(text), body, max_width="30rem"),
    )
