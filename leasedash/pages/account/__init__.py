"""/login, /account and /tokens: signing in, one's own password, personal API tokens."""

from leasedash.pages.account import views  # noqa: F401  (registers the routes)
