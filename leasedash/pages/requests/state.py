"""The state of /requests: a driver's form and requests (seed 002, "Mijn verzoeken"), the queue of the fleet manager
or the lessor, and the request opened; every handler goes through the gate and services/request_book.py."""

from __future__ import annotations

from decimal import Decimal

import reflex as rx

from leasedash.domain.money import MAX_NUMBER_TEXT, parse_amount, parse_whole
from leasedash.errors import InvalidInput, NotFound
from leasedash.pages.requests import lines
from leasedash.pages.requests.holidays import HolidaysState
from leasedash.pages.requests.lines import Choice, FileLink, OpenedRequest, QuoteLine, RequestLine
from leasedash.services import request_book as book
from leasedash.services.contract_search import contract_reference
from leasedash.services.contract_view import contract_choices
from leasedash.services.termination import TerminationPreview, termination_preview
from leasedash.services.uploads import check_upload, max_upload_bytes
from leasedash.state import AppState, guarded

MAX_FILES = 5


async def _checked(files: list[rx.UploadFile]) -> list[tuple[str, bytes]]:
    """(name, content) of the files dropped, each checked on the server (type by content, size, name); one refused refuses the drop."""
    checked = []
    for file in files[:MAX_FILES]:
        name, data = file.name or file.filename or "", await file.read(max_upload_bytes() + 1)
        check_upload(name, data)
        checked.append((name, data))
    return checked


