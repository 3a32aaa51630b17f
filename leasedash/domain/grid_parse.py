"""Reading a rent grid from JSON, from CSV, or from a lessor's text pasted as is (003 q.36)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

from leasedash.domain.errors import GridError, GridProblem, LeaseInputError
from leasedash.domain.grid import RentGrid, size_problems
from leasedash.domain.limits import input_limits, text_bytes
from leasedash.domain.money import MAX_NUMBER_TEXT, parse_decimal, parse_whole

_MONTHS_HEADER = re.compile(r"^\s*(\d+)\s*(?:mo\.?|mois|maanden|mnd\.?|months?|m)?\s*$", re.IGNORECASE)
_NO_HEADER = 'no header row of durations found (e.g. "Km annuel  12 mo.  18 mo. ...")'
_MAX_LABEL = MAX_NUMBER_TEXT + 20
_KM_NUMBER = re.compile(r"[\d.,\s\u00a0\u202f]+")
_KM_SUFFIXES = ("km/year", "km/jaar", "km/an", "km")


def parse_grid(text: str, min_axis_values: int = 2) -> RentGrid:
    """A grid from JSON ({"months", "annual_km", "rents"}), CSV (comma, semicolon or tab;
    either decimal style) or the lessor's table pasted as is ("Km annuel", "12 mo.",
    "5.000" row labels, "1.349,88" cells). Raises GridError naming every faulty row and column; a text larger
    than any grid (seed_products.json "limits", 400 KB) is refused unread."""
    if not isinstance(text, str) or not text.strip():
        raise GridError([GridProblem("grid", "the grid is empty", code="empty")])
    check_grid_text(text)
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise GridError([GridProblem("grid", f"not valid JSON (line {exc.lineno}, column {exc.colno})", code="bad_json",
                                         params=(("line", exc.lineno), ("column", exc.colno)))]) from None
        except (ValueError, RecursionError):
            raise GridError([GridProblem("grid", "not valid JSON (a number too long or lists nested too deep)", code="bad_json",
                                         params=(("line", 1), ("column", 1)))]) from None
        return grid_from_json(data, min_axis_values=min_axis_values)
    return _grid_from_text(stripped, min_axis_values)


def check_grid_text(text: str, field: str = "grid") -> None:
    """Refuse a grid text larger than any grid (seed_products.json "limits": 400 KB), before reading it."""
    limit = input_limits().grid_bytes
    if len(text) > limit or text_bytes(text) > limit:
        raise GridError([GridProblem(field, f"larger than {limit} bytes: no rent grid is this large", code="too_large",
                                     params=(("maximum", limit),))])


def grid_from_json(data: object, field: str = "grid", min_axis_values: int = 2) -> RentGrid:
    """A grid from its JSON form; `field` prefixes every message (e.g. "product.grid")."""
    if not isinstance(data, dict):
        raise GridError([GridProblem(field, "expected an object with months, annual_km and rents", code="json_shape")])
    problems = [GridProblem(f"{field}.{k}", "is required", code="json_missing", params=(("name", k),))
                for k in ("months", "annual_km", "rents") if k not in data]
    extra = sorted(set(data) - {"months", "annual_km", "rents", "warnings"})
    problems += [GridProblem(f"{field}.{k}", "is not a grid field", code="json_unknown", params=(("name", k),)) for k in extra]
    if problems:
        raise GridError(problems)
    oversized = _json_size_problems(data, field)
    if oversized:
        raise GridError(oversized)
    months = _axis(data["months"], f"{field}.months", problems)
    annual_km = _axis(data["annual_km"], f"{field}.annual_km", problems)
    rows = data["rents"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        problems.append(GridProblem(f"{field}.rents", "expected a list of rows, each a list of rents", code="json_shape"))
        raise GridError(problems)
    if problems:
        raise GridError(problems)
    rents = [[_cell(v, f"{field}.rents") for v in row] for row in rows]
    return _build(months, annual_km, rents, min_axis_values, field)


def _json_size_problems(data: dict, field: str) -> list[GridProblem]:
    def count(value: object) -> int:
        return len(value) if isinstance(value, list) else 0

    rows = data["rents"] if isinstance(data["rents"], list) else []
    widest = max((count(row) for row in rows), default=0)
    return size_problems(max(count(data["months"]), widest), max(count(data["annual_km"]), len(rows)), f"{field}.")


def _axis(values: object, field: str, problems: list[GridProblem]) -> list[int]:
    if not isinstance(values, list):
        problems.append(GridProblem(field, "expected a list of whole numbers", code="json_shape"))
        return []
    out = []
    for i, v in enumerate(values, start=1):
        try:
            out.append(parse_whole(v, field))
        except LeaseInputError as exc:
            problems.append(GridProblem(field, f"value {i}: {exc.reason}", code="axis_not_whole",
                                        params=(("axis", field.rsplit(".", 1)[-1]), ("index", i), ("value", v))))
    return out


def _cell(value: object, field: str) -> Decimal | LeaseInputError:
    try:
        return parse_decimal(value, field)  # type: ignore[arg-type]
    except LeaseInputError as exc:
        exc.raw = str(value)
        return exc


def _empty_cell() -> LeaseInputError:
    error = LeaseInputError("rents", "the cell is empty", "not_a_number")
    error.raw = ""
    return error


def _build(months, annual_km, rents, min_axis_values: int, field: str) -> RentGrid:
    try:
        return RentGrid.build(months, annual_km, rents, min_axis_values)
    except GridError as exc:
        if field == "grid":
            raise
        raise GridError([GridProblem(f"{field}.{p.field}", p.reason, p.row, p.column, p.code, p.params) for p in exc.problems]) from None


def _table_readings(text: str) -> list[list[list[str]]]:
    """The ways the text can be cut into cells, most specific first: tabs, semicolons, commas, spaces."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    readings = []
    for delimiter in ("\t", ";", ","):
        if any(delimiter in ln for ln in lines):
            reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
            try:
                readings.append([[c.strip() for c in row] for row in reader])
            except csv.Error:
                continue
    readings.append([re.split(r"\s{2,}|\s(?=[-\d€])", ln.strip()) for ln in lines])
    return readings


