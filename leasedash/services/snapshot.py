"""The portfolio snapshot: every signed contract of each company as int64 columns (snapshot_queries.COLUMNS),
kept in memory by each worker and as one file a company in the cache folder, so that a portfolio loads as
arrays instead of rows. Only a cache: a missing, unreadable or outdated file is read again from the database,
and the change log (db/change_log.py) tells each worker which contracts to read again since it last looked,
so a change patches the snapshot instead of reloading it."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from leasedash.db import change_log
from leasedash.db.portfolio_queries import company_ids
from leasedash.db.session import get_engine
from leasedash.db.snapshot_queries import COLUMNS, Scope, makes, snapshot_rows
from leasedash.services.snapshot_files import CompanyFile, folder_for, read_file, write_file

PATCH_LIMIT = 20_000        # more contracts changed than this since a snapshot was taken: read it again instead
KEEP_CHANGES = 200_000      # the change log keeps at least this many rows; a worker further behind reads everything again
HOLE_SECONDS = 300.0        # how long a missing change number is awaited (a transaction that has not committed yet)
RECENT_BATCHES = 512        # change batches remembered for the projections cached from the snapshot
WRITE_BACK = 64             # a company's file is written again once this many of its contracts changed since
ONE_QUERY = 16              # more companies to read than this: one query for the whole database

ID, COMPANY, GRID, START, END, RENT, READING_DAY, MAKE = (COLUMNS.index(n) for n in (
    "contract_id", "company_id", "grid_id", "start_day", "end_day", "rent_cents", "reading_day", "make"))
SHIFT = np.int64(1 << 32)


def sort_key(rows: np.ndarray) -> np.ndarray:
    """The order of snapshot rows: by company, then by contract id."""
    return rows[COMPANY] * SHIFT + rows[ID]


def splice(keys: np.ndarray, leaving: np.ndarray, coming: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where rows go when the rows at `leaving` (positions) leave a sorted array and rows with sorted keys `coming`
    come in: (the positions kept, where in the kept rows each new row is inserted), so `np.insert(a[kept], at, new)`
    keeps the array sorted."""
    kept = np.delete(np.arange(len(keys)), leaving)
    return kept, np.searchsorted(keys[kept], coming)


def same_places(keys: np.ndarray, leaving: np.ndarray, coming: np.ndarray) -> bool:
    """Whether the new rows take exactly the places of the rows leaving (then they are written in place)."""
    return len(leaving) == len(coming) and bool(np.array_equal(keys[leaving], coming))


@dataclass(frozen=True)
class Batch:
    """The contracts named by the changes a refresh read (the store's `version`-th batch), and their rows after the
    change (only those still signed)."""

    version: int
    ids: np.ndarray
    rows: np.ndarray


def _micros(stamp: dt.datetime | None) -> int:
    return -1 if stamp is None else int(stamp.timestamp() * 1_000_000)


def _empty() -> np.ndarray:
    return np.zeros((len(COLUMNS), 0), dtype=np.int64)


def replace_rows(held: np.ndarray, ids: np.ndarray, coming: np.ndarray) -> np.ndarray:
    """A company's rows (sorted by id) with the contracts `ids` taken out and the rows `coming` put in their place."""
    if held.shape[1] == 0:
        return coming
    pos = np.clip(np.searchsorted(held[ID], ids), 0, held.shape[1] - 1)
    leaving = pos[held[ID, pos] == ids]
    if len(leaving) == 0 and coming.shape[1] == 0:
        return held
    if same_places(held[ID], leaving, coming[ID]):
        held = held.copy()
        held[:, leaving] = coming
        return held
    kept, at = splice(held[ID], leaving, coming[ID])
    return np.insert(held[:, kept], at, coming, axis=1)


