"""/people: a fleet manager's drivers, an admin's companies and their people (issue 13, item 3)."""

from leasedash.pages.people import views  # noqa: F401  (registers the route)
