"""Fleet imports: a fleet manager (their company) or an admin (any company) loads the contracts, drivers and odometer
readings of the lessor's CSV or Excel export. The file is read and checked in full first (domain.fleet_file, then
fleet_import_plan against the database); nothing is written unless every row is valid, and then everything is
written in one transaction. Re-importing the same file changes nothing; contracts absent from it are left as they
are and listed; each import is kept in the history with who imported which file when, and its counts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from leasedash.db import change_log
from leasedash.db.bulk import BulkWriter
from leasedash.db.lease_entry import company_named, reserve_ids
from leasedash.db.models import Company, Contract, ContractEvent, FleetImport, OdometerChange, OdometerReading, User, Vehicle
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine
from leasedash.db.types import utcnow
from leasedash.domain.fleet_cells import decide_mark
from leasedash.domain.fleet_file import FileProblems, Problem, Sheet, field_specs, guess_mapping, limits, read_sheet
from leasedash.domain.fleet_rows import parse_sheet
from leasedash.errors import AccessDenied, NotFound
from leasedash.i18n import translate
from leasedash.services.fleet_import_plan import ImportPlan, plan_contracts, plan_readings
from leasedash.services.pace_alerts import review_pace

Progress = Callable[[int, int], None]
WRITE_CHUNK = 5000


@dataclass(frozen=True)
class PreviewRow:
    """A row of the file as it will be stored, and what the import does with it (create, update, unchanged)."""

    row: int
    action: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ImportCheck:
    """A file read and checked, nothing written: how its columns map to fields, its decimal mark, the first rows as
    they will be stored, every problem (the first ones listed) and what importing it would do."""

    kind: str
    file_name: str
    headers: tuple[str, ...]
    mapping: dict[str, int]
    mark: str
    rows: int
    fields: tuple[str, ...]
    preview: tuple[PreviewRow, ...]
    problems: tuple[Problem, ...]
    problem_count: int
    created: int
    updated: int
    unchanged: int
    absent: tuple[str, ...]
    absent_count: int


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, dry run, would do)."""

    kind: str
    file_name: str
    rows: int
    created: int
    updated: int
    unchanged: int
    absent: tuple[str, ...]
    absent_count: int
    dry_run: bool
    import_id: int | None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file_name, "rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "absent": self.absent_count, "absent_references": list(self.absent),
                "dry_run": self.dry_run, "import_id": self.import_id}


@dataclass(frozen=True)
class HistoryLine:
    """One import of the history."""

    import_id: int
    company: str
    kind: str
    file_name: str
    imported_by: str
    at: dt.datetime
    rows: int
    created: int
    updated: int
    unchanged: int
    absent: int


def import_company(session: Session, viewer: Viewer | None, company: int | str) -> Company:
    """The company a file is imported into: a fleet manager's own, any for an admin or the command line (viewer None)."""
    if viewer is not None and not viewer.manages_contracts:
        raise AccessDenied("only a fleet manager or an admin imports a fleet")
    found = session.get(Company, company) if isinstance(company, int) else company_named(session, company)
    if found is None:
        raise NotFound(f"company {company}: no such company")
    if viewer is not None and viewer.role == "fleet_manager" and found.id != viewer.company_id:
        raise AccessDenied("a fleet manager imports into their own company only")
    return found


@dataclass
class _Prepared:
    sheet: Sheet
    mapping: dict[str, int]
    mark: str
    plan: ImportPlan
    problems: list[Problem]
    problem_count: int
    lines: list[dict[str, Any]]


