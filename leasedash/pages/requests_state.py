"""The state of /requests: a driver's form and requests (seed 002, "Mijn verzoeken"), the queue of the fleet manager
or the lessor, and the request opened; every handler goes through services/requests.py, which checks the user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from string import Formatter

import reflex as rx

from leasedash import routes
from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import REQUEST_KINDS, REQUEST_STATUSES, Company, Contract, User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.domain import LeaseInputError
from leasedash.i18n import catalog, format_date, format_money
from leasedash.services import holidays as hol
from leasedash.services import requests as svc
from leasedash.services.contract_view import own_contract_ids
from leasedash.services.termination import month_bounds, termination_quote
from leasedash.services.uploads import check_upload, max_upload_bytes
from leasedash.state import AppState

REFUSALS = (NotFound, AccessDenied, StaleWrite, LeaseInputError, ValueError)
MAX_FILES = 5
ACCEPT = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/pdf": [".pdf"]}
BADGE = {"submitted": "blue", "in_progress": "amber", "answered": "green", "rejected": "gray"}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def error_key(exc: Exception) -> str:
    """The message of a refusal: its code's (error., whatif.error., gridproblem.), else one per kind of refusal."""
    code = getattr(exc, "code", "")
    keys = catalog("en")
    for key in (f"error.{code}", f"whatif.error.{code}", f"gridproblem.{code}") if code else ():
        if key in keys:
            return key
    if isinstance(exc, NotFound):
        return "requests.not_found"
    if isinstance(exc, AccessDenied):
        return "requests.denied"
    if isinstance(exc, StaleWrite):
        return "requests.stale"
    return "requests.invalid"


def _local(moment: dt.datetime, country: str) -> str:
    return moment.astimezone(hol.time_zone(country)).isoformat()


def _when(iso: str, lang: str) -> str:
    moment = dt.datetime.fromisoformat(iso)
    return f"{format_date(moment.date(), lang)} {moment:%H:%M}"


