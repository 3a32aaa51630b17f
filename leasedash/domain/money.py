"""Money as Decimal: half-up rounding to the cent and amounts written the European or the plain way."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from leasedash.domain.errors import LeaseInputError

CENT = Decimal("0.01")
MAX_INTEGER_DIGITS = 12
MAX_NUMBER_TEXT = 40
_CURRENCY = re.compile(r"(?i)^(?:eur(?:o|os)?|€)\s*|\s*(?:eur(?:o|os)?|€)$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_DIGITS = re.compile(r"^\d+$")


def to_cents(amount: Decimal | int | str | Fraction) -> Decimal:
    """Round half-up to the cent (scenario.md, "Money and rounding"); ties go away from zero.
    An exact fraction is rounded exactly, so an interpolated rent never depends on how many
    digits a division kept."""
    if isinstance(amount, Fraction):
        cents = amount * 100
        whole, rest = divmod(abs(cents.numerator), cents.denominator)
        if 2 * rest >= cents.denominator:
            whole += 1
        return (Decimal(whole if cents >= 0 else -whole) / 100).quantize(CENT)
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _normalise_separators(body: str) -> str:
    """Turn "1.349,88", "1,349.88", "5.000" or "12,5" into a plain "1349.88" / "5000" / "12.5"."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        whole, _, frac = body.rpartition(decimal_mark)
        groups = whole.split(thousands)
        if not _is_grouped(groups) or thousands in frac:
            raise ValueError(body)
        return "".join(groups) + "." + frac
    mark = "." if dots else "," if commas else None
    if mark is None:
        return body
    parts = body.split(mark)
    if len(parts) > 2:
        if not _is_grouped(parts):
            raise ValueError(body)
        return "".join(parts)
    whole, frac = parts
    if len(frac) == 3 and _is_grouped(parts) and whole.lstrip("0") != "":
        return whole + frac
    return whole + "." + frac


def _is_grouped(groups: list[str]) -> bool:
    head, *rest = groups
    return (
        bool(_DIGITS.match(head))
        and 1 <= len(head) <= 3
        and all(len(g) == 3 and _DIGITS.match(g) for g in rest)
    )


def parse_decimal(text: str | int | float | Decimal, field: str = "amount") -> Decimal:
    """Parse a number written the European way ("1.349,88", "1 349,88", "EUR 536,32",
    "€ 536.32") or the plain way ("1349.88", 1349.88); a single separator followed by
    exactly three digits ("5.000", "1,349") is read as a thousands separator. No exponent, NaN or
    Infinity, and at most 12 integer digits: no figure of a lease is larger, and the refusal costs
    no more than a valid number."""
    if isinstance(text, bool):
        raise LeaseInputError(field, f"{text!r} is not a number", "not_a_number", {"value": text})
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    elif isinstance(text, str):
        value = _parse_text(text, field)
    else:
        raise LeaseInputError(field, f"expected a number, got {type(text).__name__}", "not_a_number", {"value": type(text).__name__})
    if not value.is_finite():
        raise LeaseInputError(field, f"{text!r} is not a finite number", "number_not_finite")
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        raise LeaseInputError(field, f"more than {MAX_INTEGER_DIGITS} digits before the decimal mark",
                              "number_too_large", {"digits": MAX_INTEGER_DIGITS})
    return value


def _parse_text(text: str, field: str) -> Decimal:
    if len(text) > MAX_NUMBER_TEXT:
        raise LeaseInputError(field, f"longer than {MAX_NUMBER_TEXT} characters: not a number",
                              "number_too_long", {"length": MAX_NUMBER_TEXT})
    raw = text.strip()
    body = _CURRENCY.sub("", raw).strip()
    sign = ""
    if body[:1] in "-+−" and body:
        sign, body = ("-" if body[0] in "-−" else ""), body[1:].strip()
        body = _CURRENCY.sub("", body).strip()
    body = _SPACES.sub("", body)
    if not body or not re.fullmatch(r"[\d.,]+", body) or not body[0].isdigit() or not body[-1].isdigit():
        if not raw:
            raise LeaseInputError(field, "a number is required", "number_required")
        raise LeaseInputError(field, f"{text!r} is not a number", "not_a_number", {"value": raw[:40]})
    try:
        return Decimal(sign + _normalise_separators(body))
    except (ValueError, InvalidOperation):
        raise LeaseInputError(field, f"{text!r} is not a number (mixed or misplaced separators)", "number_separators",
                              {"value": raw[:40]}) from None


def parse_amount(text: str | int | float | Decimal, field: str = "amount") -> Decimal:
    """An amount in euros, exact to the cent: refuses fractions of a cent."""
    value = parse_decimal(text, field)
    if value != value.quantize(CENT):
        raise LeaseInputError(field, f"{text!r} has more than two decimals", "amount_cents", {"value": str(text)[:40]})
    return value.quantize(CENT)


def parse_whole(text: str | int | float | Decimal, field: str, minimum: int = 0) -> int:
    """A whole count (months, kilometres) of at least `minimum`."""
    value = parse_decimal(text, field)
    if value != value.to_integral_value():
        raise LeaseInputError(field, f"{text!r} is not a whole number", "number_not_whole", {"value": str(text)[:40]})
    if value < minimum:
        raise LeaseInputError(field, f"must be at least {minimum}, got {int(value)}", "number_minimum", {"minimum": minimum, "value": int(value)})
    return int(value)
