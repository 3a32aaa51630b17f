"""/account: the signed-in user changes their password under the rule of seed 000."""

from __future__ import annotations

import reflex as rx

from leasedash import routes
from leasedash.components.layout import protected_page
from leasedash.db.models import User
from leasedash.db.session import session_scope
from leasedash.services.auth import change_password
from leasedash.state import AppState


class AccountState(AppState):
    """The change-password form."""

    problems: list[str] = []
    saved: bool = False

    @rx.var
    def problem_texts(self) -> list[str]:
        return [self.tr.get(f"password.{code}", code) for code in self.problems]

    @rx.event
    def change(self, form: dict):
        """Check the current password and the rule on the server, then store the new hash."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        with session_scope() as s:
            user = s.get(User, viewer.user_id)
            self.problems = change_password(s, user, form.get("current", ""), form.get("new", ""))
        self.saved = not self.problems
        return None


@protected_page(routes.ACCOUNT, "leasedash — account")
def account() -> rx.Component:
    """Who you are, and a form to change your password."""
    return rx.vstack(
        rx.heading(AppState.tr["account.title"], size="7"),
        rx.text(AppState.user_name, " · ", AppState.user_email, color_scheme="gray"),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(AppState.tr["account.change_password"], size="4"),
                    rx.text(AppState.tr["account.rule"], size="2", color_scheme="gray"),
                    rx.text(AppState.tr["account.current"], as_="label", size="2", html_for="current"),
                    rx.input(id="current", name="current", type="password", autocomplete="current-password", width="100%"),
                    rx.text(AppState.tr["account.new"], as_="label", size="2", html_for="new"),
                    rx.input(id="new", name="new", type="password", autocomplete="new-password", width="100%"),
                    rx.foreach(AccountState.problem_texts, lambda t: rx.text(t, color_scheme="red", size="2")),
                    rx.cond(AccountState.saved, rx.callout(AppState.tr["account.saved"], icon="check", color_scheme="green")),
                    rx.button(AppState.tr["common.save"], type="submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=AccountState.change,
                reset_on_submit=True,
            ),
            max_width="30rem",
            width="100%",
        ),
        width="100%",
    )
