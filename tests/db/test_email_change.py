"""Changing one's e-mail address (issue 13, item 8): the password first, a link to the new address in the person's
language (read from a local SMTP sink), the address changed once the link is followed, and only once."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from leasedash.db.models import Company, User
from leasedash.db.session import session_scope
from leasedash.errors import InvalidInput
from leasedash.services.auth import sign_in, viewer_of
from leasedash.services.email_change import confirm_email_change, request_email_change
from leasedash.services.passwords import hash_password
from tests.support.smtp_sink import smtp_sink


@pytest.fixture
def inbox(db_url, monkeypatch):
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    with smtp_sink() as sink:
        for name, value in {**sink.env, "LEASEDASH_BASE_URL": "https://lease.example"}.items():
            monkeypatch.setenv(name, value)
        yield sink


@pytest.fixture
def people(db_url):
    with session_scope(db_url) as s:
        company = Company(name="Ardenne Foods SA", country="BE")
        s.add(company)
        s.flush()
        for email, first in (("lucie@ardenne.be", "Lucie"), ("marc@ardenne.be", "Marc")):
            s.add(User(email=email, first_name=first, last_name="Lemaire", company_id=company.id, language="fr",
                       password_hash=hash_password("Ardenne-2026")))
        s.flush()
        return viewer_of(s.exec(select(User).where(User.email == "lucie@ardenne.be")).one())


def test_a_new_address_is_confirmed_by_a_link_sent_to_it(db_url, inbox, people):
    lucie = people
    with pytest.raises(InvalidInput) as wrong:
        request_email_change(lucie, "lucie.lemaire@example.be", "not-it")
    assert wrong.value.field == "password"
    for address, code in (("marc@ardenne.be", "email_taken"), ("Lucie@Ardenne.be", "email_same"), ("lucie@", "account_email")):
        with pytest.raises(InvalidInput) as refused:
            request_email_change(lucie, address, "Ardenne-2026")
        assert (refused.value.field, refused.value.code) == ("new_email", code)

    request_email_change(lucie, " Lucie.Lemaire@Example.be ", "Ardenne-2026").result(timeout=20)
    (mail,) = inbox.wait_for("lucie.lemaire@example.be")
    assert mail["Subject"] == "Confirmez votre nouvelle adresse leasedash"
    token = re.search(r"https://lease\.example/account/email\?token=([\w-]+)", mail.get_content()).group(1)
    with session_scope(db_url) as s:
        assert sign_in(s, "lucie@ardenne.be", "Ardenne-2026").token  # the old address until the link is followed

    assert confirm_email_change(token) == "lucie.lemaire@example.be"
    with pytest.raises(InvalidInput) as again:
        confirm_email_change(token)
    assert (again.value.field, again.value.code) == ("token", "account_link")
    with session_scope(db_url) as s:
        assert sign_in(s, "lucie.lemaire@example.be", "Ardenne-2026").token
        assert sign_in(s, "lucie@ardenne.be", "Ardenne-2026").error == "wrong_credentials"


def test_asking_again_replaces_the_link(db_url, inbox, people):
    request_email_change(people, "first@example.be", "Ardenne-2026").result(timeout=20)
    request_email_change(people, "second@example.be", "Ardenne-2026").result(timeout=20)
    first = re.search(r"token=([\w-]+)", inbox.wait_for("first@example.be")[0].get_content()).group(1)
    second = re.search(r"token=([\w-]+)", inbox.wait_for("second@example.be")[0].get_content()).group(1)
    with pytest.raises(InvalidInput):
        confirm_email_change(first)
    assert confirm_email_change(second) == "second@example.be"
