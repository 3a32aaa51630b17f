"""/grid: the rent grid explorer (heatmap, curves per mileage band, total cost, steps, any point
queried) and, for fleet managers and admins, grid import with every problem shown in place."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
import reflex as rx

from leasedash import routes
from leasedash.charts.grid_charts import rent_curves, rent_heatmap, step_chart, total_cost_heatmap
from leasedash.components.layout import protected_page
from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.queries import grid_products, visible_grids
from leasedash.db.session import session_scope
from leasedash.domain.errors import GridError, GridProblem, LeaseInputError
from leasedash.domain.grid import RentGrid, shape_warnings
from leasedash.domain.grid_parse import grid_from_json, table_cells
from leasedash.domain.money import parse_decimal
from leasedash.i18n import format_km, format_money, format_number
from leasedash.services.contract_view import contract_view, own_contract_ids
from leasedash.services.grid_view import GridView, import_grid, open_contract_grid, open_grid
from leasedash.state import AppState

UPLOAD_ID = "grid-upload"
MAX_UPLOAD_BYTES = 1_000_000
UPLOAD_SUFFIXES = (".csv", ".txt", ".json")
PREVIEW_ROWS = 30


def _problem_dict(problem: GridProblem) -> dict[str, str]:
    return {"code": problem.code, "reason": problem.reason, "row": str(problem.row or ""), "column": str(problem.column or ""),
            **{f"p_{k}": str(v) for k, v in problem.params}}


class GridState(AppState):
    """The grid on show, the point queried, and the import form."""

    grid_options: list[dict[str, str]] = []
    grid_id: str = ""
    grid_label: str = ""
    grid_json: dict = {}
    contract_point: list[int] = []
    projected_point: list[float] = []
    error_key: str = ""
    query_months: str = ""
    query_km: str = ""
    product_options: list[dict[str, str]] = []
    import_product: str = ""
    import_label: str = ""
    import_text: str = ""
    import_problems: list[dict[str, str]] = []
    import_warnings: list[dict[str, str]] = []
    import_done: dict[str, str] = {}
    upload_refused: str = ""
    import_version: int = 0

    def _grid(self) -> RentGrid | None:
        return grid_from_json(self.grid_json, min_axis_values=1) if self.grid_json else None

    def _show(self, view: GridView) -> None:
        data = view.grid.as_json()
        data.pop("warnings")
        self.grid_json, self.grid_id, self.grid_label = data, str(view.grid_id), f"{view.label} · {view.product_name}"
        self.contract_point = list(view.contract_point) if view.contract_point else []
        if not self.query_months:
            self.query_months = str(view.contract_point[0] if view.contract_point else view.grid.months[len(view.grid.months) // 2])
            self.query_km = str(view.contract_point[1] if view.contract_point else view.grid.annual_km[len(view.grid.annual_km) // 2])

    @rx.event
    def load(self):
        """The grid of the contract in the URL, else the viewer's first grid; always scoped on the server."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.error_key, self.projected_point, self.import_done = "", [], {}
        contract = self.router.url.query_parameters.get("contract", "")
        with session_scope() as s:
            if not contract and viewer.role == "driver":
                own = own_contract_ids(s, viewer)
                contract = str(own[0][0]) if own else ""
            self.grid_options = [{"id": str(i), "label": f"{label} · {product}"} for i, label, product in visible_grids(s, viewer)]
            if viewer.manages_contracts:
                self.product_options = [{"id": str(p.id), "label": p.name} for p in grid_products(s)]
                self.import_product = self.import_product or (self.product_options[0]["id"] if self.product_options else "")
            try:
                if contract:
                    self._show(open_contract_grid(s, viewer, int(contract)))
                    projection = contract_view(s, viewer, int(contract)).projection
                    if projection is not None:
                        months = int(self.contract_point[0])
                        self.projected_point = [months, round(projection.projected_km * 12 / months)]
                elif self.grid_options:
                    self._show(open_grid(s, viewer, int(self.grid_id or self.grid_options[0]["id"])))
            except (NotFound, ValueError):
                self.grid_json, self.error_key = {}, "common.not_found"
        return None

    @rx.event
    def choose_grid(self, grid_id: str):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            with session_scope() as s:
                self.contract_point, self.projected_point, self.query_months = [], [], ""
                self._show(open_grid(s, viewer, int(grid_id)))
                self.error_key = ""
        except (NotFound, ValueError):
            self.error_key = "common.not_found"
        return None

    @rx.event
    def set_query_months(self, value: str):
        self.query_months = value

    @rx.event
    def set_query_km(self, value: str):
        self.query_km = value

    @rx.var
    def query_answer(self) -> dict[str, str]:
        """The rent at the point asked, with the rule that gives it."""
        grid, tr, lang = self._grid(), self.tr, self.lang
        empty = {"error": "", "result": "", "rule": ""}
        if grid is None:
            return empty
        try:
            months, km = parse_decimal(self.query_months, "months"), parse_decimal(self.query_km, "annual_km")
        except LeaseInputError:
            return {**empty, "error": tr["grid.query_invalid"]}
        try:
            quote = grid.quote(months, km)
        except LeaseInputError as exc:
            if exc.field == "months":
                return {**empty, "error": tr["grid.quote_months"].format(months=format_number(months, lang), low=grid.months[0], high=grid.months[-1])}
            return {**empty, "error": tr["grid.quote_km"].format(km=format_km(km, lang), high=format_km(grid.annual_km[-1], lang))}
        return {**empty, "result": tr["grid.query_result"].format(rent=format_money(quote.monthly_rent, lang), total=format_money(quote.monthly_rent * months, lang)),
                "rule": tr[f"grid.rule.{quote.rule}"]}

    def _labels(self) -> dict[str, str]:
        tr = self.tr
        return {"months": tr["common.months"], "km_year": tr["common.km_year"], "rent": tr["grid.rent"], "total": tr["grid.total"],
                "month": tr["grid.month"], "contract": tr["grid.contract"], "projected": tr["grid.projected"],
                "duration": tr["grid.duration"], "mileage": tr["grid.mileage"], "band_change": tr["grid.band_change"],
                "heatmap_title": tr["grid.heatmap_title"], "curves_title": tr["grid.curves_title"],
                "total_title": tr["grid.total_title"], "steps_title": tr["grid.steps_title"]}

    def _formatters(self):
        lang = self.lang
        return (lambda v: format_money(Decimal(v), lang)), (lambda v: format_number(v, lang))

    @rx.var
    def heatmap(self) -> go.Figure:
        grid = self._grid()
        if grid is None:
            return go.Figure()
        money, number = self._formatters()
        return rent_heatmap(grid, self._labels(), money, number, tuple(self.contract_point) or None, tuple(self.projected_point) or None)

    @rx.var
    def curves(self) -> go.Figure:
        grid = self._grid()
        return rent_curves(grid, self._labels(), *self._formatters()) if grid else go.Figure()

    @rx.var
    def totals(self) -> go.Figure:
        grid = self._grid()
        return total_cost_heatmap(grid, self._labels(), *self._formatters()) if grid else go.Figure()

    @rx.var
    def steps(self) -> go.Figure:
        grid = self._grid()
        return step_chart(grid, self._labels(), *self._formatters()) if grid else go.Figure()

    @rx.var
    def cell_text(self) -> str:
        if not self.contract_point:
            return ""
        return self.tr["grid.your_cell"].format(months=self.contract_point[0], km=format_km(self.contract_point[1], self.lang))

    # import
    @rx.event
    def set_import_product(self, value: str):
        self.import_product = value

    @rx.event
    def set_import_label(self, value: str):
        self.import_label = value

    @rx.event
    def set_import_text(self, value: str):
        if value != self.import_text:
            self.import_text, self.import_problems, self.import_done = value, [], {}

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]):
        """Read an uploaded CSV or JSON grid into the form; type and size are checked here, on the server."""
        self.upload_refused = ""
        if self.viewer("fleet_manager", "admin") is None:
            return rx.redirect(routes.LOGIN)
        for file in files[:1]:
            name = (file.name or file.filename or "").rsplit("/", 1)[-1]
            data = await file.read(MAX_UPLOAD_BYTES + 1)
            try:
                if not name.lower().endswith(UPLOAD_SUFFIXES) or len(data) > MAX_UPLOAD_BYTES:
                    raise ValueError(name)
                text = data.decode("utf-8-sig")
            except (ValueError, UnicodeDecodeError):
                self.upload_refused = self.tr["grid.upload_refused"].format(name=name)
                return None
            self.import_text, self.import_problems, self.import_done = text, [], {}
            self.import_version += 1
            if not self.import_label:
                self.import_label = name.rsplit(".", 1)[0][:200]
        return None

    @rx.event
    def submit_import(self):
        """Validate and store the grid; on any problem nothing is stored and each problem is shown."""
        viewer = self.viewer("fleet_manager", "admin")
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.import_problems, self.import_warnings, self.import_done = [], [], {}
        try:
            with session_scope() as s:
                row = import_grid(s, viewer, int(self.import_product or 0), self.import_label, self.import_text)
                grid = open_grid(s, viewer, row.id)
        except GridError as exc:
            self.import_problems = [_problem_dict(p) for p in exc.problems]
            return None
        except (NotFound, AccessDenied, ValueError):
            self.import_problems = [{"code": "json_shape", "reason": "", "row": "", "column": ""}]
            return None
        self.import_warnings = [_problem_dict(w) for w in shape_warnings(grid.grid.months, grid.grid.annual_km, grid.grid.rents)]
        self.import_done = {"label": grid.label, "rows": str(len(grid.grid.annual_km)), "columns": str(len(grid.grid.months))}
        self.grid_options = [*self.grid_options, {"id": str(grid.grid_id), "label": f"{grid.label} · {grid.product_name}"}]
        self.contract_point, self.projected_point, self.query_months = [], [], ""
        self._show(grid)
        return None

    def _describe(self, items: list[dict[str, str]]) -> list[str]:
        out = []
        for p in items:
            params = {k[2:]: v for k, v in p.items() if k.startswith("p_")}
            key = f"gridproblem.{p['code']}"
            out.append(self.tr[key].format(**params) if key in self.tr else p["reason"])
        return out

    @rx.var
    def problem_texts(self) -> list[str]:
        return self._describe(self.import_problems)

    @rx.var
    def warning_texts(self) -> list[str]:
        return self._describe(self.import_warnings)

    @rx.var
    def done_text(self) -> str:
        return self.tr["grid.import_done"].format(**self.import_done) if self.import_done else ""

    @rx.var
    def failed_text(self) -> str:
        return self.tr["grid.import_failed"].format(count=len(self.import_problems)) if self.import_problems else ""

    @rx.var
    def preview(self) -> list[list[dict[str, str]]]:
        """The pasted table as read, each cell flagged when a problem points at its row and column."""
        if not self.import_problems or not self.import_text.strip():
            return []
        rows, header = table_cells(self.import_text)
        bad_rows = {int(p["row"]) for p in self.import_problems if p["row"] and not p["column"]}
        bad_cells = {(int(p["row"]), int(p["column"])) for p in self.import_problems if p["row"] and p["column"]}
        out = []
        for index, row in enumerate(rows[:PREVIEW_ROWS]):
            data_row = index - header if header is not None and index > header else 0
            out.append([{"text": cell, "bad": "1" if (data_row, c) in bad_cells or data_row in bad_rows else "",
                         "head": "1" if index == header or c == 0 else ""} for c, cell in enumerate(row)])
        return out


