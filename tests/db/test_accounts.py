"""Accounts for real people (issue 13) on SQLite and PostgreSQL: every one-time link's lifetime, single use and
replacement; sign-up with its confirmation, invitations, the forgotten password of seed 000 with its e-mails read
from a real SMTP server; a password change, a reset and a deactivation end the other sessions and revoke the API
tokens; a fleet manager manages their own drivers only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from leasedash.db.accounts import AccountToken, issue_token, live_token, redeem_token, token_hours
from leasedash.db.models import ApiToken, AuthSession, Company, Contract, User
from leasedash.db.session import get_engine, session_scope
from leasedash.errors import AccessDenied, InvalidInput, NotFound
from leasedash.services import invitations, people
from leasedash.services.account import change_own_password
from leasedash.services.accounts import (
    SignUp,
    confirm_address,
    link_holder,
    request_password_reset,
    set_password_by_link,
    sign_up,
)
from leasedash.services.api_tokens import create_token, token_rows, user_of_token
from leasedash.services.auth import resolve_session, sign_in, viewer_of
from leasedash.services.passwords import hash_password
from tests.db.factories import make_company, make_contract, make_product, make_user
from tests.support.smtp_sink import smtp_sink

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
PASSWORD = "Tr4vel-light"
LINK = re.compile(r"https://lease\.example(/[\w/-]+)\?token=([\w-]+)")


@pytest.fixture
def accounts(db_url, monkeypatch) -> Iterator[dict[str, int]]:
    """Acme (its fleet manager, an active driver, a driver without an account), Brightwater (its fleet manager, a
    driver) and an admin; the services use this database."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    monkeypatch.setenv("LEASEDASH_BASE_URL", "https://lease.example")
    with session_scope(db_url) as s:
        acme, bright = make_company(s, "Acme NV"), make_company(s, "Brightwater Logistics")
        users = {"fleet": make_user(s, acme, "fleet@acme.be", "fleet_manager"), "driver": make_user(s, acme, "sofie@acme.be"),
                 "new": make_user(s, acme, "jan@acme.be"), "other_fleet": make_user(s, bright, "fleet@bright.lu", "fleet_manager"),
                 "other_driver": make_user(s, bright, "lea@bright.lu"), "admin": make_user(s, None, "admin@lessor.example", "admin")}
        for key in ("fleet", "driver", "other_fleet", "admin"):
            users[key].password_hash = hash_password("Leasedash2026")
        users["driver"].language = "nl"
        product = make_product(s)
        make_contract(s, acme, users["driver"], product, "1ACM001")
        make_contract(s, bright, users["other_driver"], product, "1BRI001")
        s.flush()
        ids = {key: u.id for key, u in users.items()} | {"acme": acme.id, "bright": bright.id}
    yield ids


@pytest.fixture
def inbox(monkeypatch):
    with smtp_sink() as sink:
        for name, value in sink.env.items():
            monkeypatch.setenv(name, value)
        yield sink


def _viewer(url: str, user_id: int):
    with Session(get_engine(url)) as s:
        return viewer_of(s.get(User, user_id))


def _link(message) -> tuple[str, str]:
    return LINK.search(message.get_content()).groups()


def _user(url: str, email: str) -> User:
    with Session(get_engine(url)) as s:
        return s.exec(select(User).where(User.email == email)).one()


@pytest.mark.parametrize("kind", ["confirm", "invite", "reset"])
def test_each_link_works_until_it_expires_once_and_a_new_one_replaces_it(accounts, db_url, kind):
    lifetime = dt.timedelta(hours=token_hours()[kind])
    assert lifetime == {"confirm": dt.timedelta(hours=24), "invite": dt.timedelta(days=7), "reset": dt.timedelta(hours=1)}[kind]
    with session_scope(db_url) as s:
        first = issue_token(s, s.get(User, accounts["driver"]), kind, now=T0)
    with session_scope(db_url) as s:
        assert live_token(s, kind, first, now=T0 + lifetime - dt.timedelta(seconds=1)).user_id == accounts["driver"]
        with pytest.raises(InvalidInput) as expired:
            live_token(s, kind, first, now=T0 + lifetime)
        assert (expired.value.field, expired.value.code) == ("token", "account_link")
        other = "reset" if kind != "reset" else "invite"
        with pytest.raises(InvalidInput):
            live_token(s, other, first, now=T0)
    with session_scope(db_url) as s:
        second = issue_token(s, s.get(User, accounts["driver"]), kind, now=T0 + dt.timedelta(minutes=5))
    with session_scope(db_url) as s, pytest.raises(InvalidInput):
        live_token(s, kind, first, now=T0 + dt.timedelta(minutes=6))  # replaced
    with session_scope(db_url) as s:
        assert redeem_token(s, kind, second, now=T0 + dt.timedelta(minutes=6)).email == "sofie@acme.be"
    with session_scope(db_url) as s, pytest.raises(InvalidInput):
        redeem_token(s, kind, second, now=T0 + dt.timedelta(minutes=7))  # used
    with Session(get_engine(db_url)) as s:
        rows = s.exec(select(AccountToken)).all()
        assert len(rows) == 1 and rows[0].used_at == T0 + dt.timedelta(minutes=6) and len(rows[0].token_hash) == 64
        assert second not in rows[0].token_hash


