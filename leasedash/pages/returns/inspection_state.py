"""The state of /returns/inspection?id=N: one inspection or self-check, kept on the server as the service's
InspectionDetail; every handler goes through the gate and services/returns.py, and the page shows rows computed
from the detail in the reader's language."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from leasedash.charts.return_charts import statement_waterfall
from leasedash.domain.car_outline import OUTLINE
from leasedash.domain.inspection import KINDS
from leasedash.errors import AccessDenied, NotFound, StaleWrite
from leasedash.i18n import format_money
from leasedash.pages.returns import inputs
from leasedash.pages.returns import inspection_rows as rows
from leasedash.services import return_wording as words
from leasedash.pages.returns.records import AdviceRow, CheckRow, Choice, DamageRow, LineRow, PhotoLink
from leasedash.services import returns as desk
from leasedash.services.holidays import time_zone
from leasedash.services.inspection_detail import InspectionDetail, InspectionFacts, inspection_detail
from leasedash.services.uploads import max_upload_bytes
from leasedash.state import AppState, guarded

MAX_PHOTOS = 5


class InspectionState(AppState):
    """The inspection on screen (on the server only), the part picked on the outline and the damage photos go to."""

    inspection_id: int = 0
    part: str = "door_front_left"
    photo_damage: int = 0
    _detail: InspectionDetail | None = None

    def _show(self, detail: InspectionDetail) -> None:
        self._detail = detail
        ids = [d.damage_id for d in detail.damages]
        if self.photo_damage not in ids:
            self.photo_damage = ids[-1] if ids else 0

    def _zone(self):
        """The local time of the company's country, for signatures and the history."""
        return time_zone(self._detail.country if self._detail else "")

    def _current(self) -> InspectionDetail:
        if self._detail is None:
            raise NotFound(f"inspection {self.inspection_id}: not open")
        return self._detail

    @rx.event
    @guarded()
    def load(self):
        """on_load: the inspection named in the address, if the user may see it."""
        self._detail = None
        wanted = self.router.url.query_parameters.get("id", "")
        self.inspection_id = inputs.record_id(wanted, "inspection") if wanted else 0
        self._show(inspection_detail(self.viewer(), self.inspection_id))

    @rx.event
    @guarded()
    def save_facts(self, form: dict):
        """The return's facts, on the version on screen; a save on a changed inspection shows it as it is now."""
        facts = inputs.facts_from_form(form, self._current().facts)
        self._edit(lambda version: desk.record_facts(self.viewer(), self.inspection_id, version, facts))

    def _edit(self, change) -> InspectionDetail:
        """`change` made on the version on screen; when someone changed the inspection meanwhile, or signed it, nothing
        is saved and the inspection is shown again as it is now (StaleWrite: "changed since you opened it")."""
        try:
            detail = change(self._current().version)
        except (StaleWrite, AccessDenied):
            self._show(inspection_detail(self.viewer(), self.inspection_id))
            raise
        self._show(detail)
        return detail

    @rx.event
    @guarded()
    def toggle_item(self, name: str, present: bool):
        self._edit(lambda version: desk.mark_item(self.viewer(), self.inspection_id, version, name, present))

    @rx.event
    @guarded()
    def select_part(self, part: str):
        """The part clicked on the outline or picked in the list."""
        self.part = inputs.part(part)

    @rx.event
    @guarded()
    def choose_photo_damage(self, damage_id: str):
        self.photo_damage = inputs.record_id(damage_id, "damage")

    @rx.event
    @guarded()
    def add_damage(self, form: dict):
        """A damage on the part picked, judged with the inspection's rules; photos then go to it."""
        damage = inputs.damage_from_form(self.part, form)
        detail = self._edit(lambda version: desk.record_damage(self.viewer(), self.inspection_id, version, damage))
        self.photo_damage = detail.damages[-1].damage_id

    @rx.event
    @guarded()
    def remove_damage(self, damage_id: int):
        damage = inputs.record_id(damage_id, "damage")
        self._edit(lambda version: desk.drop_damage(self.viewer(), self.inspection_id, version, damage))

    @rx.event
    @guarded()
    async def upload_photo(self, files: list[rx.UploadFile]):
        """Photos of the chosen damage, checked on the server (type by content, size, name) and stored privately."""
        for file in files[:MAX_PHOTOS]:
            data = await file.read(max_upload_bytes() + 1)
            self._show(desk.attach_photo(self.viewer(), self.inspection_id, self.photo_damage, file.name or file.filename or "", data))

    @rx.event
    @guarded()
    def sign(self, form: dict):
        """The driver signs as the driver, a fleet manager or an admin as the inspector, the version on screen (a
        changed inspection is shown as it is now, unsigned)."""
        name = str(form.get("name", ""))
        self._edit(lambda version: desk.sign_inspection(self.viewer(), self.inspection_id, version, name))

    @rx.event
    @guarded("fleet_manager", "admin")
    def withdraw(self, form: dict):
        """The inspector takes back the signatures, with a reason the history keeps and the driver is told."""
        self._show(desk.withdraw_signatures(self.viewer(), self.inspection_id, str(form.get("reason", ""))[:2000]))

    @rx.event
    @guarded()
    def dispute(self, form: dict):
        self._show(desk.dispute_inspection(self.viewer(), self.inspection_id, str(form.get("reason", ""))))

    @rx.event
    @guarded("fleet_manager", "admin")
    def settle(self):
        self._show(desk.settle_inspection(self.viewer(), self.inspection_id))

    # what the page shows
    @rx.var
    def loaded(self) -> bool:
        return self._detail is not None

    @rx.var
    def locked(self) -> bool:
        return self._detail is not None and self._detail.locked

    @rx.var
    def frozen(self) -> bool:
        """Nothing to record here: the other side's inspection, or signed (until the signatures are withdrawn)."""
        return self._detail is None or not self._detail.editable

    @rx.var
    def signed_text(self) -> str:
        """Who signed an inspection not yet signed by both: nothing changes until the inspector withdraws it."""
        d = self._detail
        if d is None or d.locked or not d.signed:
            return ""
        who = ", ".join(self.tr[f"inspect.signer.{s.signer}"] for s in d.signatures if s.at)
        return self.text("inspect.signed_locked", who=who)

    @rx.var
    def self_check(self) -> bool:
        return self._detail is not None and self._detail.self_check

    @rx.var
    def version(self) -> int:
        return self._detail.version if self._detail else 0

    @rx.var
    def title(self) -> str:
        d = self._detail
        return f"{self.tr['returns.self_check' if d.self_check else 'returns.inspection']} #{d.inspection_id} · {d.reference}" if d else ""

    @rx.var
    def car_text(self) -> str:
        return f"{self._detail.car} · {self._detail.plate}" if self._detail else ""

    @rx.var
    def status_text(self) -> str:
        return self.tr.get(f"inspection_status.{self._detail.status}", "") if self._detail else ""

    @rx.var
    def read_only_text(self) -> str:
        """Why the viewer cannot record on this unsigned inspection (it is the other side's)."""
        d = self._detail
        if d is None or d.locked or d.self_check == (self.user_role == "driver"):
            return ""
        return self.tr["inspect.driver_records" if d.self_check else "inspect.inspector_records"]

    @rx.var
    def facts(self) -> InspectionFacts | None:
        return self._detail.facts if self._detail else None

    @rx.var
    def checklist(self) -> list[CheckRow]:
        items = self._detail.checklist if self._detail else ()
        return [CheckRow(i.name, self.tr[f"item.{i.name}"], i.present) for i in items]

    @rx.var
    def marks(self) -> dict[str, str]:
        """Per part of the outline: "chargeable", "acceptable" or nothing recorded."""
        out = dict.fromkeys(OUTLINE, "")
        for d in self._detail.damages if self._detail else ():
            if d.part in out and out[d.part] != "chargeable":
                out[d.part] = "acceptable" if d.acceptable else "chargeable"
        return out

    @rx.var
    def part_label(self) -> str:
        return self.tr.get(f"part.{self.part}", self.part)

    @rx.var
    def part_options(self) -> list[Choice]:
        return [Choice(p, self.tr[f"part.{p}"]) for p in inputs.PARTS]

    @rx.var
    def kind_options(self) -> list[Choice]:
        return [Choice(k, self.tr[f"kind.{k}"]) for k in KINDS]

    @rx.var
    def damages(self) -> list[DamageRow]:
        return rows.damage_rows(self._detail.damages if self._detail else (), self.tr, self.lang)

    @rx.var
    def photo_links(self) -> list[PhotoLink]:
        return [PhotoLink(f"#{p.photo_id}", self.file_link("photo", p.photo_id)) for d in (self._detail.damages if self._detail else ()) for p in d.photos]

    @rx.var
    def statement_lines(self) -> list[LineRow]:
        return rows.statement_rows(self._detail.statement if self._detail else None, self.lang)

    @rx.var
    def total_text(self) -> str:
        s = self._detail.statement if self._detail else None
        return format_money(s.total, self.lang) if s else ""

    @rx.var
    def age_text(self) -> str:
        s = self._detail.statement if self._detail else None
        return self.counted("inspect.age", s.age_months, rules=s.rules_version, prices=s.prices_version) if s else ""

    @rx.var
    def waterfall(self) -> go.Figure:
        s = self._detail.statement if self._detail else None
        if not s or not s.lines:
            return go.Figure()
        tr = self.tr
        return statement_waterfall([words.line_label(line.code, self.lang) for line in s.lines], [float(line.amount) for line in s.lines],
                                   tr["inspect.total"], tr["inspect.waterfall"])

    @rx.var
    def advice(self) -> list[AdviceRow]:
        return rows.advice_rows(self._detail, self.tr, self.lang)

    @rx.var
    def comparison(self) -> list[str]:
        return rows.comparison_lines(self._detail.comparison if self._detail else (), self.tr, self.lang, self.counted)

    @rx.var
    def signatures(self) -> list[str]:
        return rows.signature_lines(self._detail, self.tr, self._zone(), self.lang)

    @rx.var
    def history(self) -> list[str]:
        return rows.history_lines(self._detail.history if self._detail else (), self._zone(), self.lang)

    @rx.var
    def report_url(self) -> str:
        return self.file_link("report", self.inspection_id)

    @rx.var
    def report_without_costs_url(self) -> str:
        """The report as inspection vendors also give it: every amount left out."""
        return self.file_link("report_without_costs", self.inspection_id)