def _chart_tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger(AppState.tr["grid.tab_heatmap"], value="heatmap"),
            rx.tabs.trigger(AppState.tr["grid.tab_curves"], value="curves"),
            rx.tabs.trigger(AppState.tr["grid.tab_total"], value="total"),
            rx.tabs.trigger(AppState.tr["grid.tab_steps"], value="steps"),
        ),
        rx.tabs.content(rx.plotly(data=GridState.heatmap, use_resize_handler=True, width="100%", id="grid-heatmap"), value="heatmap"),
        rx.tabs.content(rx.plotly(data=GridState.curves, use_resize_handler=True, width="100%"), value="curves"),
        rx.tabs.content(rx.plotly(data=GridState.totals, use_resize_handler=True, width="100%"), value="total"),
        rx.tabs.content(rx.vstack(rx.plotly(data=GridState.steps, use_resize_handler=True, width="100%"),
                                  rx.text(AppState.tr["grid.steps_note"], size="2", color_scheme="gray")), value="steps"),
        default_value="heatmap",
        width="100%",
    )


def _query_card() -> rx.Component:
    answer = GridState.query_answer
    return rx.card(
        rx.vstack(
            rx.heading(AppState.tr["grid.query"], size="4"),
            rx.hstack(
                rx.vstack(rx.text(AppState.tr["grid.query_months"], size="2"),
                          rx.input(value=GridState.query_months, on_change=GridState.set_query_months, id="query-months", inputmode="decimal", width="8rem"), spacing="1"),
                rx.vstack(rx.text(AppState.tr["grid.query_km"], size="2"),
                          rx.input(value=GridState.query_km, on_change=GridState.set_query_km, id="query-km", inputmode="decimal", width="10rem"), spacing="1"),
                spacing="4", wrap="wrap",
            ),
            rx.cond(answer["error"] != "",
                    rx.text(answer["error"], color_scheme="amber", size="2", id="query-error"),
                    rx.vstack(rx.text(answer["result"], weight="bold", size="4", id="query-result"),
                              rx.text(answer["rule"], size="2", color_scheme="gray", id="query-rule"), spacing="1")),
            spacing="3",
        ),
        width="100%",
    )


