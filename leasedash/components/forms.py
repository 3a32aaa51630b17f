"""Form fields of the account pages: a label, the input and, under it, the refusal of its field."""

from __future__ import annotations

import reflex as rx

from reflex_components_radix.themes.typography.text import Text

from leasedash import styles
from leasedash.components.problems import field_problem
from leasedash.state import AppState


class _Label(Text):
    """Radix Themes' text as a <label>: rx.text(as_="label", html_for=...) puts html_for in its style, not on the tag."""

    html_for: rx.Var[str]


def label_text(*children, html_for, **props) -> rx.Component:
    """A label (styled as rx.text) tied to the control whose id is `html_for`: clicking it focuses the control and it
    names the control for screen readers."""
    return _Label.create(*children, as_="label", html_for=html_for, **props)


def named_upload(name, *children, **props) -> rx.Component:
    """rx.upload whose file input (hidden from the eye, not from screen readers) is named `name`, its drop zone's text."""
    upload = rx.upload(*children, **props)
    pending = [upload]
    while pending:
        part = pending.pop()
        if part.tag == "input":
            part.custom_attrs["aria-label"] = name
            return upload
        pending.extend(child for child in part.children if isinstance(child, rx.Component))
    raise ValueError("rx.upload drew no file input")


def labelled(key: str, name: str, control: rx.Component) -> rx.Component:
    """The translated label `key` above `control` (whose id is `name`), and the refusal of field `name` under it."""
    return rx.vstack(label_text(AppState.tr[key], size="2", weight="medium", html_for=name), control, field_problem(name),
                     spacing="1", width="100%")


def text_field(key: str, name: str, kind: str = "text", autocomplete: str = "", required: bool = True) -> rx.Component:
    """A labelled input sent with its form under `name`."""
    return labelled(key, name, rx.input(id=name, name=name, type=kind, autocomplete=autocomplete or "off", required=required,
                                        width="100%", size="3"))


def hinted_input(key: str, **props) -> rx.Component:
    """An input whose visible label is its placeholder `key`: the same text names it for screen readers, and stays its
    name once something is typed."""
    return rx.input(placeholder=AppState.tr[key], aria_label=AppState.tr[key], **props)


def language_field(key: str = "signup.language", name: str = "language") -> rx.Component:
    """The language of the person's e-mails and pages, the reader's own by default."""
    return labelled(key, name, rx.select.root(
        rx.select.trigger(id=name, width="100%"),
        rx.select.content(rx.select.item("Français", value="fr"), rx.select.item("Nederlands", value="nl"),
                          rx.select.item("English", value="en")),
        name=name, default_value=AppState.lang, key=AppState.lang, size="3"))


def rule_problems(texts) -> rx.Component:
    """The rules of seed 000 a password breaks, one line each."""
    return rx.foreach(texts, lambda t: rx.text(t, color=rx.color(styles.WARNING, 11), size="2", role="alert", class_name="password-problem"))


def centred_card(*children: rx.Component) -> rx.Component:
    """The narrow card of the pages one reaches without a session."""
    return rx.center(rx.card(rx.vstack(*children, spacing="3", width="100%"), size="4", width="100%", max_width="30rem"),
                     width="100%", padding_top="6vh")