class RequestsState(AppState):
    """The form, the list or queue, and the request opened; the files waiting to be sent stay on the server."""

    kind: str = "address_or_bank"
    contract: str = ""
    contract_ref: str = ""
    filter_ref: str = ""
    details: str = ""
    month: str = ""
    status_filter: str = "all"
    answer_text: str = ""
    answer_quote: str = ""
    reject_reason: str = ""
    answer_file: str = ""
    notice: str = ""
    _filter: int | None = None
    _rows: list[book.RequestRow] = []
    _detail: book.RequestDetail | None = None
    _preview: TerminationPreview | None = None
    _pending_files: list[tuple[str, bytes]] = []
    _answer_document: tuple[str, bytes] | None = None

    # loading
    @rx.event
    @guarded()
    def load(self):
        """The list or the queue, the request of the address (?id=), the driver's contracts; an admin's holidays next."""
        self.notice = ""
        role = self.viewer().role
        if role == "driver":
            choices = contract_choices(self.viewer())
            chosen = next((c for c in choices if str(c.contract_id) == self.contract), choices[0] if choices else None)
            self.contract, self.contract_ref = (str(chosen.contract_id), chosen.reference) if chosen else ("", "")
        self._reload()
        wanted = self.router.url.query_parameters.get("id", "")
        if wanted:
            self._open(parse_whole(wanted, "request", 1))
        self._quote()
        return HolidaysState.load if role == "admin" else None

    def _reload(self) -> None:
        self._rows = book.request_rows(self.viewer(), None if self.status_filter == "all" else self.status_filter, self._filter)

    def _open(self, request_id: int) -> None:
        self._detail = None
        self._detail = book.request_detail(self.viewer(), request_id)

    def _opened_id(self) -> int:
        if self._detail is None:
            raise NotFound("no request is open")
        return self._detail.row.id

    def _forget_typed(self) -> None:
        self.answer_text = self.answer_quote = self.reject_reason = self.answer_file = ""
        self._answer_document = None

    # the driver's form
    @rx.event
    @guarded("driver")
    def set_kind(self, value: str):
        if value not in book.KINDS:
            raise InvalidInput("kind", "one of the request forms", code="request_kind")
        self.kind = value
        self._quote()

    @rx.event
    @guarded("driver")
    def set_contract(self, value: str):
        """The contract picked in the contract search: one of the driver's (NotFound otherwise)."""
        ident = parse_whole(value, "contract_id", 1)
        self.contract_ref, self.contract, self.month = contract_reference(self.viewer(), ident), str(ident), ""
        self._quote()

    @rx.event
    @guarded("driver")
    def set_details(self, value: str):
        self.details = str(value)[:book.MAX_TEXT]

    @rx.event
    @guarded("driver")
    def set_month(self, value: str):
        self.month = str(value).strip()[:4]
        self._quote()

    def _quote(self) -> None:
        """The simulated cost of an early termination at the month typed, live, from the what-if engine."""
        self._preview = None
        if self.kind != "early_termination" or not self.contract:
            return
        self._preview = termination_preview(self.viewer(), int(self.contract), self.month)
        self.month = self.month or str(self._preview.month)

    @rx.event
    @guarded("driver")
    async def add_files(self, files: list[rx.UploadFile]):
        """Files are checked on the server when dropped, then kept on the server until the request is sent."""
        self._pending_files = [*self._pending_files, *await _checked(files)][:MAX_FILES]

    @rx.event
    @guarded("driver")
    def drop_file(self, index: int):
        position = parse_whole(index, "file")
        self._pending_files = [f for i, f in enumerate(self._pending_files) if i != position]

    @rx.event
    @guarded("driver")
    def file(self):
        """File the request and its files in one transaction: all or nothing."""
        request_id = book.submit_request(self.viewer(), self.kind, self.details, int(self.contract) if self.contract else None, self.month,
                                        self._pending_files)
        self.kind, self.details, self.month, self._preview, self._pending_files = "address_or_bank", "", "", None, []
        self.notice = "requests.filed"
        self._reload()
        self._open(request_id)

    @rx.event
    @guarded("driver")
    async def add_more(self, files: list[rx.UploadFile]):
        """The driver joins files to their open request."""
        request_id = self._opened_id()
        try:
            book.join_files(self.viewer(), request_id, await _checked(files))
        finally:
            self._open(request_id)

    # the list and the queue
    @rx.event
    @guarded("fleet_manager", "admin")
    def filter_contract(self, value: str):
        """Only the requests about the contract picked in the contract search (one the viewer may see)."""
        self.filter_ref, self._filter = "", None
        ident = parse_whole(value, "contract_id", 1)
        self.filter_ref, self._filter = contract_reference(self.viewer(), ident), ident
        self._reload()

    @rx.event
    @guarded("fleet_manager", "admin")
    def clear_filter(self):
        self.filter_ref, self._filter = "", None
        self._reload()

    @rx.event
    @guarded()
    def set_status_filter(self, value: str):
        if value != "all" and value not in book.STATUSES:
            raise InvalidInput("status", "one of the statuses", code="request_status")
        self.status_filter = value
        self._reload()

    @rx.event
    @guarded()
    def open(self, request_id: int):
        self.notice = ""
        self._forget_typed()
        self._open(parse_whole(request_id, "request", 1))
        return rx.scroll_to("request-detail")

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_answer_text(self, value: str):
        self.answer_text = str(value)[:book.MAX_TEXT]

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_answer_quote(self, value: str):
        self.answer_quote = str(value)[:MAX_NUMBER_TEXT]

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_reject_reason(self, value: str):
        self.reject_reason = str(value)[:book.MAX_TEXT]

    @rx.event
    @guarded("fleet_manager", "admin")
    async def add_answer_file(self, files: list[rx.UploadFile]):
        """The answer document, checked on the server when dropped, stored when the answer is sent."""
        for name, data in await _checked(files[:1]):
            self._answer_document, self.answer_file = (name, data), name

    def _step(self, step: str, text: str, notice: str, quote: Decimal | None = None) -> None:
        """Take a step on the opened request; the queue and the request are shown again as they are now, even when refused."""
        request_id = self._opened_id()
        self.notice = ""
        try:
            book.handle_request(self.viewer(), request_id, step, text, self._answer_document if step == "answer" else None, quote)
            self._forget_typed()
            self.notice = notice
        finally:
            self._reload()
            self._open(request_id)

    @rx.event
    @guarded("fleet_manager", "admin")
    def take_up(self):
        self._step("take_up", "", "requests.taken_up_notice")

    @rx.event
    @guarded("fleet_manager", "admin")
    def send_answer(self):
        """Answer the opened request; a buy-out with the quoted amount typed beside the answer (it replaces the estimate on
        /end-of-lease)."""
        quote = parse_amount(self.answer_quote, "quote") if self.answer_quote.strip() else None
        self._step("answer", self.answer_text, "requests.answered_notice", quote)

    @rx.event
    @guarded("fleet_manager", "admin")
    def reject(self):
        self._step("reject", self.reject_reason, "requests.rejected_notice")

    # what the page shows
    @rx.var
    def notice_text(self) -> str:
        return self.tr.get(self.notice, "") if self.notice else ""

    @rx.var
    def kind_options(self) -> list[Choice]:
        return [Choice(k, self.tr[f"requests.kind.{k}"]) for k in book.KINDS]

    @rx.var
    def status_options(self) -> list[Choice]:
        return [Choice("all", self.tr["requests.all"]), *(Choice(s, self.tr[f"requests.status.{s}"]) for s in book.STATUSES)]

    @rx.var
    def quote(self) -> QuoteLine | None:
        return lines.quote_line(self._preview, self.tr, self.lang)

    @rx.var
    def month_hint(self) -> str:
        p = self._preview
        return self.tr["requests.month_hint"].format(first=p.window.first, last=p.window.last) if p else ""

    @rx.var
    def filter_text(self) -> str:
        return self.text("requests.filtered", reference=self.filter_ref) if self.filter_ref else ""

    @rx.var
    def upload_hint(self) -> str:
        return self.counted("requests.upload_hint", MAX_FILES, mb=max_upload_bytes() // (1024 * 1024))

    @rx.var
    def pending(self) -> list[str]:
        return [name for name, _ in self._pending_files]

    @rx.var
    def rows(self) -> list[RequestLine]:
        return [lines.request_line(r, self.tr, self.lang) for r in self._rows]

    @rx.var
    def opened(self) -> OpenedRequest | None:
        return lines.opened_request(self._detail, self.tr, self.lang) if self._detail else None

    @rx.var
    def files(self) -> list[FileLink]:
        return lines.file_links(self._detail, self.tr, self.file_link)

    @rx.var
    def history(self) -> list[str]:
        return lines.history(self._detail, self.tr, self.lang)
