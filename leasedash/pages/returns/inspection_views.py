"""/returns/inspection?id=N: the facts, the checklist, damages picked on the car outline and judged against the
norm, photos, the statement with its waterfall, the repair advice, the comparison with the self-check,
signatures, disputes and the report."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.car_outline import car_outline
from leasedash.components.confirm import confirmed
from leasedash.components.forms import hinted_input, label_text, named_upload
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem, refused_drop
from leasedash.pages.returns.inputs import GLASS
from leasedash.pages.returns.inspection_state import MAX_PHOTOS, InspectionState
from leasedash.pages.returns.records import DamageRow, LineRow
from leasedash.services.uploads import max_upload_bytes
from leasedash.state import AppState

S = InspectionState
ACCEPT = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/pdf": [".pdf"]}


def _fact(label: str, name: str, short: str, value, kind: str = "text") -> rx.Component:
    return rx.vstack(
        label_text(AppState.tr[label], size="2", html_for=f"fact-{short}"),
        rx.input(name=name, default_value=value, type=kind, id=f"fact-{short}", width="100%", key=f"{name}-" + S.version.to_string()),
        field_problem(name), spacing="1", width="100%")


def _facts() -> rx.Component:
    f = S.facts
    return rx.card(rx.form(rx.vstack(
        rx.heading(AppState.tr["inspect.facts"], size="4", as_="h2"),
        rx.grid(_fact("inspect.date", "inspection_date", "date", f.inspection_date.to(str), "date"), _fact("inspect.place", "place", "place", f.place),
                _fact("inspect.odometer", "odometer_km", "odometer", f.odometer_km.to_string(), "number"),
                _fact("inspect.energy", "energy_percent", "energy", f.energy_percent.to_string(), "number"),
                _fact("inspect.range", "range_km", "range", f.range_km.to_string(), "number"),
                columns=rx.breakpoints(initial="1", sm="2", md="5"), spacing="3", width="100%"),
        rx.hstack(rx.checkbox(AppState.tr["inspect.driver_present"], name="driver_present", default_checked=f.driver_present,
                              key="dp-" + S.version.to_string()),
                  rx.checkbox(AppState.tr["inspect.loss_of_value"], name="apply_loss_of_value", default_checked=f.apply_loss_of_value,
                              key="lov-" + S.version.to_string()),
                  spacing="4", wrap="wrap"),
        rx.button(AppState.tr["inspect.save"], type="submit", id="save-facts", disabled=S.frozen),
        spacing=styles.CARD_GAP, width="100%"), on_submit=S.save_facts, width="100%"), width="100%")


def _checklist() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["inspect.checklist"], size="4", as_="h2"),
        rx.grid(rx.foreach(S.checklist, lambda c: rx.checkbox(c.label, checked=c.present, on_change=lambda v: S.toggle_item(c.name, v),
                                                             disabled=S.frozen)),
                columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="2", width="100%"),
        spacing=styles.CARD_GAP, width="100%"), width="100%")


def _size(label: str, name: str, short: str) -> rx.Component:
    return rx.vstack(label_text(AppState.tr[label], size="1", html_for=f"damage-{short}"),
                     rx.input(name=name, default_value="", inputmode="decimal", width="7rem", id=f"damage-{short}"),
                     field_problem(name), spacing="1")


def _damage_form() -> rx.Component:
    return rx.card(rx.grid(
        rx.vstack(rx.text(AppState.tr["inspect.outline"], size="2", weight="medium"),
                  car_outline(S.part, S.marks, S.select_part), align="center", spacing="2"),
        rx.form(rx.vstack(
            label_text(AppState.tr["inspect.part"], size="2", html_for="damage-part"),
            rx.select.root(rx.select.trigger(id="damage-part"),
                           rx.select.content(rx.foreach(S.part_options, lambda o: rx.select.item(o.label, value=o.value))),
                           value=S.part, on_change=S.select_part),
            label_text(AppState.tr["inspect.kind"], size="2", html_for="damage-kind"),
            rx.select.root(rx.select.trigger(id="damage-kind"),
                           rx.select.content(rx.foreach(S.kind_options, lambda o: rx.select.item(o.label, value=o.value))),
                           default_value="scratch", name="kind"),
            field_problem("kind"),
            rx.hstack(_size("inspect.length", "length_mm", "length"), _size("inspect.width", "width_mm", "width"),
                      _size("inspect.depth", "depth_mm", "depth"), _size("inspect.tread", "tread_mm", "tread"), spacing="3", wrap="wrap"),
            rx.checkbox(AppState.tr["inspect.paint_broken"], name="paint_broken", id="damage-paint"),
            rx.cond((S.part == GLASS[0]) | (S.part == GLASS[1]), _zone()),
            rx.button(rx.icon("plus", size=16), AppState.tr["inspect.add_damage"], " — ", S.part_label, type="submit",
                      id="add-damage", disabled=S.frozen),
            spacing="2", width="100%"), on_submit=S.add_damage, width="100%"),
        columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"), width="100%")


def _zone() -> rx.Component:
    return rx.radio_group.root(
        rx.hstack(*(part for zone in ("driver_view", "wiped_area") for part in (
            rx.radio_group.item(value=zone, id=f"zone-{zone}"),
            label_text(AppState.tr[f"inspect.zone.{zone}"], size="2", html_for=f"zone-{zone}"))), spacing="2", align="center"),
        default_value="wiped_area", name="zone")


def _damage_row(d: DamageRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(d.part, weight="medium"), rx.text(d.kind, " · ", d.size, size="1", color_scheme=styles.NEUTRAL), spacing="0")),
        rx.table.cell(rx.badge(d.verdict, color_scheme=rx.cond(d.acceptable, styles.REFUND, styles.INVOICE))),
        rx.table.cell(rx.text(d.rule, size="1")),
        rx.table.cell(rx.vstack(rx.text(d.method, size="2"), rx.text(d.cost, weight="medium"), spacing="0")),
        rx.table.cell(confirmed(rx.button(AppState.tr["inspect.remove"], size="1", variant="ghost", color_scheme=styles.INVOICE, disabled=S.frozen),
                                AppState.tr["confirm.remove_damage_title"], AppState.tr["confirm.remove_damage_text"], AppState.tr["inspect.remove"],
                                on_confirm=S.remove_damage(d.damage_id), action_id="confirm-remove-damage")),
    )


def _photos() -> rx.Component:
    return rx.hstack(
        rx.select.root(rx.select.trigger(id="photo-damage", aria_label=AppState.tr["inspect.damages"]),
                       rx.select.content(rx.foreach(S.damages, lambda d: rx.select.item(d.part + " · " + d.kind, value=d.damage_id.to_string()))),
                       value=S.photo_damage.to_string(), on_change=S.choose_photo_damage),
        named_upload(AppState.tr["inspect.photo"], rx.text(AppState.tr["inspect.photo"], size="2"), id="photo-upload", multiple=True, max_files=MAX_PHOTOS,
                  max_size=max_upload_bytes(), accept=ACCEPT, on_drop=S.upload_photo, disabled=S.frozen,
                  on_drop_rejected=refused_drop(ACCEPT, max_upload_bytes(), MAX_PHOTOS),
                  border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}", padding="0.5rem", border_radius=styles.RADIUS),
        field_problem("file"), spacing="3", align="center", wrap="wrap")


def _damages() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["inspect.damages"], size="4", as_="h2"),
        rx.table.root(rx.table.body(rx.foreach(S.damages, _damage_row)), size="1", width="100%", id="damages-table"),
        rx.cond(S.damages.length() > 0, _photos()),
        rx.cond(S.photo_links.length() > 0, rx.hstack(rx.text(AppState.tr["inspect.photos"], size="2"),
                                                      rx.foreach(S.photo_links, lambda p: rx.link(p.label, href=p.url, is_external=True)),
                                                      spacing="2", wrap="wrap")),
        spacing=styles.CARD_GAP, width="100%"), width="100%")


def _line(line: LineRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(line.label, size="2"), rx.text(line.why, size="1", color_scheme=styles.NEUTRAL), spacing="0")),
        rx.table.cell(line.amount, text_align="right", white_space="nowrap"))


def _statement() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["inspect.statement"], size="4", as_="h2"),
        rx.grid(
            rx.table.root(rx.table.body(
                rx.foreach(S.statement_lines, _line),
                rx.table.row(rx.table.cell(rx.text(AppState.tr["inspect.total"], weight="bold")),
                             rx.table.cell(rx.text(S.total_text, weight="bold", id="statement-total"), text_align="right"))),
                size="1", id="statement-table"),
            rx.plotly(data=S.waterfall, use_resize_handler=True, width="100%", id="statement-waterfall"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        rx.text(S.age_text, size="1", color_scheme=styles.NEUTRAL),
        rx.cond(S.advice.length() > 0, rx.vstack(
            rx.heading(AppState.tr["inspect.advice"], size="3", as_="h3"),
            rx.foreach(S.advice, lambda a: rx.hstack(rx.text(a.what, weight="medium", size="2"), rx.text(a.now, size="2"), rx.text(a.later, size="2"),
                                                     rx.badge(a.verdict, color_scheme=rx.cond(a.repair_now, styles.REFUND, styles.ACCENT)),
                                                     spacing="3", wrap="wrap")),
            spacing="2", id="repair-advice")),
        rx.cond(S.comparison.length() > 0, rx.vstack(
            rx.heading(AppState.tr["inspect.compare"], size="3", as_="h3"), rx.foreach(S.comparison, lambda c: rx.text(c, size="2")), spacing="1")),
        spacing=styles.CARD_GAP, width="100%"), width="100%")


def _sign_and_dispute() -> rx.Component:
    """Sign while not locked (the inspector may withdraw signatures given so far); dispute or settle once locked."""
    return rx.hstack(
        rx.cond(~S.locked, rx.hstack(
            confirmed(rx.button(rx.icon("signature", size=16), AppState.tr["inspect.sign"], id="sign"), AppState.tr["confirm.sign_title"],
                      AppState.tr["confirm.sign_text"], AppState.tr["inspect.sign"], on_submit=S.sign, action_id="confirm-sign",
                      fields=(hinted_input("inspect.sign_name", name="name", id="sign-name", width="100%"),), color_scheme=styles.ACCENT),
            field_problem("name"), spacing="2", align="center")),
        rx.cond(S.locked, rx.form(rx.hstack(
            hinted_input("inspect.dispute_reason", name="reason", id="dispute-reason", width="16rem"),
            rx.button(AppState.tr["inspect.dispute"], type="submit", variant="soft", color_scheme=styles.WARNING, id="dispute"),
            field_problem("reason"), spacing="2", align="center"), on_submit=S.dispute)),
        rx.cond(AppState.is_manager & S.locked, rx.button(AppState.tr["inspect.settle"], on_click=S.settle, variant="soft", id="settle")),
        rx.cond(AppState.is_manager & (S.signed_text != ""), rx.form(rx.hstack(
            hinted_input("inspect.withdraw_reason", name="reason", id="withdraw-reason", width="18rem"),
            rx.button(AppState.tr["inspect.withdraw"], type="submit", variant="soft", color_scheme=styles.WARNING, id="withdraw"),
            field_problem("reason"), spacing="2", align="center"), on_submit=S.withdraw)),
        spacing="2", wrap="wrap")


def _signatures() -> rx.Component:
    return rx.card(rx.vstack(
        rx.foreach(S.signatures, lambda t: rx.text(t, size="2")),
        rx.cond(S.locked, rx.callout(AppState.tr["inspect.locked"], icon="lock", size="1")),
        rx.cond(S.self_check, rx.fragment(), _sign_and_dispute()),
        rx.cond(S.signed_text != "", rx.callout(S.signed_text, icon="pen-line", size="1", id="inspection-signed")),
        rx.hstack(
            rx.link(rx.button(rx.icon("file-text", size=16), AppState.tr["inspect.report"], variant="outline"), href=S.report_url,
                    is_external=True, id="report"),
            rx.link(rx.button(rx.icon("file", size=16), AppState.tr["inspect.report_plain"], variant="outline"), href=S.report_without_costs_url,
                    is_external=True, id="report-without-costs"),
            spacing="2", wrap="wrap"),
        rx.cond(S.history.length() > 0, rx.vstack(rx.text(AppState.tr["inspect.history"], weight="medium", size="2"),
                                                  rx.foreach(S.history, lambda h: rx.text(h, size="1")), spacing="1")),
        spacing=styles.CARD_GAP, width="100%"), width="100%")


@protected_page(routes.INSPECTION, "leasedash — inspection", on_load=[S.load])
def inspection_page() -> rx.Component:
    return rx.cond(S.loaded, rx.vstack(
        rx.hstack(rx.vstack(rx.heading(S.title, size="6"), rx.text(S.car_text, size="2", color_scheme=styles.NEUTRAL), spacing="1"),
                  rx.spacer(), rx.badge(S.status_text, size="3", id="inspection-status"), width="100%", align="center"),
        rx.cond(S.read_only_text != "", rx.callout(S.read_only_text, icon="info", size="1", id="inspection-read-only", width="100%")),
        _facts(), _checklist(), _damage_form(), _damages(), _statement(), _signatures(),
        spacing=styles.SECTION_GAP, width="100%"))
