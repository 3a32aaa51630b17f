"""Style tokens shared by every page."""

import reflex as rx

ACCENT = "teal"
MAX_WIDTH = "72rem"
PAGE_PADDING = rx.breakpoints(initial="1rem", md="2rem")
