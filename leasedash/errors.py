"""The one family of refusals leasedash raises: every error a user can meet derives from LeaseDashError,
so a page, the API and the CLI each answer them in one place."""

from __future__ import annotations


class LeaseDashError(Exception):
    """A refusal a user can act on (bad input, no access, a stale write); never a bug."""


class NotSignedIn(LeaseDashError):
    """No live session: the person must sign in again."""


class InvalidInput(LeaseDashError, ValueError):
    """Bad input: names the field that is wrong and why, in a sentence a user can act on; `code` picks the
    translated message (error.<code>) and `params` fill its placeholders."""

    def __init__(self, field: str, reason: str, code: str = "", params: dict[str, object] | None = None) -> None:
        self.field = field
        self.reason = reason
        self.code = code
        self.params = dict(params or {})
        super().__init__(f"{field}: {reason}")


class NotFound(LeaseDashError, LookupError):
    """The row does not exist, or the user may not see it (the two are not told apart)."""


class AccessDenied(LeaseDashError, PermissionError):
    """The user may see the row but not do this to it, or their role may not use this page."""


class StaleWrite(LeaseDashError, RuntimeError):
    """Someone else changed the row since the user read it: the write is refused, nothing is lost."""


class Throttled(LeaseDashError):
    """Too many attempts of one kind (leasedash/data/security.json "throttle"): refused until `retry_after`
    seconds have passed, which the message tells."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, int(-(-retry_after // 1)))
        super().__init__(f"too many attempts: try again in {self.retry_after} s")
