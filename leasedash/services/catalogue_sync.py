"""The seed products and their rent grids in the database, created once and found again by code and label."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, select

from leasedash.db.models import Product, RentGrid, RentGridCell
from leasedash.domain.catalogue import CatalogueEntry, seed_products
from leasedash.domain.grid import RentGrid as DomainGrid

_RULE_COLUMNS = (
    "kind", "min_billed_months", "eco_premium", "eco_premium_before_month", "excess_km_rate", "under_km_rate",
    "changes_allowed", "termination", "keurmerk_percentage", "earliest_termination_month", "first_invoice_cutoff_day",
)


def ensure_products(session: Session) -> dict[str, Product]:
    """Every seed product as a row, by code (existing rows are kept as the admin left them)."""
    existing = {p.code: p for p in session.exec(select(Product)).all()}
    for code, entry in seed_products().items():
        if code not in existing:
            existing[code] = _product_row(entry)
            session.add(existing[code])
    session.flush()
    return existing


def _product_row(entry: CatalogueEntry) -> Product:
    rules = entry.rules
    values = {c: rules[c] for c in _RULE_COLUMNS if rules.get(c) is not None}
    for money in ("eco_premium", "excess_km_rate", "under_km_rate", "keurmerk_percentage"):
        if money in values:
            values[money] = Decimal(str(values[money]))
    settings = {k: Decimal(v) for k, v in entry.settings.items()}
    return Product(code=entry.code, name=entry.name, lessor=entry.lessor, country=entry.country, **values, **settings)


def ensure_grid(session: Session, product: Product, label: str, source: str, grid: DomainGrid,
                company_id: int | None = None, created_by: int | None = None) -> RentGrid:
    """The product's grid with this label (for this company, or lessor-wide), stored with its cells the first time."""
    row = session.exec(select(RentGrid).where(RentGrid.product_id == product.id, RentGrid.label == label,
                                              RentGrid.company_id == company_id if company_id is not None else RentGrid.company_id.is_(None))).first()
    if row is not None:
        return row
    row = RentGrid(product_id=product.id, label=label, source=source, company_id=company_id, created_by=created_by)
    session.add(row)
    session.flush()
    session.add_all(
        RentGridCell(grid_id=row.id, months=m, annual_km=k, monthly_rent=grid.rents[i][j])
        for i, k in enumerate(grid.annual_km)
        for j, m in enumerate(grid.months)
    )
    session.flush()
    return row


def load_grid(session: Session, grid_id: int) -> DomainGrid:
    """A stored grid as the domain's RentGrid."""
    cells = session.exec(select(RentGridCell).where(RentGridCell.grid_id == grid_id)).all()
    months = sorted({c.months for c in cells})
    kms = sorted({c.annual_km for c in cells})
    by_key = {(c.annual_km, c.months): c.monthly_rent for c in cells}
    return DomainGrid.build(months, kms, [[by_key[(k, m)] for m in months] for k in kms], min_axis_values=1)
