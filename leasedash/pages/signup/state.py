"""The states of /signup (the sign-up form of a private lessee) and /signup/confirm (the link of the confirmation
e-mail). Both run without a session: their handlers are behind `open_to_all`."""

from __future__ import annotations

import reflex as rx

from leasedash.pages.account.state import form_text
from leasedash.services.accounts import SignUp, confirm_address, sign_up
from leasedash.state import AppState, open_to_all


def rule_texts(tr: dict[str, str], codes: list[str]) -> list[str]:
    """The sentences of the password rules of seed 000 that a password breaks."""
    return [tr.get(f"password.{code}", code) for code in codes]


class SignupState(AppState):
    """The sign-up form: the rules the password breaks, or the news that the confirmation e-mail left."""

    password_problems: list[str] = []
    sent_to: str = ""

    @rx.var
    def password_texts(self) -> list[str]:
        return rule_texts(self.tr, self.password_problems)

    @rx.var
    def sent_text(self) -> str:
        return self.text("signup.sent", email=self.sent_to) if self.sent_to else ""

    @rx.event
    @open_to_all
    def open(self):
        """on_load: the form again, empty."""
        self.sent_to, self.password_problems = "", []

    @rx.event
    @open_to_all
    def submit(self, form: dict):
        """Make the account (unconfirmed) and e-mail the confirmation link; the answer is the same whether or not
        the address has an account already."""
        self.sent_to = ""
        self.password_problems = sign_up(SignUp(*(form_text(form, name) for name in (
            "first_name", "last_name", "email", "language", "birth_date", "password"))), ip=self.client_ip())
        if not self.password_problems:
            self.sent_to = form_text(form, "email").strip().lower()


class SignupConfirmState(AppState):
    """The confirmation link: the account is active once the link is followed."""

    confirmed: bool = False

    @rx.event
    @open_to_all
    def confirm(self):
        """on_load: use the link's token (once)."""
        self.confirmed = False
        confirm_address(self.router.url.query_parameters.get("token", "")[:100])
        self.confirmed = True
