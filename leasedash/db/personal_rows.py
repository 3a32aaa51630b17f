"""Which rows are about a person (GDPR, issue 13 item 8), found by following the foreign keys of every table: the rows
that name them in a column of USER_LINKS, and every row below those (a contract's readings, an inspection's damages
and photos, a request's messages) that is not someone else's own. A new foreign key to app_user must be classed in
USER_LINKS (tests/db/test_personal_data.py checks it)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, delete, null, or_, select, update
from sqlmodel import Session, SQLModel

import leasedash.db.models  # noqa: F401  (every table on the metadata)
from leasedash.db.change_log import log_everything

KEPT, PERSONAL, ACCOUNT, ACTOR = "kept", "personal", "account", "actor"
USER_LINKS = {
    # the person's lease life, which an employer keeps (anonymised) when a driver leaves
    "contract.driver_id": KEPT, "car_offer.driver_id": KEPT, "service_request.requester_id": KEPT,
    # only for the person: their what-ifs, notices, preferences, what they opened
    "saved_scenario.owner_id": PERSONAL, "document_notice.user_id": PERSONAL, "notice_preference.user_id": PERSONAL,
    "pace_notice.user_id": PERSONAL, "contract_pick.user_id": PERSONAL, "contract_visit.user_id": PERSONAL,
    # their account: sessions, API tokens, one-time links, authenticator
    "auth_session.user_id": ACCOUNT, "api_token.user_id": ACCOUNT, "account_token.user_id": ACCOUNT,
    "totp_credential.user_id": ACCOUNT,
    # what they did to records that are not theirs: not exported, never deleted with them
    "api_token.created_by": ACTOR, "fleet_import.imported_by": ACTOR, "mobility_plan.updated_by": ACTOR,
    "rent_grid.created_by": ACTOR, "rule_version.created_by": ACTOR, "dealer_quote.uploaded_by": ACTOR,
    "offer_event.user_id": ACTOR, "contract_event.created_by": ACTOR, "inspection.inspector_id": ACTOR,
    "inspection.created_by": ACTOR, "odometer_change.changed_by": ACTOR, "service_request.handled_by": ACTOR,
    "inspection_event.user_id": ACTOR, "request_attachment.uploaded_by": ACTOR, "damage_photo.uploaded_by": ACTOR,
    "request_event.user_id": ACTOR,
}
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "secret"})
OWNERS = ("app_user", "company")
CONTEXT = ("vehicle", "product")


def user_link_columns() -> dict[str, str]:
    """Every column of the schema that points at app_user, as "table.column" -> its class (None when unclassed)."""
    return {f"{t.name}.{fk.parent.name}": USER_LINKS.get(f"{t.name}.{fk.parent.name}")
            for t in SQLModel.metadata.sorted_tables for fk in t.foreign_keys if fk.column.table.name == "app_user"}


def _own_filter(table: Table, user_id: int):
    """Rows of `table` that are nobody else's own: every non-actor user column is empty or the person."""
    columns = [fk.parent for fk in table.foreign_keys if fk.column.table.name == "app_user"
               and USER_LINKS.get(f"{table.name}.{fk.parent.name}") not in (ACTOR, None)]
    return [or_(c.is_(None), c == user_id) for c in columns]


def reach(session: Session, user_id: int, classes: Iterable[str], company_id: int | None = None) -> dict[str, list]:
    """The rows about the person, table by table (parents first): those naming them in a column of `classes`, those
    of `company_id` when given (a private lessee's own tenant), and every row below them that is not someone else's.
    Each table maps to the WHERE clauses that select its rows."""
    wanted = set(classes)
    found: dict[str, list] = {}
    ids: dict[str, set[int]] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in OWNERS:
            continue
        clauses = []
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target == "app_user" and USER_LINKS.get(f"{table.name}.{fk.parent.name}") in wanted:
                clauses.append(fk.parent == user_id)
            elif target == "company" and company_id is not None:
                clauses.append(fk.parent == company_id)
            elif ids.get(target):
                clauses.append(fk.parent.in_(ids[target]))
        if not clauses:
            continue
        where = [or_(*clauses), *_own_filter(table, user_id)]
        if "id" in table.c:
            ids[table.name] = set(session.execute(select(table.c.id).where(*where)).scalars())
            if not ids[table.name]:
                continue
        found[table.name] = where
    return found


def rows(session: Session, found: dict[str, list]) -> dict[str, list[dict]]:
    """The rows `reach` found, each as a dict of its columns (secrets left out), in id order; with the cars and
    products they are about (CONTEXT), so that a contract reads as the car it is for."""
    out = {}
    for name, where in found.items():
        table = SQLModel.metadata.tables[name]
        out[name] = _picked(session, table, where)
    for name in CONTEXT:
        table = SQLModel.metadata.tables[name]
        wanted = {row[fk.parent.name] for source, picked in out.items() for fk in SQLModel.metadata.tables[source].foreign_keys
                  if fk.column.table.name == name for row in picked} - {None}
        if wanted and name not in found:
            out[name] = _picked(session, table, [table.c.id.in_(wanted)])
    return {name: picked for name, picked in out.items() if picked}


def _picked(session: Session, table: Table, where: list) -> list[dict]:
    columns = [c for c in table.c if c.name not in SECRET_COLUMNS]
    order = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
    return [dict(r._mapping) for r in session.execute(select(*columns).where(*where).order_by(*order))]


def remove(session: Session, found: dict[str, list]) -> list[str]:
    """Delete the rows `reach` found, children first; the stored file names of the deleted rows (to remove from disk).
    Contracts or readings deleted so are logged as a change of everything (db/change_log), like any bulk write."""
    files = []
    for name in reversed(list(found)):
        table = SQLModel.metadata.tables[name]
        if "stored_name" in table.c:
            files += session.execute(select(table.c.stored_name).where(*found[name])).scalars().all()
        session.execute(delete(table).where(*found[name]))
    if found.keys() & {"contract", "odometer_reading"}:
        log_everything(session.connection())
    return files


def loosen(session: Session, user_id: int) -> bool:
    """Clear the person from the actor columns that can be empty; whether some row still names them (a column that
    cannot be empty), in which case their user row must stay, anonymised."""
    still = False
    for column, kind in user_link_columns().items():
        table_name, name = column.split(".")
        table = SQLModel.metadata.tables[table_name]
        if table.c[name].nullable:
            session.execute(update(table).where(table.c[name] == user_id).values({name: null()}))
        elif session.execute(select(table.c[name]).where(table.c[name] == user_id).limit(1)).first() is not None:
            still = True
    return still
