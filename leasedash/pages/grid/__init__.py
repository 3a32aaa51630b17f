"""/grid: the rent grid explorer and, for fleet managers and admins, grid import."""

from leasedash.pages.grid import views  # noqa: F401  (registers the route)
