"""The one contract search any page embeds: type a reference, a driver's name, a plate or a make; the server finds
the contracts over the viewer's whole scope (services/contract_search.py), their own and the ones they opened
recently first, a page at a time; picking one remembers it, closes the list and tells the embedding page through
`on_choose`. One state for every page, cleared when a page shows the search."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from leasedash import routes, styles
from leasedash.domain.money import parse_whole
from leasedash.i18n import format_date
from leasedash.services.contract_search import ContractHit, contract_opened, find_contracts
from leasedash.state import AppState, guarded

MAX_QUERY = 100
MAX_PAGE = 10_000


@dataclass(frozen=True)
class HitRow:
    """A contract found, as the list shows it."""

    contract_id: int
    reference: str
    detail: str
    tag: str


class ContractSearchState(AppState):
    """What was typed, the page of contracts found (kept on the server) and the contract picked."""

    query: str = ""
    page: int = 0
    more: bool = False
    searched: bool = False
    chosen: str = ""
    _chosen_id: int = 0
    _hits: tuple[ContractHit, ...] = ()

    def _find(self) -> None:
        found = find_contracts(self.viewer(), self.query, self.page)
        self._hits, self.more, self.searched = found.hits, found.more, True

    @rx.event
    @guarded()
    def search(self, text: str):
        """The contracts matching what was typed, from the first page (nothing typed: the viewer's own and recent)."""
        self.query, self.page = str(text)[:MAX_QUERY], 0
        self._find()

    @rx.event
    @guarded(by_the_browser=True)
    def clear(self):
        """The search shown on another page: nothing typed, nothing found, nothing picked yet."""
        self.query, self.page, self.more, self.searched, self.chosen, self._chosen_id, self._hits = "", 0, False, False, "", 0, ()

    @rx.event
    @guarded()
    def turn(self, step: int):
        """The next (1) or the previous (-1) page of contracts found."""
        self.page = min(MAX_PAGE, max(0, self.page + (1 if step == 1 else -1)))
        self._find()

    @rx.event
    @guarded()
    def choose(self, contract_id: str):
        """A contract picked: one the viewer may see (NotFound otherwise), remembered as opened; the list closes."""
        self.chosen, self._chosen_id = "", 0
        ident = parse_whole(contract_id, "contract", 1)
        self.chosen, self._chosen_id = contract_opened(self.viewer(), ident), ident
        self._hits, self.query, self.page, self.more, self.searched = (), "", 0, False, False

    @rx.event
    @guarded()
    def open_what_if(self, contract_id: str):
        """After `choose`: the what-if of the contract just picked (nothing when it was refused)."""
        if self._chosen_id and str(self._chosen_id) == str(contract_id):
            return rx.redirect(routes.what_if(self._chosen_id))

    @rx.var
    def chosen_text(self) -> str:
        return self.text("search.chosen", reference=self.chosen) if self.chosen else ""

    @rx.var
    def hits(self) -> list[HitRow]:
        tr, lang = self.tr, self.lang
        return [HitRow(h.contract_id, h.reference, f"{h.driver} · {h.car} · {h.plate} · " + tr["search.ends"].format(date=format_date(h.end_date, lang)),
                       tr["search.own"] if h.own else tr["search.opened"] if h.opened else "") for h in self._hits]


def _hit(row: HitRow, on_choose) -> rx.Component:
    handlers = [ContractSearchState.choose(row.contract_id.to_string())] + ([on_choose(row.contract_id.to_string())] if on_choose else [])
    return rx.table.row(
        rx.table.cell(rx.button(row.reference, variant="ghost", size="1", on_click=handlers, id="hit-" + row.contract_id.to_string())),
        rx.table.cell(rx.text(row.detail, size="1")),
        rx.table.cell(rx.cond(row.tag != "", rx.badge(row.tag, size="1"))),
    )


def contract_search(on_choose=None, show_chosen: bool = True) -> rx.Component:
    """The search box and the page of contracts found; `on_choose` (an event handler taking the contract id as text)
    is called with the contract picked; `show_chosen`: say which one was picked (pages that show it themselves do not)."""
    S = ContractSearchState
    return rx.vstack(
        rx.input(placeholder=AppState.tr["search.placeholder"], value=S.query, on_change=S.search.debounce(300), on_focus=S.search(S.query),
                 aria_label=AppState.tr["search.label"], id="contract-search", width="100%", max_width="28rem"),
        rx.cond(S.hits.length() > 0,
                rx.table.root(rx.table.body(rx.foreach(S.hits, lambda h: _hit(h, on_choose))), size="1", width="100%", id="contract-hits"),
                rx.cond(S.searched & (S.query != ""), rx.text(AppState.tr["search.none"], size="2", color_scheme=styles.NEUTRAL))),
        rx.hstack(
            rx.cond(S.page > 0, rx.button(AppState.tr["search.previous"], size="1", variant="soft", on_click=S.turn(-1))),
            rx.cond(S.more, rx.button(AppState.tr["search.more"], size="1", variant="soft", on_click=S.turn(1), id="contract-more")),
            *([rx.cond(S.chosen != "", rx.text(S.chosen_text, size="2", weight="medium", id="contract-chosen"))] if show_chosen else []),
            spacing="2", align="center"),
        spacing="2", width="100%", on_mount=S.clear)