def test_two_workers_following_one_link_at_once_use_it_once(accounts, db_url):
    with session_scope(db_url) as s:
        token = issue_token(s, s.get(User, accounts["driver"]), "reset", now=T0)
    with Session(get_engine(db_url), expire_on_commit=False) as first, Session(get_engine(db_url)) as second:
        live_token(second, "reset", token, now=T0)  # the second worker has read it live
        redeem_token(first, "reset", token, now=T0)
        first.commit()
        with pytest.raises(InvalidInput):
            redeem_token(second, "reset", token, now=T0)
        second.rollback()


def test_a_private_lessee_signs_up_confirms_and_is_their_own_tenant(accounts, db_url, inbox):
    form = SignUp("Marie", "Dupont", " Marie.Dupont@Mail.be ", "fr", "1990-03-08", "Dupont1990x")
    assert sign_up(form) == ["last_name", "birth_date"]
    assert sign_up(SignUp("Marie", "Dupont", "marie.dupont@mail.be", "fr", "", "Marie-2026")) == ["first_name"]
    assert inbox.mails == []
    with pytest.raises(InvalidInput) as bad:
        sign_up(SignUp("Marie", "Dupont", "marie.dupont", "fr", "", PASSWORD))
    assert (bad.value.field, bad.value.code) == ("email", "account_email")
    with pytest.raises(InvalidInput) as bad:
        sign_up(SignUp("Marie", "Dupont", "marie.dupont@mail.be", "fr", "2099-01-01", PASSWORD))
    assert bad.value.field == "birth_date"

    assert sign_up(SignUp("Marie", "Dupont", " Marie.Dupont@Mail.be ", "fr", "1990-03-08", PASSWORD)) == []
    (mail,) = inbox.wait_for("marie.dupont@mail.be")
    assert mail["Subject"] == "Confirmez votre adresse e-mail"
    assert mail.get_content().startswith("Bonjour Marie,") and "valable 24 heures" in mail.get_content()
    path, token = _link(mail)
    assert path == "/signup/confirm"
    marie = _user(db_url, "marie.dupont@mail.be")
    assert (marie.status, marie.role, marie.birth_date) == ("unconfirmed", "driver", dt.date(1990, 3, 8))
    with session_scope(db_url) as s:
        assert sign_in(s, "marie.dupont@mail.be", PASSWORD).error == "wrong_credentials"  # not before confirming
        tenant = s.get(Company, marie.company_id)
        assert (tenant.kind, tenant.language) == ("private", "fr")
        assert len(s.exec(select(User).where(User.company_id == tenant.id)).all()) == 1

    confirm_address(token)
    with pytest.raises(InvalidInput):
        confirm_address(token)
    assert _user(db_url, "marie.dupont@mail.be").status == "active"
    with session_scope(db_url) as s:
        assert sign_in(s, "marie.dupont@mail.be", PASSWORD).token
    seen = people.people(_viewer(db_url, accounts["fleet"]), marie.company_id)  # a fleet manager only ever sees their own company
    assert seen.company.id == accounts["acme"] and "marie.dupont@mail.be" not in {r.email for r in seen.rows}
    assert people.people(_viewer(db_url, accounts["admin"]), marie.company_id).total == 1

    assert sign_up(SignUp("Eve", "Intruder", "marie.dupont@mail.be", "en", "", "Another-2026")) == []  # the same answer
    assert len(inbox.to("marie.dupont@mail.be")) == 1
    assert _user(db_url, "marie.dupont@mail.be").first_name == "Marie"


