"""The state of /fleet-import: the file uploaded (kept on the server), how its columns map to fields and its decimal
mark (guessed, then confirmed or changed by the user), the preview and every problem of the last check, the import
running in the background with its progress, and the history."""

from __future__ import annotations

import asyncio

import reflex as rx

from leasedash.domain.fleet_cells import MARKS
from leasedash.domain.fleet_file import FileProblems, limits, template
from leasedash.domain.money import parse_whole
from leasedash.errors import InvalidInput
from leasedash.i18n import LANGUAGES
from leasedash.pages.fleet_import.lines import HistoryRow, MappingRow, PreviewLine, check_lines, history_row, mapping_rows
from leasedash.services.fleet_import import (HistoryLine, ImportCheck, ImportSummary, check_import, import_history, problem_line,
                                             run_import)
from leasedash.services.fleet import companies
from leasedash.services.portfolio import Named
from leasedash.state import AppState, guarded

MANAGERS = ("fleet_manager", "admin")
KINDS = ("contracts", "readings")
POLL_SECONDS = 0.3


class FleetImportState(AppState):
    """The import of one file into one company."""

    kind: str = "contracts"
    companies: list[Named] = []
    company: str = ""
    file_name: str = ""
    mark: str = ""
    running: bool = False
    progress_done: int = 0
    progress_total: int = 0
    stage: str = ""
    template_lang: str = ""
    _data: bytes = b""
    _mapping: dict[str, int] = {}
    _check: ImportCheck | None = None
    _problems: list[str] = []
    _problem_count: int = 0
    _history: list[HistoryLine] = []
    _summary: ImportSummary | None = None

    def _company(self) -> int | None:
        viewer = self.viewer()
        return viewer.company_id if viewer.role == "fleet_manager" else (int(self.company) if self.company else None)

    def _forget(self) -> None:
        self._check, self._problems, self._problem_count, self._summary = None, [], 0, None

    def _load_history(self) -> None:
        self._history = import_history(self.viewer(), self._company())

    @rx.event
    @guarded(*MANAGERS)
    def load(self):
        """The companies an admin imports into, and the history of the company's imports."""
        self.template_lang = self.template_lang or self.lang
        if self.viewer().role == "admin":
            self.companies = companies()
            if self.company not in {str(c.id) for c in self.companies} and self.companies:
                self.company = str(self.companies[0].id)
        self._load_history()

    @rx.event
    @guarded(*MANAGERS)
    def set_kind(self, value: str | list[str]):
        """Contracts (with cars and drivers) or odometer readings; a file uploaded is checked again as the other kind."""
        if value not in KINDS:
            raise InvalidInput("kind", "contracts or readings", "choice")
        self.kind, self._mapping, self.mark = value, {}, ""
        self._run_check()

    @rx.event
    @guarded("admin")
    def set_company(self, value: str):
        if value not in {str(c.id) for c in self.companies}:
            raise InvalidInput("company", "choose one of the companies listed", "choice")
        self.company = value
        self._load_history()
        self._run_check()

    @rx.event
    @guarded(*MANAGERS)
    async def upload(self, files: list[rx.UploadFile]):
        """Keep the uploaded file on the server, guess its columns and decimal mark, and check it."""
        for file in files[:1]:
            self.file_name = (file.name or file.filename or "import.csv").rsplit("/", 1)[-1][:200]
            self._data = await file.read(limits()["max_upload_bytes"] + 1)
            self._mapping, self.mark = {}, ""
            self._run_check()

    @rx.event
    @guarded(*MANAGERS)
    def set_column(self, field: str, column: str):
        """The user's choice of the column holding a field ("-1": none)."""
        if self._check is None or field not in self._check.fields:
            raise InvalidInput("mapping", "upload a file first", "bad_argument")
        index = parse_whole(column, "mapping", 0) if column != "-1" else -1
        if index >= len(self._check.headers):
            raise InvalidInput("mapping", "the file has no such column", "choice")
        self._mapping = {**self._check.mapping, field: index}
        self._run_check()

    @rx.event
    @guarded(*MANAGERS)
    def set_mark(self, value: str | list[str]):
        """The user's confirmation (or correction) of the file's decimal mark."""
        if value not in MARKS:
            raise InvalidInput("decimal_mark", "a comma or a point", "choice")
        self.mark = value
        self._run_check()

    def _run_check(self) -> None:
        self._forget()
        if not self._data:
            return
        company = self._company()
        if company is None:
            raise InvalidInput("company", "choose the company to import into", "entry_company")
        self._check = check_import(self.viewer(), company, self.kind, self.file_name, self._data, self._mapping or None, self.mark or None)
        self._mapping, self.mark = dict(self._check.mapping), self._check.mark
        self._problems = [problem_line(p, self.lang) for p in self._check.problems]
        self._problem_count = self._check.problem_count

    @rx.event
    @guarded(*MANAGERS)
    def template(self, fmt: str):
        """The empty template of this kind of import, headers in the chosen language."""
        if fmt not in ("csv", "xlsx") or self.template_lang not in LANGUAGES:
            raise InvalidInput("format", "csv or xlsx", "choice")
        return rx.download(data=template(self.kind, self.template_lang, fmt), filename=f"leasedash-{self.kind}-{self.template_lang}.{fmt}")

    @rx.event
    @guarded(*MANAGERS)
    def set_template_lang(self, value: str):
        if value not in LANGUAGES:
            raise InvalidInput("language", "fr, nl or en", "choice")
        self.template_lang = value

    @rx.event(background=True)
    @guarded(*MANAGERS)
    async def start(self):
        """Import the checked file in the background, showing the progress; all rows or none."""
        async with self:
            if self._check is None or self._problem_count or self.running:
                return
            args = (self.viewer(), self._company(), self.kind, self.file_name, self._data, dict(self._mapping), self.mark)
            self.running, self.progress_done, self.progress_total, self.stage, self._summary = True, 0, 0, "fleetimport.checking", None
        seen = {"done": 0, "total": 0}
        work = asyncio.get_running_loop().run_in_executor(None, lambda: run_import(*args, progress=lambda d, t: seen.update(done=d, total=t)))
        while not work.done():
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                self.progress_done, self.progress_total = seen["done"], seen["total"]
                self.stage = "fleetimport.writing" if seen["total"] else "fleetimport.checking"
        try:
            summary = work.result()
        except FileProblems as exc:
            async with self:
                self.running, self.stage = False, ""
                self._problems, self._problem_count = [problem_line(p, self.lang) for p in exc.problems], exc.total
            yield
            return
        except BaseException:
            async with self:
                self.running, self.stage = False, ""
            raise
        async with self:
            self.running, self.stage, self._summary = False, "", summary
            self._check, self._data, self.file_name = None, b"", ""
            self._load_history()
        yield

    @rx.var
    def result(self) -> str:
        """What the last import did, in the reader's language."""
        done = self._summary
        return self.text("fleetimport.done", created=done.created, updated=done.updated, unchanged=done.unchanged,
                         absent=done.absent_count) if done else ""

    @rx.var
    def checked(self) -> bool:
        return self._check is not None

    @rx.var
    def mapping(self) -> list[MappingRow]:
        return mapping_rows(self._check, self.tr) if self._check else []

    @rx.var
    def columns(self) -> list[dict[str, str]]:
        """The file's columns as the mapping's choices ("-1": not in the file)."""
        headers = self._check.headers if self._check else ()
        return [{"id": "-1", "name": self.tr["fleetimport.no_column"]}] + [{"id": str(i), "name": h or f"#{i + 1}"} for i, h in enumerate(headers)]

    @rx.var
    def preview(self) -> PreviewLine:
        return check_lines(self._check, self.tr, self.lang)

    @rx.var
    def problems(self) -> list[str]:
        return self._problems

    @rx.var
    def problem_total(self) -> str:
        return self.counted("fleetimport.problem_count", self._problem_count) if self._problem_count else ""

    @rx.var
    def may_import(self) -> bool:
        return self._check is not None and not self._problem_count and not self.running

    @rx.var
    def progress_text(self) -> str:
        if not self.running:
            return ""
        if self.stage == "fleetimport.writing":
            return self.text("fleetimport.writing", done=self.progress_done, total=self.progress_total)
        return self.tr["fleetimport.checking"]

    @rx.var
    def progress_pct(self) -> int:
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @rx.var
    def history(self) -> list[HistoryRow]:
        return [history_row(h, self.tr, self.lang) for h in self._history]
