"""What the odometer log on the home page shows, in the reader's language: today's target odometer, the km left
this month and this contract year, when the allowance runs out at this pace, the readings and their history."""

from __future__ import annotations

from dataclasses import dataclass, field

from leasedash.i18n import format_date, format_km, translate
from leasedash.services.odometer_log import LogChange, LogReading, OdometerLog


@dataclass(frozen=True)
class ReadingLine:
    reading_id: str
    day: str
    iso_day: str
    km: str
    km_value: str
    source: str
    has_photo: bool
    editable: bool


@dataclass(frozen=True)
class ChangeLine:
    at: str
    text: str


@dataclass(frozen=True)
class LogView:
    """The log formatted for the reader; `shown` is False until a contract's log is open."""

    shown: bool = False
    target: str = ""
    month_left: str = ""
    year_left: str = ""
    runs_out: str = ""
    readings: list[ReadingLine] = field(default_factory=list)
    changes: list[ChangeLine] = field(default_factory=list)


def _left(key: str, left: int | None, until, lang: str) -> str:
    if left is None:
        return ""
    if left < 0:
        return translate(f"{key}_over", lang, km=format_km(-left, lang), date=format_date(until, lang))
    return translate(key, lang, km=format_km(left, lang), date=format_date(until, lang))


def _reading(r: LogReading, lang: str) -> ReadingLine:
    return ReadingLine(str(r.reading_id), format_date(r.day, lang), r.day.isoformat(), format_km(r.km, lang), str(r.km),
                       translate(f"log.source.{r.source}", lang), r.has_photo, r.editable)


def _change(c: LogChange, lang: str) -> ChangeLine:
    values = {"old": f"{format_date(c.old_date, lang)} · {format_km(c.old_km, lang)}" if c.old_date else "",
              "new": f"{format_date(c.new_date, lang)} · {format_km(c.new_km, lang)}" if c.new_date else "", "by": c.by or "—"}
    return ChangeLine(format_date(c.at.date(), lang), translate(f"log.change.{c.action}", lang, **values))


def log_view(log: OdometerLog | None, lang: str) -> LogView:
    """The log as the home page shows it."""
    if log is None:
        return LogView()
    runs_out = (translate("log.runs_out", lang, date=format_date(log.runs_out_on, lang)) if log.runs_out_on
                else translate("log.lasts", lang) if log.projection is not None else "")
    return LogView(
        True, translate("log.target", lang, km=format_km(log.target_today, lang)),
        _left("log.month_left", log.km_left_month, log.month_end, lang), _left("log.year_left", log.km_left_year, log.year_end, lang),
        runs_out, [_reading(r, lang) for r in reversed(log.readings)], [_change(c, lang) for c in log.changes],
    )
