"""What /offers shows, in the reader's language: pure functions from the offers' figures (kept as strings in
the page state) to the lines, rows and chart of the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import plotly.graph_objects as go

from leasedash.charts.offer_charts import offers_comparison
from leasedash.domain.car_offer import rent_after_contribution
from leasedash.i18n import format_date, format_km, format_money

Row = dict[str, str]


def refusal(exc: Exception, field_prefix: str, tr: dict[str, str]) -> str:
    """A refusal in the reader's language: its code's message, else the field (named with `field_prefix` keys) and the reason."""
    code = getattr(exc, "code", "")
    if code and f"error.{code}" in tr:
        return tr[f"error.{code}"]
    field = getattr(exc, "field", "")
    return tr["offers.error_field"].format(field=tr.get(f"{field_prefix}{field}", field), reason=getattr(exc, "reason", None) or str(exc))


def money(value: str, lang: str) -> str:
    return format_money(Decimal(value), lang) if value not in ("", None) else ""


def less(value: str, lang: str) -> str:
    """A discount as the line of a price: minus the amount, or nothing to take off."""
    return money(value, lang) if not Decimal(value) else "−" + money(value, lang)


def terms(months: str, km: str, tr: dict[str, str], lang: str) -> str:
    return f"{months} {tr['common.months']} · {format_km(int(km), lang)}"


def plan_lines(p: Row, tr: dict[str, str], lang: str) -> list[str]:
    """The employer's plan in a few sentences: budget, terms, adapting, contribution, discount, car policy."""
    if not p:
        return []
    contribution = (tr["offers.plan_contribution_cap"].format(amount=money(p["cap"], lang)) if p["cap"] else tr["offers.plan_contribution"]) \
        if p["contribution"] else tr["offers.plan_no_contribution"]
    policy = [p["makes"], p["segments"], ", ".join(tr[f"fuel.{f}"] for f in p["fuels"].split(",") if f)]
    if p["co2"]:
        policy.append(tr["offers.plan_co2"].format(co2=p["co2"]))
    return [tr["offers.plan_budget"].format(amount=money(p["budget"], lang)),
            tr["offers.plan_terms"].format(months=p["durations"], km=", ".join(format_km(int(k), lang) for k in p["km"].split(","))),
            tr["offers.plan_adapt" if p["may_adapt"] else "offers.plan_fixed"], contribution,
            tr["offers.plan_discount"].format(percent=p["discount"].rstrip("0").rstrip(".")),
            tr["offers.plan_policy"].format(policy=" · ".join(x for x in policy if x))]


def not_offered(excluded: list[Row], co2_cap: str, tr: dict[str, str]) -> list[Row]:
    """Each model the plan does not offer, with why (seed 000's two reasons: outside the plan, or too recent)."""
    return [{"label": c["label"], "why": "; ".join(tr[f"offers.why.{r}"].format(co2=c["co2"], cap=co2_cap, fuel=tr.get(f"fuel.{c['fuel']}", c["fuel"]),
                                                                           segment=c["segment"]) for r in c["reasons"].split(","))}
            for c in excluded]


def option_rows(available: list[Row], chosen: list[str], tr: dict[str, str], lang: str) -> list[Row]:
    return [{"code": o["code"], "name": tr[f"option.{o['code']}"], "kind": tr[f"offers.kind.{o['kind']}"], "price": money(o["price"], lang),
             "promotion": tr["offers.promotion"].format(amount=money(o["promotion"], lang)) if o["promotion"] else "",
             "on": "1" if o["code"] in chosen else ""} for o in available]


def figure_lines(f: Row, tr: dict[str, str], lang: str) -> list[Row]:
    """The offer's price, line by line, down to the net price excl. VAT."""
    if not f:
        return []
    lines = [("offers.list_price", f["list"], ""), ("offers.options_price", f["options"], ""),
             ("offers.standard_discount", f["standard"], tr["offers.standard_auto"]),
             ("offers.promotions", f["promotion"], tr["offers.check_entitled"] if Decimal(f["promotion"]) else ""),
             ("offers.dealer_discount", f["dealer"], ""), ("offers.net_price", f["net"], ""), ("offers.net_excl_vat", f["net_excl"], "")]
    discounts = ("offers.standard_discount", "offers.promotions", "offers.dealer_discount")
    return [{"label": tr[key], "amount": less(amount, lang) if key in discounts else money(amount, lang), "note": note,
             "warn": "1" if key == "offers.promotions" and note else "", "strong": "1" if key.startswith("offers.net") else ""}
            for key, amount, note in lines]


def rent_text(f: Row, months: str, cap: str, tr: dict[str, str], lang: str) -> Row:
    """The rent against the budget, and the contribution with its formula C = B / a, or why it is refused."""
    if not f:
        return {}
    over = Decimal(f["over"]) > 0
    out = {"rent": money(f["rent"], lang), "budget": tr["offers.of_budget"].format(amount=money(f["budget"], lang)),
           "state": "over" if over else "within", "total": money(f["total"], lang), "after": money(f["after"], lang), "formula": "", "refusal": ""}
    if over:
        out["formula"] = tr["offers.formula"].format(over=money(f["over"], lang), factor=f["factor"], amount=money(f["contribution"], lang), months=months)
        if f["refusal"]:
            out["refusal"] = tr[f"error.contribution_{f['refusal']}"].format(cap=money(cap or "0", lang))
    return out


