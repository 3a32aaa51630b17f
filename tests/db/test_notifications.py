"""Document e-mails (seed 002) through a real SMTP server started by the test: at once for a driver with one
contract, one digest a week for a driver with several, in their language, never twice, even from two workers."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time

import pytest
from sqlmodel import Session, select

from leasedash.cli import main
from leasedash.db.models import Contract, DocumentNotice, Inspection, User
from leasedash.db.session import get_engine, session_scope
from leasedash.domain.inspection import Damage
from leasedash.lifespan import send_document_mails
from leasedash.services import inspections
from leasedash.services.auth import viewer_of
from leasedash.services.demo import load_demo
from leasedash.services.notifications import SmtpSender, deliver_due, deliver_pending, document_ready
from leasedash.settings import smtp_settings
from tests.db.factories import make_company, make_contract, make_product, make_user
from tests.support.smtp_sink import smtp_sink

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def inbox(monkeypatch):
    with smtp_sink() as handler:
        for name, value in handler.env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("LEASEDASH_MAIL_FROM", "documents@lessor.example")
        monkeypatch.setenv("LEASEDASH_BASE_URL", "https://lease.example/")
        yield handler


@pytest.fixture
def people(db_url) -> tuple[str, dict[str, int]]:
    """solo (nl) drives one car, multi (fr) two, the fleet manager none."""
    with Session(get_engine(db_url)) as s:
        company, product = make_company(s, "Acme"), make_product(s)
        solo, multi = make_user(s, company, "solo@acme.be"), make_user(s, company, "multi@acme.be")
        fleet = make_user(s, company, "fleet@acme.be", "fleet_manager")
        solo.language, multi.language = "nl", "fr"
        make_contract(s, company, solo, product, "1SOL001")
        make_contract(s, company, multi, product, "1MUL001")
        make_contract(s, company, multi, product, "1MUL002")
        ended = make_contract(s, company, solo, product, "1SOL000")
        ended.status = "ended"
        s.commit()
        return db_url, {"solo": solo.id, "multi": multi.id, "fleet": fleet.id}


def _ready(url: str, user_id: int, *titles: str) -> None:
    with session_scope(url) as s:
        for title in titles:
            document_ready(s, user_id, title, "/documents/" + title.lower().replace(" ", "-"))


def test_one_contract_one_mail_per_document_at_once_and_never_twice(people, inbox):
    url, ids = people
    _ready(url, ids["solo"], "Factuur november", "Bonus-malusverklaring")
    _ready(url, ids["fleet"], "Inspection report")
    done = deliver_pending(url, T0)
    assert (done.emails, done.notices, done.queued) == (3, 3, 0)
    solo = inbox.to("solo@acme.be")
    assert [m["Subject"] for m in solo] == ["Er staat een document klaar: Factuur november", "Er staat een document klaar: Bonus-malusverklaring"]
    assert all(m["From"] == "documents@lessor.example" for m in solo)
    body = solo[0].get_content()
    assert body.startswith("Beste Test,") and "https://lease.example/documents/factuur-november" in body and "klantenzone" in body
    assert len(inbox.to("fleet@acme.be")) == 1
    assert deliver_pending(url, T0 + dt.timedelta(minutes=5)).emails == 0 and len(inbox.mails) == 3
    with Session(get_engine(url)) as s:
        assert {(n.sent_at, n.in_digest) for n in s.exec(select(DocumentNotice))} == {(T0, False)}


def test_several_contracts_one_digest_a_week(people, inbox):
    url, ids = people
    _ready(url, ids["multi"], "Facture novembre", "Attestation bonus-malus")
    assert deliver_pending(url, T0).emails == 1
    digest = inbox.to("multi@acme.be")
    assert [m["Subject"] for m in digest] == ["2 documents vous attendent dans votre espace client"]
    body = digest[0].get_content()
    assert body.startswith("Bonjour Test,") and "- Facture novembre: https://lease.example/documents/facture-novembre" in body
    assert "- Attestation bonus-malus: https://lease.example/documents/attestation-bonus-malus" in body and "un e-mail par semaine" in body

    _ready(url, ids["multi"], "Facture décembre")
    done = deliver_pending(url, T0 + dt.timedelta(days=6, hours=23))
    assert (done.emails, done.queued) == (0, 1) and len(inbox.mails) == 1
    assert deliver_pending(url, T0 + dt.timedelta(days=7)).emails == 1
    assert [m["Subject"] for m in inbox.to("multi@acme.be")][1] == "Un document vous attend : Facture décembre"
    _ready(url, ids["multi"], "Facture janvier", "Rapport d'inspection")
    assert deliver_pending(url, T0 + dt.timedelta(days=8)).emails == 0
    assert deliver_pending(url, T0 + dt.timedelta(days=14)).emails == 1
    assert inbox.to("multi@acme.be")[2]["Subject"] == "2 documents vous attendent dans votre espace client"
    with Session(get_engine(url)) as s:
        notices = s.exec(select(DocumentNotice).order_by(DocumentNotice.id)).all()
        assert all(n.in_digest for n in notices) and [n.sent_at - T0 for n in notices] == [dt.timedelta(0)] * 2 + [dt.timedelta(days=7)] + [dt.timedelta(days=14)] * 2


def test_without_an_smtp_host_nothing_is_sent_and_the_notices_wait(people, inbox, monkeypatch):
    url, ids = people
    monkeypatch.delenv("LEASEDASH_SMTP_HOST")
    _ready(url, ids["solo"], "Factuur november")
    done = deliver_pending(url, T0)
    assert (done.configured, done.emails, done.queued) == (False, 0, 1) and inbox.mails == []
    monkeypatch.setenv("LEASEDASH_SMTP_HOST", "127.0.0.1")
    assert deliver_pending(url, T0).emails == 1 and len(inbox.mails) == 1


def test_two_workers_at_once_send_each_document_once(people, inbox):
    url, ids = people
    _ready(url, ids["solo"], "Factuur 1", "Factuur 2", "Factuur 3")
    _ready(url, ids["multi"], "Facture 1", "Facture 2")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with Session(get_engine(url)) as s, SmtpSender(smtp_settings()) as smtp:
                def slow(message):
                    time.sleep(0.2)
                    smtp(message)

                start.wait()
                deliver_due(s, T0, slow)
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(m["Subject"] for m in inbox.to("solo@acme.be")) == [f"Er staat een document klaar: Factuur {i}" for i in (1, 2, 3)]
    assert [m["Subject"] for m in inbox.to("multi@acme.be")] == ["2 documents vous attendent dans votre espace client"]


def test_a_report_signed_by_both_is_announced_to_the_driver(db_url):
    today = dt.date(2026, 11, 21)
    load_demo(60, seed=4, url=db_url, today=today)
    with Session(get_engine(db_url)) as s:
        users = {u.email: viewer_of(u) for u in s.exec(select(User).where(User.email.like("%@example.com")))}
        driver_user = s.exec(select(User).where(User.email == "driver@example.com")).one()
        contract = s.exec(select(Contract).where(Contract.driver_id == driver_user.id)).one()
    fleet, driver = users["fleet@example.com"], users["driver@example.com"]
    with session_scope(db_url) as s:
        inspection = inspections.create_inspection(s, fleet, contract.id, today)
        inspections.update_facts(s, fleet, inspection.id, odometer_km=35000)
        inspections.add_damage(s, fleet, inspection.id, Damage("bonnet", "dent", 40))
        inspections.sign(s, fleet, inspection.id, "Marc Dubois")
        assert s.exec(select(DocumentNotice)).all() == []
        inspections.sign(s, driver, inspection.id, "Sofie Peeters")
        assert s.get(Inspection, inspection.id).status == "signed"
        notice = s.exec(select(DocumentNotice)).one()
    expected = {"en": "Return inspection report", "fr": "Rapport d'inspection de restitution", "nl": "Inspectierapport bij inlevering"}[driver_user.language]
    assert (notice.user_id, notice.link, notice.title) == (driver.user_id, f"/returns/inspection?id={inspection.id}", f"{expected} {contract.reference}")


def test_the_cli_and_the_backend_loop_deliver_with_the_settings_of_the_environment(people, inbox, monkeypatch, capsys):
    url, ids = people
    monkeypatch.setenv("REFLEX_DB_URL", url)
    _ready(url, ids["solo"], "Factuur november")
    assert main(["notify"]) == 0
    assert capsys.readouterr().out.startswith("sent 1 e-mail for 1 document; 0 wait")
    assert len(inbox.to("solo@acme.be")) == 1

    _ready(url, ids["solo"], "Factuur december")
    monkeypatch.setenv("LEASEDASH_NOTIFY_SECONDS", "1")

    async def serve() -> float:
        started = time.monotonic()
        async with send_document_mails():
            entered = time.monotonic() - started
            await asyncio.sleep(1.6)
        return entered

    assert asyncio.run(serve()) < 0.2
    assert [m["Subject"] for m in inbox.to("solo@acme.be")][1] == "Er staat een document klaar: Factuur december"
