"""A personal API token for each demo account of the running app."""

from __future__ import annotations

import pytest
from sqlmodel import select

from leasedash.db.models import User
from leasedash.db.session import session_scope
from leasedash.services.api_tokens import create_token
from leasedash.services.auth import viewer_of

ACCOUNTS = ("driver@example.com", "fleet@example.com", "admin@example.com")


@pytest.fixture(scope="session")
def api_tokens(app_server) -> dict[str, str]:
    out = {}
    with session_scope(app_server.db_url) as s:
        for email in ACCOUNTS:
            user = s.exec(select(User).where(User.email == email)).one()
            out[email] = create_token(s, viewer_of(user), "tests")[0]
    return out
