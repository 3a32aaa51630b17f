"""The page cases of issue 16, each on its own: what a browser (or a script in its place) sends is refused under its
field or at the top of the page, quickly, never as an unexpected error; a handler that sets a field takes it from
its allowlist; what Reflex would publish besides the handlers (the page helpers, setvar) sets nothing. (The offer
handlers with no offer open: tests/app/test_offer_states.py, test_with_no_offer_open_every_action_is_refused_cleanly.)"""

from __future__ import annotations

import logging
import time

import pytest

from leasedash.i18n import catalog
from leasedash.pages.account.state import AccountState
from leasedash.pages.fleet.state import FleetState
from leasedash.pages.fleet_import.state import FleetImportState
from leasedash.pages.grid.state import GridState
from leasedash.pages.home.state import HomeState
from leasedash.pages.mobility_plan.state import PlanState
from leasedash.pages.offers.state import OffersState
from leasedash.pages.returns.inspection_state import InspectionState
from leasedash.state import AppState, PageHelpers

EN = catalog("en")
UNEXPECTED = "unexpected error in an event handler"
STATE_FIELDS = ("session_token", "user_role", "user_email", "problem", "values", "chosen", "ticked", "_version", "_detail")


def test_a_threshold_of_1e300000_is_refused_under_its_field_at_once(make_state, caplog):
    fleet = make_state(FleetState, "fleet@example.com")
    started = time.perf_counter()
    with caplog.at_level(logging.ERROR):
        fleet.set_threshold("1e300000")
    assert time.perf_counter() - started < 1 and UNEXPECTED not in caplog.text
    assert fleet.field_problems == {"threshold": EN["error.fleet_threshold"]}


def test_a_password_over_72_bytes_on_account_is_refused_not_raised(make_state, caplog):
    account = make_state(AccountState, "driver@example.com")
    with caplog.at_level(logging.ERROR):
        account.change({"current": "Leasedash2026", "new": "Aa1" + "é" * 40})
        account.change({"current": "é" * 40, "new": "Leasedash2027"})
        account.change({"current": "Leasedash2026", "new": "Aa1\ud800bcdefgh"})
    assert UNEXPECTED not in caplog.text and not account.saved
    assert account.problems or account.problem


def _fields(state) -> dict:
    return {name: getattr(state, name, None) for name in STATE_FIELDS}


SETTERS = [
    (PlanState, "set_value", lambda field: {"name": field, "value": "0"}),
    (PlanState, "toggle", lambda field: {"group": field, "value": "12", "on": True}),
    (FleetImportState, "set_column", lambda field: {"field": field, "column": "0"}),
    (OffersState, "toggle_option", lambda field: {"code": field, "on": True}),
    (InspectionState, "toggle_item", lambda field: {"name": field, "present": False}),
]


@pytest.mark.parametrize(("state_class", "handler", "arguments"), SETTERS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("field", STATE_FIELDS)
def test_a_setter_takes_its_field_from_its_allowlist(make_state, state_class, handler, arguments, field):
    state = make_state(state_class, "fleet@example.com")
    state.load() if "load" in state_class.event_handlers else state.require_sign_in()
    before = _fields(state)
    getattr(state, handler)(**arguments(field))
    assert state.problem and {k: v for k, v in _fields(state).items() if k != "problem"} == {k: v for k, v in before.items() if k != "problem"}


@pytest.mark.parametrize("field", STATE_FIELDS + ("lang", "threshold"))
def test_setvar_sets_nothing_on_any_page(make_state, field):
    fleet = make_state(FleetState, "fleet@example.com")
    fleet.require_sign_in()
    before = _fields(fleet) | {"lang": fleet.lang, "threshold": fleet.threshold}
    fleet.setvar(field, "1e300000")
    assert fleet.problem == EN["common.not_allowed"]
    assert {k: v for k, v in (_fields(fleet) | {"lang": fleet.lang, "threshold": fleet.threshold}).items() if k != "problem"} == \
        {k: v for k, v in before.items() if k != "problem"}


def test_the_page_helpers_are_not_events_a_browser_can_call():
    helpers = {name for name in vars(PageHelpers) if not name.startswith("_")}
    assert {"text", "counted", "viewer", "refuse", "clear_problems"} <= helpers
    assert not helpers & set(AppState.event_handlers)


@pytest.mark.parametrize("stored", [["fr"], {"lang": "nl"}, "xx", "\ud800", None])
def test_a_language_the_browser_stored_that_is_not_ours_reads_as_english(make_state, stored, caplog):
    fleet = make_state(FleetState, "fleet@example.com")
    fleet.lang = stored
    with caplog.at_level(logging.ERROR):
        fleet.set_threshold("abc")
    assert fleet.lang == "en" and fleet.problem and UNEXPECTED not in caplog.text


def test_an_argument_that_is_not_what_the_page_sends_is_refused_by_the_gate(make_state):
    plan = make_state(PlanState, "fleet@example.com")
    plan.load()
    plan.toggle({"durations": 1}, ["12"], "yes")
    assert plan.field_problems.keys() == {"group"} and plan.durations
    plan.set_value("budget", "x\x00y")
    assert "value" in plan.field_problems


@pytest.mark.parametrize("text", [
    "Km annuel\t" + "\t".join(f"{m} mo." for m in range(1, 40_001)) + "\n5000\t" + "\t".join(["100"] * 40_000),
    "Km annuel\t12 mo.\t24 mo.\n1" + " " * 5000 + "x\t100\t90\n10000\t90\t80",
    "Km annuel;12 mo.;24 mo.\n5000;" + "1" * 200_000 + ";90\n10000;90;80",
], ids=["40,000 durations", "a row label of 5,000 spaces", "a cell over the csv module's limit"])
def test_a_grid_pasted_on_the_grid_page_that_used_to_freeze_it_is_refused_in_place_at_once(make_state, text):
    grid = make_state(GridState, "fleet@example.com")
    grid.load()
    grid.set_import_label("hostile")
    grid.set_import_text(text)
    started = time.perf_counter()
    grid.submit_import()
    assert time.perf_counter() - started < 2 and grid.problem_texts and not grid.done_text


def test_a_grid_text_over_400_kb_is_refused_under_its_field(make_state):
    grid = make_state(GridState, "fleet@example.com")
    grid.set_import_text("5000\t100\n" * 50_000)
    assert grid.field_problems.get("import_text") and grid.import_text == ""


def test_a_number_a_page_sends_reaches_a_handler_that_reads_text_as_its_digits(make_state):
    home = make_state(HomeState, "fleet@example.com")
    home.load()
    home.set_search(2026)
    assert home.problem == "" and home.search == "2026"
    home.set_search(True)
    assert "value" in home.field_problems and home.search == "2026"
