"""The cells of a fleet import read as typed values: numbers with the file's one decimal mark (decided from its numbers,
so "15.000" is never read two ways), dates ISO or DD/MM/YYYY, e-mails, plates, VINs and choices; Excel's number and
date cells go through the same checks as text. Each refusal is a CellProblem with the code of its message."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from leasedash.domain.fleet_file import Sheet, cell_text, field_specs, header_language, normalise_header

MARKS = (",", ".")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_PLATE = re.compile(r"^[A-Z0-9][A-Z0-9 .-]*$")
_CURRENCY = re.compile(r"(?i)^(?:eur|€)\s*|\s*(?:eur|€)$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = {",": re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"), ".": re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")}
_GROUPED_ONLY = {",": re.compile(r"^\d{1,3}(?:,\d{3})+$"), ".": re.compile(r"^\d{1,3}(?:\.\d{3})+$")}
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_DECIMAL_EVIDENCE = {",": re.compile(r"\d,(?:\d{1,2}|\d{4,})$|\.\d{3},\d+$"), ".": re.compile(r"\d\.(?:\d{1,2}|\d{4,})$|,\d{3}\.\d+$")}


def decide_mark(sheet: Sheet, mapping: dict[str, int], kind: str) -> str:
    """The file's decimal mark, from its numbers: a comma or a point followed by one, two or four and more digits
    ("536,32", "0.075") decides; where none does ("15.000" reads either way), a `;`-separated file or French or
    Dutch headers mean a comma, else a point."""
    columns = [mapping[s["field"]] for s in field_specs(kind) if s["type"] in ("whole", "amount") and s["field"] in mapping]
    votes = {",": 0, ".": 0}
    for row in sheet.rows:
        for c in columns:
            cell = row[c] if c < len(row) else ""
            if isinstance(cell, str) and ("," in cell or "." in cell):
                body = _SPACES.sub("", _CURRENCY.sub("", cell.strip()))
                for mark, evidence in _DECIMAL_EVIDENCE.items():
                    if evidence.search(body):
                        votes[mark] += 1
    if votes[","] != votes["."]:
        return "," if votes[","] > votes["."] else "."
    return "," if sheet.layout == "csv;" or header_language(sheet.headers, kind) in ("fr", "nl") else "."


class CellProblem(Exception):
    """Why one cell cannot be read: the code of its message, the English reason and the values it names."""

    def __init__(self, code: str, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.code, self.reason, self.params = code, reason, params


def parse_number(cell: object, mark: str) -> Decimal:
    """A number cell read with the file's decimal mark (the other mark may only group thousands); Excel's numbers as
    they are."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    if isinstance(cell, str) and cell.isdigit():
        return Decimal(cell)
    body = _SPACES.sub("", _CURRENCY.sub("", cell.strip())) if isinstance(cell, str) else ""
    if not _PLAIN[mark].match(body):
        raise CellProblem("import_not_number", f"{shown(cell)} is not a number written with this file's decimal mark {mark!r}",
                          value=shown(cell), mark=repr(mark))
    other = "." if mark == "," else ","
    return Decimal(body.replace(other, "").replace(mark, "."))


def _whole(spec: dict, mark: str) -> Callable[[object], int]:
    low, high, unit = spec["minimum"], spec["maximum"], spec.get("unit", "")

    def parse(cell: object) -> int:
        if isinstance(cell, str) and cell.isdigit() and low <= int(cell) <= high:
            return int(cell)
        if isinstance(cell, str) and _GROUPED_ONLY[mark].match(cell.strip()):
            read = cell.strip().replace(mark, ".")
            raise CellProblem("import_ambiguous", f"{cell!r} reads as {read} with this file's decimal mark {mark!r}: write it without "
                              "the separator", value=repr(cell), read=read, mark=repr(mark))
        value = parse_number(cell, mark)
        if value != value.to_integral_value():
            raise CellProblem("import_not_whole", f"must be a whole number of {unit}, got {shown(cell)}", unit=unit, value=shown(cell))
        if not low <= value <= high:
            raise CellProblem("import_out_of_range", f"must be between {low} and {high} {unit}, got {int(value)}", low=low, high=high,
                       unit=unit, value=int(value))
        return int(value)
    return parse


