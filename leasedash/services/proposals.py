"""Telling a driver of a change from /fleet ("tell the driver"): a fleet manager's (or an admin's) notice with the
change proposed for one contract — the pace against plan, the end settlement projected at it, the mileage to adapt
to now or the money to set aside — in the driver's in-app list of pace notices (home), and e-mailed with a link to
the what-if at that change unless the driver turned pace e-mails off (the document e-mails of notifications.py, 002:
at once, or in the weekly digest of someone with several contracts). At most one a contract every PROPOSAL_EVERY."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlmodel import select

from leasedash import routes
from leasedash.db.models import Contract, NoticePreference, PaceNotice, User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.errors import AccessDenied, InvalidInput
from leasedash.services.contract_view import contract_view
from leasedash.services.notifications import document_ready
from leasedash.services.pace_alerts import notice_text, pace_facts

PROPOSAL_EVERY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Proposal:
    """The contract and driver told; `sent` False: they were told of this contract less than PROPOSAL_EVERY ago."""

    reference: str
    driver: str
    sent: bool


def tell_driver(viewer: Viewer, contract_id: int, as_of: dt.date) -> Proposal:
    """The notice of the change proposed for a contract the viewer manages (NotFound outside their scope), projected
    as of `as_of`, for its driver only."""
    if viewer.role not in ("fleet_manager", "admin"):
        raise AccessDenied("only a fleet manager or an admin tells a driver of a change")
    with session_scope() as s:
        view = contract_view(s, viewer, contract_id, as_of)
        if view.projection is None:
            raise InvalidInput("contract", "no odometer reading to project from", code="proposal_no_reading")
        contract = s.get(Contract, view.contract_id)
        driver = s.get(User, contract.driver_id)
        recent = s.exec(select(PaceNotice.id).where(PaceNotice.contract_id == contract.id, PaceNotice.user_id == driver.id,
                                                    PaceNotice.proposed, PaceNotice.created_at > utcnow() - PROPOSAL_EVERY)).first()
        if recent is None:
            facts = pace_facts(view.projection, view.projection.off_plan)
            s.add(PaceNotice(user_id=driver.id, contract_id=contract.id, proposed=True, **asdict(facts)))
            preference = s.get(NoticePreference, driver.id)
            if preference is None or preference.pace_emails:
                document_ready(s, driver.id, notice_text(facts, contract.reference, driver.language, proposed=True),
                               routes.what_if(contract.id, facts.adapt_km))
        return Proposal(view.reference, view.driver, recent is None)
