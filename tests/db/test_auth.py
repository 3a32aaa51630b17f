"""Sign-in on the server: bcrypt, sessions that expire, throttling, the password rule on every set."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from leasedash.db.models import LoginAttempt, User
from leasedash.db.session import get_engine, session_scope
from leasedash.services.auth import change_password, resolve_session, set_password, sign_in, sign_out
from leasedash.services.passwords import hash_password
from tests.db.factories import make_company, make_user

NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)


def _user(url):
    with session_scope(url) as s:
        company = make_company(s, "Brightwater Logistics S.à r.l.")
        user = make_user(s, company, "sofie@brightwater.lu")
        user.first_name, user.last_name, user.birth_date = "Sofie", "Peeters", dt.date(1988, 4, 12)
        user.password_hash = hash_password("Leasedash2026")
        return user.id


def test_sign_in_session_and_expiry(db_url):
    _user(db_url)
    with session_scope(db_url) as s:
        result = sign_in(s, " Sofie@Brightwater.LU ", "Leasedash2026", now=NOON)
    assert result.token and result.error is None
    with session_scope(db_url) as s:
        assert resolve_session(s, result.token, now=NOON + dt.timedelta(minutes=30)).email == "sofie@brightwater.lu"
        assert resolve_session(s, result.token, now=NOON + dt.timedelta(hours=9)) is None
        assert resolve_session(s, "forged-token", now=NOON) is None
    with session_scope(db_url) as s:
        assert resolve_session(s, result.token, now=NOON + dt.timedelta(minutes=30 + 121)) is None  # idle too long
    with session_scope(db_url) as s:
        fresh = sign_in(s, "sofie@brightwater.lu", "Leasedash2026", now=NOON).token
    with session_scope(db_url) as s:
        sign_out(s, fresh)
    with session_scope(db_url) as s:
        assert resolve_session(s, fresh, now=NOON) is None


def test_failures_are_recorded_and_throttled(db_url):
    _user(db_url)
    for minute in range(5):
        with session_scope(db_url) as s:
            assert sign_in(s, "sofie@brightwater.lu", "Wrong-Pass1", now=NOON + dt.timedelta(minutes=minute)).error == "wrong_credentials"
    with session_scope(db_url) as s:
        assert sign_in(s, "sofie@brightwater.lu", "Leasedash2026", now=NOON + dt.timedelta(minutes=6)).error == "throttled"
    with session_scope(db_url) as s:
        assert sign_in(s, "sofie@brightwater.lu", "Leasedash2026", now=NOON + dt.timedelta(minutes=25)).token
    with Session(get_engine(db_url)) as s:
        assert len(s.exec(select(LoginAttempt)).all()) == 6
    with session_scope(db_url) as s:
        assert sign_in(s, "nobody@brightwater.lu", "Leasedash2026", now=NOON).error == "wrong_credentials"
        assert sign_in(s, "", "", now=NOON).error == "missing_credentials"


def test_the_password_rule_holds_on_every_set(db_url):
    user_id = _user(db_url)
    with session_scope(db_url) as s:
        user = s.get(User, user_id)
        assert set_password(s, user, "Brightwater1") == ["company"]
        assert set_password(s, user, "sofie1988") == ["no_upper", "first_name", "birth_date"]
        assert change_password(s, user, "not-it", "Tr4vel-light") == ["current_wrong"]
        assert change_password(s, user, "Leasedash2026", "Tr4vel-light") == []
    with session_scope(db_url) as s:
        assert sign_in(s, "sofie@brightwater.lu", "Tr4vel-light", now=NOON).token
