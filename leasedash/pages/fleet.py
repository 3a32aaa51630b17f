"""/fleet: a fleet manager's company (an admin's: every company) projected to the end of every
contract: KPI cards and charts first, then the contracts table, the contracts to adapt now and a CSV export."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import numpy as np
import plotly.graph_objects as go
import reflex as rx

from leasedash import routes
from leasedash.charts.fleet_charts import ending_chart, pace_distribution, pace_scatter, settlement_bars, spend_chart
from leasedash.components.cards import kpi_card
from leasedash.components.layout import protected_page
from leasedash.db.portfolio_queries import contract_labels, search_contract_ids
from leasedash.db.session import get_engine, session_scope
from leasedash.domain.portfolio import Totals
from leasedash.i18n import format_date, format_km, format_money, format_number
from leasedash.services import fleet as svc
from leasedash.services.contract_view import contract_view
from leasedash.services.exports import write_fleet_csv
from leasedash.state import AppState

PAGE_SIZE = 20


def _totals_raw(t: Totals) -> dict[str, int]:
    return {"contracts": t.contracts, "spend": t.monthly_spend, "invoices": t.invoices, "refunds": t.refunds, "net": t.net,
            "off_plan": t.off_plan, "quote_needed": t.quote_needed}


def _money_cents(cents: int | float, lang: str) -> str:
    return format_money(Decimal(int(cents)) / 100, lang)


class FleetState(AppState):
    """Filters, the current page of the table and the aggregates behind the charts (never the rows themselves)."""

    as_of: str = ""
    company: str = ""
    company_options: list[dict[str, str]] = []
    product_options: list[dict[str, str]] = []
    kpi: dict[str, int] = {}
    charts: dict = {}
    only_off_plan: bool = False
    product: str = ""
    search: str = ""
    sort: str = "settlement"
    descending: bool = True
    page: int = 0
    total_rows: int = 0
    rows: list[dict[str, str]] = []
    threshold: str = "1000"
    advice: list[dict[str, str]] = []
    export_progress: int = -1
    export_total: int = 0
    export_url: str = ""
    forbidden: bool = False

    def _scope(self):
        viewer = self.viewer("fleet_manager", "admin")
        if viewer is None:
            return None, None
        company = viewer.company_id if viewer.role == "fleet_manager" else (int(self.company) if self.company else None)
        return viewer, company

    def _day(self) -> dt.date:
        try:
            return dt.date.fromisoformat(self.as_of)
        except ValueError:
            return dt.date.today()

    @rx.event
    def load(self):
        """Aggregates and the first page; only fleet managers (their company) and admins (any) get here."""
        if self.viewer() is None:
            return rx.redirect(routes.LOGIN)
        viewer, company = self._scope()
        self.forbidden = viewer is None
        if viewer is None:
            return None
        self.as_of = self.as_of or dt.date.today().isoformat()
        if viewer.role == "admin":
            with get_engine().connect() as c:
                from sqlalchemy import text

                self.company_options = [{"id": str(i), "label": n} for i, n in c.execute(text("SELECT id, name FROM company ORDER BY name")).all()]
        self._refresh_all()
        return None

    def _data(self):
        viewer, company = self._scope()
        if viewer is None:
            return None
        return svc.fleet_data(self._day(), company)

    def _refresh_all(self) -> None:
        data = self._data()
        if data is None:
            return
        run = data.run
        totals, ending = svc.kpis(data)
        self.kpi = {**_totals_raw(totals), "ending": ending}
        edges, counts = svc.pace_histogram(data)
        months, ends = svc.ending_per_month(data)
        spend_months, spend = svc.spend_over_time(data)
        contracted, pace, ids = svc.pace_sample(data)
        products = svc.by_product(data)
        makes = sorted(svc.by_make(data), key=lambda kv: -(kv[1].invoices - kv[1].refunds))[:15]
        self.product_options = [{"id": str(k), "label": run.product_names.get(pid, "?")} for k, pid in enumerate(run.product_ids)
                                if (run.contracts.product == k).any()]
        self.charts = {
            "edges": edges.tolist(), "counts": counts.tolist(), "months": months, "ends": ends.tolist(),
            "spend_months": spend_months, "spend": [float(v) for v in spend], "contracted": contracted.tolist(),
            "pace": [float(v) for v in pace], "ids": ids.tolist(), "total": len(run.contracts),
            "products": [[n, t.invoices / 100, t.refunds / 100] for n, t in products],
            "makes": [[n, t.invoices / 100, t.refunds / 100] for n, t in makes], "as_of_month": self.as_of[:7],
        }
        self.page = 0
        self._refresh_table()
        self._refresh_advice()

    def _refresh_table(self) -> None:
        viewer, company = self._scope()
        data = self._data()
        if data is None:
            return
        index = self._selection(data, company)
        self.total_rows = len(index)
        page = index[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE]
        c, p = data.run.contracts, data.run.projection
        with get_engine().connect() as conn:
            labels = contract_labels(conn, [int(c.contract_id[i]) for i in page])
        self.rows = [{
            **labels.get(int(c.contract_id[i]), {}), "id": str(int(c.contract_id[i])), "rent": str(int(c.rent_cents[i])),
            "ratio": f"{p.pace[i] / c.annual_km[i]:.4f}", "projected": str(int(p.projected_km[i])),
            "settlement": "" if p.quote_needed[i] else str(int(p.settlement_cents[i])), "off_plan": "1" if p.off_plan[i] else "",
        } for i in page]

    def _selection(self, data, company):
        search = self.search.strip()
        ids = None
        if search and (self.only_off_plan, int(self.product) if self.product else None, search, self.sort, self.descending) not in data.selections:
            with get_engine().connect() as c:
                ids = search_contract_ids(c, search, self._day(), company)
        return svc.select_rows(data, only_off_plan=self.only_off_plan, product=int(self.product) if self.product else None,
                               ids=ids, sort=self.sort, descending=self.descending, search=search)

    def _refresh_advice(self) -> None:
        viewer, company = self._scope()
        data = self._data()
        if data is None:
            return
        try:
            threshold = int(Decimal(self.threshold.replace(",", ".") or "0") * 100)
        except ArithmeticError:
            threshold = 100_000
        index = svc.recommendations(data, threshold)
        c, p = data.run.contracts, data.run.projection
        with get_engine().connect() as conn:
            labels = contract_labels(conn, [int(c.contract_id[i]) for i in index])
        advice = []
        with session_scope() as s:
            for i in index:
                cid = int(c.contract_id[i])
                row = {**labels.get(cid, {}), "id": cid and str(cid), "settlement": str(int(p.settlement_cents[i]))}
                if row.get("changes_allowed"):
                    suggestion = contract_view(s, viewer, cid, self._day()).projection
                    s_ = suggestion.suggestion if suggestion else None
                    if s_ is not None and s_.kind == "adapt":
                        row.update(new_km=str(s_.new_annual_km), after=str(int(s_.settlement_at_end * 100)))
                advice.append(row)
        self.advice = advice

    # filters
    @rx.event
    def set_company(self, value: str):
        self.company = "" if value == "all" else value
        self._refresh_all()

    @rx.event
    def set_as_of(self, value: str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return None
        self.as_of = value
        self._refresh_all()
        return None

    @rx.event
    def set_only_off_plan(self, value: bool):
        self.only_off_plan, self.page = bool(value), 0
        self._refresh_table()

    @rx.event
    def set_product(self, value: str):
        self.product, self.page = ("" if value == "all" else value), 0
        self._refresh_table()

    @rx.event
    def set_search(self, value: str):
        self.search, self.page = value, 0
        self._refresh_table()

    @rx.event
    def set_sort(self, value: str):
        self.sort, self.page = value, 0
        self._refresh_table()

    @rx.event
    def toggle_order(self):
        self.descending, self.page = not self.descending, 0
        self._refresh_table()

    @rx.event
    def next_page(self):
        if (self.page + 1) * PAGE_SIZE < self.total_rows:
            self.page += 1
            self._refresh_table()

    @rx.event
    def previous_page(self):
        if self.page > 0:
            self.page -= 1
            self._refresh_table()

    @rx.event
    def set_threshold(self, value: str):
        self.threshold = value
        self._refresh_advice()

    @rx.event
    def open_contract(self, points: list):
        """A click on a point of the scatter opens that contract's what-if."""
        if points and isinstance(points[0], dict) and points[0].get("customdata") is not None:
            return rx.redirect(routes.what_if(int(points[0]["customdata"])))
        return None

    @rx.event(background=True)
    async def export(self):
        """Write the filtered table to a private CSV, reporting progress; then offer it for download."""
        async with self:
            viewer, company = self._scope()
            if viewer is None:
                return
            data = self._data()
            index = self._selection(data, company)
            self.export_total, self.export_progress, self.export_url = len(index), 0, ""
        async for done, url in write_fleet_csv(data, index, viewer.user_id):
            async with self:
                self.export_progress = done
                if url:
                    self.export_url = url
            await asyncio.sleep(0)

    # views
    @rx.var
    def kpi_view(self) -> dict[str, str]:
        k, lang, tr = self.kpi, self.lang, self.tr
        if not k:
            return {}
        return {
            "contracts": format_number(k["contracts"], lang), "spend": _money_cents(k["spend"], lang),
            "invoices": _money_cents(k["invoices"], lang), "refunds": _money_cents(-k["refunds"], lang),
            "net": tr["fleet.kpi_net"].format(amount=_money_cents(k["net"], lang)),
            "off_plan": format_number(k["off_plan"], lang), "ending": format_number(k["ending"], lang),
            "quote": tr["fleet.kpi_quote"].format(count=format_number(k["quote_needed"], lang)),
            "off_share": f"{100 * k['off_plan'] / max(k['contracts'], 1):.0f} %",
            "subtitle": tr["fleet.subtitle"].format(date=format_date(self._day(), lang)),
        }

    def _labels(self) -> dict[str, str]:
        tr = self.tr
        keys = ("contracts", "pace_title", "pace_axis", "invoices", "refunds", "ending_title", "spend_title", "spend_axis",
                "scatter_title", "sample", "contracted", "pace")
        return {k: tr[f"fleet.{k}"] for k in keys}

    @rx.var
    def pace_figure(self) -> go.Figure:
        ch = self.charts
        return pace_distribution(np.array(ch["edges"]), np.array(ch["counts"]), self._labels()) if ch else go.Figure()

    @rx.var
    def product_figure(self) -> go.Figure:
        ch = self.charts
        if not ch:
            return go.Figure()
        rows = ch["products"]
        return settlement_bars([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], self.tr["fleet.by_product"], self._labels())

    @rx.var
    def make_figure(self) -> go.Figure:
        ch = self.charts
        if not ch:
            return go.Figure()
        rows = ch["makes"]
        return settlement_bars([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], self.tr["fleet.by_make"], self._labels())

    @rx.var
    def ending_figure(self) -> go.Figure:
        ch = self.charts
        return ending_chart(ch["months"], np.array(ch["ends"]), self._labels()) if ch else go.Figure()

    @rx.var
    def spend_figure(self) -> go.Figure:
        ch = self.charts
        return spend_chart(ch["spend_months"], np.array(ch["spend"]), ch["as_of_month"], self._labels()) if ch else go.Figure()

    @rx.var
    def scatter_figure(self) -> go.Figure:
        ch = self.charts
        if not ch:
            return go.Figure()
        return pace_scatter(np.array(ch["contracted"], dtype=float), np.array(ch["pace"]), np.array(ch["ids"]), ch["total"], self._labels())

    @rx.var
    def table(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        out = []
        for r in self.rows:
            settlement = r["settlement"]
            out.append({**r, "rent_text": _money_cents(int(r["rent"]), lang), "pace_text": f"{float(r['ratio']) * 100:.0f} %",
                        "projected_text": format_km(int(r["projected"]), lang),
                        "settlement_text": tr["fleet.quote"] if settlement == "" else _money_cents(int(settlement), lang),
                        "settlement_color": "amber" if settlement == "" else ("red" if int(settlement) > 0 else "green"),
                        "end_text": format_date(dt.date.fromisoformat(r["end_date"]), lang) if r.get("end_date") else "",
                        "what_if": routes.what_if(int(r["id"]))})
        return out

    @rx.var
    def advice_view(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        out = []
        for a in self.advice:
            before = int(a["settlement"])
            if a.get("new_km"):
                after = int(a["after"])
                text = tr["fleet.adapt_to"].format(km=format_km(int(a["new_km"]), lang), before=_money_cents(before, lang),
                                                   after=_money_cents(after, lang), saving=_money_cents(before - after, lang))
            else:
                text = tr["fleet.no_adapt"].format(product=a.get("product", ""), amount=_money_cents(before, lang))
            out.append({**a, "text": text, "what_if": routes.what_if(int(a["id"]))})
        return out

    @rx.var
    def rows_text(self) -> str:
        return self.tr["fleet.rows"].format(count=format_number(self.total_rows, self.lang))

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total_rows // PAGE_SIZE))

    @rx.var
    def export_text(self) -> str:
        if self.export_url:
            return self.tr["fleet.download"].format(count=format_number(self.export_total, self.lang))
        if self.export_progress >= 0:
            return self.tr["fleet.exporting"].format(done=format_number(self.export_progress, self.lang), total=format_number(self.export_total, self.lang))
        return ""


def _kpis() -> rx.Component:
    k = FleetState.kpi_view
    return rx.grid(
        kpi_card("car", AppState.tr["fleet.kpi_contracts"], k["contracts"], k["spend"], card_id="fleet-contracts"),
        kpi_card("file-warning", AppState.tr["fleet.kpi_invoices"], k["invoices"], k["net"], card_id="fleet-invoices"),
        kpi_card("piggy-bank", AppState.tr["fleet.kpi_refunds"], k["refunds"], k["quote"], card_id="fleet-refunds"),
        kpi_card("gauge", AppState.tr["fleet.kpi_off_plan"], k["off_plan"], k["off_share"], card_id="fleet-off-plan"),
        kpi_card("calendar-clock", AppState.tr["fleet.kpi_ending"], k["ending"], "", card_id="fleet-ending"),
        columns=rx.breakpoints(initial="1", sm="2", lg="5"), spacing="4", width="100%",
    )


def _chart(figure, chart_id: str, **props) -> rx.Component:
    return rx.card(rx.plotly(data=figure, use_resize_handler=True, width="100%", id=chart_id, **props), width="100%")


def _charts() -> rx.Component:
    return rx.vstack(
        rx.grid(_chart(FleetState.pace_figure, "fleet-pace"), _chart(FleetState.scatter_figure, "fleet-scatter", on_click=FleetState.open_contract),
                columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%"),
        rx.grid(_chart(FleetState.product_figure, "fleet-products"), _chart(FleetState.make_figure, "fleet-makes"),
                columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%"),
        rx.grid(_chart(FleetState.ending_figure, "fleet-ending-chart"), _chart(FleetState.spend_figure, "fleet-spend"),
                columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%"),
        spacing="4", width="100%",
    )


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r["reference"], href=r["what_if"]), white_space="nowrap"),
        rx.table.cell(r["driver"]),
        rx.table.cell(rx.vstack(rx.text(r["car"]), rx.text(r["product"], size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(r["rent_text"], white_space="nowrap"),
        rx.table.cell(rx.badge(r["pace_text"], color_scheme=rx.cond(r["off_plan"] == "1", "amber", "gray"))),
        rx.table.cell(r["projected_text"], white_space="nowrap"),
        rx.table.cell(rx.text(r["settlement_text"], color=rx.color(r["settlement_color"].to(str), 11), weight="medium"), white_space="nowrap"),
        rx.table.cell(r["end_text"], white_space="nowrap"),
        on_click=rx.redirect(r["what_if"]), cursor="pointer",
    )


def _table() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(AppState.tr["fleet.table"], size="5"), rx.badge(FleetState.rows_text), rx.spacer(),
                rx.input(placeholder=AppState.tr["common.search"], value=FleetState.search, on_change=FleetState.set_search.debounce(350), width="18rem", id="fleet-search"),
                align="center", width="100%", wrap="wrap",
            ),
            rx.hstack(
                rx.hstack(rx.switch(checked=FleetState.only_off_plan, on_change=FleetState.set_only_off_plan, id="fleet-off-plan-only"),
                          rx.text(AppState.tr["fleet.only_off_plan"], size="2"), spacing="2", align="center"),
                rx.select.root(rx.select.trigger(placeholder=AppState.tr["fleet.all_products"]), rx.select.content(
                    rx.select.item(AppState.tr["fleet.all_products"], value="all"),
                    rx.foreach(FleetState.product_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                    value=rx.cond(FleetState.product == "", "all", FleetState.product), on_change=FleetState.set_product),
                rx.text(AppState.tr["fleet.sort"], size="2"),
                rx.select.root(rx.select.trigger(id="fleet-sort"), rx.select.content(*(rx.select.item(AppState.tr[f"fleet.sort.{k}"], value=k) for k in svc.SORTS)),
                               value=FleetState.sort, on_change=FleetState.set_sort),
                rx.icon_button(rx.cond(FleetState.descending, rx.icon("arrow-down-wide-narrow"), rx.icon("arrow-up-narrow-wide")),
                               on_click=FleetState.toggle_order, variant="soft", id="fleet-order"),
                rx.spacer(),
                rx.button(rx.icon("download", size=16), AppState.tr["fleet.export"], on_click=FleetState.export, variant="outline", id="fleet-export"),
                spacing="3", align="center", wrap="wrap", width="100%",
            ),
            rx.cond(FleetState.export_text != "", rx.cond(
                FleetState.export_url != "",
                rx.link(rx.button(rx.icon("file-down", size=16), FleetState.export_text, color_scheme="green"), href=FleetState.export_url, id="fleet-download", is_external=True),
                rx.vstack(rx.text(FleetState.export_text, size="2"), rx.progress(value=(FleetState.export_progress * 100 / rx.cond(FleetState.export_total > 0, FleetState.export_total, 1)).to(int), width="100%"), width="100%"),
            )),
            rx.box(rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                    "home.reference", "common.driver", "common.car", "common.rent", "fleet.col_pace", "fleet.col_projected", "fleet.col_settlement", "common.ends")))),
                rx.table.body(rx.foreach(FleetState.table, _row)), size="1", variant="ghost", id="fleet-table"), overflow_x="auto", width="100%"),
            rx.hstack(
                rx.button(AppState.tr["common.previous"], on_click=FleetState.previous_page, variant="soft", disabled=FleetState.page == 0, id="fleet-previous"),
                rx.text(AppState.tr["common.page_of"].to(str).replace("{page}", (FleetState.page + 1).to_string()).replace("{pages}", FleetState.pages.to_string()), size="2", id="fleet-page"),
                rx.button(AppState.tr["common.next"], on_click=FleetState.next_page, variant="soft", disabled=(FleetState.page + 1) >= FleetState.pages, id="fleet-next"),
                align="center", spacing="3",
            ),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _advice() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(AppState.tr["fleet.recommend"], size="5"), rx.spacer(),
                      rx.text(AppState.tr["fleet.threshold"], size="2"),
                      rx.input(value=FleetState.threshold, on_change=FleetState.set_threshold.debounce(400), width="7rem", inputmode="decimal", id="fleet-threshold"),
                      align="center", width="100%", wrap="wrap"),
            rx.text(AppState.tr["fleet.recommend_help"], size="2", color_scheme="gray"),
            rx.cond(FleetState.advice_view.length() > 0,
                    rx.vstack(rx.foreach(FleetState.advice_view, lambda a: rx.hstack(
                        rx.link(a["reference"], href=a["what_if"], weight="medium", white_space="nowrap"),
                        rx.text(a["driver"], size="2", white_space="nowrap"),
                        rx.text(a["text"], size="2"), spacing="3", align="baseline", wrap="wrap")), spacing="2", id="fleet-advice", width="100%"),
                    rx.text(AppState.tr["fleet.none"], size="2")),
            spacing="3", width="100%",
        ),
        width="100%",
    )


