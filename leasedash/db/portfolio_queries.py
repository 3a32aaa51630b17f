"""The portfolio as numpy arrays, straight from SQL: contracts active on a date, their latest odometer
reading on or before it, the products and the rent grids. Integers only (cents, days since 1970)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

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


def _int_rows(connection: Connection, sql: str, width: int) -> np.ndarray:
    """A query of integer columns straight from the driver's cursor into an int64 array (no Row objects)."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return np.array(rows, dtype=np.int64).reshape(len(rows), width)


def load_portfolio(connection: Connection, as_of: dt.date, company_id: int | None = None) -> tuple[ContractArrays, ProductArrays, list[GridArrays], list[int]]:
    """Every contract active on `as_of` (of one company, or all), with its latest reading on or before it.
    Returns the contracts, the products, the grids, and the product ids in index order.
    The date and the company id are typed values, written into the SQL as literals."""
    dialect = connection.dialect.name
    day = (as_of - EPOCH).days
    date = f"'{as_of.isoformat()}'"
    where = f"c.start_date <= {date} AND c.end_date > {date} AND c.status <> 'planned'"
    if company_id is not None:
        where += f" AND c.company_id = {int(company_id)}"
    data = _int_rows(connection, (
        f"SELECT c.id, c.company_id, c.product_id, COALESCE(c.rent_grid_id, -1), c.months, c.annual_km, "
        f"{_cents('c.monthly_rent')}, {_days(dialect, 'c.start_date')}, {_days(dialect, 'c.end_date')} "
        f"FROM contract c WHERE {where} ORDER BY c.id"
    ), 9)
    latest = _latest_readings(connection, date, company_id)
    km = np.full(len(data), -1, dtype=np.int64)
    reading_day = np.full(len(data), day, dtype=np.int64)
    if len(latest) and len(data):
        pos = np.clip(np.searchsorted(data[:, 0], latest[:, 0]), 0, len(data) - 1)
        hit = data[pos, 0] == latest[:, 0]
        km[pos[hit]], reading_day[pos[hit]] = latest[hit, 2], latest[hit, 1]
    product_ids, products = load_products(connection)
    product_index = np.searchsorted(np.array(product_ids, dtype=np.int64), data[:, 2])
    grid_ids = sorted({int(g) for g in data[:, 3] if g >= 0})
    grid_index = np.full(len(data), -1, dtype=np.int64)
    if grid_ids:
        known = data[:, 3] >= 0
        grid_index[known] = np.searchsorted(np.array(grid_ids, dtype=np.int64), data[known, 3])
    contracts = ContractArrays(data[:, 0], data[:, 1], product_index, grid_index, data[:, 4], data[:, 5], data[:, 6],
                               data[:, 7], data[:, 8], km, reading_day)
    return contracts, products, load_grids(connection, grid_ids), product_ids


def _latest_readings(connection: Connection, date: str, company_id: int | None) -> np.ndarray:
    """(contract id, day, km) of each contract's latest reading on or before the date, by contract id
    (SQLite takes the bare columns from the row with the MAX; PostgreSQL uses DISTINCT ON)."""
    dialect = connection.dialect.name
    scope = f" AND contract_id IN (SELECT id FROM contract WHERE company_id = {int(company_id)})" if company_id is not None else ""
    if dialect == "sqlite":
        sql = (f"SELECT contract_id, {_days(dialect, 'MAX(reading_date)')}, km FROM odometer_reading "
               f"WHERE reading_date <= {date}{scope} GROUP BY contract_id ORDER BY contract_id")
    else:
        sql = (f"SELECT DISTINCT ON (contract_id) contract_id, {_days(dialect, 'reading_date')}, km FROM odometer_reading "
               f"WHERE reading_date <= {date}{scope} ORDER BY contract_id, reading_date DESC, km DESC")
    return _int_rows(connection, sql, 3)


def _scope(company_id: int | None) -> str:
    return f" AND c.company_id = {int(company_id)}" if company_id is not None else ""


