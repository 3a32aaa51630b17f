"""A top view of a car whose parts are clicked to record where a damage is."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.domain.car_outline import OUTLINE, VIEW


def car_outline(selected, marks, on_select) -> rx.Component:
    """Every part a clickable shape: accent when selected, invoice colour with a chargeable damage, warning colour with an acceptable one."""
    shapes = []
    for part, (x, y, w, h) in OUTLINE.items():
        mark = marks[part].to(str)
        fill = rx.cond(selected == part, rx.color(styles.ACCENT, 9),
                       rx.cond(mark == "chargeable", rx.color(styles.INVOICE, 8),
                               rx.cond(mark == "acceptable", rx.color(styles.WARNING, 7), rx.color(styles.NEUTRAL, 4))))
        shapes.append(rx.el.svg.rect(x=x, y=y, width=w, height=h, rx=4, fill=fill, stroke=rx.color(styles.NEUTRAL, 9), stroke_width=1,
                                     on_click=on_select(part), cursor="pointer", id=f"part-{part}"))
    return rx.el.svg(*shapes, view_box=f"0 0 {VIEW[0]} {VIEW[1]}", width="100%", max_width="260px", role="img", id="car-outline")
