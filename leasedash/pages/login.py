"""/login: e-mail and password; repeated failures are throttled on the server."""

from __future__ import annotations

import reflex as rx

from leasedash import routes
from leasedash.components.layout import page
from leasedash.db.session import session_scope
from leasedash.services.auth import security_settings, sign_in
from leasedash.state import AppState


class LoginState(AppState):
    """The sign-in form."""

    email: str = ""
    password: str = ""
    error_key: str = ""

    @rx.var
    def error_text(self) -> str:
        if not self.error_key:
            return ""
        minutes = security_settings()["failed_attempt_window_minutes"]
        return self.tr.get(f"login.{self.error_key}", self.error_key).format(minutes=minutes)

    @rx.event
    def set_email(self, value: str):
        self.email = value

    @rx.event
    def set_password(self, value: str):
        self.password = value

    @rx.event
    def skip_when_signed_in(self):
        if self.viewer() is not None:
            return rx.redirect(routes.HOME)
        return None

    @rx.event
    def submit(self, form: dict | None = None):
        """Check the password on the server; on success set the session cookie and go home."""
        email = (form or {}).get("email", self.email)
        password = (form or {}).get("password", self.password)
        with session_scope() as s:
            result = sign_in(s, email, password)
        self.password = ""
        if result.token is None:
            self.error_key = result.error or "wrong_credentials"
            return None
        self.error_key = ""
        self.session_token = result.token
        return rx.redirect(routes.HOME)


@rx.page(route=routes.LOGIN, title="leasedash — sign in", on_load=LoginState.skip_when_signed_in)
def login() -> rx.Component:
    """The sign-in form, centred, with the demo accounts named."""
    return page(
        rx.center(
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(AppState.tr["login.title"], size="6"),
                        rx.text(AppState.tr["login.tagline"], color_scheme="gray", size="2"),
                        rx.text(AppState.tr["login.email"], as_="label", size="2", weight="medium", html_for="email"),
                        rx.input(id="email", name="email", type="email", autocomplete="username", value=LoginState.email,
                                 on_change=LoginState.set_email, size="3", width="100%", required=True),
                        rx.text(AppState.tr["login.password"], as_="label", size="2", weight="medium", html_for="password"),
                        rx.input(id="password", name="password", type="password", autocomplete="current-password",
                                 value=LoginState.password, on_change=LoginState.set_password, size="3", width="100%", required=True),
                        rx.cond(LoginState.error_key != "",
                                rx.callout(LoginState.error_text, icon="triangle-alert", color_scheme="red", role="alert", id="login-error", width="100%")),
                        rx.button(AppState.tr["login.submit"], type="submit", size="3", width="100%", id="sign-in"),
                        rx.text(AppState.tr["login.demo"], size="1", color_scheme="gray"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=LoginState.submit,
                    reset_on_submit=False,
                ),
                size="4",
                width="100%",
                max_width="26rem",
            ),
            width="100%",
            padding_top="8vh",
        )
    )
