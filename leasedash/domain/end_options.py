"""The end-of-lease decision (issue 18): give the car back at term, extend the contract by N months or buy the car
out, each as its cash flows from today over the same horizon, so the three can be compared side by side.
Figures come from the scenario engine (the km settlement, 003 q.34-36 and 001), the return statement (003 q.37-39)
and the pricing model's residual-value curve (spec/pricing.md; 003 q.40: "la valeur de rachat sera la valeur du
marché"); every threshold is data (leasedash/data/end_of_lease.json)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.engine import SimulationResult, simulate_document
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.money import to_cents
from leasedash.domain.pricing import CarToPrice, monthly_rent, residual_value
from leasedash.domain.projection import add_months, km_at_month
from leasedash.domain.scenario import GRID

ZERO = Decimal("0.00")
RETURN, EXTEND, BUY_OUT = "return", "extend", "buy_out"
PATHS = (RETURN, EXTEND, BUY_OUT)


@dataclass(frozen=True)
class EndRules:
    """end_of_lease.json: horizon of the comparison, buy-out window (003 q.40), notice (001), default extension,
    the market value's uncertainty, each product's typical return costs, how many days ahead a reminder comes, and how
    many months ahead /fleet lists the contracts ending."""

    horizon_months: int
    buy_out_window_months: int
    default_extension_months: int
    market_value_uncertainty: Decimal
    notice_months: dict[str, int]
    typical_return_costs: dict[str, Decimal]
    reminder_days_ahead: int
    fleet_months: int

    def notice_of(self, product_code: str) -> int:
        return self.notice_months.get(product_code, self.notice_months["default"])

    def typical_costs_of(self, product_code: str) -> Decimal:
        return self.typical_return_costs.get(product_code, self.typical_return_costs["default"])


@cache
def end_rules() -> EndRules:
    """The rules of the end-of-lease decision as shipped (leasedash/data/end_of_lease.json)."""
    data = json.loads(resources.files("leasedash.data").joinpath("end_of_lease.json").read_text(encoding="utf-8"))
    return EndRules(int(data["horizon_months"]), int(data["buy_out_window_months"]), int(data["default_extension_months"]),
                    Decimal(data["market_value_uncertainty"]), {k: int(v) for k, v in data["notice_months"].items()},
                    {k: Decimal(v) for k, v in data["typical_return_costs"].items()}, int(data["reminder_days_ahead"]),
                    int(data["fleet_months"]))


@dataclass(frozen=True)
class LeaseFacts:
    """One contract as the decision needs it: its scenario document (product and contract, spec/scenario.md), its
    product's code, the months run, the km driven since delivery by the latest reading and the days that took, the
    car (price incl. VAT, fuel, country) and its age in months at the contract's end."""

    document: dict[str, Any]
    product_code: str
    months_run: int
    km_driven: int
    days_driven: int
    car: CarToPrice
    car_age_at_end: int

    @property
    def months(self) -> int:
        return int(self.document["contract"]["months"])

    @property
    def annual_km(self) -> int:
        return int(self.document["contract"]["annual_km"])

    @property
    def rent(self) -> Decimal:
        return Decimal(str(self.document["contract"]["monthly_rent"]))

    @property
    def months_left(self) -> int:
        return max(0, self.months - self.months_run)

    def km_at(self, months: int) -> int:
        """km at the end of `months` months at the pace driven so far: the one projection home, /fleet and the what-if
        use (projection.km_at_month)."""
        return km_at_month(self.km_driven, self.days_driven, self.annual_km, months)


@dataclass(frozen=True)
class ReturnCosts:
    """What handing the car back is expected to cost besides the km: the latest self-check's or inspection's
    statement without its km line (damages after the return insurance, missing items, fuel or charge, VAT,
    deposit), or the product's typical average (an estimate) when there is none."""

    amount: Decimal
    energy: Decimal = ZERO
    source: str = "typical"
    inspection_id: int | None = None

    @property
    def estimate(self) -> bool:
        return self.source == "typical"


def return_costs_of(statement: dict[str, Any] | None, self_check: bool, inspection_id: int | None,
                    product_code: str, rules: EndRules | None = None) -> ReturnCosts:
    """The return costs of a stored statement (return_settlement.settlement_json): its total less the km line, the
    fuel-or-charge line with its VAT; without a statement the product's typical return costs (end_of_lease.json)."""
    rules = rules or end_rules()
    if not statement:
        return ReturnCosts(rules.typical_costs_of(product_code))
    lines = {line["code"]: line for line in statement["lines"]}
    km = Decimal(lines["km"]["amount"]) if "km" in lines else ZERO
    energy = ZERO
    if "energy" in lines:
        vat = Decimal(str(lines["vat"]["facts"]["rate"])) if "vat" in lines else ZERO
        energy = to_cents(Decimal(lines["energy"]["amount"]) * (1 + vat))
    return ReturnCosts(Decimal(statement["total"]) - km, energy, "self_check" if self_check else "inspection", inspection_id)


