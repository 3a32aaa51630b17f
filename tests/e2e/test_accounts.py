"""Accounts for real people in Chromium (issue 13), on an app served from an empty PostgreSQL database whose e-mails go
to a local SMTP server (aiosmtpd) the tests read: the first admin (dev.py start refusing, `leasedash users create`,
sign-in), a company and its fleet manager invited by the admin and a driver invited by that fleet manager, each
accepting their invitation; a private lessee signing up with the confirmation e-mail; a forgotten password reset
through its e-mailed link."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest

from sqlmodel import select

from leasedash.db.models import Company, User
from leasedash.db.session import session_scope
from leasedash.i18n import catalog
from leasedash.services.passwords import hash_password
from tests.conftest import ROOT, RunningApp
from tests.db.conftest import _postgres_database
from tests.e2e.conftest import screenshot, sign_in, watched_page
from tests.support.dev_server import AppDidNotStart, copy_project, running_app
from tests.support.smtp_sink import smtp_sink

pytestmark = pytest.mark.browser

LEASEDASH = str(Path(sys.executable).parent / "leasedash")
LINK = re.compile(r"https?://[^/\s]+(/[\w/-]+\?token=[\w-]+)")
ADMIN, ADMIN_PASSWORD = "ada@lessor.example", "Harbour-2026"


@pytest.fixture(scope="module")
def inbox():
    with smtp_sink() as sink:
        yield sink


@pytest.fixture(scope="module")
def accounts_app(tmp_path_factory, inbox) -> RunningApp:
    """The production app on a new, empty (migrated) PostgreSQL database, its e-mails sent to `inbox`."""
    db_url, drop = _postgres_database()
    folder = tmp_path_factory.mktemp("accounts-app")
    log = folder / "app.log"
    try:
        with running_app(db_url, log, demo_contracts=0, extra_env=inbox.env, project=copy_project(folder / "leasedash")) as url:
            app = RunningApp(url, db_url, log)
            app.new_log()
            yield app
    except AppDidNotStart as exc:
        pytest.fail(str(exc))
    finally:
        drop()


@pytest.fixture
def tab(browser, accounts_app):
    with watched_page(browser, accounts_app) as page:
        yield page


def _link(app: RunningApp, message) -> str:
    """The app's address of the one-time link in an e-mail."""
    return app.url + LINK.search(message.get_content()).group(1)


def _set_password(page, weak: str, strong: str) -> None:
    """On an invitation or reset page: a password against the rule is refused with its reasons, then one that follows it."""
    page.fill("#password", weak)
    page.click("#set-password")
    page.wait_for_selector(".password-problem")
    page.fill("#password", strong)
    page.click("#set-password")
    page.wait_for_selector("#password-set")


def _pick(page, trigger: str, option: str) -> None:
    page.click(trigger)
    page.get_by_role("option", name=option, exact=True).click()


