"""What the grid page sends to the browser besides its charts: the answer at the point asked, an import's
problems in words, and the pasted table with each cell at fault marked."""

from __future__ import annotations

from dataclasses import dataclass

from leasedash.domain.errors import GridProblem
from leasedash.domain.grid import RentGrid
from leasedash.domain.grid_parse import table_cells
from leasedash.i18n import format_km, format_money, format_number
from leasedash.services.grid_view import PointQuote

PREVIEW_ROWS = 30


@dataclass(frozen=True)
class QueryAnswer:
    """The rent at the point asked and the rule that gives it; or, outside the grid, why the lessor must quote."""

    result: str = ""
    rule: str = ""
    outside: str = ""


@dataclass(frozen=True)
class PreviewCell:
    """A cell of the pasted table: its text, whether a problem points at it, whether it is a heading."""

    text: str
    bad: bool
    head: bool


def query_answer(quote: PointQuote, grid: RentGrid, tr: dict[str, str], lang: str) -> QueryAnswer:
    """The answer at the point asked, in the reader's language."""
    if quote.rent is not None:
        return QueryAnswer(tr["grid.query_result"].format(rent=format_money(quote.rent, lang), total=format_money(quote.rent * quote.months, lang)),
                           tr[f"grid.rule.{quote.rule}"])
    if quote.rule == "outside_grid_months":
        return QueryAnswer(outside=tr["grid.quote_months"].format(months=format_number(quote.months, lang), low=grid.months[0], high=grid.months[-1]))
    return QueryAnswer(outside=tr["grid.quote_km"].format(km=format_km(quote.annual_km, lang), high=format_km(grid.annual_km[-1], lang)))


def describe(problems: list[GridProblem], tr: dict[str, str]) -> list[str]:
    """Each problem (or warning) of an import in the reader's language."""
    out = []
    for p in problems:
        key = f"gridproblem.{p.code}"
        out.append(tr[key].format(**{k: str(v) for k, v in p.params}) if key in tr else p.reason)
    return out


def preview_cells(text: str, problems: list[GridProblem]) -> list[list[PreviewCell]]:
    """The pasted table as read, each cell marked when a problem points at its row and column (or its whole row)."""
    if not problems or not text.strip():
        return []
    rows, header = table_cells(text)
    bad_rows = {p.row for p in problems if p.row and not p.column}
    bad_cells = {(p.row, p.column) for p in problems if p.row and p.column}
    out = []
    for index, row in enumerate(rows[:PREVIEW_ROWS]):
        data_row = index - header if header is not None and index > header else 0
        out.append([PreviewCell(cell, (data_row, c) in bad_cells or data_row in bad_rows, index == header or c == 0) for c, cell in enumerate(row)])
    return out