@dataclass(frozen=True)
class Flow:
    """One amount of a path in month `month` from today (0: now); positive: paid, negative: received or kept."""

    month: int
    code: str
    amount: Decimal


@dataclass(frozen=True)
class PathResult:
    """One path: its cash flows, its figures by name, whether they are estimates, and the rule it follows."""

    path: str
    flows: tuple[Flow, ...]
    figures: dict[str, Decimal]
    rule: str
    estimate: bool = False
    lessor_must_quote: bool = False
    facts: dict[str, Any] = field(default_factory=dict)

    def total(self, horizon: int) -> Decimal:
        return sum((f.amount for f in self.flows if f.month <= horizon), ZERO)

    def cumulative(self, horizon: int) -> list[Decimal]:
        """Cumulative cost after each month from 0 (today) to the horizon."""
        by_month = [ZERO] * (horizon + 1)
        for flow in self.flows:
            if flow.month <= horizon:
                by_month[flow.month] += flow.amount
        out, running = [], ZERO
        for amount in by_month:
            running += amount
            out.append(running)
        return out


@dataclass(frozen=True)
class MarketValue:
    """The car's value at the end: the pricing model's residual curve at its age and projected km, within ±the
    uncertainty (an estimate), or the lessor's quote once it is known."""

    estimate: Decimal
    low: Decimal
    high: Decimal
    quote: Decimal | None = None

    @property
    def price(self) -> Decimal:
        return self.estimate if self.quote is None else self.quote


@dataclass(frozen=True)
class EndOptions:
    """The three paths of one contract over one horizon, the cheapest, and the dates that frame the decision."""

    horizon: int
    months_left: int
    extension_months: int
    extension_choices: tuple[int, ...]
    projected_km: int
    return_costs: ReturnCosts
    market_value: MarketValue
    paths: tuple[PathResult, PathResult, PathResult]
    car_age_at_end: int = 0
    annual_pace: int = 0
    end_date: dt.date | None = None
    buy_out_opens: dt.date | None = None
    notice_by: dt.date | None = None

    def path(self, name: str) -> PathResult:
        return next(p for p in self.paths if p.path == name)

    def totals(self) -> dict[str, Decimal]:
        return {p.path: p.total(self.horizon) for p in self.paths}

    @property
    def cheapest(self) -> str:
        """The path with the lowest total over the horizon (the first of return, extend, buy-out on a tie)."""
        totals = self.totals()
        return min(PATHS, key=lambda name: (totals[name], PATHS.index(name)))

    @property
    def runner_up(self) -> str:
        totals = self.totals()
        return sorted((n for n in PATHS if n != self.cheapest), key=lambda n: (totals[n], PATHS.index(n)))[0]

    @property
    def saving(self) -> Decimal:
        """How much less the cheapest path costs than the next cheapest."""
        totals = self.totals()
        return totals[self.runner_up] - totals[self.cheapest]


def extension_choices(document: dict[str, Any], default: int) -> tuple[int, ...]:
    """The extensions a slider offers: on a grid product the grid's durations beyond the contract's (003 q.36: "la
    durée du contrat sera prolongée à 60 mois"); otherwise (or beyond the grid, which the lessor quotes) 6-month steps up
    to twice the default extension."""
    months, product = int(document["contract"]["months"]), document["product"]
    grid = product.get("grid")
    longer = tuple(int(m) - months for m in grid["months"] if int(m) > months) if product.get("kind") == GRID and grid else ()
    return longer or tuple(range(6, 2 * default + 1, 6))


def _document(facts: LeaseFacts, events: list[dict[str, Any]], **contract: Any) -> dict[str, Any]:
    doc = copy.deepcopy(facts.document)
    doc["contract"].update(contract)
    doc["events"] = events
    return doc


def _settle(document: dict[str, Any]) -> SimulationResult | None:
    try:
        return simulate_document(document)
    except LeaseInputError:
        return None


def _rents(first: int, last: int, rent: Decimal, code: str = "rent") -> list[Flow]:
    return [Flow(m, code, rent) for m in range(first, last + 1)]