def load_history(connection: Connection, company_id: int | None) -> np.ndarray:
    """(start day, end day, rent in cents) of every contract ever signed (of one company, or all)."""
    dialect = connection.dialect.name
    return _int_rows(connection, (
        f"SELECT {_days(dialect, 'c.start_date')}, {_days(dialect, 'c.end_date')}, {_cents('c.monthly_rent')} "
        f"FROM contract c WHERE c.status <> 'planned'{_scope(company_id)}"
    ), 3)


def load_makes(connection: Connection, as_of: dt.date, company_id: int | None) -> list[str]:
    """The make of every contract active on `as_of`, in contract-id order (as load_portfolio)."""
    date = f"'{as_of.isoformat()}'"
    cursor = connection.connection.cursor()
    try:
        cursor.execute(
            f"SELECT v.make FROM contract c JOIN vehicle v ON v.id = c.vehicle_id "
            f"WHERE c.start_date <= {date} AND c.end_date > {date} AND c.status <> 'planned'{_scope(company_id)} ORDER BY c.id"
        )
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


def data_fingerprint(connection: Connection) -> tuple:
    """Changes whenever a contract is added or edited or an odometer reading is added: the cache key's guard."""
    return tuple(connection.execute(text(
        "SELECT (SELECT MAX(id) FROM contract), (SELECT MAX(updated_at) FROM contract), (SELECT MAX(id) FROM odometer_reading)"
    )).one())


@dataclass(frozen=True)
class ContractLabel:
    """What a table row shows of a contract besides its figures."""

    reference: str
    driver: str
    car: str
    plate: str
    product: str
    status: str
    end_date: dt.date
    changes_allowed: bool


def contract_labels(connection: Connection, ids: list[int]) -> dict[int, ContractLabel]:
    """The label of each contract: reference, driver, car, plate, product, status, end date, whether it may change."""
    if not ids:
        return {}
    listed = ", ".join(str(int(i)) for i in ids)
    rows = connection.execute(text(
        "SELECT c.id, c.reference, u.first_name || ' ' || u.last_name, v.make || ' ' || v.model, v.plate, p.name, c.status, "
        f"c.end_date, p.changes_allowed FROM contract c JOIN app_user u ON u.id = c.driver_id JOIN vehicle v ON v.id = c.vehicle_id "
        f"JOIN product p ON p.id = c.product_id WHERE c.id IN ({listed})"
    )).all()
    return {r[0]: ContractLabel(r[1], r[2], r[3], r[4], r[5], r[6], dt.date.fromisoformat(str(r[7])[:10]), bool(r[8])) for r in rows}


def company_names(connection: Connection) -> dict[int, str]:
    """Every company's name by id."""
    return dict(connection.execute(text("SELECT id, name FROM company")).all())


def product_names(connection: Connection) -> dict[int, str]:
    """Every product's name by id."""
    return dict(connection.execute(text("SELECT id, name FROM product")).all())


def search_contract_ids(connection: Connection, query: str, as_of: dt.date, company_id: int | None) -> np.ndarray:
    """Ids of the active contracts whose reference, driver, car or plate contains `query` (case-insensitive)."""
    date = f"'{as_of.isoformat()}'"
    rows = connection.execute(text(
        "SELECT c.id FROM contract c JOIN app_user u ON u.id = c.driver_id JOIN vehicle v ON v.id = c.vehicle_id "
        f"WHERE c.start_date <= {date} AND c.end_date > {date} AND c.status <> 'planned'{_scope(company_id)} AND ("
        "LOWER(c.reference) LIKE :q OR LOWER(u.first_name || ' ' || u.last_name) LIKE :q "
        "OR LOWER(v.make || ' ' || v.model) LIKE :q OR LOWER(v.plate) LIKE :q)"
    ), {"q": f"%{query.strip().lower()}%"}).all()
    return np.array(sorted(r[0] for r in rows), dtype=np.int64)
