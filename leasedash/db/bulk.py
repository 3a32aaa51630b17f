"""Bulk writes for large loads: executemany on SQLite, COPY on PostgreSQL, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.engine import Connection


def _sqlite_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class BulkWriter:
    """Writes rows of plain values into a table as fast as the database allows; nothing is
    committed here, so a failure rolls the whole load back with the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self._raw = connection.connection.driver_connection

    def next_id(self, table: str) -> int:
        """The first free id of a table."""
        return int(self.connection.execute(text(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")).scalar_one())

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        """Insert every row; returns how many were written."""
        count = 0
        if self.dialect == "postgresql":
            cursor = self._raw.cursor()
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
        batch: list[tuple] = []
        cursor = self._raw.cursor()
        convert: list[int] | None = None
        for row in rows:
            if convert is None:
                convert = [i for i, v in enumerate(row) if isinstance(v, (Decimal, dt.date, bool))]
            if convert:
                row = list(row)
                for i in convert:
                    row[i] = _sqlite_value(row[i])
            batch.append(tuple(row))
            if len(batch) >= 20000:
                cursor.executemany(statement, batch)
                count += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
        return count

    def sync_sequences(self, tables: Iterable[str]) -> None:
        """After ids were written explicitly, PostgreSQL's sequences must start past them."""
        if self.dialect != "postgresql":
            return
        for table in tables:
            self.connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")
            )
