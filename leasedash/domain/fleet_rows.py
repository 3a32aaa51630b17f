"""A fleet import file read row by row: every cell through its field's parser (fleet_cells), then the checks between
the cells of a row and across rows (a reference or a plate twice, two readings of a contract on one day); every
problem named by its row (as a spreadsheet numbers it) and its column, the first ones listed with the count of all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from leasedash.domain.errors import LeaseInputError
from leasedash.domain.fleet_cells import MARKS, CellProblem, cell_parser, plate_key, shown
from leasedash.domain.fleet_file import Problem, Sheet, field_specs, filled, limits, mapping_problems


@dataclass(frozen=True)
class ParsedFile:
    """The rows of a file as typed values (one dict per valid row, with its row number under "row"), every
    problem (the first ones listed) and how many rows there were."""

    kind: str
    lines: list[dict[str, Any]]
    problems: list[Problem]
    problem_count: int
    rows: int
    mark: str


def parse_sheet(sheet: Sheet, kind: str, mapping: dict[str, int], mark: str, today: dt.date) -> ParsedFile:
    """Every row as typed values, checked cell by cell and across rows (a reference twice, a plate on two
    contracts, a reading in the future); refuses a mapping that leaves a required field out."""
    if mark not in MARKS:
        raise LeaseInputError("decimal_mark", f"must be ',' or '.', got {mark!r}", code="import_mark")
    problems = mapping_problems(sheet.headers, mapping, kind)
    if problems:
        return ParsedFile(kind, [], problems, len(problems), len(sheet.rows), mark)
    specs = [(s, s["field"], mapping[s["field"]], cell_parser(kind, s["field"], mark), s.get("default"))
             for s in field_specs(kind) if s["field"] in mapping]
    defaults = {s["field"]: s.get("default") for s in field_specs(kind) if s["field"] not in mapping}
    width = len(sheet.headers)
    lines: list[dict[str, Any]] = []
    counter = _Counter()
    for number, row in enumerate(sheet.rows, start=sheet.first_row):
        if not any(filled(c) for c in row):
            continue
        if len(row) > width and any(filled(c) for c in row[width:]):
            counter.add(Problem(number, "", "row", "import_extra_cells",
                                f"{len(row)} cells for {width} columns: a decimal comma in a comma-separated file must be quoted",
                                (("cells", len(row)), ("columns", width))))
            continue
        line, ok, size = {"row": number, **defaults}, True, len(row)
        for spec, name, column, parse, default in specs:
            cell = row[column] if column < size else ""
            if cell == "" or cell is None or (cell.__class__ is str and cell.isspace()):
                if spec["required"]:
                    counter.add(_problem(sheet, number, column, spec, CellProblem("import_required", "is required")))
                    ok = False
                line[name] = default
                continue
            try:
                line[name] = parse(cell)
            except CellProblem as bad:
                counter.add(_problem(sheet, number, column, spec, bad))
                ok = False
        if ok:
            lines.append(line)
    good = [line for line in lines if not _row_checks(sheet, mapping, kind, line, today, counter)]
    for problem in _across_rows(sheet, mapping, kind, good):
        counter.add(problem)
    failed = {p.row for p in counter.listed} | counter.failed_rows
    return ParsedFile(kind, [line for line in good if line["row"] not in failed], counter.listed, counter.total, len(sheet.rows), mark)


class _Counter:
    """Problems: every one counted, the first ones kept (with every failed row remembered)."""

    def __init__(self) -> None:
        self.listed: list[Problem] = []
        self.total = 0
        self.failed_rows: set[int] = set()
        self.keep = limits()["problems_listed"]

    def add(self, problem: Problem) -> None:
        self.total += 1
        if problem.row is not None:
            self.failed_rows.add(problem.row)
        if len(self.listed) < self.keep:
            self.listed.append(problem)


def _problem(sheet: Sheet, row: int, column: int | None, spec: dict, bad: CellProblem) -> Problem:
    name = sheet.headers[column] if column is not None and column < len(sheet.headers) else spec["field"]
    return Problem(row, name, spec["field"], bad.code, bad.reason, tuple(bad.params.items()))


def _column(sheet: Sheet, mapping: dict[str, int], field: str) -> str:
    return sheet.headers[mapping[field]] if field in mapping else field


def _row_checks(sheet: Sheet, mapping: dict[str, int], kind: str, line: dict[str, Any], today: dt.date, counter: _Counter) -> bool:
    """Checks between the cells of one row; True when the row failed."""
    found = []
    if kind == "readings" and line["reading_date"] > today:
        found.append(("reading_date", "import_future", f"{line['reading_date']} is in the future", {"date": line["reading_date"]}))
    if kind == "contracts":
        registered = line.get("first_registration")
        if registered is not None and registered > line["start_date"]:
            found.append(("first_registration", "import_registration_late",
                          f"{registered} is after the start date {line['start_date']}: a car is registered before it is delivered",
                          {"date": registered, "start": line["start_date"]}))
    for field, code, reason, params in found:
        counter.add(Problem(line["row"], _column(sheet, mapping, field), field, code, reason, tuple(params.items())))
    return bool(found)


def _across_rows(sheet: Sheet, mapping: dict[str, int], kind: str, lines: list[dict[str, Any]]) -> Iterator[Problem]:
    """A contract reference (or a reading id) twice in the file, a plate on two contracts, two readings of one
    contract on one day with other km."""
    keys = (("reference", lambda l: l["reference"].casefold()), ("plate", lambda l: plate_key(l["plate"]))) if kind == "contracts" else \
        (("reading_id", lambda l: l["reading_id"] or None), ("reading_date", lambda l: (l["reference"].casefold(), l["reading_date"])))
    for field, key in keys:
        first: dict[object, int] = {}
        for line in lines:
            k = key(line)
            if k is None:
                continue
            if k in first:
                yield Problem(line["row"], _column(sheet, mapping, field), field, "import_twice",
                              f"{shown(line[field])} is also on row {first[k]}", (("value", shown(line[field])), ("other_row", first[k])))
            else:
                first[k] = line["row"]



