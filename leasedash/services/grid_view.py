"""Rent grids as their users see them, and grids imported by a fleet manager or an admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.models import Product, RentGrid
from leasedash.db.queries import get_contract, visible_grids
from leasedash.db.scoping import Viewer
from leasedash.domain.errors import GridError, GridProblem
from leasedash.domain.grid import RentGrid as DomainGrid
from leasedash.domain.grid_parse import parse_grid
from leasedash.services.catalogue_sync import ensure_grid, load_grid


@dataclass(frozen=True)
class GridView:
    """A grid with its label and product, and the contract it was opened for (if any)."""

    grid_id: int
    label: str
    product_name: str
    grid: DomainGrid
    contract_point: tuple[int, int] | None = None


def open_grid(session: Session, viewer: Viewer, grid_id: int) -> GridView:
    """A grid the viewer may see (NotFound otherwise)."""
    allowed = {gid: (label, product) for gid, label, product in visible_grids(session, viewer)}
    if grid_id not in allowed:
        raise NotFound(f"grid {grid_id}: no such grid among yours")
    label, product = allowed[grid_id]
    return GridView(grid_id, label, product, load_grid(session, grid_id))


def open_contract_grid(session: Session, viewer: Viewer, contract_id: int) -> GridView:
    """The grid of one of the viewer's contracts, with the contract's cell."""
    contract = get_contract(session, viewer, contract_id)
    if contract.rent_grid_id is None:
        raise NotFound(f"contract {contract.reference} has no rent grid")
    view = open_grid(session, viewer, contract.rent_grid_id)
    return GridView(view.grid_id, view.label, view.product_name, view.grid, (contract.months, contract.annual_km))


def import_grid(session: Session, viewer: Viewer, product_id: int, label: str, text: str) -> RentGrid:
    """Validate a grid pasted or uploaded by a fleet manager or an admin and store it for their company
    (an admin's for every company). Raises GridError with every problem; nothing is stored then."""
    if not viewer.manages_contracts:
        raise AccessDenied("only a fleet manager or an admin imports a rent grid")
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(f"product {product_id}: no such product")
    label = (label or "").strip()
    if not label or len(label) > 200:
        raise GridError([GridProblem("label", "a name of 1 to 200 characters is needed", code="label")])
    company_id = None if viewer.role == "admin" else viewer.company_id
    same_owner = RentGrid.company_id == company_id if company_id is not None else RentGrid.company_id.is_(None)
    taken = session.exec(select(RentGrid.id).where(RentGrid.product_id == product_id, RentGrid.label == label, same_owner)).first()
    if taken is not None:
        raise GridError([GridProblem("label", f"{label!r} is already the name of a grid of this product", code="label_taken")])
    grid = parse_grid(text, min_axis_values=2 if product.kind == "grid" else 1)
    return ensure_grid(session, product, label, "import", grid, company_id=company_id, created_by=viewer.user_id)
