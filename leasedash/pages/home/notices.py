"""The in-app list of pace notices on the home page (a driver's and a fleet manager's): a contract's pace went off
plan or came back, with the end settlement projected and what adapting now would do."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from leasedash import styles
from leasedash.i18n import format_date
from leasedash.services.end_reminders import Reminder, reminders
from leasedash.services.pace_alerts import NoticeLine, mark_read, notices
from leasedash.state import AppState, guarded


@dataclass(frozen=True)
class NoticeRow:
    when: str
    text: str
    off_plan: bool
    unread: bool


class NoticeState(AppState):
    """The viewer's latest pace notices."""

    _notices: list[NoticeLine] = []
    _reminders: list[Reminder] = []

    @rx.event
    @guarded()
    def load(self):
        self._notices = notices(self.viewer(), self.lang)
        self._reminders = reminders(self.viewer())

    @rx.event
    @guarded()
    def read_all(self):
        """Every notice read."""
        mark_read(self.viewer())
        self._notices = notices(self.viewer(), self.lang)

    @rx.var
    def rows(self) -> list[NoticeRow]:
        """The end-of-lease dates coming up (services/end_reminders.py), then the pace notices."""
        dates = [NoticeRow(format_date(r.day, self.lang), r.text(self.lang), True, False) for r in self._reminders]
        return dates + [NoticeRow(format_date(n.created_at.date(), self.lang), n.text, n.off_plan, n.unread) for n in self._notices]

    @rx.var
    def unread(self) -> int:
        return sum(1 for n in self._notices if n.unread)


def _row(n: NoticeRow) -> rx.Component:
    return rx.hstack(
        rx.icon(rx.cond(n.off_plan, "triangle-alert", "circle-check"), size=16,
                color=rx.cond(n.off_plan, rx.color(styles.WARNING, 10), rx.color(styles.ACCENT, 10)), flex_shrink="0"),
        rx.text(rx.text.strong(n.when), " · ", n.text, size="2", weight=rx.cond(n.unread, "medium", "regular")),
        spacing="2", align="start",
    )


def notices_card() -> rx.Component:
    """The notices, newest first (nothing shown without any)."""
    return rx.cond(NoticeState.rows.length() > 0, rx.card(rx.vstack(
        rx.hstack(rx.icon("bell", size=18), rx.heading(AppState.tr["notice.title"], size="4", as_="h2"),
                  rx.cond(NoticeState.unread > 0, rx.badge(NoticeState.unread, color_scheme=styles.WARNING)), rx.spacer(),
                  rx.cond(NoticeState.unread > 0, rx.button(AppState.tr["notice.read_all"], size="1", variant="soft", on_click=NoticeState.read_all)),
                  align="center", width="100%"),
        rx.foreach(NoticeState.rows, _row),
        spacing="2", width="100%"), width="100%", id="pace-notices"))
