"""Bulk import of odometer readings: all rows or none, idempotent by reading id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from leasedash.db.models import OdometerReading
from leasedash.db.queries import contracts_by_id, readings_by_external_id
from leasedash.db.scoping import Viewer
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.money import parse_whole
from leasedash.domain.text import storable

MAX_ID = 2**31 - 1
MAX_KM = 10_000_000
SOURCES = ("driver", "telematics", "workshop", "inspection", "import")
_FIELDS = {"reading_id", "contract_id", "date", "km", "source"}


@dataclass(frozen=True)
class ImportReport:
    """What an import did: readings added, and readings already there under the same id."""

    inserted: int
    already_imported: int


def _row_error(n: int, field: str, reason: str) -> LeaseInputError:
    return LeaseInputError(f"row {n}.{field}", reason)


def import_odometer_readings(session: Session, viewer: Viewer, rows: list[Any], today: dt.date | None = None) -> ImportReport:
    """Validate every row, then add the new readings in the caller's transaction. A malformed row
    refuses the whole batch with its row number (1-based); a reading id is its company's (the company of the
    reading's contract): seen before in that company with the same values it is skipped, with other values it is
    refused, and another company's ids are never looked at. A driver's readings are marked as typed by the driver
    whatever `source` says."""
    today = today or dt.date.today()
    parsed = [_parse_row(n, row, today) for n, row in enumerate(rows, start=1)]
    contracts = contracts_by_id(session, viewer, (r["contract_id"] for r in parsed))
    seen: dict[tuple[int, str], int] = {}
    for n, reading in enumerate(parsed, start=1):
        contract = contracts.get(reading["contract_id"])
        if contract is None:
            raise _row_error(n, "contract_id", f"contract {reading['contract_id']} is not one of yours")
        if reading["date"] < contract.start_date:
            raise _row_error(n, "date", f"{reading['date']} is before the contract started ({contract.start_date})")
        key = (contract.company_id, reading["reading_id"])
        if key in seen:
            raise _row_error(n, "reading_id", f"{reading['reading_id']!r} appears twice in this batch (rows {seen[key]} and {n})")
        seen[key] = n
    existing = readings_by_external_id(session, seen)
    source = "driver" if viewer.role == "driver" else None
    new = []
    for n, reading in enumerate(parsed, start=1):
        company_id = contracts[reading["contract_id"]].company_id
        before = existing.get((company_id, reading["reading_id"]))
        if before is not None:
            if (before.contract_id, before.reading_date, before.km) != (reading["contract_id"], reading["date"], reading["km"]):
                raise _row_error(n, "reading_id", f"{reading['reading_id']!r} was imported before with other values")
            continue
        new.append(OdometerReading(contract_id=reading["contract_id"], reading_date=reading["date"], km=reading["km"],
                                   source=source or reading["source"], company_id=company_id, external_id=reading["reading_id"]))
    session.add_all(new)
    session.flush()
    return ImportReport(inserted=len(new), already_imported=len(parsed) - len(new))


def _parse_row(n: int, row: Any, today: dt.date) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise _row_error(n, "row", "expected an object with reading_id, contract_id, date and km")
    unknown = sorted(set(row) - _FIELDS)
    if unknown:
        raise _row_error(n, unknown[0], "is not a field of an odometer reading")
    for key in ("reading_id", "contract_id", "date", "km"):
        if row.get(key) in (None, ""):
            raise _row_error(n, key, "is required")
    reading_id = row["reading_id"]
    if not isinstance(reading_id, str) or len(reading_id) > 80 or not reading_id.isprintable() or not storable(reading_id):
        raise _row_error(n, "reading_id", "must be printable text of at most 80 characters")
    try:
        contract_id = parse_whole(row["contract_id"], "contract_id", minimum=1)
        km = parse_whole(row["km"], "km", minimum=0)
    except LeaseInputError as exc:
        raise _row_error(n, exc.field, exc.reason) from None
    if contract_id > MAX_ID:
        raise _row_error(n, "contract_id", f"{contract_id} is not a contract id")
    if km > MAX_KM:
        raise _row_error(n, "km", f"{km} km is more than any odometer shows ({MAX_KM})")
    try:
        day = dt.date.fromisoformat(row["date"])
    except (TypeError, ValueError):
        raise _row_error(n, "date", f"expected a date as YYYY-MM-DD, got {row['date']!r}") from None
    if day > today:
        raise _row_error(n, "date", f"{day} is in the future")
    source = row.get("source") or "import"
    if source not in SOURCES:
        raise _row_error(n, "source", f"must be one of {', '.join(SOURCES)}, got {source!r}")
    return {"reading_id": reading_id, "contract_id": contract_id, "date": day, "km": km, "source": source}
