"""The scenario engine: applies a scenario's events to its contract under its product's rules
(spec/scenario.md; seeds 001, 003 q.34-36, 004 articles 5 and 21)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

from leasedash.domain import explain as ex
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.scenario import GRID, LANGUAGES, Event, Scenario, parse_scenario
from leasedash.domain.money import to_cents

Explainer = Callable[[str], str]


@dataclass(frozen=True)
class Step:
    """What one event did: the rent before and after, the months billed, the settlement and why."""

    event: Event
    rent_before: Decimal
    rent_after: Decimal
    billed_months: int
    settlement: Decimal
    explanations: dict[str, str]
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self, language: str) -> dict[str, Any]:
        """The step as in scenario.md's output: amounts as strings with two decimals."""
        return {
            "event": self.event.source,
            "rent_before": f"{self.rent_before:.2f}",
            "rent_after": f"{self.rent_after:.2f}",
            "billed_months": self.billed_months,
            "settlement": f"{self.settlement:.2f}",
            "explanation": self.explanations[language],
            "explanations": self.explanations,
            "details": {k: _jsonable(v) for k, v in self.details.items()},
        }


@dataclass(frozen=True)
class FirstInvoice:
    """The first invoice: delivery day to the end of that month, or of the next one past the cut-off day."""

    start: dt.date
    end: dt.date
    amount: Decimal
    prorated_days: int
    days_in_month: int

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "amount": f"{self.amount:.2f}",
            "prorated_days": self.prorated_days,
            "days_in_month": self.days_in_month,
        }


@dataclass(frozen=True)
class SimulationResult:
    """The engine's answer for one scenario."""

    scenario: Scenario
    monthly_rent: Decimal
    steps: tuple[Step, ...]
    first_invoice: FirstInvoice | None

    @property
    def total_settlement(self) -> Decimal:
        """Sum of every step's settlement: positive, the driver pays; negative, the driver is refunded."""
        return sum((s.settlement for s in self.steps), Decimal("0.00"))

    def as_json(self, language: str | None = None) -> dict[str, Any]:
        """The output document of scenario.md."""
        lang = language or self.scenario.language
        out: dict[str, Any] = {
            "monthly_rent": f"{self.monthly_rent:.2f}",
            "total_settlement": f"{self.total_settlement:.2f}",
            "steps": [s.as_json(lang) for s in self.steps],
        }
        if self.first_invoice is not None:
            out["first_invoice"] = self.first_invoice.as_json()
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value.normalize())
    return value


@dataclass
class _Ledger:
    """The contract as it stands between events: rents accounted for, kilometres allowed."""

    months: int
    annual_km: int
    rent: Decimal
    paid: Decimal = Decimal("0.00")
    paid_until: int = 0
    allowance: Decimal = Decimal(0)
    allowance_until: int = 0
    last_month: int = 0
    ended_by: int | None = None

    def paid_at(self, month: int) -> Decimal:
        return self.paid + self.rent * (month - self.paid_until)

    def allowance_at(self, month: int) -> Decimal:
        return self.allowance + Decimal(self.annual_km) * (month - self.allowance_until) / 12

    def rebill(self, month: int, rent: Decimal, paid: Decimal) -> None:
        self.allowance, self.allowance_until = self.allowance_at(month), month
        self.paid, self.paid_until, self.rent = paid, month, rent


def simulate_document(document: Any) -> SimulationResult:
    """Validate a scenario document and run it."""
    return simulate(parse_scenario(document))


def simulate(scenario: Scenario) -> SimulationResult:
    """Apply the events in order (scenario.md "The rules") and compute the first invoice."""
    c = scenario.contract
    ledger = _Ledger(months=c.months, annual_km=c.annual_km, rent=c.monthly_rent)
    steps = tuple(_apply(scenario, ledger, i, e) for i, e in enumerate(scenario.events))
    return SimulationResult(scenario, ledger.rent, steps, _first_invoice(scenario))


