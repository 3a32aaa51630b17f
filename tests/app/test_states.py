"""Page handlers called directly: every one checks the user and the role on the server, and
another user's ids find nothing."""

from __future__ import annotations

from sqlmodel import Session, select

from leasedash.db.models import Contract, User
from leasedash.db.session import get_engine
from leasedash.state import AppState


def _ids(url):
    with Session(get_engine(url)) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        own = s.exec(select(Contract).where(Contract.driver_id == driver.id)).one()
        same_company = s.exec(select(Contract).where(Contract.company_id == driver.company_id, Contract.id != own.id)).first()
        other_company = s.exec(select(Contract).where(Contract.company_id != driver.company_id)).first()
        return own, same_company, other_company


def _is_redirect_to_login(result) -> bool:
    return result is not None and "/login" in str(result)


def test_without_a_session_every_loader_sends_to_login(make_state):
    assert _is_redirect_to_login(make_state(AppState, None).require_sign_in())
