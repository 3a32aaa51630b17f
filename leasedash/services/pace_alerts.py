"""Pace alerts: when a new reading moves a contract's pace more than the threshold off plan (10 % by default,
portfolio_rules.json; a company's or a product's own in table pace_threshold), or back within it, its driver and
their fleet manager get a notice in their in-app list, and by e-mail unless they turned it off on /account (the
document e-mails of notifications.py: at once, or in the weekly digest of seed 002 for someone with several
contracts). A pace comes back within plan only once it is closer than the threshold minus a margin
(pace_alerts.json), so a pace hovering at the threshold does not alert every week."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources

from sqlalchemy import insert
from sqlmodel import Session, select

from leasedash import routes
from leasedash.db.models import Contract, NoticePreference, OdometerReading, PaceNotice, PaceState, PaceThreshold, Product, User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.domain.projection import ContractProjection, annual_pace, portfolio_rules, project_contract
from leasedash.i18n import format_km, format_money, plural, translate
from leasedash.services.notifications import document_ready
from leasedash.services.scenarios import contract_document


CHUNK = 900


@cache
def pace_margin() -> Decimal:
    """How much closer than the threshold a pace must come to be back within plan (pace_alerts.json)."""
    raw = json.loads(resources.files("leasedash.data").joinpath("pace_alerts.json").read_text(encoding="utf-8"))
    return Decimal(raw["margin"])


def _thresholds(session: Session) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Every company's and every product's own threshold."""
    rows = session.exec(select(PaceThreshold)).all()
    return ({r.company_id: r.threshold for r in rows if r.company_id is not None},
            {r.product_id: r.threshold for r in rows if r.product_id is not None})


def threshold_for(session: Session, contract: Contract) -> Decimal:
    """The contract's pace threshold: its company's, else its product's, else the default (portfolio_rules.json)."""
    companies, products = _thresholds(session)
    return _threshold(contract, companies, products)


def _threshold(contract: Contract, companies: dict[int, Decimal], products: dict[int, Decimal]) -> Decimal:
    return companies.get(contract.company_id) or products.get(contract.product_id) or Decimal(portfolio_rules()["pace_alert_threshold"])


def set_threshold(session: Session, threshold: Decimal, company_id: int | None = None, product_id: int | None = None) -> None:
    """A company's or a product's own pace threshold (a fraction, 0.15 for 15 %)."""
    row = session.exec(select(PaceThreshold).where(PaceThreshold.company_id == company_id if company_id is not None
                                                   else PaceThreshold.product_id == product_id)).first()
    row = row or PaceThreshold(company_id=company_id, product_id=product_id, threshold=threshold)
    row.threshold = threshold
    session.add(row)
    session.flush()


def _crossed(state: PaceState | None, distance: Fraction, threshold: Decimal) -> bool | None:
    """True: the pace just went off plan; False: it just came back within plan; None: nothing to tell."""
    off = state is not None and state.off_plan
    if not off and distance > Fraction(threshold):
        return True
    if off and distance <= Fraction(threshold - pace_margin()):
        return False
    return None


def review_pace(session: Session, contract_ids: Iterable[int], today: dt.date) -> int:
    """After readings of these contracts changed: tell whoever must know of each pace that crossed the threshold, in
    the caller's transaction (the pace of all of them read in bulk, the settlement projected for those that crossed);
    returns how many contracts crossed."""
    companies, products = _thresholds(session)
    managers: dict[int, list[User]] = {}
    grids: dict[int, dict] = {}
    told: list[tuple[User, PaceFacts, Contract]] = []
    crossed = 0
    ids = sorted(set(contract_ids))
    with session.no_autoflush:
        for start in range(0, len(ids), CHUNK):
            crossed += _review_chunk(session, ids[start:start + CHUNK], today, companies, products, managers, grids, told)
    _notify(session, told)
    session.flush()
    return crossed


