"""The portfolio's columns, straight from SQL into one int64 array: every signed contract of a scope (a company,
a list of contracts, or all) with its latest odometer reading and its car's make; PostgreSQL sends them with a
binary COPY parsed by numpy in place, SQLite in batches of rows. Integers only (cents, days since 1970)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.engine import Connection

from leasedash.db.portfolio_queries import EPOCH, cents_sql, days_sql, latest_readings_sql, load_grids, load_products
from leasedash.domain.portfolio import ContractArrays, GridArrays, ProductArrays

COLUMNS = ("contract_id", "company_id", "product_id", "grid_id", "months", "annual_km", "rent_cents", "start_day", "end_day",
           "km", "reading_day", "make")
COPY_BLOCK = 1 << 24
FETCH_ROWS = 50_000


@dataclass(frozen=True)
class Scope:
    """Which contracts: one company's, the listed ones, or every company's (both None)."""

    company_id: int | None = None
    contract_ids: Sequence[int] | None = None

    def contracts(self, alias: str = "c") -> str:
        """The scope as a condition on the contract table (ids and company written as integer literals)."""
        if self.contract_ids is not None:
            return f"{alias}.id IN ({', '.join(str(int(i)) for i in self.contract_ids) or 'NULL'})"
        if self.company_id is not None:
            return f"{alias}.company_id = {int(self.company_id)}"
        return "1 = 1"

    def readings(self) -> str | None:
        """The scope as a condition on the odometer readings (None: every reading)."""
        if self.contract_ids is None and self.company_id is None:
            return None
        return f"contract_id IN (SELECT s.id FROM contract s WHERE {self.contracts('s')})"


def makes(connection: Connection, scope: Scope) -> list[str]:
    """The makes of the cars of the scope's contracts, sorted."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"SELECT DISTINCT v.make FROM contract c JOIN vehicle v ON v.id = c.vehicle_id WHERE {scope.contracts()}")
        return sorted(row[0] for row in cursor.fetchall())
    finally:
        cursor.close()


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def snapshot_rows(connection: Connection, scope: Scope, make_codes: dict[str, int], as_of: dt.date | None = None) -> np.ndarray:
    """Every signed (not planned) contract of the scope as a (len(COLUMNS), n) array, ordered by company then
    id: terms, rent in cents, days since 1970, the latest reading (on or before `as_of` when given; km -1 and
    day -1 without one) and the make's code in `make_codes` (-1 for a make not in it)."""
    dialect = connection.dialect.name
    read = _copy_int64 if dialect == "postgresql" else _fetch_int64
    if make_codes:
        values = ", ".join(f"({_quoted(name)}, {int(code)})" for name, code in make_codes.items())
        head, make, join = f"WITH m(make, code) AS (VALUES {values}) ", "COALESCE(m.code, -1)", "LEFT JOIN m ON m.make = v.make "
    else:
        head, make, join = "", "-1", ""
    contracts = read(connection, (
        f"{head}SELECT c.id, c.company_id, c.product_id, COALESCE(c.rent_grid_id, -1), c.months, c.annual_km, "
        f"{cents_sql('c.monthly_rent')}, {days_sql(dialect, 'c.start_date')}, {days_sql(dialect, 'c.end_date')}, -1, -1, {make} "
        f"FROM contract c JOIN vehicle v ON v.id = c.vehicle_id {join}"
        f"WHERE c.status <> 'planned' AND {scope.contracts()} ORDER BY c.company_id, c.id"
    ), len(COLUMNS))
    date = f"'{as_of.isoformat()}'" if as_of is not None else None
    latest = read(connection, latest_readings_sql(dialect, scope.readings(), date), 3)
    if latest.shape[1] and contracts.shape[1]:
        by_id = np.argsort(contracts[0], kind="stable")
        ids = contracts[0, by_id]
        pos = np.clip(np.searchsorted(ids, latest[0]), 0, len(ids) - 1)
        hit = ids[pos] == latest[0]
        rows = by_id[pos[hit]]
        contracts[9, rows], contracts[10, rows] = latest[2, hit], latest[1, hit]
    return contracts


def active(rows: np.ndarray, day: int) -> np.ndarray:
    """The rows of the contracts running on `day` (days since 1970): started on or before it, ending after it."""
    start, end = COLUMNS.index("start_day"), COLUMNS.index("end_day")
    return rows[:, (rows[start] <= day) & (rows[end] > day)]