def _dev():
    spec = importlib.util.spec_from_file_location("leasedash_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_first_admin_of_an_empty_postgresql_database(accounts_app, tab, inbox, monkeypatch, capfd):
    dev = _dev()
    monkeypatch.setattr(dev, "_ensure_venv", lambda: None)
    monkeypatch.setattr(dev.subprocess, "call", lambda *a, **k: pytest.fail(f"dev.py start served the app: {a}"))
    monkeypatch.setenv("REFLEX_DB_URL", accounts_app.db_url)
    monkeypatch.setenv("LANG", "C")
    assert dev.start([]) == 2
    assert "leasedash users create --email you@example.com --role admin" in capfd.readouterr().err

    env = {k: v for k, v in os.environ.items() if not k.startswith("LEASEDASH_SMTP")} | {"REFLEX_DB_URL": accounts_app.db_url, "LANG": "C"}
    made = subprocess.run([LEASEDASH, "users", "create", "--email", ADMIN, "--role", "admin", "--first-name", "Ada", "--last-name", "Verhoeven"],
                          input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n", capture_output=True, text=True, env=env, check=False)
    assert made.returncode == 0, made.stderr

    tab.goto(accounts_app.url + "/login", wait_until="networkidle")
    assert tab.locator("#demo-accounts").count() == 0  # no demo company, no demo accounts named
    screenshot(tab, "accounts-login-production")
    tab.fill("#email", ADMIN)
    tab.fill("#password", ADMIN_PASSWORD)
    tab.click("#sign-in")
    tab.wait_for_url(accounts_app.url + "/account", timeout=20000)  # an admin sets up an authenticator first
    tab.click("#totp-start")
    secret = tab.locator("#totp-secret").inner_text().replace(" ", "")
    tab.fill("#totp-code", pyotp.TOTP(secret).now())
    tab.click("#totp-confirm")
    tab.wait_for_selector("#totp-active")

    tab.goto(accounts_app.url + "/people", wait_until="networkidle")
    tab.fill("#company_name", "Polder Foods B.V.")
    _pick(tab, "#company_country", "NL")
    _pick(tab, "#company_language", "Nederlands")
    tab.click("#create-company")
    tab.wait_for_selector("#people-notice")
    tab.wait_for_function("document.querySelector('#company-name')?.innerText === 'Polder Foods B.V.'")
    tab.fill("#first_name", "Bram")
    tab.fill("#last_name", "Visser")
    tab.fill("#email", "bram@polder.nl")
    _pick(tab, "#language", "Nederlands")
    _pick(tab, "#role", "Fleet manager")
    tab.click("#invite-person")
    tab.wait_for_function("document.querySelector('#people-notice')?.innerText.includes('1 invitation sent')")
    assert "Invited, link valid until" in tab.locator("tr:has-text('bram@polder.nl') .standing").inner_text()
    screenshot(tab, "accounts-people-admin-en")
    tab.click("#language-switch >> text=FR")
    tab.get_by_role("heading", name="Personnes").wait_for()
    screenshot(tab, "accounts-people-admin-fr")

    (invitation,) = inbox.wait_for("bram@polder.nl")
    assert invitation["Subject"] == "Uw leasedash-account wacht op u"
    with watched_page(tab.context.browser, accounts_app) as bram:
        bram.goto(_link(accounts_app, invitation), wait_until="networkidle")
        assert "kies uw wachtwoord" in bram.locator("text=Hallo Bram").inner_text()  # in the invited person's language
        _set_password(bram, "Visser2026", "Tulip-fields-9")
        sign_in(bram, accounts_app, "bram@polder.nl", "Tulip-fields-9")
        bram.goto(accounts_app.url + "/people", wait_until="networkidle")
        bram.wait_for_function("document.querySelector('#company-name')?.innerText === 'Polder Foods B.V.'")  # once loaded
        assert bram.locator("#company-choice").count() == 0
        bram.fill("#first_name", "Anna")
        bram.fill("#last_name", "de Vries")
        bram.fill("#email", "anna@polder.nl")
        _pick(bram, "#language", "Français")
        bram.click("#invite-person")
        bram.wait_for_selector("#people-notice")
        drivers = "email,first_name,last_name,language\nanna@polder.nl,Anna,de Vries,fr\nfinn@polder.nl,Finn,Bakker,nl\n"
        bram.set_input_files("#people-upload input[type=file]", files=[{"name": "drivers.csv", "mimeType": "text/csv",
                                                                          "buffer": drivers.encode()}])
        bram.wait_for_function("document.querySelector('#people-notice')?.innerText.includes('1 nieuwe persoon toegevoegd')")
        assert "2 uitnodigingen verstuurd" in bram.locator("#people-notice").inner_text()  # the page speaks Bram's language
        screenshot(bram, "accounts-people-fleet-manager")
        finn, nl = "tr:has-text('finn@polder.nl')", catalog("nl")
        bram.click(f"{finn} .deactivate")  # asked first, in Bram's language, naming who
        assert "Finn Bakker" in bram.get_by_role("alertdialog").inner_text()
        screenshot(bram, "accounts-people-confirm-deactivate")
        bram.get_by_role("alertdialog").get_by_role("button", name=nl["common.cancel"]).click()
        bram.get_by_role("alertdialog").wait_for(state="detached")
        bram.click(f"{finn} .deactivate")
        bram.click("#confirm-deactivate")
        bram.wait_for_selector(f"{finn} .standing:has-text('{nl['people.standing.deactivated']}')")
        with session_scope(accounts_app.db_url) as s:
            assert s.exec(select(User).where(User.email == "finn@polder.nl")).one().status == "deactivated"
    driver_mail = inbox.wait_for("anna@polder.nl", 2)[-1]  # invited, then invited again by the file: the first link is replaced
    assert driver_mail["Subject"] == "Votre compte leasedash vous attend"
    assert inbox.wait_for("finn@polder.nl")[0]["Subject"] == "Uw leasedash-account wacht op u"
    with watched_page(tab.context.browser, accounts_app) as anna:
        anna.goto(_link(accounts_app, driver_mail), wait_until="networkidle")
        screenshot(anna, "accounts-invitation")
        _set_password(anna, "anna", "Canal-boat-77")
        sign_in(anna, accounts_app, "anna@polder.nl", "Canal-boat-77")
        anna.goto(_link(accounts_app, driver_mail), wait_until="networkidle")
        anna.wait_for_selector("#page-problem")  # the link worked once


def test_a_private_lessee_signs_up_and_confirms_the_address_from_the_email(accounts_app, tab, inbox):
    tab.goto(accounts_app.url + "/login", wait_until="networkidle")
    tab.click("#to-sign-up")
    tab.wait_for_url(accounts_app.url + "/signup")
    screenshot(tab, "accounts-signup-en")
    tab.click("#language-switch >> text=FR")
    tab.fill("#first_name", "Camille")
    tab.fill("#last_name", "Lambert")
    tab.fill("#email", "camille.lambert@mail.be")
    tab.fill("#birth_date", "1985-06-02")
    tab.fill("#password", "Lambert1985")
    tab.click("#sign-up")
    tab.wait_for_selector(".password-problem")
    assert "nom" in tab.locator(".password-problem").first.inner_text()
    screenshot(tab, "accounts-signup-fr")
    tab.fill("#password", "Mer-du-Nord-24")
    tab.click("#sign-up")
    tab.wait_for_selector("#signup-sent")
    assert "camille.lambert@mail.be" in tab.locator("#signup-sent").inner_text()

    (mail,) = inbox.wait_for("camille.lambert@mail.be")
    assert mail["Subject"] == "Confirmez votre adresse e-mail" and "valable 24 heures" in mail.get_content()
    tab.goto(_link(accounts_app, mail), wait_until="networkidle")
    tab.wait_for_selector("#signup-confirmed")
    screenshot(tab, "accounts-signup-confirmed-fr")
    sign_in(tab, accounts_app, "camille.lambert@mail.be", "Mer-du-Nord-24")


def test_a_forgotten_password_is_reset_through_the_emailed_link(accounts_app, tab, inbox):
    with session_scope(accounts_app.db_url) as s:
        company = Company(name="Lucas Maes (private)", kind="private", country="BE", language="en")
        s.add(company)
        s.flush()
        s.add(User(email="lucas@mail.be", first_name="Lucas", last_name="Maes", role="driver", company_id=company.id,
                   password_hash=hash_password("Forgotten-2025")))
    tab.goto(accounts_app.url + "/login", wait_until="networkidle")
    tab.click("#forgot-password")
    tab.wait_for_url(accounts_app.url + "/password/forgot")
    screenshot(tab, "accounts-forgot-en")
    tab.click("#language-switch >> text=FR")
    tab.get_by_role("heading", name="Mot de passe oublié ?").wait_for()
    screenshot(tab, "accounts-forgot-fr")
    tab.click("#language-switch >> text=EN")
    tab.fill("#email", "lucas@mail.be")
    tab.click("#send-reset")
    tab.wait_for_selector("#reset-answer")
    answer = tab.locator("#reset-answer").inner_text()

    (mail,) = inbox.wait_for("lucas@mail.be")
    assert mail["Subject"] == "Choose a new leasedash password" and "valid for 1 hour" in mail.get_content()
    tab.goto(_link(accounts_app, mail), wait_until="networkidle")
    _set_password(tab, "lucas-maes-1", "Brussels-Tram-81")
    screenshot(tab, "accounts-reset-done-en")
    tab.goto(accounts_app.url + "/login", wait_until="networkidle")
    tab.fill("#email", "lucas@mail.be")
    tab.fill("#password", "Forgotten-2025")
    tab.click("#sign-in")
    tab.wait_for_selector("#login-error")
    sign_in(tab, accounts_app, "lucas@mail.be", "Brussels-Tram-81")

    tab.goto(accounts_app.url + "/password/forgot", wait_until="networkidle")
    tab.fill("#email", "nobody-here@mail.be")
    tab.click("#send-reset")
    tab.wait_for_selector("#reset-answer")
    assert tab.locator("#reset-answer").inner_text() == answer and inbox.to("nobody-here@mail.be") == []