def _apply(scenario: Scenario, ledger: _Ledger, i: int, event: Event) -> Step:
    name = f"events[{i}]"
    product = scenario.product
    if ledger.ended_by is not None:
        raise LeaseInputError(f"{name}.type", f"comes after the contract ended (events[{ledger.ended_by}])", code="after_end")
    month = ledger.months if event.type == "end" else event.at_month
    assert month is not None
    if month < ledger.last_month:
        raise LeaseInputError(f"{name}.at_month", f"month {month} comes before the previous event (month {ledger.last_month})",
                              code="before_previous")
    if month > ledger.months:
        raise LeaseInputError(f"{name}.at_month", f"month {month} lies beyond the contract's {ledger.months} months",
                              code="beyond_contract")
    if event.type in ("mileage_change", "duration_change"):
        if not product.changes_allowed:
            raise LeaseInputError(
                f"{name}.type",
                f"{product.name or 'this product'} fixes the contract at signing: no mileage or duration change is possible",
                code="changes_forbidden",
            )
        if event.type == "duration_change" and event.months < month:  # type: ignore[operator]
            raise LeaseInputError(
                f"{name}.months", f"a {event.months}-month contract cannot be agreed at month {month}, after it would have ended",
                code="duration_too_short",
            )
        step = (_grid_change if product.kind == GRID else _fixed_change)(scenario, ledger, name, event, month)
    else:
        earliest = product.earliest_termination_month
        if event.type == "early_return" and earliest is not None and month < earliest:
            raise LeaseInputError(
                f"{name}.at_month",
                f"{product.name or 'this product'} allows an early return from month {earliest} on, not at month {month}",
                code="too_early",
            )
        step = (_grid_return if product.kind == GRID else _fixed_return)(scenario, ledger, name, event, month)
        ledger.ended_by = i
    ledger.last_month = month
    return step


def _explained(build: Explainer) -> dict[str, str]:
    return {lang: build(lang) for lang in LANGUAGES}


def _grid_change(scenario: Scenario, ledger: _Ledger, name: str, event: Event, month: int) -> Step:
    """003 q.34/36: every adaptation is retroactive; settlement = new rent × months run − rents paid."""
    grid = scenario.product.grid
    assert grid is not None
    before, old_km, old_months = ledger.rent, ledger.annual_km, ledger.months
    if event.type == "mileage_change":
        new_km, new_months = event.annual_km, ledger.months
        quote = grid.quote(new_months, new_km, ("contract.months", f"{name}.annual_km"))  # type: ignore[arg-type]
    else:
        new_km, new_months = ledger.annual_km, event.months
        quote = grid.quote(new_months, new_km, (f"{name}.months", "contract.annual_km"))  # type: ignore[arg-type]
    paid = to_cents(ledger.paid_at(month))
    rebilled = quote.monthly_rent * month
    settlement = rebilled - paid
    ledger.rebill(month, quote.monthly_rent, rebilled)
    ledger.annual_km, ledger.months = new_km, new_months  # type: ignore[assignment]
    ledger.allowance = Decimal(new_km) * month / 12  # retroactive: as if signed at the new mileage

    def explain(lang: str) -> str:
        common = dict(
            m=str(month), new_rent=ex.eur(quote.monthly_rent, lang),
            old_rent=ex.eur(before, lang), rebilled=ex.eur(rebilled, lang), paid=ex.eur(paid, lang),
            outcome=ex.outcome(settlement, lang),
        )
        if event.type == "mileage_change":
            return ex.text("grid_mileage", lang, count=month, new_km=ex.km(new_km, lang), old_km=ex.km(old_km, lang),
                           duration=ex.months(new_months, lang), **common)
        return ex.text(
            "grid_duration", lang, count=month, changed=ex.changed(new_months > old_months, lang),  # type: ignore[operator]
            old_duration=ex.months(old_months, lang), new_duration=ex.months(new_months, lang),  # type: ignore[arg-type]
            km=ex.km(new_km, lang), **common,
        )

    return Step(event, before, quote.monthly_rent, month, settlement, _explained(explain),
                {"rule": quote.rule, "rebilled": rebilled, "rents_paid": paid})


def _driven_km(ledger: _Ledger, event: Event, run: int) -> Decimal:
    """km driven, replacement cars included (001); absent total_km means exactly the contracted pace."""
    if event.total_km is None:
        return ledger.allowance_at(run) + event.replacement_km
    return Decimal(event.total_km + event.replacement_km)


def _eco_premium(scenario: Scenario, run: int) -> Decimal:
    """003 q.35: the eco premium is repaid when the contract ends before the product's month."""
    p = scenario.product
    if p.eco_premium and p.eco_premium_before_month is not None and run < p.eco_premium_before_month:
        return p.eco_premium
    return Decimal("0.00")


