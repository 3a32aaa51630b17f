"""Amounts, dates and numbers the way a reader of each language writes them (Babel)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as babel_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"en": "en_IE", "fr": "fr_BE", "nl": "nl_BE"}


def eur(amount: Decimal, lang: str) -> str:
    """An amount in euros the way a reader of `lang` writes it ("1 060,92 €", "€ 1.060,92")."""
    return format_currency(amount, "EUR", locale=LOCALES[lang])


def rate(amount: Decimal, lang: str) -> str:
    """A per-km rate, keeping its third decimal when it has one ("€0.075")."""
    return format_currency(amount, "EUR", locale=LOCALES[lang], decimal_quantization=False)


def km(value: Decimal | int, lang: str) -> str:
    """Kilometres, to two decimals at most ("15 000", "8.333,33")."""
    return format_decimal(Decimal(value).quantize(Decimal("0.01")), locale=LOCALES[lang])


def whole_km(value: Decimal | int, lang: str) -> str:
    """Kilometres rounded to the kilometre."""
    return format_decimal(Decimal(value).quantize(Decimal(1)), locale=LOCALES[lang])


def percent(fraction: Decimal, lang: str) -> str:
    """A fraction as a percentage ("40 %", "40%")."""
    return format_percent(fraction, locale=LOCALES[lang], decimal_quantization=False)


def format_money(amount: Decimal, lang: str) -> str:
    """"1 060,92 €" (fr), "€ 1.060,92" (nl), "€1,060.92" (en)."""
    return eur(Decimal(amount), lang)


def format_km(value: Decimal | int | float, lang: str) -> str:
    """Kilometres rounded to the km, with the reader's grouping, and the unit."""
    return f"{whole_km(Decimal(str(value)), lang)} km"


def format_number(value: Decimal | int | float, lang: str, decimals: int = 0) -> str:
    """A plain number with the reader's separators."""
    quantum = Decimal(1).scaleb(-decimals)
    return format_decimal(Decimal(str(value)).quantize(quantum), locale=LOCALES[lang], decimal_quantization=True,
                          format=f"#,##0{'.' + '0' * decimals if decimals else ''}")


def format_date(day: dt.date, lang: str) -> str:
    """"21 nov. 2026" (fr), "21 nov 2026" (nl), "21 Nov 2026" (en)."""
    return babel_date(day, format="medium", locale=LOCALES[lang])


def format_month(day: dt.date, lang: str) -> str:
    """The month of a day: "novembre 2026" (fr), "november 2026" (nl), "November 2026" (en)."""
    return babel_date(day, format="LLLL y", locale=LOCALES[lang])
