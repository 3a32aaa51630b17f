"""What the home page shows, in the reader's language: a driver's contract at a glance, a manager's rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from leasedash import routes, styles
from leasedash.domain.projection import ContractProjection
from leasedash.i18n import format_date, format_km, format_money, plural, translate
from leasedash.services.contract_view import ContractRow, ContractView


@dataclass(frozen=True)
class Glance:
    """A driver's contract at a glance; `shown` is False until a contract is open."""

    shown: bool = False
    title: str = ""
    car: str = ""
    rent: str = ""
    what_if: str = ""
    grid: str = ""
    end_of_lease: str = ""
    status: str = ""
    has_projection: bool = False
    months: str = ""
    months_left: str = ""
    months_pct: int = 0
    km: str = ""
    km_detail: str = ""
    pace: str = ""
    pace_detail: str = ""
    plan_text: str = ""
    settlement: str = ""
    settlement_color: str = styles.NEUTRAL
    explanation: str = ""
    suggestion: str = ""


@dataclass(frozen=True)
class ContractLine:
    """One row of a manager's contract list."""

    reference: str
    driver: str
    car: str
    plate: str
    product: str
    rent: str
    ends: str
    status: str
    active: bool
    what_if: str
    grid: str
    edit: str
    end_of_lease: str


def contract_line(row: ContractRow, lang: str) -> ContractLine:
    """A row of the contract list, formatted for the reader."""
    return ContractLine(row.reference, row.driver, row.car, row.plate, row.product, format_money(row.monthly_rent, lang),
                        format_date(row.end_date, lang), translate(f"status.{row.status}", lang), row.status == "active",
                        routes.what_if(row.contract_id), routes.grid(row.contract_id), routes.my_contract(row.contract_id),
                        routes.end_of_lease(row.contract_id))


def glance_of(view: ContractView | None, lang: str) -> Glance:
    """The contract, its pace and where it is heading, formatted for the reader."""
    if view is None:
        return Glance()
    status = "" if view.status == "active" else translate("home.not_active", lang, status=translate(f"status.{view.status}", lang))
    shown = Glance(shown=True, title=f"{view.reference} · {view.product_name}", car=f"{view.car} · {view.plate}",
                   rent=format_money(view.monthly_rent, lang), what_if=routes.what_if(view.contract_id),
                   grid=routes.grid(view.contract_id), end_of_lease=routes.end_of_lease(view.contract_id), status=status)
    p = view.projection
    if p is None or view.reading_date is None:
        return shown
    return replace(
        shown, has_projection=True,
        months=plural("home.months", p.months_run, lang, total=view.months),
        months_left=plural("home.months_left", p.months_left, lang, end=format_date(view.end_date, lang)),
        months_pct=round(100 * p.months_run / view.months),
        km=format_km(p.km_driven, lang),
        km_detail=translate("home.km_detail", lang, driven=format_km(p.km_driven, lang), allowance=format_km(p.allowance_to_date, lang),
                            date=format_date(view.reading_date, lang)),
        pace=format_km(p.annual_pace, lang),
        pace_detail=translate("home.pace_detail", lang, pace=format_km(p.annual_pace, lang), ratio=f"{p.pace_ratio * 100:.0f} %",
                              projected=format_km(p.projected_km, lang)),
        plan_text=_plan_text(p, lang), suggestion=_suggestion(p, lang), **_settlement(p, lang),
    )


def _plan_text(p: ContractProjection, lang: str) -> str:
    if not p.off_plan:
        return translate("home.on_plan", lang)
    key = "home.off_plan_more" if p.pace_ratio > 1 else "home.off_plan_less"
    return translate(key, lang, pct=f"{abs(p.pace_ratio - 1) * 100:.0f} %")


def _settlement(p: ContractProjection, lang: str) -> dict[str, str]:
    if p.quote_needed or p.end_settlement is None:
        return {"settlement": translate("home.quote_needed", lang), "settlement_color": styles.WARNING, "explanation": ""}
    amount = p.end_settlement
    if amount > 0:
        text, color = translate("home.invoice", lang, amount=format_money(amount, lang)), styles.INVOICE
    elif amount < 0:
        text, color = translate("home.refund", lang, amount=format_money(-amount, lang)), styles.REFUND
    else:
        text, color = translate("home.nothing", lang), styles.NEUTRAL
    return {"settlement": text, "settlement_color": color, "explanation": p.end_result.steps[-1].explanations.get(lang, "")}


def _suggestion(p: ContractProjection, lang: str) -> str:
    s = p.suggestion
    if s is None:
        return ""
    if s.kind == "adapt":
        return translate("home.suggest_adapt", lang, km=format_km(s.new_annual_km, lang), rent=format_money(s.new_rent, lang),
                         now=format_money(s.settlement_now, lang), before=format_money(p.end_settlement or Decimal(0), lang),
                         after=format_money(s.settlement_at_end, lang))
    if s.kind == "set_aside":
        return translate("home.suggest_set_aside", lang, monthly=format_money(s.monthly_reserve, lang),
                         amount=format_money(p.end_settlement or Decimal(0), lang))
    return ""