@dataclass
class Store:
    """One database's snapshot in this process: the rows of the companies read so far, the position in the change
    log they reflect, and the recent batches of changes (for the projections cached from them)."""

    url: str
    folder: Path
    lock: threading.RLock = field(default_factory=threading.RLock)
    generation: int = 0
    seq: int = -1
    stamp: int = -1
    version: int = 0
    holes: dict[int, float] = field(default_factory=dict)
    companies: dict[int, np.ndarray] = field(default_factory=dict)
    changed: dict[int, int] = field(default_factory=dict)
    complete: bool = False
    make_names: list[str] = field(default_factory=list)
    batches: deque = field(default_factory=lambda: deque(maxlen=RECENT_BATCHES))
    database_reads: int = 0

    # following the change log
    def refresh(self) -> None:
        """Read the changes since the last look and patch the rows in memory; start again when the log was
        rewritten (another database in its place), pruned past this position, or says everything changed."""
        with self.lock, get_engine(self.url).connect() as connection:
            seq, stamp = change_log.latest(connection)
            stamp_us = _micros(stamp)
            if self.seq < 0 or seq < self.seq or (seq == self.seq and stamp_us != self.stamp):
                self._forget(seq, stamp_us)
                return
            if seq == self.seq and not self.holes:
                return
            changes = change_log.changes_since(connection, self.seq, self.holes, upto=seq)
            ids = {contract for _, contract in changes}
            behind = self.seq > 0 and change_log.oldest(connection) > self.seq + 1
            if behind or None in ids or len(ids) > PATCH_LIMIT:
                self._forget(seq, stamp_us)
                return
            self._note_holes([number for number, _ in changes], seq)
            self._apply(connection, np.array(sorted(ids), dtype=np.int64), seq, stamp_us)
            if seq - change_log.oldest(connection) > 2 * KEEP_CHANGES:
                change_log.prune(connection, seq - KEEP_CHANGES)
                connection.commit()

    def _forget(self, seq: int, stamp: int) -> None:
        self.generation += 1
        self.seq, self.stamp, self.version = seq, stamp, 0
        self.holes.clear()
        self.companies.clear()
        self.changed.clear()
        self.batches.clear()
        self.complete = False

    def _note_holes(self, seen: list[int], upto: int) -> None:
        now = time.monotonic()
        present = set(seen)
        for number in range(self.seq + 1, upto + 1):
            if number not in present:
                self.holes.setdefault(number, now)
        for number in list(self.holes):
            if number in present or now - self.holes[number] > HOLE_SECONDS:
                del self.holes[number]

    def _codes(self, names) -> dict[str, int]:
        """The codes of the makes, the names not known yet added."""
        known = set(self.make_names)
        self.make_names.extend(sorted({n for n in names if n not in known}))
        return {name: code for code, name in enumerate(self.make_names)}

    def _apply(self, connection, ids: np.ndarray, seq: int, stamp: int) -> None:
        """Put the changed contracts' rows as they are now into the companies held."""
        rows = _empty()
        if len(ids):
            scope = Scope(contract_ids=ids.tolist())
            rows = snapshot_rows(connection, scope, self._codes(makes(connection, scope)))
            new = set(rows[COMPANY].tolist()) - set(self.companies) if self.complete else set()
            for company in [*self.companies, *new]:
                held = self.companies.get(company, _empty())
                patched = replace_rows(held, ids, rows[:, rows[COMPANY] == company])
                if patched is not held:
                    self.companies[company] = patched
                    self.changed[company] = self.changed.get(company, 0) + len(ids)
        self.version += 1
        self.batches.append(Batch(self.version, ids, rows))
        self.seq, self.stamp = seq, stamp
        if not self.holes:
            for company in [k for k, n in self.changed.items() if n >= WRITE_BACK]:
                self._write(company, self.companies[company])

    def batches_since(self, version: int) -> list[Batch] | None:
        """The batches of changes after the `version`-th (None: some are forgotten, so read everything again)."""
        with self.lock:
            after = [b for b in self.batches if b.version > version]
            return after if len(after) == self.version - version else None

    # reading
    def parts(self, company_id: int | None) -> tuple[list[np.ndarray], list[str], tuple[int, int]]:
        """The rows of one company (or of every company, one array each), the make names their codes refer to,
        and the position they reflect (generation, batches applied)."""
        with self.lock:
            if self.seq < 0:
                self.refresh()
            if company_id is None and not self.complete:
                with get_engine(self.url).connect() as connection:
                    self._load(connection, company_ids(connection))
                self.complete = True
            elif company_id is not None and company_id not in self.companies:
                with get_engine(self.url).connect() as connection:
                    self._load(connection, [company_id])
            wanted = sorted(self.companies) if company_id is None else [company_id]
            return [self.companies[k] for k in wanted], list(self.make_names), (self.generation, self.version)

    def _load(self, connection, wanted: list[int]) -> None:
        """Read the wanted companies from their files, caught up with the change log, else from the database."""
        missing = [k for k in wanted if k not in self.companies]
        self.companies.update(self._from_files(connection, {k: f for k in missing if (f := self._read(k)) is not None}))
        unread = [k for k in missing if k not in self.companies]
        if not unread:
            return
        self.database_reads += 1
        if len(unread) > ONE_QUERY:
            everything = snapshot_rows(connection, Scope(), self._codes(makes(connection, Scope())))
            companies = np.array(unread, dtype=np.int64)
            starts, ends = np.searchsorted(everything[COMPANY], companies), np.searchsorted(everything[COMPANY], companies, side="right")
            fetched = {k: everything[:, a:b] for k, a, b in zip(unread, starts.tolist(), ends.tolist())}
        else:
            fetched = {k: snapshot_rows(connection, Scope(company_id=k), self._codes(makes(connection, Scope(company_id=k)))) for k in unread}
        for company, rows in fetched.items():
            self.companies[company] = rows
            if not self.holes:
                self._write(company, rows)

    def _from_files(self, connection, files: dict[int, CompanyFile]) -> dict[int, np.ndarray]:
        """The files written at a position still in the change log, caught up to this store's position."""
        if not files:
            return {}
        stamps = change_log.stamps(connection, {f.seq for f in files.values()})
        first = change_log.oldest(connection)
        valid = {k: f for k, f in files.items() if (f.seq == 0 and first <= 1) or (f.seq > 0 and _micros(stamps.get(f.seq)) == f.stamp)}
        behind = [f.seq for f in valid.values() if f.seq < self.seq]
        changes = change_log.changes_since(connection, min(behind), upto=self.seq) if behind else []
        ids = {contract for _, contract in changes}
        if None in ids or len(ids) > PATCH_LIMIT:
            valid, ids = {k: f for k, f in valid.items() if f.seq >= self.seq}, set()
        scope = Scope(contract_ids=sorted(ids))
        codes = self._codes([*(name for f in valid.values() for name in f.makes), *(makes(connection, scope) if ids else [])])
        fresh = snapshot_rows(connection, scope, codes) if ids else _empty()
        out = {}
        for company, f in valid.items():
            lut = np.array([codes[name] for name in f.makes] + [-1], dtype=np.int64)
            rows = f.rows
            rows[MAKE] = lut[rows[MAKE]]
            since = np.array(sorted({c for n, c in changes if n > f.seq}), dtype=np.int64)
            if len(since):
                rows = replace_rows(rows, since, fresh[:, (fresh[COMPANY] == company) & np.isin(fresh[ID], since)])
            out[company] = rows
        return out

    # files
    def _read(self, company: int) -> CompanyFile | None:
        return read_file(self.folder, company)

    def _write(self, company: int, rows: np.ndarray) -> None:
        if write_file(self.folder, company, CompanyFile(self.seq, self.stamp, rows, list(self.make_names))):
            self.changed.pop(company, None)


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def store(url: str | None = None) -> Store:
    """This process's snapshot of the database at `url` (the configured one by default)."""
    key = get_engine(url).url.render_as_string(hide_password=False)
    with _stores_lock:
        if key not in _stores:
            _stores[key] = Store(key, folder_for(key))
        return _stores[key]


def drop(url: str | None = None) -> None:
    """Forget this process's copy of a database's snapshot (the files stay): the next read loads the files again."""
    key = get_engine(url).url.render_as_string(hide_password=False)
    with _stores_lock:
        _stores.pop(key, None)
