"""The signed-in user's own account from the pages: signing in with the /login form and changing one's password on
/account, each in its own transaction, with what the browser sends bounded before any query."""

from __future__ import annotations

from leasedash.db.models import User
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.services.accounts import revoke_access
from leasedash.services.auth import SignIn, change_password, sign_in
from leasedash.services.passwords import too_long

MAX_EMAIL = 254


def sign_in_with(email: str, password: str, ip: str = "", user_agent: str = "") -> SignIn:
    """sign_in for the /login form, from the client's IP and browser; an address longer than an e-mail address can
    be, or a password longer than any that can be set, is wrong without a query."""
    if len(email) > MAX_EMAIL or too_long(password):
        return SignIn(error="wrong_credentials")
    with session_scope() as s:
        return sign_in(s, email, password, ip=ip, user_agent=user_agent)


def change_own_password(viewer: Viewer, current: str, new_password: str, keep_token: str = "") -> list[str]:
    """change_password for the signed-in user; the codes of the rules the new password breaks (then nothing is set).
    Once changed, every other session of theirs ends and their API tokens are revoked (issue 13, item 6): only the
    browser of `keep_token` stays signed in."""
    if too_long(current):
        return ["current_wrong"]
    if too_long(new_password):
        return ["too_long"]
    with session_scope() as s:
        problems = change_password(s, s.get(User, viewer.user_id), current, new_password)
        if not problems:
            revoke_access(s, viewer.user_id, "password", keep_token)
        return problems
