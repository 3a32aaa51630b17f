"""The security cards of /account (issue 13, item 8): my active sessions and "sign out everywhere", my authenticator
(set up with a QR code drawn on the server, confirmed by a first code, required for admins)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from leasedash import routes
from leasedash.domain.money import parse_whole
from leasedash.i18n import format_date
from leasedash.pages.account.state import form_text
from leasedash.services import account_security as security
from leasedash.services.account_security import SessionRow
from leasedash.services.totp import required_for
from leasedash.state import AppState, guarded


@dataclass(frozen=True)
class SessionLine:
    id: int
    since: str
    last_seen: str
    where: str
    current: bool


class SecurityState(AppState):
    """My sessions and my authenticator; the secret being set up stays on the server but for its QR code and text."""

    has_second_factor: bool = False
    setting_up: bool = False
    secret: str = ""
    qr_code: str = ""
    notice_key: str = ""
    _sessions: list[SessionRow] = []

    @rx.event
    @guarded(before_second_factor=True)
    def load(self):
        viewer = self.viewer()
        self._sessions = security.my_sessions(viewer, self.session_token)
        self.has_second_factor = security.has_second_factor(viewer)
        self.setting_up, self.secret, self.qr_code, self.notice_key = False, "", "", ""

    @rx.var
    def notice(self) -> str:
        return self.text(self.notice_key) if self.notice_key else ""

    @rx.var
    def second_factor_required(self) -> bool:
        return required_for(self.user_role) and not self.has_second_factor

    @rx.var
    def sessions(self) -> list[SessionLine]:
        lang = self.lang

        def when(moment) -> str:
            return f"{format_date(moment.date(), lang)} {moment:%H:%M} UTC"

        return [SessionLine(r.id, when(r.started), when(r.last_seen), " · ".join(p for p in (r.browser, r.ip) if p) or "—", r.current)
                for r in self._sessions]

    @rx.event
    @guarded(before_second_factor=True)
    def end_session(self, session_id: int):
        """Sign out one of my other browsers."""
        security.end_my_session(self.viewer(), parse_whole(session_id, "session", 1))
        self._sessions = security.my_sessions(self.viewer(), self.session_token)

    @rx.event
    @guarded(before_second_factor=True)
    def sign_out_everywhere(self):
        """End every session of mine, this one too, and go to /login."""
        security.sign_out_everywhere(self.viewer())
        self.session_token = ""
        return rx.redirect(routes.LOGIN)

    @rx.event
    @guarded(before_second_factor=True)
    def start_second_factor(self):
        enrolment = security.start_second_factor(self.viewer())
        self.setting_up, self.secret, self.qr_code, self.notice_key = True, enrolment.secret, enrolment.qr_code, ""

    @rx.event
    @guarded(before_second_factor=True)
    def confirm_second_factor(self, form: dict):
        """The first code of the new authenticator; from now on every sign-in asks for one."""
        security.confirm_second_factor(self.viewer(), form_text(form, "code"))
        self.has_second_factor, self.setting_up, self.secret, self.qr_code = True, False, "", ""
        self.notice_key = "security.totp_on"

    @rx.event
    @guarded(before_second_factor=True)
    def remove_second_factor(self, form: dict):
        security.remove_second_factor(self.viewer(), form_text(form, "code"))
        self.has_second_factor = False
        self.notice_key = "security.totp_off"
