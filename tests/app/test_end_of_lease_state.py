"""The /end-of-lease state called directly: a driver sees their own contract's three paths as the service computes
them, a fleet manager opens their company's contracts only, a driver cannot answer a quote."""

from __future__ import annotations

from decimal import Decimal

from leasedash.i18n import format_money
from leasedash.pages.end_of_lease.state import EndOfLeaseState
from leasedash.services.auth import viewer_of
from leasedash.services.end_of_lease import decision


def _viewer(email: str):
    from sqlmodel import select

    from leasedash.db.models import User
    from leasedash.db.session import session_scope

    with session_scope() as s:
        return viewer_of(s.exec(select(User).where(User.email == email)).one())


def test_the_driver_sees_the_three_paths_of_their_contract(make_state, demo_contracts):
    own, _, _ = demo_contracts
    page = make_state(EndOfLeaseState, "driver@example.com")
    page.load()
    assert page.problem == "" and page.opened and page.contract_id == str(own.id)
    expected = {p["path"]: format_money(Decimal(p["total"]), "en") for p in decision(_viewer("driver@example.com"), own.id).as_json()["paths"]}
    assert {c.path: c.total for c in page.columns} == expected
    assert page.summary.verdict and len(page.assumptions) >= 6 and page.chart.data
    low, high, step = page.extension_bounds
    page.set_extension([high])
    assert page.extension == high and page.problem == ""
    page.answer_quote()
    assert page.problem != ""


def test_a_fleet_manager_opens_their_company_contracts_only(make_state, demo_contracts):
    _, colleague, stranger = demo_contracts
    page = make_state(EndOfLeaseState, "fleet@example.com")
    page.load()
    assert not page.opened
    page.choose_contract(str(stranger.id))
    assert page.problem == page.text("common.not_found") and not page.opened
    page.choose_contract(str(colleague.id))
    assert page.problem == "" and page.opened and page.summary.contract.startswith(colleague.reference)
