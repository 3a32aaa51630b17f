"""What /people shows of the services' rows, in the reader's language: a person's line with the actions open to
them, a company's choice, the sentence of what a round of invitations or an import did."""

from __future__ import annotations

from dataclasses import dataclass

from leasedash.i18n import format_date, plural
from leasedash.services.invitations import ImportOutcome, Invitations
from leasedash.services.people import CompanyRow, PersonRow


@dataclass(frozen=True)
class PersonLine:
    id: int
    name: str
    email: str
    role: str
    standing: str
    standing_text: str
    contracts: str
    can_invite: bool
    can_deactivate: bool
    can_reactivate: bool
    deactivate_title: str


@dataclass(frozen=True)
class CompanyChoice:
    value: str
    label: str


def person_line(p: PersonRow, tr: dict[str, str], lang: str) -> PersonLine:
    standing = tr[f"people.standing.{p.standing}"]
    if p.invited_until is not None:
        standing = tr["people.invited_until"].format(date=format_date(p.invited_until.date(), lang))
    name = f"{p.first_name} {p.last_name}"
    return PersonLine(p.id, name, p.email, tr[f"role.{p.role}"], p.standing, standing,
                      ", ".join(p.contracts) or "—", p.standing in ("no_account", "invited", "waiting"),
                      p.standing != "deactivated", p.standing == "deactivated", tr["confirm.deactivate_title"].format(name=name))


def company_choice(c: CompanyRow, tr: dict[str, str], lang: str) -> CompanyChoice:
    kind = tr[f"people.kind.{c.kind}"]
    return CompanyChoice(str(c.id), f"{c.name} · {kind} · {c.country} · {plural('people.heads', c.people, lang)}")


def invitations_text(done: Invitations, lang: str) -> str:
    """One sentence a part: sent, printed to the log, waiting."""
    parts = [plural(key, count, lang) for key, count in (("people.sent", done.sent), ("people.logged", done.logged),
                                                          ("people.waiting", done.waiting)) if count]
    return " ".join(parts) or plural("people.sent", 0, lang)


def import_text(done: ImportOutcome, lang: str) -> str:
    """What an imported file did, then its invitations."""
    parts = [plural(key, count, lang) for key, count in (("people.had_account", done.had_account), ("people.elsewhere", done.elsewhere)) if count]
    return " ".join([plural("people.imported", done.created, lang), *parts, invitations_text(done.invitations, lang)])