def _amount(spec: dict, mark: str) -> Callable[[object], Decimal]:
    low, high = Decimal(spec["minimum"]), Decimal(spec["maximum"])

    def parse(cell: object) -> Decimal:
        value = parse_number(cell, mark)
        if value != value.quantize(Decimal("0.01")):
            raise CellProblem("import_cents", f"an amount has at most two decimals, got {shown(cell)}", value=shown(cell))
        if not low <= value <= high:
            raise CellProblem("import_amount_range", f"must be between {low} and {high} euros, got {value}", low=str(low), high=str(high),
                       value=str(value))
        return value.quantize(Decimal("0.01"))
    return parse


def parse_day(cell: object) -> dt.date:
    """A date cell: an Excel date, or text as YYYY-MM-DD or DD/MM/YYYY."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell.strip() if isinstance(cell, str) else str(cell)
    found = _ISO.match(text)
    parts = (found.group(1), found.group(2), found.group(3)) if found else None
    if parts is None and (found := _DMY.match(text)):
        parts = (found.group(3), found.group(2), found.group(1))
    try:
        if parts is None:
            raise ValueError(text)
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise CellProblem("import_not_date", f"expected a date as YYYY-MM-DD or DD/MM/YYYY, got {shown(cell)}", value=shown(cell)) from None


def _date(_spec: dict, _mark: str) -> Callable[[object], dt.date]:
    return parse_day


def _text_field(spec: dict, _mark: str) -> Callable[[object], str]:
    longest = spec["max_length"]

    def parse(cell: object) -> str:
        text = cell_text(cell)
        if isinstance(cell, float) and cell.is_integer():
            text = str(int(cell))
        if len(text) > longest:
            raise CellProblem("import_too_long", f"at most {longest} characters, got {len(text)}", limit=longest, length=len(text))
        return text
    return parse


def _email(spec: dict, mark: str) -> Callable[[object], str]:
    text = _text_field(spec, mark)

    def parse(cell: object) -> str:
        value = text(cell).lower()
        if not _EMAIL.match(value):
            raise CellProblem("import_not_email", f"{shown(cell)} is not an e-mail address", value=shown(cell))
        return value
    return parse


def _pattern(pattern: re.Pattern, code: str, what: str) -> Callable[[dict, str], Callable[[object], str]]:
    def build(spec: dict, mark: str) -> Callable[[object], str]:
        text = _text_field(spec, mark)

        def parse(cell: object) -> str:
            value = text(cell).upper()
            if not pattern.match(value):
                raise CellProblem(code, f"{shown(cell)} is not {what}", value=shown(cell))
            return value
        return parse
    return build


def _choice(spec: dict, _mark: str) -> Callable[[object], str]:
    words = {key: value for value, listed in spec["choices"].items() for w in listed for key in (normalise_header(w), w.lower())}
    allowed = ", ".join(spec["choices"])

    def parse(cell: object) -> str:
        text = cell_text(cell)
        value = words.get(text.lower()) or words.get(normalise_header(text))
        if value is None:
            raise CellProblem("import_not_choice", f"must be one of {allowed}, got {shown(cell)}", allowed=allowed, value=shown(cell))
        return value
    return parse


_PARSERS = {"text": _text_field, "email": _email, "whole": _whole, "amount": _amount, "date": _date, "choice": _choice,
            "plate": _pattern(_PLATE, "import_not_plate", "a licence plate (letters, digits, spaces, dots or dashes)"),
            "vin": _pattern(_VIN, "import_not_vin", "a VIN (17 letters and digits, no I, O or Q)")}


def cell_parser(kind: str, field: str, mark: str = ".") -> Callable[[object], Any]:
    """How one field of an import reads a non-empty cell (raising CellProblem), for any other form of the same field."""
    spec = next(s for s in field_specs(kind) if s["field"] == field)
    return _PARSERS[spec["type"]](spec, mark)


def shown(cell: object) -> str:
    """A cell as a message quotes it: text in quotes, a number or a date as it is."""
    return repr(cell) if isinstance(cell, str) else str(cell)


def plate_key(plate: str) -> str:
    """A plate compared without case, spaces, dots or dashes ("1-ABC-123" = "1 abc 123")."""
    return _NOT_ALNUM.sub("", plate.upper())