def test_signing_up_again_before_confirming_replaces_the_first_link(accounts, db_url, inbox):
    assert sign_up(SignUp("Tom", "Smit", "tom@mail.nl", "nl", "", PASSWORD)) == []
    first = _link(inbox.wait_for("tom@mail.nl")[0])[1]
    assert sign_up(SignUp("Tom", "Smit", "tom@mail.nl", "nl", "", "Bicycle-2027")) == []
    second = _link(inbox.wait_for("tom@mail.nl", 2)[1])[1]
    assert inbox.to("tom@mail.nl")[1]["Subject"] == "Bevestig uw e-mailadres"
    with pytest.raises(InvalidInput):
        confirm_address(first)
    confirm_address(second)
    with session_scope(db_url) as s:
        assert sign_in(s, "tom@mail.nl", "Bicycle-2027").token and len(s.exec(select(Company).where(Company.kind == "private")).all()) == 1


def test_a_forgotten_password_is_reset_once_through_a_link_of_one_hour(accounts, db_url, inbox):
    assert request_password_reset("nobody@acme.be") is None
    request_password_reset(" Sofie@Acme.be ").result(timeout=20)
    (mail,) = inbox.wait_for("sofie@acme.be")
    assert mail["Subject"] == "Kies een nieuw leasedash-wachtwoord" and "1 uur geldig" in mail.get_content()
    assert inbox.to("nobody@acme.be") == []
    path, first = _link(mail)
    assert path == "/password/reset" and link_holder("reset", first).first_name == "Test"

    request_password_reset("sofie@acme.be").result(timeout=20)
    second = _link(inbox.wait_for("sofie@acme.be", 2)[1])[1]
    with pytest.raises(InvalidInput):
        set_password_by_link("reset", first, PASSWORD)  # asking again replaced it
    assert set_password_by_link("reset", second, "short") == ["too_short", "no_digit", "no_upper"]
    assert set_password_by_link("reset", second, "Sofie-2026x") == ["last_name"]  # her last name is "sofie"; the link still works
    assert set_password_by_link("reset", second, "Velo-2026x") == []
    with pytest.raises(InvalidInput):
        set_password_by_link("reset", second, PASSWORD)  # works once
    with session_scope(db_url) as s:
        assert sign_in(s, "sofie@acme.be", "Velo-2026x").token and sign_in(s, "sofie@acme.be", "Leasedash2026").error


def test_a_reset_link_refuses_a_password_against_the_rule_and_stays_usable(accounts, db_url):
    with session_scope(db_url) as s:
        user = s.get(User, accounts["driver"])
        user.first_name, user.last_name = "Sofie", "Peeters"
        token = issue_token(s, user, "reset")
    assert set_password_by_link("reset", token, "Peeters2026") == ["last_name"]
    assert set_password_by_link("reset", token, PASSWORD) == []


def _sessions_and_token(url: str, email: str, password: str = "Leasedash2026") -> tuple[str, str, str]:
    with session_scope(url) as s:
        here, elsewhere = sign_in(s, email, password).token, sign_in(s, email, password).token
        user = s.exec(select(User).where(User.email == email)).one()
        api = create_token(s, viewer_of(user), "laptop")[0]
    return here, elsewhere, api


def test_a_password_change_ends_the_other_sessions_and_revokes_the_api_tokens(accounts, db_url):
    here, elsewhere, api = _sessions_and_token(db_url, "sofie@acme.be")
    viewer = _viewer(db_url, accounts["driver"])
    assert change_own_password(viewer, "wrong", PASSWORD, here) == ["current_wrong"]
    with session_scope(db_url) as s:
        assert resolve_session(s, elsewhere) and user_of_token(s, api)
    assert change_own_password(viewer, "Leasedash2026", PASSWORD, here) == []
    with session_scope(db_url) as s:
        assert resolve_session(s, here).email == "sofie@acme.be"
        assert resolve_session(s, elsewhere) is None and user_of_token(s, api) is None
    (row,) = token_rows(viewer)
    assert row.revoked and row.revoked_because == "password"


def test_a_reset_ends_every_session_and_revokes_the_api_tokens(accounts, db_url):
    here, elsewhere, api = _sessions_and_token(db_url, "sofie@acme.be")
    with session_scope(db_url) as s:
        token = issue_token(s, s.get(User, accounts["driver"]), "reset")
    assert set_password_by_link("reset", token, PASSWORD) == []
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(AuthSession)).all() == [] and s.exec(select(ApiToken)).one().revoked_because == "password"


