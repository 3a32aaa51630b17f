"""What /returns/inspection shows of an InspectionDetail, in the reader's language: pure functions from the
service's records to the rows and lines of the page (`counted` gives a count's plural form)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from leasedash.i18n import format_money
from leasedash.pages.returns.records import AdviceRow, DamageRow, LineRow
from leasedash.services import return_wording as words
from leasedash.services.inspection_detail import ComparedCheck, HistoryEntry, InspectionDetail, JudgedDamage, Statement

Counted = Callable[..., str]


def damage_rows(damages: tuple[JudgedDamage, ...], tr: dict[str, str], lang: str) -> list[DamageRow]:
    """Each damage with its size, verdict, why (the limits it is within, or every limit it exceeded with the figure
    measured) and, chargeable, the repair and its price."""
    return [DamageRow(d.damage_id, words.name("part", d.part, lang), words.name("kind", d.kind, lang),
                      words.size_text(d.length_mm, d.width_mm, d.depth_mm, d.tread_mm, lang), d.acceptable,
                      tr["inspect.acceptable" if d.acceptable else "inspect.chargeable"], words.damage_why(d.rule, d.exceeded, d.figures, d.kind, lang),
                      words.name("method", d.method, lang) if d.method and not d.acceptable else "",
                      "" if d.acceptable else format_money(d.cost, lang))
            for d in damages]


def statement_rows(statement: Statement | None, lang: str) -> list[LineRow]:
    """Each line of the final statement with its amount and why."""
    if statement is None:
        return []
    return [LineRow(words.line_label(line.code, lang), format_money(line.amount, lang),
                    words.line_why(line.code, line.facts, statement.km_explanation, lang)) for line in statement.lines]


def advice_rows(detail: InspectionDetail | None, tr: dict[str, str], lang: str) -> list[AdviceRow]:
    """For each chargeable damage: repair it now under the casco, or pay at the return, and which saves what."""
    if detail is None or detail.statement is None:
        return []
    what = {d.damage_id: f"{tr[f'part.{d.part}']} · {tr[f'kind.{d.kind}']}" for d in detail.damages}
    return [AdviceRow(what.get(a.damage_id, ""), tr["inspect.repair_now"].format(amount=format_money(a.repair_now, lang)),
                      tr["inspect.pay_later"].format(amount=format_money(a.pay_later, lang)),
                      tr[f"inspect.cheaper.{a.cheaper}"].format(amount=format_money(a.saving, lang)), a.cheaper == "repair_now")
            for a in detail.statement.advice]


def comparison_lines(checks: tuple[ComparedCheck, ...], tr: dict[str, str], lang: str, counted: Counted) -> list[str]:
    """The driver's self-check against the inspector's inspection, once both exist."""
    if {c.self_check for c in checks} != {True, False}:
        return []
    return [tr["inspect.compare_line"].format(what=f"{tr['returns.self_check' if c.self_check else 'returns.inspection']} #{c.inspection_id}",
                                              damages=counted("inspect.damage_count", c.damages),
                                              charged=counted("inspect.charged_count", c.charged), total=format_money(c.total, lang))
            for c in checks]


def signature_lines(detail: InspectionDetail | None, tr: dict[str, str], zone: ZoneInfo, lang: str) -> list[str]:
    """Who signed, when (the company's local time), and the version and content hash they signed; or not yet. A
    self-check is not signed."""
    if detail is None or detail.self_check:
        return []
    return [tr[f"inspect.signed_{s.signer}"].format(name=s.name, date=words.moment(s.at, zone, lang))
            + " · " + tr["inspect.signature_binding"].format(version=s.version, hash=s.content_hash[:12]) if s.name and s.at
            else tr[f"inspect.signed_{s.signer}"].format(name=tr["inspect.unsigned"], date="").rstrip(", ") for s in detail.signatures]


def history_lines(history: tuple[HistoryEntry, ...], zone: ZoneInfo, lang: str) -> list[str]:
    """Every change with when (local time), what changed, who and why."""
    return [words.history_text(h.action, h.reason, h.who, h.at, h.details, zone, lang) for h in history]
