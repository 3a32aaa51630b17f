"""A top view of a car whose parts are picked to record where a damage is: each part a button, named in the reader's
language, reached with Tab and chosen with a click, Enter or Space."""

from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

from leasedash import styles
from leasedash.domain.car_outline import OUTLINE, VIEW
from leasedash.state import AppState

# A part is an SVG shape, not an HTML button: Enter or Space on it clicks it, as they would a button. Reflex gives SVG
# elements no key trigger, so the outline listens with a plain React handler that stays in the browser.
_KEY_CLICKS = FunctionStringVar.create(
    "(event) => { if ((event.key === 'Enter' || event.key === ' ') && event.target.getAttribute('role') === 'button') {"
    " event.preventDefault(); event.target.dispatchEvent(new MouseEvent('click', {bubbles: true})); } }")


def _name(part: str, mark):
    """The part's name, then what was recorded on it."""
    said = rx.cond(mark == "chargeable", ", " + AppState.tr["inspect.chargeable"].to(str),
                   rx.cond(mark == "acceptable", ", " + AppState.tr["inspect.acceptable"].to(str), ""))
    return AppState.tr[f"part.{part}"].to(str) + said


def car_outline(selected, marks, on_select) -> rx.Component:
    """Every part a button: accent when selected (pressed), invoice colour with a chargeable damage, warning colour
    with an acceptable one."""
    shapes = []
    for part, (x, y, w, h) in OUTLINE.items():
        mark = marks[part].to(str)
        fill = rx.cond(selected == part, rx.color(styles.ACCENT, 9),
                       rx.cond(mark == "chargeable", rx.color(styles.INVOICE, 8),
                               rx.cond(mark == "acceptable", rx.color(styles.WARNING, 7), rx.color(styles.NEUTRAL, 4))))
        shapes.append(rx.el.svg.rect(x=x, y=y, width=w, height=h, rx=4, fill=fill, stroke=rx.color(styles.NEUTRAL, 9), stroke_width=1,
                                     on_click=on_select(part), role="button", tab_index=0,
                                     aria_label=_name(part, mark), aria_pressed=rx.cond(selected == part, "true", "false"),
                                     cursor="pointer", class_name="outline-part", id=f"part-{part}"))
    return rx.el.svg(*shapes, view_box=f"0 0 {VIEW[0]} {VIEW[1]}", width="100%", max_width="260px", role="group",
                     aria_label=AppState.tr["inspect.part"], custom_attrs={"onKeyDown": _KEY_CLICKS}, id="car-outline")
