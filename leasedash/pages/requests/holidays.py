"""The state of the public holidays section of /requests: an admin keeps the days on which a country's requests
count no working hours (seed 002, "48 werkuren"): days added, once or every year, and public holidays cancelled."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from leasedash.domain.money import parse_whole
from leasedash.errors import InvalidInput
from leasedash.i18n import format_date
from leasedash.services.holidays import countries
from leasedash.services.request_holidays import HolidayBook, add_public_holiday, cancel_public_holiday, holiday_book, remove_rule
from leasedash.state import AppState, guarded


@dataclass(frozen=True)
class HolidayLine:
    """A day off of the calendar; `rule_id` 0 for a public holiday by law (it may be cancelled), else the lessor's rule."""

    day: str
    date: str
    name: str
    rule_id: int


@dataclass(frozen=True)
class RuleLine:
    id: int
    text: str


class HolidaysState(AppState):
    """One country's calendar and the lessor's rules; every handler is for an admin only."""

    country: str = "BE"
    day: str = ""
    name: str = ""
    every_year: bool = False
    _book: HolidayBook | None = None

    def _reload(self) -> None:
        self._book = holiday_book(self.country, self.lang)

    @rx.event
    @guarded("admin")
    def load(self):
        self._reload()

    @rx.event
    @guarded("admin")
    def set_country(self, value: str):
        if value not in countries():
            raise InvalidInput("country", f"one of {', '.join(countries())}", code="holiday_country")
        self.country = value
        self._reload()

    @rx.event
    @guarded("admin")
    def set_day(self, value: str):
        self.day = str(value)[:10]

    @rx.event
    @guarded("admin")
    def set_name(self, value: str):
        self.name = str(value)[:100]

    @rx.event
    @guarded("admin")
    def set_every_year(self, on: bool):
        self.every_year = bool(on)

    @rx.event
    @guarded("admin")
    def add(self):
        add_public_holiday(self.viewer(), self.country, self.day, self.name, self.every_year)
        self.day = self.name = ""
        self._reload()

    @rx.event
    @guarded("admin")
    def cancel(self, day: str):
        """Cancel a public holiday of the calendar (every year from then on when "every year" is ticked)."""
        cancel_public_holiday(self.viewer(), self.country, str(day)[:10], self.every_year)
        self._reload()

    @rx.event
    @guarded("admin")
    def remove(self, rule_id: int):
        remove_rule(self.viewer(), parse_whole(rule_id, "holiday", 1))
        self._reload()

    @rx.var
    def rows(self) -> list[HolidayLine]:
        lang = self.lang
        return [HolidayLine(h.day.isoformat(), format_date(h.day, lang), h.name, h.rule_id or 0) for h in (self._book.days if self._book else ())]

    @rx.var
    def rules(self) -> list[RuleLine]:
        lang, tr = self.lang, self.tr
        return [RuleLine(r.id, " · ".join(x for x in (format_date(r.day, lang), r.name, tr["requests.every_year"] if r.every_year else "",
                                                      tr["requests.rule_cancelled" if r.cancelled else "requests.rule_added"]) if x))
                for r in (self._book.rules if self._book else ())]
