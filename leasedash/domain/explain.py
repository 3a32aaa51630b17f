"""One sentence per step, in the reader's language, with the numbers the engine used: the words come from the
gettext catalogs (messages `explain.*` of leasedash/i18n/locale), the figures from the reader's number formats."""

from __future__ import annotations

from decimal import Decimal

from leasedash.i18n.formatting import eur, km, percent, rate, whole_km
from leasedash.i18n.translations import plural, translate

__all__ = ["changed", "eur", "km", "months", "outcome", "percent", "rate", "text", "whole_km"]


def text(name: str, lang: str, count: int | None = None, **values: str) -> str:
    """A sentence or a clause of one (message `explain.<name>`), filled in; `count` picks the plural form of
    a counted one and fills its {count}."""
    key = f"explain.{name}"
    return translate(key, lang, **values) if count is None else plural(key, count, lang, **values)


def months(count: int, lang: str) -> str:
    """A duration: "1 month", "48 months"."""
    return text("months", lang, count=count)


def outcome(settlement: Decimal, lang: str) -> str:
    """"an invoice of …", "a refund of …" or "nothing to settle"."""
    if settlement > 0:
        return text("outcome.invoice", lang, amount=eur(settlement, lang))
    if settlement < 0:
        return text("outcome.refund", lang, amount=eur(-settlement, lang))
    return text("outcome.nothing", lang)


def changed(extended: bool, lang: str) -> str:
    """"extended" or "shortened"."""
    return text("extended" if extended else "shortened", lang)
