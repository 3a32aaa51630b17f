"""The one gate of every event handler (state.guarded): the caller resolved once per event, and the three
outcomes told apart — not signed in (to /login), not allowed (a refusal in the reader's language, no
redirect), stale (changed since opened) — with bad input shown under its field and anything unexpected
logged and shown as one translated sentence."""

from __future__ import annotations

import reflex as rx
from sqlalchemy import event
from sqlalchemy.engine import Engine

from leasedash.errors import InvalidInput, StaleWrite
from leasedash.i18n import catalog
from leasedash.state import AppState, guarded


class GateProbeState(AppState):
    """A page state whose handlers exercise each outcome of the gate."""

    seen_role: str = ""
    viewers_equal: bool = False

    @rx.event
    @guarded()
    def who(self):
        first = self.viewer()
        self.viewers_equal = first is self.viewer() and first == self.viewer()
        self.seen_role = first.role

    @rx.event
    @guarded("fleet_manager", "admin")
    def managers_only(self):
        self.seen_role = self.viewer().role

    @rx.event
    @guarded()
    def stale(self):
        raise StaleWrite()

    @rx.event
    @guarded()
    def bad_km(self, km: str):
        raise InvalidInput("annual_km", f"{km!r} is not a whole number")

    @rx.event
    @guarded()
    def crash(self):
        return int("")

    @rx.event
    @guarded(by_the_browser=True)
    def chart_drawn(self):
        self.seen_role = self.viewer().role

    @rx.event
    @guarded()
    def steps(self):
        yield
        raise StaleWrite()


def _redirects_to_login(result) -> bool:
    return result is not None and "/login" in str(result)


def test_without_a_session_the_gate_sends_to_login(make_state):
    probe = make_state(GateProbeState, None)
    assert _redirects_to_login(probe.who())
    assert probe.seen_role == "" and probe.problem == ""


def test_a_role_outside_the_list_is_refused_in_the_readers_language_without_redirect(make_state):
    probe = make_state(GateProbeState, "driver@example.com")
    probe.lang = "fr"
    assert probe.managers_only() is None
    assert probe.problem == catalog("fr")["common.not_allowed"] and probe.seen_role == ""
    manager = make_state(GateProbeState, "fleet@example.com")
    manager.managers_only()
    assert manager.problem == "" and manager.seen_role == "fleet_manager"


def test_stale_bad_input_and_unexpected_are_three_different_answers(make_state, caplog):
    probe = make_state(GateProbeState, "driver@example.com")
    probe.lang = "nl"
    probe.stale()
    assert probe.problem == catalog("nl")["common.stale"]
    probe.bad_km("15.000,5")
    assert probe.field_problems == {"annual_km": probe.problem} and "annual_km" in probe.problem
    probe.crash()
    assert probe.problem == catalog("nl")["common.unexpected"] and probe.field_problems == {}
    assert "unexpected error in an event handler of GateProbeState" in caplog.text
    assert list(probe.steps()) == [None]
    assert probe.problem == catalog("nl")["common.stale"]
    probe.who()
    assert probe.problem == ""


def test_an_event_the_browser_fires_by_itself_leaves_the_refusal_under_its_field(make_state):
    probe = make_state(GateProbeState, "driver@example.com")
    probe.bad_km("many")
    shown = (probe.problem, dict(probe.field_problems))
    probe.chart_drawn()  # a chart drawn after the refusal
    assert (probe.problem, probe.field_problems) == shown and probe.seen_role == "driver"
    probe.who()  # the reader's next own event
    assert probe.problem == "" and probe.field_problems == {}


def test_the_caller_is_resolved_with_one_query_per_event(make_state):
    probe = make_state(GateProbeState, "driver@example.com")
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        probe.who()
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert probe.seen_role == "driver" and probe.viewers_equal
    assert len(statements) == 1, statements