def positions(ids: list[int], values: np.ndarray) -> np.ndarray:
    """Where each of `values` stands in the list `ids` (every value is in it; the list in any order): one look-up in
    a table as long as the largest id."""
    table = np.zeros(max(ids, default=0) + 1, dtype=np.int64)
    table[np.array(ids, dtype=np.int64)] = np.arange(len(ids))
    return table[values]


def contract_arrays(rows: np.ndarray, product_ids: list[int], grid_ids: list[int]) -> ContractArrays:
    """The projection's arrays of these rows, products and grids as indexes into `product_ids` and `grid_ids`."""
    c = dict(zip(COLUMNS, rows))
    grid = np.full(rows.shape[1], -1, dtype=np.int64)
    known = c["grid_id"] >= 0
    if grid_ids:
        grid[known] = positions(grid_ids, c["grid_id"][known])
    product = positions(product_ids, c["product_id"])
    return ContractArrays(c["contract_id"], c["company_id"], product, grid, c["months"], c["annual_km"], c["rent_cents"],
                          c["start_day"], c["end_day"], c["km"], c["reading_day"])


def load_portfolio(connection: Connection, as_of: dt.date, company_id: int | None = None) -> tuple[ContractArrays, ProductArrays, list[GridArrays], list[int]]:
    """Every contract active on `as_of` (of one company, or all) with its latest reading on or before it, read from
    the database (no snapshot). Returns the contracts, the products, the grids, and the product ids in index order."""
    rows = active(snapshot_rows(connection, Scope(company_id=company_id), {}, as_of), (as_of - EPOCH).days)
    product_ids, products = load_products(connection)
    grid_ids = np.unique(rows[COLUMNS.index("grid_id")]).tolist()
    grid_ids = [g for g in grid_ids if g >= 0]
    return contract_arrays(rows, product_ids, grid_ids), products, load_grids(connection, grid_ids), product_ids


def _fetch_int64(connection: Connection, sql: str, width: int) -> np.ndarray:
    cursor = connection.connection.cursor()
    parts = []
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(FETCH_ROWS):
            parts.append(np.array(rows, dtype=np.int64).reshape(len(rows), width).T)
    finally:
        cursor.close()
    return np.ascontiguousarray(np.concatenate(parts, axis=1)) if parts else np.zeros((width, 0), dtype=np.int64)


def _copy_int64(connection: Connection, sql: str, width: int) -> np.ndarray:
    """A query of BIGINT columns (no NULL) read with COPY ... (FORMAT BINARY): each row is a field count, then a
    length and a big-endian value per field, so a block of whole rows is one numpy record array."""
    fields = [("count", ">i2")] + [part for i in range(width) for part in ((f"len{i}", ">i4"), (f"v{i}", ">i8"))]
    row = np.dtype(fields)
    cast = ", ".join(f"CAST(q.{name} AS BIGINT)" for name in (f"c{i}" for i in range(width)))
    aliased = f"SELECT {cast} FROM ({sql}) AS q({', '.join(f'c{i}' for i in range(width))})"
    parts: list[np.ndarray] = []
    pending = bytearray()
    header = 19

    def take(final: bool) -> None:
        whole = (len(pending) - (2 if final else 0)) // row.itemsize
        if whole <= 0:
            return
        records = np.frombuffer(bytes(pending[: whole * row.itemsize]), dtype=row)
        if not ((records["count"] == width).all() and all((records[f"len{i}"] == 8).all() for i in range(width))):
            raise ValueError("COPY sent a row that is not all BIGINT values")
        parts.append(np.stack([records[f"v{i}"].astype(np.int64) for i in range(width)]))
        del pending[: whole * row.itemsize]

    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY ({aliased}) TO STDOUT (FORMAT BINARY)") as copy:
            for block in copy:
                pending += block
                if header:
                    if len(pending) < header:
                        continue
                    del pending[:header]
                    header = 0
                if len(pending) >= COPY_BLOCK:
                    take(final=False)
        take(final=True)
    finally:
        cursor.close()
    return np.concatenate(parts, axis=1) if parts else np.zeros((width, 0), dtype=np.int64)