def test_deactivation_ends_sessions_and_tokens_at_once_and_reactivation_gives_the_account_back(accounts, db_url):
    here, _, api = _sessions_and_token(db_url, "sofie@acme.be")
    fleet = _viewer(db_url, accounts["fleet"])
    with pytest.raises(NotFound):
        people.deactivate(_viewer(db_url, accounts["other_fleet"]), accounts["driver"])  # not their driver
    with pytest.raises(NotFound):
        people.deactivate(fleet, accounts["fleet"])  # never themselves
    people.deactivate(fleet, accounts["driver"])
    with session_scope(db_url) as s:
        assert resolve_session(s, here) is None and user_of_token(s, api) is None
        assert sign_in(s, "sofie@acme.be", "Leasedash2026").error == "wrong_credentials"
        assert s.exec(select(ApiToken)).one().revoked_because == "deactivated"
    assert [r.standing for r in people.people(fleet, None, "sofie").rows] == ["deactivated"]
    people.reactivate(fleet, accounts["driver"])
    with session_scope(db_url) as s:
        assert sign_in(s, "sofie@acme.be", "Leasedash2026").token


def test_a_fleet_manager_invites_a_driver_who_chooses_a_password(accounts, db_url, inbox):
    fleet = _viewer(db_url, accounts["fleet"])
    done = invitations.add_person(fleet, None, "Anna", "Bakker", "Anna@Acme.be", "nl")
    assert (done.sent, done.logged, done.waiting) == (1, 0, 0)
    (mail,) = inbox.wait_for("anna@acme.be")
    assert mail["Subject"] == "Uw leasedash-account wacht op u" and "7 dagen geldig" in mail.get_content()
    path, token = _link(mail)
    assert path == "/invitation"
    (anna,) = people.people(fleet, None, "anna").rows
    assert anna.standing == "invited" and anna.invited_until is not None
    with pytest.raises(InvalidInput) as taken:
        invitations.add_person(fleet, None, "Anna", "Bakker", "anna@acme.be", "nl")
    assert taken.value.code == "people_email_taken"

    invitations.resend_invitation(fleet, anna.id)
    fresh = _link(inbox.wait_for("anna@acme.be", 2)[1])[1]
    with pytest.raises(InvalidInput):
        link_holder("invite", token)  # the earlier link stops working
    assert set_password_by_link("invite", fresh, "Bakker-2026") == ["last_name"]
    assert set_password_by_link("invite", fresh, PASSWORD) == []
    assert [r.standing for r in people.people(fleet, None, "anna").rows] == ["active"]
    with session_scope(db_url) as s:
        assert sign_in(s, "anna@acme.be", PASSWORD).token
    with pytest.raises(InvalidInput) as has_account:
        invitations.resend_invitation(fleet, anna.id)
    assert has_account.value.code == "people_has_account"


def test_a_fleet_manager_manages_their_own_drivers_only_and_an_admin_every_company(accounts, db_url, inbox):
    fleet, admin = _viewer(db_url, accounts["fleet"]), _viewer(db_url, accounts["admin"])
    listed = people.people(fleet, accounts["bright"])  # their own company whatever they ask
    assert listed.company.name == "Acme NV" and {r.email for r in listed.rows} == {"sofie@acme.be", "jan@acme.be"}
    assert {r.standing for r in listed.rows} == {"active", "no_account"} and listed.rows[0].contracts in ((), ("T-1ACM001",))
    with pytest.raises(InvalidInput) as role:
        invitations.add_person(fleet, None, "Max", "Weber", "max@acme.be", "en", role="fleet_manager")
    assert role.value.code == "people_role"
    with pytest.raises(AccessDenied):
        people.create_company(fleet, "Polder Foods B.V.", "employer", "NL", "nl")
    with pytest.raises(AccessDenied):
        people.people(_viewer(db_url, accounts["driver"]), None)

    made = people.create_company(admin, "Polder Foods B.V.", "employer", "NL", "nl")
    with pytest.raises(InvalidInput) as taken:
        people.create_company(admin, "polder foods b.v.", "private", "NL", "nl")
    assert taken.value.code == "people_company_taken"
    with pytest.raises(InvalidInput) as country:
        people.create_company(admin, "Somewhere GmbH", "employer", "DE", "en")
    assert country.value.field == "company_country"
    invitations.add_person(admin, made.id, "Bram", "Visser", "bram@polder.nl", "nl", role="fleet_manager")
    assert [(r.role, r.standing) for r in people.people(admin, made.id).rows] == [("fleet_manager", "invited")]
    assert {c.name for c in people.companies(admin, "polder")} == {"Polder Foods B.V."}
    assert [c.name for c in people.companies(fleet)] == ["Acme NV"]


