"""The days a request's 48 working hours skip, in any year: the public holidays of the `holidays` package and the
lessor's own rules (NL: 5 May every year), checked by hand against the calendar of 2030 and 2031."""

from __future__ import annotations

import datetime as dt

import pytest

from leasedash.db.errors import AccessDenied
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError
from leasedash.services import holidays as hol

ADMIN, FLEET = Viewer(1, "admin", None), Viewer(2, "fleet_manager", 1)


def local(country: str, year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=hol.time_zone(country))


def deadline(url: str, country: str, submitted: dt.datetime) -> dt.datetime:
    with session_scope(url) as s:
        return hol.answer_deadline(s, country, submitted)


def days(url: str, country: str, year: int, lang: str = "en") -> dict[dt.date, str]:
    with session_scope(url) as s:
        return {h.day: h.name for h in hol.calendar(s, country, year, lang)}


def test_the_public_holidays_of_2030_come_without_anyone_typing_them(db_url):
    belgium = days(db_url, "BE", 2030)
    assert belgium[dt.date(2030, 4, 22)] == "Easter Monday"          # Easter Sunday is 21 April 2030
    assert belgium[dt.date(2030, 5, 30)] == "Ascension Day"          # Easter + 39 days
    assert belgium[dt.date(2030, 6, 10)] == "Pentecost Monday"       # Easter + 50 days
    assert {dt.date(2030, 7, 21), dt.date(2030, 11, 11)} <= set(belgium) and dt.date(2030, 4, 19) not in belgium
    assert dt.date(2030, 4, 19) in days(db_url, "NL", 2030)          # Good Friday: a holiday in the Netherlands only
    assert dt.date(2030, 5, 9) in days(db_url, "LU", 2030)           # Europe Day
    assert days(db_url, "BE", 2030, "fr")[dt.date(2030, 4, 22)] == "Lundi de Pâques"
    assert days(db_url, "NL", 2030, "fr")[dt.date(2030, 4, 22)] == "Easter Monday"   # no French names for NL: English


def test_the_deadline_skips_easter_and_ascension_of_2030(db_url):
    for country in ("BE", "LU"):
        assert deadline(db_url, country, local(country, 2030, 4, 18)) == local(country, 2030, 4, 23)   # Thu; Fri counts, Mon 22 is Easter Monday
    assert deadline(db_url, "NL", local("NL", 2030, 4, 18)) == local("NL", 2030, 4, 24)              # Good Friday too -> Wednesday
    assert deadline(db_url, "BE", local("BE", 2030, 5, 29)) == local("BE", 2030, 6, 3)               # Wed; Thu 30 May is Ascension -> Monday
    assert deadline(db_url, "BE", local("BE", 2030, 12, 24)) == local("BE", 2030, 12, 27)            # Tue; Christmas -> Friday
    assert deadline(db_url, "BE", local("BE", 2030, 12, 31)) == local("BE", 2031, 1, 3)              # Tue; New Year's Day 2031 -> Friday


def test_the_lessors_rule_makes_5_may_a_dutch_holiday_every_year(db_url):
    assert dt.date(2031, 5, 5) in days(db_url, "NL", 2031)                                          # the package: only every fifth year
    assert deadline(db_url, "NL", local("NL", 2031, 5, 2)) == local("NL", 2031, 5, 7)                # Fri; Mon 5 May -> Wednesday
    assert deadline(db_url, "BE", local("BE", 2031, 5, 2)) == local("BE", 2031, 5, 6)                # not in Belgium -> Tuesday
    with session_scope(db_url) as s:
        (rule,) = hol.list_holidays(s, "NL")
        assert (rule.day, rule.every_year, rule.cancelled) == (dt.date(1982, 5, 5), True, False)
        hol.remove_holiday(s, ADMIN, rule.id)
    assert deadline(db_url, "NL", local("NL", 2031, 5, 2)) == local("NL", 2031, 5, 6)
    assert dt.date(2030, 5, 5) in days(db_url, "NL", 2030)                                          # 2030 keeps the package's


def test_an_admin_cancels_and_adds_days_once_or_every_year(db_url):
    with session_scope(db_url) as s:
        hol.cancel_holiday(s, ADMIN, "BE", "2030-05-30")
        hol.add_holiday(s, ADMIN, "BE", "2030-12-24", "Christmas Eve", every_year=True)
        hol.cancel_holiday(s, ADMIN, "NL", "2032-05-05", every_year=True)
        hol.add_holiday(s, ADMIN, "NL", "2034-05-05", "Liberation Day")
    assert deadline(db_url, "BE", local("BE", 2030, 5, 29)) == local("BE", 2030, 5, 31)              # Ascension 2030 counts now
    assert dt.date(2031, 5, 22) in days(db_url, "BE", 2031)                                         # a one-off cancel: 2031 keeps its Ascension
    assert dt.date(2035, 12, 24) in days(db_url, "BE", 2035) and dt.date(2029, 12, 24) not in days(db_url, "BE", 2029)
    assert deadline(db_url, "BE", local("BE", 2030, 12, 23)) == local("BE", 2030, 12, 27)            # Mon; 24 and 25 off -> Friday
    nl = {year: dt.date(year, 5, 5) in days(db_url, "NL", year) for year in (2031, 2032, 2033, 2034, 2035)}
    assert nl == {2031: True, 2032: False, 2033: False, 2034: True, 2035: False}                    # the latest yearly rule, then a one-off day


def test_only_an_admin_changes_the_rules_and_bad_input_names_the_field(db_url):
    with pytest.raises(AccessDenied), session_scope(db_url) as s:
        hol.cancel_holiday(s, FLEET, "BE", "2030-05-30")
    for change, args, code in ((hol.cancel_holiday, ("BE", "2030-05-29"), "holiday_missing"),
                               (hol.cancel_holiday, ("NL", "1982-05-05"), "holiday_rule"),
                               (hol.add_holiday, ("BE", "2030-04-22", "Easter"), "holiday_exists"),
                               (hol.cancel_holiday, ("DE", "2030-10-03"), "holiday_country")):
        with pytest.raises(LeaseInputError) as refused, session_scope(db_url) as s:
            change(s, ADMIN, *args)
        assert (refused.value.field, refused.value.code) == ("country" if code == "holiday_country" else "day", code)
