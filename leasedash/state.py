"""The base state every page state extends: who is signed in, their language, and the access check
that every handler reading or writing data calls on the server."""

from __future__ import annotations

import reflex as rx

from leasedash import routes
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.i18n import LANGUAGES, catalog
from leasedash.services.auth import resolve_session, security_settings, sign_out, viewer_of

SESSION_COOKIE = "leasedash_session"


class AppState(rx.State):
    """Signed-in user, language and the server-side access check."""

    session_token: str = rx.Cookie("", name=SESSION_COOKIE, max_age=security_settings()["session_hours"] * 3600,
                                   same_site="strict", secure=False)
    lang: str = rx.LocalStorage("en", name="leasedash_lang", sync=True)
    user_name: str = ""
    user_role: str = ""
    user_email: str = ""

    @rx.var
    def tr(self) -> dict[str, str]:
        """The UI's strings in the reader's language."""
        return catalog(self.lang if self.lang in LANGUAGES else "en")

    @rx.var
    def is_manager(self) -> bool:
        return self.user_role in ("fleet_manager", "admin")

    def viewer(self, *roles: str) -> Viewer | None:
        """The signed-in user as a Viewer, checked against the database on every call; None when
        the session is missing or expired, or the role is not among `roles` (when given)."""
        with session_scope() as s:
            user = resolve_session(s, self.session_token)
            if user is None:
                self.user_name = self.user_role = self.user_email = ""
                return None
            self.user_name = f"{user.first_name} {user.last_name}"
            self.user_role, self.user_email = user.role, user.email
            if roles and user.role not in roles:
                return None
            return viewer_of(user)

    @rx.event
    def require_sign_in(self):
        """on_load of every protected page: back to /login without a live session."""
        if self.viewer() is None:
            return rx.redirect(routes.LOGIN)
        return None

    @rx.event
    def set_lang(self, lang: str | list[str]):
        """Switch the UI language (FR / NL / EN)."""
        if isinstance(lang, str) and lang in LANGUAGES:
            self.lang = lang

    @rx.event
    def sign_out(self):
        """End the session on the server and in the browser."""
        if self.session_token:
            with session_scope() as s:
                sign_out(s, self.session_token)
        self.session_token = ""
        self.user_name = self.user_role = self.user_email = ""
        return rx.redirect(routes.LOGIN)
