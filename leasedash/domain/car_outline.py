"""The top view of a car the inspection page draws and the report prints: each part of the outline as a
rectangle (x, y, width, height) in a 240 × 390 view, front at the top."""

VIEW = (240, 390)

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
