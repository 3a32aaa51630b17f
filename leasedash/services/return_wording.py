"""A return in words, in the reader's language, the same on the page, in the report, from the CLI and the API:
the names of parts, kinds of damage, repair methods and checklist items; why a damage is acceptable or which
limit it exceeded with the figure measured ("dent 5 mm deep: the Renta limit is under 2 mm"); each line of the
statement and why; each change in the history; amounts, dates and times as that reader writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_time

from leasedash.i18n import catalog, format_date, format_money, format_number, plural
from leasedash.i18n.formatting import LOCALES

COUNTED_LINES = {"damages": "count", "late_days": "days", "late_fee": "months"}
FACT_LABELS = {"inspection_date": "inspect.date", "place": "inspect.place", "odometer_km": "inspect.odometer",
               "energy_percent": "inspect.energy", "range_km": "inspect.range", "driver_present": "inspect.driver_present",
               "apply_loss_of_value": "inspect.loss_of_value"}


def name(group: str, code: str, lang: str) -> str:
    """A part, a kind of damage, a repair method or a checklist item in words ("pare-chocs avant"); the code when
    the catalog has no word for it (a part a lessor added)."""
    return catalog(lang).get(f"{group}.{code}", code.replace("_", " "))


def figure(value: Any, lang: str) -> str:
    """A measured value or a limit as the reader writes it ("1,9", "1.9", "15 000")."""
    text = str(value)
    if not text or text.lower() == "none":
        return ""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_number(Decimal(text), lang, decimals)


def damage_why(rule: str, exceeded: tuple[str, ...] | list[str], figures: dict[str, str], kind: str, lang: str) -> str:
    """Why a damage is acceptable (the rule's limits, with what was measured), or every limit it exceeded with the
    figure measured; the rule's code when the catalog has no sentence for it."""
    texts = catalog(lang)
    values = {key: figure(value, lang) for key, value in figures.items() if key != "within"}
    values["kind"] = name("kind", kind, lang)
    if not exceeded:
        template = texts.get(f"why.within.{rule}")
        return template.format_map(_Blank(values)) if template else rule
    sentences = []
    for limit in exceeded:
        key = next((k for k in (f"why.over.{rule}.{limit}", f"why.over.{rule.rsplit('.', 1)[0]}.{limit}") if k in texts), None)
        sentences.append(texts[key].format_map(_Blank(values)) if key else f"{rule}: {limit}")
    return "; ".join(sentences)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def size_text(length_mm: int, width_mm: int, depth_mm: Decimal, tread_mm: Decimal | None, lang: str) -> str:
    """A damage's sizes: "120 × 10 mm, 5 mm deep", a tyre's "tread 1,2 mm"."""
    texts = catalog(lang)
    parts = []
    if length_mm or width_mm:
        parts.append(f"{length_mm} × {width_mm} mm" if width_mm else f"{length_mm} mm")
    if depth_mm:
        parts.append(texts["inspect.depth_text"].format(depth=figure(depth_mm, lang)))
    if tread_mm is not None:
        parts.append(texts["inspect.tread_text"].format(tread=figure(tread_mm, lang)))
    return ", ".join(parts)


def line_label(code: str, lang: str) -> str:
    return catalog(lang).get(f"line.{code}", code)


def line_why(code: str, facts: dict[str, Any], km_explanation: dict[str, str], lang: str) -> str:
    """Why a line of the statement: the kilometre settlement's explanation, the missing items named, a count in its
    plural form, the cap, the rate and the base, the percentage."""
    if code == "km":
        return km_explanation.get(lang, "")
    if code == "missing_items":
        return ", ".join(name("item", i, lang) for i in facts.get("items", ()))
    if code in COUNTED_LINES:
        return plural(f"lineexp.{code}", int(facts.get(COUNTED_LINES[code], 0)), lang)
    template = catalog(lang).get(f"lineexp.{code}")
    if template is None:
        return ""
    values = {**facts, **{k: format_money(Decimal(facts[k]), lang) for k in ("cap", "base") if k in facts}}
    if "rate" in facts:
        values["rate"] = figure((Decimal(facts["rate"]) * 100).normalize(), lang)
    return template.format_map(_Blank(values))


def moment(at: dt.datetime, zone: ZoneInfo, lang: str) -> str:
    """A moment in the company's local time as the reader writes it ("21 nov. 2026 14:05")."""
    local = at.astimezone(zone)
    return f"{format_date(local.date(), lang)} {format_time(local, format='short', locale=LOCALES[lang])}"


def _fact(field: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return catalog(lang)["inspect.yes" if value else "inspect.no"]
    if field == "inspection_date" and value:
        return format_date(dt.date.fromisoformat(value), lang)
    return figure(value, lang) if isinstance(value, int) else str(value)


def change_text(action: str, details: dict[str, Any], lang: str) -> str:
    """What a change did: "Odometer (km): 35 000 → 36 000", "front left door · dent", "spare key"."""
    if "changes" in details:
        return "; ".join(f"{catalog(lang).get(FACT_LABELS.get(f, ''), f)}: {_fact(f, old, lang)} → {_fact(f, new, lang)}"
                         for f, old, new in details["changes"])
    if "part" in details:
        return f"{name('part', details['part'], lang)} · {name('kind', details['kind'], lang)}"
    if "item" in details:
        return name("item", details["item"], lang)
    if "signers" in details:
        return ", ".join(catalog(lang)[f"inspect.signer.{s}"] for s in details["signers"])
    if "version" in details:
        return catalog(lang)["inspect.signed_version"].format(version=details["version"], hash=str(details.get("hash", ""))[:12])
    if "damages" in details:
        return plural("inspect.damage_count", int(details["damages"]), lang)
    return ""


def history_text(action: str, reason: str, who: str, at: dt.datetime, details: dict[str, Any], zone: ZoneInfo, lang: str) -> str:
    """One line of the history: when (local time), what, what changed, who, and why."""
    what = catalog(lang).get(f"inspect.action.{action}", action)
    change = change_text(action, details, lang)
    return " · ".join(p for p in (moment(at, zone, lang), what + (f": {change}" if change else ""), who) if p) + (f" — {reason}" if reason else "")


def worded(statement: dict[str, Any], lang: str) -> dict[str, Any]:
    """A statement's JSON (domain/return_settlement.settlement_json) with each damage's and each line's "why" in
    `lang`: the CLI's and the API's answer."""
    for damage in statement["damages"]:
        damage["why"] = damage_why(damage["rule"], damage["exceeded"], damage["figures"], damage["kind"], lang)
    for line in statement["lines"]:
        line["why"] = line_why(line["code"], line["facts"], statement["km_explanation"], lang)
    return statement
