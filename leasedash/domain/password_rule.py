"""The password rule of seed 000 (KBC MoveSmart): "le mot de passe doit comporter 8 caractères, dont
1 chiffre et 1 lettre majuscule. Il ne peut contenir aucune donnée vous concernant, c'est-à-dire ni
prénom, ni nom, ni date de naissance, ni le nom de votre entreprise." """

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

MIN_LENGTH = 8


@dataclass(frozen=True)
class PersonalData:
    """What a password may not contain."""

    first_name: str = ""
    last_name: str = ""
    birth_date: dt.date | None = None
    company_name: str = ""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _name_parts(text: str) -> list[str]:
    return [p for p in re.split(r"[\s\-'.,&]+", _fold(text)) if len(p) >= 3]


_LEGAL_FORMS = {"nv", "bv", "sa", "srl", "sarl", "bvba", "sprl", "ltd", "gmbh", "inc", "vof", "asbl", "vzw"}


def _birth_date_forms(day: dt.date) -> list[str]:
    d, m, y = f"{day.day:02d}", f"{day.month:02d}", f"{day.year:04d}"
    return [y + m + d, d + m + y, d + m + y[2:], y[2:] + m + d, m + d + y, y]


def password_problems(password: str, person: PersonalData) -> list[str]:
    """The codes of every rule the password breaks (too_short, no_digit, no_upper, first_name,
    last_name, company, birth_date); an empty list means it is accepted."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    if not any(c.isdigit() for c in password):
        problems.append("no_digit")
    if not any(c.isupper() for c in password):
        problems.append("no_upper")
    folded = _fold(password)
    digits_only = re.sub(r"\D", "", password)
    for code, value in (("first_name", person.first_name), ("last_name", person.last_name)):
        if any(part in folded for part in _name_parts(value)):
            problems.append(code)
    company_parts = [p for p in _name_parts(person.company_name) if p not in _LEGAL_FORMS]
    if any(part in folded for part in company_parts):
        problems.append("company")
    if person.birth_date and any(form in digits_only for form in _birth_date_forms(person.birth_date)):
        problems.append("birth_date")
    return problems
