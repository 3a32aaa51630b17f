"""What /offers shows, in the reader's language: pure functions from the plan, the figures and the offers the
services return to the lines, rows and chart of the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable
from decimal import Decimal

import plotly.graph_objects as go

from leasedash.charts.offer_charts import offers_comparison
from leasedash.domain.car_offer import CatalogueCar, OfferPrice, option_kind, rent_after_contribution
from leasedash.domain.mobility_plan import MobilityPlan
from leasedash.i18n import format_date, format_km, format_money, plural
from leasedash.services.offer_book import Catalogue, OfferDetail, OfferRow


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class OptionLine:
    code: str
    name: str
    kind: str
    price: str
    promotion: str
    on: bool


@dataclass(frozen=True)
class FigureLine:
    label: str
    amount: str
    note: str
    warn: bool
    strong: bool


@dataclass(frozen=True)
class RentSummary:
    """The rent against the budget, and the contribution with its formula C = B / a, or why it is refused."""

    rent: str
    budget: str
    over: bool
    total: str
    after: str
    formula: str
    refusal: str


@dataclass(frozen=True)
class OfferLine:
    id: int
    car: str
    driver: str
    terms: str
    rent: str
    over: bool
    contribution: str
    status: str
    status_text: str
    expires: str
    quote_text: str
    quote_ok: bool
    ticked: bool


@dataclass(frozen=True)
class OpenedOffer:
    """The offer opened: its heading and what the reader may still do with it."""

    id: int
    car: str
    status_text: str
    reason: str
    open: bool
    deletable: bool
    decidable: bool
    quote_ok: bool
    quote_text: str


@dataclass(frozen=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True)
class StepLine:
    when: str
    what: str
    who: str
    reason: str


def less(amount: Decimal, lang: str) -> str:
    """A discount as the line of a price: minus the amount, or nothing to take off."""
    return "−" + format_money(amount, lang) if amount else format_money(amount, lang)


def terms(months: int, km: int, lang: str) -> str:
    """"48 months · 20,000 km"."""
    return f"{plural('offers.months', months, lang)} · {format_km(km, lang)}"


def plan_lines(p: MobilityPlan | None, tr: dict[str, str], lang: str) -> list[str]:
    """The employer's plan in a few sentences: budget, terms, adapting, contribution, discount, car policy."""
    if p is None:
        return []
    if not p.contribution_allowed:
        contribution = tr["offers.plan_no_contribution"]
    elif p.contribution_cap:
        contribution = tr["offers.plan_contribution_cap"].format(amount=format_money(p.contribution_cap, lang))
    else:
        contribution = tr["offers.plan_contribution"]
    policy = [", ".join(p.makes), ", ".join(p.segments), ", ".join(tr[f"fuel.{f}"] for f in p.fuels)]
    if p.co2_cap is not None:
        policy.append(tr["offers.plan_co2"].format(co2=p.co2_cap))
    return [tr["offers.plan_budget"].format(amount=format_money(p.monthly_budget, lang)),
            tr["offers.plan_terms"].format(months=", ".join(map(str, p.durations)), km=", ".join(format_km(k, lang) for k in p.annual_km)),
            tr["offers.plan_adapt" if p.driver_may_adapt else "offers.plan_fixed"], contribution,
            tr["offers.plan_discount"].format(percent=f"{(p.standard_discount * 100).normalize():f}"),
            tr["offers.plan_policy"].format(policy=" · ".join(x for x in policy if x))]


def car_choices(catalogue: Catalogue | None, lang: str) -> list[Choice]:
    """The models the plan offers, each with its list price."""
    return [Choice(c.model, f"{c.make} {c.model} · {format_money(c.price, lang)}") for c in (catalogue.offered if catalogue else ())]


def not_offered(cars: tuple[tuple[CatalogueCar, tuple[str, ...]], ...], co2_cap: int | None, tr: dict[str, str]) -> list[Line]:
    """Each model the plan does not offer, with why (seed 000's two reasons: outside the plan, or too recent)."""
    return [Line(f"{car.make} {car.model}", "; ".join(tr[f"offers.why.{r}"].format(co2=car.co2, cap=co2_cap, fuel=tr.get(f"fuel.{car.fuel}", car.fuel),
                                                                                  segment=car.segment) for r in why))
            for car, why in cars]


