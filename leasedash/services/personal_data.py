"""The GDPR rights of the private individuals of seeds 001, 003 and 004 (issue 13, item 8): "download my data" (all
that is about the person as JSON, with their photos and documents, in one ZIP served by a signed link like every
private file), and "delete my account": a private lessee's data erased, a company driver's (or fleet manager's)
personal data anonymised while the company keeps the contracts' figures. Both are confirmed on /account (deleting
with the password) and logged (privacy_request, which outlives the account, and the server log)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import zipfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, func
from sqlmodel import Session, select

from leasedash.db import personal_rows
from leasedash.db.models import Company, LoginAttempt, PrivacyRequest, User
from leasedash.db.personal_rows import ACCOUNT, KEPT, PERSONAL
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.errors import AccessDenied
from leasedash.services.auth import confirm_own_password
from leasedash.services.file_links import signed_link
from leasedash.settings import document_dir, export_dir, photo_dir

log = logging.getLogger("leasedash.privacy")
ERASED, ANONYMISED = "erase", "anonymise"


def _plain(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _person(user: User) -> dict:
    return {k: _plain(v) for k, v in user.model_dump().items() if k not in personal_rows.SECRET_COLUMNS}


def my_data(session: Session, user_id: int) -> dict:
    """Everything about the person: their account, their company's name, their sign-in attempts, what they asked of
    their data, and every row personal_rows finds about them (secrets left out)."""
    user = session.get(User, user_id)
    company = session.get(Company, user.company_id) if user.company_id else None
    found = personal_rows.reach(session, user_id, (KEPT, PERSONAL, ACCOUNT))
    attempts = session.exec(select(LoginAttempt).where(LoginAttempt.email == user.email).order_by(LoginAttempt.attempted_at)).all()
    requests = session.exec(select(PrivacyRequest).where(PrivacyRequest.user_id == user_id).order_by(PrivacyRequest.id)).all()
    return {
        "exported_at": utcnow().isoformat(),
        "person": _person(user),
        "company": {"name": company.name, "kind": company.kind, "country": company.country} if company else None,
        "sign_in_attempts": [{"at": a.attempted_at.isoformat(), "ip": a.ip, "succeeded": a.succeeded} for a in attempts],
        "privacy_requests": [{"action": r.action, "at": r.done_at.isoformat()} for r in requests],
        "records": {table: [{k: _plain(v) for k, v in row.items()} for row in picked]
                    for table, picked in personal_rows.rows(session, found).items()},
    }


def _private_files(names: set[str]) -> dict[str, Path]:
    """Where the stored files of these names are, in the private folders of photos and documents."""
    found = {}
    for root in (photo_dir(), document_dir()):
        if root.is_dir():
            for path in root.rglob("*"):
                if path.name in names and path.is_file():
                    found.setdefault(path.name, path)
    return found


def _remove_exports(user_id: int) -> None:
    folder = export_dir()
    if folder.is_dir():
        for path in folder.glob(f"{user_id}-*"):
            path.unlink(missing_ok=True)


def export_my_data(viewer: Viewer) -> str:
    """Write the person's data (my_data as personal-data.json, their stored photos and documents under files/) into
    a private ZIP, replacing their earlier one; the signed link to download it. Logged."""
    with session_scope() as s:
        document = my_data(s, viewer.user_id)
        s.add(PrivacyRequest(user_id=viewer.user_id, action="export"))
    stored = {row["stored_name"] for picked in document["records"].values() for row in picked if row.get("stored_name")}
    files = _private_files(stored)
    _remove_exports(viewer.user_id)
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{viewer.user_id}-{secrets.token_urlsafe(24)}.zip"
    with zipfile.ZipFile(folder / name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for stored_name, path in sorted(files.items()):
            archive.write(path, f"files/{stored_name}")
    log.info("personal data of user %s exported (%d rows, %d files)", viewer.user_id,
             sum(len(p) for p in document["records"].values()), len(files))
    return signed_link("export", name, viewer.user_id)


def _anonymise(user: User) -> None:
    user.first_name, user.last_name, user.birth_date = "Anonymised", f"#{user.id}", None
    user.email, user.password_hash, user.status = f"anonymised-{user.id}@anonymised.invalid", None, "deactivated"


def end_account(session: Session, user: User) -> tuple[str, list[str]]:
    """End the person's account: a private lessee's rows (and their own tenant when they are its only member) are
    erased, a company person's personal rows deleted and their name and address anonymised, the company keeping the
    contracts. Returns (erase | anonymise, the stored files to remove from the disk)."""
    company = session.get(Company, user.company_id) if user.company_id else None
    private = company is not None and company.kind == "private"
    alone = private and session.exec(select(func.count()).select_from(User).where(User.company_id == company.id)).one() == 1
    classes = (KEPT, PERSONAL, ACCOUNT) if private else (PERSONAL, ACCOUNT)
    files = personal_rows.remove(session, personal_rows.reach(session, user.id, classes, company.id if alone else None))
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    if private and not personal_rows.loosen(session, user.id):
        session.delete(user)
        session.flush()
        if alone:
            session.delete(company)
        return ERASED, files
    _anonymise(user)
    return (ERASED if private else ANONYMISED), files


def delete_my_account(viewer: Viewer, password: str, ip: str = "") -> str:
    """"Delete my account", confirmed with the password (wrong ones throttled like sign-ins): end_account, then the
    person's files and exports leave the disk. Admins are ended by another admin. Logged; returns erase | anonymise."""
    if viewer.role == "admin":
        raise AccessDenied("an admin's account is ended by another admin")
    with session_scope() as s:
        user = s.get(User, viewer.user_id)
        confirm_own_password(s, user, password, ip)
        action, files = end_account(s, user)
        s.add(PrivacyRequest(user_id=viewer.user_id, action=action))
    for path in _private_files(set(files)).values():
        path.unlink(missing_ok=True)
    _remove_exports(viewer.user_id)
    log.warning("account of user %s ended at their request: %s (%d files removed)", viewer.user_id, action, len(files))
    return action
