"""The what-if page's state: the contract opened, the sliders, the answer for them, kept and saved scenarios.
The scenario document (with its grid) stays on the server; the browser gets what the page shows."""

from __future__ import annotations

import json
from dataclasses import replace

import reflex as rx

from leasedash.db.errors import NotFound
from leasedash.domain.money import parse_whole
from leasedash.errors import InvalidInput
from leasedash.pages.what_if.display import (
    KeptLine, Outcome, Readouts, SavedLine, contract_line, earliest_text, forbidden_text, kept_line, outcome_of, readouts_of, saved_line,
)
from leasedash.services.contract_view import contract_choices
from leasedash.services.saved_scenarios import SavedWhatIf, delete_scenario, open_scenario, save_scenario
from leasedash.services.what_if import (
    Controls, KeptScenario, ScenarioAnswer, SliderBounds, WhatIfTerms, answer, controls_of, kept_scenario, open_contract,
    scenario_document, scenarios_csv,
)
from leasedash.state import AppState, guarded

MAX_RETURN_KM = 10_000_000
MAX_NAME = 200
AFTER_RENDER = "new Promise(done => setTimeout(done))"


def _position(value: list[int | float], field: str, minimum: int = 1) -> int:
    """Where a one-thumb slider stands: a whole number of at least `minimum`."""
    if not isinstance(value, list) or len(value) != 1:
        raise InvalidInput(field, "one slider position is expected")
    return parse_whole(value[0], field, minimum)


