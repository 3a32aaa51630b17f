"""Accounts for real people (issue 13): a private lessee signs up and confirms their address; an invited person
chooses their password; anyone resets a forgotten password (seed 000, with a one-time link); a password change,
a reset or a deactivation ends the person's other sessions and revokes their API tokens. Each function opens its
own transaction; e-mails go out through account_mail."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from dataclasses import dataclass

from sqlmodel import Session, select

from leasedash.db.accounts import issue_token, live_token, redeem_token
from leasedash.db.session import session_scope
from leasedash.db.tenancy import Company, User
from leasedash.domain import person_fields
from leasedash.domain.password_rule import PersonalData, password_problems
from leasedash.errors import InvalidInput
from leasedash.services.account_mail import deliver, deliver_later
from leasedash.services.api_tokens import revoke_all_tokens
from leasedash.services.auth import end_sessions, personal_data, set_password
from leasedash.services.passwords import hash_password, too_long
from leasedash.services.throttle import check_and_count
from leasedash.settings import DEFAULT_DB_URL, database_url

PASSWORD_KINDS = {"invite": "invited", "reset": "active"}  # the link's kind: the status it is for


def demo_company_exists(session: Session) -> bool:
    """Whether the demo fleet (and so its demo accounts) is in the database."""
    return session.exec(select(Company.id).where(Company.demo).limit(1)).first() is not None


def development_database(session: Session) -> bool:
    """The default SQLite file, or a database holding the demo: without SMTP, links go to the server log there."""
    return database_url() == DEFAULT_DB_URL or demo_company_exists(session)


def has_no_user() -> bool:
    """Whether the database has no account at all yet (a first run)."""
    with session_scope() as s:
        return s.exec(select(User.id).limit(1)).first() is None


def demo_accounts_shown() -> bool:
    """Whether /login names the demo accounts: only while the demo company exists (issue 13, item 1)."""
    with session_scope() as s:
        return demo_company_exists(s)


def revoke_access(session: Session, user_id: int, because: str, keep_token: str = "") -> None:
    """End every session of the person but `keep_token`'s, and revoke their API tokens (because: password or
    deactivated; /tokens says which)."""
    end_sessions(session, user_id, keep_token)
    revoke_all_tokens(session, user_id, because)


@dataclass(frozen=True)
class SignUp:
    """What /signup sends: the person's names, address, language, birth date (YYYY-MM-DD or empty), password."""

    first_name: str
    last_name: str
    email: str
    language: str
    birth_date: str
    password: str


def _user_by_email(session: Session, address: str) -> User | None:
    return session.exec(select(User).where(User.email == address)).first()


def _own_tenant(session: Session, user: User | None, first: str, last: str, address: str, lang: str) -> Company:
    """The private lessee's own company (kind private, one member): only they and the admins see its data."""
    name = f"{first} {last} ({address})"[:200]
    company = session.get(Company, user.company_id) if user else None
    if company is None:
        company = Company(name=name, kind="private")
        session.add(company)
    company.name, company.language = name, lang
    session.flush()
    return company


def sign_up(form: SignUp, ip: str = "", today: dt.date | None = None) -> list[str]:
    """Sign a private lessee up (issue 13, item 2): their own tenant and an unconfirmed account, and an e-mail whose
    one-time link confirms the address (valid 24 h). The password follows the rule of seed 000 (not their names,
    not their birth date when given); the codes of the rules it breaks are returned and nothing is stored then.
    One account per address: for an address that has one already nothing changes and nothing is sent, and the
    answer is the same (a new sign-up of an unconfirmed address replaces the earlier one)."""
    first = person_fields.person_name(form.first_name, "first_name")
    last = person_fields.person_name(form.last_name, "last_name")
    address = person_fields.email_address(form.email)
    lang = person_fields.language(form.language)
    birth = person_fields.birth_date(form.birth_date, today or dt.date.today())
    if too_long(form.password):
        return ["too_long"]
    problems = password_problems(form.password, PersonalData(first, last, birth))
    if problems:
        return problems
    check_and_count("signup", address, ip)
    password_hash = hash_password(form.password)
    with session_scope() as s:
        user = _user_by_email(s, address)
        if user is not None and user.status != "unconfirmed":
            return []
        company = _own_tenant(s, user, first, last, address, lang)
        if user is None:
            user = User(email=address, first_name=first, last_name=last, role="driver", company_id=company.id, status="unconfirmed")
            s.add(user)
        user.first_name, user.last_name, user.language, user.birth_date = first, last, lang, birth
        user.password_hash = password_hash
        s.flush()
        token, development = issue_token(s, user, "confirm"), development_database(s)
    deliver_later(user, "confirm", token, development)
    return []