def _preview_cell(cell) -> rx.Component:
    return rx.table.cell(
        cell["text"],
        background_color=rx.cond(cell["bad"] == "1", rx.color("red", 4), "transparent"),
        color=rx.cond(cell["bad"] == "1", rx.color("red", 11), "inherit"),
        font_weight=rx.cond(cell["head"] == "1", "600", "400"),
        white_space="nowrap",
    )


def _import_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(AppState.tr["grid.import"], size="4"),
            rx.text(AppState.tr["grid.import_help"], size="2", color_scheme="gray"),
            rx.hstack(
                rx.vstack(rx.text(AppState.tr["grid.import_product"], size="2"),
                          rx.select.root(rx.select.trigger(id="import-product"),
                                         rx.select.content(rx.foreach(GridState.product_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                                         value=GridState.import_product, on_change=GridState.set_import_product), spacing="1"),
                rx.vstack(rx.text(AppState.tr["grid.import_label"], size="2"),
                          rx.input(value=GridState.import_label, on_change=GridState.set_import_label, id="import-label", width="18rem"), spacing="1"),
                spacing="4", wrap="wrap",
            ),
            rx.text_area(default_value=GridState.import_text, on_blur=GridState.set_import_text, id="import-text",
                         key="import-text-" + GridState.import_version.to_string(),
                         placeholder="Km annuel\t12 mo.\t18 mo.\n5.000\t1.349,88\t961,28", rows="8", width="100%",
                         font_family="monospace", aria_label=AppState.tr["grid.import_text"]),
            rx.upload(
                rx.hstack(rx.icon("upload", size=16), rx.text(AppState.tr["grid.import_upload"], size="2"), spacing="2", align="center"),
                id=UPLOAD_ID, multiple=False, max_files=1, max_size=MAX_UPLOAD_BYTES,
                accept={"text/csv": [".csv"], "text/plain": [".txt"], "application/json": [".json"]},
                on_drop=GridState.handle_upload, border=f"1px dashed {rx.color('gray', 7)}", padding="0.75rem", border_radius="8px", width="100%",
            ),
            rx.cond(GridState.upload_refused != "", rx.text(GridState.upload_refused, color_scheme="red", size="2")),
            rx.button(AppState.tr["grid.import_submit"], on_click=GridState.submit_import, id="import-submit"),
            rx.cond(GridState.failed_text != "", rx.callout(GridState.failed_text, icon="triangle-alert", color_scheme="red", id="import-failed", width="100%")),
            rx.cond(GridState.problem_texts.length() > 0,
                    rx.vstack(rx.foreach(GridState.problem_texts, lambda t: rx.text("• ", t, size="2", color_scheme="red")), spacing="1", id="import-problems")),
            rx.cond(GridState.preview.length() > 0,
                    rx.box(rx.table.root(rx.table.body(rx.foreach(GridState.preview, lambda row: rx.table.row(rx.foreach(row, _preview_cell)))),
                                         size="1", variant="surface"), overflow_x="auto", width="100%", id="import-preview")),
            rx.cond(GridState.done_text != "", rx.callout(GridState.done_text, icon="check", color_scheme="green", id="import-done", width="100%")),
            rx.cond(GridState.warning_texts.length() > 0,
                    rx.vstack(rx.text(AppState.tr["grid.warnings"], weight="medium", size="2"),
                              rx.foreach(GridState.warning_texts, lambda t: rx.text("• ", t, size="2", color_scheme="amber")), spacing="1")),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@protected_page(routes.GRID, "leasedash — rent grid", on_load=[GridState.load])
def grid_page() -> rx.Component:
    """Charts first, then the point query, then (managers) the import."""
    return rx.vstack(
        rx.hstack(
            rx.heading(AppState.tr["grid.title"], size="7"),
            rx.spacer(),
            rx.cond(GridState.grid_options.length() > 1,
                    rx.select.root(rx.select.trigger(id="grid-select", max_width="24rem"),
                                   rx.select.content(rx.foreach(GridState.grid_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                                   value=GridState.grid_id, on_change=GridState.choose_grid)),
            width="100%", align="center", wrap="wrap",
        ),
        rx.cond(GridState.error_key != "", rx.callout(AppState.tr["common.not_found"], icon="triangle-alert", color_scheme="red")),
        rx.cond(
            GridState.grid_json.length() > 0,
            rx.vstack(
                rx.text(GridState.grid_label, weight="medium", id="grid-label"),
                rx.cond(GridState.cell_text != "", rx.text(GridState.cell_text, size="2", color_scheme="gray")),
                rx.card(_chart_tabs(), width="100%"),
                _query_card(),
                spacing="4", width="100%",
            ),
            rx.cond(GridState.error_key == "", rx.text(AppState.tr["grid.none"])),
        ),
        rx.cond(AppState.is_manager, _import_card()),
        spacing="4",
        width="100%",
    )
