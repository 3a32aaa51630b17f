"""Invitations of /people and of `leasedash users create` (issue 13, item 3): a person without an account gets an
e-mail with a one-time link to choose their password, valid 7 days — one by one, every driver of an imported file
without an account, or everyone of a company still waiting; sending again replaces the earlier link. Without SMTP
on a production database the invitations wait (the person is listed as waiting) until they are sent again."""

from __future__ import annotations

import csv
import io
from contextlib import nullcontext
from dataclasses import dataclass

from leasedash.db.accounts import drop_tokens, issue_token
from leasedash.db.people import people_without_account, users_by_email
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.tenancy import Company, User
from leasedash.domain import person_fields
from leasedash.errors import InvalidInput, Throttled
from leasedash.services import account_mail
from leasedash.services.accounts import development_database
from leasedash.services.people import managed_company, managed_person, managed_roles, without_account
from leasedash.services.throttle import check_and_count

MAX_IMPORT_ROWS = 5000


@dataclass(frozen=True)
class Invitations:
    """What a round of invitations did: e-mails sent, links printed to the log (development), invitations waiting."""

    sent: int = 0
    logged: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class ImportOutcome:
    """An imported file of drivers: people created, people who had an account already, addresses of another company's
    people or of another role (left alone), and the invitations of the rest."""

    created: int
    had_account: int
    elsewhere: int
    invitations: Invitations



def _new_person(company: Company, role: str, email: str, first: str, last: str, language: str) -> User:
    return User(email=email, first_name=first, last_name=last, role=role, company_id=company.id, language=language,
                status="invited")


def _send(people_to_invite: list[User], ip: str) -> Invitations:
    """Invite each person: a new link (the earlier ones stop working) and its e-mail, unless over the invitation
    limit of their address or the e-mail is off; a person whose invitation did not leave is left waiting."""
    allowed = []
    for user in people_to_invite:
        try:
            check_and_count("invitation", user.email, ip)
            allowed.append(user)
        except Throttled:
            pass
    with session_scope() as s:
        development = development_database(s)
        mode = account_mail.mail_mode(development)
        tokens = {u.id: issue_token(s, u, "invite") for u in allowed} if mode != account_mail.OFF else {}
    with account_mail.smtp_connection() or nullcontext() as connection:
        outcomes = [(user, account_mail.deliver(user, "invite", tokens[user.id], development, connection))
                    for user in allowed if user.id in tokens]
    failed = [u.id for u, outcome in outcomes if outcome == account_mail.FAILED]
    if failed:
        with session_scope() as s:
            for user_id in failed:
                drop_tokens(s, user_id)
    sent = sum(1 for _, o in outcomes if o == account_mail.SENT)
    logged = sum(1 for _, o in outcomes if o == account_mail.LOGGED)
    return Invitations(sent, logged, len(people_to_invite) - sent - logged)


def add_person(viewer: Viewer, company_id: int | None, first_name: str, last_name: str, email: str, language: str,
               role: str = "driver", ip: str = "") -> Invitations:
    """A new person of the company (a fleet manager: a driver of theirs; an admin: a driver or a fleet manager),
    invited at once: an e-mail with a one-time link to choose their password, valid 7 days."""
    if role not in managed_roles(viewer):
        raise InvalidInput("role", f"one of {', '.join(managed_roles(viewer))}", code="people_role")
    first = person_fields.person_name(first_name, "first_name")
    last = person_fields.person_name(last_name, "last_name")
    address = person_fields.email_address(email)
    lang = person_fields.language(language)
    with session_scope() as s:
        company = managed_company(s, viewer, company_id)
        if users_by_email(s, [address]):
            raise InvalidInput("email", "this address has an account already", code="people_email_taken")
        user = _new_person(company, role, address, first, last, lang)
        s.add(user)
    return _send([user], ip)


def _rows(text: str, default_language: str) -> list[tuple[str, str, str, str]]:
    """(email, first name, last name, language) of each row of a CSV file with the header email, first_name,
    last_name and optionally language; a bad value is refused with its row and column."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"email", "first_name", "last_name"} - set(reader.fieldnames or ())
    if missing:
        raise InvalidInput("file", "the first line must name the columns email, first_name, last_name (language)",
                           code="people_import_header")
    rows = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            raise InvalidInput("file", f"at most {MAX_IMPORT_ROWS} people a file", code="people_import_size",
                               params={"max": MAX_IMPORT_ROWS})
        try:
            rows.append((person_fields.email_address(row.get("email"), "email"), person_fields.person_name(row.get("first_name"), "first_name"),
                         person_fields.person_name(row.get("last_name"), "last_name"),
                         person_fields.language((row.get("language") or "").strip().lower() or default_language, "language")))
        except InvalidInput as exc:
            raise InvalidInput("file", f"row {number}, {exc.field}: {exc.reason}", code="people_import_row",
                               params={"row": number, "column": exc.field}) from None
    return rows


def import_people(viewer: Viewer, company_id: int | None, text: str, ip: str = "") -> ImportOutcome:
    """Every driver of an imported CSV file (email, first_name, last_name, language): those new to the company are
    added, and each of them without an account is invited; people with an account, and addresses of someone of
    another company or role, are left as they are. A bad row refuses the whole file."""
    with session_scope() as s:
        company = managed_company(s, viewer, company_id)
        rows = {email: (first, last, lang) for email, first, last, lang in _rows(text, company.language)}
        known = users_by_email(s, rows)
        elsewhere = [u for u in known.values() if u.company_id != company.id or u.role != "driver"]
        ours = [u for u in known.values() if u.company_id == company.id and u.role == "driver"]
        had_account = [u for u in ours if not without_account(u)]
        new = [_new_person(company, "driver", email, *rows[email]) for email in rows if email not in known]
        s.add_all(new)
        s.flush()
        to_invite = new + [u for u in ours if without_account(u)]
    return ImportOutcome(len(new), len(had_account), len(elsewhere), _send(to_invite, ip))


def invite_waiting(viewer: Viewer, company_id: int | None, ip: str = "") -> Invitations:
    """Invite every person of the company the viewer manages who has no account yet (never invited, or whose
    invitation waits or expired)."""
    with session_scope() as s:
        company = managed_company(s, viewer, company_id)
        waiting = people_without_account(s, company.id, managed_roles(viewer))
    return _send(waiting, ip)


def resend_invitation(viewer: Viewer, user_id: int, ip: str = "") -> Invitations:
    """Send a person without an account a new invitation; the earlier link stops working."""
    with session_scope() as s:
        user = managed_person(s, viewer, user_id)
        if not without_account(user):
            raise InvalidInput("person", "this person has an account already", code="people_has_account")
    return _send([user], ip)
