"""/what-if: the sliders of a contract's what-if and the live answer, kept and saved scenarios."""

from leasedash.pages.what_if import views  # noqa: F401  (registers the route)
