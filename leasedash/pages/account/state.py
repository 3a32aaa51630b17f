"""The states of /login, /account and /tokens: signing in, the signed-in user's password, their API tokens."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from leasedash import routes
from leasedash.domain.money import parse_whole
from leasedash.errors import NotSignedIn, Throttled
from leasedash.i18n import format_date
from leasedash.services.account import change_own_password, sign_in_with
from leasedash.services.account_security import enter_code, waiting_sign_in
from leasedash.services.accounts import demo_accounts_shown
from leasedash.services.api_tokens import TokenRow, new_token, revoke_own_token, token_rows
from leasedash.state import AppState, guarded, refusal_message


def form_text(form: dict, name: str) -> str:
    """One field of a submitted form: text, or "" for anything else the browser could send."""
    value = form.get(name, "") if isinstance(form, dict) else ""
    return value if isinstance(value, str) else ""


class LoginState(AppState):
    """The sign-in form: what it sends is read once, never kept."""

    error_key: str = ""
    demo_shown: bool = False
    retry_after: int = 0
    code_step: bool = False

    @rx.var
    def error_text(self) -> str:
        if self.error_key == "throttled":
            return refusal_message(Throttled(self.retry_after), self.lang)
        return self.tr.get(f"login.{self.error_key}", self.error_key) if self.error_key else ""

    @rx.event
    def skip_when_signed_in(self):
        """on_load of /login: a signed-in user goes home (the page needs no session, so no gate); the demo accounts
        are named only while the demo company exists."""
        try:
            self.viewer()
        except NotSignedIn:
            self.code_step = waiting_sign_in(self.session_token)
            self.demo_shown = demo_accounts_shown()
            return None
        return rx.redirect(routes.HOME)

    @rx.event
    def submit(self, form: dict):
        """Check the password on the server; on success set the session cookie and go home. The one handler that runs
        without a session: it reads the form's two text fields, bounded by sign_in_with before any query."""
        result = sign_in_with(form_text(form, "email"), form_text(form, "password"), self.client_ip(),
                              self.router.headers.user_agent)
        if result.token is None:
            self.error_key, self.retry_after = result.error or "wrong_credentials", result.retry_after
            return None
        self.error_key = ""
        self.session_token = result.token
        if result.second_factor_due:
            self.code_step = True
            return None
        return rx.redirect(routes.HOME)

    @rx.event
    def submit_code(self, form: dict):
        """The code of the authenticator, the second half of a sign-in whose password was right (no live session yet,
        so no gate): its one text field, bounded by enter_code before any query."""
        result = enter_code(self.session_token, form_text(form, "code"), self.client_ip())
        if result.token is None:
            self.error_key, self.retry_after = result.error or "wrong_code", result.retry_after
            self.code_step = result.error != "code_expired"
            return None
        self.error_key, self.code_step = "", False
        return rx.redirect(routes.HOME)


class AccountState(AppState):
    """The change-password form."""

    problems: list[str] = []
    saved: bool = False

    @rx.var
    def problem_texts(self) -> list[str]:
        return [self.tr.get(f"password.{code}", code) for code in self.problems]

    @rx.event
    @guarded()
    def change(self, form: dict):
        """Check the current password and the rule on the server, then store the new hash."""
        self.saved = False
        self.problems = change_own_password(self.viewer(), form_text(form, "current"), form_text(form, "new"), self.session_token)
        self.saved = not self.problems


@dataclass(frozen=True)
class TokenLine:
    id: int
    name: str
    prefix: str
    owner: str
    created: str
    last_used: str
    revoked: bool


class TokensState(AppState):
    """The viewer's tokens (an admin's: every token) and the one just created, shown once."""

    name: str = ""
    for_email: str = ""
    created: str = ""
    _tokens: list[TokenRow] = []

    @rx.event
    @guarded()
    def load(self):
        self.created = ""
        self._tokens = token_rows(self.viewer())

    @rx.event
    @guarded()
    def set_name(self, value: str):
        self.name = str(value)[:100]

    @rx.event
    @guarded("admin")
    def set_for_email(self, value: str):
        self.for_email = str(value)[:254]

    @rx.event
    @guarded()
    def create(self):
        self.created = ""
        self.created = new_token(self.viewer(), self.name, self.for_email)
        self.name = ""
        self._tokens = token_rows(self.viewer())

    @rx.event
    @guarded()
    def revoke(self, token_id: int):
        revoke_own_token(self.viewer(), parse_whole(token_id, "token", 1))
        self._tokens = token_rows(self.viewer())

    @rx.var
    def revoked_notice(self) -> str:
        """Why the viewer's own tokens were revoked without them asking (issue 13, item 6), or ""."""
        reasons = sorted({t.revoked_because for t in self._tokens if t.revoked_because and t.owner == self.user_email})
        return " ".join(self.tr[f"tokens.revoked_{reason}"] for reason in reasons)

    @rx.var
    def rows(self) -> list[TokenLine]:
        lang, never = self.lang, self.tr["tokens.never"]
        return [TokenLine(t.id, t.name, t.prefix, t.owner, format_date(t.created, lang), format_date(t.last_used, lang) if t.last_used else never,
                          t.revoked) for t in self._tokens]
