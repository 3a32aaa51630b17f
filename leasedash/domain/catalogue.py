"""The seed lessors' products, kept as data (leasedash/data/seed_products.json), not as code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from leasedash.domain.scenario import Product, parse_product


@dataclass(frozen=True)
class CatalogueEntry:
    """A product as a lessor sells it: its code, lessor, seed and rule set."""

    code: str
    lessor: str
    seed: str
    country: str
    product: Product
    document: dict[str, Any]
    examples: tuple[dict[str, Any], ...] = ()

    def example_scenario(self, index: int) -> dict[str, Any]:
        """The seed's worked example `index` as a scenario document for this product."""
        example = self.examples[index]
        return {"product": self.document, "contract": example["contract"], "events": example["events"]}


@cache
def seed_products() -> dict[str, CatalogueEntry]:
    """Every seed product by code, validated like any scenario document's product."""
    raw = json.loads(resources.files("leasedash.data").joinpath("seed_products.json").read_text(encoding="utf-8"))
    return {
        p["code"]: CatalogueEntry(
            p["code"], p["lessor"], p["seed"], p["country"],
            parse_product(p["product"], f"seed_products.{p['code']}"), p["product"],
            tuple(p.get("examples", ())),
        )
        for p in raw["products"]
    }
