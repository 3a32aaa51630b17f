"""The seed lessors' products, kept as data (leasedash/data/seed_products.json), not as code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.scenario import GRID, Product, parse_product


@dataclass(frozen=True)
class CatalogueEntry:
    """A product as a lessor sells it: its rule set, the grid it came with (003's own), the axes its
    grids are priced on, its return settings, and the seed's worked examples."""

    code: str
    lessor: str
    seed: str
    country: str
    rules: dict[str, Any]
    grid: dict[str, Any] | None
    pricing_axes: dict[str, list[int]]
    settings: dict[str, str]
    examples: tuple[dict[str, Any], ...] = ()

    @property
    def name(self) -> str:
        return self.rules["name"]

    @property
    def kind(self) -> str:
        return self.rules["kind"]

    def scenario_product(self, grid: dict[str, Any] | None = None) -> dict[str, Any]:
        """The product of a scenario document: these rules with `grid` (else the seed's own grid)."""
        chosen = grid if grid is not None else self.grid
        return {**self.rules, **({"grid": chosen} if chosen is not None else {})}

    def product(self, grid: dict[str, Any] | None = None) -> Product:
        """The validated rule set with a grid."""
        return parse_product(self.scenario_product(grid), f"seed_products.{self.code}")

    def example_scenario(self, index: int) -> dict[str, Any]:
        """The seed's worked example `index` as a scenario document for this product."""
        example = self.examples[index]
        return {"product": self.scenario_product(), "contract": example["contract"], "events": example["events"]}


@cache
def seed_products() -> dict[str, CatalogueEntry]:
    """Every seed product by code; the ones that came with a grid are validated with it."""
    raw = json.loads(resources.files("leasedash.data").joinpath("seed_products.json").read_text(encoding="utf-8"))
    entries = {}
    for p in raw["products"]:
        rules = {k: v for k, v in p["product"].items() if k != "grid"}
        entry = CatalogueEntry(
            p["code"], p["lessor"], p["seed"], p["country"], rules, p["product"].get("grid"),
            p["pricing_axes"], p.get("settings", {}), tuple(p.get("examples", ())),
        )
        if entry.grid is not None or entry.kind != GRID:
            entry.product()
        entries[entry.code] = entry
    return entries
