"""Page states built directly under pytest, on a small demo database, signed in as each demo account."""

from __future__ import annotations

import datetime as dt

import pytest
import reflex as rx

from leasedash.db.session import session_scope
from leasedash.services.auth import sign_in
from leasedash.services.demo import load_demo


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('states') / 'states.db'}"
    from leasedash.services.schema import upgrade_to_head

    upgrade_to_head(url)
    load_demo(120, seed=11, url=url, today=dt.date.today())
    return url


@pytest.fixture(scope="session")
def demo_contracts(demo_db_url):
    """(the demo driver's contract, another contract of their company, a contract of another company)."""
    from sqlmodel import select

    from leasedash.db.models import Contract, User

    with session_scope(demo_db_url) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        own = s.exec(select(Contract).where(Contract.driver_id == driver.id)).one()
        colleague = s.exec(select(Contract).where(Contract.company_id == driver.company_id, Contract.id != own.id)).first()
        stranger = s.exec(select(Contract).where(Contract.company_id != driver.company_id)).first()
        return own, colleague, stranger


@pytest.fixture(scope="session")
def tokens(demo_db_url) -> dict[str, str]:
    out = {}
    for email in ("driver@example.com", "fleet@example.com", "admin@example.com"):
        with session_scope(demo_db_url) as s:
            out[email] = sign_in(s, email, "Leasedash2026").token
    return out


@pytest.fixture
def make_state(demo_db_url, tokens, monkeypatch):
    """make_state(StateClass, email or None) -> a fresh state signed in as that user."""
    monkeypatch.setenv("REFLEX_DB_URL", demo_db_url)
    import leasedash.leasedash  # noqa: F401  (registers every page state)

    def build(state_cls, email: str | None):
        root = rx.State(_reflex_internal_init=True)
        state = root.get_substate(state_cls.get_full_name().split(".")[1:])
        state.session_token = tokens[email] if email else ""
        return state

    return build


@pytest.fixture(scope="module")
def own_demo(tmp_path_factory) -> tuple[str, dict[str, str]]:
    """A demo database of the test module's own (60 contracts), for tests that write whatever a handler accepts,
    and a session token for each demo account."""
    from leasedash.services.schema import upgrade_to_head

    url = f"sqlite:///{tmp_path_factory.mktemp('own') / 'own.db'}"
    upgrade_to_head(url)
    load_demo(60, seed=5, url=url, today=dt.date.today())
    with session_scope(url) as s:
        return url, {email: sign_in(s, email, "Leasedash2026").token for email in ("driver@example.com", "fleet@example.com", "admin@example.com")}


@pytest.fixture
def own_state(own_demo, monkeypatch):
    """own_state(StateClass, email or None) -> a fresh state on the module's own demo database, signed in again when a
    handler ran before ended the session."""
    from leasedash.services.auth import resolve_session

    url, own_tokens = own_demo
    monkeypatch.setenv("REFLEX_DB_URL", url)
    import leasedash.leasedash  # noqa: F401  (registers every page state)

    def build(state_cls, email: str | None):
        root = rx.State(_reflex_internal_init=True)
        state = root.get_substate(state_cls.get_full_name().split(".")[1:])
        if email:
            with session_scope(url) as s:
                if resolve_session(s, own_tokens[email]) is None:
                    own_tokens[email] = sign_in(s, email, "Leasedash2026").token
        state.session_token = own_tokens[email] if email else ""
        return state

    yield build
