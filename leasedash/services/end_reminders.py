"""Reminders of the dates that frame the end of a lease (issue 18, item 3b): the last day to give notice of an early
termination (001: "par écrit 2 mois à l'avance"; the notice is product data), the opening of the buy-out window (003
q.40: three months before the end) and the contract's end; shown in the home page's notice list once a date is within
end_of_lease.json's reminder_days_ahead, and e-mailed to the driver once (a document notice, sent by the mail round)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from leasedash import routes
from leasedash.db.models import Contract, DocumentNotice, Product, User
from leasedash.db.scoping import Viewer, visible_contracts
from leasedash.db.session import session_scope
from leasedash.domain.end_options import end_rules, key_dates
from leasedash.domain.projection import add_months
from leasedash.i18n import format_date, translate

KINDS = ("notice", "buy_out", "end")
LIMIT = 20


@dataclass(frozen=True)
class Reminder:
    """A date coming up for a contract: which one, when, and the contract."""

    kind: str
    day: dt.date
    contract_id: int
    reference: str
    driver_id: int

    def text(self, lang: str) -> str:
        return translate(f"endlease.remind.{self.kind}", lang, reference=self.reference, date=format_date(self.day, lang))

    @property
    def link(self) -> str:
        return f"{routes.end_of_lease(self.contract_id)}&reminder={self.kind}"


def _due(rows, today: dt.date) -> list[Reminder]:
    ahead = today + dt.timedelta(days=end_rules().reminder_days_ahead)
    out = []
    for contract_id, reference, driver_id, end_date, code in rows:
        opens, notice_by = key_dates(end_date, code)
        for kind, day in zip(KINDS, (notice_by, opens, end_date)):
            if today <= day <= ahead:
                out.append(Reminder(kind, day, contract_id, reference, driver_id))
    return sorted(out, key=lambda r: (r.day, r.reference, KINDS.index(r.kind)))


def _ending(session: Session, today: dt.date, statement):
    """The active contracts whose end falls within the furthest date a reminder looks at."""
    last = add_months(today + dt.timedelta(days=end_rules().reminder_days_ahead), end_rules().buy_out_window_months)
    return session.exec(statement.join(Product, Product.id == Contract.product_id)
                        .where(Contract.status == "active", Contract.end_date >= today, Contract.end_date <= last)
                        .order_by(Contract.end_date, Contract.id)).all()


def reminders(viewer: Viewer, today: dt.date | None = None) -> list[Reminder]:
    """The dates coming up for the contracts the viewer may see (a driver their own, a fleet manager their company's),
    soonest first, at most LIMIT."""
    today = today or dt.date.today()
    with session_scope() as s:
        statement = visible_contracts(select(Contract.id, Contract.reference, Contract.driver_id, Contract.end_date, Product.code), viewer)
        return _due(_ending(s, today, statement), today)[:LIMIT]


def queue_reminders(session: Session, today: dt.date) -> int:
    """Queue an e-mail to each driver for every date that came within reach, once (a document notice with the
    reminder's link, delivered by notifications.deliver_due); how many were queued."""
    rows = _ending(session, today, select(Contract.id, Contract.reference, Contract.driver_id, Contract.end_date, Product.code))
    queued = 0
    for reminder in _due(rows, today):
        known = session.exec(select(DocumentNotice.id).where(DocumentNotice.user_id == reminder.driver_id,
                                                             DocumentNotice.link == reminder.link)).first()
        if known is None:
            driver = session.get(User, reminder.driver_id)
            session.add(DocumentNotice(user_id=driver.id, title=reminder.text(driver.language)[:200], link=reminder.link))
            queued += 1
    session.flush()
    return queued


def queue_due_reminders(url: str | None = None, today: dt.date | None = None) -> int:
    """One round of queue_reminders in its own transaction (the mail round calls it before sending)."""
    with session_scope(url) as s:
        return queue_reminders(s, today or dt.date.today())
