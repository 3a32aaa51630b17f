"""The /login, /account and /tokens handlers called directly: sign-in is throttled and bounded before any query,
the password form and the tokens go through the gate."""

from __future__ import annotations

from leasedash.i18n import catalog
from leasedash.pages.account.state import AccountState, LoginState, TokensState

EN = catalog("en")


def _redirect_path(event) -> str:
    return dict((name._js_expr, value) for name, value in event.args)["path"]._var_value


def test_login_throttles_repeated_failures(make_state):
    login = make_state(LoginState, None)
    for _ in range(5):
        login.submit({"email": "fleet@example.com", "password": "wrong-Password1"})
        assert login.error_key == "wrong_credentials"
    login.submit({"email": "fleet@example.com", "password": "Leasedash2026"})
    assert login.error_key == "throttled" and login.session_token == ""
    assert "15 minutes" in login.error_text


def test_sign_in_reads_only_two_bounded_text_fields(make_state):
    login = make_state(LoginState, None)
    for form in ("driver@example.com", {"email": ["driver@example.com"], "password": {"x": 1}}, {}):
        login.submit(form)
        assert login.error_key == "missing_credentials" and login.session_token == ""
    for email, password in (("driver@example.com", "Leasedash2026" + "x" * 100), ("d" * 300 + "@example.com", "Leasedash2026")):
        login.submit({"email": email, "password": password})
        assert login.error_key == "wrong_credentials" and login.session_token == ""
    assert _redirect_path(login.submit({"email": "driver@example.com", "password": "Leasedash2026"})) == "/" and login.session_token
    assert _redirect_path(login.skip_when_signed_in()) == "/" and make_state(LoginState, None).skip_when_signed_in() is None


def test_a_password_change_is_checked_and_a_too_long_one_refused(make_state):
    assert "/login" in str(make_state(AccountState, None).change({"current": "Leasedash2026", "new": "Another2026x"}))
    account = make_state(AccountState, "driver@example.com")
    account.change({"current": "Leasedash2026", "new": "Ab1" + "é" * 40})
    assert account.problems == ["too_long"] and not account.saved and "72" in account.problem_texts[0]
    account.change({"current": "wrong", "new": "Another2026x"})
    assert account.problems == ["current_wrong"] and not account.saved


def test_tokens_are_created_listed_and_revoked_by_their_owner_only(make_state):
    driver = make_state(TokensState, "driver@example.com")
    driver.load()
    driver.set_name("laptop")
    driver.create()
    assert driver.created.startswith("ld_") and driver.name == ""
    (mine,) = [t for t in driver.rows if t.name == "laptop"]
    assert not mine.revoked and mine.last_used == "never" and driver.created[:10] == mine.prefix
    driver.set_for_email("admin@example.com")
    assert driver.problem == EN["common.not_allowed"] and driver.for_email == ""

    fleet = make_state(TokensState, "fleet@example.com")
    fleet.revoke(mine.id)
    assert fleet.problem == EN["common.not_found"]
    admin = make_state(TokensState, "admin@example.com")
    admin.set_for_email("nobody@example.com")
    admin.create()
    assert admin.created == "" and admin.field_problems["for_email"] == EN["error.token_unknown_user"]
    driver.revoke(str(mine.id))
    assert [t.revoked for t in driver.rows if t.id == mine.id] == [True]
    driver.load()
    assert driver.created == ""
