"""Route constants, one place."""

HOME = "/"