def offer_rows(offers: list[Row], ticked: list[str], tr: dict[str, str], lang: str) -> list[Row]:
    return [{**o, "rent_text": money(o["rent"], lang), "contribution_text": money(o["contribution"], lang) if Decimal(o["contribution"]) else "—",
             "terms": terms(o["months"], o["km"], tr, lang), "status_text": tr[f"offer_status.{o['status']}"],
             "expires_text": format_date(dt.date.fromisoformat(o["expires"]), lang) if o["status"] == "offer" else "",
             "quote_text": tr[f"offers.quote.{o['quote']}"], "quote_ok": "1" if o["quote"] == "ok" else "",
             "ticked": "1" if o["id"] in ticked else "", "over": "1" if Decimal(o["rent"]) > Decimal(o["budget"]) else ""}
            for o in offers]


def _paid(o: Row) -> Decimal:
    """The contribution the driver pays: none when the plan refuses it."""
    return Decimal(0) if o["refusal"] else Decimal(o["contribution"])


def _rent_after(o: Row) -> Decimal:
    return rent_after_contribution(Decimal(o["rent"]), _paid(o), int(o["months"]))


def _total(o: Row) -> Decimal:
    return _rent_after(o) * int(o["months"]) + _paid(o)


def compare_rows(chosen: list[Row], tr: dict[str, str], lang: str) -> list[list[str]]:
    """One row per figure, one column per ticked offer (two at least)."""
    if len(chosen) < 2:
        return []
    contribution = [(money(o["contribution"], lang) if not o["refusal"] else tr["offers.refused"]) if Decimal(o["contribution"]) else "—" for o in chosen]
    return [[tr["offers.car"], *(o["car"] for o in chosen)],
            [tr["offers.terms"], *(terms(o["months"], o["km"], tr, lang) for o in chosen)],
            [tr["offers.net_excl_vat"], *(money(o["net_excl"], lang) for o in chosen)],
            [tr["offers.rent"], *(money(o["rent"], lang) for o in chosen)],
            [tr["offers.contribution"], *contribution],
            [tr["offers.rent_after"], *(money(str(_rent_after(o)), lang) for o in chosen)],
            [tr["offers.total_cost"], *(money(str(_total(o)), lang) for o in chosen)]]


def compare_chart(chosen: list[Row], tr: dict[str, str]) -> go.Figure:
    if len(chosen) < 2:
        return go.Figure()
    return offers_comparison([f"#{o['id']} {o['car']}" for o in chosen], [float(_rent_after(o)) for o in chosen], [float(_paid(o)) for o in chosen],
                             [float(_total(o)) for o in chosen], float(chosen[0]["budget"]), (tr["offers.chart_rent"], tr["offers.chart_total"]),
                             (tr["offers.rent"], tr["offers.contribution"], tr["offers.budget"]))


def detail_lines(d: Row, tr: dict[str, str], lang: str) -> list[Row]:
    """The opened offer's figures, as stored when it was built."""
    if not d:
        return []
    options = ", ".join(tr[f"option.{c}"] for c in d["option_codes"].split(",") if c) or "—"
    contribution = (money(d["contribution"], lang) + (" · " + tr["offers.refused"] if d["refusal"] else "")) if Decimal(d["contribution"]) else "—"
    return [{"label": tr["offers.terms"], "value": terms(d["months"], d["km"], tr, lang)}, {"label": tr["offers.options"], "value": options},
            {"label": tr["offers.list_price"], "value": money(d["list"], lang)}, {"label": tr["offers.options_price"], "value": money(d["options"], lang)},
            {"label": tr["offers.standard_discount"], "value": less(d["standard"], lang)},
            {"label": tr["offers.promotions"], "value": less(d["promotion"], lang)},
            {"label": tr["offers.dealer_discount"], "value": less(d["dealer"], lang)},
            {"label": tr["offers.net_price"], "value": money(d["net"], lang)}, {"label": tr["offers.net_excl_vat"], "value": money(d["net_excl"], lang)},
            {"label": tr["offers.rent"], "value": money(d["rent"], lang) + " · " + tr["offers.of_budget"].format(amount=money(d["budget"], lang))},
            {"label": tr["offers.contribution"], "value": contribution}]


def quote_state(d: Row, tr: dict[str, str], lang: str) -> Row:
    """Whether the dealer's quote is there and says the same net price excl. VAT (000: "ces deux prix doivent être identiques")."""
    if not d:
        return {}
    if d["quote"] == "mismatch":
        text = tr["offers.quote_mismatch_detail"].format(quote=money(d["quote_price"], lang), offer=money(d["net_excl"], lang))
    else:
        text = tr["offers.quote_matches"] if d["quote"] == "ok" else tr[f"offers.quote.{d['quote']}"]
    return {"state": d["quote"], "text": text}


def step_rows(steps: list[Row], tr: dict[str, str], lang: str) -> list[Row]:
    def when(at: str) -> str:
        moment = dt.datetime.fromisoformat(at).astimezone()
        return f"{format_date(moment.date(), lang)} {moment:%H:%M}"

    return [{"what": tr[f"offer_step.{s['action']}"], "who": s["who"], "when": when(s["at"]), "reason": s["reason"] if s["action"] == "rejected" else ""}
            for s in steps]
