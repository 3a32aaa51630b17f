"""The UI's strings: one entry per message, its English, French and Dutch side by side
(leasedash/i18n/messages/, one module per part of the app)."""

from __future__ import annotations

from functools import cache

from leasedash.i18n.messages import fleet, grid, home, offers, requests, returns, shell, tokens, what_if

LANGUAGES = ("en", "fr", "nl")


def _merge(*modules) -> dict[str, tuple[str, str, str]]:
    merged: dict[str, tuple[str, str, str]] = {}
    for module in modules:
        clash = set(module.MESSAGES) & set(merged)
        if clash:
            raise ValueError(f"messages defined twice: {sorted(clash)}")
        merged.update(module.MESSAGES)
    return merged


MESSAGES = _merge(shell, home, grid, what_if, fleet, tokens, returns, offers, requests)


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message in one language (English when the language is unknown)."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: texts[index] for key, texts in MESSAGES.items()}


def translate(key: str, lang: str, **values: object) -> str:
    """One message in one language, with its placeholders filled."""
    text = catalog(lang).get(key, key)
    return text.format(**values) if values else text


def plural(key: str, count: int, lang: str, **values: object) -> str:
    """The form of a counted message for `count` ("1 month", "2 months"): entries `key#one` and `key#other`;
    `{count}` is filled with the count."""
    texts = catalog(lang)
    form = "one" if count == 1 or (lang == "fr" and count == 0) else "other"
    return texts[f"{key}#{form}"].format(count=count, **values)
