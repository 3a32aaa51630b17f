"""The errors the domain raises on bad input, under the one root of leasedash.errors."""

from __future__ import annotations

from dataclasses import dataclass

from leasedash.errors import InvalidInput as LeaseInputError


@dataclass(frozen=True)
class GridProblem:
    """One thing wrong with a rent grid, located by its 1-based row and column when it has one."""

    field: str
    reason: str
    row: int | None = None
    column: int | None = None
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class GridError(LeaseInputError):
    """A rent grid that cannot be used; `problems` lists every row and column at fault."""

    def __init__(self, problems: list[GridProblem]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        more = len(self.problems) - 1
        reason = first.reason + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        super().__init__(first.field, reason)

    def describe_all(self) -> str:
        """Every problem on one line, separated by semicolons."""
        return "; ".join(str(p) for p in self.problems)
