"""The operator's security settings: session lifetimes, the second factor, the throttling limits
(leasedash/data/security.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def security_settings() -> dict:
    """Session lifetime, second factor and throttling (leasedash/data/security.json)."""
    return json.loads(resources.files("leasedash.data").joinpath("security.json").read_text(encoding="utf-8"))
