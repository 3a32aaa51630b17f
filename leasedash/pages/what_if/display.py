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
from leasedash.services.what_if import Controls, KeptScenario, ScenarioAnswer, WhatIfTerms


@dataclass(frozen=True)
class Outcome:
    """The new rent, the settlement (invoice or refund) and why; or why the engine refuses the scenario."""

    problem: str = ""
    rent: str = ""
    settlement: str = ""
    kind: str = ""
    color: str = styles.NEUTRAL
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
    """The answer for the sliders, formatted for the reader."""
    if reply.problem is not None:
        texts = catalog(lang)
        code = reply.problem.code
        return Outcome(problem=texts.get(f"whatif.error.{code}") or texts["whatif.error.other"].format(field=reply.problem.field))
    result = reply.result
    if result is None:
        return Outcome()
    total = result.total_settlement
    kind, color = (("whatif.invoice", styles.INVOICE) if total > 0 else ("whatif.refund", styles.REFUND) if total < 0
                   else ("whatif.nothing", styles.NEUTRAL))
    return Outcome(rent=format_money(result.monthly_rent, lang), settlement=format_money(abs(total), lang),
                   kind=translate(kind, lang), color=color,
                   whole=translate("whatif.whole_cost", lang, amount=format_money(reply.series[-1], lang)),
                   why=" ".join(step.explanations[lang] for step in result.steps))


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
    return KeptLine(kept.name, format_money(kept.monthly_rent, lang), format_money(kept.settlement, lang), format_money(kept.whole_cost, lang))


def saved_line(saved: SavedWhatIf, lang: str) -> SavedLine:
    return SavedLine(str(saved.scenario_id), saved.name, format_date(saved.saved_on, lang), format_money(saved.settlement, lang))