def _return_path(facts: LeaseFacts, costs: ReturnCosts, term_km: int) -> PathResult:
    """Give the car back at term: the remaining rents, the engine's `end` settlement at the km projected at the
    pace so far (003 q.36 on a grid, 001/004 per km otherwise) and the return costs, at the end."""
    left = facts.months_left
    result = _settle(_document(facts, [{"type": "end", "total_km": term_km}]))
    settlement = result.total_settlement if result else ZERO
    flows = _rents(1, left, facts.rent) + [Flow(left, "km_settlement", settlement), Flow(left, "return_costs", costs.amount)]
    figures = {"rents": facts.rent * left, "km_settlement": settlement, "return_costs": costs.amount, "energy": costs.energy}
    rule = "grid_return" if facts.document["product"].get("kind") == GRID else "km_rates"
    return PathResult(RETURN, tuple(flows), figures, rule, estimate=costs.estimate, lessor_must_quote=result is None,
                      facts={"km": term_km})


def _extend_path(facts: LeaseFacts, costs: ReturnCosts, extra: int) -> PathResult:
    """Keep the car `extra` more months. A product that allows changes on its grid: the duration change at the term,
    recalculated retroactively (003 q.34/36: "vous recevrez un remboursement ... et paierez pour les prochains mois
    un loyer de ..."), then the end at the km projected over the longer contract. A product whose rules forbid
    changes: the lessor must quote; the extra months are estimated at the contract's rent scaled by the pricing
    model's rent for the longer duration at the pace driven against the contract's terms, the km settled at the
    product's rates over the longer contract."""
    left, product, new_months = facts.months_left, facts.document["product"], facts.months + extra
    km = facts.km_at(new_months)
    pace_km = km * 12 // new_months
    if product.get("kind") == GRID and product.get("changes_allowed", True):
        result = _settle(_document(facts, [{"type": "duration_change", "at_month": facts.months, "months": new_months},
                                           {"type": "end", "total_km": km}]))
        if result is not None:
            change, end = result.steps
            flows = (_rents(1, left, facts.rent) + [Flow(left, "recalculation", change.settlement)]
                     + _rents(left + 1, left + extra, change.rent_after, "new_rent")
                     + [Flow(left + extra, "km_settlement", end.settlement), Flow(left + extra, "return_costs", costs.amount)])
            figures = {"rents": facts.rent * left, "recalculation": change.settlement, "new_rent": change.rent_after,
                       "new_rents": change.rent_after * extra, "km_settlement": end.settlement, "return_costs": costs.amount}
            return PathResult(EXTEND, tuple(flows), figures, "grid_extension", estimate=costs.estimate,
                              facts={"km": km, "months": new_months})
    model_now = monthly_rent(facts.car, facts.months, facts.annual_km)
    new_rent = to_cents(facts.rent * monthly_rent(facts.car, new_months, pace_km) / model_now) if model_now > 0 else facts.rent
    settled = _settle(_km_only(facts, km, new_months))
    settlement = settled.total_settlement if settled else ZERO
    flows = (_rents(1, left, facts.rent) + _rents(left + 1, left + extra, new_rent, "new_rent")
             + [Flow(left + extra, "km_settlement", settlement), Flow(left + extra, "return_costs", costs.amount)])
    figures = {"rents": facts.rent * left, "new_rent": new_rent, "new_rents": new_rent * extra, "km_settlement": settlement,
               "return_costs": costs.amount}
    rule = "changes_forbidden" if not product.get("changes_allowed", product.get("kind") == GRID) else "lessor_quote"
    return PathResult(EXTEND, tuple(flows), figures, rule, estimate=True, lessor_must_quote=True,
                      facts={"km": km, "months": new_months, "pace_km": pace_km})


def _km_only(facts: LeaseFacts, km: int, months: int) -> dict[str, Any]:
    """The contract as a `fixed` product's km settlement over `months` months: its rates against the allowance (the
    price list and termination rule only price an early return, and a grid product is settled per km as an estimate)."""
    product = {k: v for k, v in facts.document["product"].items()
               if k not in ("grid", "termination", "keurmerk_percentage", "earliest_termination_month")}
    product["kind"] = "fixed"
    doc = _document(facts, [{"type": "end", "total_km": km}], months=months, monthly_rent=f"{facts.rent:.2f}")
    doc["product"] = product
    return doc


