"""The contracts of a fleet ending in the next months (end_of_lease.json: 6) with each one's cheapest end-of-lease path
and what the cheapest paths save against returning every car (issue 18, item 3): the portfolio's projection (services/
fleet.py) with the facts it lacks read in one pass, the three paths vectorised (domain/end_options_vector.py)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from sqlmodel import select

from leasedash.db.models import Contract, Inspection, Product, ServiceRequest, Vehicle
from leasedash.db.portfolio_queries import EPOCH, ContractLabel, contract_labels
from leasedash.db.session import get_engine, session_scope
from leasedash.domain.end_options import PATHS, end_rules, return_costs_of
from leasedash.domain.end_options_vector import EndingFacts, EndingPaths, ending_paths
from leasedash.domain.projection import add_months, months_between
from leasedash.services.fleet import FleetData

CHUNK = 2000
SHOWN = 20


@dataclass(frozen=True)
class EndingRow:
    """A contract ending soon: its label, each path's total in cents, the cheapest and what it saves against returning."""

    contract_id: int
    label: ContractLabel
    totals: tuple[int, int, int]
    cheapest: str
    saving_cents: int


@dataclass(frozen=True)
class EndingOverview:
    """The contracts ending within `months`, how many take each path, the total the cheapest paths save against
    returning every car, and the rows that save most."""

    months: int
    count: int
    by_path: dict[str, int]
    saving_cents: int
    rows: tuple[EndingRow, ...]


@dataclass
class Ending:
    """The paths of a fleet's contracts ending soon, by their index in the run, for the position of the run they reflect."""

    index: np.ndarray
    paths: EndingPaths
    position: tuple[int, int]


_kept: dict[int, Ending] = {}
_working: dict[int, threading.Lock] = {}
_lock = threading.Lock()


def _read_facts(s, end: dict[int, dict], wanted: set[int], where: tuple) -> None:
    """The contract, car and product facts, the latest return statement and the latest buy-out quote of the contracts in
    `wanted` that `where` selects, into `end` by contract id."""
    for cid, begun, ends, code, changes, country, price, options, fuel, registered in s.exec(
            select(Contract.id, Contract.start_date, Contract.end_date, Product.code, Product.changes_allowed, Product.country,
                   Vehicle.catalogue_price, Vehicle.options_price, Vehicle.fuel, Vehicle.first_registration)
            .join(Product, Product.id == Contract.product_id).join(Vehicle, Vehicle.id == Contract.vehicle_id).where(*where)):
        if cid in wanted:
            end[cid] = {"code": code, "changes": changes, "country": country, "price": int((price + options) * 100), "fuel": fuel,
                        "age": max(0, months_between(registered or begun, ends)), "costs": None, "self_check": False,
                        "inspection": None, "quote": -1}
    for cid, statement, self_check, inspection_id in s.exec(
            select(Inspection.contract_id, Inspection.statement, Inspection.self_check, Inspection.id)
            .join(Contract, Contract.id == Inspection.contract_id).where(*where, Inspection.statement.is_not(None))
            .order_by(Inspection.contract_id, Inspection.inspection_date.desc(), Inspection.id.desc())):
        if cid in end and end[cid]["inspection"] is None:
            end[cid].update(costs=statement, self_check=self_check, inspection=inspection_id)
    seen: set[int] = set()
    for cid, status, quote in s.exec(select(ServiceRequest.contract_id, ServiceRequest.status, ServiceRequest.quoted_amount)
                                     .join(Contract, Contract.id == ServiceRequest.contract_id)
                                     .where(*where, ServiceRequest.kind == "buy_out")
                                     .order_by(ServiceRequest.contract_id, ServiceRequest.submitted_at.desc(), ServiceRequest.id.desc())):
        if cid in end and cid not in seen:
            seen.add(cid)
            end[cid]["quote"] = int(quote * 100) if status == "answered" and quote is not None else -1


