"""The home page: what leasedash does, and the seeds' worked examples computed by the engine."""

from __future__ import annotations

import reflex as rx

from leasedash import routes
from leasedash.components.layout import page
from leasedash.domain import simulate_document
from leasedash.domain.catalogue import seed_products
from leasedash.domain.explain import eur

_FEATURES = (
    ("calculator", "Simulate a change", "More or fewer kilometres, a longer or shorter contract, an early return: the new rent and the invoice or refund, before you ask."),
    ("chart-no-axes-combined", "See the whole fleet", "Who drives above or below plan, what it will cost at the end, which contracts to adapt now."),
    ("clipboard-check", "Return the car without surprises", "Damages judged against the wear-and-tear norm, the return insurance and the final statement."),
)


def _worked_examples() -> list[dict[str, str]]:
    rows = []
    for entry in seed_products().values():
        for i, example in enumerate(entry.examples):
            result = simulate_document(entry.example_scenario(i))
            rows.append(
                {
                    "product": entry.name,
                    "seed": entry.seed,
                    "title": example["title"]["en"],
                    "rent": eur(result.monthly_rent, "en"),
                    "settlement": eur(result.total_settlement, "en"),
                    "explanation": result.steps[-1].explanations["en"],
                }
            )
    return rows


def _feature(icon: str, title: str, text: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=28, color=rx.color("teal", 10)),
            rx.heading(title, size="4"),
            rx.text(text, color_scheme="gray", size="2"),
            spacing="2",
        ),
        size="3",
        width="100%",
    )


def _example_row(row: dict[str, str]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row["title"], weight="medium"), rx.text(f"{row['product']} · seed {row['seed']}", size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(row["rent"], white_space="nowrap"),
        rx.table.cell(rx.text(row["settlement"], weight="bold"), white_space="nowrap"),
        rx.table.cell(rx.text(row["explanation"], size="2")),
    )


@rx.page(route=routes.HOME, title="leasedash — understand your car lease")
def index() -> rx.Component:
    """Product name, what it does, and the seed lessors' worked examples to the cent."""
    return page(
        rx.vstack(
            rx.heading("leasedash", size="9", weight="bold", id="product-name"),
            rx.text(
                "What your car lease costs, what changing it would cost, and what handing the car back will cost.",
                size="5",
                color_scheme="gray",
            ),
            spacing="3",
            padding_y="2rem",
        ),
        rx.grid(*(_feature(*f) for f in _FEATURES), columns=rx.breakpoints(initial="1", md="3"), spacing="4", width="100%"),
        rx.heading("The lessors' own worked examples, computed by leasedash", size="5"),
        rx.card(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Example"),
                        rx.table.column_header_cell("New rent"),
                        rx.table.column_header_cell("Settlement"),
                        rx.table.column_header_cell("Why"),
                    )
                ),
                rx.table.body(*(_example_row(r) for r in _worked_examples())),
                variant="ghost",
                id="worked-examples",
            ),
            width="100%",
            overflow_x="auto",
        ),
    )