@protected_page(routes.FLEET, "leasedash — fleet", on_load=[FleetState.load])
def fleet() -> rx.Component:
    """Charts first, tables second."""
    return rx.cond(
        FleetState.forbidden,
        rx.callout(AppState.tr["fleet.forbidden"], icon="lock", color_scheme="amber"),
        rx.vstack(
            rx.hstack(
                rx.vstack(rx.heading(AppState.tr["fleet.title"], size="7"), rx.text(FleetState.kpi_view["subtitle"], size="2", color_scheme="gray"), spacing="1"),
                rx.spacer(),
                rx.cond(AppState.user_role == "admin", rx.select.root(
                    rx.select.trigger(id="fleet-company", max_width="20rem"),
                    rx.select.content(rx.select.item(AppState.tr["fleet.all_companies"], value="all"),
                                      rx.foreach(FleetState.company_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                    value=rx.cond(FleetState.company == "", "all", FleetState.company), on_change=FleetState.set_company)),
                rx.hstack(rx.text(AppState.tr["fleet.as_of"], size="2"),
                          rx.input(type="date", value=FleetState.as_of, on_change=FleetState.set_as_of, id="fleet-as-of", width="10rem"), align="center", spacing="2"),
                width="100%", align="end", wrap="wrap", spacing="3",
            ),
            rx.cond(FleetState.kpi_view.length() > 0, rx.vstack(_kpis(), _charts(), _advice(), _table(), spacing="4", width="100%"), rx.spinner(size="3")),
            spacing="4", width="100%",
        ),
    )
