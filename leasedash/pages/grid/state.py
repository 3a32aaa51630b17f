"""The grid page's state: the grid on show (kept on the server; the browser gets its charts), the point queried,
and the import form with every problem of the last import."""

from __future__ import annotations

from decimal import Decimal

import reflex as rx

from leasedash.domain.errors import GridProblem
from leasedash.domain.grid import RentGrid
from leasedash.domain.limits import input_limits
from leasedash.domain.money import parse_decimal, parse_whole
from leasedash.errors import InvalidInput
from leasedash.i18n import format_km
from leasedash.pages.grid.shown import PreviewCell, QueryAnswer, describe, preview_cells, query_answer
from leasedash.services.contract_search import contract_reference
from leasedash.services.grid_view import (MAX_UPLOAD_BYTES, GridView, PointQuote, grid_choices, import_grid, import_products, landing_grid, open_grid,
                                          quote_point, upload_text)
from leasedash.services.portfolio import Named
from leasedash.state import AppState, guarded

MANAGERS = ("fleet_manager", "admin")

def _number(text: str, field: str) -> Decimal:
    """A number of months or of km a year typed in the point query; InvalidInput under its field otherwise."""
    try:
        return parse_decimal(text, field)
    except InvalidInput as exc:
        raise InvalidInput(field, exc.reason, code="grid_query") from None