def test_every_driver_of_an_imported_file_without_an_account_is_invited(accounts, db_url, inbox):
    fleet = _viewer(db_url, accounts["fleet"])
    text = ("email,first_name,last_name,language\n"
            "Jan@acme.be,Jan,Janssens,\n"           # in the company, no account yet: invited
            "sofie@acme.be,Sofie,Peeters,nl\n"      # has an account: left alone
            "lea@bright.lu,Léa,Martin,fr\n"         # another company's driver: left alone
            "nina@acme.be,Nina,Claes,fr\n")         # new: added and invited
    done = invitations.import_people(fleet, None, text)
    assert (done.created, done.had_account, done.elsewhere, done.invitations.sent) == (1, 1, 1, 2)
    assert inbox.wait_for("nina@acme.be")[0]["Subject"] == "Votre compte leasedash vous attend"
    assert inbox.wait_for("jan@acme.be")[0]["Subject"] == "Your leasedash account is waiting for you"
    assert inbox.to("lea@bright.lu") == [] and inbox.to("sofie@acme.be") == []
    assert _user(db_url, "lea@bright.lu").company_id == accounts["bright"]
    with pytest.raises(InvalidInput) as bad_row:
        invitations.import_people(fleet, None, "email,first_name,last_name\nok@acme.be,Ok,Fine\nnot-an-address,X,Y\n")
    assert (bad_row.value.field, bad_row.value.code, bad_row.value.params) == ("file", "people_import_row", {"row": 3, "column": "email"})
    with pytest.raises(InvalidInput) as header:
        invitations.import_people(fleet, None, "mail;name\n")
    assert header.value.code == "people_import_header"
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(User).where(User.email == "ok@acme.be")).first() is None  # a bad row refuses the whole file


def test_without_smtp_invitations_wait_on_a_production_database_and_go_to_the_log_with_the_demo(accounts, db_url, caplog):
    fleet = _viewer(db_url, accounts["fleet"])
    assert people.mail_mode() == "off"
    done = invitations.add_person(fleet, None, "Anna", "Bakker", "anna@acme.be", "nl")
    assert (done.sent, done.logged, done.waiting) == (0, 0, 1)
    listed = people.people(fleet, None)
    assert listed.mail == "off" and {r.email: r.standing for r in listed.rows}["anna@acme.be"] == "waiting"
    assert "token=" not in caplog.text
    with session_scope(db_url) as s:
        s.add(Company(name="Demo Logistics NV", demo=True))
    done = invitations.invite_waiting(fleet, None)
    assert (done.logged, done.waiting) == (2, 0)  # anna, and jan who never had an account
    assert re.search(r"https://lease\.example/invitation\?token=[\w-]+", caplog.text)
    assert {r.email: r.standing for r in people.people(fleet, None).rows}["anna@acme.be"] == "invited"


def test_a_contract_changes_driver_within_its_company(accounts, db_url):
    fleet = _viewer(db_url, accounts["fleet"])
    people.assign_contract(fleet, None, "t-1acm001", "jan@acme.be")
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(Contract).where(Contract.reference == "T-1ACM001")).one().driver_id == accounts["new"]
    with pytest.raises(InvalidInput) as other_company:
        people.assign_contract(fleet, None, "T-1ACM001", "lea@bright.lu")
    assert other_company.value.field == "driver_email"
    with pytest.raises(InvalidInput) as not_theirs:
        people.assign_contract(fleet, accounts["bright"], "T-1BRI001", "jan@acme.be")
    assert not_theirs.value.field == "reference"
    people.assign_contract(_viewer(db_url, accounts["admin"]), accounts["acme"], "T-1ACM001", "sofie@acme.be")  # an admin: any company's
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(Contract).where(Contract.reference == "T-1ACM001")).one().driver_id == accounts["driver"]
