"""Throttling an attacker cannot turn against the owner (issue 13, item 5): failed sign-ins counted per address and
IP together, a client trying many addresses slowed down then refused, the account e-mails limited per address and
per IP, every refusal saying when to try again; counters in the database or in Redis, shared by every worker."""

from __future__ import annotations

import datetime as dt

import pytest

from leasedash.errors import Throttled
from leasedash.services import auth, throttle
from leasedash.services.auth import sign_in
from leasedash.services.passwords import hash_password
from leasedash.state import refusal_message
from leasedash.db.session import session_scope
from tests.conftest import skip_or_fail
from tests.db.factories import make_company, make_user

NOON = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
OWNER, ATTACKER, OFFICE = "198.51.100.7", "203.0.113.66", "192.0.2.10"
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["database", "redis"])
def counters(request, db_url, monkeypatch):
    """The database (db_url) as the users' store, and the throttling counters in it or in Redis."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    if request.param == "database":
        monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
        yield request.param
        return
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis is not reachable at {REDIS_TEST_URL} ({exc.__class__.__name__})")
    monkeypatch.setenv("REFLEX_REDIS_URL", REDIS_TEST_URL)
    wipe = lambda: [client.delete(k) for k in client.scan_iter(throttle.REDIS_PREFIX + "*")]  # noqa: E731
    wipe()
    yield request.param
    wipe()


def _owner(url: str, email: str = "sofie@brightwater.lu") -> None:
    with session_scope(url) as s:
        user = make_user(s, make_company(s, "Brightwater Logistics S.à r.l."), email)
        user.password_hash = hash_password("Leasedash2026")


@pytest.fixture
def quick_passwords(monkeypatch):
    """Passwords checked without bcrypt's cost, for tests that make a hundred attempts."""
    monkeypatch.setattr(auth, "verify_password", lambda password, _hash: password == "Leasedash2026")


def _attempt(url, email, password, ip, at):
    with session_scope(url) as s:
        return sign_in(s, email, password, now=at, ip=ip)


def test_wrong_passwords_from_one_place_never_lock_the_owner_out_elsewhere(db_url, counters):
    _owner(db_url)
    for minute in range(5):
        assert _attempt(db_url, "sofie@brightwater.lu", "Wrong-Pass1", ATTACKER, NOON + dt.timedelta(minutes=minute)).error == "wrong_credentials"
    refused = _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", ATTACKER, NOON + dt.timedelta(minutes=6))
    assert refused.error == "throttled" and refused.token is None
    assert refused.retry_after == 13 * 60  # 15 minutes from the fifth failure, at minute 4
    assert _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", OWNER, NOON + dt.timedelta(minutes=6)).token
    assert _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", ATTACKER, NOON + dt.timedelta(minutes=19, seconds=1)).token


def test_a_success_clears_the_failures_of_its_address_and_ip(db_url, counters, quick_passwords):
    _owner(db_url)
    for minute in range(4):
        _attempt(db_url, "sofie@brightwater.lu", "Wrong-Pass1", OWNER, NOON + dt.timedelta(minutes=minute))
    assert _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", OWNER, NOON + dt.timedelta(minutes=5)).token
    for minute in range(4):
        assert _attempt(db_url, "sofie@brightwater.lu", "Wrong-Pass1", OWNER, NOON + dt.timedelta(minutes=6 + minute)).error == "wrong_credentials"
    assert _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", OWNER, NOON + dt.timedelta(minutes=11)).token


def test_a_client_trying_many_addresses_is_slowed_down_then_refused(db_url, counters, quick_passwords):
    _owner(db_url)
    at = NOON
    for n in range(10):
        assert _attempt(db_url, f"guess{n}@brightwater.lu", "Wrong-Pass1", ATTACKER, at).error == "wrong_credentials"
    slowed = _attempt(db_url, "guess10@brightwater.lu", "Wrong-Pass1", ATTACKER, at + dt.timedelta(seconds=3))
    assert (slowed.error, slowed.retry_after) == ("throttled", 7)
    for n in range(10, 50):
        at += dt.timedelta(seconds=10)
        assert _attempt(db_url, f"guess{n}@brightwater.lu", "Wrong-Pass1", ATTACKER, at).error == "wrong_credentials"
    refused = _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", ATTACKER, at + dt.timedelta(minutes=5))
    assert (refused.error, refused.retry_after) == ("throttled", 55 * 60)
    assert _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", OWNER, at + dt.timedelta(minutes=5)).token
    assert _attempt(db_url, "sofie@brightwater.lu", "Leasedash2026", ATTACKER, at + dt.timedelta(minutes=61)).token