class RequestsState(AppState):
    """The form, the list or queue, and the request opened."""

    rows: list[dict[str, str]] = []
    contract_options: list[dict[str, str]] = []
    kind: str = "address_or_bank"
    contract: str = ""
    details: str = ""
    month: str = ""
    bounds: dict[str, str] = {}
    quote: dict[str, str] = {}
    pending: list[str] = []
    _pending_files: list[tuple[str, bytes]] = []
    status_filter: str = "all"
    opened: dict[str, str] = {}
    files: list[dict[str, str]] = []
    events: list[dict[str, str]] = []
    answer_text: str = ""
    reject_reason: str = ""
    answer_file: str = ""
    _answer_document: tuple[str, bytes] | None = None
    error: str = ""
    error_params: dict[str, str] = {}
    notice: str = ""

    def _refuse(self, exc: Exception) -> None:
        self.error, self.notice = error_key(exc), ""
        self.error_params = {"field": getattr(exc, "field", ""), **self.bounds}

    def _clear(self) -> None:
        self.error, self.error_params, self.notice = "", {}, ""

    def _start(self) -> Viewer | None:
        """The signed-in user, checked on the server, with the last message cleared."""
        viewer = self.viewer()
        if viewer is not None:
            self._clear()
        return viewer

    async def _checked(self, files: list[rx.UploadFile]) -> list[tuple[str, bytes]]:
        """The (name, content) of the files that pass the upload rules; the last refusal is said."""
        accepted = []
        for file in files[:MAX_FILES]:
            name, data = file.name or file.filename or "", await file.read(max_upload_bytes() + 1)
            try:
                check_upload(name, data)
            except LeaseInputError as exc:
                self._refuse(exc)
                continue
            accepted.append((name, data))
        return accepted

    # loading
    @rx.event
    def load(self):
        viewer = self._start()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        if viewer.role == "driver":
            with session_scope() as s:
                self.contract_options = [{"id": str(cid), "label": ref} for cid, ref in own_contract_ids(s, viewer)]
            if self.contract not in {o["id"] for o in self.contract_options}:
                self.contract = self.contract_options[0]["id"] if self.contract_options else ""
        self._reload()
        self._quote()
        wanted = self.router.url.query_parameters.get("id", "")
        if wanted.isdigit():
            self._open(int(wanted))
        return None

    def _reload(self) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        now = utcnow()
        with session_scope() as s:
            found = svc.visible_requests(s, viewer, None if self.status_filter == "all" else self.status_filter, now)
        self.rows = [{"id": str(r.id), "kind": r.kind, "status": r.status, "reference": c.reference if c else "",
                      "requester": f"{u.first_name} {u.last_name}", "submitted": _local(r.submitted_at, country),
                      "deadline": _local(r.deadline_at, country), "late": svc.lateness(r, now)} for r, u, c, country in found]

    def _open(self, request_id: int) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        try:
            with session_scope() as s:
                r = svc.open_request(s, viewer, request_id)
                country = s.get(Company, r.company_id).country
                contract = s.get(Contract, r.contract_id) if r.contract_id else None
                person = s.get(User, r.requester_id)
                requester = f"{person.first_name} {person.last_name}"
                files = svc.attachments(s, r)
                events = svc.history(s, r)
                simulation = r.simulation or {}
                step = (simulation.get("result", {}).get("steps") or [{}])[-1]
                self.opened = {"id": str(r.id), "kind": r.kind, "status": r.status, "details": r.details, "answer": r.answer,
                               "reference": contract.reference if contract else "", "late": svc.lateness(r, utcnow()), "requester": requester,
                               "submitted": _local(r.submitted_at, country), "deadline": _local(r.deadline_at, country),
                               "answered": _local(r.answered_at, country) if r.answered_at else "", "version": str(r.version),
                               "cost": f"{r.simulated_cost:.2f}" if r.simulated_cost is not None else "", "month": str(r.termination_month or ""),
                               "return_date": simulation.get("return_date", ""), **{f"why_{k}": v for k, v in step.get("explanations", {}).items()}}
                self.files = [{"id": str(f.id), "name": f.stored_name, "answer": "1" if f.is_answer else "", "url": f"/api/v1/requests/attachments/{f.id}"}
                              for f in files]
                self.events = [{"action": e.action, "who": email, "at": _local(e.at, country), "reason": e.reason} for e, email in events]
        except REFUSALS as exc:
            self.opened, self.files, self.events = {}, [], []
            self._refuse(exc)

    def _forget_typed(self) -> None:
        self.answer_text = self.reject_reason = self.answer_file = ""
        self._answer_document = None

    # the driver's form
    @rx.event
    def set_kind(self, value: str):
        if value in REQUEST_KINDS:
            self.kind = value
            self._quote()

    @rx.event
    def set_contract(self, value: str):
        self.contract = value
        self._quote()

    @rx.event
    def set_details(self, value: str):
        self.details = value[:2000]

    @rx.event
    def set_month(self, value: str):
        self.month = value.strip()[:4]
        self._quote()

    def _month(self) -> int:
        try:
            return int(self.month)
        except ValueError:
            raise LeaseInputError("termination_month", "a whole number of months", code="termination_month") from None

    def _quote(self) -> None:
        """The simulated cost of an early termination at the month typed, live, from the what-if engine."""
        self.quote = {}
        viewer = self.viewer()
        if viewer is None or self.kind != "early_termination" or not self.contract:
            return
        self._clear()
        try:
            with session_scope() as s:
                first, last = month_bounds(s, viewer, int(self.contract))
                self.bounds = {"first": str(first), "last": str(last)}
                self.month = self.month or str(first)
                quote = termination_quote(s, viewer, int(self.contract), self._month())
        except REFUSALS as exc:
            self._refuse(exc)
            return
        step = quote.simulation["result"]["steps"][-1]
        self.quote = {"cost": f"{quote.cost:.2f}", "month": str(quote.month), "date": quote.return_date.isoformat(), **{f"why_{k}": v for k, v in step["explanations"].items()}}

    @rx.event
    async def add_files(self, files: list[rx.UploadFile]):
        """Files are checked on the server when dropped (type by content, size, name), then stored with the request."""
        if self._start() is None:
            return rx.redirect(routes.LOGIN)
        self._pending_files = [*self._pending_files, *await self._checked(files)][:MAX_FILES]
        self.pending = [name for name, _ in self._pending_files]
        return None

    @rx.event
    def drop_file(self, index: int):
        self._pending_files = [f for i, f in enumerate(self._pending_files) if i != index]
        self.pending = [name for name, _ in self._pending_files]

    @rx.event
    def file(self):
        """File the request and its files in one transaction: all or nothing."""
        viewer = self._start()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            with session_scope() as s:
                month = self._month() if self.kind == "early_termination" and self.month else None
                request = svc.file_request(s, viewer, self.kind, self.details, int(self.contract) if self.contract else None, month)
                for name, data in self._pending_files:
                    svc.attach_file(s, viewer, request.id, name, data)
                request_id = request.id
        except REFUSALS as exc:
            self._refuse(exc)
            return None
        self.kind, self.details, self.quote, self.month, self.pending, self._pending_files = "address_or_bank", "", {}, "", [], []
        self.notice = "requests.filed"
        self._reload()
        self._open(request_id)
        return None

    @rx.event
    async def add_more(self, files: list[rx.UploadFile]):
        """The driver joins a file to their open request."""
        viewer = self._start()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        for file in files[:MAX_FILES]:
            try:
                with session_scope() as s:
                    svc.attach_file(s, viewer, int(self.opened.get("id", "0")), file.name or file.filename or "", await file.read(max_upload_bytes() + 1))
            except REFUSALS as exc:
                self._refuse(exc)
        self._open(int(self.opened.get("id", "0")))
        return None

    # the queue
    @rx.event
    def set_status_filter(self, value: str):
        if value == "all" or value in REQUEST_STATUSES:
            self.status_filter = value
            self._reload()

    @rx.event
    def open(self, request_id: str):
        self._clear()
        self._forget_typed()
        self._open(int(request_id))
        return rx.scroll_to("request-detail") if self.opened else None

    @rx.event
    def set_field(self, field: str, value: str):
        if field in ("answer_text", "reject_reason"):
            setattr(self, field, value[:2000])

    def _act(self, action, notice: str) -> None:
        viewer = self._start()
        if viewer is None:
            return
        request_id = int(self.opened.get("id", "0"))
        try:
            with session_scope() as s:
                action(s, viewer, request_id)
        except REFUSALS as exc:
            self._refuse(exc)
        else:
            self._forget_typed()
            self.notice = notice
        self._reload()
        self._open(request_id)

    @rx.event
    def take_up(self):
        self._act(svc.take_up, "requests.taken_up_notice")

    @rx.event
    async def add_answer_file(self, files: list[rx.UploadFile]):
        """The answer document, checked on the server when dropped, stored when the answer is sent."""
        if self._start() is None:
            return rx.redirect(routes.LOGIN)
        for name, data in await self._checked(files[:1]):
            self._answer_document, self.answer_file = (name, data), name
        return None

    @rx.event
    def send_answer(self):
        text, document = self.answer_text, self._answer_document
        self._act(lambda s, viewer, request_id: svc.answer(s, viewer, request_id, text, document), "requests.answered_notice")

    @rx.event
    def reject(self):
        reason = self.reject_reason
        self._act(lambda s, viewer, request_id: svc.reject(s, viewer, request_id, reason), "requests.rejected_notice")

    # views
    @rx.var
    def error_text(self) -> str:
        if not self.error:
            return ""
        return Formatter().vformat(self.tr.get(self.error, self.error), (), _Blank(self.error_params))

    @rx.var
    def notice_text(self) -> str:
        return self.tr.get(self.notice, "") if self.notice else ""

    @rx.var
    def kind_options(self) -> list[dict[str, str]]:
        return [{"id": k, "label": self.tr[f"requests.kind.{k}"]} for k in REQUEST_KINDS]

    @rx.var
    def status_options(self) -> list[dict[str, str]]:
        return [{"id": "all", "label": self.tr["requests.all"]}, *({"id": s, "label": self.tr[f"requests.status.{s}"]} for s in REQUEST_STATUSES)]

    @rx.var
    def quote_view(self) -> dict[str, str]:
        if not self.quote:
            return {}
        lang = self.lang
        return {"cost": format_money(Decimal(self.quote["cost"]), lang), "why": self.quote.get(f"why_{lang}", ""),
                "date": self.tr["requests.return_on"].format(month=self.quote["month"], date=format_date(dt.date.fromisoformat(self.quote["date"]), lang))}

    @rx.var
    def month_hint(self) -> str:
        return self.tr["requests.month_hint"].format(**self.bounds) if self.bounds else ""

    @rx.var
    def upload_hint(self) -> str:
        return self.tr["requests.upload_hint"].format(mb=max_upload_bytes() // (1024 * 1024), count=MAX_FILES)

    @rx.var
    def rows_view(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        return [{**r, "kind_text": tr[f"requests.kind.{r['kind']}"], "status_text": tr[f"requests.status.{r['status']}"], "color": BADGE[r["status"]],
                 "submitted_text": _when(r["submitted"], lang), "deadline_text": _when(r["deadline"], lang),
                 "late_text": tr[f"requests.{r['late']}"] if r["late"] else ""} for r in self.rows]

    @rx.var
    def opened_view(self) -> dict[str, str]:
        o, lang, tr = self.opened, self.lang, self.tr
        if not o:
            return {}
        return {"title": f"#{o['id']} · {tr['requests.kind.' + o['kind']]}", "status_text": tr[f"requests.status.{o['status']}"], "color": BADGE[o["status"]],
                "deadline_text": _when(o["deadline"], lang), "submitted_text": _when(o["submitted"], lang),
                "answered_text": _when(o["answered"], lang) if o["answered"] else "", "late_text": tr[f"requests.{o['late']}"] if o["late"] else "",
                "cost_text": format_money(Decimal(o["cost"]), lang) if o["cost"] else "",
                "return_text": tr["requests.return_on"].format(month=o["month"], date=format_date(dt.date.fromisoformat(o["return_date"]), lang))
                if o["return_date"] else "", "why": o.get(f"why_{lang}", "")}

    @rx.var
    def files_view(self) -> list[dict[str, str]]:
        tr = self.tr
        return [{**f, "label": f["name"] + (f" · {tr['requests.answer_document']}" if f["answer"] else "")} for f in self.files]

    @rx.var
    def events_view(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        return [{"text": f"{_when(e['at'], lang)} · {tr.get('requests.action.' + e['action'], e['action'])} · {e['who']}"
                 + (f" — {e['reason']}" if e["reason"] and e["action"] == "rejected" else "")} for e in self.events]


def select_box(options, value, on_change, element_id: str) -> rx.Component:
    """A full-width select of {id, label} options."""
    return rx.select.root(rx.select.trigger(id=element_id, width="100%"),
                          rx.select.content(rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                          value=value, on_change=on_change)
