"""Changing my e-mail address (issue 13, item 8): the form of /account, and /account/email that the link sent to
the new address opens."""

from __future__ import annotations

import reflex as rx

from leasedash.pages.account.state import form_text
from leasedash.services.email_change import confirm_email_change, request_email_change
from leasedash.state import AppState, guarded, open_to_all


class EmailChangeState(AppState):
    """Where the confirmation link went, and the address a followed link set."""

    sent_to: str = ""
    confirmed: str = ""

    @rx.event
    @guarded()
    def request(self, form: dict):
        """Check my password and the new address, then e-mail a link to the new address."""
        self.sent_to = ""
        request_email_change(self.viewer(), form_text(form, "new_email"), form_text(form, "password"), self.client_ip())
        self.sent_to = form_text(form, "new_email").strip().lower()

    @rx.event
    @open_to_all
    def confirm(self):
        """on_load of /account/email: the link's token makes the new address mine (once)."""
        self.confirmed = ""
        self.confirmed = confirm_email_change(self.router.url.query_parameters.get("token", "")[:100])
