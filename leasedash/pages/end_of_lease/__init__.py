"""/end-of-lease: return at term, extend or buy out, side by side with what each costs (issue 18)."""

from leasedash.pages.end_of_lease import views  # noqa: F401  (registers the route)
