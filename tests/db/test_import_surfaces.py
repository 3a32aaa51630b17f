"""The fleet import without a browser, on SQLite and PostgreSQL: the REST API's multipart upload (scoped like every
route, 422 with every problem and nothing written) and `leasedash import` (a JSON summary and exit 0, or one line per
problem on stderr, exit 2 and nothing written); the templates in three languages."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from leasedash.api.app import api
from leasedash.cli import main
from leasedash.db.models import Contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.services.api_tokens import create_token
from tests.db.factories import make_company, make_user

GOOD = ("Contract reference,Driver e-mail,Product,Start date,Months,Annual km,Monthly rent,Make,Model,Plate\n"
        "API-1,an@acme.be,best-deal,2025-01-15,36,10000,399.00,Renault,Clio,1-API-001\n"
        "API-2,bo@acme.be,my-personal-lease,2025-02-01,48,15000,412.50,Peugeot,e-208,1-API-002\n")
BAD = GOOD + ("API-3,cy@acme.be,best-deal,15/13/2025,36,10000,399.00,Renault,Clio,1-API-003\n"
              "API-4,cy@acme.be,best-deal,2025-01-15,36,\"15.000,5\",399.00,Renault,Clio,1-API-004\n")


@pytest.fixture
def acme(services_db):
    with session_scope() as s:
        acme, other = make_company(s, "Acme"), make_company(s, "Other")
        manager, driver = make_user(s, acme, "fm@acme.be", "fleet_manager"), make_user(s, acme, "dr@acme.be")
        stranger = make_user(s, other, "fm@other.be", "fleet_manager")
        tokens = {name: create_token(s, Viewer(u.id, u.role, u.company_id), "tests")[0]
                  for name, u in (("manager", manager), ("driver", driver), ("stranger", stranger))}
    return {"tokens": tokens, "acme": acme.id, "other": other.id}


def _contracts() -> int:
    with session_scope() as s:
        return s.exec(select(func.count()).select_from(Contract)).one()


def _post(client: TestClient, token: str, text: str, company: str, kind: str = "contracts", **form):
    return client.post(f"/api/v1/imports/{kind}", headers={"Authorization": f"Bearer {token}"},
                       files={"file": ("fleet.csv", text.encode(), "text/csv")}, data={"company": company, **form})


def test_the_api_imports_a_file_all_rows_or_none(acme):
    client = TestClient(api)
    refused = _post(client, acme["tokens"]["manager"], BAD, str(acme["acme"]))
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail["count"] == 2 and [(p["row"], p["column"]) for p in detail["problems"]] == [(4, "Start date"), (5, "Annual km")]
    assert detail["problems"][1]["message"] == "row 5, column Annual km: '15.000,5' is not a number written with this file's decimal mark '.'"
    assert _contracts() == 0
    dry = _post(client, acme["tokens"]["manager"], GOOD, "Acme", dry_run="true")
    assert dry.status_code == 200 and dry.json()["created"] == 2 and _contracts() == 0
    done = _post(client, acme["tokens"]["manager"], GOOD, "Acme")
    assert (done.status_code, done.json()["created"], done.json()["dry_run"]) == (200, 2, False)
    again = _post(client, acme["tokens"]["manager"], GOOD, "Acme")
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 2)


def test_the_api_import_is_scoped(acme):
    client = TestClient(api)
    assert _post(client, acme["tokens"]["stranger"], GOOD, str(acme["acme"])).status_code == 403
    assert _post(client, acme["tokens"]["driver"], GOOD, str(acme["acme"])).status_code == 403
    assert client.post("/api/v1/imports/contracts", files={"file": ("f.csv", GOOD.encode())}, data={"company": "Acme"}).status_code == 401
    assert _contracts() == 0
    template = client.get("/api/v1/imports/template/readings?lang=nl", headers={"Authorization": f"Bearer {acme['tokens']['driver']}"})
    assert template.status_code == 200 and template.content.decode("utf-8-sig").startswith("Contractreferentie;Datum van de stand")


def test_the_command_line_prints_a_summary_or_every_problem(acme, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD), bad.write_text(BAD)
    with pytest.raises(SystemExit) as exit_code:
        main(["import", "contracts", str(bad), "--company", "Acme"])
    assert exit_code.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "row 4, column Start date: expected a date as YYYY-MM-DD or DD/MM/YYYY, got '15/13/2025'",
        "row 5, column Annual km: '15.000,5' is not a number written with this file's decimal mark '.'"]
    assert _contracts() == 0
    assert main(["import", "contracts", str(good), "--company", str(acme["acme"]), "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 2 and _contracts() == 0
    assert main(["import", "contracts", str(good), "--company", "Acme"]) == 0
    assert (json.loads(capsys.readouterr().out)["created"], _contracts()) == (2, 2)
    readings = tmp_path / "readings.csv"
    readings.write_text("Contract reference,Date,Odometer\nAPI-1,2025-06-01,4000\n")
    assert main(["import", "readings", str(readings), "--company", "Acme"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1


def test_the_command_line_speaks_the_readers_language(acme, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr")
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    with pytest.raises(SystemExit):
        main(["import", "contracts", str(bad), "--company", "Acme"])
    assert capsys.readouterr().err.splitlines()[1] == ("ligne 5, colonne Annual km : '15.000,5' n'est pas un nombre écrit avec le "
                                                        "séparateur décimal '.' de ce fichier")


@pytest.mark.parametrize("lang, first", [("fr", "Référence du contrat"), ("nl", "Contractreferentie"), ("en", "Contract reference")])
def test_templates(tmp_path, lang, first):
    target = tmp_path / f"t.{lang}.csv"
    assert main(["import", "template", "contracts", "--lang", lang, "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8-sig").split(",;"[lang != "en"])[0] == first
    xlsx = tmp_path / "t.xlsx"
    assert main(["import", "template", "readings", "--lang", lang, "--format", "xlsx", "--output", str(xlsx)]) == 0
    assert xlsx.read_bytes().startswith(b"PK")
