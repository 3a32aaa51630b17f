"""/fleet drills down and acts (issue 15, item 9), its handlers called directly: a click on a bar or a point lists
exactly the contracts behind it, says so and can be cleared, without sending the charts again; a crafted click is
refused under the chart; "tell the driver" puts the change proposed in that contract's driver's notices only (once a
day), and is refused for a contract outside the manager's company, to a driver, and for arguments that are no id."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from sqlmodel import Session, select

from leasedash import styles
from leasedash.charts.fleet_charts import pace_band
from leasedash.db.models import Contract, DocumentNotice, PaceNotice, User
from leasedash.db.session import get_engine
from leasedash.i18n import catalog
from leasedash.pages.fleet.advice import FleetAdviceState
from leasedash.pages.fleet.charts import FleetChartsState
from leasedash.pages.fleet.drill import FleetDrillState
from leasedash.pages.fleet.state import FleetState
from leasedash.services.auth import viewer_of
from leasedash.services.pace_alerts import notices
from leasedash.services.portfolio import run_portfolio
from tests.app.test_fleet_state import _load

EN = catalog("en")


@pytest.fixture
def drill(make_state, demo_db_url) -> FleetDrillState:
    state = make_state(FleetDrillState, "fleet@example.com")
    _load(state)
    return state


def _click(state: FleetDrillState, chart: str, curve: int, index: int) -> None:
    """A click as rx.plotly sends it: the points under the pointer, each with its trace and index (and more)."""
    state.drill(chart, [{"x": 1.5, "y": 2, "curveNumber": curve, "pointNumber": index, "pointIndex": index, "markerColor": "#12a594"}])


def _bar(band_of_each: np.ndarray, at: int) -> tuple[int, int]:
    """The trace and index in it of the bar or point `at` (one trace a colour band, in order)."""
    band = int(band_of_each[at])
    return band, int(np.count_nonzero(band_of_each[:at] == band))


def test_a_click_on_a_pace_bar_lists_exactly_the_contracts_it_counts_and_can_be_cleared(drill):
    everything, charts = drill.total_rows, drill._overview.charts
    centres = (charts.pace_edges[:-1] + charts.pace_edges[1:]) / 2
    busiest = int(np.argmax(charts.pace_counts))
    assert 0 < charts.pace_counts[busiest] < everything
    _click(drill, "pace", *_bar(pace_band(centres), busiest))
    assert drill.problem == "" and drill.page == 0
    assert drill.total_rows == charts.pace_counts[busiest]
    low, high = busiest * 10, busiest * 10 + 10
    assert drill.drill_text == f"Filtered from the chart: contracts driven at {low}–{high} % of plan"
    assert all(low <= int(r.pace.removesuffix(" %")) <= high for r in drill.table)
    drill.clear_drill()
    assert drill.drill_text == "" and drill.total_rows == everything


def test_a_click_on_a_product_bar_lists_that_products_contracts_heading_for_an_invoice_or_a_refund(drill):
    run = run_portfolio(dt.date.today(), drill.viewer().company_id)
    settled = np.where(run.projection.quote_needed, 0, run.projection.settlement_cents)
    products = drill._overview.charts.products
    for curve, sign, tone, words in ((0, settled > 0, styles.INVOICE, "an invoice"), (1, settled < 0, styles.REFUND, "a refund")):
        group = next(i for i, g in enumerate(products) if (g.invoices, g.refunds)[curve] != 0)
        product = products[group]
        _click(drill, "products", curve, group)
        assert drill.total_rows == int(((run.contracts.product == run.product_ids.index(product.key)) & sign).sum()) > 0
        assert drill.drill_text == f"Filtered from the chart: {product.name}, heading for {words} at the end"
        assert {r.product for r in drill.table} == {product.name} and {r.settlement_tone for r in drill.table} == {tone}


def test_a_click_on_a_point_of_the_scatter_lists_that_one_contract(drill, demo_db_url):
    charts = drill._overview.charts
    at = len(charts.sample_ids) // 2
    _click(drill, "scatter", *_bar(pace_band(charts.sample_pace / charts.sample_contracted), at))
    with Session(get_engine(demo_db_url)) as s:
        reference = s.get(Contract, int(charts.sample_ids[at])).reference
    assert [r.reference for r in drill.table] == [reference] and drill.total_rows == 1
    assert drill.drill_text == f"Filtered from the chart: contract {reference}"


def test_a_click_on_a_month_of_the_endings_lists_the_contracts_ending_then_with_the_other_filters(drill):
    charts = drill._overview.charts
    month = int(np.argmax(charts.ending_counts))
    _click(drill, "ending", 0, month)
    assert drill.total_rows == charts.ending_counts[month] > 0
    year, number = map(int, charts.ending_months[month].split("-"))
    assert drill.drill_text == f"Filtered from the chart: contracts ending in {dt.date(year, number, 1):%B %Y}"
    drill.set_only_off_plan(True)
    assert drill.total_rows == sum(r.off_plan for r in drill.table) <= charts.ending_counts[month]
    assert drill.drill_text != ""


def test_a_drill_down_sends_the_table_and_its_text_but_not_the_charts(drill):
    root = drill._get_root_state()
    assert drill.kpis.contracts and FleetChartsState.get_full_name() in root.get_delta()
    root._clean()
    _click(drill, "ending", 0, int(np.argmax(drill._overview.charts.ending_counts)))
    delta = {state: {name.removesuffix("_rx_state_") for name in values} for state, values in root.get_delta().items()}
    assert {"table", "rows_text"} <= delta[FleetState.get_full_name()] and delta[FleetDrillState.get_full_name()] == {"drill_text"}
    assert FleetChartsState.get_full_name() not in delta


@pytest.mark.parametrize("chart, points", [
    ("spend", [{"curveNumber": 0, "pointIndex": 0}]),
    ("pace", [{"curveNumber": 3, "pointIndex": 0}]),
    ("pace", [{"curveNumber": 0, "pointIndex": 10**9}]),
    ("pace", [{"curveNumber": 0, "pointIndex": -1}]),
    ("pace", [{"curveNumber": True, "pointIndex": 0}]),
    ("makes", [{"curveNumber": "0", "pointIndex": 0}]),
    ("makes", [{"curveNumber": 0, "pointIndex": 1.0}]),
    ("ending", [{"curveNumber": 0}]),
    ("scatter", []),
    ("__class__", [{"curveNumber": 0, "pointIndex": 0}]),
])
def test_a_crafted_click_is_refused_under_the_chart_and_filters_nothing(drill, chart, points):
    everything = drill.total_rows
    drill.drill(chart, points)
    assert drill.field_problems == {"chart": EN["error.fleet_drill"]}
    assert drill.total_rows == everything and drill.drill_text == ""


def test_points_that_are_not_a_list_of_points_are_refused_by_the_gate(drill):
    everything = drill.total_rows
    for points in ("pace", {"curveNumber": 0, "pointIndex": 0}, [0, 1], None):
        drill.drill("pace", points)
        assert "points" in drill.field_problems and drill.total_rows == everything


# "tell the driver": writes notices, so on the module's own demo database


def _advised(state: FleetAdviceState):
    """The contracts to adapt above a threshold of €0, the first one with a change to propose."""
    state.set_threshold("0")
    return next(a for a in state._advice if a.new_annual_km is not None)


def _notices_of(url: str, contract_id: int) -> list[PaceNotice]:
    with Session(get_engine(url)) as s:
        return list(s.exec(select(PaceNotice).where(PaceNotice.contract_id == contract_id)))


def test_telling_the_driver_puts_the_change_proposed_in_that_drivers_notices_only(own_state, own_demo):
    url = own_demo[0]
    manager = own_state(FleetAdviceState, "fleet@example.com")
    _load(manager)
    advice = _advised(manager)
    line = next(a for a in manager.advice if a.contract_id == advice.contract_id)
    assert line.what_if_change == f"/what-if?contract={advice.contract_id}&km={advice.new_annual_km}"
    before = _notices_of(url, advice.contract_id)
    manager.tell_driver(advice.contract_id)
    assert manager.problem == "" and manager.told.startswith(f"{advice.label.driver} has a notice about {advice.label.reference}")
    new = [n for n in _notices_of(url, advice.contract_id) if n.id not in {b.id for b in before}]
    with Session(get_engine(url)) as s:
        contract = s.get(Contract, advice.contract_id)
        driver = s.get(User, contract.driver_id)
        mail = s.exec(select(DocumentNotice).where(DocumentNotice.user_id == driver.id).order_by(DocumentNotice.id.desc())).first()
    assert [(n.user_id, n.proposed, n.adapt_km) for n in new] == [(driver.id, True, advice.new_annual_km)]
    assert new[0].adapt_end == Decimal(advice.settlement_after_cents) / 100
    text = notices(viewer_of(driver), "fr")[0].text
    assert text.startswith(f"{advice.label.reference} : votre gestionnaire de flotte vous propose un changement")
    assert mail.link == f"/what-if?contract={advice.contract_id}&km={advice.new_annual_km}"
    assert mail.title == notices(viewer_of(driver), driver.language)[0].text[:200]
    manager.tell_driver(advice.contract_id)
    assert manager.told == f"{advice.label.driver} was already told about {advice.label.reference} in the last 24 hours."
    assert len(_notices_of(url, advice.contract_id)) == len(before) + 1


def test_telling_a_driver_outside_the_managers_company_or_with_a_crafted_id_is_refused(own_state, own_demo):
    url = own_demo[0]
    with Session(get_engine(url)) as s:
        manager_company = s.exec(select(User).where(User.email == "fleet@example.com")).one().company_id
        stranger = s.exec(select(Contract).where(Contract.company_id != manager_company, Contract.status == "active")).first()
        total = len(s.exec(select(PaceNotice)).all())
    manager = own_state(FleetAdviceState, "fleet@example.com")
    manager.tell_driver(stranger.id)
    assert manager.problem == EN["common.not_found"] and manager.told == ""
    for crafted in ("abc", "-1", -1, 0, 2**31, "1e300000", [stranger.id], {"id": stranger.id}, True, 1.5):
        manager.tell_driver(crafted)
        assert manager.problem != "" and manager.told == "", crafted
    driver = own_state(FleetAdviceState, "driver@example.com")
    driver.tell_driver(stranger.id)
    assert driver.problem == EN["common.not_allowed"]
    with Session(get_engine(url)) as s:
        assert len(s.exec(select(PaceNotice)).all()) == total
