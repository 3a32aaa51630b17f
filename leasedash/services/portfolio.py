"""The portfolio projection as the CLI, the API and the fleet page use it: loaded in bulk, projected
with numpy, summed per company and per product."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from leasedash.db.portfolio_queries import EPOCH, company_names, load_portfolio, product_names
from leasedash.db.session import get_engine
from leasedash.domain.portfolio import ContractArrays, Projection, Totals, project, totals, totals_by
from leasedash.domain.projection import portfolio_rules


@dataclass(frozen=True)
class Named:
    """A company, a product or a grid as a page offers it to choose."""

    id: int
    name: str


@dataclass
class PortfolioRun:
    """A projected portfolio: the arrays, and the names of the companies and products in it."""

    as_of: dt.date
    contracts: ContractArrays
    projection: Projection
    product_ids: list[int]
    product_names: dict[int, str]
    company_names: dict[int, str]


def run_portfolio(as_of: dt.date, company_id: int | None = None, url: str | None = None) -> PortfolioRun:
    """Load and project every contract active on `as_of` (of one company, or all)."""
    with get_engine(url).connect() as connection:
        contracts, products, grids, product_ids = load_portfolio(connection, as_of, company_id)
        names, companies = product_names(connection), company_names(connection)
    threshold = Fraction(Decimal(portfolio_rules()["pace_alert_threshold"]))
    projection = project(contracts, products, grids, (as_of - EPOCH).days, threshold)
    return PortfolioRun(as_of, contracts, projection, product_ids, names, companies)


def _euros(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def totals_json(t: Totals) -> dict[str, Any]:
    """Totals with amounts as strings with two decimals."""
    out = asdict(t)
    for key in ("monthly_spend", "invoices", "refunds", "net"):
        out[key] = _euros(out[key])
    return {"contracts": out["contracts"], "monthly_spend": out["monthly_spend"],
            "projected_settlement": {"invoices": out["invoices"], "refunds": out["refunds"], "net": out["net"]},
            "off_plan": out["off_plan"], "quote_needed": out["quote_needed"]}


def portfolio_json(run: PortfolioRun, detail: bool = False) -> dict[str, Any]:
    """The output of `leasedash portfolio --json`: totals, then per company and per product."""
    c, p = run.contracts, run.projection
    by_company = totals_by(c.company_id, c, p)
    by_product = totals_by(c.product, c, p)
    out: dict[str, Any] = {
        "as_of": run.as_of.isoformat(),
        "totals": totals_json(totals(c, p)),
        "companies": [{"company_id": k, "name": run.company_names.get(k, ""), **totals_json(v)} for k, v in by_company.items()],
        "products": [{"product_id": run.product_ids[k], "name": run.product_names.get(run.product_ids[k], ""), **totals_json(v)}
                     for k, v in by_product.items()],
    }
    if detail:
        out["contracts"] = detail_rows(run)
    return out


def detail_rows(run: PortfolioRun, index: np.ndarray | None = None) -> list[dict[str, Any]]:
    """One row per contract (all, or those at `index`): its projection."""
    c, p = run.contracts, run.projection
    rows = range(len(c)) if index is None else index
    return [
        {
            "contract_id": int(c.contract_id[i]), "company_id": int(c.company_id[i]), "months_run": int(p.months_run[i]),
            "km_driven": int(c.km[i]) if c.km[i] >= 0 else None, "annual_pace": int(round(float(p.pace[i]))),
            "projected_km": int(p.projected_km[i]), "off_plan": bool(p.off_plan[i]), "quote_needed": bool(p.quote_needed[i]),
            "projected_settlement": None if p.quote_needed[i] else _euros(int(p.settlement_cents[i])),
        }
        for i in rows
    ]