def table_cells(text: str) -> tuple[list[list[str]], int | None]:
    """The text cut into cells the way the parser reads it, and the index of its header row
    (for showing an import's problems next to the row and column they are in)."""
    if text.strip().startswith("{"):
        return [], None
    readings = _table_readings(text.strip())
    for rows in readings:
        rows = [_trim_trailing_empty(r) for r in rows]
        header = next((i for i, r in enumerate(rows) if _header_months(r) is not None), None)
        if header is not None:
            return rows, header
    return readings[-1], None


def _grid_from_text(text: str, min_axis_values: int) -> RentGrid:
    errors: list[GridError] = []
    for rows in _table_readings(text):
        try:
            return _grid_from_table(rows, min_axis_values)
        except GridError as exc:
            errors.append(exc)
    raise next((e for e in errors if e.reason != _NO_HEADER), errors[0])


def _grid_from_table(rows: list[list[str]], min_axis_values: int) -> RentGrid:
    rows = [[c for c in row] for row in rows]
    rows = [_trim_trailing_empty(r) for r in rows]
    header_at = next((i for i, r in enumerate(rows) if _header_months(r) is not None), None)
    if header_at is None:
        raise GridError([GridProblem("grid", _NO_HEADER, code="no_header")])
    months = _header_months(rows[header_at]) or []
    body = [row for row in rows[header_at + 1 :] if row]
    oversized = size_problems(max(len(months), *(len(row) - 1 for row in body)) if body else len(months), len(body))
    if oversized:
        raise GridError(oversized)
    annual_km: list[int] = []
    rents: list[list] = []
    problems: list[GridProblem] = []
    for r, row in enumerate(rows[header_at + 1 :], start=1):
        if not row:
            continue
        label = row[0]
        km = _km_label(label)
        if km is None:
            problems.append(GridProblem("annual_km", f"row {r}: {label!r} is not an annual mileage", row=r, column=0,
                                        code="bad_km_label", params=(("row", r), ("value", label))))
            continue
        annual_km.append(km)
        rents.append([_cell(v, "rents") if v else _empty_cell() for v in row[1:]])
    if problems:
        raise GridError(problems)
    return RentGrid.build(months, annual_km, rents, min_axis_values)


def _trim_trailing_empty(row: list[str]) -> list[str]:
    while row and not row[-1].strip():
        row = row[:-1]
    return row


def _header_months(row: list[str]) -> list[int] | None:
    """The durations of a header row ("Km annuel", "12 mo.", "18 mo." ...), or None."""
    cells = row[1:] if row and _month_label(row[0]) is None else row
    months = [_month_label(c) for c in cells]
    if not months or None in months:
        return None
    if all(re.fullmatch(r"\s*\d+\s*", c) for c in cells) and row and _km_label(row[0]) is not None:
        return None
    return months  # type: ignore[return-value]


def _month_label(cell: str) -> int | None:
    """The duration of a header cell ("12 mo.", "18 mois", "24"), or None; a cell longer than any number is none."""
    match = _MONTHS_HEADER.match(cell) if len(cell) <= _MAX_LABEL else None
    if not match:
        return None
    try:
        return parse_whole(match.group(1), "months")
    except LeaseInputError:
        return None


def _km_label(label: str) -> int | None:
    """The annual mileage of a row label ("5.000", "10 000 km", "15,000 km/an"), or None."""
    text = label.strip()
    if len(text) > _MAX_LABEL:
        return None
    suffix = next((s for s in _KM_SUFFIXES if text.lower().endswith(s)), "")
    number = text[: len(text) - len(suffix)]
    if not _KM_NUMBER.fullmatch(number):
        return None
    try:
        return parse_whole(number, "annual_km", minimum=0)
    except LeaseInputError:
        return None
