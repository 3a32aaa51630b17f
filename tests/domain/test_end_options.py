"""The end-of-lease decision (issue 18) on the seeds' products, every figure computed by hand in the comments:
Lease Plus (003 q.36's grid, the extension to 60 months refunding 2,344.80), My Personal Lease (001, no change
allowed) and a Keurmerk contract (004)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal as D

import pytest

from leasedash.domain.catalogue import seed_products
from leasedash.domain.end_options import (
    BUY_OUT, EXTEND, RETURN, LeaseFacts, ReturnCosts, end_options, key_dates, options_json, return_costs_of,
)
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.pricing import CarToPrice, monthly_rent


def _document(code: str, months: int, annual_km: int, rent: str) -> dict:
    contract = {"months": months, "annual_km": annual_km, "monthly_rent": rent, "start_date": "2022-01-01"}
    return {"product": copy.deepcopy(seed_products()[code].scenario_product()), "contract": contract, "events": []}


LEASEPLUS_CAR = CarToPrice(D("40000"), "petrol", "LU")


def _leaseplus(months_run: int, km: int, days: int) -> LeaseFacts:
    return LeaseFacts(_document("leaseplus-sur-mesure", 48, 15000, "536.32"), "leaseplus-sur-mesure", months_run, km, days, LEASEPLUS_CAR, 48)


def test_leaseplus_at_term_extended_to_60_months_as_003_q36():
    # 60,000 km in 1,461 days (4 years): 15,000 km a year, 60,000 km at 48 months and 75,000 at 60
    options = end_options(_leaseplus(48, 60000, 1461), ReturnCosts(D("420.00")), extension=12)
    assert options.extension_choices == (6, 12) and options.horizon == 24 and options.projected_km == 60000
    back, extend, buy = (options.path(p) for p in (RETURN, EXTEND, BUY_OUT))
    # return: nothing left to pay, 536.32 x 48 re-billed at 15,000 km: 0.00; the typical return costs 420.00
    assert back.figures["km_settlement"] == D("0.00") and back.total(24) == D("420.00") and back.estimate
    # extend: 487.47 x 48 - 536.32 x 48 = 23,398.56 - 25,743.36 = -2,344.80 (003 q.36), then 12 x 487.47 = 5,849.64;
    # at 60 months 75,000 km is 15,000 a year again: 0.00; + 420.00
    assert extend.rule == "grid_extension" and not extend.lessor_must_quote
    assert extend.figures["recalculation"] == D("-2344.80") and extend.figures["new_rent"] == D("487.47")
    assert extend.figures["new_rents"] == D("5849.64") and extend.figures["km_settlement"] == D("0.00")
    assert extend.total(24) == D("3924.84")
    # buy out: 42 % of 40,000 at 48 months and the average 15,000 km = 16,800.00 (+-15 %: 14,280.00-19,320.00);
    # kept after 24 more months: age 72, .42 - .08 x 24/12 = 26 % = 10,400.00
    assert (options.market_value.estimate, options.market_value.low, options.market_value.high) == (D("16800.00"), D("14280.00"), D("19320.00"))
    assert buy.figures["value_kept"] == D("-10400.00") and buy.total(24) == D("6400.00") and buy.estimate
    assert buy.figures["avoided_return_costs"] == D("420.00")
    assert options.cheapest == RETURN and options.runner_up == EXTEND and options.saving == D("3504.84")
    assert back.cumulative(24)[-1] == back.total(24) and len(extend.cumulative(24)) == 25


def test_leaseplus_three_months_before_the_end():
    # 45,000 km in 1,095 days: 45,000 x 365.25 x 48 / (1,095 x 12) = 60,041.10 -> 60,041 km at 48 months, 15,010.25 a year:
    # 536.32 + (545.85 - 536.32) x 10.25 / 5,000 = 536.34; 536.34 x 48 - 536.32 x 48 = 0.96
    options = end_options(_leaseplus(45, 45000, 1095), ReturnCosts(D("420.00")), extension=12)
    back, extend = options.path(RETURN), options.path(EXTEND)
    assert options.projected_km == 60041 and back.figures["km_settlement"] == D("0.96")
    assert back.total(24) == D("1608.96") + D("0.96") + D("420.00")
    # 75,051 km at 60 months, 15,010.2 a year: 487.47 + 26.17 x 10.2 / 5,000 = 487.52; 487.52 x 60 - 487.47 x 60 = 3.00
    assert extend.facts == {"km": 75051, "months": 60} and extend.figures["km_settlement"] == D("3.00")
    assert extend.total(24) == D("1608.96") - D("2344.80") + D("5849.64") + D("3.00") + D("420.00")
    # the refund falls when the contract reaches its term, month 3 from today
    assert [f.amount for f in extend.flows if f.code == "recalculation" and f.month == 3] == [D("-2344.80")]


def test_an_extension_the_grid_does_not_offer_is_refused():
    with pytest.raises(LeaseInputError) as refused:
        end_options(_leaseplus(45, 45000, 1095), ReturnCosts(D("420.00")), extension=18)
    assert refused.value.code == "extension_not_offered" and "6, 12" in refused.value.reason


def test_my_personal_lease_allows_no_change_so_the_lessor_must_quote():
    car = CarToPrice(D("30000"), "diesel", "BE")
    facts = LeaseFacts(_document("my-personal-lease", 48, 10000, "450.00"), "my-personal-lease", 45, 45000, 1370, car, 48)
    options = end_options(facts, ReturnCosts(D("560.00")), extension=12)
    assert options.extension_choices == (6, 12, 18, 24)
    back, extend, buy = (options.path(p) for p in (RETURN, EXTEND, BUY_OUT))
    # 45,000 x 1,461 / 1,370 = 47,989.05 -> 47,989 km at 48 months against 40,000 allowed: 7,989 x 0.06 = 479.34 (001)
    assert back.figures["km_settlement"] == D("479.34") and back.total(24) == D("1350.00") + D("479.34") + D("560.00")
    # the rules forbid changes: the lessor quotes; the extra months estimated at 450.00 scaled by the pricing model's
    # rent for 60 months at the pace (59,986 km: 11,997 a year) against its rent for the contract's 48 months at 10,000
    assert extend.rule == "changes_forbidden" and extend.lessor_must_quote and extend.estimate
    new_rent = (D("450.00") * monthly_rent(car, 60, 11997) / monthly_rent(car, 48, 10000)).quantize(D("0.01"))
    assert extend.figures["new_rent"] == new_rent
    # 59,986 km against 50,000 allowed over 60 months: 9,986 x 0.06 = 599.16
    assert extend.figures["km_settlement"] == D("599.16")
    assert extend.total(24) == D("1350.00") + 12 * new_rent + D("599.16") + D("560.00")
    # 11,997 km a year is 3,003 below the average: 30,000 x .42 + 12,012 x 0.05 = 13,200.60 (+-1,980.09);
    # kept at age 69: 30,000 x .28 + 17,267.25 x 0.05 = 9,263.36
    assert options.market_value.estimate == D("13200.60") and options.market_value.low == D("11220.51")
    assert buy.figures["value_kept"] == D("-9263.36") and buy.total(24) == D("1350.00") + D("13200.60") - D("9263.36")


def test_a_lessor_quote_replaces_the_estimate():
    options = end_options(_leaseplus(48, 60000, 1461), ReturnCosts(D("420.00")), extension=12, quote=D("15000.00"))
    buy = options.path(BUY_OUT)
    # the value kept is scaled to the quote: 10,400 x 15,000 / 16,800 = 9,285.71
    assert buy.figures["buy_out_price"] == D("15000.00") and buy.figures["value_kept"] == D("-9285.71") and not buy.estimate
    assert options_json(options)["market_value"]["quote"] == "15000.00"


def test_keurmerk_contract():
    car = CarToPrice(D("25000"), "ev", "NL")
    facts = LeaseFacts(_document("smart-mobility-leasing", 48, 10000, "500.00"), "smart-mobility-leasing", 46, 35000, 1400, car, 48)
    options = end_options(facts, ReturnCosts(D("390.00")))
    back, extend = options.path(RETURN), options.path(EXTEND)
    # the price list's rent 500.00; 35,000 x 1,461 / 1,400 = 36,525 km against 40,000: 3,475 under x 0.05 = -173.75 (004 art. 5)
    assert back.figures["km_settlement"] == D("-173.75") and back.total(24) == D("1000.00") - D("173.75") + D("390.00")
    # 45,656 km at 60 months against 50,000: 4,344 under x 0.05 = -217.20; no change allowed: the lessor quotes
    assert extend.rule == "changes_forbidden" and extend.facts["km"] == 45656 and extend.figures["km_settlement"] == D("-217.20")
    assert options.extension_months == 12


def test_key_dates_follow_the_product():
    # 003 q.40: three months before the end; 001: notice two months ahead; Keurmerk: one month (end_of_lease.json)
    assert key_dates(dt.date(2026, 12, 31), "my-personal-lease") == (dt.date(2026, 9, 30), dt.date(2026, 10, 31))
    assert key_dates(dt.date(2026, 12, 31), "smart-mobility-leasing")[1] == dt.date(2026, 11, 30)


def test_return_costs_of_a_statement_leave_the_km_out():
    statement = {"lines": [{"code": "km", "amount": "120.00"}, {"code": "damages", "amount": "800.00"},
                           {"code": "return_insurance", "amount": "-500.00"}, {"code": "energy", "amount": "50.00"},
                           {"code": "vat", "amount": "73.50", "facts": {"rate": "0.21"}}], "total": "543.50"}
    costs = return_costs_of(statement, True, 7, "leaseplus-sur-mesure")
    assert (costs.amount, costs.energy, costs.source, costs.inspection_id, costs.estimate) == (D("423.50"), D("60.50"), "self_check", 7, False)
    typical = return_costs_of(None, False, None, "my-personal-lease")
    assert (typical.amount, typical.source, typical.estimate) == (D("560.00"), "typical", True)
