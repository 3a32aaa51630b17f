"""Seed 000's password rule: 8 characters, a digit, an upper-case letter, nothing about the person."""

import datetime as dt

import pytest

from leasedash.domain.password_rule import PersonalData, password_problems

SOFIE = PersonalData("Sofie", "Peeters", dt.date(1988, 4, 12), "Brightwater Logistics S.à r.l.")


@pytest.mark.parametrize("password", ["Leasedash2026", "Tr4vel-light", "ZZZZZZZ9"])
def test_good_passwords(password):
    assert password_problems(password, SOFIE) == []


@pytest.mark.parametrize(
    "password, problem",
    [
        ("Short1A", "too_short"),
        ("NoDigitsHere", "no_digit"),
        ("alllower123", "no_upper"),
        ("MySofie2026", "first_name"),
        ("SÖFIE-2026x", "first_name"),
        ("PEETERSx99", "last_name"),
        ("Brightwater9", "company"),
        ("Logistics2026", "company"),
        ("Spring1988!", "birth_date"),
        ("Xx12041988", "birth_date"),
        ("Xx-12.04.88", "birth_date"),
    ],
)
def test_each_rule_is_named(password, problem):
    assert problem in password_problems(password, SOFIE)


def test_legal_forms_are_not_the_company_name():
    assert password_problems("SarlTopSecret9", SOFIE) == []