def market_value(facts: LeaseFacts, term_km: int, quote: Decimal | None, rules: EndRules) -> MarketValue:
    """The pricing model's residual value (pricing.py: the age curve less 5 ct a km above the average mileage)
    of the car at its age at the end and the annual km projected, ±the uncertainty of end_of_lease.json."""
    value = to_cents(residual_value(facts.car, facts.car_age_at_end, term_km * 12 // max(facts.months, 1)))
    spread = to_cents(value * rules.market_value_uncertainty)
    return MarketValue(value, value - spread, value + spread, quote)


def _buy_out_path(facts: LeaseFacts, value: MarketValue, avoided: PathResult, horizon: int, term_km: int) -> PathResult:
    """Take the car over at term at the market value (003 q.40), the lessor's quote once it is known; the car is
    then the driver's: its estimated value at the end of the horizon counts as kept (scaled to the quote); the km
    settlement and return costs of giving it back are avoided."""
    left = facts.months_left
    pace = term_km * 12 // max(facts.months, 1)
    later = residual_value(facts.car, facts.car_age_at_end + horizon - left, pace)
    kept = to_cents(later * value.price / value.estimate) if value.estimate > 0 else ZERO
    flows = _rents(1, left, facts.rent) + [Flow(left, "buy_out_price", value.price), Flow(horizon, "value_kept", -kept)]
    figures = {"rents": facts.rent * left, "buy_out_price": value.price, "value_kept": -kept,
               "avoided_km_settlement": avoided.figures["km_settlement"], "avoided_return_costs": avoided.figures["return_costs"]}
    return PathResult(BUY_OUT, tuple(flows), figures, "market_value", estimate=value.quote is None,
                      facts={"quoted": value.quote is not None})


def end_options(facts: LeaseFacts, costs: ReturnCosts, extension: int | None = None, quote: Decimal | None = None,
                end_date: dt.date | None = None, rules: EndRules | None = None) -> EndOptions:
    """Return, extend by `extension` months (the default of end_of_lease.json, or the nearest the grid allows) or buy
    out, each as cash flows from today over max(horizon, months left + extension) months, the same for all three."""
    rules = rules or end_rules()
    choices = extension_choices(facts.document, rules.default_extension_months)
    wanted = rules.default_extension_months if extension is None else extension
    if extension is not None and extension not in choices:
        offered = ", ".join(str(c) for c in choices)
        raise LeaseInputError("extend", f"an extension of {extension} months is not offered; choose one of {offered}",
                              code="extension_not_offered", params={"choices": offered})
    extra = min(choices, key=lambda c: (abs(c - wanted), c))
    horizon = max(rules.horizon_months, facts.months_left + extra)
    term_km = facts.km_at(facts.months)
    back = _return_path(facts, costs, term_km)
    value = market_value(facts, term_km, quote, rules)
    paths = (back, _extend_path(facts, costs, extra), _buy_out_path(facts, value, back, horizon, term_km))
    dates = key_dates(end_date, facts.product_code, rules) if end_date else (None, None)
    return EndOptions(horizon, facts.months_left, extra, choices, term_km, costs, value, paths, facts.car_age_at_end,
                      term_km * 12 // max(facts.months, 1), end_date, *dates)


def key_dates(end_date: dt.date, product_code: str, rules: EndRules | None = None) -> tuple[dt.date, dt.date]:
    """When the buy-out window opens (003 q.40: "trois mois avant la fin du contrat") and the last day to give notice
    of an early termination before the term (001: "par écrit 2 mois à l'avance"; the notice is product data)."""
    rules = rules or end_rules()
    return add_months(end_date, -rules.buy_out_window_months), add_months(end_date, -rules.notice_of(product_code))


def options_json(options: EndOptions) -> dict[str, Any]:
    """The decision as JSON (the CLI prints it, the API answers it): amounts as strings with two decimals."""
    totals = options.totals()
    mv = options.market_value

    def money(value: Decimal | None) -> str | None:
        return None if value is None else f"{value:.2f}"

    return {
        "horizon_months": options.horizon,
        "months_left": options.months_left,
        "end_date": options.end_date.isoformat() if options.end_date else None,
        "buy_out_opens": options.buy_out_opens.isoformat() if options.buy_out_opens else None,
        "notice_by": options.notice_by.isoformat() if options.notice_by else None,
        "projected_km": options.projected_km,
        "annual_pace_km": options.annual_pace,
        "car_age_at_end_months": options.car_age_at_end,
        "extension_months": options.extension_months,
        "extension_choices": list(options.extension_choices),
        "return_costs": {"amount": money(options.return_costs.amount), "energy": money(options.return_costs.energy),
                         "source": options.return_costs.source, "inspection_id": options.return_costs.inspection_id,
                         "estimate": options.return_costs.estimate},
        "market_value": {"estimate": money(mv.estimate), "low": money(mv.low), "high": money(mv.high), "quote": money(mv.quote)},
        "paths": [{"path": p.path, "rule": p.rule, "estimate": p.estimate, "lessor_must_quote": p.lessor_must_quote,
                   "total": money(totals[p.path]), "figures": {k: money(v) for k, v in p.figures.items()},
                   "facts": p.facts, "cumulative": [money(v) for v in p.cumulative(options.horizon)]} for p in options.paths],
        "cheapest": options.cheapest,
        "saving": money(options.saving),
    }
