"""Invariants of the grid and the engine, on grids and scenarios hypothesis makes up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from leasedash.domain import GridError, RentGrid, parse_grid, portfolio, projection, simulate_document


@st.composite
def grids(draw) -> RentGrid:
    months = sorted(draw(st.sets(st.integers(6, 72), min_size=2, max_size=6)))
    km = sorted(draw(st.sets(st.integers(1, 60).map(lambda k: k * 1000), min_size=2, max_size=6)))
    cents = st.integers(5000, 300000).map(lambda c: Decimal(c) / 100)
    rents = [[draw(cents) for _ in months] for _ in km]
    return RentGrid.build(months, km, rents)


def _grid_json(grid: RentGrid) -> dict:
    out = grid.as_json()
    out.pop("warnings")
    return out


@given(grids(), st.data())
def test_interpolation_at_a_cell_equals_the_cell(grid, data):
    i = data.draw(st.integers(0, len(grid.annual_km) - 1))
    j = data.draw(st.integers(0, len(grid.months) - 1))
    assert grid.quote(grid.months[j], grid.annual_km[i]).monthly_rent == grid.rents[i][j]


@given(grids(), st.data())
def test_interpolation_lies_between_the_four_surrounding_cells(grid, data):
    i = data.draw(st.integers(0, len(grid.annual_km) - 2))
    j = data.draw(st.integers(0, len(grid.months) - 2))
    fm = data.draw(st.fractions(0, 1))
    fk = data.draw(st.fractions(0, 1))
    m0, m1 = grid.months[j], grid.months[j + 1]
    k0, k1 = grid.annual_km[i], grid.annual_km[i + 1]
    months = Decimal(m0) + (Decimal(m1 - m0) * fm.numerator) / fm.denominator
    km = Decimal(k0) + (Decimal(k1 - k0) * fk.numerator) / fk.denominator
    corners = [grid.rents[i][j], grid.rents[i][j + 1], grid.rents[i + 1][j], grid.rents[i + 1][j + 1]]
    assert min(corners) <= grid.quote(months, km).monthly_rent <= max(corners)


def _grid_product(grid: RentGrid) -> dict:
    return {"name": "test", "kind": "grid", "grid": _grid_json(grid), "min_billed_months": grid.months[0]}


@given(grids(), st.data())
def test_a_mileage_change_and_its_opposite_settle_to_zero(grid, data):
    months = data.draw(st.sampled_from(grid.months))
    k_from, k_to = data.draw(st.permutations(grid.annual_km))[:2]
    at = data.draw(st.integers(1, months))
    later = data.draw(st.integers(at, months))
    contract = {"months": months, "annual_km": k_from}
    same_month = simulate_document({"product": _grid_product(grid), "contract": contract, "events": [
        {"type": "mileage_change", "at_month": at, "annual_km": k_to},
        {"type": "mileage_change", "at_month": at, "annual_km": k_from},
    ]})
    assert same_month.total_settlement == 0
    # Changed back later, every month ends up billed at the original rent: the monthly rents
    # paid plus the settlements equal what the unchanged contract cost up to then.
    result = simulate_document({"product": _grid_product(grid), "contract": contract, "events": [
        {"type": "mileage_change", "at_month": at, "annual_km": k_to},
        {"type": "mileage_change", "at_month": later, "annual_km": k_from},
    ]})
    first, second = result.steps
    monthly_rents_paid = first.rent_before * at + first.rent_after * (later - at)
    assert monthly_rents_paid + result.total_settlement == first.rent_before * later


@settings(max_examples=150)
@given(grids(), st.data())
def test_every_settlement_is_new_rent_times_billed_months_minus_rents_paid(grid, data):
    months = data.draw(st.sampled_from(grid.months))
    contract = {"months": months, "annual_km": data.draw(st.sampled_from(grid.annual_km))}
    events, at = [], 1
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(at, months))
        if data.draw(st.booleans()):
            events.append({"type": "mileage_change", "at_month": at, "annual_km": data.draw(st.integers(1, grid.annual_km[-1]))})
        else:
            months = data.draw(st.sampled_from([m for m in grid.months if m >= at]))
            events.append({"type": "duration_change", "at_month": at, "months": months})
    end_at = data.draw(st.integers(at, months))
    km = data.draw(st.integers(0, grid.annual_km[-1] * max(end_at, grid.months[0]) // 12))
    events.append({"type": "early_return", "at_month": end_at, "total_km": km} if end_at < months else {"type": "end", "total_km": km})
    result = simulate_document({"product": _grid_product(grid), "contract": contract, "events": events})

    paid, paid_until = Decimal(0), 0
    for step in result.steps:
        month = step.event.at_month or months
        rents_paid = paid + step.rent_before * (month - paid_until)
        assert step.settlement == step.rent_after * step.billed_months - rents_paid
        paid, paid_until = step.rent_after * step.billed_months, month


@settings(max_examples=300)
@given(st.text())
def test_grid_parsing_raises_only_its_own_error_on_any_text(text):
    try:
        parse_grid(text)
    except GridError:
        pass


@settings(max_examples=200)
@given(st.lists(st.lists(st.sampled_from(["12", "24 mo.", "5.000", "1.349,88", "abc", "", "-3", "0", "1e9", "Km annuel", "€ 5,00"]), max_size=6), max_size=6), st.sampled_from(["\t", ";", ",", "  "]))
def test_grid_parsing_of_table_like_text_raises_only_its_own_error(rows, sep):
    try:
        parse_grid("\n".join(sep.join(r) for r in rows))
    except GridError:
        pass


@given(st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), min_size=1, max_size=50),
       st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))
def test_whole_months_are_the_same_for_thousands_of_contracts_as_for_one(starts, day):
    epoch = dt.date(1970, 1, 1)
    days = np.array([(s - epoch).days for s in starts], dtype=np.int64)
    vectorised = portfolio.months_between(days, (day - epoch).days)
    assert vectorised.tolist() == [projection.months_between(s, day) for s in starts]