def _prepare(session: Session, company: Company, kind: str, name: str, data: bytes, mapping: dict[str, int] | None, mark: str | None,
             by: int | None, today: dt.date) -> _Prepared:
    sheet = read_sheet(name, data)
    mapping = guess_mapping(sheet.headers, kind) if mapping is None else {k: v for k, v in mapping.items() if v is not None and v >= 0}
    mark = mark or decide_mark(sheet, mapping, kind)
    parsed = parse_sheet(sheet, kind, mapping, mark, today)
    if parsed.problem_count:
        return _Prepared(sheet, mapping, mark, ImportPlan(kind), parsed.problems, parsed.problem_count, parsed.lines)
    plan = (plan_contracts(session, company, sheet, mapping, parsed, by, today) if kind == "contracts"
            else plan_readings(session, company, sheet, mapping, parsed))
    return _Prepared(sheet, mapping, mark, plan, plan.problems[: limits()["problems_listed"]], len(plan.problems), parsed.lines)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def check_import(viewer: Viewer, company: int | str, kind: str, name: str, data: bytes, mapping: dict[str, int] | None = None,
                 mark: str | None = None, today: dt.date | None = None, url: str | None = None) -> ImportCheck:
    """Read and check a file without writing anything: the mapping guessed (or given), the decimal mark decided (or given),
    the first rows as they will be stored, every problem, and the counts the import would give."""
    today = today or dt.date.today()
    fields = tuple(s["field"] for s in field_specs(kind))
    with get_engine(url).connect() as connection:
        transaction = connection.begin()
        try:
            session = Session(bind=connection)
            target = import_company(session, viewer, company)
            ready = _prepare(session, target, kind, name, data, mapping, mark, viewer.user_id, today)
        finally:
            transaction.rollback()
    plan = ready.plan
    preview = tuple(PreviewRow(line["row"], plan.actions.get(line["row"], ""), tuple(_shown(line.get(f)) for f in fields))
                    for line in ready.lines[: limits()["preview_rows"]])
    return ImportCheck(kind, name, ready.sheet.headers, ready.mapping, ready.mark, len(ready.sheet.rows), fields, preview,
                       tuple(ready.problems), ready.problem_count, plan.created, plan.updated, plan.unchanged,
                       tuple(plan.absent[: limits()["problems_listed"]]), len(plan.absent))


def run_import(viewer: Viewer | None, company: int | str, kind: str, name: str, data: bytes, mapping: dict[str, int] | None = None,
               mark: str | None = None, dry_run: bool = False, progress: Progress | None = None, today: dt.date | None = None,
               url: str | None = None) -> ImportSummary:
    """Import a file into a company, all rows or none (FileProblems lists the first problems and counts them all); a
    dry run checks everything and writes nothing. `viewer` None: the command line's operator."""
    today = today or dt.date.today()
    by = viewer.user_id if viewer is not None else None
    with get_engine(url).connect() as connection:
        transaction = connection.begin()
        try:
            session = Session(bind=connection)
            target = import_company(session, viewer, company)
            ready = _prepare(session, target, kind, name, data, mapping, mark, by, today)
            if ready.problem_count:
                raise FileProblems(ready.problems, ready.problem_count)
            plan = ready.plan
            import_id = None if dry_run else _write(session, connection, target, plan, name, data, len(ready.lines), by, today, progress)
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
    return ImportSummary(kind, name, len(ready.lines), plan.created, plan.updated, plan.unchanged,
                         tuple(plan.absent[: limits()["problems_listed"]]), len(plan.absent), dry_run, import_id)


def _write(session: Session, connection: Connection, company: Company, plan: ImportPlan, name: str, data: bytes, rows: int,
           by: int | None, today: dt.date, progress: Progress | None) -> int:
    record = FleetImport(company_id=company.id, imported_by=by, kind=plan.kind, file_name=name[:200], file_sha256=hashlib.sha256(data).hexdigest(),
                         rows=rows, created=plan.created, updated=plan.updated, unchanged=plan.unchanged, absent=len(plan.absent))
    session.add(record)
    session.flush()
    total, done = plan.created + plan.updated, 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    if plan.kind == "contracts":
        _write_contracts(connection, plan, advance)
    else:
        _write_readings(connection, plan, by, advance)
        review_pace(session, {r["contract_id"] for r in plan.readings} | {c["contract_id"] for c in plan.corrections}, today)
    if total:
        change_log.log_everything(connection)
    return record.id


def _inserted(connection: Connection, table: str, rows: list[dict[str, Any]]) -> list[int]:
    """Write rows in bulk (COPY on PostgreSQL, executemany on SQLite) under ids reserved for them; their ids, in order."""
    if not rows:
        return []
    ids = reserve_ids(connection, table, len(rows))
    columns = ("id", *rows[0])
    BulkWriter(connection).write(table, columns, ((i, *row.values()) for i, row in zip(ids, rows)))
    return ids


