"""/: a driver's contract at a glance; for a fleet manager or an admin, the contracts they manage."""

from leasedash.pages.home import views  # noqa: F401  (registers the route)
