"""The first run of issue 13, item 1, on SQLite and PostgreSQL: a database with no user gets the demo only when it is the
default SQLite file; any other makes `dev.py start` stop with how to create the first admin, which `leasedash users
create` does (a password typed under the rule of seed 000, or an invitation when SMTP is set)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, select

from leasedash.db.models import Company, User
from leasedash.db.session import get_engine, session_scope
from leasedash.services.auth import sign_in
from tests.conftest import ROOT
from tests.support.smtp_sink import smtp_sink

LEASEDASH = str(Path(sys.executable).parent / "leasedash")
HOW_TO = "leasedash users create --email you@example.com --role admin"


def run(db_url: str | None, *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    settings = {k: v for k, v in os.environ.items() if not k.startswith(("LEASEDASH_SMTP", "REFLEX_DB_URL"))}
    settings |= {"LANG": "C"} | ({"REFLEX_DB_URL": db_url} if db_url else {}) | (env or {})
    return subprocess.run([LEASEDASH, *args], input=stdin, capture_output=True, text=True, env=settings, cwd=cwd, check=False)


def _users(db_url: str) -> list[User]:
    with Session(get_engine(db_url)) as s:
        return list(s.exec(select(User)))


def _dev():
    spec = importlib.util.spec_from_file_location("leasedash_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_start_stops_on_a_database_without_users_and_says_how_to_create_the_first_admin(db_url, monkeypatch, capfd):
    dev = _dev()
    monkeypatch.setattr(dev, "_ensure_venv", lambda: None)
    served = []
    monkeypatch.setattr(dev.subprocess, "call", lambda *a, **k: served.append(a) or 0)
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    monkeypatch.setenv("LANG", "C")
    assert dev.start([]) == 2 and served == []
    assert HOW_TO in capfd.readouterr().err
    assert _users(db_url) == []


def test_users_create_asks_for_a_password_under_the_rule_then_the_admin_signs_in(db_url):
    refused = run(db_url, "demo", "--first-run")
    assert refused.returncode == 2 and HOW_TO in refused.stderr and "--demo" in refused.stderr
    weak = run(db_url, "users", "create", "--email", "ada@lessor.example", "--role", "admin", stdin="ada2026x\nada2026x\n")
    assert weak.returncode == 2 and "It needs an upper-case letter." in weak.stderr and "It may not contain your last name." in weak.stderr
    differ = run(db_url, "users", "create", "--email", "ada@lessor.example", stdin="Harbour-2026\nHarbour-2027\n")
    assert differ.returncode == 2 and "the two passwords differ" in differ.stderr
    assert _users(db_url) == []

    made = run(db_url, "users", "create", "--email", "Ada@Lessor.example", "--role", "admin", "--first-name", "Ada",
               "--last-name", "Verhoeven", "--language", "nl", stdin="Harbour-2026\nHarbour-2026\n")
    assert made.returncode == 0, made.stderr
    assert "ada@lessor.example can sign in now at http://localhost:3000/login" in made.stdout.lower()
    (admin,) = _users(db_url)
    assert (admin.email, admin.role, admin.status, admin.company_id, admin.language) == ("ada@lessor.example", "admin", "active", None, "nl")
    with session_scope(db_url) as s:
        assert sign_in(s, "ada@lessor.example", "Harbour-2026").token

    again = run(db_url, "users", "create", "--email", "ada@lessor.example", stdin="Harbour-2026\nHarbour-2026\n")
    assert again.returncode == 2 and "this address has an account already" in again.stderr
    kept = run(db_url, "demo", "--first-run")
    assert kept.returncode == 0 and "has accounts already" in kept.stderr
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(Company)).all() == []  # no demo loaded into a database with users


def test_users_create_sends_an_invitation_when_smtp_is_set(db_url):
    with smtp_sink() as inbox:
        done = run(db_url, "users", "create", "--email", "root@lessor.example", "--language", "fr", env=inbox.env | {"LANG": "fr_BE.UTF-8"})
        assert done.returncode == 0, done.stderr
        assert "une invitation est partie vers root@lessor.example" in done.stdout
        (mail,) = inbox.wait_for("root@lessor.example")
    assert mail["Subject"] == "Votre compte leasedash vous attend" and "/invitation?token=" in mail.get_content()
    (admin,) = _users(db_url)
    assert (admin.status, admin.password_hash) == ("invited", None)


def test_the_default_sqlite_file_gets_the_demo_on_its_first_run(tmp_path):
    loaded = run(None, "demo", "--first-run", "--contracts", "12", "--seed", "3", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert (tmp_path / "leasedash.db").exists()
    with Session(get_engine(f"sqlite:///{tmp_path / 'leasedash.db'}")) as s:
        assert s.exec(select(User).where(User.email == "admin@example.com")).one().status == "active"
