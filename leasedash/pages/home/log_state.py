"""The odometer log's state on the home page: the log of the contract on show, a reading added in two clicks (the
date prefilled with today, an optional dashboard photo), a reading corrected or deleted (its history kept)."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import reflex as rx

from leasedash.charts.odometer_charts import odometer_chart
from leasedash.domain.fleet_cells import parse_day
from leasedash.domain.money import parse_whole
from leasedash.errors import InvalidInput
from leasedash.pages.home.log_lines import LogView, log_view
from leasedash.pages.home.state import HomeState
from leasedash.services.contract_entry import pick_contract
from leasedash.services.odometer_log import OdometerLog, add_reading, correct_reading, delete_reading, odometer_log
from leasedash.services.uploads import max_upload_bytes
from leasedash.state import guarded

CHART_LABELS = ("title", "allowance", "readings", "projection", "target")


def _day(text: str, field: str) -> dt.date:
    try:
        return parse_day(text)
    except Exception:  # noqa: BLE001 - the parser's refusal names no field
        raise InvalidInput(field, f"expected a date, got {text!r}", code="log_date", params={"value": repr(text)}) from None


class OdometerState(HomeState):
    """The log of the contract on show and its forms."""

    adding: bool = False
    new_date: str = ""
    new_km: str = ""
    photo_name: str = ""
    editing: str = ""
    edit_date: str = ""
    edit_km: str = ""
    _photo: tuple[str, bytes] | None = None
    _log: OdometerLog | None = None

    def _reload(self) -> None:
        self._log = None
        if self.selected and not self.viewer().manages_contracts:
            self._log = odometer_log(self.viewer(), int(self.selected))

    @rx.event
    @guarded()
    def load_log(self):
        """The log of the contract the home page shows (a driver's)."""
        self._reload()

    @rx.event
    @guarded()
    def choose(self, contract_id: str):
        """Show another of the driver's contracts here and on every page."""
        self._show(contract_id)
        pick_contract(self.viewer(), int(self.selected))
        self.adding, self.editing = False, ""
        self._reload()

    @rx.event
    @guarded()
    def open_add(self):
        """The first click: the form, dated today."""
        self.adding, self.new_date, self.new_km, self.photo_name, self._photo = True, dt.date.today().isoformat(), "", "", None

    @rx.event
    @guarded()
    def close_add(self):
        self.adding, self._photo, self.photo_name = False, None, ""

    @rx.event
    @guarded()
    def set_new_date(self, value: str):
        self.new_date = value[:20]

    @rx.event
    @guarded()
    def set_new_km(self, value: str):
        self.new_km = value[:20]

    @rx.event
    @guarded()
    async def upload_photo(self, files: list[rx.UploadFile]):
        """Keep the dashboard photo until the reading is saved (checked then: .jpg, .png or .pdf)."""
        for file in files[:1]:
            name = (file.name or file.filename or "").rsplit("/", 1)[-1]
            self._photo, self.photo_name = (name, await file.read(max_upload_bytes() + 1)), name

    @rx.event
    @guarded()
    def add(self):
        """The second click: the reading stored, the log and the projection read again."""
        day, km = _day(self.new_date, "reading_date"), parse_whole(self.new_km, "km", 0)
        add_reading(self.viewer(), int(self.selected), day, km, self._photo)
        self.adding, self._photo, self.photo_name = False, None, ""
        self._show(self.selected)
        self._reload()

    @rx.event
    @guarded()
    def start_edit(self, reading_id: str, iso_day: str, km: str):
        self.editing, self.edit_date, self.edit_km = reading_id, iso_day, km

    @rx.event
    @guarded()
    def set_edit_date(self, value: str):
        self.edit_date = value[:20]

    @rx.event
    @guarded()
    def set_edit_km(self, value: str):
        self.edit_km = value[:20]

    @rx.event
    @guarded()
    def cancel_edit(self):
        self.editing = ""

    @rx.event
    @guarded()
    def save_edit(self):
        """Correct the reading; the old values stay in the history."""
        correct_reading(self.viewer(), parse_whole(self.editing, "reading", 1), _day(self.edit_date, "edit_date"),
                        parse_whole(self.edit_km, "edit_km", 0))
        self.editing = ""
        self._show(self.selected)
        self._reload()

    @rx.event
    @guarded()
    def delete(self, reading_id: str):
        """Delete the reading; its values stay in the history."""
        delete_reading(self.viewer(), parse_whole(reading_id, "reading", 1))
        self.editing = ""
        self._show(self.selected)
        self._reload()

    @rx.var
    def log(self) -> LogView:
        return log_view(self._log, self.lang)

    @rx.var
    def chart(self) -> go.Figure:
        if self._log is None:
            return go.Figure()
        return odometer_chart(self._log, {k: self.tr[f"log.chart_{k}"] for k in CHART_LABELS})

