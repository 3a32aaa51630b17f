"""/people (issue 13, item 3): a fleet manager sees the drivers of their company — invited, active or deactivated —,
deactivates a driver (their sessions and tokens end at once) and changes a contract's driver; an admin does the same
in every company, for its fleet managers too, and creates companies (an employer or a private-lease base, its
country and language). Invitations: services/invitations.py. Each call one transaction; answers are dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from leasedash.db.accounts import drop_tokens, pending_tokens
from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.people import (
    active_contracts_of,
    companies_with_heads,
    company_named,
    contract_by_reference,
    people_of,
    users_by_email,
)
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.tenancy import COMPANY_KINDS, Company, User
from leasedash.db.types import utcnow
from leasedash.domain import person_fields
from leasedash.errors import InvalidInput
from leasedash.services import account_mail
from leasedash.services.accounts import development_database, revoke_access
from leasedash.services.holidays import countries

MANAGED_ROLES = {"fleet_manager": ("driver",), "admin": ("driver", "fleet_manager")}
PAGE_SIZE = 50
MAX_COMPANY_NAME = 200


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    kind: str
    country: str
    language: str
    people: int


@dataclass(frozen=True)
class PersonRow:
    """A person as /people lists them; standing: active, no_account (never invited), invited (a live link until
    `invited_until`), waiting (invited, no live link: e-mail off, failed or expired), unconfirmed, deactivated."""

    id: int
    first_name: str
    last_name: str
    email: str
    role: str
    standing: str
    invited_until: dt.datetime | None
    contracts: tuple[str, ...]


@dataclass(frozen=True)
class PeopleList:
    company: CompanyRow
    rows: tuple[PersonRow, ...]
    total: int
    mail: str


def managed_roles(viewer: Viewer) -> tuple[str, ...]:
    if viewer.role not in MANAGED_ROLES:
        raise AccessDenied("only fleet managers and admins manage people")
    return MANAGED_ROLES[viewer.role]


def managed_company(session: Session, viewer: Viewer, company_id: int | None) -> Company:
    managed_roles(viewer)
    wanted = viewer.company_id if viewer.role == "fleet_manager" else company_id
    company = session.get(Company, wanted) if wanted else None
    if company is None:
        raise NotFound(f"company {company_id}: no such company among yours")
    return company


def managed_person(session: Session, viewer: Viewer, user_id: int) -> User:
    """Someone the viewer manages: a driver of their company (an admin: a driver or fleet manager anywhere), never
    themselves."""
    user = session.get(User, user_id)
    if (user is None or user.id == viewer.user_id or user.role not in managed_roles(viewer) or user.company_id is None
            or (viewer.role == "fleet_manager" and user.company_id != viewer.company_id)):
        raise NotFound(f"person {user_id}: no such person among yours")
    return user


def _company_row(company: Company, people: int) -> CompanyRow:
    return CompanyRow(company.id, company.name, company.kind, company.country, company.language, people)


def without_account(user: User) -> bool:
    """No password yet, and neither deactivated nor signing up: someone to invite."""
    return user.password_hash is None and user.status in ("invited", "active")


def _standing(user: User, links: dict) -> str:
    if user.status == "invited":
        return "invited" if user.id in links else "waiting"
    if user.status == "active" and user.password_hash is None:
        return "no_account"
    return user.status


def mail_mode() -> str:
    """How invitations leave now (account_mail.mail_mode): sent, logged (development) or off (they wait)."""
    with session_scope() as s:
        return account_mail.mail_mode(development_database(s))


def companies(viewer: Viewer, search: str = "") -> list[CompanyRow]:
    """The companies whose name contains `search` (an admin's view; a fleet manager's: their own)."""
    with session_scope() as s:
        if viewer.role != "admin":
            company = managed_company(s, viewer, viewer.company_id)
            return [_company_row(company, people_of(s, company.id, managed_roles(viewer), limit=0)[1])]
        return [_company_row(c, n) for c, n in companies_with_heads(s, search.strip()[:MAX_COMPANY_NAME])]


def people(viewer: Viewer, company_id: int | None, search: str = "", offset: int = 0) -> PeopleList:
    """One page of the company's people the viewer manages, by name, with their standing and active contracts."""
    with session_scope() as s:
        company = managed_company(s, viewer, company_id)
        users, total = people_of(s, company.id, managed_roles(viewer), search.strip()[:100], max(offset, 0), PAGE_SIZE)
        ids = [u.id for u in users]
        links, contracts = pending_tokens(s, ids, "invite"), active_contracts_of(s, ids)
        rows = tuple(PersonRow(u.id, u.first_name, u.last_name, u.email, u.role, _standing(u, links),
                               links[u.id].expires_at if u.id in links else None, tuple(contracts.get(u.id, ())))
                     for u in users)
        return PeopleList(_company_row(company, total), rows, total, account_mail.mail_mode(development_database(s)))


def create_company(viewer: Viewer, name: str, kind: str, country: str, language: str) -> CompanyRow:
    """A new company (admins only): an employer or a private-lease base, its country and its people's language."""
    if viewer.role != "admin":
        raise AccessDenied("only an admin creates companies")
    clean = " ".join(name.split()) if isinstance(name, str) else ""
    if not clean or len(clean) > MAX_COMPANY_NAME:
        raise InvalidInput("company_name", f"between 1 and {MAX_COMPANY_NAME} characters", code="account_name",
                           params={"max": MAX_COMPANY_NAME})
    if kind not in COMPANY_KINDS:
        raise InvalidInput("company_kind", "an employer or a private-lease base", code="people_company_kind")
    if country not in countries():
        raise InvalidInput("company_country", f"one of {', '.join(countries())}", code="holiday_country")
    lang = person_fields.language(language, "company_language")
    with session_scope() as s:
        if company_named(s, clean) is not None:
            raise InvalidInput("company_name", "a company of that name exists already", code="people_company_taken")
        company = Company(name=clean, kind=kind, country=country, language=lang)
        s.add(company)
        s.flush()
        return _company_row(company, 0)


def deactivate(viewer: Viewer, user_id: int) -> None:
    """Deactivate a person: they cannot sign in any more, their sessions end and their API tokens are revoked at
    once, their unused links stop working (issue 13, item 6)."""
    with session_scope() as s:
        user = managed_person(s, viewer, user_id)
        user.status = "deactivated"
        drop_tokens(s, user.id)
        revoke_access(s, user.id, "deactivated")


def reactivate(viewer: Viewer, user_id: int) -> None:
    """Give a deactivated person their account back (active with their password, else invited anew)."""
    with session_scope() as s:
        user = managed_person(s, viewer, user_id)
        if user.status == "deactivated":
            user.status = "active" if user.password_hash else "invited"


def assign_contract(viewer: Viewer, company_id: int | None, reference: str, driver_email: str) -> None:
    """Give a contract of the company (a fleet manager: theirs) to another of its drivers."""
    address = person_fields.email_address(driver_email, "driver_email")
    with session_scope() as s:
        company = managed_company(s, viewer, company_id)
        contract = contract_by_reference(s, company.id, (reference or "").strip()[:30])
        if contract is None:
            raise InvalidInput("reference", "no contract of this company has this reference", code="people_no_contract")
        driver = users_by_email(s, [address]).get(address)
        if driver is None or driver.company_id != company.id or driver.role != "driver" or driver.status == "deactivated":
            raise InvalidInput("driver_email", "no driver of this company has this address", code="people_no_driver")
        contract.driver_id, contract.updated_at = driver.id, utcnow()
