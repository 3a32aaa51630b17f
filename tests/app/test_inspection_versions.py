"""Checklist and damage edits on /returns/inspection carry the version the tab shows: a tab that has not seen the
other tab's change is refused ("changed since you opened it"), saves nothing, and shows the inspection as it is now."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from leasedash.db.models import ChecklistItem, DamageRecord, Inspection
from leasedash.db.session import get_engine, session_scope
from leasedash.i18n import catalog
from leasedash.services import inspections as svc
from tests.app.test_returns_state import _open, _viewer

STALE = catalog("en")["common.stale"]


@pytest.fixture
def two_tabs(make_state, demo_db_url, demo_contracts):
    """One planned inspection, opened by the fleet manager in two tabs."""
    with session_scope(demo_db_url) as s:
        inspection_id = svc.create_inspection(s, _viewer(demo_db_url, "fleet@example.com"), demo_contracts[0].id, dt.date.today()).id
    first, second = (_open(make_state, "fleet@example.com", inspection_id) for _ in range(2))
    first.select_part("bonnet")
    first.add_damage({"kind": "dent", "length_mm": "40"})
    assert first.problem == "" and second.version < first.version
    return demo_db_url, inspection_id, first, second


def _rows(url, inspection_id) -> tuple[int, list[tuple[str, bool]], int]:
    with Session(get_engine(url)) as s:
        damages = len(s.exec(select(DamageRecord).where(DamageRecord.inspection_id == inspection_id)).all())
        items = sorted((i.name, i.present) for i in s.exec(select(ChecklistItem).where(ChecklistItem.inspection_id == inspection_id)))
        return damages, items, s.get(Inspection, inspection_id).version


@pytest.mark.parametrize("edit", [
    lambda tab: tab.toggle_item("spare_key", False),
    lambda tab: (tab.select_part("door_front_left"), tab.add_damage({"kind": "scratch", "length_mm": "120", "width_mm": "10"})),
    lambda tab: tab.remove_damage(tab.damages[0].damage_id) if tab.damages else tab.remove_damage(1),
], ids=["checklist", "add damage", "remove damage"])
def test_a_stale_tab_is_refused_and_shown_the_inspection_as_it_is_now(two_tabs, edit):
    url, inspection_id, first, second = two_tabs
    before = _rows(url, inspection_id)
    edit(second)
    assert second.problem == STALE
    assert _rows(url, inspection_id) == before
    assert second.version == first.version and len(second.damages) == 1
    edit(second)
    assert second.problem == "" and _rows(url, inspection_id) != before


def test_the_tab_that_made_the_last_change_goes_on(two_tabs):
    url, inspection_id, first, _ = two_tabs
    first.toggle_item("spare_key", False)
    first.remove_damage(first.damages[0].damage_id)
    assert first.problem == ""
    damages, items, _ = _rows(url, inspection_id)
    assert damages == 0 and ("spare_key", False) in items
