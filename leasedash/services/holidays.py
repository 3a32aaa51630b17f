"""The public holidays a request's answer time skips (seed 002: "binnen een maximumtermijn van 48 werkuren"):
the defaults of leasedash/data/public_holidays.json, loaded into the table on first use, then kept by an admin."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.models import PublicHoliday
from leasedash.db.scoping import Viewer
from leasedash.domain import LeaseInputError
from leasedash.domain.mobility_plan import mobility_settings, working_hours_deadline

DEFAULT_ZONE = "Europe/Brussels"


@cache
def holiday_settings() -> dict[str, Any]:
    """Per country: its time zone and its public holidays (leasedash/data/public_holidays.json)."""
    return json.loads(resources.files("leasedash.data").joinpath("public_holidays.json").read_text(encoding="utf-8"))["countries"]


def countries() -> tuple[str, ...]:
    """The countries whose holidays and time zone the data file gives (BE, LU, NL)."""
    return tuple(holiday_settings())


def time_zone(country: str) -> ZoneInfo:
    """Where a company's working hours are counted (Brussels for a country the file does not know)."""
    return ZoneInfo(holiday_settings().get(country, {}).get("time_zone", DEFAULT_ZONE))


def ensure_holidays(session: Session) -> None:
    """Load the shipped holidays when the table holds none; two workers doing it at once insert each day once."""
    if session.exec(select(PublicHoliday.id).limit(1)).first() is not None:
        return
    rows = [{"country": country, "day": dt.date.fromisoformat(h["day"]), "name": h["name"]}
            for country, entry in holiday_settings().items() for h in entry["holidays"]]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.exec(insert(PublicHoliday).values(rows).on_conflict_do_nothing(index_elements=["country", "day"]))
    session.flush()


def holidays_of(session: Session, country: str) -> frozenset[dt.date]:
    """The days of `country` on which no working hours are counted."""
    ensure_holidays(session)
    return frozenset(session.exec(select(PublicHoliday.day).where(PublicHoliday.country == country)))


def list_holidays(session: Session, country: str | None = None) -> list[PublicHoliday]:
    """Every holiday (or one country's), by date."""
    ensure_holidays(session)
    statement = select(PublicHoliday)
    if country:
        statement = statement.where(PublicHoliday.country == country)
    return list(session.exec(statement.order_by(PublicHoliday.day, PublicHoliday.country)))


def _admin(viewer: Viewer) -> None:
    if viewer.role != "admin":
        raise AccessDenied("only an admin keeps the public holidays")


def add_holiday(session: Session, viewer: Viewer, country: str, day: dt.date | str, name: str) -> PublicHoliday:
    """An admin adds a day on which a country's requests count no working hours."""
    _admin(viewer)
    if country not in countries():
        raise LeaseInputError("country", f"one of {', '.join(countries())}", code="holiday_country")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day.strip())
        except ValueError:
            raise LeaseInputError("day", "a date as YYYY-MM-DD", code="holiday_day") from None
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise LeaseInputError("name", "a name of 1 to 100 characters", code="holiday_name")
    ensure_holidays(session)
    if session.exec(select(PublicHoliday).where(PublicHoliday.country == country, PublicHoliday.day == day)).first():
        raise LeaseInputError("day", f"{day.isoformat()} is a holiday of {country} already", code="holiday_exists")
    holiday = PublicHoliday(country=country, day=day, name=name)
    session.add(holiday)
    session.flush()
    return holiday


def remove_holiday(session: Session, viewer: Viewer, holiday_id: int) -> None:
    """An admin removes a holiday; deadlines set before keep their date."""
    _admin(viewer)
    holiday = session.get(PublicHoliday, holiday_id)
    if holiday is None:
        raise NotFound(f"holiday {holiday_id}: no such holiday")
    session.delete(holiday)
    session.flush()


def answer_deadline(session: Session, country: str, submitted: dt.datetime) -> dt.datetime:
    """When a request must be answered (002: "een reactie binnen een maximumtermijn van 48 werkuren"): the hours
    of mobility.json "answer_working_hours", counted on the company's working days in its time zone, weekends
    and the holidays of the table excluded; returned in UTC."""
    local = submitted.astimezone(time_zone(country))
    hours = int(mobility_settings()["answer_working_hours"])
    return working_hours_deadline(local, hours, holidays_of(session, country)).astimezone(dt.UTC)
