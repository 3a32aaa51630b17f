"""/my-contract: a lessee's own contracts (the one every page shows picked here) and the form that enters one."""

from leasedash.pages.my_contract import views  # noqa: F401  (registers the route)
