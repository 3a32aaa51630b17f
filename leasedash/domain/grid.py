"""The rent grid: one monthly rent per (duration, annual mileage), and how a point between cells is priced."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from leasedash.domain.errors import GridError, GridProblem, LeaseInputError
from leasedash.domain.limits import input_limits
from leasedash.domain.money import to_cents

CELL = "cell"
INTERPOLATED = "interpolated"
LOWEST_ROW = "lowest_row"


@dataclass(frozen=True)
class GridQuote:
    """A rent read from a grid, with the rule that produced it and the point it was asked for."""

    monthly_rent: Decimal
    rule: str
    months: Decimal
    annual_km: Decimal


@dataclass(frozen=True)
class RentGrid:
    """Monthly rents with one row per `annual_km` and one column per `months` (003 q.36)."""

    months: tuple[int, ...]
    annual_km: tuple[int, ...]
    rents: tuple[tuple[Decimal, ...], ...]
    warnings: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        months: list[int],
        annual_km: list[int],
        rents: list[list[Decimal]],
        min_axis_values: int = 2,
    ) -> RentGrid:
        """Validate the axes and the cells; refuse with every problem named by row and column. A grid larger
        than any product takes (seed_products.json "limits") is refused before its cells are read."""
        oversized = size_problems(len(months), len(annual_km))
        if oversized:
            raise GridError(oversized)
        problems = _axis_problems("months", months, min_axis_values) + _axis_problems(
            "annual_km", annual_km, min_axis_values
        )
        if len(rents) != len(annual_km):
            problems.append(
                GridProblem(
                    "rents",
                    f"{len(rents)} rows of rents for {len(annual_km)} annual_km values; "
                    "one row per annual mileage is needed",
                    code="row_count", params=(("rows", len(rents)), ("expected", len(annual_km))),
                )
            )
        for r, row in enumerate(rents[: len(annual_km)], start=1):
            problems += _row_problems(r, annual_km[r - 1], row, months)
        if problems:
            raise GridError(problems)
        frozen = tuple(tuple(to_cents(v) for v in row) for row in rents)
        return cls(tuple(months), tuple(annual_km), frozen, tuple(w.reason for w in shape_warnings(months, annual_km, frozen)))

    def cell(self, months: int, annual_km: int) -> Decimal:
        """The rent of an exact cell."""
        try:
            return self.rents[self.annual_km.index(annual_km)][self.months.index(months)]
        except ValueError:
            raise LeaseInputError(
                "grid", f"no cell for {months} months at {annual_km} km a year", "grid_no_cell", {"months": months, "km": annual_km}
            ) from None

    def quote(
        self, months: Decimal | int | Fraction, annual_km: Decimal | int | Fraction, fields: tuple[str, str] = ("months", "annual_km")
    ) -> GridQuote:
        """The rent at any point of the grid (003 q.36, "un prorata en fonction des cases les
        plus proches"): the cell itself, else bilinear interpolation between the four nearest
        cells, computed exactly and rounded half-up to the cent; below the lowest km row the lowest
        row applies; above the highest row or outside the durations the lessor must quote it
        (scenario.md, choice)."""
        m, k = Fraction(months), Fraction(annual_km)
        lo_m, hi_m = self.months[0], self.months[-1]
        if m < lo_m or m > hi_m:
            raise LeaseInputError(
                fields[0],
                f"{_fmt(m)} months is outside the grid ({lo_m} to {hi_m} months): "
                "the lessor must quote this contract",
                code="outside_grid_months",
            )
        if k > self.annual_km[-1]:
            raise LeaseInputError(
                fields[1],
                f"{_fmt(k)} km a year is above the grid's highest row ({self.annual_km[-1]} km): "
                "the lessor must quote this contract",
                code="above_grid_km",
            )
        clamped = k < self.annual_km[0]
        k_eff = Fraction(self.annual_km[0]) if clamped else k
        mi, mt = _bracket(self.months, m)
        ki, kt = _bracket(self.annual_km, k_eff)
        rent = self._blend(ki, mi, kt, mt)
        rule = LOWEST_ROW if clamped else CELL if mt == 0 and kt == 0 else INTERPOLATED
        return GridQuote(to_cents(rent), rule, _decimal(m), _decimal(k))

    def _blend(self, ki: int, mi: int, kt: Fraction, mt: Fraction) -> Fraction:
        r = [[Fraction(v) for v in row] for row in self.rents]
        ki1 = min(ki + 1, len(self.annual_km) - 1)
        mi1 = min(mi + 1, len(self.months) - 1)
        low = r[ki][mi] * (1 - mt) + r[ki][mi1] * mt
        high = r[ki1][mi] * (1 - mt) + r[ki1][mi1] * mt
        return low * (1 - kt) + high * kt

    def as_json(self) -> dict:
        """The grid as the JSON of `leasedash grid parse`: rents as strings with two decimals."""
        return {
            "months": list(self.months),
            "annual_km": list(self.annual_km),
            "rents": [[f"{v:.2f}" for v in row] for row in self.rents],
            "warnings": list(self.warnings),
        }


def _bracket(axis: tuple[int, ...], x: Fraction) -> tuple[int, Fraction]:
    """Index of the axis value at or below x, and x's exact fraction of the way to the next one."""
    for i in range(len(axis) - 1):
        if axis[i] <= x <= axis[i + 1]:
            if x == axis[i + 1]:
                return i + 1, Fraction(0)
            return i, (x - axis[i]) / (axis[i + 1] - axis[i])
    return len(axis) - 1, Fraction(0)


def _decimal(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{_decimal(x).quantize(Decimal('0.01')).normalize():f}"


def size_problems(durations: int, mileages: int, field: str = "") -> list[GridProblem]:
    """A grid with more durations or mileages than any product takes (seed_products.json "limits": 60 and 60)."""
    limits = input_limits()
    return [GridProblem(f"{field}{name}", f"{count} values; a grid has at most {maximum}", code="too_many",
                        params=(("axis", name), ("count", count), ("maximum", maximum)))
            for name, count, maximum in (("months", durations, limits.grid_durations), ("annual_km", mileages, limits.grid_mileages))
            if count > maximum]


def _axis_problems(name: str, values: list[int], min_values: int) -> list[GridProblem]:
    what = "column" if name == "months" else "row"
    problems: list[GridProblem] = []
    if len(values) < min_values:
        problems.append(
            GridProblem(name, f"{len(values)} value(s); at least {min_values} are needed to interpolate",
                        code="too_few", params=(("axis", name), ("count", len(values)), ("minimum", min_values)))
        )
    seen: dict[int, int] = {}
    highest: int | None = None
    for i, v in enumerate(values, start=1):
        loc = {"column": i} if what == "column" else {"row": i}
        facts = (("axis", name), ("index", i), ("value", v))
        if v <= 0:
            problems.append(GridProblem(name, f"{what} {i}: {v} must be more than zero", **loc, code="axis_not_positive", params=facts))
        if v in seen:
            problems.append(
                GridProblem(name, f"{what} {i}: {v} appears twice ({what}s {seen[v]} and {i})", **loc,
                            code="axis_duplicate", params=facts + (("first", seen[v]),))
            )
        elif highest is not None and v < highest:
            problems.append(
                GridProblem(
                    name,
                    f"{what} {i}: {v} comes after {highest}; the values must be in increasing order",
                    **loc, code="axis_unsorted", params=facts + (("previous", highest),),
                )
            )
        seen.setdefault(v, i)
        highest = v if highest is None else max(highest, v)
    return problems


def _row_problems(r: int, km: int, row: list, months: list[int]) -> list[GridProblem]:
    where = f"row {r} ({km} km)"
    base = (("row", r), ("km", km), ("count", len(row)), ("expected", len(months)))
    problems: list[GridProblem] = []
    if len(row) < len(months):
        missing = ", ".join(f"{m} months" for m in months[len(row) :])
        problems.append(
            GridProblem("rents", f"{where}: {len(row)} rents for {len(months)} durations; missing {missing}", row=r,
                        column=len(row) + 1, code="missing_cells", params=base + (("missing", ", ".join(str(m) for m in months[len(row):])),))
        )
    elif len(row) > len(months):
        problems.append(
            GridProblem("rents", f"{where}: {len(row)} rents for {len(months)} durations; column {len(months) + 1} is extra",
                        row=r, column=len(months) + 1, code="extra_cells", params=base + (("column", len(months) + 1),))
        )
    for c, value in enumerate(row, start=1):
        if c > len(months):
            break
        cell = f"{where}, column {c} ({months[c - 1]} months)"
        facts = (("row", r), ("km", km), ("column", c), ("months", months[c - 1]))
        if isinstance(value, LeaseInputError):
            problems.append(GridProblem("rents", f"{cell}: {value.reason}", row=r, column=c, code="not_a_number",
                                        params=facts + (("value", getattr(value, "raw", "")),)))
        elif value <= 0:
            problems.append(GridProblem("rents", f"{cell}: a rent must be more than zero, got {value}", row=r, column=c,
                                        code="not_positive", params=facts + (("value", value),)))
    return problems


def shape_warnings(months, annual_km, rents) -> list[GridProblem]:
    """Warnings, not errors (pricing.md): a rent that rises with the duration or falls with the mileage."""
    warnings = []
    for r, row in enumerate(rents):
        for c in range(1, len(row)):
            if row[c] > row[c - 1]:
                warnings.append(GridProblem(
                    "rents", f"row {r + 1} ({annual_km[r]} km): the rent rises from {row[c - 1]} at {months[c - 1]} months "
                    f"to {row[c]} at {months[c]} months", row=r + 1, column=c + 1, code="rises_with_duration",
                    params=(("row", r + 1), ("km", annual_km[r]), ("before", row[c - 1]), ("after", row[c]),
                            ("months_before", months[c - 1]), ("months", months[c]))))
    for c in range(len(months)):
        for r in range(1, len(rents)):
            if rents[r][c] < rents[r - 1][c]:
                warnings.append(GridProblem(
                    "rents", f"column {c + 1} ({months[c]} months): the rent falls from {rents[r - 1][c]} at "
                    f"{annual_km[r - 1]} km to {rents[r][c]} at {annual_km[r]} km", row=r + 1, column=c + 1,
                    code="falls_with_mileage", params=(("column", c + 1), ("months", months[c]), ("before", rents[r - 1][c]),
                                                      ("after", rents[r][c]), ("km_before", annual_km[r - 1]), ("km", annual_km[r]))))
    return warnings
