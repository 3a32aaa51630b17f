"""Text from a person or a file, as the database can keep it: bounded in length, no NUL character and no lone
surrogate (PostgreSQL refuses the one, UTF-8 has no bytes for the other)."""

from __future__ import annotations

from typing import Any

from leasedash.errors import InvalidInput


def storable(text: str) -> bool:
    """Whether a database stores this text as it is."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def bounded_text(value: Any, field: str, maximum: int) -> str:
    """Text of at most `maximum` characters that a database stores; InvalidInput under `field` otherwise."""
    if not isinstance(value, str):
        raise InvalidInput(field, "expected text", "text_expected")
    if len(value) > maximum:
        raise InvalidInput(field, f"longer than {maximum} characters", "text_too_long", {"maximum": maximum})
    if not storable(value):
        raise InvalidInput(field, "contains a character that cannot be stored (NUL or a lone surrogate)", "text_unstorable")
    return value
