"""How large a rent grid or a scenario document any product takes (leasedash/data/seed_products.json "limits"):
checked before anything is read cell by cell or event by event, so a refusal costs no more than a valid input."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class InputLimits:
    """At most `grid_durations` columns and `grid_mileages` rows in a grid, `grid_bytes` of grid text (JSON,
    CSV or a pasted table), `scenario_events` events in a scenario and `name_length` characters in a name."""

    grid_durations: int
    grid_mileages: int
    grid_bytes: int
    scenario_events: int
    name_length: int


@cache
def input_limits() -> InputLimits:
    """The limits of seed_products.json, read once."""
    raw = json.loads(resources.files("leasedash.data").joinpath("seed_products.json").read_text(encoding="utf-8"))["limits"]
    return InputLimits(**{k: int(v) for k, v in raw.items() if not k.startswith("_")})


def text_bytes(text: str) -> int:
    """The size of a text as it travels (UTF-8), a lone surrogate counted as the three bytes it takes."""
    return len(text.encode("utf-8", "surrogatepass"))
