"""Document e-mails (seed 002): "Zodra er een factuur beschikbaar is ... ontvangt u een e-mail met de melding dat
er een document voor u klaarstaat in uw klantenzone. Als u meerdere contracten heeft, sturen we slechts één e-mail
per week"."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Self

from sqlalchemy import func, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from leasedash import routes
from leasedash.db.models import Contract, DocumentNotice, Inspection, User
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.i18n import plural, translate
from leasedash.settings import base_url, mail_from, smtp_settings

DIGEST_EVERY = dt.timedelta(days=7)
log = logging.getLogger("leasedash.notify")
Sender = Callable[[EmailMessage], None]


@dataclass(frozen=True)
class Delivery:
    """What a round did: e-mails sent, notices they carried, notices still queued, and whether SMTP is set."""

    emails: int = 0
    notices: int = 0
    queued: int = 0
    configured: bool = True


def document_ready(session: Session, user_id: int, title: str, link: str) -> DocumentNotice:
    """Queue the news that a document is ready for a user; deliver_due e-mails it."""
    notice = DocumentNotice(user_id=user_id, title=title[:200], link=link[:300])
    session.add(notice)
    session.flush()
    return notice


def inspection_report_ready(session: Session, inspection: Inspection) -> DocumentNotice:
    """The report signed by both parties is ready for the contract's driver."""
    contract = session.get(Contract, inspection.contract_id)
    driver = session.get(User, contract.driver_id)
    title = translate("mail.inspection_report", driver.language, reference=contract.reference)
    return document_ready(session, driver.id, title, routes.inspection(inspection.id))


def signatures_withdrawn(session: Session, inspection: Inspection, reason: str) -> DocumentNotice:
    """The inspector withdrew the signatures of the driver's inspection, and why: the driver signs it again."""
    contract = session.get(Contract, inspection.contract_id)
    driver = session.get(User, contract.driver_id)
    title = translate("mail.signatures_withdrawn", driver.language, reference=contract.reference, reason=reason[:120])
    return document_ready(session, driver.id, title, routes.inspection(inspection.id))


def _pending(session: Session, user_id: int) -> list[DocumentNotice]:
    statement = select(DocumentNotice).where(DocumentNotice.user_id == user_id, DocumentNotice.sent_at.is_(None))
    return list(session.exec(statement.order_by(DocumentNotice.created_at, DocumentNotice.id)))


def _active_contracts(session: Session, user_id: int) -> int:
    statement = select(func.count()).select_from(Contract).where(Contract.driver_id == user_id, Contract.status == "active")
    return int(session.exec(statement).one())


def _last_digest(session: Session, user_id: int, leave_out: list[int]) -> dt.datetime | None:
    statement = select(func.max(DocumentNotice.sent_at)).where(DocumentNotice.user_id == user_id, DocumentNotice.in_digest,
                                                                DocumentNotice.id.not_in(leave_out))
    return session.exec(statement).one()


def _queued(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(DocumentNotice).where(DocumentNotice.sent_at.is_(None))).one())


def _claim(session: Session, notices: list[DocumentNotice], now: dt.datetime, digest: bool) -> bool:
    """Mark the notices sent, in this transaction; False when another worker holds any of them already."""
    ids = [n.id for n in notices]
    claimed = session.exec(update(DocumentNotice).where(DocumentNotice.id.in_(ids), DocumentNotice.sent_at.is_(None))
                           .values(sent_at=now, in_digest=digest).execution_options(synchronize_session=False))
    return claimed.rowcount == len(ids)


def letter(user: User, subject: str, lines: list[str]) -> EmailMessage:
    """An e-mail to the user in their language: greeting, the lines, signature."""
    lang = user.language
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = mail_from(), user.email, subject
    body = [translate("mail.greeting", lang, name=user.first_name), "", *lines, "", translate("mail.signature", lang)]
    message.set_content("\n".join(body))
    return message


