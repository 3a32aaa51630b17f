"""Who may see which rows: a driver their own, a fleet manager their company's, an admin all."""

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


def visible_rows(statement: Select, viewer: Viewer, company_column, driver_column) -> Select:
    """Restrict a statement to the rows the viewer may see: an admin all, a fleet manager their company's
    (`company_column`), a driver their own (`driver_column`: the contract's driver, the offer's or request's author)."""
    if viewer.role == "admin":
        return statement
    if viewer.role == "fleet_manager" and viewer.company_id is not None:
        return statement.where(company_column == viewer.company_id)
    if viewer.role == "driver":
        return statement.where(driver_column == viewer.user_id)
    return statement.where(false())


def visible_contracts(statement: Select, viewer: Viewer) -> Select:
    """Restrict a statement over Contract to the rows the viewer may see."""
    return visible_rows(statement, viewer, Contract.company_id, Contract.driver_id)
