"""The portfolio projection as the CLI, the API and the fleet page use it: read from the snapshot (services/
snapshot.py), projected with numpy, summed per company and per product, and patched contract by contract when
the snapshot moves on."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from leasedash.db.portfolio_queries import EPOCH, company_names, load_grids, load_products, product_names
from leasedash.db.session import get_engine
from leasedash.db.snapshot_queries import COLUMNS, Scope, active, contract_arrays, snapshot_rows
from leasedash.domain.portfolio import ContractArrays, GridArrays, ProductArrays, Projection, Totals, project, totals, totals_by
from leasedash.domain.projection import portfolio_rules
from leasedash.services import snapshot

COMPANY, PRODUCT, GRID, MAKE, READING_DAY = (COLUMNS.index(n) for n in ("company_id", "product_id", "grid_id", "make", "reading_day"))


@dataclass(frozen=True)
class Named:
    """A company, a product or a grid as a page offers it to choose."""

    id: int
    name: str


@dataclass
class PortfolioRun:
    """A projected portfolio: the arrays (ordered by company, then contract id), what projecting a contract again
    needs (products, grids, the pace threshold), each contract's make, and the names of companies, products, makes."""

    as_of: dt.date
    contracts: ContractArrays
    projection: Projection
    product_ids: list[int]
    product_names: dict[int, str]
    company_names: dict[int, str]
    makes: np.ndarray
    make_names: list[str]
    products: ProductArrays
    grids: list[GridArrays]
    grid_ids: list[int]
    threshold: Fraction


def _day(as_of: dt.date) -> int:
    return (as_of - EPOCH).days


def scope_rows(as_of: dt.date, company_id: int | None, url: str | None = None) -> tuple[list[np.ndarray], list[str], tuple[int, int]]:
    """The snapshot rows of one company (or of every company, one array each) for a projection on `as_of`, the make
    names, and the snapshot's position; read from the database instead when some contract has a reading after
    `as_of` (a date in the past)."""
    store = snapshot.store(url)
    store.refresh()
    parts, make_names, position = store.parts(company_id)
    if any(part.shape[1] and part[READING_DAY].max() > _day(as_of) for part in parts):
        with get_engine(url).connect() as connection:
            parts = [snapshot_rows(connection, Scope(company_id=company_id), {n: i for i, n in enumerate(make_names)}, as_of)]
    return parts, make_names, position


def project_rows(parts: list[np.ndarray], make_names: list[str], as_of: dt.date, url: str | None = None) -> PortfolioRun:
    """Project the contracts of `parts` (snapshot rows, one array a company or one in all) running on `as_of` to their
    end; only the running rows are copied."""
    running = [active(part, _day(as_of)) for part in parts]
    running = running[0] if len(running) == 1 else np.concatenate(running, axis=1) if running else np.zeros((len(COLUMNS), 0), dtype=np.int64)
    grid_ids = [g for g in np.unique(running[GRID]).tolist() if g >= 0]
    with get_engine(url).connect() as connection:
        product_ids, products = load_products(connection)
        grids, names, companies = load_grids(connection, grid_ids), product_names(connection), company_names(connection)
    threshold = Fraction(Decimal(portfolio_rules()["pace_alert_threshold"]))
    contracts = contract_arrays(running, product_ids, grid_ids)
    projection = project(contracts, products, grids, _day(as_of), threshold)
    return PortfolioRun(as_of, contracts, projection, product_ids, names, companies, running[MAKE].copy(), make_names, products,
                        grids, grid_ids, threshold)


def run_portfolio(as_of: dt.date, company_id: int | None = None, url: str | None = None) -> PortfolioRun:
    """Load and project every contract active on `as_of` (of one company, or all)."""
    parts, make_names, _ = scope_rows(as_of, company_id, url)
    return project_rows(parts, make_names, as_of, url)


def patch_run(run: PortfolioRun, ids: np.ndarray, rows: np.ndarray, company_id: int | None, url: str | None = None) -> bool:
    """Put changed contracts into a projected run: the contracts `ids` leave it, and those of `rows` (their rows now)
    that belong to its company and run on its date come in, projected, in their place (a grid the run does not
    hold yet is read). False when one of them names a product created since (project the whole run again then)."""
    day = _day(run.as_of)
    coming = active(rows if company_id is None else rows[:, rows[COMPANY] == company_id], day)
    if not np.isin(coming[PRODUCT], run.product_ids).all():
        return False
    new_grids = sorted(set(coming[GRID][coming[GRID] >= 0].tolist()) - set(run.grid_ids))
    if new_grids:
        with get_engine(url).connect() as connection:
            run.grids = [*run.grids, *load_grids(connection, new_grids)]
        run.grid_ids = [*run.grid_ids, *new_grids]
    c = run.contracts
    leaving = np.nonzero(np.isin(c.contract_id, ids))[0]
    keys, new_keys = c.company_id * snapshot.SHIFT + c.contract_id, snapshot.sort_key(coming)
    added = contract_arrays(coming, run.product_ids, run.grid_ids)
    projected = project(added, run.products, run.grids, day, run.threshold)
    if snapshot.same_places(keys, leaving, new_keys):
        for old, new in ((c, added), (run.projection, projected)):
            for f in fields(old):
                getattr(old, f.name)[leaving] = getattr(new, f.name)
        run.makes[leaving] = coming[MAKE]
        return True
    kept, at = snapshot.splice(keys, leaving, new_keys)
    run.contracts = ContractArrays(**{f.name: np.insert(getattr(c, f.name)[kept], at, getattr(added, f.name)) for f in fields(c)})
    run.projection = Projection(**{f.name: np.insert(getattr(run.projection, f.name)[kept], at, getattr(projected, f.name))
                                   for f in fields(projected)})
    run.makes = np.insert(run.makes[kept], at, coming[MAKE])
    return True


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
    """One row per contract (all, by contract id, or those at `index`): its projection."""
    c, p = run.contracts, run.projection
    rows = np.argsort(c.contract_id, kind="stable") if index is None else index
    return [
        {
            "contract_id": int(c.contract_id[i]), "company_id": int(c.company_id[i]), "months_run": int(p.months_run[i]),
            "km_driven": int(c.km[i]) if c.km[i] >= 0 else None, "annual_pace": int(round(float(p.pace[i]))),
            "projected_km": int(p.projected_km[i]), "off_plan": bool(p.off_plan[i]), "quote_needed": bool(p.quote_needed[i]),
            "projected_settlement": None if p.quote_needed[i] else _euros(int(p.settlement_cents[i])),
        }
        for i in rows
    ]
