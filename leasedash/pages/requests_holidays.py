"""The public holidays section of /requests: an admin keeps the days on which a country's requests count no
working hours (seed 002, "48 werkuren")."""

from __future__ import annotations

import datetime as dt

import reflex as rx

from leasedash.db.errors import AccessDenied
from leasedash.db.session import session_scope
from leasedash.i18n import format_date
from leasedash.pages.requests_state import REFUSALS, error_key, select_box
from leasedash.services import holidays as hol
from leasedash.state import AppState


class HolidaysState(AppState):
    """One country's holidays; every handler checks on the server that the user is an admin."""

    holidays: list[dict[str, str]] = []
    country: str = "BE"
    day: str = ""
    name: str = ""
    error: str = ""

    def _load(self) -> None:
        with session_scope() as s:
            self.holidays = [{"id": str(h.id), "day": h.day.isoformat(), "name": h.name} for h in hol.list_holidays(s, self.country)]

    @rx.event
    def load(self):
        self.error = ""
        if self.viewer("admin") is None:
            self.holidays = []
            return
        self._load()

    @rx.event
    def set_country(self, value: str):
        if self.viewer("admin") is not None and value in hol.countries():
            self.country = value
            self._load()

    @rx.event
    def set_day(self, value: str):
        self.day = value[:10]

    @rx.event
    def set_name(self, value: str):
        self.name = value[:100]

    def _change(self, action) -> None:
        viewer = self.viewer("admin")
        if viewer is None:
            self.error = error_key(AccessDenied("only an admin keeps the public holidays"))
            return
        self.error = ""
        try:
            with session_scope() as s:
                action(s, viewer)
        except REFUSALS as exc:
            self.error = error_key(exc)
        self._load()

    @rx.event
    def add(self):
        country, day, name = self.country, self.day, self.name
        self._change(lambda s, viewer: hol.add_holiday(s, viewer, country, day, name))
        if not self.error:
            self.day = self.name = ""

    @rx.event
    def remove(self, holiday_id: str):
        self._change(lambda s, viewer: hol.remove_holiday(s, viewer, int(holiday_id)))

    @rx.var
    def rows(self) -> list[dict[str, str]]:
        lang = self.lang
        return [{**h, "date_text": format_date(dt.date.fromisoformat(h["day"]), lang)} for h in self.holidays]

    @rx.var
    def error_text(self) -> str:
        return self.tr.get(self.error, self.error) if self.error else ""


def holidays_section() -> rx.Component:
    """Country, date and name to add; the country's days with a remove button."""
    countries = [{"id": c, "label": c} for c in hol.countries()]
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["requests.holidays"], size="4"),
        rx.text(AppState.tr["requests.holidays_help"], size="2", color_scheme="gray"),
        rx.hstack(rx.box(select_box(countries, HolidaysState.country, HolidaysState.set_country, "holiday-country"), width="6rem"),
                  rx.input(type="date", value=HolidaysState.day, on_change=HolidaysState.set_day, id="holiday-day"),
                  rx.input(value=HolidaysState.name, on_change=HolidaysState.set_name, id="holiday-name", placeholder=AppState.tr["requests.holiday_name"]),
                  rx.button(rx.icon("plus", size=16), AppState.tr["requests.add_holiday"], on_click=HolidaysState.add, id="add-holiday"),
                  spacing="2", wrap="wrap", align="center"),
        rx.cond(HolidaysState.error_text != "", rx.text(HolidaysState.error_text, color_scheme="red", size="2", id="holiday-error")),
        rx.box(rx.table.root(rx.table.body(rx.foreach(HolidaysState.rows, lambda h: rx.table.row(
            rx.table.cell(h["date_text"], white_space="nowrap"), rx.table.cell(h["name"]),
            rx.table.cell(rx.button(AppState.tr["requests.remove"], size="1", variant="ghost", color_scheme="red", on_click=HolidaysState.remove(h["id"])))))),
            size="1", width="100%", id="holidays-table"), max_height="20rem", overflow_y="auto", width="100%"),
        spacing="3", width="100%"), width="100%")