def _updated(connection: Connection, table, rows: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> None:
    if not rows:
        return
    names = [k for k in rows[0] if k != "id"]
    statement = update(table).where(table.c.id == bindparam("_id")).values(
        **{n: bindparam(f"_{n}") for n in names}, **(extra or {}))
    for start in range(0, len(rows), WRITE_CHUNK):
        connection.execute(statement, [{f"_{k}": v for k, v in row.items()} for row in rows[start:start + WRITE_CHUNK]])


def _write_contracts(connection: Connection, plan: ImportPlan, advance: Callable[[int], None]) -> None:
    now = utcnow()
    user_ids = dict(zip((u["email"] for u in plan.users), _inserted(connection, "app_user", plan.users)))
    vehicle_rows = [{k: v for k, v in row.items() if k != "key"} | {"created_at": now, "version": 1} for row in plan.vehicles]
    vehicle_ids = dict(zip((row["key"] for row in plan.vehicles), _inserted(connection, "vehicle", vehicle_rows)))
    rows = []
    for contract in plan.contracts:
        vehicle, driver = contract["vehicle"], contract["driver"]
        rows.append({**{k: v for k, v in contract.items() if k not in ("vehicle", "driver")},
                     "vehicle_id": vehicle_ids[vehicle[1]] if isinstance(vehicle, tuple) else vehicle,
                     "driver_id": user_ids.get(driver, driver), "created_at": now, "updated_at": now, "version": 1})
    for start in range(0, len(rows), WRITE_CHUNK):
        _inserted(connection, "contract", rows[start:start + WRITE_CHUNK])
        advance(len(rows[start:start + WRITE_CHUNK]))
    _updated(connection, Vehicle.__table__, plan.vehicle_updates, {"version": Vehicle.__table__.c.version + 1})
    updates = [{**row, "driver_id": user_ids.get(row["driver_id"], row["driver_id"])} for row in plan.contract_updates]
    _updated(connection, Contract.__table__, updates, {"version": Contract.__table__.c.version + 1, "updated_at": now})
    advance(len(updates))
    if plan.events:
        connection.execute(insert(ContractEvent.__table__), plan.events)


def _write_readings(connection: Connection, plan: ImportPlan, by: int | None, advance: Callable[[int], None]) -> None:
    now = utcnow()
    rows = [{**r, "source": "import", "created_at": now} for r in plan.readings]
    for start in range(0, len(rows), WRITE_CHUNK):
        _inserted(connection, "odometer_reading", rows[start:start + WRITE_CHUNK])
        advance(len(rows[start:start + WRITE_CHUNK]))
    _updated(connection, OdometerReading.__table__, [{"id": c["id"], "km": c["km"]} for c in plan.corrections])
    if plan.corrections:
        connection.execute(insert(OdometerChange.__table__), [
            {"contract_id": c["contract_id"], "reading_id": c["id"], "action": "corrected", "old_date": c["day"], "old_km": c["old_km"],
             "new_date": c["day"], "new_km": c["km"], "changed_by": by, "changed_at": now} for c in plan.corrections])
    advance(len(plan.corrections))


def problem_line(problem: Problem, lang: str) -> str:
    """"row 12, column Annual km: must be a whole number of km, got '15.000,5'" in the reader's language."""
    key = f"error.{problem.code}"
    values = {"field": problem.field, **dict(problem.params)}
    if values.get("unit"):
        values["unit"] = translate(f"fleetimport.unit.{values['unit']}", lang)
    for name in ("field", "other"):
        label = translate(f"fleetimport.field.{values.get(name)}", lang)
        if not label.startswith("fleetimport."):
            values[name] = label
    reason = translate(key, lang, **values)
    reason = problem.reason if reason == key else reason
    if problem.row is None:
        return translate("fleetimport.problem_file", lang, column=problem.column, reason=reason) if problem.column else reason
    return translate("fleetimport.problem_at", lang, row=problem.row, column=problem.column, reason=reason)


def import_history(viewer: Viewer, company: int | None = None, limit: int = 50, url: str | None = None) -> list[HistoryLine]:
    """The latest imports a fleet manager's company (an admin: one company, or all) received, newest first."""
    if not viewer.manages_contracts:
        raise AccessDenied("only a fleet manager or an admin sees the import history")
    if viewer.role == "fleet_manager":
        company = viewer.company_id
    statement = (select(FleetImport, Company.name, User.first_name, User.last_name).join(Company, Company.id == FleetImport.company_id)
                 .join(User, User.id == FleetImport.imported_by, isouter=True).order_by(FleetImport.id.desc()).limit(limit))
    if company is not None:
        statement = statement.where(FleetImport.company_id == company)
    with Session(get_engine(url)) as session:
        rows = session.exec(statement).all()
    return [HistoryLine(r.id, name, r.kind, r.file_name, f"{first or ''} {last or ''}".strip(), r.created_at, r.rows, r.created, r.updated,
                        r.unchanged, r.absent) for r, name, first, last in rows]
