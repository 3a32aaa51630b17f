"""The contract form of /my-contract: the product (a lessor's, or another lessor's rules), the terms as the contract
states them, the rent grid as the lessor prints it, and the car; each field's refusal under it."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.components.forms import label_text, named_upload
from leasedash.components.problems import field_problem, refused_drop
from leasedash.pages.my_contract.state import MyContractState as S
from leasedash.services.grid_view import MAX_UPLOAD_BYTES, UPLOAD_ACCEPT
from leasedash.state import AppState

FUELS = ("petrol", "diesel", "hybrid", "ev")
BODIES = ("car", "van")
TERMINATIONS = ("remaining_rents", "half_remaining_rents", "keurmerk", "grid")


def field(key: str, name: str, control: rx.Component) -> rx.Component:
    """A control under its translated label, its refusal under it."""
    return rx.vstack(label_text(AppState.tr[key], size="2", weight="medium", html_for=name), control, field_problem(name),
                     spacing="1", width="100%")


def text_input(key: str, name: str, kind: str = "text", **props) -> rx.Component:
    """A labelled input sent with the form under `name`, filled with the contract's value when one is open."""
    return field(key, name, rx.input(id=name, name=name, type=kind, default_value=S.defaults.get(name, ""), width="100%", **props))


def _choice(key: str, name: str, values: tuple[str, ...], prefix: str, default: str) -> rx.Component:
    return field(key, name, rx.select.root(
        rx.select.trigger(id=name, width="100%"),
        rx.select.content(*(rx.select.item(AppState.tr[f"{prefix}.{v}"], value=v) for v in values)),
        name=name, default_value=S.defaults.get(name, default)))


def _grid(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="4", width="100%")


def _section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.heading(AppState.tr[title_key], size="4", as_="h2"), *children, spacing=styles.CARD_GAP, width="100%")


def product_section() -> rx.Component:
    """The product the contract was signed under: one of the lessors' (seeds 001, 003, 004...) or another lessor's."""
    product = field("entry.product", "product", rx.select.root(
        rx.select.trigger(id="product", width="100%"),
        rx.select.content(rx.foreach(S.products, lambda p: rx.select.item(
            rx.cond(p.id == "other", AppState.tr["entry.other_lessor"], p.name), value=p.id))),
        value=S.product, on_change=S.set_product))
    rules = _grid(
        text_input("entry.product_name", "product_name"),
        field("entry.kind", "kind", rx.select.root(
            rx.select.trigger(id="kind", width="100%"),
            rx.select.content(rx.select.item(AppState.tr["entry.kind.fixed"], value="fixed"),
                              rx.select.item(AppState.tr["entry.kind.grid"], value="grid")),
            value=S.kind, on_change=S.set_kind)),
        _choice("entry.termination", "termination", TERMINATIONS, "entry.termination", "remaining_rents"),
        text_input("entry.excess_km_rate", "excess_km_rate", inputmode="decimal", placeholder="0,06"),
        text_input("entry.under_km_rate", "under_km_rate", inputmode="decimal", placeholder="0,06"),
        text_input("entry.min_billed_months", "min_billed_months", inputmode="numeric"),
        text_input("entry.keurmerk_percentage", "keurmerk_percentage", inputmode="decimal", placeholder="0,40"),
        text_input("entry.first_invoice_cutoff_day", "first_invoice_cutoff_day", inputmode="numeric"),
    )
    return _section("entry.product_title", product,
                    rx.cond(S.other_lessor, rx.vstack(rx.text(AppState.tr["entry.rules_help"], size="2", color_scheme=styles.NEUTRAL),
                                                      rules, width="100%", id="other-lessor-rules")))


def terms_section() -> rx.Component:
    """The terms as the contract states them."""
    driver = rx.cond(S.picks_driver, text_input("entry.driver_email", "driver_email", "email"))
    return _section("entry.terms_title", _grid(
        text_input("entry.reference", "reference"), driver,
        text_input("entry.start_date", "start_date", "date"),
        text_input("entry.months", "months", inputmode="numeric"),
        text_input("entry.annual_km", "annual_km", inputmode="numeric"),
        text_input("entry.monthly_rent", "monthly_rent", inputmode="decimal"),
        text_input("entry.delivery_km", "delivery_km", inputmode="numeric"),
    ))


def grid_section() -> rx.Component:
    """The rent grid as the lessor prints it (pasted or uploaded): required when the rent or the termination follows it."""
    return _section(
        "entry.grid_title",
        rx.text(rx.cond(S.needs_grid, AppState.tr["entry.grid_needed"], AppState.tr["entry.grid_optional"]), size="2",
                color_scheme=styles.NEUTRAL),
        rx.text_area(default_value=S.grid_text, name="grid_text", id="grid_text", key="grid-" + S.form_key.to_string() + "-" + S.grid_key.to_string(),
                     placeholder="Km annuel\t12 mo.\t18 mo.\n5.000\t1.349,88\t961,28", rows="6", width="100%", font_family="monospace",
                     aria_label=AppState.tr["entry.grid_title"]),
        field_problem("grid_text"),
        named_upload(AppState.tr["grid.import_upload"], rx.hstack(rx.icon("upload", size=16), rx.text(AppState.tr["grid.import_upload"], size="2"), spacing="2", align="center"),
                  id="entry-grid-upload", multiple=False, max_files=1, max_size=MAX_UPLOAD_BYTES,
                  accept=UPLOAD_ACCEPT, on_drop=S.upload_grid, on_drop_rejected=refused_drop(UPLOAD_ACCEPT, MAX_UPLOAD_BYTES),
                  border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}", padding="0.75rem", border_radius=styles.RADIUS, width="100%"),
        field_problem("file"),
    )


def car_section() -> rx.Component:
    """The car: make, model, plate, VIN, first registration, energy, car or van, catalogue value incl. VAT."""
    return _section("entry.car_title", _grid(
        text_input("entry.make", "make"), text_input("entry.model", "model"), text_input("entry.plate", "plate"),
        text_input("entry.vin", "vin"), text_input("entry.first_registration", "first_registration", "date"),
        _choice("entry.fuel", "fuel", FUELS, "fuel", "petrol"), _choice("entry.body", "body", BODIES, "entry.body", "car"),
        text_input("entry.catalogue_price", "catalogue_price", inputmode="decimal"),
    ))


def contract_form() -> rx.Component:
    """The whole form: nothing is stored until every field is right."""
    return rx.form(
        rx.vstack(
            product_section(), terms_section(), grid_section(), car_section(),
            rx.hstack(rx.button(rx.icon("save", size=16), AppState.tr["entry.save"], type="submit", size="3", id="entry-save"),
                      rx.cond(S.saved != "", rx.text(S.saved, color_scheme=styles.ACCENT, id="entry-saved")), align="center", spacing="3"),
            spacing="5", width="100%",
        ),
        on_submit=S.save, key="entry-form-" + S.form_key.to_string(), width="100%", id="contract-form",
    )
