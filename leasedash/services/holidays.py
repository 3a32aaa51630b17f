"""The days a request's answer time skips (seed 002: "binnen een maximumtermijn van 48 werkuren"): a country's
public holidays for any year from the `holidays` package, changed by the lessor's own rules (days added, once or
every year, and public holidays cancelled) that an admin keeps in the public_holiday table; a new database starts
with the rules of leasedash/data/public_holidays.json."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.models import PublicHoliday
from leasedash.db.scoping import Viewer
from leasedash.domain import LeaseInputError
from leasedash.domain.mobility_plan import mobility_settings, working_hours_deadline

DEFAULT_ZONE = "Europe/Brussels"
NAME_LANGUAGES = {"en": "en_US", "fr": "fr", "nl": "nl"}


@dataclass(frozen=True)
class HolidayRule:
    """One of the lessor's changes: a day added, or a public holiday cancelled (its working hours count);
    `every_year` repeats it on that day of the month, from `day` on."""

    id: int
    country: str
    day: dt.date
    name: str
    every_year: bool
    cancelled: bool


@dataclass(frozen=True)
class Holiday:
    """A day on which a country's requests count no working hours; `rule_id` is the lessor's rule that adds it
    (None for a public holiday by law)."""

    day: dt.date
    name: str
    rule_id: int | None = None


@cache
def holiday_settings() -> dict[str, Any]:
    """Per country: its time zone and the lessor's rules a new database starts with (public_holidays.json)."""
    return json.loads(resources.files("leasedash.data").joinpath("public_holidays.json").read_text(encoding="utf-8"))["countries"]


def countries() -> tuple[str, ...]:
    """The countries whose requests are answered (BE, LU, NL)."""
    return tuple(holiday_settings())


def time_zone(country: str) -> ZoneInfo:
    """Where a company's working hours are counted (Brussels for a country the file does not know)."""
    return ZoneInfo(holiday_settings().get(country, {}).get("time_zone", DEFAULT_ZONE))


@cache
def public_holidays(country: str, year: int, lang: str = "en") -> tuple[tuple[dt.date, str], ...]:
    """A country's public holidays of one year by law, named in `lang` where the `holidays` package can."""
    language = NAME_LANGUAGES.get(lang, "en_US")
    if language not in getattr(holiday_calendars, country).supported_languages:
        language = "en_US"
    return tuple(sorted(holiday_calendars.country_holidays(country, years=year, language=language).items()))


def _rule(row: PublicHoliday) -> HolidayRule:
    return HolidayRule(row.id, row.country, row.day, row.name, row.every_year, row.cancelled)


def _rules(session: Session, country: str) -> list[HolidayRule]:
    return [_rule(row) for row in session.exec(select(PublicHoliday).where(PublicHoliday.country == country))]


def _day_in(rule: HolidayRule, year: int) -> dt.date | None:
    if not rule.every_year:
        return rule.day if rule.day.year == year else None
    if year < rule.day.year:
        return None
    try:
        return rule.day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return None


def _days_off(country: str, year: int, rules: list[HolidayRule], lang: str = "en") -> dict[dt.date, Holiday]:
    """The public holidays of `year`, then the lessor's rules: yearly ones first, a one-off day last, so the
    most specific rule decides a day."""
    days = {day: Holiday(day, name) for day, name in public_holidays(country, year, lang)}
    for rule in sorted(rules, key=lambda r: (not r.every_year, r.day)):
        day = _day_in(rule, year)
        if day is None:
            continue
        if rule.cancelled:
            days.pop(day, None)
        else:
            days[day] = Holiday(day, rule.name, rule.id)
    return days


def calendar(session: Session, country: str, year: int, lang: str = "en") -> list[Holiday]:
    """The days of `year` on which `country`'s requests count no working hours, by date."""
    return sorted(_days_off(country, year, _rules(session, country), lang).values(), key=lambda h: h.day)


