"""The home page's state: a driver's contract at a glance, or the page of contracts a manager sees."""

from __future__ import annotations

import reflex as rx

from leasedash.domain.money import parse_whole
from leasedash.pages.home.glance import ContractLine, Glance, contract_line, glance_of
from leasedash.services.contract_view import ContractRow, ContractView, contract_choices, contract_page, read_contract
from leasedash.state import AppState, guarded

PAGE_SIZE = 15
MAX_SEARCH = 100


class HomeState(AppState):
    """The driver's glance, or the manager's table."""

    contract_options: list[dict[str, str]] = []
    selected: str = ""
    total: int = 0
    page: int = 0
    search: str = ""
    _contract: ContractView | None = None
    _rows: list[ContractRow] = []

    @rx.event
    @guarded()
    def load(self):
        """Fill the page for whoever is signed in; the scope is checked on the server."""
        if self.viewer().manages_contracts:
            self._load_rows()
            return
        options = contract_choices(self.viewer())
        self.contract_options = [{"id": str(o.contract_id), "label": o.reference} for o in options]
        if options and self.selected not in {o["id"] for o in self.contract_options}:
            self.selected = self.contract_options[0]["id"]
        if options:
            self._show(self.selected)

    @rx.event
    @guarded()
    def show_contract(self, contract_id: str):
        """Project one of the viewer's contracts; another user's id finds nothing."""
        self._show(contract_id)

    def _show(self, contract_id: str) -> None:
        self._contract = None
        view = read_contract(self.viewer(), parse_whole(contract_id, "contract", 1))
        self._contract, self.selected = view, str(view.contract_id)

    def _load_rows(self) -> None:
        found = contract_page(self.viewer(), self.search, self.page, PAGE_SIZE)
        self._rows, self.total = list(found.rows), found.total

    @rx.event
    @guarded()
    def set_search(self, value: str):
        """Search the contracts by reference, driver, car or plate, from the first page."""
        self.search, self.page = value[:MAX_SEARCH], 0
        self._load_rows()

    @rx.event
    @guarded()
    def next_page(self):
        if (self.page + 1) * PAGE_SIZE < self.total:
            self.page += 1
        self._load_rows()

    @rx.event
    @guarded()
    def previous_page(self):
        self.page = max(0, self.page - 1)
        self._load_rows()

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def page_text(self) -> str:
        return self.text("common.page_of", page=self.page + 1, pages=self.pages)

    @rx.var
    def total_text(self) -> str:
        return self.counted("home.contracts_count", self.total)

    @rx.var
    def table(self) -> list[ContractLine]:
        """The page of rows, formatted for the reader."""
        return [contract_line(row, self.lang) for row in self._rows]

    @rx.var
    def glance(self) -> Glance:
        """The contract at a glance, formatted for the reader."""
        return glance_of(self._contract, self.lang)
