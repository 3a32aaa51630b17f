"""The days a request's 48 working hours skip, as the admin keeps them on /requests (seed 002): a country's calendar
of this year and the next (the public holidays by law and the lessor's own days), and the lessor's rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.services import holidays as hol


@dataclass(frozen=True)
class HolidayBook:
    """One country's days off of this year and the next, by date, and the lessor's rules that change them."""

    days: tuple[hol.Holiday, ...]
    rules: tuple[hol.HolidayRule, ...]


def holiday_book(country: str, lang: str, today: dt.date | None = None) -> HolidayBook:
    """The calendar a deadline counts with (public knowledge: no viewer needed to read it), names in `lang`."""
    year = (today or dt.date.today()).year
    with session_scope() as s:
        days = tuple(day for y in (year, year + 1) for day in hol.calendar(s, country, y, lang))
        return HolidayBook(days, tuple(hol.list_holidays(s, country)))


def add_public_holiday(viewer: Viewer, country: str, day: str, name: str, every_year: bool) -> None:
    """An admin adds a day (as typed, YYYY-MM-DD) on which the country's requests count no working hours."""
    with session_scope() as s:
        hol.add_holiday(s, viewer, country, day, name, every_year)


def cancel_public_holiday(viewer: Viewer, country: str, day: str, every_year: bool) -> None:
    """An admin cancels a public holiday: the country's requests count its working hours."""
    with session_scope() as s:
        hol.cancel_holiday(s, viewer, country, day, every_year)


def remove_rule(viewer: Viewer, rule_id: int) -> None:
    """An admin removes one of the lessor's rules; deadlines set before keep their date."""
    with session_scope() as s:
        hol.remove_holiday(s, viewer, rule_id)
