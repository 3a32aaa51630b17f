"""What the fleet page's controls send, checked on the server: a refusal names its field, so that it is shown
under that control."""

from __future__ import annotations

import datetime as dt

from leasedash.domain.money import parse_amount
from leasedash.errors import InvalidInput
from leasedash.services.fleet import SORTS
from leasedash.services.portfolio import Named

MAX_SEARCH = 100


def choice(value: str, options: list[Named], field: str) -> str:
    """"" for "all", else the id of one of `options`."""
    if value == "all":
        return ""
    if value not in {str(o.id) for o in options}:
        raise InvalidInput(field, f"{value!r} is not one of the list", code="fleet_choice")
    return value


def sort(value: str) -> str:
    """One of the table's sorts."""
    if value not in SORTS:
        raise InvalidInput("sort", f"{value!r} is not one of the list", code="fleet_choice")
    return value


def day(value: str) -> dt.date:
    """The day the fleet is projected from, as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("as_of", f"{value!r} is not a date as YYYY-MM-DD", code="fleet_as_of") from None


def search(value: str) -> str:
    """A search of at most MAX_SEARCH characters."""
    if len(value) > MAX_SEARCH:
        raise InvalidInput("search", f"at most {MAX_SEARCH} characters", code="fleet_search", params={"length": MAX_SEARCH})
    return value


def threshold_cents(text: str) -> int:
    """A threshold typed in euros (empty: 0), in cents; an amount of at least 0."""
    try:
        amount = parse_amount(text or "0", "threshold")
    except InvalidInput:
        amount = None
    if amount is None or amount < 0:
        raise InvalidInput("threshold", f"{text!r} is not an amount of at least 0", code="fleet_threshold")
    return int(amount * 100)