def _choice(value: str | list[str], field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInput(field, f"one of {', '.join(allowed)} is expected")
    return value


class WhatIfState(AppState):
    """The contract simulated, the controls, kept and saved scenarios."""

    contract_options: list[dict[str, str]] = []
    contract_id: str = ""
    opened: bool = False
    changes_allowed: bool = False
    bounds: SliderBounds = SliderBounds()
    controls: Controls = Controls()
    save_name: str = ""
    notice: str = ""
    controls_version: int = 0
    _terms: WhatIfTerms | None = None
    _drawn: Controls | None = None
    _base: dict = {}
    _kept: list[KeptScenario] = []
    _saved: list[SavedWhatIf] = []

    # opening a contract
    @rx.event
    @guarded()
    def load(self):
        """The contract in the URL, else the one open, else the viewer's first; a contract outside the viewer's scope
        finds nothing. The open contract keeps its sliders and kept scenarios: on_load runs again on every websocket
        reconnect, e.g. when another backend takes the session over from one that died."""
        params = self.router.url.query_parameters
        options = contract_choices(self.viewer())
        self.contract_options = [{"id": str(o.contract_id), "label": o.reference} for o in options]
        wanted = params.get("contract") or self.contract_id or (self.contract_options[0]["id"] if options else "")
        if self.opened and wanted == self.contract_id and not params.get("scenario"):
            return
        self._close()
        if wanted:
            self._open(parse_whole(wanted, "contract", 1))
        if params.get("scenario") and self.opened:
            self._reopen(params["scenario"])

    @rx.event
    @guarded()
    def choose_contract(self, contract_id: str):
        self._open(parse_whole(contract_id, "contract", 1))

    def _open(self, contract_id: int | None) -> None:
        self._close()
        opened = open_contract(self.viewer(), contract_id)
        terms = opened.terms
        self._terms, self._base, self._saved = terms, opened.base, list(opened.saved)
        self.opened, self.contract_id, self.changes_allowed, self.bounds = True, str(terms.contract_id), terms.changes_allowed, opened.bounds
        self._set_controls(opened.start)

    def _close(self) -> None:
        self._terms, self._drawn, self._base, self._kept, self._saved = None, None, {}, [], []
        self.opened = self.changes_allowed = False
        self.notice = ""

    def _set_controls(self, controls: Controls) -> None:
        self.controls = controls
        self.controls_version += 1
        self._drawn = self._controls()

    # the controls
    def _controls(self) -> Controls:
        return replace(self.controls, change=self.controls.change and self.changes_allowed)

    def _move(self, **positions: int | bool):
        """Move a control: the numbers go out with this event; once the browser has rendered them, it asks for the
        chart (draw), so a slider shows its numbers first."""
        self.controls = replace(self.controls, **positions)
        return rx.call_script(AFTER_RENDER, callback=WhatIfState.draw)

    @rx.event
    @guarded()
    def draw(self, painted: None = None):
        """Draw the scenario the controls describe now (nothing to send when it is drawn already)."""
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
        return self._move(custom_km=_choice(value, "km_mode", ("pace", "custom")) == "custom")

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
        return answer(self._base, self._controls()) if self._base else ScenarioAnswer(())

    def _document(self) -> dict:
        return scenario_document(self._base, self._controls()) if self._base else {}

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
    def readouts(self) -> Readouts:
        """Slider read-outs in the reader's format."""
        return readouts_of(self._controls(), self.lang)

    @rx.var
    def kept_rows(self) -> list[KeptLine]:
        return [kept_line(k, self.lang) for k in self._kept]

    @rx.var
    def saved_rows(self) -> list[SavedLine]:
        return [saved_line(s, self.lang) for s in self._saved]

    # keeping, saving, exporting
    @rx.event
    @guarded()
    def keep(self):
        """Keep the current scenario for the side-by-side comparison."""
        if not self._base:
            return
        name = self.save_name.strip() or self.text("whatif.default_name", n=len(self._kept) + 1)
        kept = kept_scenario(name, self._base, self._controls())
        if kept is not None:
            self._kept, self.save_name = [*self._kept, kept], ""

    @rx.event
    @guarded()
    def remove_kept(self, index: int):
        position = parse_whole(index, "kept", 0)
        self._kept = [k for i, k in enumerate(self._kept) if i != position]

    @rx.event
    @guarded()
    def set_save_name(self, value: str):
        self.save_name = value[:MAX_NAME]

    @rx.event
    @guarded()
    def save(self):
        """Save the current scenario on the server (result recomputed there) under the name given."""
        if self._terms is None:
            raise NotFound("no contract is open")
        name = self.save_name.strip() or self.text("whatif.default_name", n=len(self._saved) + 1)
        saved = save_scenario(self.viewer(), self._terms.contract_id, name, self._document())
        self._saved = [saved, *self._saved]
        self.notice, self.save_name = self.text("whatif.saved_ok", name=saved.name), ""

    @rx.event
    @guarded()
    def reopen(self, scenario_id: str):
        """Set the controls from one of the viewer's saved scenarios."""
        self._reopen(scenario_id)

    def _reopen(self, scenario_id: str) -> None:
        saved = open_scenario(self.viewer(), parse_whole(scenario_id, "scenario", 1))
        if self._terms is None or saved.contract_id != self._terms.contract_id:
            self._open(saved.contract_id)
        self._set_controls(controls_of(saved.document, self._controls()))

    @rx.event
    @guarded()
    def delete_saved(self, scenario_id: str):
        scenario = parse_whole(scenario_id, "scenario", 1)
        delete_scenario(self.viewer(), scenario)
        self._saved = [s for s in self._saved if s.scenario_id != scenario]

    def _file_name(self, fallback: str, extension: str) -> str:
        return f"leasedash-{self._terms.reference if self._terms else fallback}.{extension}"

    @rx.event
    @guarded()
    def export_csv(self):
        """The kept scenarios and the current one as CSV."""
        current = kept_scenario(self.text("whatif.chart_scenario"), self._base, self._controls()) if self._base else None
        rows = [*self._kept, *([current] if current else [])]
        return rx.download(data=scenarios_csv(rows), filename=self._file_name("scenarios", "csv"))

    @rx.event
    @guarded()
    def export_json(self):
        """The current scenario document (spec/scenario.md) as JSON."""
        return rx.download(data=json.dumps(self._document(), indent=2, ensure_ascii=False), filename=self._file_name("scenario", "json"))
