"""Column types that keep money exact to the cent and datetimes timezone-aware on every database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Column, DateTime, Integer, Numeric
from sqlalchemy.types import TypeDecorator


class ExactDecimal(TypeDecorator):
    """NUMERIC(precision, scale) read and written as Decimal at exactly `scale` decimals.

    SQLite has no decimal type: the value travels as a float there, which holds 15 significant
    digits exactly, so any amount of up to 14 digits comes back to the cent."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 14, scale: int = 2) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.scale = scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Numeric(self.impl.precision, self.scale, asdecimal=False))
        return dialect.type_descriptor(Numeric(self.impl.precision, self.scale))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        exact = Decimal(value)
        rounded = exact.quantize(self._quantum)
        if rounded != exact:
            raise ValueError(f"{value} has more than {self.scale} decimals")
        return float(rounded) if dialect.name == "sqlite" else rounded

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return Decimal(repr(value) if isinstance(value, float) else value).quantize(self._quantum)


def Money() -> ExactDecimal:  # noqa: N802 (reads like a type in column declarations)
    """Euros to the cent."""
    return ExactDecimal(14, 2)


def Rate() -> ExactDecimal:  # noqa: N802
    """A per-km rate or a fraction, to four decimals (0.0750 EUR/km, 0.4000)."""
    return ExactDecimal(8, 4)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime, stored in UTC; naive datetimes are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def __init__(self, timezone: bool = True) -> None:
        if not timezone:
            raise ValueError("UTCDateTime is always timezone-aware")
        super().__init__()

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a datetime without a timezone cannot be stored")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def utcnow() -> dt.datetime:
    """Now, timezone-aware."""
    return dt.datetime.now(dt.timezone.utc)


def version_column() -> Column:
    """The optimistic-lock counter: SQLAlchemy refuses an UPDATE whose row changed since it was read."""
    return Column("version", Integer, nullable=False, default=1, server_default="1")


def sql_values(values: tuple[str, ...]) -> str:
    """A tuple of plain words as the list of an SQL IN check ('a', 'b'), so a constraint and its Python list agree."""
    return ", ".join(f"'{v}'" for v in values)