def _grid_return(scenario: Scenario, ledger: _Ledger, name: str, event: Event, run: int) -> Step:
    """003 q.36: the grid rent at (billed months, km actually driven a year), billed months being
    at least `min_billed_months`; settlement = new rent × billed months − rents paid (+ eco premium)."""
    product, grid = scenario.product, scenario.product.grid
    assert grid is not None
    billed = max(run, product.min_billed_months)
    driven = _driven_km(ledger, event, run)
    annual = Fraction(driven) * 12 / billed
    months_field = f"{name}.at_month" if event.type == "early_return" else "contract.months"
    quote = grid.quote(billed, annual, (months_field, f"{name}.total_km"))
    paid = to_cents(ledger.paid_at(run))
    rebilled = quote.monthly_rent * billed
    eco = _eco_premium(scenario, run)
    settlement = rebilled - paid + eco
    before = ledger.rent
    ledger.rebill(run, quote.monthly_rent, rebilled)

    def explain(lang: str) -> str:
        return ex.text(
            "grid_return", lang, count=run, run=str(run), km=ex.km(driven, lang), annual=ex.whole_km(Decimal(round(annual)), lang),
            billed=str(billed), billed_months=ex.text("billed_months", lang, count=billed),
            min_note=ex.text("min_note", lang, count=billed) if billed > run else "",
            new_rent=ex.eur(quote.monthly_rent, lang), old_rent=ex.eur(before, lang),
            rebilled=ex.eur(rebilled, lang), paid=ex.eur(paid, lang),
            eco_note=ex.text("grid_eco", lang, eco=ex.eur(eco, lang), before=str(product.eco_premium_before_month)) if eco else "",
            outcome=ex.outcome(settlement, lang),
        )

    details = {"rule": quote.rule, "km_driven": driven, "annual_km_driven": round(annual),
               "rebilled": rebilled, "rents_paid": paid, "eco_premium": eco}
    return Step(event, before, quote.monthly_rent, billed, settlement, _explained(explain), details)


def _fixed_change(scenario: Scenario, ledger: _Ledger, name: str, event: Event, month: int) -> Step:
    """A fixed product that allows changes: the new terms apply from `at_month` on, nothing retroactive;
    the allowance accrues at each pace for the months it was in force."""
    grid = scenario.product.grid
    new_km = event.annual_km if event.type == "mileage_change" else ledger.annual_km
    new_months = event.months if event.type == "duration_change" else ledger.months
    fields = ("contract.months", f"{name}.annual_km") if event.type == "mileage_change" else (f"{name}.months", "contract.annual_km")
    rent = grid.quote(new_months, new_km, fields).monthly_rent if grid else ledger.rent  # type: ignore[arg-type]
    before = ledger.rent
    ledger.rebill(month, rent, ledger.paid_at(month))
    ledger.annual_km, ledger.months = new_km, new_months  # type: ignore[assignment]

    def explain(lang: str) -> str:
        return ex.text(
            "fixed_change", lang, m=str(month), duration=ex.months(new_months, lang), km=ex.km(new_km, lang),  # type: ignore[arg-type]
            rent_part=ex.text("rent_part", lang, rent=ex.eur(rent, lang)) if rent != before else "",
        )

    return Step(event, before, rent, month, Decimal("0.00"), _explained(explain))


