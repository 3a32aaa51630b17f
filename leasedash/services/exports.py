"""CSV exports written to a private folder (never the public upload folder) and served only to their owner."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import secrets
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import numpy as np

from leasedash.services.file_links import signed_link
from leasedash.services.fleet_ending import ending_of_contracts
from leasedash.services.fleet import FleetData, FleetRow, fleet_rows
from leasedash.services.spreadsheet_cells import safe_row
from leasedash.settings import export_dir

CHUNK = 5000
_NAME = re.compile(r"^(\d+)-([A-Za-z0-9_-]{16,64})\.(csv|zip)$")  # a fleet CSV, or the ZIP of "download my data"
HEADER = ["contract_id", "reference", "driver", "car", "plate", "product", "monthly_rent", "pace_vs_plan", "projected_km",
          "projected_settlement", "end_date", "end_of_lease_path", "end_of_lease_saving"]


def export_path(name: str, user_id: int) -> Path | None:
    """The file of an export, if `name` is a well-formed export name that belongs to `user_id`."""
    match = _NAME.match(name or "")
    if not match or int(match.group(1)) != user_id:
        return None
    path = export_dir() / name
    return path if path.is_file() else None


def _csv_line(row: FleetRow, ending: tuple[str, Decimal] | None) -> list:
    """One contract; a contract ending within end_of_lease.json's months adds its cheapest end-of-lease path and what
    it saves against returning the car (services/fleet_ending.py)."""
    label = row.label
    return safe_row([row.contract_id, label.reference, label.driver, label.car, label.plate, label.product, f"{row.rent_cents / 100:.2f}",
            f"{row.pace_ratio:.3f}", row.projected_km, "" if row.settlement_cents is None else f"{row.settlement_cents / 100:.2f}",
            label.end_date.isoformat(), *((ending[0], f"{ending[1]:.2f}") if ending else ("", ""))])


async def write_fleet_csv(data: FleetData, index: np.ndarray, user_id: int) -> AsyncIterator[tuple[int, str]]:
    """Write the rows at `index` chunk by chunk; yields (rows written, "") and finally (total, url)."""
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{user_id}-{secrets.token_urlsafe(24)}.csv"
    with (folder / name).open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerow(HEADER)
        for start in range(0, len(index), CHUNK):
            rows = await asyncio.to_thread(fleet_rows, data, index[start:start + CHUNK])
            ending = await asyncio.to_thread(ending_of_contracts, data, index[start:start + CHUNK])
            buffer = io.StringIO()
            csv.writer(buffer).writerows(_csv_line(row, ending.get(row.contract_id)) for row in rows)
            out.write(buffer.getvalue())
            yield min(start + CHUNK, len(index)), ""
    yield len(index), signed_link("export", name, user_id)
