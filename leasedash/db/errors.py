"""What the data layer refuses: the refusals of leasedash.errors, one root for every surface."""

from leasedash.errors import AccessDenied, NotFound, StaleWrite

__all__ = ["AccessDenied", "NotFound", "StaleWrite"]
