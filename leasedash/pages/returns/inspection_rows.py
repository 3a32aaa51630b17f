"""What /returns/inspection shows of an InspectionDetail, in the reader's language: pure functions from the
service's records to the rows and lines of the page (`counted` gives a count's plural form)."""

from __future__ import annotations

from collections.abc import Callable

from leasedash.i18n import format_date, format_money
from leasedash.pages.returns.records import AdviceRow, DamageRow, LineRow
from leasedash.services.inspection_detail import ChargeLine, ComparedCheck, HistoryEntry, InspectionDetail, JudgedDamage, Statement

Counted = Callable[..., str]
COUNTED_LINES = {"damages": "count", "late_days": "days", "late_fee": "months"}


def damage_rows(damages: tuple[JudgedDamage, ...], tr: dict[str, str], lang: str) -> list[DamageRow]:
    """Each damage with its size, verdict, the rule that decided it and, chargeable, the repair and its price."""
    rows = []
    for d in damages:
        size = f"{d.length_mm} × {d.width_mm} mm" + (f", {d.depth_mm} mm" if d.depth_mm else "")
        rule = tr.get(f"rule.{d.rule}") or tr.get(f"rule.{d.rule.rsplit('.', 1)[0]}", d.rule)
        rows.append(DamageRow(d.damage_id, tr[f"part.{d.part}"], tr[f"kind.{d.kind}"], size, d.acceptable,
                              tr["inspect.acceptable" if d.acceptable else "inspect.chargeable"], rule,
                              tr.get(f"method.{d.method}", "") if d.method else "", "" if d.acceptable else format_money(d.cost, lang)))
    return rows


def _why(line: ChargeLine, statement: Statement, tr: dict[str, str], lang: str, counted: Counted) -> str:
    facts = line.facts
    if line.code == "km":
        return statement.km_explanation.get(lang, "")
    if line.code == "missing_items":
        return ", ".join(tr.get(f"item.{i}", i) for i in facts.get("items", ()))
    if line.code in COUNTED_LINES:
        return counted(f"lineexp.{line.code}", int(facts.get(COUNTED_LINES[line.code], 0)))
    key = f"lineexp.{line.code}"
    if key not in tr:
        return ""
    values = {**facts, **{k: format_money(facts[k], lang) for k in ("cap", "base") if k in facts}}
    if "rate" in facts:
        values["rate"] = f"{facts['rate'] * 100:.0f}"
    return tr[key].format(**values)


def statement_rows(statement: Statement | None, tr: dict[str, str], lang: str, counted: Counted) -> list[LineRow]:
    """Each line of the final statement with its amount and why."""
    if statement is None:
        return []
    return [LineRow(tr.get(f"line.{line.code}", line.code), format_money(line.amount, lang), _why(line, statement, tr, lang, counted))
            for line in statement.lines]


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


def signature_lines(detail: InspectionDetail | None, tr: dict[str, str], lang: str) -> list[str]:
    """Who signed and when, or not yet; a self-check is not signed."""
    if detail is None or detail.self_check:
        return []
    return [tr[f"inspect.signed_{s.signer}"].format(name=s.name, date=format_date(s.at.date(), lang)) if s.name and s.at
            else tr[f"inspect.signed_{s.signer}"].format(name=tr["inspect.unsigned"], date="").rstrip(", ") for s in detail.signatures]


def history_lines(history: tuple[HistoryEntry, ...], tr: dict[str, str], lang: str) -> list[str]:
    return [f"{format_date(h.at.date(), lang)} · {tr.get('inspect.action.' + h.action, h.action)} · {h.who}" + (f" — {h.reason}" if h.reason else "")
            for h in history]