def option_lines(car: CatalogueCar | None, chosen: list[str], tr: dict[str, str], lang: str) -> list[OptionLine]:
    """The car's options and packs, each with its price, its promotion, and whether it is chosen."""
    if car is None:
        return []
    return [OptionLine(code, tr[f"option.{code}"], tr[f"offers.kind.{option_kind(code)}"], format_money(price, lang),
                       tr["offers.promotion"].format(amount=format_money(car.promotions[code], lang)) if code in car.promotions else "",
                       code in chosen) for code, price in car.options.items()]


def figure_lines(p: OfferPrice | None, tr: dict[str, str], lang: str) -> list[FigureLine]:
    """The offer's price, line by line, down to the net price excl. VAT."""
    if p is None:
        return []
    promotion_note = tr["offers.check_entitled"] if p.promotion else ""
    return [FigureLine(tr["offers.list_price"], format_money(p.list_price, lang), "", False, False),
            FigureLine(tr["offers.options_price"], format_money(p.options_price, lang), "", False, False),
            FigureLine(tr["offers.standard_discount"], less(p.standard_discount, lang), tr["offers.standard_auto"], False, False),
            FigureLine(tr["offers.promotions"], less(p.promotion, lang), promotion_note, bool(promotion_note), False),
            FigureLine(tr["offers.dealer_discount"], less(p.dealer_discount, lang), "", False, False),
            FigureLine(tr["offers.net_price"], format_money(p.net_price, lang), "", False, True),
            FigureLine(tr["offers.net_excl_vat"], format_money(p.net_price_excl_vat, lang), "", False, True)]


def rent_summary(p: OfferPrice | None, plan: MobilityPlan | None, tr: dict[str, str], lang: str) -> RentSummary | None:
    """The rent of the offer being built against the plan's budget."""
    if p is None or plan is None:
        return None
    c = p.contribution
    over = c.over_budget > 0
    formula = tr["offers.formula"].format(over=format_money(c.over_budget, lang), factor=f"{c.factor:.6f}", amount=format_money(c.amount, lang),
                                          months=p.months) if over else ""
    refusal = tr[f"error.contribution_{c.refusal}"].format(cap=format_money(plan.contribution_cap or Decimal(0), lang)) if over and c.refusal else ""
    return RentSummary(format_money(p.monthly_rent, lang), tr["offers.of_budget"].format(amount=format_money(plan.monthly_budget, lang)), over,
                       format_money(p.total_cost.quantize(Decimal("0.01")), lang), format_money(p.rent_after_contribution, lang), formula, refusal)


def offer_lines(offers: list[OfferRow], ticked: list[int], tr: dict[str, str], lang: str) -> list[OfferLine]:
    """The rows of the list: terms, rent (over budget or not), contribution, status, expiry, quote check, ticked."""
    return [OfferLine(o.id, o.car, o.driver, terms(o.months, o.annual_km, lang), format_money(o.monthly_rent, lang), o.monthly_rent > o.monthly_budget,
                      format_money(o.contribution, lang) if o.contribution else "—", o.status, tr[f"offer_status.{o.status}"],
                      format_date(o.expires, lang) if o.status == "offer" else "", tr[f"offers.quote.{o.quote}"], o.quote == "ok", o.id in ticked)
            for o in offers]


def _paid(o: OfferRow) -> Decimal:
    """The contribution the driver pays: none when the plan refuses it."""
    return Decimal(0) if o.refusal else o.contribution


def _rent_after(o: OfferRow) -> Decimal:
    return rent_after_contribution(o.monthly_rent, _paid(o), o.months)


def _total(o: OfferRow) -> Decimal:
    return _rent_after(o) * o.months + _paid(o)


def compare_rows(chosen: list[OfferRow], tr: dict[str, str], lang: str) -> list[list[str]]:
    """One row per figure, one column per ticked offer (two at least)."""
    if len(chosen) < 2:
        return []
    contribution = [(format_money(o.contribution, lang) if not o.refusal else tr["offers.refused"]) if o.contribution else "—" for o in chosen]
    return [[tr["offers.car"], *(o.car for o in chosen)],
            [tr["offers.terms"], *(terms(o.months, o.annual_km, lang) for o in chosen)],
            [tr["offers.net_excl_vat"], *(format_money(o.net_excl_vat, lang) for o in chosen)],
            [tr["offers.rent"], *(format_money(o.monthly_rent, lang) for o in chosen)],
            [tr["offers.contribution"], *contribution],
            [tr["offers.rent_after"], *(format_money(_rent_after(o), lang) for o in chosen)],
            [tr["offers.total_cost"], *(format_money(_total(o), lang) for o in chosen)]]


