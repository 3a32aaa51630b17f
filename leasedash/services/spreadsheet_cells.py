"""Cells of the CSV exports as a spreadsheet opens them: a text a spreadsheet would run as a formula is written
as text (OWASP "CSV injection"), a plain number stays a number."""

from __future__ import annotations

import re
from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def safe_cell(value: object) -> object:
    """A text starting with = + - @ (or a tab or carriage return, which a spreadsheet skips before one) gets a
    leading apostrophe, so Excel or LibreOffice shows it instead of running it; numbers (-21.60) and non-text
    values are kept as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """A row of an export with every cell made safe."""
    return [safe_cell(v) for v in values]
