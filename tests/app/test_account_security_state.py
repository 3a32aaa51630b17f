"""The second factor and the sessions of /account, handlers called directly (issue 13, item 8): an authenticator set
up with a first code computed by pyotp, every later sign-in completed by a code that works once, admins sent to set
one up first; my sessions listed, one ended, all ended."""

from __future__ import annotations

import datetime as dt
import itertools

import pyotp
import pytest
from reflex.istate.data import ReflexURL, RouterData
from sqlmodel import select

from leasedash import routes
from leasedash.db.models import User
from leasedash.db.session import session_scope
from leasedash.i18n import catalog
from leasedash.pages.account.security_state import SecurityState
from leasedash.pages.account.state import LoginState
from leasedash.services.auth import sign_in
from leasedash.services.passwords import hash_password
from leasedash.state import AppState

EN = catalog("en")
PASSWORD = "Second-Step26"
_numbers = itertools.count(1)


def _redirect_path(event) -> str:
    return dict((name._js_expr, value) for name, value in event.args)["path"]._var_value


@pytest.fixture
def person(demo_db_url, make_state):
    """A new user of the given role (a driver of the demo driver's company, or an admin) and a signed-in state maker."""

    def create(role: str):
        email = f"{role}-{next(_numbers)}@brightwater.example"
        with session_scope(demo_db_url) as s:
            company_id = None if role == "admin" else s.exec(select(User.company_id).where(User.email == "driver@example.com")).one()
            s.add(User(email=email, first_name="Tess", last_name="Vermeulen", role=role, company_id=company_id,
                       password_hash=hash_password(PASSWORD)))

        def signed_in(state_cls):
            with session_scope(demo_db_url) as s:
                token = sign_in(s, email, PASSWORD, ip="192.0.2.44").token
            state = make_state(state_cls, None)
            state.session_token = token
            return state

        return email, signed_in

    return create


def _enrol(security: SecurityState) -> pyotp.TOTP:
    """Set up an authenticator from a session opened before it (later sign-ins ask for a code)."""
    security.load()
    security.start_second_factor()
    assert security.setting_up and security.qr_code.startswith("data:image/svg+xml") and len(security.secret) == 32
    security.confirm_second_factor({"code": "000000" if pyotp.TOTP(security.secret).now() != "000000" else "111111"})
    assert security.field_problems["code"] == EN["error.totp_wrong"] and not security.has_second_factor
    security.confirm_second_factor({"code": "12 34"})
    assert security.field_problems["code"] == EN["error.totp_format"]
    authenticator = pyotp.TOTP(security.secret)
    security.confirm_second_factor({"code": authenticator.now()})
    assert security.has_second_factor and security.secret == "" and security.notice == EN["security.totp_on"]
    return authenticator


def test_an_authenticator_is_set_up_then_every_sign_in_needs_a_code_that_works_once(person, make_state):
    email, signed_in = person("driver")
    authenticator = _enrol(signed_in(SecurityState))

    login = make_state(LoginState, None)
    assert login.submit({"email": email, "password": PASSWORD}) is None
    assert login.code_step and login.session_token
    half_signed = make_state(SecurityState, None)
    half_signed.session_token = login.session_token
    assert _redirect_path(half_signed.load()) == routes.LOGIN  # a password alone opens nothing
    login.submit_code({"code": "999999" if authenticator.now() != "999999" else "888888"})
    assert login.error_key == "wrong_code" and login.code_step
    later = authenticator.at(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=30))
    assert _redirect_path(login.submit_code({"code": later})) == routes.HOME and not login.code_step
    half_signed.load()
    assert half_signed.has_second_factor and half_signed.problem == ""

    again = make_state(LoginState, None)
    again.submit({"email": email, "password": PASSWORD})
    again.submit_code({"code": later})
    assert again.error_key == "wrong_code"  # a code works once


def test_wrong_codes_are_throttled_and_the_refusal_says_when(person, make_state):
    email, signed_in = person("driver")
    authenticator = _enrol(signed_in(SecurityState))
    login = make_state(LoginState, None)
    login.submit({"email": email, "password": PASSWORD})
    wrong = "999999" if authenticator.now() != "999999" else "888888"
    for _ in range(5):
        login.submit_code({"code": wrong})
    login.submit_code({"code": authenticator.now()})
    assert login.error_key == "throttled" and login.error_text == "Too many attempts: try again in 15 minutes."


def test_an_admin_without_an_authenticator_is_sent_to_set_one_up(person, make_state):
    _, signed_in = person("admin")
    admin = signed_in(AppState)
    assert _redirect_path(admin.require_sign_in()) == routes.ACCOUNT
    security = signed_in(SecurityState)
    security.load()
    assert security.second_factor_required
    _enrol(security)
    assert admin.require_sign_in() is None
    assert make_state(AppState, "admin@example.com").require_sign_in() is None  # the demo admin, whose password is public
    _, driver = person("driver")
    assert driver(AppState).require_sign_in() is None  # offered, not required


def test_an_admin_without_an_authenticator_is_refused_by_every_handler_but_its_set_up(person):
    from leasedash.pages.account.pace_mails import PaceMailState

    _, signed_in = person("admin")
    elsewhere = signed_in(PaceMailState)  # an event sent from another page by a client that skipped its on_load
    elsewhere.router = RouterData(url=ReflexURL("http://localhost/fleet"))
    assert _redirect_path(elsewhere.set_pace_emails(False)) == routes.ACCOUNT and elsewhere.pace_emails is not False
    on_account = signed_in(PaceMailState)
    on_account.router = RouterData(url=ReflexURL(f"http://localhost{routes.ACCOUNT}"))
    on_account.set_pace_emails(False)
    assert on_account.problem == EN["common.second_factor_first"] and on_account.pace_emails is not False
    _enrol(signed_in(SecurityState))
    assert elsewhere.set_pace_emails(False) is None and elsewhere.problem == "" and elsewhere.pace_emails is False


def test_a_code_removes_the_authenticator(person):
    _, signed_in = person("driver")
    security = signed_in(SecurityState)
    authenticator = _enrol(security)
    security.remove_second_factor({"code": "12"})
    assert security.has_second_factor and security.field_problems["code"] == EN["error.totp_wrong"]
    security.remove_second_factor({"code": authenticator.at(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=30))})
    assert not security.has_second_factor and security.notice == EN["security.totp_off"]


def test_my_sessions_are_listed_one_ended_then_all(person):
    _, signed_in = person("driver")
    other, here = signed_in(SecurityState), signed_in(SecurityState)
    here.load()
    assert [line.current for line in here.sessions] == [False, True] or [line.current for line in here.sessions] == [True, False]
    assert all("192.0.2.44" in line.where for line in here.sessions)
    (theirs,) = [line for line in here.sessions if not line.current]
    here.end_session(theirs.id)
    assert [line.current for line in here.sessions] == [True]
    assert _redirect_path(other.load()) == routes.LOGIN
    here.end_session(theirs.id)
    assert here.problem == EN["common.not_found"]
    assert _redirect_path(here.sign_out_everywhere()) == routes.LOGIN
    assert here.session_token == ""