def compare_chart(chosen: list[OfferRow], tr: dict[str, str]) -> go.Figure:
    """The ticked offers' rents against the budget and their cost over the term (two at least)."""
    if len(chosen) < 2:
        return go.Figure()
    return offers_comparison([f"#{o.id} {o.car}" for o in chosen], [float(_rent_after(o)) for o in chosen], [float(_paid(o)) for o in chosen],
                             [float(_total(o)) for o in chosen], float(chosen[0].monthly_budget), (tr["offers.chart_rent"], tr["offers.chart_total"]),
                             (tr["offers.rent"], tr["offers.contribution"], tr["offers.budget"]))


def quote_text(d: OfferDetail, tr: dict[str, str], lang: str) -> str:
    """Whether the dealer's quote is there and says the same net price excl. VAT (000: "ces deux prix doivent être identiques")."""
    if d.row.quote == "mismatch":
        return tr["offers.quote_mismatch_detail"].format(quote=format_money(d.quote_price, lang), offer=format_money(d.row.net_excl_vat, lang))
    return tr["offers.quote_matches"] if d.row.quote == "ok" else tr[f"offers.quote.{d.row.quote}"]


def opened_offer(d: OfferDetail | None, role: str, tr: dict[str, str], lang: str) -> OpenedOffer | None:
    """The opened offer's heading, quote check and what the reader may do: the driver with their own offer, the manager with one sent."""
    if d is None:
        return None
    status = d.row.status
    return OpenedOffer(d.row.id, d.row.car, tr[f"offer_status.{status}"], d.reject_reason, d.mine and status == "offer",
                       d.mine and status in ("offer", "sent", "rejected"), role != "driver" and status == "sent", d.row.quote == "ok", quote_text(d, tr, lang))


def detail_lines(d: OfferDetail | None, tr: dict[str, str], lang: str) -> list[Line]:
    """The opened offer's figures, as stored when it was built."""
    if d is None:
        return []
    o = d.row
    contribution = (format_money(o.contribution, lang) + (" · " + tr["offers.refused"] if o.refusal else "")) if o.contribution else "—"
    return [Line(tr["offers.terms"], terms(o.months, o.annual_km, lang)),
            Line(tr["offers.options"], ", ".join(tr[f"option.{c}"] for c in d.option_codes) or "—"),
            Line(tr["offers.list_price"], format_money(d.list_price, lang)), Line(tr["offers.options_price"], format_money(d.options_price, lang)),
            Line(tr["offers.standard_discount"], less(d.standard_discount, lang)), Line(tr["offers.promotions"], less(d.promotion, lang)),
            Line(tr["offers.dealer_discount"], less(d.dealer_discount, lang)), Line(tr["offers.net_price"], format_money(d.net_price, lang)),
            Line(tr["offers.net_excl_vat"], format_money(o.net_excl_vat, lang)),
            Line(tr["offers.rent"], format_money(o.monthly_rent, lang) + " · " + tr["offers.of_budget"].format(amount=format_money(o.monthly_budget, lang))),
            Line(tr["offers.contribution"], contribution)]


def step_lines(d: OfferDetail | None, tr: dict[str, str], lang: str) -> list[StepLine]:
    """The opened offer's history: when, what, who, and the reason of a rejection."""
    def when(at: dt.datetime) -> str:
        moment = at.astimezone()
        return f"{format_date(moment.date(), lang)} {moment:%H:%M}"

    return [StepLine(when(s.at), tr[f"offer_step.{s.action}"], s.who, s.reason if s.action == "rejected" else "") for s in d.steps] if d else []


def quote_links(d: OfferDetail | None, file_link: Callable[[str, int], str]) -> list[Line]:
    """The dealer quotes of the opened offer, each behind a short-lived signed link (AppState.file_link)."""
    return [Line(q.name, file_link("quote", q.id)) for q in d.quotes] if d else []
