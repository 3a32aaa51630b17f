"""Fleet imports on SQLite and PostgreSQL: all rows or none, a re-import changes nothing, an updated file amends the
contracts it names (a dated amendment for a new duration or mileage) and lists the absent ones, drivers without an
account are invited, readings go forward only, and a fleet manager imports into their own company only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from leasedash.db.models import Contract, ContractEvent, FleetImport, OdometerChange, OdometerReading, User, Vehicle
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.fleet_file import FileProblems
from leasedash.errors import AccessDenied
from leasedash.services.fleet_import import check_import, import_history, run_import
from tests.db.factories import make_company, make_user

TODAY = dt.date(2026, 6, 1)
HEAD = "Référence;E-mail du conducteur;Produit;Date de début;Durée (mois);Km annuels;Loyer mensuel;Marque;Modèle;Plaque"
ROWS = ["LP-1;an@acme.be;my-personal-lease;15/01/2025;48;15.000;412,50;Peugeot;e-208;1-ABC-001",
        "LP-2;bo@acme.be;Lease Plus sur mesure;01/02/2025;48;15.000;536,32;Volkswagen;Golf;1-ABC-002",
        "LP-3;bo@acme.be;best-deal;01/03/2025;36;10.000;399,00;Renault;Clio;1-ABC-003"]


def _file(rows=ROWS) -> bytes:
    return ("\n".join([HEAD, *rows]) + "\n").encode()


@pytest.fixture
def acme(db_url):
    with session_scope(db_url) as s:
        acme, other = make_company(s, "Acme"), make_company(s, "Other")
        manager = make_user(s, acme, "fm@acme.be", "fleet_manager")
        stranger = make_user(s, other, "fm@other.be", "fleet_manager")
        admin = make_user(s, None, "admin@lessor.be", "admin")
        driver = make_user(s, acme, "dr@acme.be")
        return {"url": db_url, "acme": acme.id, "other": other.id, "manager": Viewer(manager.id, "fleet_manager", acme.id),
                "stranger": Viewer(stranger.id, "fleet_manager", other.id), "admin": Viewer(admin.id, "admin", None),
                "driver": Viewer(driver.id, "driver", acme.id)}


def _import(ctx, data, kind="contracts", viewer="manager", company="acme", **kw):
    return run_import(ctx[viewer], ctx[company], kind, f"{kind}.csv", data, today=TODAY, url=ctx["url"], **kw)


def _count(url, model, *where) -> int:
    with session_scope(url) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def test_a_file_creates_contracts_cars_and_invited_drivers(acme):
    done = _import(acme, _file())
    assert (done.created, done.updated, done.unchanged, done.absent_count) == (3, 0, 0, 0)
    with session_scope(acme["url"]) as s:
        contracts = {c.reference: c for c in s.exec(select(Contract).where(Contract.company_id == acme["acme"]))}
        assert {c.origin for c in contracts.values()} == {"import"}
        assert contracts["LP-1"].annual_km == 15000 and contracts["LP-1"].monthly_rent == Decimal("412.50")
        assert contracts["LP-1"].end_date == dt.date(2029, 1, 15) and contracts["LP-1"].status == "active"
        assert contracts["LP-2"].rent_grid_id is not None
        bo = s.exec(select(User).where(User.email == "bo@acme.be")).one()
        assert (bo.password_hash, bo.status, bo.role, bo.company_id) == (None, "invited", "driver", acme["acme"])
        assert contracts["LP-2"].driver_id == contracts["LP-3"].driver_id == bo.id
        assert s.get(Vehicle, contracts["LP-3"].vehicle_id).plate == "1-ABC-003"
    history = import_history(acme["manager"], url=acme["url"])
    assert [(h.kind, h.file_name, h.created, h.rows) for h in history] == [("contracts", "contracts.csv", 3, 3)]


def test_importing_the_same_file_again_changes_nothing(acme):
    _import(acme, _file())
    with session_scope(acme["url"]) as s:
        before = sorted((c.reference, c.version, c.updated_at) for c in s.exec(select(Contract)))
    again = _import(acme, _file())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    with session_scope(acme["url"]) as s:
        assert sorted((c.reference, c.version, c.updated_at) for c in s.exec(select(Contract))) == before
    assert _count(acme["url"], User, User.company_id == acme["acme"]) == 4
    assert _count(acme["url"], ContractEvent) == 0


def test_an_updated_file_amends_what_it_names_and_lists_the_absent(acme):
    _import(acme, _file())
    changed = [ROWS[0].replace(";48;15.000;412,50;", ";60;20.000;412,50;"), ROWS[1].replace("Golf", "Golf Variant")]
    done = _import(acme, _file(changed))
    assert (done.created, done.updated, done.unchanged, done.absent, done.absent_count) == (0, 2, 0, ("LP-3",), 1)
    with session_scope(acme["url"]) as s:
        lp1 = s.exec(select(Contract).where(Contract.reference == "LP-1")).one()
        assert (lp1.months, lp1.annual_km, lp1.end_date, lp1.version) == (60, 20000, dt.date(2030, 1, 15), 2)
        events = s.exec(select(ContractEvent).where(ContractEvent.contract_id == lp1.id).order_by(ContractEvent.id)).all()
        assert [(e.kind, e.event, e.result["previous"], e.result["effective"]) for e in events] == [
            ("adaptation", {"type": "duration_change", "at_month": 16, "months": 60}, 48, "2026-06-01"),
            ("adaptation", {"type": "mileage_change", "at_month": 16, "annual_km": 20000}, 15000, "2026-06-01")]
        lp2 = s.exec(select(Contract).where(Contract.reference == "LP-2")).one()
        assert s.get(Vehicle, lp2.vehicle_id).model == "Golf Variant" and lp2.version == 1
        assert s.exec(select(Contract).where(Contract.reference == "LP-3")).one().status == "active"


def test_one_bad_row_and_nothing_is_written(acme):
    bad = [*ROWS, "LP-4;cy@acme.be;No Such Lease;01/03/2025;36;10.000;399,00;Renault;Clio;1-ABC-004",
           "LP-5;cy@acme.be;best-deal;01/03/2025;36;10.000,5;399,00;Renault;Clio;1-ABC-005"]
    with pytest.raises(FileProblems) as refused:
        _import(acme, _file(bad))
    assert [(p.row, p.column, p.code) for p in refused.value.problems] == [(6, "Km annuels", "import_not_whole")]
    assert _count(acme["url"], Contract) == 0 and _count(acme["url"], FleetImport) == 0
    with pytest.raises(FileProblems) as refused:
        _import(acme, _file(bad[:4]))
    assert [(p.row, p.column, p.code) for p in refused.value.problems] == [(5, "Produit", "import_unknown_product")]
    assert _count(acme["url"], Contract) == 0 and _count(acme["url"], User, User.email == "an@acme.be") == 0


def test_a_grid_rent_that_is_not_the_grids_is_refused(acme):
    with pytest.raises(FileProblems) as refused:
        _import(acme, _file([ROWS[1].replace("536,32", "540,00")]))
    problem = refused.value.problems[0]
    assert (problem.row, problem.column, problem.code, dict(problem.params)["difference"]) == (2, "Loyer mensuel", "entry_rent_grid", "+3.68")


def test_a_fleet_manager_imports_into_their_own_company_only(acme):
    with pytest.raises(AccessDenied):
        _import(acme, _file(), viewer="stranger")
    with pytest.raises(AccessDenied):
        _import(acme, _file(), viewer="driver")
    with pytest.raises(AccessDenied):
        check_import(acme["stranger"], acme["acme"], "contracts", "f.csv", _file(), url=acme["url"])
    assert _count(acme["url"], Contract) == 0
    assert _import(acme, _file(), viewer="admin").created == 3


def test_references_and_plates_are_unique_within_a_company_not_across(acme):
    assert _import(acme, _file()).created == 3
    other = [r.replace("@acme.be", "@other.be") for r in ROWS]
    assert _import(acme, _file(other), viewer="stranger", company="other").created == 3
    assert _count(acme["url"], Contract, Contract.reference == "LP-1") == 2


def test_a_driver_of_another_company_or_a_plate_of_another_contract_is_refused(acme):
    _import(acme, _file())
    with pytest.raises(FileProblems) as refused:
        _import(acme, _file([ROWS[0].replace("an@acme.be", "fm@other.be"), "LP-9;an@acme.be;best-deal;01/03/2025;36;10.000;399,00;VW;Up;1-ABC-003"]))
    assert [(p.row, p.code) for p in refused.value.problems] == [(2, "import_driver_elsewhere"), (3, "import_plate_taken")]


def test_checking_a_file_writes_nothing_and_previews_it(acme):
    check = check_import(acme["manager"], acme["acme"], "contracts", "f.csv", _file(), today=TODAY, url=acme["url"])
    assert (check.created, check.problem_count, check.mark) == (3, 0, ",")
    assert [r.action for r in check.preview] == ["create"] * 3 and check.preview[0].cells[0] == "LP-1"
    assert _count(acme["url"], Contract) == 0 and _count(acme["url"], User, User.email == "an@acme.be") == 0


def test_a_dry_run_counts_and_writes_nothing(acme):
    done = _import(acme, _file(), dry_run=True)
    assert (done.created, done.import_id) == (3, None)
    assert _count(acme["url"], Contract) == 0


READINGS = "Contract reference,Date,Odometer,Reading id\nLP-1,2025-07-15,7000,R1\nLP-1,2026-01-15,15000,R2\nLP-3,2026-03-01,12000,\n"


def test_readings_import_once_and_go_forward_only(acme):
    _import(acme, _file())
    done = _import(acme, READINGS.encode(), kind="readings")
    assert (done.created, done.updated, done.unchanged) == (3, 0, 0)
    assert _import(acme, READINGS.encode(), kind="readings").unchanged == 3
    with pytest.raises(FileProblems) as refused:
        _import(acme, (READINGS + "LP-1,2025-10-01,16000,R3\nLP-1,2025-01-01,100,R4\nLP-7,2025-10-01,100,R5\n").encode(), kind="readings")
    assert [(p.row, p.code) for p in refused.value.problems] == [(6, "import_before_start"), (7, "import_unknown_contract"),
                                                                 (5, "import_km_backwards")]
    with pytest.raises(FileProblems) as refused:
        _import(acme, b"Contract reference,Date,Odometer,Reading id\nLP-3,2026-04-01,13000,R1\n", kind="readings")
    assert [(p.row, p.code) for p in refused.value.problems] == [(2, "import_reading_changed")]
    assert _count(acme["url"], OdometerReading) == 3


def test_a_reading_without_id_on_a_known_day_is_corrected_with_its_history(acme):
    _import(acme, _file())
    _import(acme, READINGS.encode(), kind="readings")
    done = _import(acme, b"Contract reference,Date,Odometer\nLP-3,2026-03-01,12500\n", kind="readings")
    assert (done.created, done.updated) == (0, 1)
    with session_scope(acme["url"]) as s:
        change = s.exec(select(OdometerChange)).one()
        assert (change.action, change.old_km, change.new_km) == ("corrected", 12000, 12500)


def test_readings_of_another_company_are_not_found(acme):
    _import(acme, _file())
    with pytest.raises(FileProblems) as refused:
        _import(acme, READINGS.encode(), kind="readings", viewer="stranger", company="other")
    assert {p.code for p in refused.value.problems} == {"import_unknown_contract"}
