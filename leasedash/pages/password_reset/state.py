"""The states of "Forgot your password?" (seed 000: the e-mail address, then a one-time link valid one hour) and of
the pages its link and an invitation's link open (a new password under the rule). They run without a session:
their handlers are behind `open_to_all`."""

from __future__ import annotations

import reflex as rx

from leasedash.pages.account.state import form_text
from leasedash.pages.signup.state import rule_texts
from leasedash.services.accounts import link_holder, request_password_reset, set_password_by_link
from leasedash.state import AppState, open_to_all


class ForgotState(AppState):
    """The address form; its answer is the same whether or not the address has an account."""

    answered: bool = False

    @rx.event
    @open_to_all
    def open(self):
        """on_load: the form again, empty."""
        self.answered = False

    @rx.event
    @open_to_all
    def submit(self, form: dict):
        self.answered = False
        request_password_reset(form_text(form, "email"), ip=self.client_ip())
        self.answered = True


class PasswordLinkState(AppState):
    """A reset or invitation link: whose it is (the page speaks their language), the rules a new password breaks, done
    once the password is set. The link's token stays on the server."""

    kind: str = ""
    first_name: str = ""
    link_ok: bool = False
    password_problems: list[str] = []
    done: bool = False
    _token: str = ""

    @rx.var
    def password_texts(self) -> list[str]:
        return rule_texts(self.tr, self.password_problems)

    @rx.var
    def greeting(self) -> str:
        return self.text("reset.hello", name=self.first_name) if self.first_name else ""

    def _open(self, kind: str) -> None:
        self.kind, self.link_ok, self.done, self.first_name, self.password_problems = kind, False, False, "", []
        self._token = self.router.url.query_parameters.get("token", "")[:100]
        holder = link_holder(kind, self._token)
        self.first_name, self.lang, self.link_ok = holder.first_name, holder.language, True

    @rx.event
    @open_to_all
    def open_reset(self):
        """on_load of /password/reset."""
        self._open("reset")

    @rx.event
    @open_to_all
    def open_invitation(self):
        """on_load of /invitation."""
        self._open("invite")

    @rx.event
    @open_to_all
    def submit(self, form: dict):
        """Set the password through the link (once, under the rule); every session and API token of the person ends."""
        if not self.link_ok:
            return
        self.password_problems = set_password_by_link(self.kind, self._token, form_text(form, "password"))
        self.done = not self.password_problems
        self.link_ok = not self.done
