"""/password/forgot, /password/reset and /invitation: a forgotten password (seed 000) and an invitation's password."""

from leasedash.pages.password_reset import views  # noqa: F401  (registers the routes)
