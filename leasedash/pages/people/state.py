"""The state of /people: the company shown (a fleet manager's own, an admin's choice), a page of its people with
their standing, and the handlers that invite, import, resend, deactivate, reactivate, reassign a contract and (an
admin) create a company. Every handler is behind `guarded` for fleet managers and admins."""

from __future__ import annotations

import reflex as rx

from leasedash.domain.money import parse_whole
from leasedash.pages.account.state import form_text
from leasedash.pages.people.lines import CompanyChoice, PersonLine, company_choice, import_text, invitations_text, person_line
from leasedash.services import invitations
from leasedash.services import people as service
from leasedash.services.grid_view import MAX_UPLOAD_BYTES, upload_text
from leasedash.state import AppState, guarded

MANAGERS = ("fleet_manager", "admin")


class PeopleState(AppState):
    """The company and the page of its people; what the last action did (`notice`)."""

    company_id: int = 0
    company_name: str = ""
    company_search: str = ""
    search: str = ""
    offset: int = 0
    total: int = 0
    mail: str = ""
    notice: str = ""
    _list: service.PeopleList | None = None
    _companies: list[service.CompanyRow] = []

    @rx.var
    def rows(self) -> list[PersonLine]:
        return [person_line(p, self.tr, self.lang) for p in self._list.rows] if self._list else []

    @rx.var
    def company_choices(self) -> list[CompanyChoice]:
        return [company_choice(c, self.tr, self.lang) for c in self._companies]

    @rx.var
    def range_text(self) -> str:
        if not self.total:
            return ""
        last = min(self.offset + service.PAGE_SIZE, self.total)
        return self.counted("people.range", self.total, first=self.offset + 1, last=last)

    @rx.var
    def has_next(self) -> bool:
        return self.offset + service.PAGE_SIZE < self.total

    def _refresh(self) -> None:
        found = service.people(self.viewer(), self.company_id or None, self.search, self.offset)
        self._list, self.total, self.mail = found, found.total, found.mail
        self.company_id, self.company_name = found.company.id, found.company.name

    def _refresh_companies(self) -> None:
        self._companies = service.companies(self.viewer(), self.company_search)

    @rx.event
    @guarded(*MANAGERS)
    def load(self):
        """on_load: the companies (an admin's list), then the first page of the company's people."""
        self.notice, self.offset, self.search = "", 0, ""
        self._refresh_companies()
        if not self.company_id and self._companies:
            self.company_id = self._companies[0].id
        self._refresh()

    @rx.event
    @guarded("admin")
    def find_companies(self, value: str):
        self.company_search = str(value)[:200]
        self._refresh_companies()

    @rx.event
    @guarded("admin")
    def choose_company(self, value: str):
        self.company_id, self.offset, self.search, self.notice = parse_whole(value, "company", 1), 0, "", ""
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def find(self, value: str):
        self.search, self.offset = str(value)[:100], 0
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def next_page(self):
        if self.offset + service.PAGE_SIZE < self.total:
            self.offset += service.PAGE_SIZE
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def previous_page(self):
        self.offset = max(0, self.offset - service.PAGE_SIZE)
        self._refresh()

    @rx.event
    @guarded("admin")
    def create_company(self, form: dict):
        made = service.create_company(self.viewer(), *(form_text(form, n) for n in ("company_name", "company_kind", "company_country",
                                                                                      "company_language")))
        self.company_id, self.offset, self.search = made.id, 0, ""
        self.notice = self.text("people.company_created", name=made.name)
        self._refresh_companies()
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def add_person(self, form: dict):
        role = form_text(form, "role") or "driver"
        done = invitations.add_person(self.viewer(), self.company_id or None, form_text(form, "first_name"), form_text(form, "last_name"),
                                  form_text(form, "email"), form_text(form, "language") or self.lang, role, self.client_ip())
        self.notice = invitations_text(done, self.lang)
        self._refresh()
        self._refresh_companies()

    @rx.event
    @guarded(*MANAGERS)
    async def import_file(self, files: list[rx.UploadFile]):
        """Every driver of an uploaded CSV file (email, first_name, last_name, language); those without an account
        are invited."""
        for file in files[:1]:
            name = (file.name or file.filename or "").rsplit("/", 1)[-1]
            text = upload_text(name, await file.read(MAX_UPLOAD_BYTES + 1))
            done = invitations.import_people(self.viewer(), self.company_id or None, text, self.client_ip())
            self.notice = import_text(done, self.lang)
            self._refresh()
            self._refresh_companies()

    @rx.event
    @guarded(*MANAGERS)
    def invite_waiting(self):
        self.notice = invitations_text(invitations.invite_waiting(self.viewer(), self.company_id or None, self.client_ip()), self.lang)
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def resend(self, user_id: int):
        self.notice = invitations_text(invitations.resend_invitation(self.viewer(), parse_whole(user_id, "person", 1), self.client_ip()), self.lang)
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def deactivate(self, user_id: int):
        service.deactivate(self.viewer(), parse_whole(user_id, "person", 1))
        self.notice = self.tr["people.deactivated"]
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def reactivate(self, user_id: int):
        service.reactivate(self.viewer(), parse_whole(user_id, "person", 1))
        self.notice = self.tr["people.reactivated"]
        self._refresh()

    @rx.event
    @guarded(*MANAGERS)
    def assign(self, form: dict):
        reference = form_text(form, "reference")
        service.assign_contract(self.viewer(), self.company_id or None, reference, form_text(form, "driver_email"))
        self.notice = self.text("people.assigned", reference=reference.strip().upper())
        self._refresh()