class GridState(AppState):
    """The grid on show, the point queried, and the import form."""

    grid_options: list[Named] = []
    grid_id: str = ""
    grid_label: str = ""
    contract_ref: str = ""
    query_months: str = ""
    query_km: str = ""
    product_options: list[Named] = []
    import_product: str = ""
    import_label: str = ""
    import_text: str = ""
    import_version: int = 0
    _grid: RentGrid | None = None
    _contract_point: tuple[int, int] | None = None
    _projected_point: tuple[int, int] | None = None
    _quote: PointQuote | None = None
    _problems: list[GridProblem] = []
    _warnings: list[GridProblem] = []
    _imported: GridView | None = None
    _all_charts: bool = False
    loaded: bool = False

    def _show(self, view: GridView | None) -> None:
        """Put a grid on show (None: none), the point queried at its contract's cell, else at its middle."""
        self._grid, self._quote, self._contract_point, self._projected_point, self._all_charts = None, None, None, None, False
        self.grid_id = self.grid_label = self.contract_ref = ""
        if view is None:
            return
        grid = view.grid
        self._grid, self._contract_point, self._projected_point = grid, view.contract_point, view.projected_point
        self.grid_id, self.grid_label = str(view.grid_id), view.title
        months, km = view.contract_point or (grid.months[len(grid.months) // 2], grid.annual_km[len(grid.annual_km) // 2])
        self.query_months, self.query_km = str(months), str(km)
        self._quote = quote_point(grid, Decimal(months), Decimal(km))

    def _clear_import(self) -> None:
        self._problems, self._warnings, self._imported = [], [], None

    @rx.event
    @guarded()
    def load(self):
        """The grid of the contract in the URL, else (a driver) of their first contract, else the one on show or
        the viewer's first; always scoped on the server."""
        viewer = self.viewer()
        self._clear_import()
        self._show(None)
        self.grid_options, self.product_options = grid_choices(viewer), import_products(viewer)
        products = [str(p.id) for p in self.product_options]
        if self.import_product not in products:
            self.import_product = products[0] if products else ""
        contract = self.router.url.query_parameters.get("contract", "")
        shown = self.grid_id if self.grid_id in {str(g.id) for g in self.grid_options} else ""
        self._show(landing_grid(viewer, parse_whole(contract, "contract", 1) if contract else None, int(shown) if shown else None))
        self.loaded = True

    @rx.event
    @guarded(by_the_browser=True)
    def show_charts(self):
        """Once the heatmap is drawn, the other charts (the browser draws the heatmap first)."""
        if self._grid is not None and not self._all_charts:
            self._all_charts = True

    @rx.event
    @guarded()
    def choose_grid(self, grid_id: str):
        self._show(open_grid(self.viewer(), parse_whole(grid_id, "grid", 1)))

    @rx.event
    @guarded()
    def show_contract(self, contract_id: str):
        """The grid of a contract picked in the contract search (one the viewer may see), at its cell."""
        viewer, ident = self.viewer(), parse_whole(contract_id, "contract", 1)
        self._show(landing_grid(viewer, ident, None))
        self.contract_ref = contract_reference(viewer, ident)

    def _query(self) -> None:
        self._quote = None
        if self._grid is not None:
            self._quote = quote_point(self._grid, _number(self.query_months, "months"), _number(self.query_km, "annual_km"))

    @rx.event
    @guarded()
    def set_query_months(self, value: str):
        self.query_months = value
        self._query()

    @rx.event
    @guarded()
    def set_query_km(self, value: str):
        self.query_km = value
        self._query()

    @rx.event
    @guarded(*MANAGERS)
    def set_import_product(self, value: str):
        self.import_product = value

    @rx.event
    @guarded(*MANAGERS)
    def set_import_label(self, value: str):
        self.import_label = value[:input_limits().name_length]

    @rx.event
    @guarded(*MANAGERS)
    def set_import_text(self, value: str):
        limit = input_limits().grid_bytes
        if len(value) > limit:
            raise InvalidInput("import_text", f"longer than {limit} characters", code="too_large", params={"maximum": limit})
        if value != self.import_text:
            self.import_text = value
            self._clear_import()

    @rx.event
    @guarded(*MANAGERS)
    async def handle_upload(self, files: list[rx.UploadFile]):
        """Read an uploaded CSV or JSON grid into the form; type, size and encoding are checked on the server."""
        for file in files[:1]:
            name = (file.name or file.filename or "").rsplit("/", 1)[-1]
            self.import_text = upload_text(name, await file.read(MAX_UPLOAD_BYTES + 1))
            self.import_version += 1
            self._clear_import()
            if not self.import_label:
                self.import_label = name.rsplit(".", 1)[0][:200]

    @rx.event
    @guarded(*MANAGERS)
    def submit_import(self):
        """Validate and store the grid; on any problem nothing is stored and each problem is shown in place."""
        self._clear_import()
        outcome = import_grid(self.viewer(), parse_whole(self.import_product, "import_product", 1), self.import_label, self.import_text)
        self._problems, self._warnings, self._imported = list(outcome.problems), list(outcome.warnings), outcome.grid
        if outcome.grid is not None:
            self.grid_options = [*self.grid_options, Named(outcome.grid.grid_id, outcome.grid.title)]
            self._show(outcome.grid)

    @rx.var
    def has_grid(self) -> bool:
        return self._grid is not None

    @rx.var
    def answer(self) -> QueryAnswer:
        """The rent at the point asked, with the rule that gives it."""
        if self._quote is None or self._grid is None:
            return QueryAnswer()
        return query_answer(self._quote, self._grid, self.tr, self.lang)

    @rx.var
    def contract_text(self) -> str:
        return self.text("grid.of_contract", reference=self.contract_ref) if self.contract_ref else ""

    @rx.var
    def cell_text(self) -> str:
        if self._contract_point is None:
            return ""
        months, km = self._contract_point
        return self.text("grid.your_cell", months=months, km=format_km(km, self.lang))

    @rx.var
    def problem_texts(self) -> list[str]:
        return describe(self._problems, self.tr)

    @rx.var
    def warning_texts(self) -> list[str]:
        return describe(self._warnings, self.tr)

    @rx.var
    def failed_text(self) -> str:
        return self.counted("grid.import_failed", len(self._problems)) if self._problems else ""

    @rx.var
    def done_text(self) -> str:
        done = self._imported
        if done is None:
            return ""
        return self.text("grid.import_done", label=done.label, bands=self.counted("grid.bands", len(done.grid.annual_km)),
                         durations=self.counted("grid.durations", len(done.grid.months)))

    @rx.var
    def preview(self) -> list[list[PreviewCell]]:
        """The pasted table as read, each cell flagged when a problem points at its row and column."""
        return preview_cells(self.import_text, self._problems)
