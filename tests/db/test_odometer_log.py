"""The odometer log on SQLite and PostgreSQL: today's target odometer (the delivery odometer plus the allowance to
date, pro rata of the days), the km left this month and this contract year, when the allowance runs out at this
pace; readings that go back in time or in km, lie in the future or before delivery refused; corrections and
deletions kept in the history; the dashboard photo stored privately."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from leasedash.db.models import Contract
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.errors import AccessDenied, InvalidInput, NotFound
from leasedash.services.odometer_log import add_reading, correct_reading, delete_reading, odometer_log, reading_photo
from tests.db.factories import make_company, make_contract, make_product, make_user

TODAY = dt.date(2026, 2, 1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def lease(services_db, monkeypatch, tmp_path):
    monkeypatch.setenv("LEASEDASH_PHOTO_DIR", str(tmp_path / "photos"))
    with session_scope() as s:
        company = make_company(s, "Acme")
        driver, other = make_user(s, company, "dr@acme.be"), make_user(s, company, "other@acme.be")
        manager = make_user(s, company, "fm@acme.be", "fleet_manager")
        contract = make_contract(s, company, driver, make_product(s), "1-LOG-001")
        contract.start_date, contract.end_date, contract.delivery_km = dt.date(2024, 6, 1), dt.date(2028, 6, 1), 124
        s.add(contract)
        return {"id": contract.id, "driver": Viewer(driver.id, "driver", company.id), "other": Viewer(other.id, "driver", company.id),
                "manager": Viewer(manager.id, "fleet_manager", company.id)}


def test_the_target_odometer_today(lease):
    """610 days at 15,000 km a year: 15,000 × 610 / 365.25 = 25,051 km allowed, plus the 124 km of the delivery."""
    log = odometer_log(lease["driver"], lease["id"], TODAY)
    assert log.target_today == 25175
    assert (log.latest_km, log.km_left_month, log.runs_out_on) == (None, None, None)


def test_three_readings_give_the_km_left_and_the_day_the_allowance_runs_out(lease):
    for day, km in ((dt.date(2024, 12, 1), 9000), (dt.date(2025, 6, 1), 18000), (dt.date(2026, 1, 31), 30124)):
        add_reading(lease["driver"], lease["id"], day, km, today=TODAY)
    log = odometer_log(lease["driver"], lease["id"], TODAY)
    assert [r.km for r in log.readings] == [9000, 18000, 30124]
    assert (log.month_end, log.year_end) == (dt.date(2026, 2, 28), dt.date(2026, 6, 1))
    assert log.km_left_month == 124 + 26160 - 30124  # 637 days to 28 February: 15,000 × 637 / 365.25 = 26,160 km
    assert log.km_left_year == 124 + 29979 - 30124  # 730 days to 1 June: 29,979 km, already 21 km over
    pace = log.projection.annual_pace
    assert pace == Decimal(round(30000 * Decimal("365.25") / 609))
    assert log.runs_out_on == dt.date(2024, 6, 1) + dt.timedelta(days=int((Decimal(60000) * Decimal("365.25") / pace).quantize(Decimal(1))))
    assert log.projected_odometer == 124 + log.projection.projected_km
    assert [c.action for c in log.changes] == ["added"] * 3


@pytest.mark.parametrize("day, km, field, code", [
    (dt.date(2026, 2, 2), 30000, "reading_date", "log_future"),
    (dt.date(2024, 5, 31), 200, "reading_date", "log_before_delivery"),
    (dt.date(2025, 7, 1), 100, "km", "log_below_delivery"),
    (dt.date(2025, 5, 1), 20000, "reading_date", "log_back_in_time"),
    (dt.date(2025, 7, 1), 17000, "km", "log_back_in_km"),
])
def test_readings_refused_with_their_reason(lease, day, km, field, code):
    add_reading(lease["driver"], lease["id"], dt.date(2025, 6, 1), 18000, today=TODAY)
    with pytest.raises(InvalidInput) as refused:
        add_reading(lease["driver"], lease["id"], day, km, today=TODAY)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert len(odometer_log(lease["driver"], lease["id"], TODAY).readings) == 1


def test_corrections_and_deletions_stay_in_the_history(lease):
    with session_scope() as s:
        version = s.get(Contract, lease["id"]).version
    first = add_reading(lease["driver"], lease["id"], dt.date(2025, 1, 1), 9000, today=TODAY)
    add_reading(lease["driver"], lease["id"], dt.date(2025, 6, 1), 18000, today=TODAY)
    with pytest.raises(InvalidInput) as refused:
        correct_reading(lease["driver"], first, dt.date(2025, 1, 1), 19000, today=TODAY)
    assert refused.value.code == "log_above_next"
    correct_reading(lease["driver"], first, dt.date(2025, 1, 2), 9100, today=TODAY)
    delete_reading(lease["driver"], first, today=TODAY)
    log = odometer_log(lease["driver"], lease["id"], TODAY)
    assert [r.km for r in log.readings] == [18000]
    assert [(c.action, c.old_km, c.new_km) for c in log.changes] == [("deleted", 9100, None), ("corrected", 9000, 9100),
                                                                     ("added", None, 18000), ("added", None, 9000)]
    with session_scope() as s:
        assert s.get(Contract, lease["id"]).version == version  # a reading leaves the contract's version (and its open form) alone


def test_only_the_driver_and_their_fleet_manager_write_the_log(lease):
    with pytest.raises(NotFound):
        add_reading(lease["other"], lease["id"], dt.date(2025, 1, 1), 9000, today=TODAY)
    reading = add_reading(lease["manager"], lease["id"], dt.date(2025, 1, 1), 9000, today=TODAY)
    with pytest.raises(AccessDenied):
        correct_reading(lease["driver"], reading, dt.date(2025, 1, 1), 9100, today=TODAY)


def test_the_dashboard_photo_is_stored_privately_and_served_to_who_sees_the_contract(lease, tmp_path):
    reading = add_reading(lease["driver"], lease["id"], dt.date(2025, 1, 1), 9000, ("dash board.png", PNG), today=TODAY)
    path, content_type = reading_photo(lease["driver"], reading)
    assert content_type == "image/png" and path.read_bytes() == PNG and path.parent == tmp_path / "photos" / "odometer"
    assert path.name.startswith("dash_board_")
    with pytest.raises(NotFound):
        reading_photo(lease["other"], reading)
    with pytest.raises(InvalidInput):
        add_reading(lease["driver"], lease["id"], dt.date(2025, 2, 1), 9500, ("dash.png", b"not a png"), today=TODAY)
    assert len(odometer_log(lease["driver"], lease["id"], TODAY).readings) == 1
