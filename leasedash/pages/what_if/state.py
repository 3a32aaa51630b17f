"""The what-if page's state: the contract opened where it stands, the sliders, the answer for them. The scenario
document (with its grid) stays on the server; the browser gets what the page shows. Keeping, saving, deleting and
exporting scenarios: pages/what_if/keeping.py."""

from __future__ import annotations

from dataclasses import replace

import reflex as rx

from leasedash.domain.money import parse_whole
from leasedash.errors import InvalidInput
from leasedash.pages.what_if.display import (
    KeptLine, Outcome, Readouts, SavedLine, contract_line, earliest_text, floor_text, forbidden_text, kept_line, outcome_of, pace_text,
    readouts_of, saved_line,
)
from leasedash.services.contract_search import contract_opened, first_contract
from leasedash.services.saved_scenarios import DeletedWhatIf, SavedWhatIf, open_scenario
from leasedash.services.what_if import (
    CONTRACTED, DRIVEN, KM_MODES, Controls, KeptScenario, ScenarioAnswer, SliderBounds, Standing, WhatIfTerms, answer, controls_of,
    effective, open_contract, scenario_document,
)
from leasedash.state import AppState, guarded

MAX_RETURN_KM = 10_000_000


def _position(value: list[int | float], field: str, minimum: int = 1) -> int:
    """Where a one-thumb slider stands: a whole number of at least `minimum`."""
    if not isinstance(value, list) or len(value) != 1:
        raise InvalidInput(field, "one slider position is expected", "bad_argument")
    return parse_whole(value[0], field, minimum)


