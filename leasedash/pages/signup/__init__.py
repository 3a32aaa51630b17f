"""/signup and /signup/confirm: a private lessee makes their own account and confirms their address."""

from leasedash.pages.signup import views  # noqa: F401  (registers the routes)
