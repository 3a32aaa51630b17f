"""A 50,000-row fleet import against a plain `csv` read of the same file, in one run: the time and the peak memory of
each (a fresh child process for each, its peak resident memory above what it held before the work). Prints the
figures and their ratio; asserts nothing.

    .venv/bin/python benchmarks/import_speed.py [--rows 50000] [--db sqlite|postgresql] [--readings]

The import goes into a fresh database (a SQLite file in a temporary folder, or a new PostgreSQL database at
127.0.0.1:5432), a company with a fleet manager: every row is a new contract with its car and a driver to invite
(the heaviest case); --readings then imports one odometer reading per contract the same way. A plain read is timed three
times and the fastest kept; the PostgreSQL database is dropped afterwards."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

AS_OF = dt.date(2026, 6, 1)
READS = 3
HEAD = ("Contract reference;E-mail du conducteur;Produit;Date de début;Durée (mois);Km annuels;Loyer mensuel;Marque;Modèle;"
        "Plaque;Carburant;Compteur à la livraison")
PRODUCTS = ("best-deal", "my-personal-lease")


def write_files(folder: Path, rows: int, seed: int = 2026) -> tuple[Path, Path]:
    """A French contract export (`;`, decimal comma) and its readings, `rows` contracts of fixed products."""
    rng = random.Random(seed)
    fleet, readings = folder / "fleet.csv", folder / "readings.csv"
    with fleet.open("w", encoding="utf-8") as out, readings.open("w", encoding="utf-8") as read_out:
        out.write(HEAD + "\n")
        read_out.write("Référence du contrat;Date du relevé;Compteur\n")
        for i in range(rows):
            start = AS_OF - dt.timedelta(days=rng.randrange(60, 1400))
            km = rng.choice((10000, 15000, 20000))
            rent, thousands = f"{rng.randrange(300, 950)},{rng.randrange(100):02d}", f"{km:,}".replace(",", ".")
            out.write(f"C-{i:06d};d{i % 20000}@fleet.example;{PRODUCTS[i % 2]};{start:%d/%m/%Y};48;{thousands};{rent};Volkswagen;Golf;"
                      f"1-{i:06d};{rng.choice(('Diesel', 'Essence', 'Électrique'))};{rng.choice((0, 12, 40))}\n")
            day = start + dt.timedelta(days=rng.randrange(30, (AS_OF - start).days))
            pace = rng.lognormvariate(0, 0.08 if rng.random() < 0.8 else 0.38)  # the demo fleet's spread of paces
            read_out.write(f"C-{i:06d};{day:%d/%m/%Y};{int(km * (day - start).days / 365.25 * pace) + 40}\n")
    return fleet, readings


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measured(work, args, queue) -> None:
    before = _peak_kib()
    started = time.perf_counter()
    outcome = work(*args)
    queue.put((time.perf_counter() - started, _peak_kib() - before, outcome))


def measure(work, *args):
    """(seconds, peak KiB above the child's start, outcome) of `work(*args)` in a fresh child process."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_measured, args=(work, args, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def plain_read(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        return len(list(csv.reader(f, delimiter=";")))


def imported(url: str, company_id: int, manager_id: int, kind: str, path: Path) -> str:
    from leasedash.db.scoping import Viewer
    from leasedash.services.fleet_import import run_import

    done = run_import(Viewer(manager_id, "fleet_manager", company_id), company_id, kind, path.name, path.read_bytes(), today=AS_OF, url=url)
    return f"{done.created} created, {done.updated} updated, {done.unchanged} unchanged"


ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _admin(statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(statement))
    engine.dispose()


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """A new database of the kind, dropped afterwards (PostgreSQL)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'import.db'}"
        return
    name = f"leasedash_bench_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(url: str) -> tuple[int, int]:
    from leasedash.db.models import Company, User
    from leasedash.db.session import get_engine, session_scope
    from leasedash.services.catalogue_sync import ensure_products
    from leasedash.services.schema import upgrade_to_head

    upgrade_to_head(url)
    with session_scope(url) as s:
        ensure_products(s)
        company = Company(name="Benchmark fleet")
        s.add(company)
        s.flush()
        manager = User(email="fm@fleet.example", first_name="Fleet", last_name="Manager", role="fleet_manager", company_id=company.id)
        s.add(manager)
        s.flush()
        ids = company.id, manager.id
    get_engine(url).dispose()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--readings", action="store_true", help="also import one reading per contract")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fleet, readings = write_files(folder, args.rows)
        with fresh_database(args.db, folder) as url:
            company_id, manager_id = prepare(url)
            jobs = [("plain csv read", plain_read, (fleet,)), ("fleet import", imported, (url, company_id, manager_id, "contracts", fleet))]
            if args.readings:
                jobs += [("plain csv read (readings)", plain_read, (readings,)),
                         ("readings import", imported, (url, company_id, manager_id, "readings", readings))]
            print(f"{args.rows} rows, {fleet.stat().st_size / 1e6:.1f} MB, {args.db}; a plain read is the best of {READS}")
            results = {}
            for label, work, job_args in jobs:
                runs = [measure(work, *job_args) for _ in range(READS if work is plain_read else 1)]
                seconds, kib, outcome = min(runs, key=lambda r: r[0])
                results[label] = (seconds, kib)
                print(f"{label:28s} {seconds:8.2f} s  peak +{kib / 1024:7.1f} MiB  ({outcome})")
        base, done = results["plain csv read"], results["fleet import"]
        print(f"import / plain read: {done[0] / base[0]:.0f}× the time, {done[1] / max(base[1], 1):.0f}× the peak memory")


if __name__ == "__main__":
    main()
