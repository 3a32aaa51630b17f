"""Who may see which rows: a driver their own contracts, a fleet manager their company's, an admin all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, false

from leasedash.db.models import Contract


@dataclass(frozen=True)
class Viewer:
    """The signed-in user a query runs for."""

    user_id: int
    role: str
    company_id: int | None

    @property
    def manages_contracts(self) -> bool:
        return self.role in ("fleet_manager", "admin")


def visible_contracts(statement: Select, viewer: Viewer) -> Select:
    """Restrict a statement over Contract to the rows the viewer may see."""
    if viewer.role == "admin":
        return statement
    if viewer.role == "fleet_manager" and viewer.company_id is not None:
        return statement.where(Contract.company_id == viewer.company_id)
    if viewer.role == "driver":
        return statement.where(Contract.driver_id == viewer.user_id)
    return statement.where(false())
