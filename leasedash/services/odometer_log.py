"""The odometer log of a contract: readings added on the home page (a dashboard photo kept privately, like
inspection photos), corrected or deleted with their history, and what they say: the odometer the allowance allows
today (the delivery odometer plus annual km × days / 365.25, as the home page's projection counts it), the km left
until the end of this month and of this contract year, and the day the allowance runs out at the current pace."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlmodel import Session, select

from leasedash.db.models import Contract, OdometerChange, OdometerReading, ReadingPhoto, User
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.projection import DAYS_PER_YEAR, ContractProjection, add_months, allowance_after, months_between
from leasedash.errors import AccessDenied, InvalidInput, NotFound
from leasedash.services.contract_view import contract_view
from leasedash.services.pace_alerts import review_pace
from leasedash.services.uploads import store_private, stored_file
from leasedash.settings import photo_dir

TYPED = "driver"  # the source of a reading the driver typed; "manager": their fleet manager (or an admin) typed it


@dataclass(frozen=True)
class LogReading:
    """One reading of the log, and whether the viewer may correct or delete it."""

    reading_id: int
    day: dt.date
    km: int
    source: str
    has_photo: bool
    editable: bool


@dataclass(frozen=True)
class LogChange:
    """One line of the log's history: a reading added, corrected (from, to) or deleted, by whom."""

    at: dt.datetime
    action: str
    old_date: dt.date | None
    old_km: int | None
    new_date: dt.date | None
    new_km: int | None
    by: str


@dataclass(frozen=True)
class OdometerLog:
    """A contract's readings, their history, and where the odometer should stand."""

    contract_id: int
    start_date: dt.date
    end_date: dt.date
    today: dt.date
    delivery_km: int
    annual_km: int
    allowance_total: int
    target_today: int
    month_end: dt.date
    year_end: dt.date
    latest_km: int | None
    km_left_month: int | None
    km_left_year: int | None
    runs_out_on: dt.date | None
    projected_odometer: int | None
    projection: ContractProjection | None
    readings: tuple[LogReading, ...]
    changes: tuple[LogChange, ...]


def _target(contract: Contract, day: dt.date) -> int:
    """The odometer the allowance allows on `day`: the delivery odometer plus the km allowed since the start."""
    return contract.delivery_km + int(allowance_after(contract.annual_km, (min(day, contract.end_date) - contract.start_date).days))


def _runs_out(contract: Contract, projection: ContractProjection | None, total: int) -> dt.date | None:
    """The day the whole allowance is driven at the current pace, when that comes before the end."""
    if projection is None or projection.annual_pace <= 0:
        return None
    days = (Decimal(total) * DAYS_PER_YEAR / projection.annual_pace).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    day = contract.start_date + dt.timedelta(days=int(days))
    return day if day < contract.end_date else None


def _editable(viewer: Viewer, reading: OdometerReading) -> bool:
    return viewer.manages_contracts or reading.source == TYPED


