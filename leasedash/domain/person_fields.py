"""What a person types about themselves when an account is made for them or by them (issue 13): an e-mail
address, a name, a language, a birth date (optional). Each reader refuses bad input under its field, with a code
whose message says what is expected."""

from __future__ import annotations

import datetime as dt
import re

from leasedash.domain.errors import LeaseInputError
from leasedash.domain.scenario import LANGUAGES

MAX_EMAIL = 254
MAX_NAME = 100
OLDEST_BIRTH_YEAR = 1900
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def email_address(text: object, field: str = "email") -> str:
    """An address of the shape name@domain.tld, trimmed and in lower case."""
    address = text.strip().lower() if isinstance(text, str) else ""
    if len(address) > MAX_EMAIL or not _EMAIL_SHAPE.fullmatch(address):
        raise LeaseInputError(field, "an e-mail address such as name@example.com is needed", code="account_email")
    return address


def person_name(text: object, field: str) -> str:
    """A first or last name: not empty, at most 100 characters."""
    name = " ".join(text.split()) if isinstance(text, str) else ""
    if not name or len(name) > MAX_NAME:
        raise LeaseInputError(field, f"between 1 and {MAX_NAME} characters are needed", code="account_name",
                              params={"max": MAX_NAME})
    return name


def language(text: object, field: str = "language") -> str:
    """One of the languages leasedash speaks (en, fr, nl)."""
    if text not in LANGUAGES:
        raise LeaseInputError(field, f"one of {', '.join(LANGUAGES)}", code="account_language")
    return str(text)


def birth_date(text: object, today: dt.date, field: str = "birth_date") -> dt.date | None:
    """An optional birth date as YYYY-MM-DD, in the past and not before 1900; None when left empty."""
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not OLDEST_BIRTH_YEAR <= day.year or day >= today:
        raise LeaseInputError(field, "a past day as YYYY-MM-DD, or nothing", code="account_birth_date")
    return day
