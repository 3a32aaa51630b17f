"""The rows of /returns/rules in the reader's language: each rule or price named from the catalogs (a part, a kind
of damage, a repair method, a checklist item, or the rule's own label), with its section's heading on its first row."""

from __future__ import annotations

import re

from leasedash.i18n import catalog
from leasedash.pages.returns.records import RuleField
from leasedash.services import return_wording as words
from leasedash.services.rule_forms import RuleRow

_INDEX = re.compile(r"\[(\d+)\]$")


def rule_label(key: str, lang: str) -> str:
    """What a row of the rules or the price list is, in words; its key when the catalog has none."""
    texts = catalog(lang)
    head, _, rest = key.partition(".")
    if head == "parts":
        return words.name("part", rest, lang)
    if head == "missing_items":
        return words.name("item", rest, lang)
    if head == "repairs_by_damage":
        return words.name("kind", rest, lang)
    if head == "repairs":
        category, _, method = rest.partition(".")
        return f"{texts.get(f'rules.category.{category}', words.name('part', category, lang))} · {words.name('method', method, lang)}"
    index = _INDEX.search(key)
    base = _INDEX.sub("", key)
    label = texts.get(f"rules.key.{base}", base)
    return f"{label} ({int(index.group(1)) + 1})" if index else label


def rule_fields(rows: tuple[RuleRow, ...], lang: str) -> list[RuleField]:
    """The rows grouped by section (in the order the sections first come), the section's heading on its first row."""
    texts = catalog(lang)
    order = {section: index for index, section in reversed(list(enumerate(r.section for r in rows)))}
    fields, section = [], None
    for row in sorted(rows, key=lambda r: order[r.section]):
        heading = texts.get(f"rules.section.{row.section}", row.section) if row.section != section else ""
        section = row.section
        fields.append(RuleField(row.key, rule_label(row.key, lang), row.value, heading))
    return fields
