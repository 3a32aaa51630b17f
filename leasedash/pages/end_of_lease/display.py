"""What /end-of-lease shows, in the reader's language: the three paths as columns (each figure, the rule it follows,
estimate or quote), the cheapest and why, the assumptions one sentence each, the dates, the buy-out request, and the
cumulative chart; every figure read off the one Decision that the CLI and the API print too."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from leasedash import routes, styles
from leasedash.charts.end_of_lease_charts import paths_chart
from leasedash.domain.end_options import BUY_OUT, EXTEND, RETURN, EndOptions, PathResult, end_rules
from leasedash.domain.pricing import pricing_parameters
from leasedash.i18n import format_date, format_km, format_money, plural, translate
from leasedash.i18n.formatting import percent
from leasedash.pages.what_if.display import money_pattern
from leasedash.services.end_of_lease import Decision

COLORS = {RETURN: styles.NEUTRAL, EXTEND: "blue", BUY_OUT: "teal"}


@dataclass(frozen=True)
class Figure:
    """One line of a column: what it is, its amount, and a note (an estimate, a rule)."""

    label: str
    amount: str
    note: str = ""


@dataclass(frozen=True)
class PathColumn:
    """One path as its column shows it."""

    path: str
    title: str
    total: str
    lines: list[Figure]
    rule: str
    badges: list[str]
    cheapest: bool
    color: str


@dataclass(frozen=True)
class Summary:
    """The contract, the date and the pace the figures stand on, the cheapest path and why, the dates."""

    contract: str = ""
    as_of: str = ""
    verdict: str = ""
    why: str = ""
    dates: str = ""
    costs_source: str = ""
    costs_estimate: bool = False
    extension: str = ""


def _money(value: Decimal, lang: str) -> str:
    return format_money(value, lang)


def path_title(path: str, lang: str) -> str:
    return translate(f"endlease.path.{path}", lang)


def _rule(decision: Decision, path: PathResult, lang: str) -> str:
    values = {"km": format_km(path.facts.get("km", 0), lang), "product": decision.product,
              "rent": _money(path.figures.get("new_rent", Decimal(0)), lang)}
    return translate(f"endlease.rule.{path.rule}", lang, **values)


def _lines(options: EndOptions, path: PathResult, lang: str) -> list[Figure]:
    f, m = path.figures, lambda key: _money(path.figures[key], lang)
    costs = options.return_costs
    cost_note = translate("endlease.estimate", lang) if costs.estimate else ""
    rents = Figure(plural("endlease.line.rents", options.months_left, lang), m("rents"))
    if path.path == RETURN:
        out = [rents, Figure(translate("endlease.line.km_settlement", lang), m("km_settlement")),
               Figure(translate("endlease.line.return_costs", lang), m("return_costs"), cost_note)]
        if f["energy"]:
            out.append(Figure(translate("endlease.line.energy", lang), m("energy")))
        return out
    if path.path == EXTEND:
        out = [rents]
        if "recalculation" in f:
            out.append(Figure(translate("endlease.line.recalculation", lang), m("recalculation")))
        new_rents = plural("endlease.line.new_rents", options.extension_months, lang, rent=m("new_rent"))
        out += [Figure(new_rents, m("new_rents"), translate("endlease.estimate", lang) if path.lessor_must_quote else ""),
                Figure(translate("endlease.line.km_settlement_later", lang), m("km_settlement")),
                Figure(translate("endlease.line.return_costs", lang), m("return_costs"), cost_note)]
        return out
    price_note = translate("endlease.quoted" if not path.estimate else "endlease.estimate", lang)
    avoided = translate("endlease.line.avoided", lang, km=m("avoided_km_settlement"), costs=m("avoided_return_costs"))
    return [rents, Figure(translate("endlease.line.buy_out_price", lang), m("buy_out_price"), price_note),
            Figure(translate("endlease.line.value_kept", lang), m("value_kept"), translate("endlease.estimate", lang)),
            Figure(avoided, "")]


def columns(decision: Decision | None, lang: str) -> list[PathColumn]:
    """The three paths side by side, the cheapest marked."""
    if decision is None:
        return []
    options, out = decision.options, []
    totals, cheapest = options.totals(), options.cheapest
    for path in options.paths:
        badges = []
        if path.path == cheapest:
            badges.append(translate("endlease.cheapest", lang))
        if path.lessor_must_quote:
            badges.append(translate("endlease.lessor_must_quote", lang))
        if path.estimate:
            badges.append(translate("endlease.estimate", lang))
        if path.path == BUY_OUT and not path.estimate:
            badges.append(translate("endlease.quoted", lang))
        title = plural("endlease.path.extend_by", options.extension_months, lang) if path.path == EXTEND else path_title(path.path, lang)
        out.append(PathColumn(path.path, title, _money(totals[path.path], lang), _lines(options, path, lang), _rule(decision, path, lang),
                              badges, path.path == cheapest, COLORS[path.path]))
    return out


def summary(decision: Decision | None, lang: str) -> Summary:
    """The contract line, what the figures stand on, the verdict and its reason, the dates that frame the decision."""
    if decision is None:
        return Summary()
    o = decision.options
    contract = translate("endlease.contract_line", lang, reference=decision.reference, car=decision.car, driver=decision.driver,
                         product=decision.product, date=format_date(decision.end_date, lang))
    as_of = translate("endlease.as_of", lang, date=format_date(decision.as_of, lang), km=format_km(o.projected_km, lang))
    cheapest = o.cheapest
    verdict = plural("endlease.verdict", o.horizon, lang, path=path_title(cheapest, lang), saving=_money(o.saving, lang),
                     other=path_title(o.runner_up, lang))
    why_values = {"value": _money(-o.path(BUY_OUT).figures["value_kept"], lang),
                  "rent": _money(o.path(EXTEND).figures["new_rent"], lang)}
    why = translate(f"endlease.why.{cheapest}", lang, **why_values)
    dates = translate("endlease.dates", lang, notice=format_date(o.notice_by, lang), opens=format_date(o.buy_out_opens, lang),
                      end=format_date(decision.end_date, lang)) if o.notice_by and o.buy_out_opens else ""
    costs = o.return_costs
    source = translate(f"endlease.costs.{costs.source}", lang, product=decision.product)
    extension = plural("endlease.months", o.extension_months, lang)
    return Summary(contract, as_of, verdict, why, dates, source, costs.estimate, extension)


def assumptions(decision: Decision | None, lang: str) -> list[str]:
    """The estimate's assumptions, one sentence each: the horizon, the pace, the residual curve, the value of a km,
    the extension's rent when it is estimated, and what buying out leaves out."""
    if decision is None:
        return []
    o, p = decision.options, pricing_parameters()
    curve = ", ".join(f"{percent(Decimal(v), lang)} ({plural('endlease.months', int(m), lang)})"
                      for m, v in sorted(p["residual_value_by_months"].items(), key=lambda kv: int(kv[0])))
    out = [plural("endlease.assume.horizon", o.horizon, lang),
           translate("endlease.assume.pace", lang, pace=format_km(o.annual_pace, lang), km=format_km(o.projected_km, lang)),
           translate("endlease.assume.residual", lang, curve=curve, age=plural("endlease.months", o.car_age_at_end, lang),
                     spread=percent(end_rules().market_value_uncertainty, lang)),
           translate("endlease.assume.km_value", lang, rate=_money(Decimal(p["value_loss_per_extra_km"]), lang),
                     average=format_km(p["average_annual_km"], lang))]
    extend = o.path(EXTEND)
    if extend.lessor_must_quote:
        out.append(translate("endlease.assume.extension", lang, months=plural("endlease.months", extend.facts["months"], lang)))
    out += [translate("endlease.assume.buy_out", lang), translate("endlease.assume.next_car", lang)]
    return out


def chart(decision: Decision | None, lang: str) -> go.Figure:
    """The cumulative cost of each path, month by month from today."""
    if decision is None:
        return go.Figure()
    o = decision.options
    labels = {"title": translate("endlease.chart_title", lang), "month": translate("endlease.chart_month", lang),
              "paid": translate("endlease.chart_paid", lang)}
    amount, separators = money_pattern(lang)
    named = [(path_title(p.path, lang), p.cumulative(o.horizon)) for p in o.paths]
    return paths_chart(named, labels, amount, separators)


def self_check_link(decision: Decision | None) -> str:
    """Where a driver does a self-check when the return costs are only the product's typical average."""
    return routes.RETURNS if decision is not None and decision.options.return_costs.estimate else ""
