"""The portfolio as numpy arrays, straight from SQL: contracts active on a date, their latest odometer
reading on or before it, the products and the rent grids. Integers only (cents, days since 1970)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from sqlalchemy import text
from sqlalchemy.engine import Connection

from leasedash.domain.portfolio import KIND_FIXED, KIND_GRID, ContractArrays, GridArrays, ProductArrays

EPOCH = dt.date(1970, 1, 1)


def _days(dialect: str, column: str) -> str:
    if dialect == "sqlite":
        return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
    return f"({column} - DATE '1970-01-01')"


def _cents(column: str) -> str:
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def load_products(connection: Connection) -> tuple[list[int], ProductArrays]:
    """Every product (ids in index order) and its end-settlement rules."""
    rows = connection.execute(text(
        f"SELECT id, kind, min_billed_months, {_cents('eco_premium')}, COALESCE(eco_premium_before_month, 0), "
        "CAST(ROUND(excess_km_rate * 10000) AS BIGINT), CAST(ROUND(under_km_rate * 10000) AS BIGINT) FROM product ORDER BY id"
    )).all()
    ids = [r[0] for r in rows]
    col = lambda i: np.array([r[i] for r in rows], dtype=np.int64)  # noqa: E731
    kinds = np.array([KIND_GRID if r[1] == "grid" else KIND_FIXED for r in rows], dtype=np.int64)
    return ids, ProductArrays(kinds, col(2), col(3), col(4), col(5), col(6))


def load_grids(connection: Connection, grid_ids: list[int]) -> list[GridArrays]:
    """The grids (in the order of `grid_ids`) with their rents in cents."""
    cells: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for grid_id, months, km, cents in connection.execute(text(
        f"SELECT grid_id, months, annual_km, {_cents('monthly_rent')} FROM rent_grid_cell"
    )):
        cells[grid_id].append((months, km, cents))
    grids = []
    for grid_id in grid_ids:
        months = sorted({m for m, _, _ in cells[grid_id]})
        kms = sorted({k for _, k, _ in cells[grid_id]})
        rents = np.zeros((len(kms), len(months)), dtype=np.int64)
        mi, ki = {m: i for i, m in enumerate(months)}, {k: i for i, k in enumerate(kms)}
        for m, k, cents in cells[grid_id]:
            rents[ki[k], mi[m]] = cents
        grids.append(GridArrays(np.array(months, dtype=np.int64), np.array(kms, dtype=np.int64), rents))
    return grids


def load_portfolio(connection: Connection, as_of: dt.date, company_id: int | None = None) -> tuple[ContractArrays, ProductArrays, list[GridArrays], list[int]]:
    """Every contract active on `as_of` (of one company, or all), with its latest reading on or before it.
    Returns the contracts, the products, the grids, and the product ids in index order."""
    dialect = connection.dialect.name
    day = (as_of - EPOCH).days
    where = "c.start_date <= :as_of AND c.end_date > :as_of AND c.status <> 'planned'"
    params: dict = {"as_of": as_of}
    if company_id is not None:
        where += " AND c.company_id = :company"
        params["company"] = company_id
    rows = connection.execute(text(
        f"SELECT c.id, c.company_id, c.product_id, COALESCE(c.rent_grid_id, -1), c.months, c.annual_km, "
        f"{_cents('c.monthly_rent')}, {_days(dialect, 'c.start_date')}, {_days(dialect, 'c.end_date')} "
        f"FROM contract c WHERE {where} ORDER BY c.id"
    ), params).all()
    data = np.array(rows, dtype=np.int64).reshape(len(rows), 9)
    latest = _latest_readings(connection, where, params)
    km = np.full(len(rows), -1, dtype=np.int64)
    reading_day = np.full(len(rows), day, dtype=np.int64)
    if len(latest):
        pos = np.searchsorted(data[:, 0], latest[:, 0])
        km[pos], reading_day[pos] = latest[:, 2], latest[:, 1]
    product_ids, products = load_products(connection)
    product_index = np.searchsorted(np.array(product_ids, dtype=np.int64), data[:, 2])
    grid_ids = sorted({int(g) for g in data[:, 3] if g >= 0})
    grid_index = np.full(len(rows), -1, dtype=np.int64)
    if grid_ids:
        known = data[:, 3] >= 0
        grid_index[known] = np.searchsorted(np.array(grid_ids, dtype=np.int64), data[known, 3])
    contracts = ContractArrays(data[:, 0], data[:, 1], product_index, grid_index, data[:, 4], data[:, 5], data[:, 6],
                               data[:, 7], data[:, 8], km, reading_day)
    return contracts, products, load_grids(connection, grid_ids), product_ids


def _latest_readings(connection: Connection, where: str, params: dict) -> np.ndarray:
    """(contract id, day, km) of each contract's latest reading on or before the date, by contract id."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        sql = (f"SELECT r.contract_id, {_days(dialect, 'MAX(r.reading_date)')}, r.km FROM odometer_reading r "
               f"JOIN contract c ON c.id = r.contract_id WHERE r.reading_date <= :as_of AND {where} GROUP BY r.contract_id ORDER BY r.contract_id")
    else:
        sql = (f"SELECT DISTINCT ON (r.contract_id) r.contract_id, {_days(dialect, 'r.reading_date')}, r.km FROM odometer_reading r "
               f"JOIN contract c ON c.id = r.contract_id WHERE r.reading_date <= :as_of AND {where} "
               "ORDER BY r.contract_id, r.reading_date DESC, r.km DESC")
    rows = connection.execute(text(sql), params).all()
    return np.array(rows, dtype=np.int64).reshape(len(rows), 3)
