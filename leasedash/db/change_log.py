"""The portfolio change log: a row for every contract written and every odometer reading written (naming its
contract), added in the same transaction as the write, so that every worker's cached projection learns from
the database what changed since it last looked. A row naming no contract means: everything may have changed
(a bulk load that bypassed the ORM); the readers then rebuild."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Column, Integer, and_, delete, event, func, insert, inspect, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from leasedash.db.contracts import Contract, OdometerReading
from leasedash.db.types import UTCDateTime, utcnow


class PortfolioChange(SQLModel, table=True):
    """One write that changes a contract's projection: the contract (None: every contract), and when."""

    __tablename__ = "portfolio_change"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


_table = PortfolioChange.__table__


def _touched(objects: Iterable[object]) -> set[int]:
    """The contracts whose projection the flushed objects change (a reading moved to another contract: both)."""
    ids: set[int] = set()
    for obj in objects:
        if isinstance(obj, Contract) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, OdometerReading):
            history = inspect(obj).attrs.contract_id.history
            ids.update(i for i in (obj.contract_id, *history.deleted) if i is not None)
    return ids


@event.listens_for(Session, "after_flush")
def _log_flushed(session: Session, _context) -> None:
    ids = _touched([*session.new, *session.dirty, *session.deleted])
    if ids:
        now = utcnow()
        session.connection().execute(insert(_table), [{"contract_id": i, "created_at": now} for i in sorted(ids)])


def log_everything(connection: Connection) -> None:
    """Tell every reader that any contract may have changed (after a bulk write that bypassed the ORM)."""
    connection.execute(insert(_table).values(contract_id=None, created_at=utcnow()))


def latest(connection: Connection) -> tuple[int, dt.datetime | None]:
    """The last change's number and time ((0, None) while the log is empty)."""
    row = connection.execute(select(_table.c.id, _table.c.created_at).order_by(_table.c.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, None)


def changes_since(connection: Connection, seq: int, holes: Iterable[int] = (), upto: int | None = None) -> list[tuple[int, int | None]]:
    """(number, contract id) of every change after `seq` (up to `upto`), and of the numbers in `holes` that have
    appeared since (a PostgreSQL transaction can commit a lower number after a higher one), in order."""
    wanted = sorted(set(holes))
    clause = _table.c.id > seq
    if upto is not None:
        clause = and_(clause, _table.c.id <= upto)
    if wanted:
        clause = or_(clause, _table.c.id.in_(wanted))
    return [(r[0], r[1]) for r in connection.execute(select(_table.c.id, _table.c.contract_id).where(clause).order_by(_table.c.id))]


def stamps(connection: Connection, numbers: Iterable[int]) -> dict[int, dt.datetime]:
    """When each of these changes was written (the ones still in the log)."""
    wanted = sorted(set(numbers))
    if not wanted:
        return {}
    return dict(connection.execute(select(_table.c.id, _table.c.created_at).where(_table.c.id.in_(wanted))).all())


def oldest(connection: Connection) -> int:
    """The number of the oldest change kept (0 when the log is empty)."""
    return connection.execute(select(func.min(_table.c.id))).scalar() or 0


def prune(connection: Connection, up_to: int) -> None:
    """Forget the changes numbered up to `up_to` (readers further behind rebuild)."""
    connection.execute(delete(_table).where(_table.c.id <= up_to))
