"""The page of an address the app does not have: inside the app's frame, in the reader's language, with a way home and back."""

from leasedash.pages.not_found import views  # noqa: F401  (registers the route)
