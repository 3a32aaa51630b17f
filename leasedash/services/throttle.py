"""Throttling that an attacker cannot turn against the owner (issue 13, item 5): attempts are counted per address,
per client IP, or per address from one IP, under the limits of leasedash/data/security.json "throttle"; the
counters are shared by every worker (Redis when REFLEX_REDIS_URL is set, else the database table throttle_counter).

How to use it (kinds: sign_in, second_factor, signup, password_reset, invitation, email_change):

    check_and_count("password_reset", address, ip)   # before sending the e-mail; raises Throttled(retry_after)

counts one attempt under every rule of the kind after checking that none is over its limit; call it before opening
your own session (the database store commits the count in its own transaction, so a failure later never undoes it).
Sign-in counts failures only: `check` before the password is read, `count` after a failure, `forget` after a
success (the counters that name the address; never the IP's, else one's own account would reset them).
`ip` is the caller's address as `client_address` (or AppState.client_ip) gives it; "" (the CLI) skips the per-IP
rules. Keys hold a hash of the address and IP, never the values."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from leasedash.db.session import session_scope
from leasedash.db.throttle import ThrottleCounter
from leasedash.db.types import utcnow
from leasedash.errors import Throttled
from leasedash.services.security import security_settings
from leasedash.settings import database_url, redis_url, trusted_proxies

SCOPES = ("address", "ip", "address_ip")
REDIS_PREFIX = "leasedash:throttle:"


@dataclass(frozen=True)
class Rule:
    """One limit of a kind: `limit` attempts per `per` within `window_minutes`, then refused for `lock_minutes`;
    past `slow_after` attempts, one every `slow_seconds`."""

    per: str
    limit: int
    window_minutes: float
    lock_minutes: float | None = None
    slow_after: int | None = None
    slow_seconds: float = 0


@dataclass(frozen=True)
class Count:
    """What a counter holds: attempts within the window, when the window (or lock) ends, the last attempt."""

    hits: int
    window_ends: dt.datetime
    last_at: dt.datetime


def rules(kind: str) -> tuple[Rule, ...]:
    """The rules of a kind of attempt, from security.json; an unknown kind or scope is a programming error."""
    found = tuple(Rule(**r) for r in security_settings()["throttle"][kind])
    for rule in found:
        if rule.per not in SCOPES:
            raise ValueError(f"security.json throttle.{kind}: per must be one of {SCOPES}, not {rule.per!r}")
    return found


def _ip_scope(ip: str) -> str:
    """The client an IP stands for: the address itself, or the /64 network of an IPv6 address (one host holds many)."""
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _key(kind: str, rule: Rule, address: str, ip: str) -> str | None:
    value = {"address": address, "ip": ip, "address_ip": f"{address}|{ip}"}[rule.per]
    if rule.per == "ip" and not ip:
        return None
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:40]
    return f"{kind}:{rule.per}:{digest}"


def _keyed(kind: str, address: str, ip: str) -> list[tuple[str, Rule]]:
    address, ip = (address or "").strip().lower(), _ip_scope((ip or "").strip())
    return [(key, rule) for rule in rules(kind) if (key := _key(kind, rule, address, ip))]


def _wait(rule: Rule, count: Count | None, now: dt.datetime) -> float:
    """Seconds before this rule lets another attempt through (0: now)."""
    if count is None or count.window_ends <= now:
        return 0
    if count.hits >= rule.limit:
        return (count.window_ends - now).total_seconds()
    if rule.slow_after is not None and count.hits >= rule.slow_after:
        return max(0.0, (count.last_at + dt.timedelta(seconds=rule.slow_seconds) - now).total_seconds())
    return 0


def check(kind: str, address: str, ip: str, *, session: Session | None = None, now: dt.datetime | None = None) -> None:
    """Raise Throttled (with the longest wait) when any rule of `kind` refuses this address or IP now."""
    now = now or utcnow()
    keyed = _keyed(kind, address, ip)
    counts = store().read([key for key, _ in keyed], session)
    wait = max((_wait(rule, counts.get(key), now) for key, rule in keyed), default=0)
    if wait > 0:
        raise Throttled(wait)


def count(kind: str, address: str, ip: str, *, session: Session | None = None, now: dt.datetime | None = None) -> None:
    """Count one attempt under every rule of `kind`."""
    now = now or utcnow()
    for key, rule in _keyed(kind, address, ip):
        window = dt.timedelta(minutes=rule.window_minutes)
        lock = dt.timedelta(minutes=rule.window_minutes if rule.lock_minutes is None else rule.lock_minutes)
        store().add(key, now, window, rule.limit, lock, session)


def check_and_count(kind: str, address: str, ip: str, *, session: Session | None = None, now: dt.datetime | None = None) -> None:
    """Refuse with Throttled when over a limit of `kind` (nothing counted then), else count this attempt."""
    check(kind, address, ip, session=session, now=now)
    count(kind, address, ip, session=session, now=now)


def forget(kind: str, address: str, ip: str, *, session: Session | None = None) -> None:
    """Clear the counters of `kind` that name the address (after a success); the IP's own counters stay."""
    store().clear([key for key, rule in _keyed(kind, address, ip) if "address" in rule.per], session)


