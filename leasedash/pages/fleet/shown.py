"""What the fleet page sends to the browser: its key figures, table rows and contracts to adapt, each already
written for the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from leasedash import routes, styles
from leasedash.i18n import format_date, format_km, format_money, format_number
from leasedash.services.fleet import Advice, FleetOverview, FleetRow


@dataclass(frozen=True)
class KpiCards:
    """The five key figures of the fleet and their lines of detail."""

    contracts: str = ""
    spend: str = ""
    invoices: str = ""
    net: str = ""
    refunds: str = ""
    quote: str = ""
    off_plan: str = ""
    off_share: str = ""
    ending: str = ""


@dataclass(frozen=True)
class TableRow:
    """One contract of the table as shown; `settlement_tone` is the colour of its projected settlement."""

    reference: str
    driver: str
    car: str
    product: str
    rent: str
    pace: str
    off_plan: bool
    projected: str
    settlement: str
    settlement_tone: str
    ends: str
    what_if: str


@dataclass(frozen=True)
class AdviceLine:
    """One contract to adapt now, and what adapting it would change; `what_if_change`: its what-if opened at that
    change ("" when its product allows none)."""

    contract_id: int
    reference: str
    driver: str
    text: str
    what_if: str
    what_if_change: str


def money(cents: int, lang: str) -> str:
    """An amount in cents written as euros for the reader."""
    return format_money(Decimal(cents) / 100, lang)


def kpi_cards(overview: FleetOverview, tr: dict[str, str], lang: str, counted: Callable[..., str]) -> KpiCards:
    """The key figures of a projected fleet; `counted` words a count in its plural form."""
    t = overview.totals
    return KpiCards(
        contracts=format_number(t.contracts, lang), spend=money(t.monthly_spend, lang), invoices=money(t.invoices, lang),
        net=tr["fleet.kpi_net"].format(amount=money(t.net, lang)), refunds=money(-t.refunds, lang),
        quote=counted("fleet.kpi_quote", t.quote_needed, number=format_number(t.quote_needed, lang)),
        off_plan=format_number(t.off_plan, lang), off_share=f"{100 * t.off_plan / max(t.contracts, 1):.0f} %",
        ending=format_number(overview.ending_soon, lang),
    )


def table_row(row: FleetRow, tr: dict[str, str], lang: str) -> TableRow:
    """One contract of the table."""
    label, settlement = row.label, row.settlement_cents
    tone = styles.WARNING if settlement is None else styles.INVOICE if settlement > 0 else styles.REFUND
    return TableRow(
        label.reference, label.driver, label.car, label.product, money(row.rent_cents, lang), f"{row.pace_ratio * 100:.0f} %",
        row.off_plan, format_km(row.projected_km, lang), tr["fleet.quote"] if settlement is None else money(settlement, lang),
        tone, format_date(label.end_date, lang), routes.what_if(row.contract_id),
    )


def advice_line(advice: Advice, tr: dict[str, str], lang: str) -> AdviceLine:
    """One contract to adapt now: the mileage to adapt to and the saving, or why it cannot change."""
    before = advice.settlement_cents
    if advice.new_annual_km is not None and advice.settlement_after_cents is not None:
        after = advice.settlement_after_cents
        text = tr["fleet.adapt_to"].format(km=format_km(advice.new_annual_km, lang), before=money(before, lang),
                                           after=money(after, lang), saving=money(before - after, lang))
    else:
        text = tr["fleet.no_adapt"].format(product=advice.label.product, amount=money(before, lang))
    change = routes.what_if(advice.contract_id, advice.new_annual_km) if advice.new_annual_km is not None else ""
    return AdviceLine(advice.contract_id, advice.label.reference, advice.label.driver, text, routes.what_if(advice.contract_id), change)