def odometer_log(viewer: Viewer, contract_id: int, today: dt.date | None = None) -> OdometerLog:
    """The log of a contract the viewer may see (NotFound otherwise), as of today."""
    today = today or dt.date.today()
    with session_scope() as s:
        contract = get_contract(s, viewer, contract_id)
        view = contract_view(s, viewer, contract_id, today)
        readings = list(s.exec(select(OdometerReading).where(OdometerReading.contract_id == contract.id)
                               .order_by(OdometerReading.reading_date, OdometerReading.km, OdometerReading.id)))
        photos = set(s.exec(select(ReadingPhoto.reading_id).where(ReadingPhoto.reading_id.in_([r.id for r in readings]))))
        changes = s.exec(select(OdometerChange, User.first_name, User.last_name).join(User, User.id == OdometerChange.changed_by, isouter=True)
                         .where(OdometerChange.contract_id == contract.id).order_by(OdometerChange.id.desc()).limit(50)).all()
    total = contract.annual_km * contract.months // 12
    month_end = min(add_months(today.replace(day=1), 1) - dt.timedelta(days=1), contract.end_date)
    year_end = min(add_months(contract.start_date, 12 * (max(0, months_between(contract.start_date, today)) // 12 + 1)), contract.end_date)
    latest = readings[-1].km if readings else None
    projection = view.projection
    return OdometerLog(
        contract.id, contract.start_date, contract.end_date, today, contract.delivery_km, contract.annual_km, total,
        _target(contract, today), month_end, year_end, latest,
        None if latest is None else _target(contract, month_end) - latest,
        None if latest is None else _target(contract, year_end) - latest,
        _runs_out(contract, projection, total),
        None if projection is None else contract.delivery_km + projection.projected_km, projection,
        tuple(LogReading(r.id, r.reading_date, r.km, r.source, r.id in photos, _editable(viewer, r)) for r in readings),
        tuple(LogChange(c.changed_at, c.action, c.old_date, c.old_km, c.new_date, c.new_km, f"{first or ''} {last or ''}".strip())
              for c, first, last in changes),
    )


def _writable(session: Session, viewer: Viewer, contract_id: int) -> Contract:
    contract = get_contract(session, viewer, contract_id)
    if viewer.role == "driver" and contract.driver_id != viewer.user_id:
        raise AccessDenied("only the contract's driver adds readings")
    return contract


def _refuse(field: str, reason: str, code: str, **params: object) -> InvalidInput:
    return InvalidInput(field, reason, code=code, params=params)


def check_reading(contract: Contract, neighbours: tuple[OdometerReading | None, OdometerReading | None], day: dt.date, km: int,
                  today: dt.date) -> None:
    """A reading must lie between delivery and today, after the reading before it and before the one after it, in
    time and in km (the odometer never goes back), and not below the delivery odometer."""
    before, after = neighbours
    if day > today:
        raise _refuse("reading_date", f"{day} is in the future", "log_future", date=day)
    if day < contract.start_date:
        raise _refuse("reading_date", f"{day} is before the car was delivered ({contract.start_date})", "log_before_delivery",
                      date=day, start=contract.start_date)
    if km < contract.delivery_km:
        raise _refuse("km", f"{km} km is below the odometer at delivery ({contract.delivery_km} km)", "log_below_delivery",
                      km=km, delivery=contract.delivery_km)
    if before is not None and day <= before.reading_date:
        raise _refuse("reading_date", f"{day} is not after the reading of {before.reading_date}", "log_back_in_time",
                      date=day, other=before.reading_date)
    if before is not None and km < before.km:
        raise _refuse("km", f"{km} km is less than the {before.km} km read on {before.reading_date}", "log_back_in_km",
                      km=km, other=before.km, date=before.reading_date)
    if after is not None and day >= after.reading_date:
        raise _refuse("reading_date", f"{day} is not before the reading of {after.reading_date}", "log_after_next",
                      date=day, other=after.reading_date)
    if after is not None and km > after.km:
        raise _refuse("km", f"{km} km is more than the {after.km} km read later, on {after.reading_date}", "log_above_next",
                      km=km, other=after.km, date=after.reading_date)


def _readings(session: Session, contract_id: int) -> list[OdometerReading]:
    return list(session.exec(select(OdometerReading).where(OdometerReading.contract_id == contract_id)
                             .order_by(OdometerReading.reading_date, OdometerReading.km, OdometerReading.id)))


def _after_change(session: Session, contract: Contract, change: OdometerChange, today: dt.date) -> None:
    """Keep the change in the history and tell of a pace that crossed the threshold (the portfolio's change log
    learns of the reading from the ORM, db/change_log.py)."""
    session.add(change)
    session.flush()
    review_pace(session, [contract.id], today)


def add_reading(viewer: Viewer, contract_id: int, day: dt.date, km: int, photo: tuple[str, bytes] | None = None,
                today: dt.date | None = None) -> int:
    """Add a reading typed by the driver (or their fleet manager): after the latest one in time and in km, with an
    optional dashboard photo (.jpg, .png or .pdf)."""
    today = today or dt.date.today()
    with session_scope() as s:
        contract = _writable(s, viewer, contract_id)
        readings = _readings(s, contract.id)
        check_reading(contract, (readings[-1] if readings else None, None), day, km, today)
        reading = OdometerReading(contract_id=contract.id, reading_date=day, km=km, source=TYPED if viewer.role == "driver" else "manager")
        s.add(reading)
        s.flush()
        if photo is not None:
            stored, content_type = store_private(_photo_folder(), *photo)
            s.add(ReadingPhoto(reading_id=reading.id, stored_name=stored, content_type=content_type))
        _after_change(s, contract, OdometerChange(contract_id=contract.id, reading_id=reading.id, action="added", new_date=day, new_km=km,
                                                  changed_by=viewer.user_id), today)
        return reading.id


def _own_reading(session: Session, viewer: Viewer, reading_id: int) -> tuple[Contract, OdometerReading]:
    reading = session.get(OdometerReading, reading_id)
    if reading is None:
        raise NotFound(f"reading {reading_id}: no such reading")
    contract = _writable(session, viewer, reading.contract_id)
    if not _editable(viewer, reading):
        raise AccessDenied("a driver corrects the readings they typed; the others come from the lessor or the fleet manager")
    return contract, reading


def correct_reading(viewer: Viewer, reading_id: int, day: dt.date, km: int, today: dt.date | None = None) -> None:
    """Correct a reading: it must still lie between its neighbours; the old values stay in the history."""
    today = today or dt.date.today()
    with session_scope() as s:
        contract, reading = _own_reading(s, viewer, reading_id)
        others = [r for r in _readings(s, contract.id) if r.id != reading.id]
        before = next((r for r in reversed(others) if r.reading_date <= day), None)
        after = next((r for r in others if r.reading_date > day), None)
        check_reading(contract, (before, after), day, km, today)
        change = OdometerChange(contract_id=contract.id, reading_id=reading.id, action="corrected", old_date=reading.reading_date,
                                old_km=reading.km, new_date=day, new_km=km, changed_by=viewer.user_id)
        reading.reading_date, reading.km = day, km
        s.add(reading)
        _after_change(s, contract, change, today)


def delete_reading(viewer: Viewer, reading_id: int, today: dt.date | None = None) -> None:
    """Delete a reading; its values stay in the history."""
    today = today or dt.date.today()
    with session_scope() as s:
        contract, reading = _own_reading(s, viewer, reading_id)
        change = OdometerChange(contract_id=contract.id, reading_id=reading.id, action="deleted", old_date=reading.reading_date,
                                old_km=reading.km, changed_by=viewer.user_id)
        s.delete(reading)
        _after_change(s, contract, change, today)


def _photo_folder() -> Path:
    return photo_dir() / "odometer"


def reading_photo(viewer: Viewer, reading_id: int) -> tuple[Path, str]:
    """The dashboard photo of a reading, for who may see its contract (NotFound otherwise)."""
    with session_scope() as s:
        reading = s.get(OdometerReading, reading_id)
        photo = s.get(ReadingPhoto, reading_id) if reading else None
        if photo is None:
            raise NotFound(f"reading {reading_id}: no photo")
        get_contract(s, viewer, reading.contract_id)
        return stored_file(_photo_folder(), photo.stored_name, f"reading {reading_id}"), photo.content_type
