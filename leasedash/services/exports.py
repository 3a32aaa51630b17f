"""CSV exports written to a private folder (never the public upload folder) and served only to their owner."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np

from leasedash.db.portfolio_queries import contract_labels
from leasedash.db.session import get_engine
from leasedash.settings import export_dir

CHUNK = 5000
_NAME = re.compile(r"^(\d+)-([A-Za-z0-9_-]{16,64})\.csv$")
HEADER = ["contract_id", "reference", "driver", "car", "plate", "product", "monthly_rent", "pace_vs_plan", "projected_km",
          "projected_settlement", "end_date"]


def export_url(name: str) -> str:
    return f"/api/v1/exports/{name}"


def export_path(name: str, user_id: int) -> Path | None:
    """The file of an export, if `name` is a well-formed export name that belongs to `user_id`."""
    match = _NAME.match(name or "")
    if not match or int(match.group(1)) != user_id:
        return None
    path = export_dir() / name
    return path if path.is_file() else None


async def write_fleet_csv(data, index: np.ndarray, user_id: int) -> AsyncIterator[tuple[int, str]]:
    """Write the rows at `index` chunk by chunk; yields (rows written, "") and finally (total, url)."""
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{user_id}-{secrets.token_urlsafe(24)}.csv"
    c, p = data.run.contracts, data.run.projection
    with (folder / name).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for start in range(0, len(index), CHUNK):
            chunk = index[start:start + CHUNK]
            with get_engine().connect() as connection:
                labels = contract_labels(connection, [int(c.contract_id[i]) for i in chunk])
            buffer = io.StringIO()
            rows = csv.writer(buffer)
            for i in chunk:
                cid = int(c.contract_id[i])
                label = labels.get(cid, {})
                rows.writerow([cid, label.get("reference", ""), label.get("driver", ""), label.get("car", ""), label.get("plate", ""),
                               label.get("product", ""), f"{c.rent_cents[i] / 100:.2f}", f"{p.pace[i] / c.annual_km[i]:.3f}",
                               int(p.projected_km[i]), "" if p.quote_needed[i] else f"{p.settlement_cents[i] / 100:.2f}",
                               label.get("end_date", "")])
            out.write(buffer.getvalue())
            yield min(start + CHUNK, len(index)), ""
            await asyncio.sleep(0)
    yield len(index), export_url(name)