def test_account_emails_are_limited_per_address_and_per_ip(db_url, counters):
    for minute in range(3):
        throttle.check_and_count("password_reset", "Sofie@Brightwater.lu ", ATTACKER, now=NOON + dt.timedelta(minutes=minute))
    with pytest.raises(Throttled) as per_address:
        throttle.check_and_count("password_reset", "sofie@brightwater.lu", OFFICE, now=NOON + dt.timedelta(minutes=10))
    assert per_address.value.retry_after == 52 * 60
    for n in range(7):
        throttle.check_and_count("password_reset", f"other{n}@brightwater.lu", ATTACKER, now=NOON + dt.timedelta(minutes=10))
    with pytest.raises(Throttled) as per_ip:
        throttle.check_and_count("password_reset", "new@brightwater.lu", ATTACKER, now=NOON + dt.timedelta(minutes=11))
    assert per_ip.value.retry_after == 59 * 60
    throttle.check_and_count("password_reset", "new@brightwater.lu", OFFICE, now=NOON + dt.timedelta(minutes=11))
    throttle.check_and_count("signup", "sofie@brightwater.lu", ATTACKER, now=NOON + dt.timedelta(minutes=11))  # each kind its own counters
    throttle.check_and_count("password_reset", "sofie@brightwater.lu", OFFICE, now=NOON + dt.timedelta(minutes=63))


def test_the_counters_hold_no_address_and_no_ip(db_url, counters):
    throttle.check_and_count("signup", "sofie@brightwater.lu", ATTACKER, now=NOON)
    if counters == "database":
        from sqlmodel import select

        from leasedash.db.models import ThrottleCounter

        with session_scope(db_url) as s:
            keys = s.exec(select(ThrottleCounter.key)).all()
    else:
        import redis

        keys = [k.decode() for k in redis.Redis.from_url(REDIS_TEST_URL).scan_iter(throttle.REDIS_PREFIX + "*")]
    assert len(keys) == 2 and not any("sofie" in k or "203.0" in k for k in keys)


def test_an_unknown_address_costs_the_same_password_check(db_url, monkeypatch):
    _owner(db_url)
    checked = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda password, hashed: checked.append(hashed) or real(password, hashed))
    _attempt(db_url, "sofie@brightwater.lu", "Wrong-Pass1", OWNER, NOON)
    _attempt(db_url, "nobody@brightwater.lu", "Wrong-Pass1", OWNER, NOON)
    assert len(checked) == 2 and all(h.startswith("$2b$12$") for h in checked)


def test_every_refusal_says_when_to_try_again():
    assert refusal_message(Throttled(13 * 60), "en") == "Too many attempts: try again in 13 minutes."
    assert refusal_message(Throttled(61), "fr") == "Trop de tentatives : réessayez dans 2 minutes."
    assert refusal_message(Throttled(1), "fr") == "Trop de tentatives : réessayez dans 1 seconde."
    assert refusal_message(Throttled(6.2), "nl") == "Te veel pogingen: probeer het over 7 seconden opnieuw."


def test_x_forwarded_for_is_believed_only_through_a_trusted_proxy(monkeypatch):
    monkeypatch.delenv("LEASEDASH_TRUSTED_PROXIES", raising=False)
    assert throttle.client_address(ATTACKER, "198.51.100.7") == ATTACKER
    monkeypatch.setenv("LEASEDASH_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert throttle.client_address("127.0.0.1", f"1.2.3.4, {ATTACKER}, 10.1.2.3") == ATTACKER
    assert throttle.client_address("127.0.0.1", "") == "127.0.0.1"
    assert throttle.client_address(ATTACKER, "198.51.100.7") == ATTACKER


def test_one_ipv6_host_is_one_client():
    keys = {key for key, _ in throttle._keyed("signup", "a@b.c", "2001:db8:1:2:aaaa::1")}
    assert keys == {key for key, _ in throttle._keyed("signup", "a@b.c", "2001:db8:1:2:bbbb::9")}
