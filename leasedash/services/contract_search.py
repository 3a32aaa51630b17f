"""The one contract search every page embeds (components/contract_search.py): a reference, a driver's name, a
plate or a make typed, contracts found on the server over the viewer's whole scope, their own and the ones they
opened recently first, a page at a time; and remembering which contract a user opened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from leasedash.db.contract_search import remember_visit, search_contracts
from leasedash.db.errors import NotFound
from leasedash.db.queries import get_contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.services.contract_view import contract_choices

PAGE_SIZE = 8
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class ContractHit:
    """A contract found: what tells it apart (reference, driver, car, plate, end) and why it comes first."""

    contract_id: int
    reference: str
    driver: str
    car: str
    plate: str
    end_date: dt.date
    status: str
    own: bool
    opened: bool


@dataclass(frozen=True)
class SearchPage:
    """One page of contracts found, from 0, and whether another follows."""

    hits: tuple[ContractHit, ...]
    page: int
    more: bool


def find_contracts(viewer: Viewer, text: str, page: int = 0, size: int = PAGE_SIZE) -> SearchPage:
    """Page `page` of the contracts the viewer may see matching every word of `text` (each word the start of the
    reference, the driver's first or last name, the plate or the make); nothing typed: their own and the ones they
    opened."""
    with session_scope() as s:
        rows = search_contracts(s, viewer, text, size + 1, max(0, page) * size)
    hits = tuple(ContractHit(c.id, c.reference, f"{first} {last}", f"{make} {model}", plate, c.end_date, c.status, bool(own), opened is not None)
                 for c, first, last, make, model, plate, own, opened in rows[:size])
    return SearchPage(hits, max(0, page), len(rows) > size)


def _visible_id(contract_id: int) -> int:
    """An id a contract may have (NotFound beyond what the database holds)."""
    if not 1 <= contract_id <= MAX_ID:
        raise NotFound(f"contract {contract_id}: no such contract")
    return contract_id


def contract_opened(viewer: Viewer, contract_id: int) -> str:
    """The viewer opened a contract they may see (NotFound otherwise): a search offers it among the first. Its reference."""
    with session_scope() as s:
        contract = get_contract(s, viewer, _visible_id(contract_id))
        remember_visit(s, viewer.user_id, contract.id)
        return contract.reference


def contract_reference(viewer: Viewer, contract_id: int) -> str:
    """The reference of a contract the viewer may see (NotFound otherwise)."""
    with session_scope() as s:
        return get_contract(s, viewer, _visible_id(contract_id)).reference


def first_contract(viewer: Viewer) -> int | None:
    """The contract a page opens on when none is asked for: the one the viewer opened last, else their first
    (contract_choices: the one they picked, active ones first); None when they may see none."""
    opened = next((h.contract_id for h in find_contracts(viewer, "").hits if h.opened), None)
    if opened is not None:
        return opened
    choices = contract_choices(viewer)
    return choices[0].contract_id if choices else None
