"""/tokens: create and revoke personal API tokens (an admin: anybody's)."""

from __future__ import annotations

import datetime as dt

import reflex as rx
from sqlmodel import select

from leasedash import routes
from leasedash.components.layout import protected_page
from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.models import User
from leasedash.db.session import session_scope
from leasedash.i18n import format_date
from leasedash.services.api_tokens import create_token, revoke_token, visible_tokens
from leasedash.state import AppState


class TokensState(AppState):
    """The viewer's tokens (an admin's: every token) and the one just created."""

    tokens: list[dict[str, str]] = []
    name: str = ""
    for_email: str = ""
    created: str = ""
    error_key: str = ""

    @rx.event
    def load(self):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        with session_scope() as s:
            self.tokens = [{"id": str(t.id), "name": t.name, "prefix": t.prefix, "owner": email,
                            "created": t.created_at.date().isoformat(), "last_used": t.last_used_at.date().isoformat() if t.last_used_at else "",
                            "revoked": "1" if t.revoked_at else ""} for t, email in visible_tokens(s, viewer)]
        return None

    @rx.event
    def set_name(self, value: str):
        self.name = value

    @rx.event
    def set_for_email(self, value: str):
        self.for_email = value

    @rx.event
    def create(self):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.error_key, self.created = "", ""
        try:
            with session_scope() as s:
                user_id = None
                if self.for_email.strip() and viewer.role == "admin":
                    user = s.exec(select(User).where(User.email == self.for_email.strip().lower())).first()
                    if user is None:
                        raise NotFound(self.for_email)
                    user_id = user.id
                self.created, _ = create_token(s, viewer, self.name, user_id)
        except (NotFound, AccessDenied):
            self.error_key = "tokens.unknown_user"
            return None
        self.name = ""
        return TokensState.load

    @rx.event
    def revoke(self, token_id: str):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            with session_scope() as s:
                revoke_token(s, viewer, int(token_id))
        except (NotFound, ValueError):
            self.error_key = "common.not_found"
            return None
        return TokensState.load

    @rx.var
    def rows(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        return [{**t, "created_text": format_date(dt.date.fromisoformat(t["created"]), lang),
                 "last_used_text": format_date(dt.date.fromisoformat(t["last_used"]), lang) if t["last_used"] else tr["tokens.never"]}
                for t in self.tokens]


def _row(t) -> rx.Component:
    return rx.table.row(
        rx.table.cell(t["name"], weight="medium"), rx.table.cell(rx.code(t["prefix"] + "…")), rx.table.cell(t["owner"]),
        rx.table.cell(t["created_text"]), rx.table.cell(t["last_used_text"]),
        rx.table.cell(rx.cond(t["revoked"] == "1", rx.badge(AppState.tr["tokens.revoked"], color_scheme="gray"),
                              rx.button(AppState.tr["tokens.revoke"], size="1", color_scheme="red", variant="soft", on_click=TokensState.revoke(t["id"])))),
    )


@protected_page(routes.TOKENS, "leasedash — API tokens", on_load=[TokensState.load])
def tokens_page() -> rx.Component:
    return rx.vstack(
        rx.heading(AppState.tr["tokens.title"], size="7"),
        rx.text(AppState.tr["tokens.help"], size="2", color_scheme="gray"),
        rx.card(rx.vstack(
            rx.hstack(
                rx.input(placeholder=AppState.tr["tokens.name"], value=TokensState.name, on_change=TokensState.set_name, id="token-name", width="16rem"),
                rx.cond(AppState.user_role == "admin", rx.input(placeholder=AppState.tr["tokens.for_user"], value=TokensState.for_email,
                                                                 on_change=TokensState.set_for_email, width="20rem")),
                rx.button(rx.icon("key-round", size=16), AppState.tr["tokens.create"], on_click=TokensState.create, id="token-create"),
                spacing="3", wrap="wrap",
            ),
            rx.cond(TokensState.created != "", rx.callout(rx.vstack(rx.text(AppState.tr["tokens.created"]), rx.code(TokensState.created, id="token-value")),
                                                           icon="key-round", color_scheme="green", width="100%")),
            rx.cond(TokensState.error_key != "", rx.text(AppState.tr[TokensState.error_key], color_scheme="red", size="2")),
            spacing="3", width="100%"), width="100%"),
        rx.cond(TokensState.tokens.length() > 0,
                rx.card(rx.table.root(rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                    "tokens.name", "tokens.prefix", "tokens.owner", "tokens.created_at", "tokens.last_used")), rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(TokensState.rows, _row)), size="2", variant="ghost"), width="100%", overflow_x="auto"),
                rx.text(AppState.tr["tokens.none"], size="2")),
        spacing="4", width="100%",
    )
