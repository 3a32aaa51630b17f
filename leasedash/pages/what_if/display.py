"""What the what-if page shows, in the reader's language: the answer for the sliders (its chart as a layout, the
contract's trace and the scenario's trace, each sent when it changes), the contract line, the kept and the saved
scenarios."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from leasedash import styles
from leasedash.charts.scenario_charts import comparison_chart, cumulative_layout, current_trace, scenario_trace
from leasedash.i18n import catalog, format_date, format_km, format_money, plural, translate
from leasedash.services.saved_scenarios import SavedWhatIf
from leasedash.domain.projection import MIN_DAYS_FOR_PACE, km_at_month
from leasedash.services.what_if import Controls, KeptScenario, Moment, ScenarioAnswer, Standing, WhatIfTerms, headline_rent


@dataclass(frozen=True)
class Outcome:
    """The rent from now on (or, for an early return, the months billed and their rent), the settlement (invoice or
    refund), its steps each with its date when there are several, and why; or why the engine refuses the scenario."""

    problem: str = ""
    rent_label: str = ""
    rent: str = ""
    settlement: str = ""
    kind: str = ""
    color: str = styles.NEUTRAL
    steps: tuple[str, ...] = ()
    whole: str = ""
    why: str = ""


@dataclass(frozen=True)
class Readouts:
    """What each slider reads, in the reader's format."""

    change_month: str = ""
    new_km: str = ""
    new_months: str = ""
    return_month: str = ""
    return_km: str = ""


@dataclass(frozen=True)
class KeptLine:
    """A kept scenario in the comparison table."""

    scenario_id: str
    name: str
    rent: str
    settlement: str
    whole_cost: str


@dataclass(frozen=True)
class SavedLine:
    """A saved scenario in its owner's list."""

    scenario_id: str
    name: str
    saved_on: str
    settlement: str


def outcome_of(reply: ScenarioAnswer, lang: str) -> Outcome:
    """The answer for the sliders, formatted for the reader: amounts always positive, named invoice or refund."""
    if reply.problem is not None:
        texts = catalog(lang)
        code = reply.problem.code
        return Outcome(problem=texts.get(f"whatif.error.{code}") or texts["whatif.error.other"].format(field=reply.problem.field))
    result = reply.result
    if result is None:
        return Outcome()
    total, last = result.total_settlement, result.steps[-1]
    if last.event.type == "early_return":
        label, rent = translate("whatif.billed_label", lang), plural("whatif.billed_at", last.billed_months, lang,
                                                                      rent=format_money(last.rent_after, lang))
    else:
        label, rent = translate("whatif.rent_from_now", lang), format_money(headline_rent(result), lang)
    kind, color = _kind(total)
    steps = tuple(translate("whatif.step_line", lang, when=_when(m, lang), amount=settled(m.settlement, lang, "whatif.step"))
                  for m in reply.moments) if len(reply.moments) > 1 else ()
    return Outcome(rent_label=label, rent=rent, settlement=format_money(abs(total), lang), kind=translate(kind, lang), color=color,
                   steps=steps, whole=translate("whatif.whole_cost", lang, amount=format_money(reply.series[-1], lang)),
                   why=" ".join(step.explanations[lang] for step in result.steps))


def _kind(amount: Decimal) -> tuple[str, str]:
    if amount > 0:
        return "whatif.invoice", styles.INVOICE
    return ("whatif.refund", styles.REFUND) if amount < 0 else ("whatif.nothing", styles.NEUTRAL)


def settled(amount: Decimal, lang: str, prefix: str = "whatif.amount") -> str:
    """An amount as what it is: "Invoice €441.84", "Refund €435.84", "Nothing to settle" (prefix "whatif.step": "invoice
    €299.80", after the step's date); never a negative amount."""
    kind = "invoice" if amount > 0 else "refund" if amount < 0 else "nothing"
    return translate(f"{prefix}_{kind}", lang, amount=format_money(abs(amount), lang))


def _when(moment: Moment, lang: str) -> str:
    """When a step settles: "Now", "At month 24, 15 Jan 2028", "At the return, …", "At the end, 1 Mar 2029"."""
    if moment.kind == "now":
        return translate("whatif.when_now", lang)
    return translate(f"whatif.when_{moment.kind}", lang, month=moment.month, date=format_date(moment.day, lang) if moment.day else "")


def floor_text(bounds_floor: int, anew: bool, lang: str) -> str:
    """Why the sliders of a change and a return start at the month the contract has reached, or that the contract is
    simulated from its start."""
    if anew:
        return translate("whatif.anew_note", lang)
    return translate("whatif.floor", lang, month=bounds_floor) if bounds_floor > 1 else ""