def _fixed_return(scenario: Scenario, ledger: _Ledger, name: str, event: Event, run: int) -> Step:
    """001 / 003 q.34-35 / 004 art. 5 and 21: kilometres settled against the allowance to date at the
    product's rates, plus on an early return the product's termination fee."""
    product = scenario.product
    allowance = ledger.allowance_at(run)
    driven = _driven_km(ledger, event, run)
    gap = driven - allowance
    km_amount = to_cents(gap * (product.excess_km_rate if gap > 0 else product.under_km_rate))
    fee, fee_facts = (Decimal("0.00"), {}) if event.type == "end" else _termination_fee(scenario, ledger, name, run)
    eco = _eco_premium(scenario, run) if event.type == "early_return" else Decimal("0.00")
    settlement = km_amount + fee + eco

    def explain(lang: str) -> str:
        n = ex.km(abs(gap), lang)
        if gap > 0:
            km_part = ex.text("km_excess", lang, n=n, allowance=ex.km(allowance, lang),
                              rate=ex.rate(product.excess_km_rate, lang), amount=ex.eur(km_amount, lang))
        elif gap < 0 and product.under_km_rate:
            km_part = ex.text("km_under", lang, n=n, allowance=ex.km(allowance, lang),
                              rate=ex.rate(product.under_km_rate, lang), amount=ex.eur(-km_amount, lang))
        elif gap < 0:
            km_part = ex.text("km_under_unpaid", lang, n=n, allowance=ex.km(allowance, lang))
        else:
            km_part = ex.text("km_match", lang, driven=ex.km(driven, lang))
        fee_part = ""
        if event.type == "early_return":
            rule = ex.text(product.termination, lang, count=fee_facts["remaining_months"],  # type: ignore[arg-type]
                           **_fee_words(fee_facts, ledger, run, lang))
            fee_part = ex.text("fee", lang, fee=ex.eur(fee, lang), rule=rule)
        eco_part = ex.text("fixed_eco", lang, eco=ex.eur(eco, lang), before=str(product.eco_premium_before_month)) if eco else ""
        return ex.text("fixed_return", lang, count=run, run=str(run), km_part=km_part, fee_part=fee_part,
                       eco_part=eco_part, outcome=ex.outcome(settlement, lang))

    details = {"km_driven": driven, "allowance_km": allowance.quantize(Decimal("0.01")), "km_settlement": km_amount,
               "termination_fee": fee, "eco_premium": eco, **fee_facts}
    return Step(event, ledger.rent, ledger.rent, run, settlement, _explained(explain), details)


def _termination_fee(scenario: Scenario, ledger: _Ledger, name: str, run: int) -> tuple[Decimal, dict[str, Any]]:
    """The early-return fee: every remaining rent (Best Deal, 003 q.35), half of them (001), or
    the Keurmerk rule (004 art. 21): the lower of the percentage of the remaining rents and
    (rent of the shorter duration in the price list at signing − contract rent) × months run."""
    product = scenario.product
    remaining = ledger.months - run
    rent = ledger.rent
    if product.termination is None:
        raise LeaseInputError("product.termination", "is required to charge an early return", "termination_missing")
    if product.termination == "remaining_rents":
        return rent * remaining, {"remaining_months": remaining}
    if product.termination == "half_remaining_rents":
        return to_cents(rent * remaining / 2), {"remaining_months": remaining}
    assert product.grid is not None and product.keurmerk_percentage is not None
    by_percentage = to_cents(product.keurmerk_percentage * rent * remaining)
    short_rent = product.grid.quote(run, scenario.contract.annual_km, (f"{name}.at_month", "contract.annual_km")).monthly_rent
    by_shorter = max(Decimal("0.00"), (short_rent - rent) * run)
    return min(by_percentage, by_shorter), {
        "remaining_months": remaining, "percentage": product.keurmerk_percentage, "by_percentage": by_percentage,
        "shorter_duration_rent": short_rent, "by_shorter_duration": by_shorter,
    }


def _fee_words(facts: dict[str, Any], ledger: _Ledger, run: int, lang: str) -> dict[str, str]:
    words = {"remaining": str(facts["remaining_months"]), "rent": ex.eur(ledger.rent, lang), "run_months": ex.months(run, lang)}
    if "by_percentage" in facts:
        words.update(
            pct=ex.percent(facts["percentage"], lang),
            by_percentage=ex.eur(facts["by_percentage"], lang),
            short_rent=ex.eur(facts["shorter_duration_rent"], lang),
            by_shorter=ex.eur(facts["by_shorter_duration"], lang),
        )
    return words


def _first_invoice(scenario: Scenario) -> FirstInvoice | None:
    """001 "Aspects financiers" q.3, 003 q.11: delivered on day d, the first invoice runs to the end of
    that month when d ≤ the cut-off day, else to the end of the next month; the part-month is
    prorated by calendar days (rent × days used / days in the month)."""
    c, cutoff = scenario.contract, scenario.product.first_invoice_cutoff_day
    if c.start_date is None:
        return None
    start = c.start_date
    days_in_month = calendar.monthrange(start.year, start.month)[1]
    used = days_in_month - start.day + 1
    amount = to_cents(c.monthly_rent * used / days_in_month)
    end = start.replace(day=days_in_month)
    if cutoff is not None and start.day > cutoff:
        nxt = end + dt.timedelta(days=1)
        end = nxt.replace(day=calendar.monthrange(nxt.year, nxt.month)[1])
        amount += c.monthly_rent
    return FirstInvoice(start, end, amount, used, days_in_month)
