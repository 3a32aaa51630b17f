"""What /requests shows, in the reader's language: pure functions from the requests the services return to the
rows, the opened request and the quote of the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from collections.abc import Callable
from dataclasses import dataclass

from leasedash import routes, styles
from leasedash.i18n import format_date, format_km, format_money, plural
from leasedash.services.request_book import RequestDetail, RequestRow
from leasedash.services.termination import TerminationPreview

BADGE = {"submitted": styles.ACCENT, "in_progress": styles.WARNING, "answered": styles.REFUND, "rejected": styles.NEUTRAL}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class RequestLine:
    """A row of the list or the queue."""

    id: int
    title: str
    reference: str
    requester: str
    submitted: str
    deadline: str
    late: str
    status: str
    color: str


@dataclass(frozen=True)
class OpenedRequest:
    """The request opened, every text ready to show, and what may still be done with it."""

    line: RequestLine
    heading: str
    details: str
    answer: str
    answer_label: str
    answered: str
    cost: str
    return_text: str
    why: str
    submitted: bool
    in_progress: bool
    closed: bool
    buy_out: bool


@dataclass(frozen=True)
class FileLink:
    label: str
    url: str


@dataclass(frozen=True)
class QuoteLine:
    """The simulated cost of ending early at the month typed, as the what-if shows it for that month: the amount
    named invoice or refund, the return, the km at the pace driven so far, the notice, why, and the what-if."""

    cost: str
    kind: str
    color: str
    return_text: str
    km_text: str
    notice_text: str
    why: str
    what_if: str


def when(moment: dt.datetime, lang: str) -> str:
    """A local moment as the reader writes the date, and the time."""
    return f"{format_date(moment.date(), lang)} {moment:%H:%M}"


def _return_text(month: int, day: dt.date, tr: dict[str, str], lang: str) -> str:
    return tr["requests.return_on"].format(month=month, date=format_date(day, lang))


def settled(amount: Decimal, tr: dict[str, str], lang: str) -> tuple[str, str, str]:
    """(amount always positive, named invoice, refund or nothing to settle, its colour), as the what-if names it."""
    if amount > 0:
        return format_money(amount, lang), tr["whatif.invoice"], styles.INVOICE
    if amount < 0:
        return format_money(-amount, lang), tr["whatif.refund"], styles.REFUND
    return format_money(amount, lang), tr["whatif.nothing"], styles.NEUTRAL


def request_line(r: RequestRow, tr: dict[str, str], lang: str) -> RequestLine:
    """A row of the list or the queue."""
    return RequestLine(r.id, tr[f"requests.kind.{r.kind}"], r.reference, r.requester, when(r.submitted_at, lang), when(r.deadline_at, lang),
                       tr[f"requests.{r.lateness}"] if r.lateness else "", tr[f"requests.status.{r.status}"], BADGE[r.status])


def opened_request(d: RequestDetail, tr: dict[str, str], lang: str) -> OpenedRequest:
    """The opened request: its row, texts, the simulated cost of ending early, and which steps are left."""
    line = request_line(d.row, tr, lang)
    status = d.row.status
    return OpenedRequest(
        line, f"#{d.row.id} · {line.title}", d.details, d.answer, tr["requests.answer" if status == "answered" else "requests.reason"],
        when(d.answered_at, lang) if d.answered_at else "", " ".join(reversed(settled(d.cost, tr, lang)[:2])) if d.cost is not None else "",
        _return_text(d.month, d.return_date, tr, lang) if d.month and d.return_date else "", d.why.get(lang, ""),
        status == "submitted", status == "in_progress", status in ("answered", "rejected"), d.row.kind == "buy_out")


def file_links(d: RequestDetail | None, tr: dict[str, str], file_link: Callable[[str, int], str]) -> list[FileLink]:
    """The driver's files, then the answer document, each behind a short-lived signed link (AppState.file_link)."""
    if d is None:
        return []
    return [FileLink(f.name + (f" · {tr['requests.answer_document']}" if f.is_answer else ""), file_link("attachment", f.id)) for f in d.files]


def history(d: RequestDetail | None, tr: dict[str, str], lang: str) -> list[str]:
    """Each step: when, what, who, and the reason of a refusal."""
    if d is None:
        return []
    return [f"{when(s.at, lang)} · {tr.get('requests.action.' + s.action, s.action)} · {s.who}"
            + (f" — {s.reason}" if s.reason and s.action == "rejected" else "") for s in d.steps]


def quote_line(q: TerminationPreview | None, tr: dict[str, str], lang: str) -> QuoteLine | None:
    """The simulated cost of ending early at the month typed, the return date, the km then, the notice and the
    engine's explanation."""
    if q is None:
        return None
    w = q.window
    return QuoteLine(*settled(q.cost, tr, lang), _return_text(q.month, q.return_date, tr, lang),
                     tr["requests.km_at_return"].format(km=format_km(q.return_km, lang)),
                     plural("requests.notice_hint", w.notice, lang, month=w.first, date=format_date(w.first_date, lang)),
                     q.why.get(lang, ""), routes.what_if(q.contract_id))
