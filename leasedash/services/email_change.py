"""Changing one's own e-mail address (issue 13, item 8): asked on /account with the password, confirmed by a one-time
link sent to the new address (account_token of kind "email", valid accounts.json "token_hours"); the old address
signs in until the link is followed, and asking again replaces the earlier link. E-mails to one address and from one
IP are throttled (security.json "email_change")."""

from __future__ import annotations

import logging
from concurrent.futures import Future

from sqlmodel import select

from leasedash.db.accounts import drop_tokens, issue_token, redeem_token
from leasedash.db.models import User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain.person_fields import email_address
from leasedash.errors import InvalidInput
from leasedash.services.account_mail import deliver_later
from leasedash.services.accounts import development_database
from leasedash.services.auth import confirm_own_password
from leasedash.services.throttle import check_and_count

log = logging.getLogger("leasedash.accounts")


def _taken(session, address: str, user_id: int) -> bool:
    return session.exec(select(User.id).where(User.email == address, User.id != user_id)).first() is not None


def request_email_change(viewer: Viewer, new_email: str, password: str, ip: str = "") -> Future:
    """Check the password and the new address (well formed, not the current one, no one else's), then e-mail a link
    to the new address in the person's language; the e-mail leaves in the background."""
    address = email_address(new_email, "new_email")
    check_and_count("email_change", address, ip)
    with session_scope() as s:
        user = s.get(User, viewer.user_id)
        confirm_own_password(s, user, password, ip)
        if address == user.email:
            raise InvalidInput("new_email", "this is your address already", code="email_same")
        if _taken(s, address, user.id):
            raise InvalidInput("new_email", "another account uses this address", code="email_taken")
        token = issue_token(s, user, "email", email=address)
        development = development_database(s)
        recipient = User(email=address, first_name=user.first_name, last_name=user.last_name, language=user.language)
    return deliver_later(recipient, "email", token, development)


def confirm_email_change(token: str) -> str:
    """Follow the link: the person's address becomes the one it was sent to (once; refused when the link is dead or
    the address was taken meanwhile); their other unused links end. Returns the new address."""
    with session_scope() as s:
        row = redeem_token(s, "email", token)
        if _taken(s, row.email, row.user_id):
            raise InvalidInput("token", "another account took this address meanwhile", code="email_taken")
        user = s.get(User, row.user_id)
        user.email = row.email
        drop_tokens(s, user.id)
    log.info("user %s changed their e-mail address", row.user_id)
    return row.email
