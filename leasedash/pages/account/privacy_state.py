"""The privacy card of /account (issue 13, item 8): "download my data" and "delete my account", each confirmed in a
dialog (deleting with the password) and logged by services/personal_data."""

from __future__ import annotations

import reflex as rx

from leasedash import routes
from leasedash.pages.account.state import form_text
from leasedash.services.personal_data import delete_my_account, export_my_data
from leasedash.state import AppState, guarded


class PrivacyState(AppState):
    """"Download my data" and "delete my account"."""

    download_url: str = ""

    @rx.event
    @guarded()
    def export(self):
        """Write my data into a ZIP and offer its link (the dialog asked first)."""
        self.download_url = export_my_data(self.viewer())

    @rx.event
    @guarded()
    def delete_account(self, form: dict):
        """End my account, confirmed with my password; then I am signed out."""
        delete_my_account(self.viewer(), form_text(form, "password"), self.client_ip())
        self.session_token = ""
        return rx.redirect(routes.LOGIN)