def _choice(value: str | list[str], field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInput(field, f"one of {', '.join(allowed)} is expected", "choice")
    return value


class WhatIfState(AppState):
    """The contract simulated, the controls, kept and saved scenarios."""

    contract_id: str = ""
    opened: bool = False
    changes_allowed: bool = False
    bounds: SliderBounds = SliderBounds()
    controls: Controls = Controls()
    save_name: str = ""
    notice: str = ""
    controls_version: int = 0
    undo_name: str = ""
    confirm_id: str = ""
    confirm_name: str = ""
    _terms: WhatIfTerms | None = None
    _standing: Standing = Standing()
    _drawn: Controls | None = None
    _base: dict = {}
    _kept: list[KeptScenario] = []
    _saved: list[SavedWhatIf] = []
    _deleted: DeletedWhatIf | None = None
    _deleted_serial: int = 0
    _deleted_at: float = 0.0
    _asked: tuple[str, str] = ("", "")

    # opening a contract
    @rx.event
    @guarded()
    def load(self):
        """The contract in the URL (with a saved scenario, or a mileage to change to now: `km`), else the one open, else
        the viewer's first; a contract outside the viewer's scope finds nothing. The open contract keeps its sliders and
        kept scenarios unless the URL asks for another scenario or change: on_load runs again on every websocket
        reconnect, e.g. when another backend takes the session over."""
        params = self.router.url.query_parameters
        wanted = params.get("contract") or self.contract_id or str(first_contract(self.viewer()) or "")
        asked = (params.get("scenario") or "", params.get("km") or "")
        if self.opened and wanted == self.contract_id and (not any(asked) or asked == self._asked):
            return
        self._asked = asked
        self._close()
        if wanted:
            self._open(parse_whole(wanted, "contract", 1))
        if params.get("scenario") and self.opened:
            self._reopen(params["scenario"])
        elif params.get("km") and self.opened and self.changes_allowed:
            self._set_controls(replace(self.controls, change=True, new_km=parse_whole(params["km"], "km", 1)))

    @rx.event
    @guarded()
    def choose_contract(self, contract_id: str):
        self._open(parse_whole(contract_id, "contract", 1))

    def _open(self, contract_id: int | None) -> None:
        self._close()
        opened = open_contract(self.viewer(), contract_id)
        contract_opened(self.viewer(), opened.terms.contract_id)
        terms = opened.terms
        self._terms, self._standing, self._base = terms, opened.standing, opened.base
        self._saved, self._kept = list(opened.saved), list(opened.kept)
        self.opened, self.contract_id, self.changes_allowed, self.bounds = True, str(terms.contract_id), terms.changes_allowed, opened.bounds
        self._set_controls(opened.start)

    def _close(self) -> None:
        self._terms, self._standing, self._drawn, self._base, self._kept, self._saved = None, Standing(), None, {}, [], []
        self.opened = self.changes_allowed = False
        self.notice = self.undo_name = self.confirm_id = self.confirm_name = ""
        self._deleted = None

    def _set_controls(self, controls: Controls) -> None:
        self.controls = controls
        self.controls_version += 1
        self._drawn = self._controls()

    # the controls
    def _controls(self) -> Controls:
        return effective(self.controls, self._standing, self.changes_allowed)

    def _move(self, **positions: int | bool):
        """Move a control: the numbers go out as soon as this event ends; the chart follows with draw, which the server
        runs next without waiting for the browser, so a slider shows its numbers first and its chart one delta later."""
        self.controls = replace(self.controls, **positions)
        return WhatIfState.draw

    @rx.event
    @guarded(by_the_browser=True)
    def draw(self):
        """Draw the scenario the controls describe now (nothing to send when it is drawn already: moves queued behind
        one another are drawn once)."""
        if self._drawn != self._controls():
            self._drawn = self._controls()

    @rx.event
    @guarded()
    def toggle_change(self, value: bool):
        return self._move(change=value is True and self.changes_allowed)

    @rx.event
    @guarded()
    def set_change_month(self, value: list[int | float]):
        return self._move(change_month=_position(value, "change_month"))

    @rx.event
    @guarded()
    def set_new_km(self, value: list[int | float]):
        return self._move(new_km=_position(value, "new_km", 0))

    @rx.event
    @guarded()
    def set_new_months(self, value: list[int | float]):
        return self._move(new_months=max(_position(value, "new_months"), self.controls.change_month))

    @rx.event
    @guarded()
    def set_return_mode(self, value: str | list[str]):
        return self._move(early=_choice(value, "return_mode", ("term", "early")) == "early")

    @rx.event
    @guarded()
    def set_return_month(self, value: list[int | float]):
        return self._move(return_month=_position(value, "return_month"))

    @rx.event
    @guarded()
    def set_km_mode(self, value: str | list[str]):
        return self._move(km_mode=_choice(value, "km_mode", KM_MODES))

    @rx.event
    @guarded()
    def toggle_anew(self, value: bool):
        """Simulate the contract as if signed anew (from its start, at the contracted pace unless another km is chosen), or
        from the month it has reached at the pace driven so far."""
        anew = value is True
        mode = (CONTRACTED if anew else DRIVEN) if self.controls.km_mode != "custom" else self.controls.km_mode
        self._set_controls(effective(replace(self.controls, anew=anew, km_mode=mode), self._standing, self.changes_allowed))

    @rx.event
    @guarded()
    def set_return_km(self, value: list[int | float]):
        return self._move(return_km=_position(value, "return_km", 0))

    @rx.event
    @guarded()
    def set_return_km_text(self, value: str):
        """The km at return typed in (up to 10 million); an empty field changes nothing."""
        if value.strip():
            self._set_controls(replace(self.controls, return_km=min(parse_whole(value, "return_km"), MAX_RETURN_KM)))

    # the answer
    def _reply(self) -> ScenarioAnswer:
        return answer(self._base, self._controls(), self._standing) if self._base else ScenarioAnswer(())

    def _document(self) -> dict:
        return scenario_document(self._base, self._controls(), self._standing) if self._base else {}

    @rx.var
    def outcome(self) -> Outcome:
        """The new rent, the settlement and why, in the reader's language."""
        return outcome_of(self._reply(), self.lang)

    @rx.var
    def contract_line(self) -> str:
        return contract_line(self._terms, self.lang)

    @rx.var
    def forbidden_text(self) -> str:
        return forbidden_text(self._terms, self.lang)

    @rx.var
    def earliest_text(self) -> str:
        return earliest_text(self._terms, self.lang)

    @rx.var
    def floor_text(self) -> str:
        """Why a change or a return starts at the month reached (or that the contract is simulated from its start)."""
        return floor_text(self.bounds.floor, self.controls.anew, self.lang) if self._terms else ""

    @rx.var
    def pace_text(self) -> str:
        return pace_text(self._standing, self._terms, self.lang)

    @rx.var
    def month_min(self) -> int:
        """Where the sliders of a change and a return start: the month reached, or 1 as if signed anew."""
        return 1 if self.controls.anew else self.bounds.floor

    @rx.var
    def return_min(self) -> int:
        if not self.controls.anew:
            return self.bounds.return_min
        return min(self._terms.earliest_return if self._terms else 1, self.bounds.return_max)

    @rx.var
    def readouts(self) -> Readouts:
        """Slider read-outs in the reader's format."""
        return readouts_of(self._controls(), self.lang)

    @rx.var
    def kept_rows(self) -> list[KeptLine]:
        return [kept_line(k, self.lang) for k in self._kept]

    @rx.var
    def saved_rows(self) -> list[SavedLine]:
        return [saved_line(s, self.lang) for s in self._saved]

    def _reopen(self, scenario_id: str) -> None:
        """Set the controls from one of the viewer's saved scenarios (as if signed anew when it is dated before the month
        the contract has reached)."""
        saved = open_scenario(self.viewer(), parse_whole(scenario_id, "scenario", 1))
        if self._terms is None or saved.contract_id != self._terms.contract_id:
            self._open(saved.contract_id)
        self._set_controls(controls_of(saved.document, self._controls(), self._standing))
