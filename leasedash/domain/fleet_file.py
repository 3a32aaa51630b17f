"""A lessor's fleet export read as the rows of a contract import or an odometer import: CSV separated by `;` or `,`
(UTF-8, else Windows-1252) or the first sheet of an .xlsx; headers in French, Dutch or English in any order
(leasedash/data/fleet_import.json); one decimal mark for the whole file, so "15.000" is never read two ways; dates
ISO or DD/MM/YYYY. Every problem is named by its row (as a spreadsheet numbers it: the header is row 1) and its
column, with the reason; Excel's number and date cells go through the same checks as text."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.errors import LeaseInputError

KINDS = ("contracts", "readings")
FORMATS = ("csv", "xlsx")
XLSX_MAGIC = b"PK\x03\x04"


@cache
def import_rules() -> dict[str, Any]:
    """The columns of each import and the limits of an import (leasedash/data/fleet_import.json)."""
    return json.loads(resources.files("leasedash.data").joinpath("fleet_import.json").read_text(encoding="utf-8"))


def limits() -> dict[str, int]:
    return import_rules()["limits"]


def field_specs(kind: str) -> list[dict[str, Any]]:
    """The fields of a contract or a readings import, in template order."""
    if kind not in KINDS:
        raise LeaseInputError("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}", code="import_kind")
    return import_rules()[kind]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: its row (the header is row 1; None: the whole file), the column as the file
    names it, the field it maps to, and the reason (English here; `code` and `params` pick the translation)."""

    row: int | None
    column: str
    field: str
    code: str
    reason: str
    params: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        if self.row is None:
            return f"column {self.column}: {self.reason}" if self.column else self.reason
        return f"row {self.row}, column {self.column}: {self.reason}"


