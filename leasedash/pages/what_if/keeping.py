"""The what-if page's scenarios as a substate of WhatIfState: kept for the comparison (stored for their owner until
cleared, so a reload or another tab finds them), saved (Save leaves the scenario on screen), deleted after a
confirmation and put back by Undo for UNDO_SECONDS, exported as CSV or as the scenario JSON."""

from __future__ import annotations

import json
import time

import reflex as rx

from leasedash.db.errors import NotFound
from leasedash.domain.money import parse_whole
from leasedash.pages.what_if.state import WhatIfState
from leasedash.services.saved_scenarios import KeptDocument, delete_scenario, discard_kept, keep_scenario, restore_scenario, save_scenario
from leasedash.services.what_if import kept_scenario, scenarios_csv
from leasedash.state import guarded

MAX_NAME = 200
UNDO_SECONDS = 8


class WhatIfScenariosState(WhatIfState):
    """Keep, save, delete (confirmed, undone) and export the scenario the controls describe."""

    def _contract(self) -> int:
        if self._terms is None:
            raise NotFound("no contract is open")
        return self._terms.contract_id

    @rx.event
    @guarded()
    def keep(self):
        """Keep the current scenario for the side-by-side comparison (stored, so a reload keeps it)."""
        name = self.save_name.strip() or self.text("whatif.default_name", n=len(self._kept) + 1)
        kept = kept_scenario(keep_scenario(self.viewer(), self._contract(), name, self._document()), self._base)
        if kept is not None:
            self._kept, self.save_name = [*self._kept, kept], ""

    @rx.event
    @guarded()
    def remove_kept(self, scenario_id: str):
        scenario = parse_whole(scenario_id, "kept", 1)
        discard_kept(self.viewer(), [scenario])
        self._kept = [k for k in self._kept if k.scenario_id != scenario]

    @rx.event
    @guarded()
    def clear_kept(self):
        """Clear every kept scenario of this contract."""
        discard_kept(self.viewer(), [k.scenario_id for k in self._kept])
        self._kept = []

    @rx.event
    @guarded()
    def set_save_name(self, value: str):
        self.save_name = value[:MAX_NAME]

    @rx.event
    @guarded()
    def save(self):
        """Save the current scenario on the server (result recomputed there) under the name given; the controls stay."""
        name = self.save_name.strip() or self.text("whatif.default_name", n=len(self._saved) + 1)
        saved = save_scenario(self.viewer(), self._contract(), name, self._document())
        self._saved = [saved, *self._saved]
        self.notice, self.save_name, self.undo_name = self.text("whatif.saved_ok", name=saved.name), "", ""

    @rx.event
    @guarded()
    def reopen(self, scenario_id: str):
        """Set the controls from one of the viewer's saved scenarios."""
        self._reopen(scenario_id)

    @rx.var
    def confirm_text(self) -> str:
        return self.text("whatif.confirm_delete", name=self.confirm_name) if self.confirm_id else ""

    @rx.event
    @guarded()
    def ask_delete(self, scenario_id: str):
        """Ask before deleting one of the saved scenarios listed."""
        scenario = parse_whole(scenario_id, "scenario", 1)
        listed = next((s for s in self._saved if s.scenario_id == scenario), None)
        if listed is None:
            raise NotFound(f"saved scenario {scenario}: not listed")
        self.confirm_id, self.confirm_name = str(scenario), listed.name

    @rx.event
    @guarded()
    def confirm_open(self, value: bool):
        """The confirmation closed (Cancel, Escape) without deleting."""
        if value is not True:
            self.confirm_id = self.confirm_name = ""

    @rx.event
    @guarded()
    def delete_saved(self):
        """Delete the saved scenario the reader confirmed; Undo puts it back for UNDO_SECONDS."""
        scenario = parse_whole(self.confirm_id, "scenario", 1)
        self.confirm_id = self.confirm_name = ""
        self._deleted = delete_scenario(self.viewer(), scenario)
        self._saved = [s for s in self._saved if s.scenario_id != scenario]
        self._deleted_serial += 1
        self._deleted_at = time.time()
        self.undo_name, self.notice = self._deleted.name, self.text("whatif.deleted_ok", name=self._deleted.name)
        script = f"new Promise(done => setTimeout(() => done({self._deleted_serial}), {UNDO_SECONDS * 1000}))"
        return rx.call_script(script, callback=WhatIfScenariosState.forget_deleted)

    @rx.event
    @guarded()
    def forget_deleted(self, serial: int):
        """The undo of a deletion expires (only the latest deletion's own timer clears it)."""
        if parse_whole(serial, "serial", 0) == self._deleted_serial:
            self._deleted, self.undo_name, self.notice = None, "", ""

    @rx.event
    @guarded()
    def undo_delete(self):
        """Put the scenario just deleted back, under its own id, name and date."""
        deleted = self._deleted
        if deleted is None or time.time() - self._deleted_at > UNDO_SECONDS + 2:
            self._deleted, self.undo_name = None, ""
            raise NotFound("nothing to undo")
        restored = restore_scenario(self.viewer(), deleted)
        self._saved = sorted([restored, *self._saved], key=lambda s: (s.saved_on, s.scenario_id), reverse=True)
        self._deleted, self.undo_name, self.notice = None, "", self.text("whatif.restored_ok", name=restored.name)

    def _file_name(self, fallback: str, extension: str) -> str:
        return f"leasedash-{self._terms.reference if self._terms else fallback}.{extension}"

    @rx.event
    @guarded()
    def export_csv(self):
        """The kept scenarios and the current one as CSV."""
        current = kept_scenario(KeptDocument(0, self.text("whatif.chart_scenario"), self._document()), self._base) if self._base else None
        rows = [*self._kept, *([current] if current else [])]
        return rx.download(data=scenarios_csv(rows), filename=self._file_name("scenarios", "csv"))

    @rx.event
    @guarded()
    def export_json(self):
        """The current scenario document (spec/scenario.md) as JSON."""
        return rx.download(data=json.dumps(self._document(), indent=2, ensure_ascii=False), filename=self._file_name("scenario", "json"))
