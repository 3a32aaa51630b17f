"""/mobility-plan: the fleet manager's mobility plan and car policy (seed 000)."""

from leasedash.pages.mobility_plan import views  # noqa: F401  (registers the route)
