"""What the data layer refuses, each with a message a user can act on."""

from __future__ import annotations


class NotFound(LookupError):
    """The row does not exist, or the user may not see it (the two are not told apart)."""


class AccessDenied(PermissionError):
    """The user may see the row but not do this to it."""


class StaleWrite(RuntimeError):
    """Someone else changed the row since the user read it: the write is refused, nothing is lost."""
