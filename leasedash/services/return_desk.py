"""What a fleet manager or an admin has to organise on /returns: the contracts coming to their end within the
window of leasedash/data/returns.json (90 days), each with its inspection when one is planned."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from leasedash.db.contract_search import contracts_ending
from leasedash.db.inspections import inspections_of_contracts
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.errors import AccessDenied


@cache
def return_settings() -> dict[str, Any]:
    """leasedash/data/returns.json."""
    return json.loads(resources.files("leasedash.data").joinpath("returns.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class EndingContract:
    """An active contract coming to its end, and its inspection if one is planned (None: start one)."""

    contract_id: int
    reference: str
    driver: str
    car: str
    plate: str
    end_date: dt.date
    inspection_id: int | None


@dataclass(frozen=True)
class EndingContracts:
    """The first contracts ending within `days` of `today`, soonest first, and how many end then in all."""

    rows: tuple[EndingContract, ...]
    total: int
    days: int


def contracts_ending_soon(viewer: Viewer, today: dt.date) -> EndingContracts:
    """The active contracts of the viewer's scope that end within the window, for a fleet manager or an admin."""
    if not viewer.manages_contracts:
        raise AccessDenied("the contracts coming to their end are for fleet managers and admins")
    settings = return_settings()
    days = int(settings["upcoming_return_days"])
    with session_scope() as s:
        rows, total = contracts_ending(s, viewer, today, today + dt.timedelta(days=days), int(settings["upcoming_rows_shown"]))
        planned = inspections_of_contracts(s, [c.id for c, *_ in rows])
    return EndingContracts(tuple(EndingContract(c.id, c.reference, f"{first} {last}", f"{make} {model}", plate, c.end_date, planned.get(c.id))
                                 for c, first, last, make, model, plate in rows), total, days)