def _review_chunk(session: Session, chunk: list[int], today: dt.date, companies: dict, products: dict, managers: dict, grids: dict,
                  told: list) -> int:
    """One chunk of review_pace: the pace of each contract from its latest reading; the projection, notices and e-mails
    to be of those that crossed (e-mailed by review_pace)."""
    crossed = 0
    contracts = session.exec(select(Contract).where(Contract.id.in_(chunk), Contract.status == "active")).all()
    states = {p.contract_id: p for p in session.exec(select(PaceState).where(PaceState.contract_id.in_(chunk)))}
    latest = {}
    for contract_id, day, km in session.exec(select(OdometerReading.contract_id, OdometerReading.reading_date, OdometerReading.km)
                                             .where(OdometerReading.contract_id.in_(chunk), OdometerReading.reading_date <= today)
                                             .order_by(OdometerReading.contract_id, OdometerReading.reading_date, OdometerReading.km)):
        latest[contract_id] = (day, km)
    drivers = {u.id: u for u in session.exec(select(User).where(User.id.in_({c.driver_id for c in contracts})))}
    held = session.exec(select(Product).where(Product.id.in_({c.product_id for c in contracts}))).all()  # kept in the identity map
    for contract in contracts:
        if contract.id not in latest:
            continue
        day, km = latest[contract.id]
        ratio = annual_pace(km - contract.delivery_km, (day - contract.start_date).days, contract.annual_km) / contract.annual_km
        threshold = _threshold(contract, companies, products)
        state = states.get(contract.id)
        went_off = _crossed(state, abs(ratio - 1), threshold)
        if went_off is None:
            continue
        state = state or PaceState(contract_id=contract.id)
        state.off_plan, state.pace_ratio, state.changed_at = went_off, _ratio(ratio), utcnow()
        session.add(state)
        projection = project_contract(contract_document(session, contract, grids=grids), contract.start_date, today,
                                      km - contract.delivery_km, day, threshold)
        if contract.company_id not in managers:
            managers[contract.company_id] = list(session.exec(select(User).where(User.company_id == contract.company_id,
                                                                                 User.role == "fleet_manager")))
        facts = pace_facts(projection, went_off)
        told += [(user, facts, contract) for user in (drivers[contract.driver_id],
                                                     *(m for m in managers[contract.company_id] if m.id != contract.driver_id))]
        crossed += 1
    del held
    return crossed