def confirm_address(token: str) -> None:
    """Follow the confirmation link: the signed-up account becomes active (once; InvalidInput "token" otherwise)."""
    with session_scope() as s:
        row = redeem_token(s, "confirm", token)
        user = s.get(User, row.user_id)
        if user.status != "unconfirmed" or user.email != row.email:
            raise InvalidInput("token", "this link is not for this account any more", code="account_link")
        user.status = "active"


@dataclass(frozen=True)
class LinkHolder:
    """Whose a live link is, to greet them on its page in their language."""

    first_name: str
    email: str
    language: str


def _holder(session: Session, kind: str, token: str) -> User:
    row = live_token(session, kind, token)
    user = session.get(User, row.user_id)
    if user.email != row.email or user.status != PASSWORD_KINDS[kind]:
        raise InvalidInput("token", "this link is not for this account any more", code="account_link")
    return user


def link_holder(kind: str, token: str) -> LinkHolder:
    """The person a live invitation or reset link is for; InvalidInput "token" when it has expired, was used or
    was replaced."""
    with session_scope() as s:
        user = _holder(s, kind, token)
        return LinkHolder(user.first_name, user.email, user.language)


def set_password_by_link(kind: str, token: str, new_password: str) -> list[str]:
    """Choose a password through an invitation (the account becomes active) or a reset link (seed 000: a new
    password under the rule). The link works once, and only for a password the rule accepts: the codes of the rules
    it breaks are returned and the link still works. Every session and API token of the person ends."""
    if too_long(new_password):
        return ["too_long"]
    with session_scope() as s:
        user = _holder(s, kind, token)
        problems = set_password(s, user, new_password)
        if problems:
            return problems
        redeem_token(s, kind, token)
        user.status = "active"
        revoke_access(s, user.id, "password")
    return []


def request_password_reset(email: str, ip: str = "") -> Future | None:
    """"Forgot your password?" (seed 000): an active account of this address gets an e-mail with a one-time link,
    valid one hour, that replaces any earlier one. The caller answers the same whatever the address, and as fast:
    the e-mail leaves in the background (its future is returned, for tests)."""
    address = person_fields.email_address(email)
    check_and_count("password_reset", address, ip)
    with session_scope() as s:
        user = _user_by_email(s, address)
        if user is None or user.status != "active":
            return None
        token, development = issue_token(s, user, "reset"), development_database(s)
    return deliver_later(user, "reset", token, development)


@dataclass(frozen=True)
class NewAccount:
    """Someone `leasedash users create` makes: an admin (no company) or a person of a company."""

    email: str
    role: str
    first_name: str
    last_name: str
    language: str
    company_id: int | None = None


def _new_user(session: Session, account: NewAccount, status: str) -> User:
    """The account checked field by field (not stored yet)."""
    address = person_fields.email_address(account.email, "--email")
    user = User(email=address, role=account.role, status=status, company_id=account.company_id if account.role != "admin" else None,
                first_name=person_fields.person_name(account.first_name, "--first-name"),
                last_name=person_fields.person_name(account.last_name, "--last-name"),
                language=person_fields.language(account.language, "--language"))
    if _user_by_email(session, address) is not None:
        raise InvalidInput("--email", "this address has an account already", code="people_email_taken")
    if user.role != "admin" and (user.company_id is None or session.get(Company, user.company_id) is None):
        raise InvalidInput("--company", "a company id is needed for this role", code="account_company")
    return user


def create_account(account: NewAccount, password: str) -> list[str]:
    """An active account with this password (the first admin of a new database, from the shell): the codes of the
    rules of seed 000 it breaks are returned and nothing is stored then."""
    if too_long(password):
        return ["too_long"]
    with session_scope() as s:
        user = _new_user(s, account, "active")
        problems = password_problems(password, personal_data(s, user))
        if not problems:
            user.password_hash = hash_password(password)
            s.add(user)
        return problems


def invite_account(account: NewAccount) -> str:
    """An invited account and its invitation e-mail (valid 7 days); the delivery: sent, logged, off or failed."""
    with session_scope() as s:
        user = _new_user(s, account, "invited")
        s.add(user)
        s.flush()
        token, development = issue_token(s, user, "invite"), development_database(s)
    return deliver(user, "invite", token, development)
