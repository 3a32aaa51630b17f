"""The three account e-mails of issue 13, each with a one-time link and in the recipient's language: confirm your
address (sign-up), you are invited (choose your password), reset your password (seed 000's "Mot de passe oublié",
with a link in place of the seed's temporary password, which would sit readable in the mailbox). They go through
the SMTP settings and the sender of the document e-mails (notifications.py). Without LEASEDASH_SMTP_HOST, a
development database prints the link to the server log; any other database sends nothing (the link waits)."""

from __future__ import annotations

import logging
import smtplib
from concurrent.futures import Future, ThreadPoolExecutor
from email.message import EmailMessage

from leasedash import routes
from leasedash.db.accounts import token_hours
from leasedash.db.tenancy import User
from leasedash.i18n import plural, translate
from leasedash.services.notifications import Sender, SmtpSender, letter
from leasedash.settings import base_url, smtp_settings

log = logging.getLogger("leasedash.accounts")

PAGES = {"confirm": routes.SIGNUP_CONFIRM, "invite": routes.INVITATION, "reset": routes.PASSWORD_RESET, "email": routes.ACCOUNT_EMAIL}
SENT, LOGGED, OFF, FAILED = "sent", "logged", "off", "failed"

_outbox = ThreadPoolExecutor(max_workers=1, thread_name_prefix="account-mail")


def account_link(kind: str, token: str) -> str:
    """The address of the page a link of `kind` opens, with its token."""
    return f"{base_url()}{PAGES[kind]}?token={token}"


def _lifetime(kind: str, lang: str) -> str:
    hours = token_hours()[kind]
    if hours > 24 and hours % 24 == 0:
        return plural("accountmail.valid_days", hours // 24, lang)
    return plural("accountmail.valid_hours", hours, lang)


def account_letter(user: User, kind: str, token: str) -> EmailMessage:
    """The e-mail of `kind` (confirm, invite, reset) to the user, in their language."""
    lang = user.language
    lines = [translate(f"accountmail.{kind}_intro", lang), "", account_link(kind, token), "", _lifetime(kind, lang),
             translate(f"accountmail.{kind}_note", lang)]
    return letter(user, translate(f"accountmail.{kind}_subject", lang), lines)


def mail_mode(development: bool) -> str:
    """How account e-mails leave: sent (SMTP is set), logged (no SMTP, a development database) or off."""
    if smtp_settings() is not None:
        return SENT
    return LOGGED if development else OFF


def deliver(user: User, kind: str, token: str, development: bool, sender: Sender | None = None) -> str:
    """Send the e-mail of `kind` to the user (through `sender` when given, else one SMTP connection of its own);
    SENT, LOGGED (the link printed to the log: no SMTP on a development database), OFF (no SMTP elsewhere: nothing
    sent) or FAILED (the SMTP server refused or did not answer)."""
    mode = mail_mode(development)
    if mode == LOGGED:
        log.warning("account e-mail (%s) for %s not sent, LEASEDASH_SMTP_HOST is not set (development); its link: %s",
                    kind, user.email, account_link(kind, token))
        return LOGGED
    if mode == OFF:
        log.warning("account e-mail (%s) for user %s not sent: LEASEDASH_SMTP_HOST is not set", kind, user.id)
        return OFF
    message = account_letter(user, kind, token)
    try:
        if sender is not None:
            sender(message)
        else:
            with SmtpSender(smtp_settings()) as own:
                own(message)
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("account e-mail (%s) for user %s: the SMTP server refused or did not answer (%s)", kind, user.id,
                    type(exc).__name__)
        return FAILED
    return SENT


def deliver_later(user: User, kind: str, token: str, development: bool) -> Future:
    """deliver in the background, so that answering the page takes as long whether or not an e-mail goes out
    (nobody learns from the time which addresses have an account)."""
    return _outbox.submit(deliver, user, kind, token, development)


def smtp_connection() -> SmtpSender | None:
    """One SMTP connection for a batch of e-mails (the invitations of an imported file), or None without SMTP."""
    settings = smtp_settings()
    return SmtpSender(settings) if settings is not None else None
