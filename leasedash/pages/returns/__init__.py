"""/returns, /returns/inspection and /returns/rules: the inspections, one inspection, the rules and prices."""

from leasedash.pages.returns import inspection_views, views  # noqa: F401  (each registers its routes)
