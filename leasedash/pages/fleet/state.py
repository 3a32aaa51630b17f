"""The fleet page's state: the filters and the page of the table on show; the projected portfolio stays on the
server (the services' cache), and what the browser gets is the figures and the rows it shows."""

from __future__ import annotations

import asyncio
import datetime as dt

import reflex as rx

from leasedash.i18n import format_date, format_number
from leasedash.pages.fleet import inputs
from leasedash.pages.fleet.shown import AdviceLine, KpiCards, TableRow, advice_line, kpi_cards, table_row
from leasedash.services import fleet as svc
from leasedash.services.exports import write_fleet_csv
from leasedash.services.fleet import Advice, FleetOverview, FleetRow, TableFilters
from leasedash.services.fleet_drill import Drill
from leasedash.services.portfolio import Named
from leasedash.state import AppState, guarded

PAGE_SIZE = 20
MANAGERS = ("fleet_manager", "admin")


class FleetState(AppState):
    """Filters, the page of the table on show and the export; the projection behind them in backend vars."""

    as_of: str = ""
    company: str = ""
    product_options: list[Named] = []
    only_off_plan: bool = False
    product: str = ""
    search: str = ""
    sort: str = "settlement"
    descending: bool = True
    page: int = 0
    total_rows: int = 0
    threshold: str = "1000"
    stage: str = ""
    export_done: int = -1
    export_total: int = 0
    export_url: str = ""
    advice_open: bool = True
    _companies: list[Named] = []
    _overview: FleetOverview | None = None
    _all_charts: bool = False
    _rows: list[FleetRow] = []
    _advice: list[Advice] = []
    _threshold_cents: int = 100_000
    _drill: Drill | None = None

    def _day(self) -> dt.date:
        return dt.date.fromisoformat(self.as_of) if self.as_of else dt.date.today()

    @property
    def company_options(self) -> list[Named]:
        """The companies an admin may choose from (kept on the server; the chooser reads FleetCompaniesState)."""
        return self._companies

    def _company(self) -> int | None:
        return svc.fleet_scope(self.viewer(), int(self.company) if self.company else None)

    def _filters(self) -> TableFilters:
        return TableFilters(self.only_off_plan, int(self.product) if self.product else None, self.search.strip(), self.sort, self.descending,
                            self._drill)

    def _refresh_table(self) -> None:
        company = self._company()
        data = svc.fleet_data(self._day(), company)
        index = svc.selection(data, self._filters(), company)
        self.total_rows = len(index)
        self._rows = svc.fleet_rows(data, index[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE])

    @rx.event
    @guarded(*MANAGERS)
    def load(self):
        """The companies an admin may choose from, then the figures and the first page of the table: at once when
        the fleet is in the cache (the contracts to adapt follow in the background), else all in the background."""
        self.as_of = self.as_of or dt.date.today().isoformat()
        self.export_done, self.export_url = -1, ""
        if self.viewer().role == "admin":
            self._companies = svc.companies()
        company = self._company()
        data = svc.cached_fleet(self._day(), company)
        if data is None:
            return FleetState.project
        overview = svc.overview(data)
        index = svc.selection(data, self._filters(), company)
        self._overview, self._all_charts, self.product_options, self.stage = overview, False, overview.products, ""
        self.page, self.total_rows, self._rows = 0, len(index), svc.fleet_rows(data, index[:PAGE_SIZE])
        return FleetState.advise

    @rx.event(background=True)
    @guarded(*MANAGERS)
    async def advise(self):
        """The contracts to adapt now, off the event loop (each one's suggestion is worked out by the engine)."""
        async with self:
            viewer, day, company, threshold = self.viewer(), self._day(), self._company(), self._threshold_cents
        data = await asyncio.to_thread(svc.fleet_data, day, company)
        advice = await asyncio.to_thread(svc.advice, viewer, data, threshold)
        async with self:
            self._advice = advice
        yield  # a generator: the gate (guarded) checks the caller of a background handler under the state's lock

    @rx.event(background=True)
    @guarded(*MANAGERS)
    async def project(self):
        """Project the chosen fleet off the event loop (cold, it takes seconds), showing each step: first the
        figures and charts, then the first page of the table and the contracts to adapt now."""
        async with self:
            viewer, day, company, filters, threshold = self.viewer(), self._day(), self._company(), self._filters(), self._threshold_cents
            self.stage = "fleet.projecting"
        data = await asyncio.to_thread(svc.fleet_data, day, company)
        overview = await asyncio.to_thread(svc.overview, data)
        async with self:
            self._overview, self._all_charts, self.product_options, self.stage = overview, False, overview.products, "fleet.reading"
        index = await asyncio.to_thread(svc.selection, data, filters, company)
        rows = await asyncio.to_thread(svc.fleet_rows, data, index[:PAGE_SIZE])
        advice = await asyncio.to_thread(svc.advice, viewer, data, threshold)
        async with self:
            self.page, self.total_rows, self._rows, self._advice, self.stage = 0, len(index), rows, advice, ""
        yield  # a generator: the gate (guarded) checks the caller of a background handler under the state's lock

    @rx.event
    @guarded("admin")
    def set_company(self, value: str):
        """An admin's choice of company ("all": every company)."""
        self.company, self.product, self.page, self._drill = inputs.choice(value, self.company_options, "company"), "", 0, None
        return FleetState.project

    @rx.event
    @guarded(*MANAGERS)
    def set_as_of(self, value: str):
        """The day the fleet is projected from."""
        self.as_of = inputs.day(value).isoformat()
        return FleetState.project

    @rx.event
    @guarded(*MANAGERS)
    def set_only_off_plan(self, value: bool):
        self.only_off_plan, self.page = bool(value), 0
        self._refresh_table()

    @rx.event
    @guarded(*MANAGERS)
    def set_product(self, value: str):
        self.product, self.page = inputs.choice(value, self.product_options, "product"), 0
        self._refresh_table()

    @rx.event
    @guarded(*MANAGERS)
    def set_search(self, value: str):
        self.search, self.page = inputs.search(value), 0
        self._refresh_table()

    @rx.event
    @guarded(*MANAGERS)
    def set_sort(self, value: str):
        self.sort, self.page = inputs.sort(value), 0
        self._refresh_table()

    @rx.event
    @guarded(*MANAGERS)
    def toggle_order(self):
        self.descending, self.page = not self.descending, 0
        self._refresh_table()

    @rx.event
    @guarded(*MANAGERS)
    def next_page(self):
        if (self.page + 1) * PAGE_SIZE < self.total_rows:
            self.page += 1
            self._refresh_table()

    @rx.event
    @guarded(*MANAGERS)
    def previous_page(self):
        if self.page > 0:
            self.page -= 1
            self._refresh_table()

    @rx.event
    @guarded(*MANAGERS)
    def set_threshold(self, value: str):
        """The projected end settlement above which a contract is worth adapting now, in euros."""
        self.threshold, self._advice = value, []
        self._threshold_cents = inputs.threshold_cents(value)
        self._advice = svc.advice(self.viewer(), svc.fleet_data(self._day(), self._company()), self._threshold_cents)

    @rx.event
    @guarded(*MANAGERS, by_the_browser=True)
    def show_charts(self):
        """Once the main chart is drawn, the other charts: the browser draws the main one first."""
        if self._overview is not None and not self._all_charts:
            self._all_charts = True

    @rx.event
    @guarded(*MANAGERS)
    def toggle_advice(self):
        """Show or hide the contracts to adapt now."""
        self.advice_open = not self.advice_open

    @rx.event(background=True)
    @guarded(*MANAGERS)
    async def export(self):
        """Write the filtered table to a private CSV, reporting progress; then offer it for download."""
        async with self:
            user_id, day, company, filters = self.viewer().user_id, self._day(), self._company(), self._filters()
            self.export_done, self.export_total, self.export_url = 0, 0, ""
        data = await asyncio.to_thread(svc.fleet_data, day, company)
        index = await asyncio.to_thread(svc.selection, data, filters, company)
        async with self:
            self.export_total = len(index)
        async for done, url in write_fleet_csv(data, index, user_id):
            async with self:
                self.export_done, self.export_url = done, url
            yield

    @rx.var
    def has_figures(self) -> bool:
        return self._overview is not None

    @rx.var
    def kpis(self) -> KpiCards:
        return kpi_cards(self._overview, self.tr, self.lang, self.counted) if self._overview else KpiCards()

    @rx.var
    def subtitle(self) -> str:
        return self.tr["fleet.subtitle"].format(date=format_date(self._day(), self.lang))

    @rx.var
    def table(self) -> list[TableRow]:
        return [table_row(r, self.tr, self.lang) for r in self._rows]

    @rx.var
    def advice(self) -> list[AdviceLine]:
        return [advice_line(a, self.tr, self.lang) for a in self._advice]

    @rx.var
    def rows_text(self) -> str:
        return self.counted("fleet.rows", self.total_rows, number=format_number(self.total_rows, self.lang))

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total_rows // PAGE_SIZE))

    @rx.var
    def page_text(self) -> str:
        return self.text("common.page_of", page=self.page + 1, pages=self.pages)

    @rx.var
    def stage_text(self) -> str:
        return self.text(self.stage) if self.stage else ""

    @rx.var
    def export_text(self) -> str:
        lang = self.lang
        if self.export_url:
            return self.counted("fleet.download", self.export_total, number=format_number(self.export_total, lang))
        if self.export_done >= 0:
            return self.text("fleet.exporting", done=format_number(self.export_done, lang), total=format_number(self.export_total, lang))
        return ""