def _line(notice: DocumentNotice) -> str:
    return f"- {notice.title}: {base_url()}{notice.link}"


def _send(session: Session, user: User, notices: list[DocumentNotice], now: dt.datetime, sender: Sender, digest: bool) -> bool:
    """Claim, send, commit: a notice is marked sent in the same transaction that e-mails it."""
    if not _claim(session, notices, now, digest):
        session.rollback()
        return False
    lang = user.language
    if digest:
        last = _last_digest(session, user.id, [n.id for n in notices])
        if last is not None and now - last < DIGEST_EVERY:
            session.rollback()
            return False
        subject = (plural("mail.digest_subject", len(notices), lang) if len(notices) > 1
                   else translate("mail.ready_subject", lang, title=notices[0].title))
        message = letter(user, subject, [translate("mail.digest_intro", lang), *(_line(n) for n in notices), "", translate("mail.digest_note", lang)])
    else:
        message = letter(user, translate("mail.ready_subject", lang, title=notices[0].title), [translate("mail.ready", lang), _line(notices[0])])
    try:
        sender(message)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return True


def deliver_due(session: Session, now: dt.datetime, sender: Sender) -> Delivery:
    """E-mail what is due (002): a user with at most one active contract gets each notice at once; a user with
    several gets one digest of all their pending notices, at most once every 7 days (since the newest digest).
    Commits after each e-mail, so nothing is sent twice, even by two workers at once."""
    emails = notices = 0
    user_ids = sorted(session.exec(select(DocumentNotice.user_id).where(DocumentNotice.sent_at.is_(None)).distinct()))
    for user_id in user_ids:
        user = session.get(User, user_id)
        try:
            pending = _pending(session, user_id)
            if _active_contracts(session, user_id) > 1:
                last = _last_digest(session, user_id, [])
                batches = [pending] if pending and (last is None or now - last >= DIGEST_EVERY) else []
                digest = True
            else:
                batches, digest = [[n] for n in pending], False
            for batch in batches:
                if _send(session, user, batch, now, sender, digest):
                    emails, notices = emails + 1, notices + len(batch)
        except OperationalError as exc:
            session.rollback()
            log.warning("document e-mails for user %s left for the next round: the database was busy (%s)", user_id, type(exc).__name__)
        except smtplib.SMTPRecipientsRefused:
            session.rollback()
            log.warning("document e-mails for user %s left queued: the SMTP server refused their address", user_id)
        except (smtplib.SMTPException, OSError) as exc:
            session.rollback()
            log.warning("document e-mails: the SMTP server refused or did not answer (%s); the rest stays queued", type(exc).__name__)
            break
    return Delivery(emails, notices, _queued(session))


class SmtpSender:
    """Sends through the SMTP server of the environment, over one connection opened at the first e-mail."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __call__(self, message: EmailMessage) -> None:
        if self._smtp is None:
            s = self.settings
            smtp = smtplib.SMTP(s["host"], s["port"], timeout=30)
            if s["starttls"]:
                smtp.starttls(context=ssl.create_default_context())
            if s["user"]:
                smtp.login(s["user"], s["password"])
            self._smtp = smtp
        self._smtp.send_message(message)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()


_said_not_configured = False


def deliver_pending(url: str | None = None, now: dt.datetime | None = None) -> Delivery:
    """One round with the SMTP settings of the environment; without LEASEDASH_SMTP_HOST nothing is sent and
    the notices stay queued (said once in the log)."""
    global _said_not_configured
    settings = smtp_settings()
    with session_scope(url) as session:
        if settings is None:
            queued = _queued(session)
            if not _said_not_configured:
                log.warning("document e-mails: LEASEDASH_SMTP_HOST is not set; %d notices stay queued", queued)
                _said_not_configured = True
            return Delivery(queued=queued, configured=False)
        with SmtpSender(settings) as sender:
            return deliver_due(session, now or utcnow(), sender)
