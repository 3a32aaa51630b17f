"""/requests: service requests (seed 002), the queue with its 48-working-hour deadlines, the public holidays."""

from leasedash.pages.requests import views  # noqa: F401  (registers the route)
