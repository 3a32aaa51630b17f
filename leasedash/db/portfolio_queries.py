"""What a projected portfolio needs from SQL besides its columns (db/snapshot_queries.py): the products and the
rent grids as arrays, the names of companies and products, the labels and the search of the fleet's table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from sqlalchemy import text
from sqlalchemy.engine import Connection

from leasedash.domain.portfolio import KIND_FIXED, KIND_GRID, GridArrays, ProductArrays

EPOCH = dt.date(1970, 1, 1)


def days_sql(dialect: str, column: str) -> str:
    """A date column as days since 1970-01-01, in the dialect's SQL."""
    if dialect == "sqlite":
        return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
    return f"({column} - DATE '1970-01-01')"


def cents_sql(column: str) -> str:
    """An amount in euros as whole cents."""
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def load_products(connection: Connection) -> tuple[list[int], ProductArrays]:
    """Every product (ids in index order) and its end-settlement rules."""
    rows = connection.execute(text(
        f"SELECT id, kind, min_billed_months, {cents_sql('eco_premium')}, COALESCE(eco_premium_before_month, 0), "
        "CAST(ROUND(excess_km_rate * 10000) AS BIGINT), CAST(ROUND(under_km_rate * 10000) AS BIGINT) FROM product ORDER BY id"
    )).all()
    ids = [r[0] for r in rows]
    col = lambda i: np.array([r[i] for r in rows], dtype=np.int64)  # noqa: E731
    kinds = np.array([KIND_GRID if r[1] == "grid" else KIND_FIXED for r in rows], dtype=np.int64)
    return ids, ProductArrays(kinds, col(2), col(3), col(4), col(5), col(6))


def load_grids(connection: Connection, grid_ids: list[int]) -> list[GridArrays]:
    """The grids (in the order of `grid_ids`) with their rents in cents."""
    cells: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    if not grid_ids:
        return []
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"SELECT grid_id, months, annual_km, {cents_sql('monthly_rent')} FROM rent_grid_cell "
                       f"WHERE grid_id IN ({', '.join(str(int(g)) for g in grid_ids)})")
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    for grid_id, months, km, cents in fetched:
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


def latest_readings_sql(dialect: str, where: str | None, date: str | None) -> str:
    """SELECT contract_id, day, km: each contract's latest reading (on or before the quoted `date` when given),
    among the readings matching `where`, its km driven since the delivery odometer; of two readings on the latest day
    the higher km, as db/queries.latest_reading picks it for home and the what-if (SQLite: the MAX of the date followed
    by the zero-padded km; PostgreSQL: DISTINCT ON)."""
    conditions = [c for c in (where, f"reading_date <= {date}" if date else None) if c]
    filtered = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    delivery = "(SELECT c.delivery_km FROM contract c WHERE c.id = r.contract_id)"
    if dialect == "sqlite":
        latest = "MAX(reading_date || ' ' || printf('%012d', km))"
        return (f"SELECT contract_id, {days_sql(dialect, 'substr(latest, 1, 10)')} AS day, CAST(substr(latest, 12) AS INTEGER) - {delivery} "
                f"AS km FROM (SELECT contract_id, {latest} AS latest FROM odometer_reading{filtered} GROUP BY contract_id) r")
    return (f"SELECT DISTINCT ON (contract_id) contract_id, {days_sql(dialect, 'reading_date')} AS day, km - {delivery} AS km "
            f"FROM odometer_reading r{filtered} ORDER BY contract_id, reading_date DESC, km DESC")


def _scope(company_id: int | None) -> str:
    return f" AND c.company_id = {int(company_id)}" if company_id is not None else ""


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


def company_ids(connection: Connection) -> list[int]:
    """Every company's id, in order."""
    return [row[0] for row in connection.execute(text("SELECT id FROM company ORDER BY id"))]


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
