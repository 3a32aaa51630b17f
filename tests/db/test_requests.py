"""Service requests (seed 002) on SQLite and PostgreSQL: the 48-working-hour deadline with the public holidays and
the lessor's rules, the late flag, the status steps, who may see and do what, the upload rules, and the
early-termination cost."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import Contract, DocumentNotice, OdometerReading, RequestAttachment, RequestEvent, ServiceRequest
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine, session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.end_options import end_rules
from leasedash.services import holidays as hol
from leasedash.services import requests as svc
from leasedash.services import termination, what_if
from leasedash.services.termination import termination_quote
from leasedash.services.uploads import max_upload_bytes
from tests.db.factories import make_company, make_contract, make_product, make_user

BRUSSELS = ZoneInfo("Europe/Brussels")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


def at(day: int, hour: int = 10, month: int = 11) -> dt.datetime:
    """A moment of 2026 in Brussels."""
    return dt.datetime(2026, month, day, hour, tzinfo=BRUSSELS)


@dataclass
class World:
    url: str
    driver: Viewer
    colleague: Viewer
    fleet: Viewer
    other_fleet: Viewer
    admin: Viewer
    lu_driver: Viewer
    contract: int
    colleague_contract: int
    lu_contract: int


def _viewer(user) -> Viewer:
    return Viewer(user.id, user.role, user.company_id)


@pytest.fixture
def world(db_url, tmp_path, monkeypatch) -> World:
    monkeypatch.setenv("LEASEDASH_DOCUMENT_DIR", str(tmp_path / "documents"))
    with Session(get_engine(db_url)) as s:
        acme, lux = make_company(s, "Acme", "BE"), make_company(s, "Lux Trans", "LU")
        product = make_product(s)
        driver, colleague = make_user(s, acme, "sofie@acme.be"), make_user(s, acme, "jan@acme.be")
        lu_driver = make_user(s, lux, "marie@lux.lu")
        fleet, other_fleet = make_user(s, acme, "fleet@acme.be", "fleet_manager"), make_user(s, lux, "fleet@lux.lu", "fleet_manager")
        admin = make_user(s, None, "admin@lessor.be", "admin")
        contracts = [make_contract(s, acme, driver, product, "1ABC001"), make_contract(s, acme, colleague, product, "1ABC002"),
                     make_contract(s, lux, lu_driver, product, "LU0001")]
        s.commit()
        viewers = [_viewer(u) for u in (driver, colleague, fleet, other_fleet, admin, lu_driver)]
        return World(db_url, *viewers, *(c.id for c in contracts))


def _file(w: World, viewer: Viewer | None = None, now: dt.datetime | None = None, kind: str = "bonus_malus", contract: int | None = None,
          details: str = "For my new insurer", month: int | None = None) -> ServiceRequest:
    with session_scope(w.url) as s:
        return svc.file_request(s, viewer or w.driver, kind, details, contract or w.contract, month, now=now or at(19))


def test_the_deadline_is_48_working_hours_later_skipping_the_weekend_and_the_holidays(world):
    w = world
    assert _file(w, now=at(18)).deadline_at == at(20)                              # Wednesday -> Friday
    assert _file(w, now=at(19)).deadline_at == at(23)                              # Thursday -> over the weekend -> Monday
    assert _file(w, now=at(21, 15)).deadline_at == at(25, 0)                       # Saturday: counting starts Monday 00:00
    assert _file(w, now=at(10)).deadline_at == at(13)                              # Tuesday; 11 November is a Belgian holiday
    lu = _file(w, w.lu_driver, now=at(10), contract=w.lu_contract)
    assert lu.deadline_at == at(12)                                                # not a holiday in Luxembourg
    with session_scope(w.url) as s:
        added = hol.add_holiday(s, w.admin, "BE", "2026-11-20", "Company day").id
    assert _file(w, now=at(19)).deadline_at == at(24)                              # Friday off too -> Tuesday
    with session_scope(w.url) as s:
        hol.remove_holiday(s, w.admin, added)
    assert _file(w, now=at(19)).deadline_at == at(23)


def test_only_an_admin_keeps_the_holidays_and_bad_input_names_the_field(world):
    w = world
    with session_scope(w.url) as s:
        days = {h.day for year in (2026, 2027) for h in hol.calendar(s, "BE", year)}
    assert {dt.date(2026, 11, 11), dt.date(2027, 12, 25)} <= days and len(days) == 24   # 10 by law a year, and Easter and Whit Sunday
    with pytest.raises(AccessDenied), session_scope(w.url) as s:
        hol.add_holiday(s, w.fleet, "BE", "2026-11-20", "Company day")
    for args, field, code in ((("FR", "2026-11-20", "x"), "country", "holiday_country"), (("BE", "20/11/2026", "x"), "day", "holiday_day"),
                              (("BE", "2026-11-20", " "), "name", "holiday_name"), (("BE", "2026-11-11", "again"), "day", "holiday_exists")):
        with pytest.raises(LeaseInputError) as refused, session_scope(w.url) as s:
            hol.add_holiday(s, w.admin, *args)
        assert (refused.value.field, refused.value.code) == (field, code)


def test_late_until_answered_and_answered_late_after(world):
    w = world
    on_time, late = _file(w, now=at(18)), _file(w, now=at(16))        # due Friday 20 and Wednesday 18
    now = at(19).astimezone(dt.UTC)
    with session_scope(w.url) as s:
        rows = svc.visible_requests(s, w.fleet, now=now)
        assert [r.id for r, *_ in rows] == [late.id, on_time.id]        # late first
        assert [svc.lateness(r, now) for r, *_ in rows] == ["late", ""]
        svc.take_up(s, w.fleet, late.id)
        svc.take_up(s, w.fleet, on_time.id)
        svc.answer(s, w.fleet, late.id, "Your certificate is on its way.", now=now)
        svc.answer(s, w.fleet, on_time.id, "Your certificate is on its way.", now=now)
    with session_scope(w.url) as s:
        answered_late, answered = s.get(ServiceRequest, late.id), s.get(ServiceRequest, on_time.id)
        assert not svc.is_late(answered_late, now) and svc.lateness(answered_late, now) == "answered_late"
        assert svc.lateness(answered, now) == ""


def test_the_steps_go_submitted_in_progress_then_answered_or_rejected_and_stay_there(world):
    w = world
    first, second = _file(w), _file(w)

    def refused(step, *args, code="request_status"):
        with pytest.raises(LeaseInputError) as error, session_scope(w.url) as s:
            step(s, w.fleet, *args)
        assert error.value.code == code

    refused(svc.answer, first.id, "Too early")
    refused(svc.reject, first.id, "Not taken up yet")
    with session_scope(w.url) as s:
        svc.take_up(s, w.fleet, first.id)
        svc.take_up(s, w.fleet, second.id)
    refused(svc.take_up, first.id)
    refused(svc.reject, second.id, "no", code="reject_reason")
    refused(svc.answer, first.id, " ", code="answer_text")
    with session_scope(w.url) as s:
        svc.answer(s, w.fleet, first.id, "Done: your certificate is attached.")
        svc.reject(s, w.fleet, second.id, "We need the name of your new insurer.")
    for request in (first, second):
        refused(svc.answer, request.id, "Again")
        refused(svc.reject, request.id, "Again and again")
    with Session(get_engine(w.url)) as s:
        def events(request):
            rows = s.exec(select(RequestEvent).where(RequestEvent.request_id == request.id).order_by(RequestEvent.id))
            return [(e.action, e.user_id) for e in rows]

        assert events(first) == [("filed", w.driver.user_id), ("taken_up", w.fleet.user_id), ("answered", w.fleet.user_id)]
        assert events(second)[-1] == ("rejected", w.fleet.user_id)
        rejected = s.get(ServiceRequest, second.id)
        assert (rejected.status, rejected.answer, rejected.handled_by) == ("rejected", "We need the name of your new insurer.", w.fleet.user_id)


def test_who_may_see_and_do_what(world):
    w = world
    mine, colleagues = _file(w), _file(w, w.colleague, contract=w.colleague_contract)
    with session_scope(w.url) as s:
        assert [r.id for r, *_ in svc.visible_requests(s, w.driver)] == [mine.id]
        assert {r.id for r, *_ in svc.visible_requests(s, w.fleet)} == {mine.id, colleagues.id}
        assert svc.visible_requests(s, w.other_fleet) == []
        assert {r.id for r, *_ in svc.visible_requests(s, w.admin)} == {mine.id, colleagues.id}
    for viewer, step, error in ((w.driver, svc.take_up, AccessDenied), (w.other_fleet, svc.take_up, NotFound), (w.driver, svc.open_request, NotFound)):
        request = colleagues if step is svc.open_request else mine
        with pytest.raises(error), session_scope(w.url) as s:
            step(s, viewer, request.id)
    with pytest.raises(NotFound), session_scope(w.url) as s:
        svc.open_request(s, w.colleague, mine.id)
    with pytest.raises(AccessDenied), session_scope(w.url) as s:
        svc.file_request(s, w.fleet, "other", "A question from the fleet manager", w.contract)
    with pytest.raises(NotFound):
        _file(w, contract=w.colleague_contract)
    with session_scope(w.url) as s:
        svc.take_up(s, w.admin, mine.id)
    with pytest.raises(AccessDenied), session_scope(w.url) as s:
        svc.answer(s, w.driver, mine.id, "I answer myself")
    with pytest.raises(NotFound), session_scope(w.url) as s:
        svc.answer(s, w.other_fleet, mine.id, "Not my company")


def test_bad_input_names_the_field(world):
    for kwargs, field, code in (({"kind": "complaint"}, "kind", "request_kind"), ({"kind": "address_or_bank", "details": "new"}, "details", "request_details"),
                                ({"details": "x" * 2001}, "details", "request_text_long")):
        with pytest.raises(LeaseInputError) as refused:
            _file(world, **kwargs)
        assert (refused.value.field, refused.value.code) == (field, code)
    with pytest.raises(LeaseInputError) as refused, session_scope(world.url) as s:
        svc.file_request(s, world.driver, "bonus_malus", "", None)
    assert (refused.value.field, refused.value.code) == ("contract_id", "request_contract")
    with session_scope(world.url) as s:
        assert svc.file_request(s, world.driver, "other", "Can I add a second driver?", None).contract_id is None


def test_uploads_are_refused_unless_pdf_jpg_png_of_the_right_content_and_size(world):
    w = world
    request = _file(w)
    folder = svc.request_folder()
    for name, data, code in (("virus.exe", b"MZ\x90\x00", "upload_type"), ("photo.png", b"GIF89a not a png", "upload_content"),
                             ("big.png", PNG + b"\x00" * max_upload_bytes(), "upload_size"), ("empty.pdf", b"", "upload_empty"),
                             ("../../etc/passwd.png", PNG, "upload_path"), ("dir\\photo.png", PNG, "upload_path")):
        with pytest.raises(LeaseInputError) as refused, session_scope(w.url) as s:
            svc.attach_file(s, w.driver, request.id, name, data)
        assert (refused.value.field, refused.value.code) == ("file", code), name
    assert not folder.exists() or not any(folder.iterdir())
    with session_scope(w.url) as s:
        stored = svc.attach_file(s, w.driver, request.id, "Relevé d'identité-bancaire v2.PNG", PNG).stored_name
        svc.attach_file(s, w.driver, request.id, "scan.pdf", PDF)
    assert re.fullmatch(r"[A-Za-z0-9_]+\.png", stored) and stored.startswith("Releve_d_identite_bancaire_v2_")
    assert (folder / stored).read_bytes() == PNG
    with Session(get_engine(w.url)) as s:
        assert len(s.exec(select(RequestAttachment).where(RequestAttachment.request_id == request.id)).all()) == 2
    for viewer, error in ((w.colleague, NotFound), (w.fleet, AccessDenied)):
        with pytest.raises(error), session_scope(w.url) as s:
            svc.attach_file(s, viewer, request.id, "more.png", PNG)


def test_files_are_served_to_who_may_see_the_request_and_an_answer_document_is_announced(world):
    w = world
    request = _file(w)
    with session_scope(w.url) as s:
        joined = svc.attach_file(s, w.driver, request.id, "proof.png", PNG).id
        svc.take_up(s, w.fleet, request.id)
        svc.answer(s, w.fleet, request.id, "Here is your certificate.", ("bonus malus 2026.pdf", PDF))
    with session_scope(w.url) as s:
        files = svc.attachments(s, s.get(ServiceRequest, request.id))
        assert [(f.is_answer, f.content_type) for f in files] == [(False, "image/png"), (True, "application/pdf")]
        for viewer in (w.driver, w.fleet, w.admin):
            path, content_type = svc.attachment_file(s, viewer, files[1].id)
            assert path.read_bytes() == PDF and content_type == "application/pdf"
        for viewer in (w.colleague, w.other_fleet):
            with pytest.raises(NotFound):
                svc.attachment_file(s, viewer, joined)
        notices = s.exec(select(DocumentNotice)).all()
        assert [(n.user_id, n.link, n.sent_at) for n in notices] == [(w.driver.user_id, f"/requests?id={request.id}", None)]
        assert notices[0].title == "Answer to your request: Bonus-malus certificate"
    with pytest.raises(AccessDenied), session_scope(w.url) as s:
        svc.attach_file(s, w.driver, request.id, "late.png", PNG)


def _read(w: World, km: int, day: dt.date) -> None:
    with session_scope(w.url) as s:
        s.add(OdometerReading(contract_id=w.contract, reading_date=day, km=km))


def test_an_early_termination_quotes_what_the_what_if_shows_at_the_pace_driven_so_far(world):
    w = world
    _read(w, 35106, dt.date(2026, 11, 1))
    request = _file(w, kind="early_termination", details="", month=30)
    with session_scope(w.url) as s:
        opened = what_if.opened_contract(s, w.driver, w.contract, dt.date(2026, 11, 19))
    controls = what_if.effective(replace(opened.start, early=True, return_month=30), opened.standing, opened.terms.changes_allowed)
    shown = what_if.answer(opened.base, controls, opened.standing).result
    # My Personal Lease (001): half of the 18 remaining rents of EUR 450 = 4,050.00, plus the km beyond the allowance
    # of month 30 (15,000 x 30 / 12 = 37,500) at EUR 0.06: 35,106 km in 655 days projected to month 30 =
    # 35,106 x 365.25 x 30 / (655 x 12) = 48,940.7 -> 48,941 km, 11,441 km over = 686.46
    assert request.simulated_cost == shown.total_settlement == Decimal("4736.46")
    assert request.termination_month == 30 and request.simulation["return_date"] == "2027-07-15"
    assert request.simulation["events"] == [{"type": "early_return", "at_month": 30, "total_km": 48941}]
    assert "4,050.00" in request.simulation["result"]["steps"][0]["explanations"]["en"]
    for month, code in ((None, "termination_month_missing"), (48, "termination_month"), (24, "termination_month")):
        with pytest.raises(LeaseInputError) as refused:
            _file(w, kind="early_termination", month=month)
        assert (refused.value.field, refused.value.code) == ("termination_month", code)
    with pytest.raises(NotFound):
        _file(w, kind="early_termination", month=30, contract=w.colleague_contract)


def test_the_return_defaults_to_the_earliest_date_the_products_notice_allows(world, monkeypatch):
    w = world
    assert end_rules().notice_of("my-personal-lease") == 2, "001: a request to end early is made in writing 2 months ahead"
    today = dt.date(2026, 11, 19)
    with session_scope(w.url) as s:
        quote = termination_quote(s, w.driver, w.contract, None, today)
    # started on 15 Jan 2025: month 24 comes back on 15 Jan 2027, before 19 Jan 2027 (two months after today)
    assert (quote.month, quote.return_date, quote.window.first, quote.window.last) == (25, dt.date(2027, 2, 15), 25, 47)
    assert quote.window.notice == end_rules().notice_of("mpl") and quote.window.first_date == dt.date(2027, 2, 15)
    monkeypatch.setattr(termination, "end_rules", lambda: replace(end_rules(), notice_months={"default": 0}))
    with session_scope(w.url) as s:
        assert termination_quote(s, w.driver, w.contract, None, today).return_date == dt.date(2026, 12, 15)
        with pytest.raises(LeaseInputError) as refused:
            termination_quote(s, w.driver, w.contract, None, dt.date(2029, 1, 1))
        assert refused.value.code == "termination_too_late"
    assert termination.return_window(dt.date(2025, 1, 15), 48, dt.date(2025, 2, 1), 1, 12).first == 12, "004 art. 21: after the first year"
    assert termination.return_window(dt.date(2025, 1, 31), 48, dt.date(2025, 1, 31), 1, None).first_date == dt.date(2025, 2, 28)


def test_two_handlers_taking_up_the_same_request_at_once_one_is_told_to_reload(world):
    w = world
    request = _file(w)
    with Session(get_engine(w.url)) as first, Session(get_engine(w.url)) as second:
        as_read = svc.open_request(second, w.admin, request.id)
        svc.take_up(first, w.fleet, request.id)
        first.commit()
        with pytest.raises(StaleWrite):
            svc.take_up(second, w.admin, request.id)
        second.rollback()
        assert (as_read.status, as_read.handled_by) == ("in_progress", w.fleet.user_id)
