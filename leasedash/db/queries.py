"""The queries the surfaces run, always scoped to the viewer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import Contract, OdometerReading
from leasedash.db.scoping import Viewer, visible_contracts
from leasedash.db.types import utcnow

EDITABLE_TERMS = ("months", "annual_km", "monthly_rent", "status", "end_date")


def list_contracts(session: Session, viewer: Viewer, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[Contract]:
    """A page of the contracts the viewer may see, newest first."""
    statement = visible_contracts(select(Contract), viewer)
    if status is not None:
        statement = statement.where(Contract.status == status)
    return list(session.exec(statement.order_by(Contract.start_date.desc(), Contract.id.desc()).limit(limit).offset(offset)))


def count_contracts(session: Session, viewer: Viewer, *, status: str | None = None) -> int:
    """How many contracts the viewer may see."""
    statement = visible_contracts(select(func.count()).select_from(Contract), viewer)
    if status is not None:
        statement = statement.where(Contract.status == status)
    return int(session.exec(statement).one())


def get_contract(session: Session, viewer: Viewer, contract_id: int) -> Contract:
    """One contract, if the viewer may see it."""
    contract = session.exec(visible_contracts(select(Contract).where(Contract.id == contract_id), viewer)).first()
    if contract is None:
        raise NotFound(f"contract {contract_id}: no such contract among yours")
    return contract


def contracts_by_id(session: Session, viewer: Viewer, ids: Iterable[int]) -> dict[int, Contract]:
    """The contracts among `ids` that the viewer may see."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.exec(visible_contracts(select(Contract).where(Contract.id.in_(wanted)), viewer))
    return {c.id: c for c in rows}


def odometer_readings(session: Session, viewer: Viewer, contract_id: int) -> list[OdometerReading]:
    """The readings of one of the viewer's contracts, oldest first."""
    get_contract(session, viewer, contract_id)
    statement = select(OdometerReading).where(OdometerReading.contract_id == contract_id)
    return list(session.exec(statement.order_by(OdometerReading.reading_date, OdometerReading.id)))


def readings_by_external_id(session: Session, external_ids: Iterable[str]) -> dict[str, OdometerReading]:
    """Readings already imported under these ids."""
    wanted = sorted(set(external_ids))
    if not wanted:
        return {}
    rows = session.exec(select(OdometerReading).where(OdometerReading.external_id.in_(wanted)))
    return {r.external_id: r for r in rows}


def latest_readings_before(session: Session, contract_ids: Iterable[int], day: dt.date) -> dict[int, OdometerReading]:
    """For each contract, its latest reading on or before `day`."""
    wanted = sorted(set(contract_ids))
    if not wanted:
        return {}
    latest = (
        select(OdometerReading.contract_id, func.max(OdometerReading.reading_date).label("day"))
        .where(OdometerReading.contract_id.in_(wanted), OdometerReading.reading_date <= day)
        .group_by(OdometerReading.contract_id)
        .subquery()
    )
    rows = session.exec(
        select(OdometerReading).join(
            latest, (OdometerReading.contract_id == latest.c.contract_id) & (OdometerReading.reading_date == latest.c.day)
        )
    )
    out: dict[int, OdometerReading] = {}
    for r in rows:
        if r.contract_id not in out or r.km > out[r.contract_id].km:
            out[r.contract_id] = r
    return out


def update_contract_terms(session: Session, viewer: Viewer, contract_id: int, expected_version: int, **changes) -> Contract:
    """Change a contract's terms as of the version the user read; a stale version is refused."""
    if not viewer.manages_contracts:
        raise AccessDenied("only a fleet manager or an admin changes a contract's terms; a driver asks through a request")
    unknown = sorted(set(changes) - set(EDITABLE_TERMS))
    if unknown:
        raise ValueError(f"{unknown[0]}: not a term that can be changed here")
    try:
        contract = get_contract(session, viewer, contract_id)
        if contract.version != expected_version:
            raise StaleWrite(_stale_message(contract.reference, expected_version))
        for key, value in changes.items():
            setattr(contract, key, value)
        contract.updated_at = utcnow()
        session.flush()
    except StaleDataError:
        session.rollback()
        raise StaleWrite(_stale_message(f"{contract_id}", expected_version)) from None
    return contract


def _stale_message(reference: str, expected_version: int) -> str:
    return (
        f"contract {reference} was changed by someone else since you opened it "
        f"(you had version {expected_version}): reload it and apply your change again; nothing was saved"
    )
