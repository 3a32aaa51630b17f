"""/offers: car offers under the employer's mobility plan, compared, sent for approval, approved or rejected."""

from leasedash.pages.offers import views  # noqa: F401  (registers the route)
