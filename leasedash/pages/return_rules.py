"""/returns/rules: an admin edits the wear-and-tear rules and the price list; each save is a new version."""

from __future__ import annotations

import json

import reflex as rx

from leasedash import routes
from leasedash.components.layout import protected_page
from leasedash.db.errors import AccessDenied
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError
from leasedash.services.inspections import current_version, save_version
from leasedash.state import AppState


class RulesState(AppState):
    rules_text: str = ""
    prices_text: str = ""
    notice: str = ""
    error: str = ""
    allowed: bool = False

    @rx.event
    def load(self):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.allowed = viewer.role == "admin"
        if self.allowed:
            with session_scope() as s:
                self.rules_text = json.dumps(current_version(s, "rules").data, indent=1, ensure_ascii=False)
                self.prices_text = json.dumps(current_version(s, "prices").data, indent=1, ensure_ascii=False)
        return None

    @rx.event
    def save(self, kind: str, text: str):
        viewer = self.viewer("admin")
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.notice, self.error = "", ""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self.error = self.tr["rules.bad_json"].format(detail=f"{exc.msg} ({exc.lineno}:{exc.colno})")
            return None
        try:
            with session_scope() as s:
                row = save_version(s, viewer, kind, data if isinstance(data, dict) else {})
        except (LeaseInputError, AccessDenied) as exc:
            self.error = self.tr["inspect.error"].format(reason=getattr(exc, "reason", str(exc)))
            return None
        self.notice = self.tr["rules.saved"].format(version=row.version)
        return RulesState.load

    @rx.event
    def save_rules(self, form: dict):
        return self.save("rules", form.get("rules", ""))

    @rx.event
    def save_prices(self, form: dict):
        return self.save("prices", form.get("prices", ""))


def _editor(key: str, name: str, value, handler) -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(AppState.tr[key], size="4"),
        rx.text_area(name=name, default_value=value, rows="18", width="100%", font_family="monospace", key=name + value.length().to_string()),
        rx.button(AppState.tr["common.save"], type="submit"), spacing="2", width="100%"), on_submit=handler, width="100%"), width="100%")


@protected_page(routes.RETURN_RULES, "leasedash — inspection rules", on_load=[RulesState.load])
def return_rules() -> rx.Component:
    return rx.vstack(
        rx.heading(AppState.tr["rules.title"], size="7"),
        rx.cond(RulesState.allowed, rx.vstack(
            rx.text(AppState.tr["rules.help"], size="2", color_scheme="gray"),
            rx.cond(RulesState.notice != "", rx.callout(RulesState.notice, icon="check", color_scheme="green", width="100%")),
            rx.cond(RulesState.error != "", rx.callout(RulesState.error, icon="triangle-alert", color_scheme="red", width="100%")),
            rx.grid(_editor("rules.rules", "rules", RulesState.rules_text, RulesState.save_rules),
                    _editor("rules.prices", "prices", RulesState.prices_text, RulesState.save_prices), columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%"),
            spacing="3", width="100%"), rx.callout(AppState.tr["rules.admin_only"], icon="lock")),
        spacing="4", width="100%",
    )
