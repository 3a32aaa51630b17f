"""Style tokens shared by every page: use these instead of literal colour names."""

import reflex as rx

ACCENT = "teal"
INVOICE = "tomato"
REFUND = "grass"
WARNING = "amber"
NEUTRAL = "gray"
MAX_WIDTH = "72rem"
PAGE_PADDING = rx.breakpoints(initial="1rem", md="2rem")
SECTION_GAP = "5"
CARD_GAP = "3"
RADIUS = "0.5rem"
