"""Rent grids as their users see them, any point of a grid quoted, and grids imported by a fleet manager or
an admin."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from leasedash.db.models import Product, RentGrid
from leasedash.db.queries import get_contract, grid_products, visible_grids
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.errors import GridError, GridProblem
from leasedash.domain.grid import RentGrid as DomainGrid
from leasedash.domain.grid import shape_warnings
from leasedash.domain.grid_parse import parse_grid
from leasedash.errors import AccessDenied, InvalidInput, NotFound
from leasedash.services.catalogue_sync import ensure_grid, load_grid
from leasedash.services.contract_view import contract_view, own_contract_ids
from leasedash.services.portfolio import Named

MAX_UPLOAD_BYTES = 1_000_000
UPLOAD_SUFFIXES = (".csv", ".txt", ".json")
UPLOAD_ACCEPT = {"text/csv": [".csv"], "text/plain": [".txt"], "application/json": [".json"]}
"""What a drop zone of a grid (or of a CSV of people: the first two) lets the browser send."""
OUTSIDE_GRID = ("outside_grid_months", "above_grid_km")


@dataclass(frozen=True)
class GridView:
    """A grid with its label and product; opened for a contract, the contract's cell and where it is projected
    to end (months, km a year)."""

    grid_id: int
    label: str
    product_name: str
    grid: DomainGrid
    contract_point: tuple[int, int] | None = None
    projected_point: tuple[int, int] | None = None

    @property
    def title(self) -> str:
        """"label · product", as a grid is named wherever it is chosen."""
        return f"{self.label} · {self.product_name}"


@dataclass(frozen=True)
class PointQuote:
    """The rent at a point of a grid and the rule that gives it; rent None: outside the grid (`rule` says how),
    the lessor must quote."""

    months: Decimal
    annual_km: Decimal
    rent: Decimal | None
    rule: str


@dataclass(frozen=True)
class GridImport:
    """An import: the grid stored, or every problem with its row and column (nothing stored then); and the
    warnings worth a look."""

    grid: GridView | None
    problems: tuple[GridProblem, ...] = ()
    warnings: tuple[GridProblem, ...] = ()


def grid_choices(viewer: Viewer) -> list[Named]:
    """The grids the viewer may open, named as GridView.title."""
    with session_scope() as s:
        return [Named(grid_id, f"{label} · {product}") for grid_id, label, product in visible_grids(s, viewer)]


def import_products(viewer: Viewer) -> list[Named]:
    """The products a fleet manager or an admin imports a grid for (none for a driver)."""
    if not viewer.manages_contracts:
        return []
    with session_scope() as s:
        return [Named(p.id, p.name) for p in grid_products(s)]


def open_grid(viewer: Viewer, grid_id: int) -> GridView:
    """A grid the viewer may see (NotFound otherwise)."""
    with session_scope() as s:
        return _open(s, viewer, grid_id)


def landing_grid(viewer: Viewer, contract_id: int | None, grid_id: int | None) -> GridView | None:
    """What /grid opens on: the grid of the contract asked for (a driver: else of their first contract), with
    the contract's cell and projected end; else the grid asked for, else the viewer's first; None without any."""
    with session_scope() as s:
        if contract_id is None and grid_id is None and viewer.role == "driver":
            own = own_contract_ids(s, viewer)
            contract_id = own[0][0] if own else None
        if contract_id is not None:
            return _contract_grid(s, viewer, contract_id)
        if grid_id is None:
            grids = visible_grids(s, viewer)
            if not grids:
                return None
            grid_id = grids[0][0]
        return _open(s, viewer, grid_id)


def _open(session: Session, viewer: Viewer, grid_id: int) -> GridView:
    allowed = {gid: (label, product) for gid, label, product in visible_grids(session, viewer)}
    if grid_id not in allowed:
        raise NotFound(f"grid {grid_id}: no such grid among yours")
    label, product = allowed[grid_id]
    return GridView(grid_id, label, product, load_grid(session, grid_id))


def _contract_grid(session: Session, viewer: Viewer, contract_id: int) -> GridView:
    contract = get_contract(session, viewer, contract_id)
    if contract.rent_grid_id is None:
        raise NotFound(f"contract {contract.reference} has no rent grid")
    view = _open(session, viewer, contract.rent_grid_id)
    projection = contract_view(session, viewer, contract_id).projection
    projected = (contract.months, round(projection.projected_km * 12 / contract.months)) if projection is not None else None
    return GridView(view.grid_id, view.label, view.product_name, view.grid, (contract.months, contract.annual_km), projected)


def quote_point(grid: DomainGrid, months: Decimal, annual_km: Decimal) -> PointQuote:
    """The rent at (months, km a year); outside the grid the answer is that the lessor must quote it."""
    try:
        quote = grid.quote(months, annual_km)
    except InvalidInput as exc:
        if exc.code not in OUTSIDE_GRID:
            raise
        return PointQuote(months, annual_km, None, exc.code)
    return PointQuote(months, annual_km, quote.monthly_rent, quote.rule)


def upload_text(name: str, data: bytes) -> str:
    """The text of an uploaded grid: a .csv, .txt or .json file of at most MAX_UPLOAD_BYTES, in UTF-8."""
    refused = InvalidInput("file", f"{name}: only .csv, .txt or .json files of at most 1 MB, in UTF-8",
                           code="grid_upload", params={"name": name})
    if not name.lower().endswith(UPLOAD_SUFFIXES) or len(data) > MAX_UPLOAD_BYTES:
        raise refused
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused from None


def import_grid(viewer: Viewer, product_id: int, label: str, text: str) -> GridImport:
    """Validate a grid pasted or uploaded by a fleet manager or an admin and store it for their company (an
    admin's for every company); on any problem nothing is stored and every problem is returned."""
    if not viewer.manages_contracts:
        raise AccessDenied("only a fleet manager or an admin imports a rent grid")
    try:
        with session_scope() as s:
            stored = _store(s, viewer, product_id, label, text)
            view = _open(s, viewer, stored.id)
    except GridError as exc:
        return GridImport(None, tuple(exc.problems))
    grid = view.grid
    return GridImport(view, (), tuple(shape_warnings(grid.months, grid.annual_km, grid.rents)))


def _store(session: Session, viewer: Viewer, product_id: int, label: str, text: str) -> RentGrid:
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
