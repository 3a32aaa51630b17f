"""The section of /account where a person turns the pace e-mails on or off (the in-app notices stay)."""

from __future__ import annotations

import reflex as rx

from leasedash.services.pace_alerts import pace_emails, set_pace_emails
from leasedash.state import AppState, guarded


class PaceMailState(AppState):
    """Whether the person gets pace notices by e-mail."""

    pace_emails: bool = True

    @rx.event
    @guarded()
    def load(self):
        self.pace_emails = pace_emails(self.viewer())

    @rx.event
    @guarded()
    def set_pace_emails(self, wanted: bool):
        set_pace_emails(self.viewer(), bool(wanted))
        self.pace_emails = bool(wanted)


def pace_mail_card() -> rx.Component:
    """One switch: e-mail me when a contract's pace goes off plan or comes back."""
    return rx.card(rx.hstack(
        rx.vstack(rx.heading(AppState.tr["notice.mail_title"], size="4", as_="h2"), rx.text(AppState.tr["notice.mail_help"], size="2"), spacing="1"),
        rx.spacer(),
        rx.switch(checked=PaceMailState.pace_emails, on_change=PaceMailState.set_pace_emails, id="pace-emails",
                  aria_label=AppState.tr["notice.mail_title"]),
        align="center", width="100%"), max_width="30rem", width="100%")
