"""The second factor (issue 13, item 8): the six-digit codes of an authenticator app (TOTP, RFC 6238, with pyotp),
required for the roles of security.json "second_factor_roles" and offered to everyone. A code is accepted within one
30-second step of the server's clock and only once. The QR code to scan is drawn on the server (segno), never by an
outside service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyotp
import segno
from sqlmodel import Session

from leasedash.db.models import TotpCredential, User
from leasedash.db.scoping import Viewer
from leasedash.db.types import utcnow
from leasedash.errors import InvalidInput
from leasedash.services.security import security_settings

ISSUER = "leasedash"
DRIFT_STEPS = 1


@dataclass(frozen=True)
class Enrolment:
    """An authenticator being set up: its secret (to type in by hand), and the same as a QR code (an SVG data URI)."""

    secret: str
    qr_code: str


def required_for(role: str) -> bool:
    """Whether a second factor is required for this role (security.json "second_factor_roles": admins)."""
    return role in security_settings()["second_factor_roles"]


def _confirmed(session: Session, user_id: int) -> TotpCredential | None:
    credential = session.get(TotpCredential, user_id)
    return credential if credential is not None and credential.confirmed_at is not None else None


def has_second_factor(session: Session, user_id: int) -> bool:
    """Whether the user signs in with a code of a confirmed authenticator."""
    return _confirmed(session, user_id) is not None


def must_set_up(session: Session, viewer: Viewer, email: str) -> bool:
    """Whether the viewer is sent to set up an authenticator before anything else: their role requires one and they
    have none. The addresses of security.json "second_factor_exempt" are spared: the demo accounts, whose password
    the sign-in page shows (a code would protect nothing)."""
    if not required_for(viewer.role) or email in security_settings()["second_factor_exempt"]:
        return False
    return not has_second_factor(session, viewer.user_id)


def _digits(code: str) -> str:
    """A code as typed (spaces allowed), or InvalidInput naming the field."""
    cleaned = "".join(str(code or "").split())
    if len(cleaned) != 6 or not cleaned.isdigit():
        raise InvalidInput("code", "the code is the 6 digits the authenticator app shows", code="totp_format")
    return cleaned


def _matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in sorted(range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1), key=lambda s: abs(s - step)):
        if totp.generate_otp(candidate) == code:
            return candidate
    return None


def start(session: Session, user: User, now: dt.datetime | None = None) -> Enrolment:
    """A new secret for the user's authenticator, waiting for its first code (any earlier one not yet confirmed is
    replaced). A user who has one removes it first (with a code), so nobody replaces it from an open browser."""
    if has_second_factor(session, user.id):
        raise InvalidInput("code", "an authenticator is set up already: remove it first", code="totp_exists")
    secret = pyotp.random_base32()
    credential = session.get(TotpCredential, user.id) or TotpCredential(user_id=user.id, secret=secret)
    credential.secret, credential.created_at, credential.confirmed_at, credential.last_step = secret, now or utcnow(), None, None
    session.add(credential)
    session.flush()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(secret=secret, qr_code=segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def confirm(session: Session, user: User, code: str, now: dt.datetime | None = None) -> None:
    """The first code of the authenticator being set up confirms it; a wrong code changes nothing."""
    now = now or utcnow()
    credential = session.get(TotpCredential, user.id)
    if credential is None or credential.confirmed_at is not None:
        raise InvalidInput("code", "start the set-up of an authenticator first", code="totp_not_started")
    step = _matching_step(credential.secret, _digits(code), now)
    if step is None:
        raise InvalidInput("code", "this code does not match: check the clock of the phone", code="totp_wrong")
    credential.confirmed_at, credential.last_step = now, step
    session.flush()


def verify(session: Session, user_id: int, code: str, now: dt.datetime | None = None) -> bool:
    """Whether `code` is a current code of the user's confirmed authenticator not used before; a match is spent."""
    credential = _confirmed(session, user_id)
    try:
        typed = _digits(code)
    except InvalidInput:
        return False
    step = _matching_step(credential.secret, typed, now or utcnow()) if credential else None
    if step is None or (credential.last_step is not None and step <= credential.last_step):
        return False
    credential.last_step = step
    session.flush()
    return True


def remove(session: Session, user: User, code: str, now: dt.datetime | None = None) -> None:
    """Remove the user's authenticator, proven by one of its codes (an admin is then sent to set up a new one)."""
    if not verify(session, user.id, code, now):
        raise InvalidInput("code", "this code does not match: check the clock of the phone", code="totp_wrong")
    session.delete(session.get(TotpCredential, user.id))
    session.flush()
