"""/fleet: a fleet manager's company (an admin's: every company) projected to the end of every contract."""

from leasedash.pages.fleet import views  # noqa: F401  (registers the route)
