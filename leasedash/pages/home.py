"""/: a driver's contract at a glance; for a fleet manager or an admin, the contracts they manage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import reflex as rx

from leasedash import routes
from leasedash.components.cards import kpi_card
from leasedash.components.layout import protected_page
from leasedash.db.errors import NotFound
from leasedash.db.queries import contract_rows
from leasedash.db.session import session_scope
from leasedash.i18n import format_date, format_km, format_money
from leasedash.services.contract_view import ContractView, contract_view, own_contract_ids
from leasedash.state import AppState

PAGE_SIZE = 15


def _raw_glance(view: ContractView) -> dict[str, str]:
    raw = {
        "id": str(view.contract_id), "reference": view.reference, "product": view.product_name, "car": view.car,
        "plate": view.plate, "rent": view.monthly_rent, "months": str(view.months), "end_date": view.end_date.isoformat(),
        "status": view.status, "annual_km": str(view.annual_km),
    }
    p = view.projection
    if p is None:
        return raw
    raw.update(
        months_run=str(p.months_run), months_left=str(p.months_left), km_driven=str(p.km_driven),
        allowance=str(p.allowance_to_date), reading_date=view.reading_date.isoformat(), pace=str(p.annual_pace),
        ratio=str(p.pace_ratio), projected=str(p.projected_km), off_plan="1" if p.off_plan else "",
        settlement="" if p.end_settlement is None else str(p.end_settlement), quote_needed="1" if p.quote_needed else "",
    )
    s = p.suggestion
    if s is not None:
        raw["suggestion"] = s.kind
        for key in ("new_annual_km", "new_rent", "settlement_now", "settlement_at_end", "monthly_reserve"):
            value = getattr(s, key)
            if value is not None:
                raw[key] = str(value)
    return raw


def _outcome(amount: Decimal, tr: dict[str, str], lang: str) -> str:
    if amount > 0:
        return tr["home.invoice"].format(amount=format_money(amount, lang))
    if amount < 0:
        return tr["home.refund"].format(amount=format_money(-amount, lang))
    return tr["home.nothing"]


class HomeState(AppState):
    """The driver's glance, or the manager's table."""

    contract_options: list[dict[str, str]] = []
    selected: str = ""
    raw: dict[str, str] = {}
    end_explanations: dict[str, str] = {}
    error_key: str = ""
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    search: str = ""

    @rx.event
    def load(self):
        """Fill the page for whoever is signed in; the scope is checked on the server."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        if viewer.role == "driver":
            with session_scope() as s:
                options = own_contract_ids(s, viewer)
            self.contract_options = [{"id": str(i), "label": ref} for i, ref in options]
            if options and self.selected not in {str(i) for i, _ in options}:
                self.selected = str(options[0][0])
            return self.show_contract(self.selected) if options else None
        return self._load_rows()

    @rx.event
    def show_contract(self, contract_id: str):
        """Project one of the viewer's contracts; another user's id finds nothing."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            with session_scope() as s:
                view = contract_view(s, viewer, int(contract_id))
        except (NotFound, ValueError):
            self.raw, self.end_explanations, self.error_key = {}, {}, "common.not_found"
            return None
        self.error_key, self.selected = "", str(view.contract_id)
        self.raw = _raw_glance(view)
        end = view.projection.end_result if view.projection else None
        self.end_explanations = end.steps[-1].explanations if end else {}
        return None

    def _load_rows(self):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        with session_scope() as s:
            rows, self.total = contract_rows(s, viewer, search=self.search, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE)
        self.rows = [
            {"id": str(c.id), "reference": c.reference, "driver": f"{first} {last}", "car": f"{make} {model}", "plate": plate,
             "product": product, "rent": f"{c.monthly_rent:.2f}", "end": c.end_date.isoformat(), "status": c.status}
            for c, product, make, model, plate, first, last in rows
        ]
        return None

    @rx.event
    def set_search(self, value: str):
        self.search, self.page = value, 0
        return self._load_rows()

    @rx.event
    def next_page(self):
        if (self.page + 1) * PAGE_SIZE < self.total:
            self.page += 1
        return self._load_rows()

    @rx.event
    def previous_page(self):
        self.page = max(0, self.page - 1)
        return self._load_rows()

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def table(self) -> list[dict[str, str]]:
        """The page of rows, formatted for the reader."""
        tr, lang = self.tr, self.lang
        return [
            {**r, "rent_text": format_money(Decimal(r["rent"]), lang), "end_text": format_date(dt.date.fromisoformat(r["end"]), lang),
             "status_text": tr[f"status.{r['status']}"], "what_if": routes.what_if(int(r["id"])), "grid": routes.grid(int(r["id"]))}
            for r in self.rows
        ]

    @rx.var
    def months_pct(self) -> int:
        """Share of the contract already run, for the progress bar."""
        if "months_run" not in self.raw:
            return 0
        return round(100 * int(self.raw["months_run"]) / int(self.raw["months"]))

    @rx.var
    def glance(self) -> dict[str, str]:
        """The contract at a glance, formatted for the reader."""
        raw, tr, lang = self.raw, self.tr, self.lang
        if not raw:
            return {}
        out = {
            "title": f"{raw['reference']} · {raw['product']}", "car": f"{raw['car']} · {raw['plate']}",
            "rent": format_money(Decimal(raw["rent"]), lang), "what_if": routes.what_if(int(raw["id"])),
            "grid": routes.grid(int(raw["id"])), "has_projection": "1" if "months_run" in raw else "",
            "status": "" if raw["status"] == "active" else tr["home.not_active"].format(status=tr[f"status.{raw['status']}"]),
        }
        if "months_run" not in raw:
            return out
        ratio = Decimal(raw["ratio"])
        out.update(
            months=tr["home.months"].format(run=raw["months_run"], total=raw["months"]),
            months_left=tr["home.months_left"].format(left=raw["months_left"], end=format_date(dt.date.fromisoformat(raw["end_date"]), lang)),
            km=format_km(int(raw["km_driven"]), lang),
            km_detail=tr["home.km_detail"].format(driven=format_km(int(raw["km_driven"]), lang), allowance=format_km(Decimal(raw["allowance"]), lang),
                                                  date=format_date(dt.date.fromisoformat(raw["reading_date"]), lang)),
            pace=format_km(Decimal(raw["pace"]), lang),
            pace_detail=tr["home.pace_detail"].format(pace=format_km(Decimal(raw["pace"]), lang), ratio=f"{ratio * 100:.0f} %",
                                                      projected=format_km(int(raw["projected"]), lang)),
            off_plan=raw["off_plan"],
            plan_text=tr["home.on_plan"] if not raw["off_plan"] else
            tr["home.off_plan_more" if ratio > 1 else "home.off_plan_less"].format(pct=f"{abs(ratio - 1) * 100:.0f} %"),
            direction="more" if ratio > 1 else "less",
        )
        if raw["quote_needed"]:
            out.update(settlement=tr["home.quote_needed"], settlement_color="amber", explanation="")
        else:
            amount = Decimal(raw["settlement"])
            out.update(settlement=_outcome(amount, tr, lang), settlement_color="red" if amount > 0 else "green" if amount < 0 else "gray",
                       explanation=self.end_explanations.get(lang, ""))
        if raw.get("suggestion") == "adapt":
            out["suggestion"] = tr["home.suggest_adapt"].format(
                km=format_km(int(raw["new_annual_km"]), lang), rent=format_money(Decimal(raw["new_rent"]), lang),
                now=format_money(Decimal(raw["settlement_now"]), lang),
                before=format_money(Decimal(raw["settlement"] or "0"), lang), after=format_money(Decimal(raw["settlement_at_end"]), lang))
        elif raw.get("suggestion") == "set_aside":
            out["suggestion"] = tr["home.suggest_set_aside"].format(monthly=format_money(Decimal(raw["monthly_reserve"]), lang),
                                                                    amount=format_money(Decimal(raw["settlement"]), lang))
        return out


def _driver_view() -> rx.Component:
    g = HomeState.glance
    return rx.vstack(
        rx.hstack(
            rx.vstack(rx.heading(AppState.tr["home.your_contract"], size="7"), rx.text(g["title"], weight="medium"),
                      rx.text(g["car"], color_scheme="gray", size="2"), spacing="1"),
            rx.spacer(),
            rx.cond(HomeState.contract_options.length() > 1,
                    rx.select.root(rx.select.trigger(), rx.select.content(rx.foreach(HomeState.contract_options,
                                   lambda o: rx.select.item(o["label"], value=o["id"]))),
                                   value=HomeState.selected, on_change=HomeState.show_contract)),
            width="100%", align="end", wrap="wrap",
        ),
        rx.cond(g["status"] != "", rx.callout(g["status"], icon="info")),
        rx.cond(
            g["has_projection"] != "",
            rx.vstack(
                rx.grid(
                    kpi_card("receipt-euro", AppState.tr["home.rent"], g["rent"], "", card_id="kpi-rent"),
                    kpi_card("calendar-clock", g["months"], g["months_left"], "", progress=HomeState.months_pct, card_id="kpi-months"),
                    kpi_card("gauge", AppState.tr["home.km"], g["km"], g["km_detail"], card_id="kpi-km"),
                    kpi_card("trending-up", AppState.tr["home.pace"], g["pace"], g["pace_detail"], card_id="kpi-pace"),
                    columns=rx.breakpoints(initial="1", sm="2", lg="4"), spacing="4", width="100%",
                ),
                rx.card(
                    rx.vstack(
                        rx.text(AppState.tr["home.end_settlement"], size="2", color_scheme="gray"),
                        rx.heading(g["settlement"], size="6", color=rx.color(g["settlement_color"].to(str), 11), id="end-settlement"),
                        rx.text(g["explanation"], size="2"),
                        rx.text(g["plan_text"], size="2", weight="medium"),
                        spacing="2",
                    ),
                    width="100%",
                ),
                rx.cond(g["suggestion"].to(str) != "",
                        rx.callout(g["suggestion"], icon="lightbulb", color_scheme="amber", id="suggestion", width="100%")),
                spacing="4", width="100%",
            ),
            rx.cond(HomeState.raw.length() > 0, rx.callout(AppState.tr["home.no_reading"], icon="info")),
        ),
        rx.hstack(
            rx.link(rx.button(rx.icon("sliders-horizontal", size=16), AppState.tr["home.simulate"], size="3"), href=g["what_if"]),
            rx.link(rx.button(rx.icon("grid-3x3", size=16), AppState.tr["home.see_grid"], size="3", variant="soft"), href=g["grid"]),
            spacing="3", wrap="wrap",
        ),
        spacing="4", width="100%",
    )


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["reference"], weight="medium"), white_space="nowrap"),
        rx.table.cell(r["driver"]),
        rx.table.cell(rx.vstack(rx.text(r["car"]), rx.text(r["plate"], size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(r["product"]),
        rx.table.cell(r["rent_text"], white_space="nowrap"),
        rx.table.cell(r["end_text"], white_space="nowrap"),
        rx.table.cell(rx.badge(r["status_text"], color_scheme=rx.cond(r["status"] == "active", "green", "gray"))),
        rx.table.cell(rx.hstack(rx.link(AppState.tr["home.open_what_if"], href=r["what_if"]), rx.link(AppState.tr["home.open_grid"], href=r["grid"]), spacing="3"), white_space="nowrap"),
    )


def _manager_view() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["home.contracts"], size="7"), rx.badge(HomeState.total, size="2"), align="center"),
        rx.input(placeholder=AppState.tr["common.search"], value=HomeState.search, on_change=HomeState.set_search.debounce(300),
                 width="100%", max_width="30rem", id="contract-search"),
        rx.card(
            rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                    "home.reference", "common.driver", "common.car", "common.product", "common.rent", "common.ends", "common.status")),
                    rx.table.column_header_cell(""))),
                rx.table.body(rx.foreach(HomeState.table, _row)),
                variant="ghost", size="2", id="contracts-table",
            ),
            width="100%", overflow_x="auto",
        ),
        rx.hstack(
            rx.button(AppState.tr["common.previous"], on_click=HomeState.previous_page, variant="soft", disabled=HomeState.page == 0),
            rx.text(AppState.tr["common.page_of"].to(str).replace("{page}", (HomeState.page + 1).to_string()).replace("{pages}", HomeState.pages.to_string()), size="2"),
            rx.button(AppState.tr["common.next"], on_click=HomeState.next_page, variant="soft", disabled=(HomeState.page + 1) >= HomeState.pages),
            align="center", spacing="3",
        ),
        spacing="4", width="100%",
    )


@protected_page(routes.HOME, "leasedash", on_load=[HomeState.load])
def home() -> rx.Component:
    """A driver's glance or a manager's contract list."""
    return rx.cond(
        HomeState.error_key != "",
        rx.callout(AppState.tr["common.not_found"], icon="triangle-alert", color_scheme="red"),
        rx.cond(AppState.is_manager, _manager_view(), rx.cond(HomeState.raw.length() > 0, _driver_view(),
                                                               rx.cond(AppState.user_role == "driver", rx.text(AppState.tr["common.no_contract"]), rx.spinner()))),
    )
