"""The /end-of-lease state: the contract shown (the driver's own; a manager's from the contract search or a link), the
extension chosen, the decision kept on the server, the buy-out request asked by the driver and answered by whoever
works it. The browser gets what the page shows."""

from __future__ import annotations

import math
from functools import reduce

import plotly.graph_objects as go
import reflex as rx

from leasedash.domain.money import MAX_NUMBER_TEXT, parse_amount, parse_whole
from leasedash.errors import InvalidInput
from leasedash.i18n import format_date
from leasedash.pages.end_of_lease import display
from leasedash.pages.end_of_lease.display import PathColumn, Summary
from leasedash.services.contract_view import contract_choices
from leasedash.services.end_of_lease import Decision, answer_buy_out, ask_buy_out, decision
from leasedash.state import AppState, guarded

MAX_NOTE = 2000


class EndOfLeaseState(AppState):
    """One contract's end-of-lease decision."""

    contract_id: str = ""
    extension: int = 0
    quote_text: str = ""
    note_text: str = ""
    notice: str = ""
    _decision: Decision | None = None

    @rx.event
    @guarded()
    def load(self):
        """The contract in the URL, else the one open, else a driver's first; a manager without one picks it in the search."""
        wanted = self.router.url.query_parameters.get("contract") or self.contract_id
        if not wanted and self.user_role == "driver":
            choices = contract_choices(self.viewer())
            wanted = str(choices[0].contract_id) if choices else ""
        self.notice = ""
        self._open(wanted)

    @rx.event
    @guarded()
    def choose_contract(self, contract_id: str):
        """A contract picked in the contract search."""
        self.notice, self.extension = "", 0
        self._open(contract_id)

    def _open(self, contract_id: str) -> None:
        self._decision, self.contract_id = None, ""
        if contract_id:
            ident = parse_whole(contract_id, "contract", 1)
            self._decision = decision(self.viewer(), ident, extension=self.extension or None)
            self.contract_id, self.extension = str(ident), self._decision.options.extension_months

    @rx.event
    @guarded()
    def set_extension(self, value: list[int | float]):
        """The extension slider: the nearest duration the contract allows."""
        if not isinstance(value, list) or len(value) != 1 or self._decision is None:
            raise InvalidInput("extension", "one slider position is expected", "bad_argument")
        wanted = parse_whole(value[0], "extension", 1)
        choices = self._decision.options.extension_choices
        self.extension = min(choices, key=lambda c: (abs(c - wanted), c))
        self._open(self.contract_id)

    @rx.event
    @guarded("driver")
    def ask_quote(self):
        """Ask the lessor for a buy-out quote (a service request, 003 q.40)."""
        ask_buy_out(self.viewer(), parse_whole(self.contract_id, "contract", 1))
        self.notice = "endlease.asked"
        self._open(self.contract_id)

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_quote_text(self, value: str):
        self.quote_text = str(value)[:MAX_NUMBER_TEXT]

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_note_text(self, value: str):
        self.note_text = str(value)[:MAX_NOTE]

    @rx.event
    @guarded("fleet_manager", "admin")
    def answer_quote(self):
        """Answer the contract's open buy-out request with the quoted amount; it replaces the estimate at once."""
        request = self._decision.request if self._decision else None
        if request is None or request.status not in ("submitted", "in_progress"):
            raise InvalidInput("quote", "no buy-out request waits for an answer", "no_buy_out_request")
        answer_buy_out(self.viewer(), request.request_id, parse_amount(self.quote_text, "quote"), self.note_text)
        self.quote_text, self.note_text, self.notice = "", "", "endlease.answered"
        self._open(self.contract_id)

    # what the page shows
    @rx.var
    def opened(self) -> bool:
        return self._decision is not None

    @rx.var
    def columns(self) -> list[PathColumn]:
        return display.columns(self._decision, self.lang)

    @rx.var
    def summary(self) -> Summary:
        return display.summary(self._decision, self.lang)

    @rx.var
    def assumptions(self) -> list[str]:
        return display.assumptions(self._decision, self.lang)

    @rx.var
    def chart(self) -> go.Figure:
        return display.chart(self._decision, self.lang)

    @rx.var
    def self_check_link(self) -> str:
        return display.self_check_link(self._decision) if self.user_role == "driver" else ""

    @rx.var
    def extension_bounds(self) -> list[int]:
        """The slider's minimum, maximum and step (the gcd of the durations it offers)."""
        choices = self._decision.options.extension_choices if self._decision else (1,)
        step = reduce(math.gcd, [b - a for a, b in zip(choices, choices[1:])], 0) or choices[0]
        return [choices[0], choices[-1], step]

    @rx.var
    def request_text(self) -> str:
        """Where the buy-out request stands, or from when it can be asked."""
        d = self._decision
        if d is None:
            return ""
        if d.request is not None:
            return self.text(f"endlease.request.{d.request.status}")
        if not d.buy_out_open and d.options.buy_out_opens:
            return self.text("endlease.ask_from", date=format_date(d.options.buy_out_opens, self.lang))
        return ""

    @rx.var
    def can_ask(self) -> bool:
        d = self._decision
        return (self.user_role == "driver" and d is not None and d.buy_out_open
                and (d.request is None or d.request.status in ("answered", "rejected")))

    @rx.var
    def can_answer(self) -> bool:
        d = self._decision
        return (self.user_role in ("fleet_manager", "admin") and d is not None and d.request is not None
                and d.request.status in ("submitted", "in_progress"))

    @rx.var
    def notice_text(self) -> str:
        return self.tr.get(self.notice, "") if self.notice else ""
