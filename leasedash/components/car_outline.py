"""A top view of a car whose parts are clicked to record where a damage is."""

from __future__ import annotations

import reflex as rx

from leasedash import styles

# part: (x, y, width, height) in a 240 x 400 view, front at the top
OUTLINE: dict[str, tuple[int, int, int, int]] = {
    "bumper_front": (60, 8, 120, 18), "headlight_left": (62, 28, 30, 10), "headlight_right": (148, 28, 30, 10),
    "bonnet": (60, 40, 120, 70), "windscreen": (66, 112, 108, 34), "roof": (66, 148, 108, 116), "rear_window": (66, 266, 108, 28),
    "tailgate": (60, 296, 120, 50), "taillight_left": (62, 348, 30, 10), "taillight_right": (148, 348, 30, 10), "bumper_rear": (60, 362, 120, 18),
    "wing_front_left": (36, 40, 22, 70), "door_front_left": (36, 112, 22, 76), "door_rear_left": (36, 190, 22, 76), "wing_rear_left": (36, 268, 22, 78),
    "wing_front_right": (182, 40, 22, 70), "door_front_right": (182, 112, 22, 76), "door_rear_right": (182, 190, 22, 76), "wing_rear_right": (182, 268, 22, 78),
    "sill_left": (28, 112, 6, 154), "sill_right": (206, 112, 6, 154), "mirror_left": (10, 124, 24, 12), "mirror_right": (206, 124, 24, 12),
    "tyre_front_left": (12, 54, 22, 46), "tyre_front_right": (206, 54, 22, 46), "tyre_rear_left": (12, 284, 22, 46), "tyre_rear_right": (206, 284, 22, 46),
    "wheel_front_left": (17, 64, 12, 26), "wheel_front_right": (211, 64, 12, 26), "wheel_rear_left": (17, 294, 12, 26), "wheel_rear_right": (211, 294, 12, 26),
}


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
    return rx.el.svg(*shapes, view_box="0 0 240 390", width="100%", max_width="260px", role="img", id="car-outline")