def _ratio(ratio: Fraction) -> Decimal:
    return (Decimal(ratio.numerator) / Decimal(ratio.denominator)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class PaceFacts:
    """What a pace notice says: off plan or back, the pace against plan, the end settlement projected, and what to do."""

    off_plan: bool
    pace_ratio: Decimal
    projected_km: int
    settlement: Decimal | None
    adapt_km: int | None
    adapt_now: Decimal | None
    adapt_end: Decimal | None
    monthly_reserve: Decimal | None


def pace_facts(projection: ContractProjection, off_plan: bool) -> PaceFacts:
    """What a notice of this projection says (`off_plan`: the pace went off plan, or is told as off plan)."""
    suggestion = projection.suggestion
    adapt = suggestion if suggestion is not None and suggestion.kind == "adapt" else None
    return PaceFacts(off_plan, projection.pace_ratio.quantize(Decimal("0.0001")), projection.projected_km, projection.end_settlement,
                     adapt.new_annual_km if adapt else None, adapt.settlement_now if adapt else None, adapt.settlement_at_end if adapt else None,
                     suggestion.monthly_reserve if suggestion is not None and suggestion.kind == "set_aside" else None)


def _notify(session: Session, told: list[tuple[User, PaceFacts, Contract]]) -> None:
    """Put each notice in its person's in-app list and e-mail them to whoever wants them: a driver each one (the digest
    of seed 002 groups those of several contracts), a fleet manager one e-mail for all the contracts of one review."""
    now = utcnow()
    if told:
        session.execute(insert(PaceNotice.__table__), [{"user_id": user.id, "contract_id": contract.id, "created_at": now,
                                                        **asdict(facts)} for user, facts, contract in told])
    by_user: dict[int, list[tuple[User, PaceFacts, Contract]]] = {}
    for entry in told:
        by_user.setdefault(entry[0].id, []).append(entry)
    silent = set(session.exec(select(NoticePreference.user_id).where(NoticePreference.user_id.in_(list(by_user)), ~NoticePreference.pace_emails)))
    for user_id, entries in by_user.items():
        user = entries[0][0]
        if user_id in silent:
            continue
        if user.role == "driver" or len(entries) == 1:
            for _, facts, contract in entries:
                document_ready(session, user_id, notice_text(facts, contract.reference, user.language), routes.HOME)
        else:
            document_ready(session, user_id, plural("pace.mail_many", len(entries), user.language), routes.HOME)


def notice_text(notice: PaceFacts | PaceNotice, reference: str, lang: str, proposed: bool = False) -> str:
    """One sentence: the pace against plan (`proposed`: and that the fleet manager proposes a change), the end
    settlement projected, and what adapting now would do."""
    pct = f"{abs(notice.pace_ratio - 1) * 100:.0f} %"
    if proposed:
        head = translate("pace.proposed_more" if notice.pace_ratio > 1 else "pace.proposed_less", lang, reference=reference, pct=pct)
    elif notice.off_plan:
        head = translate("pace.off_more" if notice.pace_ratio > 1 else "pace.off_less", lang, reference=reference, pct=pct)
    else:
        head = translate("pace.back", lang, reference=reference, pct=pct)
    if notice.settlement is None:
        end = translate("home.quote_needed", lang)
    elif notice.settlement > 0:
        end = translate("home.invoice", lang, amount=format_money(notice.settlement, lang))
    elif notice.settlement < 0:
        end = translate("home.refund", lang, amount=format_money(-notice.settlement, lang))
    else:
        end = translate("home.nothing", lang)
    parts = [head, translate("pace.end", lang, settlement=end)]
    if notice.adapt_km is not None:
        parts.append(translate("pace.adapt", lang, km=format_km(notice.adapt_km, lang), now=format_money(notice.adapt_now, lang),
                               end=format_money(notice.adapt_end, lang)))
    elif notice.monthly_reserve is not None:
        parts.append(translate("pace.reserve", lang, monthly=format_money(notice.monthly_reserve, lang)))
    return " ".join(parts)


@dataclass(frozen=True)
class NoticeLine:
    """A notice of the in-app list."""

    notice_id: int
    contract_id: int
    reference: str
    created_at: dt.datetime
    off_plan: bool
    unread: bool
    text: str


def notices(viewer: Viewer, lang: str, limit: int = 20) -> list[NoticeLine]:
    """The viewer's latest pace notices, newest first, in their language."""
    with session_scope() as s:
        rows = s.exec(select(PaceNotice, Contract.reference).join(Contract, Contract.id == PaceNotice.contract_id)
                      .where(PaceNotice.user_id == viewer.user_id).order_by(PaceNotice.id.desc()).limit(limit)).all()
        return [NoticeLine(n.id, n.contract_id, reference, n.created_at, n.off_plan, n.read_at is None, notice_text(n, reference, lang, n.proposed))
                for n, reference in rows]


def mark_read(viewer: Viewer) -> None:
    """Every notice of the viewer read."""
    with session_scope() as s:
        for notice in s.exec(select(PaceNotice).where(PaceNotice.user_id == viewer.user_id, PaceNotice.read_at.is_(None))):
            notice.read_at = utcnow()
            s.add(notice)


def pace_emails(viewer: Viewer) -> bool:
    """Whether the viewer gets pace notices by e-mail."""
    with session_scope() as s:
        preference = s.get(NoticePreference, viewer.user_id)
        return preference is None or preference.pace_emails


def set_pace_emails(viewer: Viewer, wanted: bool) -> None:
    """Turn the viewer's pace e-mails on or off (the in-app list keeps every notice)."""
    with session_scope() as s:
        preference = s.get(NoticePreference, viewer.user_id) or NoticePreference(user_id=viewer.user_id)
        preference.pace_emails = bool(wanted)
        s.add(preference)

