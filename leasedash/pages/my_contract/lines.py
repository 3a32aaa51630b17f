"""What /my-contract shows of the viewer's contracts and of the products offered, formatted for the reader."""

from __future__ import annotations

from dataclasses import dataclass

from leasedash import routes
from leasedash.i18n import format_date, translate
from leasedash.services.contract_entry import OwnContract


@dataclass(frozen=True)
class ProductOption:
    """A product the form offers; `needs_grid`: its rent or its termination follows a rent grid."""

    id: str
    name: str
    needs_grid: bool


@dataclass(frozen=True)
class ContractLine:
    """One of the viewer's contracts in the list."""

    contract_id: str
    reference: str
    product: str
    car: str
    period: str
    status: str
    active: bool
    editable: bool
    picked: bool
    what_if: str


def contract_line(contract: OwnContract, lang: str) -> ContractLine:
    """A contract of the list, its dates and status in the reader's language."""
    period = f"{format_date(contract.start_date, lang)} – {format_date(contract.end_date, lang)}"
    return ContractLine(str(contract.contract_id), contract.reference, contract.product, contract.car, period,
                        translate(f"status.{contract.status}", lang), contract.status == "active", contract.editable, contract.picked,
                        routes.what_if(contract.contract_id))
