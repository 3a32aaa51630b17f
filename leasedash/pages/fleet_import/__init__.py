"""/fleet-import: a fleet manager or an admin imports contracts, drivers and odometer readings from the lessor's
CSV or Excel export."""

from leasedash.pages.fleet_import import views  # noqa: F401  (registers the route)