def client_address(peer: str, forwarded_for: str = "") -> str:
    """The client's IP: the connection's peer, or, when the peer is a trusted proxy (settings.trusted_proxies), the
    nearest address of X-Forwarded-For that is not one of them (a client can write the rest of that header)."""
    networks = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies()]

    def trusted(ip: str) -> bool:
        try:
            return any(ipaddress.ip_address(ip) in n for n in networks)
        except ValueError:
            return False

    if not trusted(peer):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not trusted(hop):
            return hop if _valid_ip(hop) else peer
    return hops[0] if hops else peer


def _valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class DatabaseStore:
    """Counters in throttle_counter: one upsert per rule, in the caller's session or in a transaction of their own."""

    @contextmanager
    def _session(self, session: Session | None) -> Iterator[Session]:
        if session is not None:
            yield session
            return
        with session_scope(database_url()) as own:
            yield own

    def read(self, keys: list[str], session: Session | None) -> dict[str, Count]:
        if not keys:
            return {}
        with self._session(session) as s:
            rows = s.execute(select(ThrottleCounter.key, ThrottleCounter.hits, ThrottleCounter.window_ends, ThrottleCounter.last_at)
                             .where(ThrottleCounter.key.in_(keys))).all()
        return {key: Count(hits, ends, last) for key, hits, ends, last in rows}

    def add(self, key: str, now: dt.datetime, window: dt.timedelta, limit: int, lock: dt.timedelta, session: Session | None) -> None:
        table = ThrottleCounter.__table__
        with self._session(session) as s:
            expired = select(table.c.key).where(table.c.window_ends < now).limit(500).with_for_update(skip_locked=True)
            s.execute(delete(table).where(table.c.key.in_(expired)))
            insert = (postgresql if s.get_bind().dialect.name == "postgresql" else sqlite).insert(table)
            fresh = table.c.window_ends <= now
            hits = s.execute(insert.values(key=key, hits=1, window_ends=now + window, last_at=now).on_conflict_do_update(
                index_elements=[table.c.key],
                set_={"hits": case((fresh, 1), else_=table.c.hits + 1),
                      "window_ends": case((fresh, now + window), else_=table.c.window_ends), "last_at": now},
            ).returning(table.c.hits)).scalar_one()
            if hits >= limit:
                s.execute(update(table).where(table.c.key == key).values(window_ends=now + lock))

    def clear(self, keys: list[str], session: Session | None) -> None:
        if keys:
            with self._session(session) as s:
                s.execute(delete(ThrottleCounter).where(ThrottleCounter.key.in_(keys)))


_REDIS_ADD = """
local now, window, limit, lock = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local ends = tonumber(redis.call('HGET', KEYS[1], 'ends') or '0')
local hits = 1
if ends > now then hits = tonumber(redis.call('HGET', KEYS[1], 'hits')) + 1 else ends = now + window end
if hits >= limit then ends = now + lock end
redis.call('HSET', KEYS[1], 'hits', hits, 'ends', tostring(ends), 'last', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((ends - now) * 1000)))
return hits
"""


class RedisStore:
    """Counters as Redis hashes (hits, ends, last in epoch seconds) that expire with their window; one script per add."""

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self._add = self.redis.register_script(_REDIS_ADD)

    def read(self, keys: list[str], _session: Session | None) -> dict[str, Count]:
        pipe = self.redis.pipeline(transaction=False)
        for key in keys:
            pipe.hmget(REDIS_PREFIX + key, "hits", "ends", "last")
        found = {}
        for key, (hits, ends, last) in zip(keys, pipe.execute()):
            if hits is not None:
                found[key] = Count(int(hits), _from_epoch(ends), _from_epoch(last))
        return found

    def add(self, key: str, now: dt.datetime, window: dt.timedelta, limit: int, lock: dt.timedelta, _session: Session | None) -> None:
        self._add(keys=[REDIS_PREFIX + key], args=[now.timestamp(), window.total_seconds(), limit, lock.total_seconds()])

    def clear(self, keys: list[str], _session: Session | None) -> None:
        if keys:
            self.redis.delete(*(REDIS_PREFIX + key for key in keys))


def _from_epoch(value: bytes) -> dt.datetime:
    return dt.datetime.fromtimestamp(float(value), dt.timezone.utc)


@cache
def _store_for(url: str | None) -> DatabaseStore | RedisStore:
    return RedisStore(url) if url else DatabaseStore()


def store() -> DatabaseStore | RedisStore:
    """Where the counters live: Redis when REFLEX_REDIS_URL is set (every worker shares it), else the database."""
    return _store_for(redis_url())