def _facts(data: FleetData, index: np.ndarray, after: dt.date, until: dt.date) -> EndingFacts:
    """What the vectorised decision needs beyond the run, for the contracts at `index` (those ending after `after` and by
    `until`): read by that window of end dates, one query a table, so that 270,000 contracts ending soon among 3,000,000
    are not sent as 270,000 bound ids; any the window missed are read by id, a chunk at a time."""
    c, rules, end = data.run.contracts, end_rules(), {}
    ids = [int(i) for i in c.contract_id[index]]
    wanted = set(ids)
    window = (Contract.end_date > after, Contract.end_date <= until, *(() if data.company_id is None else (Contract.company_id == data.company_id,)))
    with session_scope(data.url) as s:
        _read_facts(s, end, wanted, window)
        missed = sorted(wanted - end.keys())
        for start in range(0, len(missed), CHUNK):
            _read_facts(s, end, wanted, (Contract.id.in_(missed[start:start + CHUNK]),))
    facts = [end[i] for i in ids]
    costs = [return_costs_of(f["costs"], f["self_check"], f["inspection"], f["code"], rules).amount for f in facts]
    column = lambda key, kind=np.int64: np.array([f[key] for f in facts], dtype=kind)  # noqa: E731
    return EndingFacts(index, column("changes", bool), column("price"), column("fuel", object), column("country", object), column("age"),
                       np.array([int(v * 100) for v in costs], dtype=np.int64), column("quote"))


def ending_soon(data: FleetData) -> Ending:
    """The contracts of the run ending after its date and within end_of_lease.json's months, and their paths (kept for
    the run's position: a change patched into the run computes them again). Worked out once at a time per run: the
    visits that ask while it is being worked out (seconds at millions of contracts) wait for it instead of repeating it."""
    key = id(data)
    with _lock:
        gate = _working.setdefault(key, threading.Lock())
    with gate:
        with _lock:
            kept = _kept.get(key)
        if kept is not None and kept.position == data.position:
            return kept
        run = data.run
        last = add_months(run.as_of, end_rules().fleet_months)
        c = run.contracts
        index = np.flatnonzero((c.end_day > (run.as_of - EPOCH).days) & (c.end_day <= (last - EPOCH).days))
        kept = Ending(index, ending_paths(c, run.projection, run.products, run.grids, _facts(data, index, run.as_of, last)), data.position)
        with _lock:
            if len(_kept) > 16:
                _kept.clear()
                _working.clear()
            _kept[key] = kept
    return kept


def ending_overview(data: FleetData) -> EndingOverview:
    """How many contracts end soon, the path each should take, what that saves against returning them all, and the
    SHOWN contracts that save most."""
    ending = ending_soon(data)
    paths = ending.paths
    cheapest, saving = paths.cheapest, paths.saving_against_return
    top = np.argsort(-saving, kind="stable")[:SHOWN]
    c = data.run.contracts
    with get_engine(data.url).connect() as connection:
        labels = contract_labels(connection, [int(c.contract_id[ending.index[i]]) for i in top])
    rows = tuple(EndingRow(int(c.contract_id[ending.index[i]]), labels[int(c.contract_id[ending.index[i]])],
                           tuple(int(v) for v in paths.totals[:, i]), PATHS[int(cheapest[i])], int(saving[i]))
                 for i in top if int(c.contract_id[ending.index[i]]) in labels)
    counts = np.bincount(cheapest, minlength=3)
    return EndingOverview(end_rules().fleet_months, len(ending.index), {p: int(counts[k]) for k, p in enumerate(PATHS)},
                          int(saving.sum()), rows)


def ending_of_contracts(data: FleetData, index: np.ndarray) -> dict[int, tuple[str, Decimal]]:
    """By contract id, for the contracts at `index` (rows of the run) that end soon: their cheapest path and what it
    saves against returning the car (the fleet CSV's last columns)."""
    ending = ending_soon(data)
    where = {int(r): k for k, r in enumerate(ending.index)}
    paths, ids, out = ending.paths, data.run.contracts.contract_id, {}
    for i in index:
        k = where.get(int(i))
        if k is not None:
            out[int(ids[i])] = (PATHS[int(paths.cheapest[k])], Decimal(int(paths.saving_against_return[k])) / 100)
    return out
