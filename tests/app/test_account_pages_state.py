"""The handlers of /signup, /signup/confirm, /password/forgot, /password/reset, /invitation and /people called
directly (issue 13): the pages without a session show refusals like the gate does, the forgotten-password form
answers the same for every address, /people belongs to fleet managers and admins, /login names the demo accounts
only while the demo is loaded, /tokens says why tokens were revoked."""

from __future__ import annotations

import datetime as dt

from leasedash.i18n import catalog
from leasedash.pages.account.state import LoginState, TokensState
from leasedash.pages.password_reset.state import ForgotState, PasswordLinkState
from leasedash.pages.people.state import PeopleState
from leasedash.pages.signup.state import SignupConfirmState, SignupState
from leasedash.services.api_tokens import TokenRow

EN, FR = catalog("en"), catalog("fr")


def _form(**changes: str) -> dict:
    return {"first_name": "Camille", "last_name": "Lambert", "email": "camille.lambert@mail.be", "language": "fr",
            "birth_date": "1985-06-02", "password": "Tr4vel-light"} | changes


def test_sign_up_shows_the_broken_rules_and_bad_fields_then_where_the_link_went(make_state):
    signup = make_state(SignupState, None)
    signup.submit(_form(password="Lambert1985"))
    assert signup.password_texts == [EN["password.last_name"], EN["password.birth_date"]] and signup.sent_to == ""
    signup.lang = "fr"
    assert signup.password_texts == [FR["password.last_name"], FR["password.birth_date"]]
    signup.submit(_form(email="camille"))
    assert signup.field_problems == {"email": FR["error.account_email"]} and signup.sent_to == ""
    signup.submit({"email": ["x"], "password": {"a": 1}})
    assert "first_name" in signup.field_problems
    signup.submit(_form(email=" Camille.Lambert@Mail.be "))
    assert signup.problem == "" and signup.sent_to == "camille.lambert@mail.be" and "camille.lambert@mail.be" in signup.sent_text


def test_a_dead_confirmation_or_reset_link_is_said_so(make_state):
    confirm = make_state(SignupConfirmState, None)
    confirm.confirm()
    assert not confirm.confirmed and confirm.problem == EN["error.account_link"]
    link = make_state(PasswordLinkState, None)
    link.open_reset()
    assert (link.kind, link.link_ok, link.problem) == ("reset", False, EN["error.account_link"])
    link.submit({"password": "Tr4vel-light"})
    assert not link.done and link.password_problems == []


def test_the_forgotten_password_form_answers_the_same_for_every_address_until_the_limit(make_state):
    forgot = make_state(ForgotState, None)
    for address in ("driver@example.com", "nobody@example.com"):
        forgot.submit({"email": address})
        assert forgot.answered and forgot.problem == ""
    forgot.submit({"email": "not an address"})
    assert not forgot.answered and forgot.field_problems["email"] == EN["error.account_email"]
    for _ in range(3):
        forgot.submit({"email": "someone@example.com"})
        assert forgot.answered
    forgot.submit({"email": "someone@example.com"})  # the fourth within the hour (security.json "password_reset")
    assert not forgot.answered and forgot.problem.startswith("Too many attempts")


def test_people_belongs_to_fleet_managers_and_admins(make_state):
    fleet = make_state(PeopleState, "fleet@example.com")
    fleet.load()
    assert fleet.total > 0 and fleet.mail == "logged" and fleet.range_text.startswith("1–")
    assert {r.role for r in fleet.rows} == {EN["role.driver"]} and fleet.company_choices and len(fleet.company_choices) == 1
    sofie = [r for r in fleet.rows if r.email == "driver@example.com"]
    fleet.find("driver@example.com")
    assert [r.email for r in fleet.rows] == ["driver@example.com"] and fleet.rows[0].standing == "active"
    assert fleet.rows[0].can_deactivate and not fleet.rows[0].can_invite and sofie
    assert fleet.rows[0].deactivate_title == EN["confirm.deactivate_title"].format(name=fleet.rows[0].name) == f"Deactivate {fleet.rows[0].name}?"
    fleet.find_companies("x")
    assert fleet.problem == EN["common.not_allowed"]
    fleet.assign({"reference": "NOPE-1", "driver_email": "driver@example.com"})
    assert fleet.field_problems == {"reference": EN["error.people_no_contract"]}

    driver = make_state(PeopleState, "driver@example.com")
    driver.load()
    assert driver.problem == EN["common.not_allowed"] and driver.rows == []

    admin = make_state(PeopleState, "admin@example.com")
    admin.load()
    assert len(admin.company_choices) > 1 and admin.company_id == int(admin.company_choices[0].value)
    admin.create_company({"company_name": "", "company_kind": "employer", "company_country": "BE", "company_language": "fr"})
    assert "company_name" in admin.field_problems


def test_login_names_the_demo_accounts_while_the_demo_is_loaded(make_state):
    login = make_state(LoginState, None)
    assert login.skip_when_signed_in() is None and login.demo_shown


def test_tokens_say_why_they_were_revoked(make_state):
    tokens = make_state(TokensState, "driver@example.com")
    tokens.load()
    day = dt.date(2026, 11, 30)
    tokens._tokens = [TokenRow(1, "laptop", "ld_abc", "driver@example.com", day, None, True, "password"),
                      TokenRow(2, "ci", "ld_def", "driver@example.com", day, None, True, None)]
    assert tokens.revoked_notice == EN["tokens.revoked_password"]
    tokens._tokens = [TokenRow(2, "ci", "ld_def", "driver@example.com", day, None, True, None)]
    assert tokens.revoked_notice == ""