def holidays_of(session: Session, country: str, years: Iterable[int]) -> frozenset[dt.date]:
    """The days of `years` on which no working hours of `country` are counted."""
    rules = _rules(session, country)
    return frozenset(day for year in years for day in _days_off(country, year, rules))


def list_holidays(session: Session, country: str | None = None) -> list[HolidayRule]:
    """The lessor's own rules (or one country's), by date: what an admin keeps."""
    statement = select(PublicHoliday)
    if country:
        statement = statement.where(PublicHoliday.country == country)
    return [_rule(row) for row in session.exec(statement.order_by(PublicHoliday.day, PublicHoliday.country))]


def _admin(viewer: Viewer) -> None:
    if viewer.role != "admin":
        raise AccessDenied("only an admin keeps the public holidays")


def _checked_day(session: Session, viewer: Viewer, country: str, day: dt.date | str) -> tuple[dt.date, list[HolidayRule]]:
    _admin(viewer)
    if country not in countries():
        raise LeaseInputError("country", f"one of {', '.join(countries())}", code="holiday_country")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day.strip())
        except ValueError:
            raise LeaseInputError("day", "a date as YYYY-MM-DD", code="holiday_day") from None
    return day, _rules(session, country)


def _keep(session: Session, rules: list[HolidayRule], country: str, day: dt.date, name: str, every_year: bool, cancelled: bool) -> HolidayRule:
    if any(rule.day == day for rule in rules):
        raise LeaseInputError("day", f"the lessor has a rule on {day.isoformat()} for {country} already", code="holiday_rule")
    row = PublicHoliday(country=country, day=day, name=name, every_year=every_year, cancelled=cancelled)
    session.add(row)
    session.flush()
    return _rule(row)


def add_holiday(session: Session, viewer: Viewer, country: str, day: dt.date | str, name: str, every_year: bool = False) -> HolidayRule:
    """An admin adds a day on which a country's requests count no working hours (once, or every year from `day`)."""
    day, rules = _checked_day(session, viewer, country, day)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise LeaseInputError("name", "a name of 1 to 100 characters", code="holiday_name")
    if day in _days_off(country, day.year, rules):
        raise LeaseInputError("day", f"{day.isoformat()} is a holiday of {country} already", code="holiday_exists")
    return _keep(session, rules, country, day, name, every_year, cancelled=False)


def cancel_holiday(session: Session, viewer: Viewer, country: str, day: dt.date | str, every_year: bool = False) -> HolidayRule:
    """An admin cancels a public holiday: the country's requests count its working hours (that year, or on
    that day of the month every year from `day`)."""
    day, rules = _checked_day(session, viewer, country, day)
    holiday = _days_off(country, day.year, rules).get(day)
    if holiday is None:
        raise LeaseInputError("day", f"{day.isoformat()} is not a holiday of {country}", code="holiday_missing")
    return _keep(session, rules, country, day, holiday.name, every_year, cancelled=True)


def remove_holiday(session: Session, viewer: Viewer, holiday_id: int) -> None:
    """An admin removes one of the lessor's rules (a day added or a holiday cancelled); deadlines set before keep
    their date."""
    _admin(viewer)
    row = session.get(PublicHoliday, holiday_id)
    if row is None:
        raise NotFound(f"holiday {holiday_id}: no such holiday")
    session.delete(row)
    session.flush()


def answer_deadline(session: Session, country: str, submitted: dt.datetime) -> dt.datetime:
    """When a request must be answered (002: "een reactie binnen een maximumtermijn van 48 werkuren"): the hours
    of mobility.json "answer_working_hours", counted on the company's working days in its time zone, weekends
    and its holidays excluded; returned in UTC."""
    local = submitted.astimezone(time_zone(country))
    hours = int(mobility_settings()["answer_working_hours"])
    days_off = holidays_of(session, country, (local.year, local.year + 1))
    return working_hours_deadline(local, hours, days_off).astimezone(dt.UTC)
