"""What /fleet-import shows, formatted for the reader: the mapping of fields to the file's columns, the first rows as
they will be stored with what the import does to each, the counts, and the history."""

from __future__ import annotations

from dataclasses import dataclass, field

from leasedash.domain.fleet_file import field_specs
from leasedash.i18n import format_date
from leasedash.services.fleet_import import HistoryLine, ImportCheck


@dataclass(frozen=True)
class MappingRow:
    """A field, the column of the file that holds it ("-1": none), and whether the import needs it."""

    field: str
    label: str
    column: str
    required: bool


@dataclass(frozen=True)
class PreviewRowLine:
    row: str
    action: str
    cells: list[str]


@dataclass(frozen=True)
class PreviewLine:
    """The first rows of the file under the labels of the fields mapped, and what importing it would do."""

    labels: list[str] = field(default_factory=list)
    rows: list[PreviewRowLine] = field(default_factory=list)
    counts: str = ""
    absent: str = ""
    mark: str = ""


@dataclass(frozen=True)
class HistoryRow:
    """One import of the history."""

    at: str
    company: str
    kind: str
    file_name: str
    by: str
    counts: str


def mapping_rows(check: ImportCheck, tr: dict[str, str]) -> list[MappingRow]:
    """Every field of the import with the column it is read from."""
    required = {s["field"]: s["required"] for s in field_specs(check.kind)}
    return [MappingRow(f, tr[f"fleetimport.field.{f}"], str(check.mapping.get(f, -1)), required[f]) for f in check.fields]


def check_lines(check: ImportCheck | None, tr: dict[str, str], lang: str) -> PreviewLine:
    """The preview of a checked file: only the fields it maps, each row with its action."""
    if check is None:
        return PreviewLine()
    shown = [i for i, f in enumerate(check.fields) if f in check.mapping]
    rows = [PreviewRowLine(str(r.row), tr[f"fleetimport.action.{r.action}"] if r.action else "", [r.cells[i] for i in shown])
            for r in check.preview]
    counts = tr["fleetimport.counts"].format(rows=check.rows, created=check.created, updated=check.updated, unchanged=check.unchanged,
                                             absent=check.absent_count)
    absent = tr["fleetimport.absent"].format(references=", ".join(check.absent[:20])) if check.absent else ""
    mark = tr["fleetimport.mark_comma" if check.mark == "," else "fleetimport.mark_point"]
    return PreviewLine([tr[f"fleetimport.field.{check.fields[i]}"] for i in shown], rows, counts, absent, mark)


def history_row(line: HistoryLine, tr: dict[str, str], lang: str) -> HistoryRow:
    """An import of the history, its date and counts in the reader's language."""
    counts = tr["fleetimport.counts"].format(rows=line.rows, created=line.created, updated=line.updated, unchanged=line.unchanged,
                                             absent=line.absent)
    return HistoryRow(f"{format_date(line.at.date(), lang)} {line.at:%H:%M}", line.company, tr[f"fleetimport.kind.{line.kind}"],
                      line.file_name, line.imported_by or tr["fleetimport.command_line"], counts)
