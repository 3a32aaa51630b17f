import json
from decimal import Decimal

import pytest

from leasedash.domain import GridError, LeaseInputError, RentGrid, parse_grid


def test_grid_pasted_from_seed_003_as_is(leaseplus_text):
    grid = parse_grid(leaseplus_text)
    assert grid.months == (12, 18, 24, 30, 36, 42, 48, 54, 60)
    assert grid.annual_km == (5000, 10000, 15000, 20000, 25000, 30000, 35000, 40000)
    assert grid.cell(48, 15000) == Decimal("536.32")
    assert grid.cell(12, 5000) == Decimal("1349.88")
    assert grid.cell(18, 40000) == Decimal("1024.88")
    assert grid.warnings == ()


def test_grid_json_output_has_two_decimal_strings(leaseplus_text):
    out = parse_grid(leaseplus_text).as_json()
    assert out["rents"][2][6] == "536.32"
    assert out["rents"][7][1] == "1024.88"
    assert set(out) == {"months", "annual_km", "rents", "warnings"}


@pytest.mark.parametrize(
    "text",
    [
        "annual_km;12;24\n5000;1.000,00;900,00\n10000;1.100,50;950,00",
        "annual_km,12,24\n5000,1000.00,900.00\n10000,1100.50,950.00",
        'km,12 mo.,24 mo.\n5.000,"1.000,00","900,00"\n10.000,"1.100,50","950,00"',
        "Km annuel  12 mo.  24 mo.\n5.000  1.000,00  900,00\n10.000  1.100,50  950,00",
        json.dumps({"months": [12, 24], "annual_km": [5000, 10000], "rents": [["1000", 900], ["1100.50", "950.00"]]}),
    ],
    ids=["csv-semicolon-comma-decimals", "csv-comma-dot-decimals", "csv-quoted", "spaces", "json"],
)
def test_grid_formats(text):
    grid = parse_grid(text)
    assert grid.months == (12, 24)
    assert grid.annual_km == (5000, 10000)
    assert grid.rents == ((Decimal("1000.00"), Decimal("900.00")), (Decimal("1100.50"), Decimal("950.00")))


def _problems(text: str) -> list[str]:
    with pytest.raises(GridError) as err:
        parse_grid(text)
    return [str(p) for p in err.value.problems]


def test_non_numeric_cell_named_by_row_and_column(leaseplus_text):
    problems = _problems(leaseplus_text.replace("783,10", "78x,10"))
    assert problems == ["rents: row 3 (15000 km), column 3 (24 months): '78x,10' is not a number"]


def test_missing_and_extra_cells(leaseplus_text):
    lines = leaseplus_text.splitlines()
    lines[4] = lines[4].rsplit("\t", 1)[0]
    lines[5] = lines[5] + "\t999,99"
    problems = _problems("\n".join(lines))
    assert "rents: row 2 (10000 km): 8 rents for 9 durations; missing 60 months" in problems
    assert "rents: row 3 (15000 km): 10 rents for 9 durations; column 10 is extra" in problems


def test_negative_and_zero_rents_refused():
    problems = _problems("km;12;24\n5000;-1,00;900\n10000;0;950")
    assert problems == [
        "rents: row 1 (5000 km), column 1 (12 months): a rent must be more than zero, got -1.00",
        "rents: row 2 (10000 km), column 1 (12 months): a rent must be more than zero, got 0",
    ]


def test_duplicate_and_unsorted_axes():
    problems = _problems("km;12;24;24\n5000;1;2;3\n10000;1;2;3")
    assert problems == ["months: column 3: 24 appears twice (columns 2 and 3)"]
    problems = _problems("km;24;12\n10000;1;2\n5000;1;2")
    assert "months: column 2: 12 comes after 24; the values must be in increasing order" in problems
    assert "annual_km: row 2: 5000 comes after 10000; the values must be in increasing order" in problems


def test_too_few_values_to_interpolate():
    assert _problems("km;12\n5000;100\n10000;110") == ["months: 1 value(s); at least 2 are needed to interpolate"]


def test_error_carries_row_and_column_for_the_ui(leaseplus_text):
    with pytest.raises(GridError) as err:
        parse_grid(leaseplus_text.replace("625,55", "abc"))
    (problem,) = err.value.problems
    assert (problem.row, problem.column) == (7, 7)


def test_unreadable_text_is_a_grid_error():
    with pytest.raises(GridError, match="no header row"):
        parse_grid("hello world")
    with pytest.raises(GridError, match="not valid JSON"):
        parse_grid("{nope")
    with pytest.raises(GridError, match="empty"):
        parse_grid("   ")


def test_shape_warnings_are_not_errors():
    grid = parse_grid("km;12;24\n5000;100;120\n10000;90;130")
    assert grid.warnings == (
        "row 1 (5000 km): the rent rises from 100.00 at 12 months to 120.00 at 24 months",
        "row 2 (10000 km): the rent rises from 90.00 at 12 months to 130.00 at 24 months",
        "column 1 (12 months): the rent falls from 100.00 at 5000 km to 90.00 at 10000 km",
    )


def test_lookup_cell_interpolation_and_out_of_grid(leaseplus_text):
    grid = parse_grid(leaseplus_text)
    assert grid.quote(48, 15000).monthly_rent == Decimal("536.32")
    assert grid.quote(48, 15000).rule == "cell"
    # halfway between 42/48 months and 15,000/20,000 km: (561.58 + 536.32 + 576.77 + 545.85) / 4
    assert grid.quote(45, 17500).monthly_rent == Decimal("555.13")
    assert grid.quote(45, 17500).rule == "interpolated"
    # one third of the way from 15,000 to 20,000 km at 48 months: 536.32 + (545.85 - 536.32) / 3 = 539.4966...
    assert grid.quote(48, Decimal("16666.666666666666666666666667")).monthly_rent == Decimal("539.50")
    below = grid.quote(48, 2000)
    assert (below.monthly_rent, below.rule) == (Decimal("527.24"), "lowest_row")
    with pytest.raises(LeaseInputError) as err:
        grid.quote(48, 45000)
    assert err.value.field == "annual_km" and "lessor must quote" in err.value.reason
    with pytest.raises(LeaseInputError) as err:
        grid.quote(66, 15000)
    assert err.value.field == "months" and "lessor must quote" in err.value.reason


def test_single_row_price_list_allowed_when_asked():
    grid = RentGrid.build([24, 48], [10000], [[Decimal(650), Decimal(500)]], min_axis_values=1)
    assert grid.quote(36, 10000).monthly_rent == Decimal("575.00")
    assert grid.quote(36, 8000).rule == "lowest_row"
