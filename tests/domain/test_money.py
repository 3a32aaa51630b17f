from decimal import Decimal

import pytest

from leasedash.domain import LeaseInputError, parse_amount, to_cents
from leasedash.domain.money import parse_decimal, parse_whole


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.349,88", "1349.88"),
        ("1 349,88", "1349.88"),
        ("1\u202f349,88", "1349.88"),
        ("EUR 536,32", "536.32"),
        ("€ 536.32", "536.32"),
        ("536,32 €", "536.32"),
        ("€\xa0-1.060,92", "-1060.92"),
        ("-12,50", "-12.50"),
        ("1,349.88", "1349.88"),
        ("1349.88", "1349.88"),
        ("1.024,88", "1024.88"),
        ("1.000.000", "1000000"),
        ("5.000", "5000"),
        ("0.060", "0.060"),
        ("12,5", "12.5"),
    ],
)
def test_parse_decimal_reads_european_and_plain_amounts(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1.23.456", "--5", "€", "12,345.6.7", "1,5,5"])
def test_parse_decimal_refuses_what_is_not_a_number(text):
    with pytest.raises(LeaseInputError) as err:
        parse_decimal(text, field="contract.monthly_rent")
    assert err.value.field == "contract.monthly_rent"


def test_parse_amount_refuses_fractions_of_a_cent():
    assert parse_amount("536,32") == Decimal("536.32")
    assert str(parse_amount(450)) == "450.00"
    with pytest.raises(LeaseInputError, match="more than two decimals"):
        parse_amount("0,005")


def test_to_cents_rounds_half_up():
    assert to_cents(Decimal("0.005")) == Decimal("0.01")
    assert to_cents(Decimal("2.675")) == Decimal("2.68")
    assert to_cents(Decimal("-0.005")) == Decimal("-0.01")
    assert to_cents(Decimal("174.19354")) == Decimal("174.19")


def test_parse_whole():
    assert parse_whole("15.000", "annual_km") == 15000
    assert parse_whole(48, "months", minimum=1) == 48
    with pytest.raises(LeaseInputError, match="not a whole number"):
        parse_whole("12,5", "months")
    with pytest.raises(LeaseInputError, match="at least 1"):
        parse_whole(0, "months", minimum=1)
    with pytest.raises(LeaseInputError):
        parse_whole(True, "months")
