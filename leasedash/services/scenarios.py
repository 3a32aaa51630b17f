"""A stored contract as the scenario document of spec/scenario.md."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session

from leasedash.db.models import Contract, Product
from leasedash.services.catalogue_sync import load_grid

_OPTIONAL_RULES = (
    "min_billed_months", "eco_premium", "eco_premium_before_month", "excess_km_rate", "under_km_rate",
    "termination", "keurmerk_percentage", "earliest_termination_month", "first_invoice_cutoff_day",
)


def product_document(product: Product, grid: dict[str, Any] | None) -> dict[str, Any]:
    """The product part of a scenario document, from a product row and its grid."""
    doc: dict[str, Any] = {"name": product.name, "kind": product.kind, "changes_allowed": product.changes_allowed}
    for key in _OPTIONAL_RULES:
        value = getattr(product, key)
        if value is not None:
            doc[key] = str(value.normalize()) if isinstance(value, Decimal) else value
    if grid is not None:
        doc["grid"] = grid
    return doc


def contract_document(session: Session, contract: Contract, events: list[dict[str, Any]] | None = None,
                      grids: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The contract with its product and grid as a scenario document (the caller checked access); `grids` keeps the
    grids read, by id, for a caller documenting many contracts."""
    product = session.get(Product, contract.product_id)
    assert product is not None
    grid = None
    if contract.rent_grid_id is not None:
        grids = {} if grids is None else grids
        if contract.rent_grid_id not in grids:
            grids[contract.rent_grid_id] = load_grid(session, contract.rent_grid_id).as_json()
            grids[contract.rent_grid_id].pop("warnings")
        grid = grids[contract.rent_grid_id]
    return {
        "product": product_document(product, grid),
        "contract": {
            "months": contract.months,
            "annual_km": contract.annual_km,
            "monthly_rent": f"{contract.monthly_rent:.2f}",
            "start_date": contract.start_date.isoformat(),
        },
        "events": events or [],
    }