class FileProblems(LeaseInputError):
    """A file that cannot be imported: the first problems listed, and how many there are in all."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems[: limits()["problems_listed"]]
        self.total = len(problems) if total is None else total
        super().__init__("file", str(problems[0]), code="import_problems", params={"count": self.total, "first": str(problems[0])})


@dataclass(frozen=True)
class Sheet:
    """A file as read: the header texts, the data rows (text, or Excel's numbers and dates), how it was written
    ("csv;", "csv," or "xlsx") and the spreadsheet number of its first data row."""

    headers: tuple[str, ...]
    rows: list[tuple]
    layout: str
    first_row: int = 2


def _refuse(reason: str, code: str, **params: object) -> LeaseInputError:
    return LeaseInputError("file", reason, code=code, params=params)


def read_sheet(name: str, data: bytes) -> Sheet:
    """The header and rows of an uploaded .csv or .xlsx file (its first sheet), within the size limit."""
    if len(data) > limits()["max_upload_bytes"]:
        raise _refuse(f"{name}: larger than {limits()['max_upload_bytes'] // 1_000_000} MB", "import_too_large",
                      name=name, mb=limits()["max_upload_bytes"] // 1_000_000)
    lower = name.lower()
    if lower.endswith(".xlsx") or data.startswith(XLSX_MAGIC):
        return _read_xlsx(name, data)
    if not lower.endswith((".csv", ".txt")):
        raise _refuse(f"{name}: only .csv or .xlsx files are read (save an .xls as .xlsx)", "import_type", name=name)
    return _read_csv(name, _decode(data))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(name: str, text: str) -> Sheet:
    lines = text.splitlines()
    head = next((line for line in lines if line.strip()), "")
    if not head:
        raise _refuse(f"{name}: the file is empty", "import_empty", name=name)
    delimiter = max((";", ",", "\t"), key=lambda d: _count_outside_quotes(head, d))
    try:
        rows = [tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise _refuse(f"{name}: not a readable CSV file ({exc})", "import_bad_csv", name=name) from None
    return _sheet(name, rows, f"csv{delimiter}")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return sum(1 for i, part in enumerate(line.split('"')) if i % 2 == 0 for ch in part if ch == delimiter)


def _read_xlsx(name: str, data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same refusal
        raise _refuse(f"{name}: not a readable .xlsx workbook", "import_bad_xlsx", name=name) from None
    try:
        sheet = book.worksheets[0]
        rows = [tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _sheet(name, rows, "xlsx")


def _sheet(name: str, rows: list[tuple], layout: str) -> Sheet:
    top = next((i for i, row in enumerate(rows) if any(cell_text(c) for c in row)), None)
    if top is None:
        raise _refuse(f"{name}: the file is empty", "import_empty", name=name)
    headers = tuple(cell_text(h) for h in rows[top])
    while headers and not headers[-1]:
        headers = headers[:-1]
    body = rows[top + 1:]
    if len(body) > limits()["max_rows"]:
        raise _refuse(f"{name}: {len(body)} rows, more than {limits()['max_rows']}", "import_too_many", name=name,
                      rows=len(body), limit=limits()["max_rows"])
    return Sheet(headers, body, layout, top + 2)


def filled(cell: object) -> bool:
    """Whether a cell holds anything (blank text does not)."""
    return bool(cell.strip()) if isinstance(cell, str) else cell is not None and cell != ""


def cell_text(cell: object) -> str:
    """A cell as stripped text (an empty cell: "")."""
    return cell.strip() if isinstance(cell, str) else "" if cell is None else str(cell)


def normalise_header(text: str) -> str:
    """A header compared without case, accents, spaces or punctuation ("Km annuels" = "KM-ANNUELS")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", ascii_text)


def guess_mapping(headers: tuple[str, ...], kind: str) -> dict[str, int]:
    """Which column each field is in, recognised by its header in any of the three languages (first match wins)."""
    by_header = {normalise_header(h): i for i, h in reversed(list(enumerate(headers))) if h}
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    for spec in field_specs(kind):
        for names in spec["headers"].values():
            hit = next((by_header[n] for n in map(normalise_header, names) if n in by_header and by_header[n] not in taken), None)
            if hit is not None:
                mapping[spec["field"]] = hit
                taken.add(hit)
                break
    return mapping


def header_language(headers: tuple[str, ...], kind: str) -> str:
    """The language most of the recognised headers are written in (English when none)."""
    normalised = {normalise_header(h) for h in headers}
    counts = {lang: sum(1 for spec in field_specs(kind) if normalised & {normalise_header(n) for n in spec["headers"][lang]})
              for lang in ("fr", "nl", "en")}
    best = max(counts, key=counts.get)
    return best if counts[best] else "en"


def mapping_problems(headers: tuple[str, ...], mapping: dict[str, int], kind: str) -> list[Problem]:
    """A required field with no column, a column given to two fields, or a column that is not in the file."""
    problems = []
    seen: dict[int, str] = {}
    for spec in field_specs(kind):
        name, column = spec["field"], mapping.get(spec["field"])
        if column is None:
            if spec["required"]:
                problems.append(Problem(None, "", name, "import_unmapped", f"no column holds {name}: choose it in the mapping",
                                        (("field", name),)))
            continue
        if not 0 <= column < len(headers):
            problems.append(Problem(None, "", name, "import_no_column", f"{name}: the file has no column {column + 1}",
                                    (("field", name), ("column", column + 1))))
        elif column in seen:
            problems.append(Problem(None, headers[column], name, "import_column_twice",
                                    f"holds both {seen[column]} and {name}", (("field", name), ("other", seen[column]))))
        else:
            seen[column] = name
    return problems


def template(kind: str, lang: str, fmt: str) -> bytes:
    """An empty import file with the headers in one language: CSV separated by `;` (French, Dutch) or `,`
    (English), or an .xlsx sheet."""
    if fmt not in FORMATS:
        raise LeaseInputError("format", f"must be csv or xlsx, got {fmt!r}", code="import_format")
    headers = [spec["headers"][lang][0] for spec in field_specs(kind)]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter="," if lang == "en" else ";", lineterminator="\r\n").writerow(headers)
        return out.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = kind
    book.active.append(headers)
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    return out_bytes.getvalue()