def pace_text(standing: Standing, terms: WhatIfTerms | None, lang: str) -> str:
    """The pace driven so far, as the "pace driven so far" choice uses it: the latest reading and the km it projects
    to the contract's end."""
    if terms is None:
        return ""
    driven = standing.driven
    if driven.reading_date is None or driven.days < MIN_DAYS_FOR_PACE:
        return translate("whatif.pace_none", lang, days=MIN_DAYS_FOR_PACE)
    end_km = km_at_month(driven.km, driven.days, terms.annual_km, terms.months)
    return translate("whatif.pace_note", lang, date=format_date(driven.reading_date, lang), km=format_km(driven.km, lang),
                     end_km=format_km(end_km, lang), month=terms.months)


def readouts_of(controls: Controls, lang: str) -> Readouts:
    """What each slider reads, in the reader's format."""
    return Readouts(str(controls.change_month), format_km(controls.new_km, lang), plural("whatif.months", controls.new_months, lang),
                    str(controls.return_month), format_km(controls.return_km, lang))


def contract_line(terms: WhatIfTerms | None, lang: str) -> str:
    """The contract simulated: reference, product, duration, mileage and rent."""
    if terms is None:
        return ""
    return plural("whatif.contract_line", terms.months, lang, reference=terms.reference, product=terms.product,
                  km=format_km(terms.annual_km, lang), rent=format_money(terms.monthly_rent, lang))


def forbidden_text(terms: WhatIfTerms | None, lang: str) -> str:
    """Why the contract's mileage and duration cannot change, for a product that fixes them."""
    if terms is None or terms.changes_allowed:
        return ""
    return translate("whatif.changes_forbidden", lang, product=terms.product)


def earliest_text(terms: WhatIfTerms | None, lang: str) -> str:
    """From which month the product allows an early return, when not from the first."""
    if terms is None or terms.earliest_return <= 1:
        return ""
    return translate("whatif.earliest", lang, product=terms.product, month=terms.earliest_return)


def _chart_labels(title_key: str, lang: str) -> dict[str, str]:
    keys = {"title": title_key, "current": "whatif.chart_current", "scenario": "whatif.chart_scenario",
            "month": "whatif.chart_month", "paid": "whatif.chart_paid"}
    return {name: translate(key, lang) for name, key in keys.items()}


@functools.cache
def money_pattern(lang: str) -> tuple[str, str]:
    """How the charts' hover writes an amount as format_money does ("1 060,92 €" in French): Plotly's pattern, with
    the symbol where the language puts it, and the decimal and thousands separators, read off format_money once."""
    sample = format_money(Decimal("1234.56"), lang)
    digits = re.search(r"1(\D?)234(\D)56", sample)
    return sample[:digits.start()] + "%{y:,.2f}" + sample[digits.end():], digits.group(2) + digits.group(1)


def chart_layout(lang: str) -> dict:
    """The cumulative chart's layout in the reader's language (sent once a language)."""
    return cumulative_layout(_chart_labels("whatif.chart_title", lang), money_pattern(lang)[1])


def current_traces(reply: ScenarioAnswer, lang: str) -> list[dict]:
    """The contract as it stands (sent once a contract); none before a contract is open."""
    if not reply.current:
        return []
    return [current_trace(reply.current, _chart_labels("whatif.chart_title", lang), money_pattern(lang)[0])]


def scenario_traces(reply: ScenarioAnswer, lang: str) -> list[dict]:
    """The scenario drawn (the contract as it stands when the engine refuses the scenario)."""
    if not reply.current:
        return []
    return [scenario_trace(reply.series or reply.current, _chart_labels("whatif.chart_title", lang), money_pattern(lang)[0])]


def comparison(named: list[tuple[str, tuple[Decimal, ...]]], current: tuple[Decimal, ...], lang: str) -> go.Figure:
    """Kept scenarios' cumulative costs side by side, with the contract as it stands."""
    amount, separators = money_pattern(lang)
    return comparison_chart(named, current, _chart_labels("whatif.compare_title", lang), amount, separators)


def kept_line(kept: KeptScenario, lang: str) -> KeptLine:
    return KeptLine(str(kept.scenario_id), kept.name, format_money(kept.monthly_rent, lang), settled(kept.settlement, lang),
                    format_money(kept.whole_cost, lang))


def saved_line(saved: SavedWhatIf, lang: str) -> SavedLine:
    return SavedLine(str(saved.scenario_id), saved.name, format_date(saved.saved_on, lang), settled(saved.settlement, lang))
