"""The snapshot's files: one a company in the cache folder of its database, a line of JSON (format, position in the
change log, columns, contracts, make names) then the columns as little-endian int64, one after the other; written
atomically, and read as missing when they are not what this version writes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy.engine import make_url

from leasedash.db.snapshot_queries import COLUMNS
from leasedash.settings import cache_dir

FORMAT = 1


@dataclass
class CompanyFile:
    """A company's rows (COLUMNS x contracts) as of change `seq` of the log (written at `stamp`), their makes' names."""

    seq: int
    stamp: int
    rows: np.ndarray
    makes: list[str]


def folder_for(url: str) -> Path:
    """The cache folder of a database: LEASEDASH_CACHE_DIR/<database>-<hash>, else beside a SQLite file
    (<file>-snapshot), else private/cache/<database>-<hash>."""
    parsed = make_url(url)
    name = Path(parsed.database or "memory").name
    key = hashlib.sha256(parsed.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    configured = cache_dir()
    if configured is not None:
        return configured / f"{name}-{key}"
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database).resolve().with_name(f"{name}-snapshot")
    return Path(__file__).resolve().parents[2] / "private" / "cache" / f"{name}-{key}"


def _path(folder: Path, company: int) -> Path:
    return folder / f"company-{company}.columns"


def read_file(folder: Path, company: int) -> CompanyFile | None:
    """A company's file, or None when it is missing, broken or written by another version."""
    try:
        with _path(folder, company).open("rb") as source:
            head = json.loads(source.readline())
            count = int(head["contracts"])
            rows = np.fromfile(source, dtype="<i8", count=count * len(COLUMNS))
        if head["format"] != FORMAT or tuple(head["columns"]) != COLUMNS or rows.size != count * len(COLUMNS):
            return None
        return CompanyFile(int(head["seq"]), int(head["stamp"]), rows.reshape(len(COLUMNS), count).astype(np.int64, copy=False),
                           list(head["makes"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_file(folder: Path, company: int, written: CompanyFile) -> bool:
    """Write a company's file atomically (a reader sees the old file or the new one); False when the folder cannot
    be written (the next start then reads that company from the database)."""
    head = {"format": FORMAT, "seq": written.seq, "stamp": written.stamp, "columns": COLUMNS, "contracts": written.rows.shape[1],
            "makes": written.makes}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(json.dumps(head).encode() + b"\n")
            np.ascontiguousarray(written.rows, dtype="<i8").tofile(out)
        os.replace(temporary, _path(folder, company))
        return True
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
