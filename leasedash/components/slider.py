"""A slider whose thumb is named by its label, for screen readers (rx.slider leaves the thumb without a name)."""

from __future__ import annotations

import reflex as rx
from reflex_components_radix.themes.components.slider import Slider


class LabelledSlider(Slider):
    """rx.slider's props and events, drawn by labelled_slider.jsx with `label` as every thumb's accessible name."""

    library = rx.asset("labelled_slider.jsx", shared=True).importable_path
    tag = "LabelledSlider"

    label: rx.Var[str]


labelled_slider = LabelledSlider.create
